//! Which schemas have fixtures, which do not, and which fixture folders name no schema.
//!
//! Every component schema of every document needs at least one valid and one invalid fixture:
//! every schema rejects something, if only a value of the wrong JSON type, and an invalid case
//! is what proves that the contract type rejects it too. A folder for a schema that no document
//! has (renamed or removed) is stale, and so is a version folder without a document.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use charter_contract::Api;

use crate::document::Document;
use crate::layout::{Expectation, FixtureSet};

/// The fixture counts of one schema of one version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The version, e.g. `v1`.
    pub version: String,
    /// The component schema's name.
    pub schema: String,
    /// How many valid cases it has.
    pub valid: usize,
    /// How many invalid cases it has.
    pub invalid: usize,
}

/// Coverage of the documents by the fixtures.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// One row per component schema of every document, by version then name.
    pub rows: Vec<Row>,
    /// Fixture folders (schema or version) that no document has, relative to the workspace root.
    pub stale: Vec<PathBuf>,
    /// `(version, schema)` fixture folders that a document has but the API's registry maps to no
    /// contract type.
    pub unmapped: Vec<(String, String)>,
}

/// The schema names `api` registers, per version: the `rust_names` of [`Coverage::new`].
#[must_use]
pub fn registered_names(api: &Api) -> BTreeMap<String, BTreeSet<String>> {
    api.versions
        .iter()
        .map(|version| {
            let names = version.schemas.iter().map(|named| named.name.to_string()).collect();
            (version.name.to_owned(), names)
        })
        .collect()
}

impl Coverage {
    /// Compares `fixtures` with `documents`. `rust_names` lists, per version, the schema names
    /// the API's registry maps to Rust types ([`registered_names`]); `None` skips that
    /// comparison.
    #[must_use]
    pub fn new(
        documents: &[Document],
        fixtures: &FixtureSet,
        rust_names: Option<&BTreeMap<String, BTreeSet<String>>>,
    ) -> Coverage {
        let mut coverage = Coverage::default();
        for document in documents {
            for schema in document.schemas.keys() {
                let count = |expectation: Expectation| {
                    fixtures
                        .of(&document.version, schema)
                        .filter(|f| f.expectation == expectation)
                        .count()
                };
                coverage.rows.push(Row {
                    version: document.version.clone(),
                    schema: schema.clone(),
                    valid: count(Expectation::Valid),
                    invalid: count(Expectation::Invalid),
                });
            }
        }
        for version in &fixtures.versions {
            if !documents.iter().any(|d| &d.version == version) {
                coverage.stale.push(PathBuf::from("fixtures").join(version));
            }
        }
        for folder in &fixtures.folders {
            let Some(document) = documents.iter().find(|d| d.version == folder.version) else {
                continue;
            };
            if !document.schemas.contains_key(&folder.schema) {
                coverage.stale.push(folder.path.clone());
            } else if let Some(names) = rust_names {
                let mapped = names.get(&folder.version).is_some_and(|n| n.contains(&folder.schema));
                if !mapped {
                    coverage.unmapped.push((folder.version.clone(), folder.schema.clone()));
                }
            }
        }
        coverage
    }

