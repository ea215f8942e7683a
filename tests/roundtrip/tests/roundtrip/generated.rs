//! Generated values: what the contract types can hold, the documents and clients must accept.
//!
//! For every component schema of every version, [`CASES_PER_TYPE`] values come from the
//! contract type's `Arbitrary` impl (the `proptest` feature of `contracts`, whose strategies keep
//! to each type's documented constraints and otherwise range over everything the type can
//! hold). Each value is written as JSON text and must (1) validate against the schema in the
//! emitted document, (2) read back into the contract type and be written again as the same
//! text, and (3) read into the generated client's type and write back equal JSON. A failure is
//! shrunk to a minimal value by proptest and reported with the type's name.
//!
//! The random source is seeded, so every run checks the same values; set `PROPTEST_CASES` to
//! check more.

use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use roundtrip_tests::Document;
use roundtrip_tests::compare::first_difference;
use serde_json::Value;

use crate::types::{self, Generated, TypeCase};
use crate::validator::Validators;
use crate::{assert_no_failures, workspace_root};

/// How many values each type contributes, unless `PROPTEST_CASES` says otherwise.
const CASES_PER_TYPE: u32 = 256;

#[test]
fn generated_values_validate_and_read_back_through_contract_type_and_client() {
    let root = workspace_root();
    let documents = Document::read_all(&root).unwrap_or_else(|error| panic!("{error}"));
    let api = contracts::billing();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(CASES_PER_TYPE);

    let mut failures = Vec::new();
    let mut summary = Vec::new();
    let mut total = 0;
    for document in &documents {
        let (Some(version), Some(table)) =
            (api.version(&document.version), types::of(&document.version))
        else {
            failures
                .push(format!("{}: no contract version or type table", document.path.display()));
            continue;
        };
        failures.extend(types::check(document, version, &table));
        let validators = match Validators::new(document) {
            Ok(validators) => validators,
            Err(error) => {
                failures.push(error);
                continue;
            }
        };
        for case in &table {
            if !document.schemas.contains_key(case.name) {
                continue;
            }
            let config = Config { cases, failure_persistence: None, ..Config::default() };
            let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
            let mut runner = TestRunner::new_with_rng(config, rng);
            let checked = std::cell::Cell::new(0_u32);
            let result = runner.run(&(case.values)(), |generated| {
                checked.set(checked.get() + 1);
                check(document, &validators, case, &generated).map_err(TestCaseError::fail)
            });
            match result {
                Ok(()) => {
                    summary.push(format!("{} {}: {cases}", document.version, case.name));
                    total += u64::from(cases);
                }
                Err(TestError::Fail(reason, generated)) => failures.push(format!(
                    "{} {} ({}): {reason}\n  minimal value: {}\n  as JSON: {}",
                    document.version,
                    case.name,
                    case.rust_type,
                    generated.debug,
                    generated.text.unwrap_or_else(|error| format!("(not serializable: {error})"))
                )),
                Err(TestError::Abort(reason)) => failures.push(format!(
                    "{} {} ({}): the strategy gave up after {} values: {reason}",
                    document.version,
                    case.name,
                    case.rust_type,
                    checked.get()
                )),
            }
        }
    }
    assert_no_failures("generated-value failure(s)", &failures);
    println!("{total} generated values checked:\n{}", summary.join("\n"));
}

/// The three checks of one generated value; the first failure, explained.
fn check(
    document: &Document,
    validators: &Validators,
    case: &TypeCase,
    generated: &Generated,
) -> Result<(), String> {
    let text = generated
        .text
        .as_deref()
        .map_err(|error| format!("the contract type cannot write it: {error}"))?;
    let json: Value =
        serde_json::from_str(text).map_err(|error| format!("written as invalid JSON: {error}"))?;
    let errors = validators.errors(case.name, &json);
    if !errors.is_empty() {
        return Err(format!(
            "the schema `{}` of {} rejects it: {}",
            case.name,
            document.path.display(),
            errors.join("; ")
        ));
    }
    match (generated.reread)(text) {
        Ok(None) => {}
        Ok(Some(change)) => {
            return Err(format!(
                "the contract type {} reads it back changed: {change}",
                case.rust_type
            ));
        }
        Err(error) => {
            return Err(format!(
                "the contract type {} cannot read its own output: {error}",
                case.rust_type
            ));
        }
    }
    match (case.client_round_trip)(json.clone()) {
        Ok(back) => match first_difference(&json, &back) {
            None => Ok(()),
            Some(difference) => Err(format!(
                "the client type {} changes it on the way back: {difference}",
                case.client_type
            )),
        },
        Err(error) => Err(format!("the client type {} rejects it: {error}", case.client_type)),
    }
}
