//! Generated values: what the contract types can hold, the documents and clients must accept.
//!
//! For every component schema of every version, [`DEFAULT_CASES`] values come from the
//! registered type's `Arbitrary` impl ([`charter_contract::NamedSchema`]'s `values`, whose
//! strategies keep to each type's documented constraints and otherwise range over everything
//! the type can hold). Each value is written as JSON text and must (1) validate against the
//! schema in the emitted document, (2) read back into the contract type and be written again as
//! the same text, and (3) read into the generated client's type and write back equal JSON. A
//! failure is shrunk to a minimal value by proptest and reported with the type's name.
//!
//! The random source is seeded, so every run checks the same values; set `PROPTEST_CASES` to
//! check more.

use std::cell::Cell;

use charter_contract::strategies::Generated;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use serde_json::Value;

use crate::compare::first_difference;
use crate::harness::{Check, DEFAULT_CASES, Report, Schema, Target, ValuesChecked};
use crate::validator::joined;

/// The values per type: `PROPTEST_CASES` when set, else [`DEFAULT_CASES`].
pub(crate) fn cases() -> Result<u32, String> {
    match std::env::var("PROPTEST_CASES") {
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_CASES),
        Ok(text) => text.trim().parse().map_err(|_| {
            format!("PROPTEST_CASES=`{text}` is not a number of values; unset it or give one")
        }),
        Err(std::env::VarError::NotUnicode(text)) => {
            Err(format!("PROPTEST_CASES={text:?} is not a number of values; unset it or give one"))
        }
    }
}

/// Checks `cases` generated values of every registered type of `target`'s version.
pub(crate) fn check(target: &Target<'_>, cases: u32, report: &mut Report) {
    let version = &target.document.version;
    for schema in &target.schemas {
        let config = Config { cases, failure_persistence: None, ..Config::default() };
        let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
        let mut runner = TestRunner::new_with_rng(config, rng);
        let drawn = Cell::new(0_u32);
        let result = runner.run(&(schema.named.values)(), |generated| {
            drawn.set(drawn.get() + 1);
            one(target, schema, &generated).map_err(TestCaseError::fail)
        });
        let what = format!("{version} {} ({})", schema.name, schema.named.rust_type);
        match result {
            Ok(()) => report.values.push(ValuesChecked {
                version: version.clone(),
                schema: schema.name.to_owned(),
                values: cases,
            }),
            Err(TestError::Fail(reason, generated)) => report.fail(
                Check::Generated,
                format!(
                    "{what}: {reason}\n  minimal value: {}\n  as JSON: {}",
                    generated.debug,
                    generated.text.unwrap_or_else(|error| format!("(not serializable: {error})"))
                ),
            ),
            Err(TestError::Abort(reason)) => report.fail(
                Check::Generated,
                format!("{what}: the strategy gave up after {} values: {reason}", drawn.get()),
            ),
        }
    }
}

/// The three checks of one generated value; the first failure, explained.
fn one(target: &Target<'_>, schema: &Schema<'_>, generated: &Generated) -> Result<(), String> {
    let rust_type = schema.named.rust_type;
    let text = generated
        .text
        .as_deref()
        .map_err(|error| format!("the contract type cannot write it: {error}"))?;
    let json: Value =
        serde_json::from_str(text).map_err(|error| format!("written as invalid JSON: {error}"))?;
    let violations = target.validators.violations(schema.name, &json);
    if !violations.is_empty() {
        return Err(format!(
            "the schema `{}` of {} rejects it: {}",
            schema.name,
            target.document.path.display(),
            joined(&violations)
        ));
    }
    match (generated.reread)(text) {
        Ok(None) => {}
        Ok(Some(change)) => {
            return Err(format!("the contract type {rust_type} reads it back changed: {change}"));
        }
        Err(error) => {
            return Err(format!(
                "the contract type {rust_type} cannot read its own output: {error}"
            ));
        }
    }
    let client = format!("the {} client's type `{}`", target.version.name, schema.name);
    match schema.client_round_trip(json.clone()) {
        None => Ok(()),
        Some(Ok(back)) => match first_difference(&json, &back) {
            None => Ok(()),
            Some(difference) => Err(format!("{client} changes it on the way back: {difference}")),
        },
        Some(Err(error)) => Err(format!("{client} rejects it: {error}")),
    }
}
