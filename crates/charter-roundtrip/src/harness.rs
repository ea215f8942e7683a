//! The round-trip harness: one call checks that an API's contract types, its emitted documents
//! and its generated clients read every schema alike.
//!
//! ```no_run
//! # fn api() -> charter_contract::Api { charter_contract::Api::new::<charter_contract::StandardErrors>("notes", "Notes API") }
//! # mod client_v1 { pub mod schemas {
//! #     pub fn round_trip(_: &str, _: serde_json::Value)
//! #         -> Option<Result<serde_json::Value, serde_json::Error>> { None }
//! # } }
//! #[test]
//! fn contract_round_trips() {
//!     let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
//!     charter_roundtrip::Harness::new(&api(), root)
//!         .client("v1", client_v1::schemas::round_trip)
//!         .run();
//! }
//! ```
//!
//! [`Harness::check`] pairs every document in `generated/openapi/` with the API's version of
//! that name, the version's registered schemas ([`charter_contract::Version::schemas`]) and the
//! client given for it, then runs, collecting every failure rather than stopping at the first:
//!
//! 1. the fixture layout and coverage ([`FixtureSet`], [`Coverage`]);
//! 2. every fixture through the three readers: contract type, document, client;
//! 3. with the `proptest` feature, generated values of every registered type;
//! 4. the scaffolds `cargo xtask fixtures` would write for every component.
//!
//! [`Harness::run`] does the same and panics with the whole list when anything failed.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use charter_contract::{Api, NamedSchema, Version};
use serde_json::Value;

use crate::check;
use crate::coverage::Coverage;
use crate::document::{DOCUMENTS_DIR, Document};
use crate::layout::FixtureSet;
use crate::validator::Validators;

/// A generated client crate's reader of every schema it has: reads `value` into the client type
/// named `schema` and writes it back, or `None` when the crate has no type of that name.
///
/// Charter's client generator emits it in every client crate as
/// `<client crate>::schemas::round_trip`.
pub type ClientRoundTrip = fn(&str, Value) -> Option<Result<Value, serde_json::Error>>;

/// How many values of each type the generated-value check draws, unless the `PROPTEST_CASES`
/// environment variable gives another number.
pub const DEFAULT_CASES: u32 = 256;

/// The round trips of one API, in one workspace.
#[derive(Debug)]
pub struct Harness<'a> {
    api: &'a Api,
    root: PathBuf,
    clients: BTreeMap<String, ClientRoundTrip>,
    repeated: Vec<String>,
}

impl<'a> Harness<'a> {
    /// The harness of `api` in the workspace at `root`: the directory holding `fixtures/` and
    /// `generated/openapi/`. A test passes its own location, e.g.
    /// `Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")`.
    #[must_use]
    pub fn new(api: &'a Api, root: impl Into<PathBuf>) -> Self {
        Harness { api, root: root.into(), clients: BTreeMap::new(), repeated: Vec::new() }
    }

    /// Checks the generated client of `version` too, through its `round_trip` function. Every
    /// version needs one; a version without is a failure.
    #[must_use]
    pub fn client(mut self, version: &str, round_trip: ClientRoundTrip) -> Self {
        if self.clients.insert(version.to_owned(), round_trip).is_some() {
            self.repeated.push(version.to_owned());
        }
        self
    }

    /// Runs every check and panics with every failure, one per line, when any failed; prints a
    /// summary (fixtures, generated values, coverage table) when none did.
    ///
    /// # Panics
    /// When a check fails.
    pub fn run(&self) {
        let report = self.check();
        assert!(report.is_ok(), "{}", report.failure_list());
        println!("{}", report.summary());
    }

    /// Runs every check and returns what was checked and every failure.
    #[must_use]
    pub fn check(&self) -> Report {
        let mut report = Report::default();
        let documents = match Document::read_all(&self.root) {
            Ok(documents) => documents,
            Err(error) => {
                report.fail(Check::Setup, error.to_string());
                return report;
            }
        };
        let fixtures = FixtureSet::read(&self.root);
        for problem in &fixtures.problems {
            report.fail(Check::Layout, problem.to_string());
        }
        let coverage = Coverage::new(&documents, &fixtures, None);
        for failure in coverage.failures() {
            report.fail(Check::Coverage, failure);
        }
        report.coverage = coverage.table();

        let targets = self.targets(&documents, &mut report);
        for target in &targets {
            check::fixtures::check(target, &fixtures, &mut report);
        }
        #[cfg(feature = "proptest")]
        match check::generated::cases() {
            Ok(cases) => {
                for target in &targets {
                    check::generated::check(target, cases, &mut report);
                }
            }
            Err(message) => report.fail(Check::Setup, message),
        }
        for target in &targets {
            check::scaffolds::check(target, &mut report);
        }
        report
    }