    /// The row of every schema without a valid fixture.
    pub fn missing_valid(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|row| row.valid == 0)
    }

    /// The row of every schema without an invalid fixture.
    pub fn missing_invalid(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|row| row.invalid == 0)
    }

    /// Every way the fixtures fall short, one message each; empty when coverage is complete.
    #[must_use]
    pub fn failures(&self) -> Vec<String> {
        let mut failures = Vec::new();
        let list = |rows: Vec<&Row>| {
            rows.iter()
                .map(|r| format!("{}/{}", r.version, r.schema))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let missing: Vec<&Row> = self.missing_valid().collect();
        if !missing.is_empty() {
            failures.push(format!(
                "{} schema(s) without a valid fixture: {}; add fixtures/<version>/<Schema>/<case>.json \
                 (`cargo xtask fixtures` scaffolds one)",
                missing.len(),
                list(missing)
            ));
        }
        let missing: Vec<&Row> = self.missing_invalid().collect();
        if !missing.is_empty() {
            failures.push(format!(
                "{} schema(s) without an invalid fixture: {}; add \
                 fixtures/<version>/<Schema>/invalid/<case>.json (`cargo xtask fixtures` scaffolds one)",
                missing.len(),
                list(missing)
            ));
        }
        for path in &self.stale {
            failures.push(format!(
                "{}: stale fixtures: no document has this {}; rename or delete the folder",
                path.display(),
                if path.components().count() == 2 { "version" } else { "schema" }
            ));
        }
        for (version, schema) in &self.unmapped {
            failures.push(format!(
                "fixtures/{version}/{schema}: the schema `{schema}` is in the {version} document but \
                 the API registers no contract type for it; register it with `Version::schema` and \
                 run `cargo xtask openapi`"
            ));
        }
        failures
    }

    /// The coverage table: version, schema, valid and invalid counts, and what is missing.
    #[must_use]
    pub fn table(&self) -> String {
        let width = self.rows.iter().map(|r| r.schema.len()).max().unwrap_or(0).max("schema".len());
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<7} {:<width$} {:>5} {:>7}  missing",
            "version", "schema", "valid", "invalid"
        );
        for row in &self.rows {
            let missing = match (row.valid, row.invalid) {
                (0, 0) => "valid, invalid",
                (0, _) => "valid",
                (_, 0) => "invalid",
                _ => "",
            };
            let line = format!(
                "{:<7} {:<width$} {:>5} {:>7}  {missing}",
                row.version, row.schema, row.valid, row.invalid
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
        let valid: usize = self.rows.iter().map(|r| r.valid).sum();
        let invalid: usize = self.rows.iter().map(|r| r.invalid).sum();
        let complete = self.rows.iter().filter(|r| r.valid > 0 && r.invalid > 0).count();
        let _ = writeln!(
            out,
            "{complete} of {} schemas covered; {valid} valid and {invalid} invalid fixtures",
            self.rows.len()
        );
        for path in &self.stale {
            let _ = writeln!(out, "stale: {} (no document has it)", path.display());
        }
        for (version, schema) in &self.unmapped {
            let _ = writeln!(out, "unmapped: fixtures/{version}/{schema} (no contract type)");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Fixture, SchemaFolder};
    use serde_json::json;

    fn document(version: &str, names: &[&str]) -> Document {
        Document {
            version: version.to_owned(),
            path: PathBuf::from(format!("generated/openapi/{version}.json")),
            schemas: names.iter().map(|n| ((*n).to_owned(), json!({"type": "string"}))).collect(),
        }
    }

    fn fixture(version: &str, schema: &str, expectation: Expectation) -> Fixture {
        Fixture {
            path: PathBuf::from(format!("fixtures/{version}/{schema}/x.json")),
            version: version.to_owned(),
            schema: schema.to_owned(),
            expectation,
            value: json!("x"),
        }
    }

    fn folder(version: &str, schema: &str) -> SchemaFolder {
        SchemaFolder {
            version: version.to_owned(),
            schema: schema.to_owned(),
            path: PathBuf::from(format!("fixtures/{version}/{schema}")),
        }
    }

    #[test]
    fn missing_stale_and_unmapped_are_each_reported_by_name() {
        let documents = [document("v1", &["Email", "User", "Ghost"])];
        let fixtures = FixtureSet {
            versions: vec!["v1".into(), "v9".into()],
            folders: vec![folder("v1", "Email"), folder("v1", "Ghost"), folder("v1", "Gone")],
            fixtures: vec![
                fixture("v1", "Email", Expectation::Valid),
                fixture("v1", "Email", Expectation::Invalid),
                fixture("v1", "Ghost", Expectation::Valid),
            ],
            problems: Vec::new(),
        };
        let names = BTreeMap::from([(
            "v1".to_owned(),
            BTreeSet::from(["Email".to_owned(), "User".to_owned()]),
        )]);
        let coverage = Coverage::new(&documents, &fixtures, Some(&names));
        let failures = coverage.failures();
        assert_eq!(failures.len(), 5, "{failures:#?}");
        assert!(failures[0].starts_with("1 schema(s) without a valid fixture: v1/User;"));
        assert!(
            failures[1].starts_with("2 schema(s) without an invalid fixture: v1/Ghost, v1/User;")
        );
        assert!(
            failures[2].starts_with("fixtures/v9: stale fixtures: no document has this version")
        );
        assert!(
            failures[3]
                .starts_with("fixtures/v1/Gone: stale fixtures: no document has this schema")
        );
        assert!(
            failures[4].starts_with("fixtures/v1/Ghost: the schema `Ghost` is in the v1 document")
        );

        let table = coverage.table();
        assert!(table.contains("v1      User       0       0  valid, invalid\n"), "{table}");
        assert!(table.contains("v1      Email      1       1\n"), "{table}");
        assert!(
            table.contains("1 of 3 schemas covered; 2 valid and 1 invalid fixtures"),
            "{table}"
        );
    }
}
