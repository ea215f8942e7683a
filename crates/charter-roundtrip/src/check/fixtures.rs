//! The fixture check, driven by the files under `fixtures/<version>/`.
//!
//! For each valid fixture: (1) the contract type reads it and writes back equal JSON; (2) the
//! component schema in the emitted document accepts it; (3) the generated client's type reads it
//! and writes back equal JSON. For each invalid fixture: the contract type and the schema both
//! reject it, and a disagreement says which of them accepted it. (Clients are generated to read
//! leniently, so they are not asked to reject anything.)
//!
//! Fixtures of a folder the document or the registry lacks are skipped here: coverage and setup
//! already report those folders.

use crate::compare::first_difference;
use crate::harness::{Check, Report, Schema, Target};
use crate::layout::{Expectation, Fixture, FixtureSet};
use crate::validator::joined;

/// Checks every fixture of `target`'s version.
pub(crate) fn check(target: &Target<'_>, fixtures: &FixtureSet, report: &mut Report) {
    let version = &target.document.version;
    for fixture in fixtures.fixtures.iter().filter(|fixture| &fixture.version == version) {
        let Some(schema) = target.schema(&fixture.schema) else {
            continue;
        };
        report.fixtures += 1;
        let failures = match fixture.expectation {
            Expectation::Valid => valid(target, schema, fixture),
            Expectation::Invalid => invalid(target, schema, fixture),
        };
        for failure in failures {
            report.fail(Check::Fixture, failure);
        }
    }
}

fn valid(target: &Target<'_>, schema: &Schema<'_>, fixture: &Fixture) -> Vec<String> {
    let path = fixture.path.display();
    let value = &fixture.value;
    let rust_type = schema.named.rust_type;
    let mut failures = Vec::new();
    match (schema.named.round_trip)(value.clone()) {
        Ok(back) => {
            if let Some(difference) = first_difference(value, &back) {
                failures.push(format!(
                    "{path}: the contract type {rust_type} changes it on the way back: {difference}"
                ));
            }
        }
        Err(error) => {
            failures.push(format!("{path}: the contract type {rust_type} rejects it: {error}"));
        }
    }
    let violations = target.validators.violations(schema.name, value);
    if !violations.is_empty() {
        failures.push(format!(
            "{path}: the schema `{}` of {} rejects it: {}",
            schema.name,
            target.document.path.display(),
            joined(&violations)
        ));
    }
    let client = format!("the {} client's type `{}`", target.version.name, schema.name);
    match schema.client_round_trip(value.clone()) {
        None => {}
        Some(Ok(back)) => {
            if let Some(difference) = first_difference(value, &back) {
                failures.push(format!("{path}: {client} changes it on the way back: {difference}"));
            }
        }
        Some(Err(error)) => failures.push(format!("{path}: {client} rejects it: {error}")),
    }
    failures
}

fn invalid(target: &Target<'_>, schema: &Schema<'_>, fixture: &Fixture) -> Vec<String> {
    let path = fixture.path.display();
    let rust = (schema.named.round_trip)(fixture.value.clone());
    let violations = target.validators.violations(schema.name, &fixture.value);
    let rust_type = schema.named.rust_type;
    let in_document = format!("the schema `{}` of {}", schema.name, target.document.path.display());
    match (rust, violations.is_empty()) {
        (Err(_), false) => Vec::new(),
        (Ok(_), true) => vec![format!(
            "{path}: an invalid fixture, but both the contract type {rust_type} and {in_document} \
             accept it: fix the fixture, or both are too loose"
        )],
        (Ok(_), false) => vec![format!(
            "{path}: the contract type {rust_type} accepts it, but {in_document} rejects it ({}): \
             the type is looser than the document",
            joined(&violations)
        )],
        (Err(error), true) => vec![format!(
            "{path}: {in_document} accepts it, but the contract type {rust_type} rejects it \
             ({error}): the document is looser than the type"
        )],
    }
}