    /// Pairs each document with its version, validators and client; every mismatch between the
    /// API, the documents and the clients is a setup failure.
    fn targets<'d>(&'d self, documents: &'d [Document], report: &mut Report) -> Vec<Target<'d>> {
        for version in &self.repeated {
            report.fail(Check::Setup, format!("{version}: a client is given twice; give one"));
        }
        for version in self.clients.keys() {
            if self.api.version_named(version).is_none() {
                report.fail(
                    Check::Setup,
                    format!("{version}: a client is given for a version the API does not have"),
                );
            }
        }
        for version in &self.api.versions {
            if !documents.iter().any(|document| document.version == version.name) {
                report.fail(
                    Check::Setup,
                    format!(
                        "{DOCUMENTS_DIR}/{}.json: missing, but the API has version {}; run \
                         `cargo xtask openapi`",
                        version.name, version.name
                    ),
                );
            }
        }
        documents.iter().filter_map(|document| self.target(document, report)).collect()
    }

    fn target<'d>(&'d self, document: &'d Document, report: &mut Report) -> Option<Target<'d>> {
        let at = document.path.display();
        let Some(version) = self.api.version_named(&document.version) else {
            report.fail(
                Check::Setup,
                format!(
                    "{at}: the API has no version {}: the document is stale; delete it or run \
                     `cargo xtask openapi`",
                    document.version
                ),
            );
            return None;
        };
        let validators = match Validators::new(document) {
            Ok(validators) => validators,
            Err(error) => {
                report.fail(Check::Setup, error.to_string());
                return None;
            }
        };
        let client = self.clients.get(version.name).copied();
        if client.is_none() {
            report.fail(
                Check::Setup,
                format!(
                    "{}: no client to check; add `.client(\"{}\", <client crate>::schemas::round_trip)` \
                     to the harness",
                    version.name, version.name
                ),
            );
        }
        for named in &version.schemas {
            if !document.schemas.contains_key(named.name.as_ref()) {
                report.fail(
                    Check::Setup,
                    format!(
                        "{at}: no component `{}`, which the API registers for {} ({}): the \
                         document is stale; run `cargo xtask openapi`",
                        named.name, version.name, named.rust_type
                    ),
                );
            }
        }
        let mut schemas = Vec::new();
        for name in document.schemas.keys() {
            let Some(named) = registered(version, name) else {
                report.fail(
                    Check::Setup,
                    format!(
                        "{at}: the component `{name}` has no contract type in the API's {} \
                         registry; register it with `Version::schema` and run `cargo xtask openapi`",
                        version.name
                    ),
                );
                continue;
            };
            // The function answers `None` only when its crate has no type of that name,
            // whatever the value: `null` is as good a probe as any.
            let has_type = client.filter(|client| client(name, Value::Null).is_some());
            if client.is_some() && has_type.is_none() {
                report.fail(
                    Check::Setup,
                    format!(
                        "{}: the client has no type `{name}` (its round_trip answers None); \
                         regenerate the client crates with `cargo xtask openapi`",
                        version.name
                    ),
                );
            }
            schemas.push(Schema { name, named, client: has_type });
        }
        Some(Target { document, version, validators, schemas })
    }
}

/// The registered schema called `name`.
fn registered<'v>(version: &'v Version, name: &str) -> Option<&'v NamedSchema> {
    version.schemas.iter().find(|named| named.name == name)
}

/// One document with everything that reads its schemas.
#[derive(Debug)]
pub(crate) struct Target<'a> {
    pub(crate) document: &'a Document,
    pub(crate) version: &'a Version,
    pub(crate) validators: Validators,
    /// The document's components that have a contract type, in the document's order.
    pub(crate) schemas: Vec<Schema<'a>>,
}

