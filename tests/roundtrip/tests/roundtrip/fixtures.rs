//! The fixture round trip, driven by the files under `fixtures/<version>/`.
//!
//! For each valid fixture: (1) the contract type reads it and writes back equal JSON; (2) the
//! component schema in the emitted document accepts it; (3) the generated client's type reads it
//! and writes back equal JSON. For each invalid fixture: the contract type and the schema both
//! reject it, and a disagreement says which of them accepted it. Coverage is enforced: every
//! component needs a valid and an invalid fixture, and a folder no document has is stale.

use std::collections::{BTreeMap, BTreeSet};

use roundtrip_tests::compare::first_difference;
use roundtrip_tests::{Coverage, Document, Expectation, Fixture, FixtureSet};

use crate::types::{self, TypeCase};
use crate::validator::Validators;
use crate::{assert_no_failures, workspace_root};

#[test]
fn every_fixture_reads_the_same_through_contract_type_document_and_client() {
    let root = workspace_root();
    let documents = Document::read_all(&root).unwrap_or_else(|error| panic!("{error}"));
    let api = contracts::billing();
    let fixtures = FixtureSet::read(&root);

    let mut failures: Vec<String> = fixtures.problems.iter().map(ToString::to_string).collect();
    let rust_names: BTreeMap<String, BTreeSet<String>> = api
        .versions
        .iter()
        .map(|v| (v.name.to_owned(), v.schemas.iter().map(|s| s.name.to_string()).collect()))
        .collect();
    let coverage = Coverage::new(&documents, &fixtures, Some(&rust_names));
    failures.extend(coverage.failures());

    let mut checked = 0;
    for document in &documents {
        let at = document.path.display();
        let Some(version) = api.version(&document.version) else {
            failures
                .push(format!("{at}: contracts::billing() has no version {}", document.version));
            continue;
        };
        let Some(table) = types::of(&document.version) else {
            failures.push(format!(
                "tests/roundtrip/tests/roundtrip/types.rs: no table for version {}",
                document.version
            ));
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
        for fixture in fixtures.fixtures.iter().filter(|f| f.version == document.version) {
            // Stale and unmapped folders are already reported by coverage.
            let Some(named) = version.schemas.iter().find(|s| s.name == fixture.schema) else {
                continue;
            };
            if !document.schemas.contains_key(&fixture.schema) {
                continue;
            }
            let Some(client) = table.iter().find(|case| case.name == fixture.schema) else {
                continue;
            };
            checked += 1;
            let sides = Sides { named, client, validators: &validators, document };
            failures.extend(match fixture.expectation {
                Expectation::Valid => sides.valid(fixture),
                Expectation::Invalid => sides.invalid(fixture),
            });
        }
    }
    assert_no_failures("fixture failure(s)", &failures);
    assert!(checked > 0, "no fixture was checked");
    println!("{checked} fixtures checked\n{}", coverage.table());
}

/// The three readers of one schema.
struct Sides<'a> {
    named: &'a contracts::api::NamedSchema,
    client: &'a TypeCase,
    validators: &'a Validators,
    document: &'a Document,
}

impl Sides<'_> {
    fn valid(&self, fixture: &Fixture) -> Vec<String> {
        let path = fixture.path.display();
        let value = &fixture.value;
        let mut failures = Vec::new();
        match (self.named.round_trip)(value.clone()) {
            Ok(back) => {
                if let Some(difference) = first_difference(value, &back) {
                    failures.push(format!(
                        "{path}: the contract type {} changes it on the way back: {difference}",
                        self.named.rust_type
                    ));
                }
            }
            Err(error) => failures.push(format!(
                "{path}: the contract type {} rejects it: {error}",
                self.named.rust_type
            )),
        }
        let errors = self.validators.errors(&fixture.schema, value);
        if !errors.is_empty() {
            failures.push(format!(
                "{path}: the schema `{}` of {} rejects it: {}",
                fixture.schema,
                self.document.path.display(),
                errors.join("; ")
            ));
        }
        match (self.client.client_round_trip)(value.clone()) {
            Ok(back) => {
                if let Some(difference) = first_difference(value, &back) {
                    failures.push(format!(
                        "{path}: the client type {} changes it on the way back: {difference}",
                        self.client.client_type
                    ));
                }
            }
            Err(error) => failures.push(format!(
                "{path}: the client type {} rejects it: {error}",
                self.client.client_type
            )),
        }
        failures
    }

    fn invalid(&self, fixture: &Fixture) -> Vec<String> {
        let path = fixture.path.display();
        let rust = (self.named.round_trip)(fixture.value.clone());
        let schema = self.validators.errors(&fixture.schema, &fixture.value);
        let (rust_type, document) = (self.named.rust_type, self.document.path.display());
        match (rust.is_ok(), schema.is_empty()) {
            (false, false) => Vec::new(),
            (true, true) => vec![format!(
                "{path}: an invalid fixture, but both the contract type {rust_type} and the schema \
                 `{}` of {document} accept it: fix the fixture, or both are too loose",
                fixture.schema
            )],
            (true, false) => vec![format!(
                "{path}: the contract type {rust_type} accepts it, but the schema `{}` of {document} \
                 rejects it ({}): the type is looser than the document",
                fixture.schema,
                schema.join("; ")
            )],
            (false, true) => vec![format!(
                "{path}: the schema `{}` of {document} accepts it, but the contract type {rust_type} \
                 rejects it ({}): the document is looser than the type",
                fixture.schema,
                rust.err().map(|e| e.to_string()).unwrap_or_default()
            )],
        }
    }
}