impl Target<'_> {
    /// The component called `name`, when it has a contract type.
    pub(crate) fn schema(&self, name: &str) -> Option<&Schema<'_>> {
        self.schemas.iter().find(|schema| schema.name == name)
    }
}

/// One component schema's readers besides the document.
#[derive(Debug)]
pub(crate) struct Schema<'a> {
    /// The component's name.
    pub(crate) name: &'a str,
    /// Its contract type.
    pub(crate) named: &'a NamedSchema,
    /// The client's reader, when the version has a client and it has this type.
    pub(crate) client: Option<ClientRoundTrip>,
}

impl Schema<'_> {
    /// Reads `value` into the client type and back; `None` when there is no client to ask.
    pub(crate) fn client_round_trip(&self, value: Value) -> Option<Result<Value, String>> {
        let client = self.client?;
        Some(match client(self.name, value) {
            Some(result) => result.map_err(|error| error.to_string()),
            None => Err("the client answered None for a type it has".to_owned()),
        })
    }
}

/// Which check a failure comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// The API, the documents and the clients do not fit together (a missing document, version,
    /// client, client type or registered type), or a document cannot be read or validated.
    Setup,
    /// A fixture file cannot be used: not JSON, unreadable, or where the layout has no place.
    Layout,
    /// A schema lacks a valid or an invalid fixture, or a fixture folder is stale.
    Coverage,
    /// A fixture is read differently by the contract type, the document or the client.
    Fixture,
    /// A generated value of a contract type is read differently by the document or the client.
    Generated,
    /// A scaffold `cargo xtask fixtures` would write is not accepted or rejected as meant.
    Scaffold,
}

impl Check {
    /// A one-word name, e.g. `fixture`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Check::Setup => "setup",
            Check::Layout => "layout",
            Check::Coverage => "coverage",
            Check::Fixture => "fixture",
            Check::Generated => "generated",
            Check::Scaffold => "scaffold",
        }
    }
}

/// One failure: which check, and a message naming the file (with a JSON pointer where one
/// applies) or the type, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The check that failed.
    pub check: Check,
    /// What failed, where, and how to fix it.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.check.as_str(), self.message)
    }
}

/// How many generated values of one type were checked against one version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValuesChecked {
    /// The version, e.g. `v1`.
    pub version: String,
    /// The component schema.
    pub schema: String,
    /// How many values passed every check.
    pub values: u32,
}

/// What [`Harness::check`] checked, and every failure.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Every failure, in the order met.
    pub failures: Vec<Failure>,
    /// How many fixture files went through their readers.
    pub fixtures: usize,
    /// The types whose generated values passed, per version (empty without the `proptest`
    /// feature).
    pub values: Vec<ValuesChecked>,
    /// How many components' scaffolds were checked.
    pub scaffolds: usize,
    /// The coverage table, as `cargo xtask fixtures` prints it.
    pub coverage: String,
}

impl Report {
    /// Whether nothing failed.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.failures.is_empty()
    }

    /// The failures of one check.
    pub fn of(&self, check: Check) -> impl Iterator<Item = &Failure> {
        self.failures.iter().filter(move |failure| failure.check == check)
    }

    /// Every failure, one `- [check] message` line each, under a count.
    #[must_use]
    pub fn failure_list(&self) -> String {
        let mut failures = self.failures.clone();
        failures.sort_by_key(|failure| failure.check);
        let lines: Vec<String> = failures.iter().map(|failure| format!("- {failure}")).collect();
        format!("{} round-trip failure(s):\n\n{}\n", lines.len(), lines.join("\n"))
    }

    /// What was checked: fixtures, generated values per type, scaffolds, the coverage table.
    #[must_use]
    pub fn summary(&self) -> String {
        let values: u64 = self.values.iter().map(|checked| u64::from(checked.values)).sum();
        let generated = if cfg!(feature = "proptest") {
            format!("{values} generated values of {} types checked", self.values.len())
        } else {
            "generated values not checked: enable the `proptest` feature of charter-roundtrip \
             and of the contract crate"
                .to_owned()
        };
        format!(
            "{} fixtures checked; {generated}; scaffolds of {} components checked\n{}",
            self.fixtures, self.scaffolds, self.coverage
        )
    }

    pub(crate) fn fail(&mut self, check: Check, message: String) {
        self.failures.push(Failure { check, message });
    }
}
