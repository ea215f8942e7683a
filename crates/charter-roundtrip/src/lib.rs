//! Fixture and generated-value round trips: an API's contract types, its emitted OpenAPI
//! documents and its generated clients read every schema alike.
//!
//! A team's test hands the [`Harness`] its API, its workspace root and each version's client:
//!
//! ```no_run
//! # fn api() -> charter_contract::Api { charter_contract::Api::new::<charter_contract::StandardErrors>("notes", "Notes API") }
//! # mod client_v1 { pub mod schemas {
//! #     pub fn round_trip(_: &str, _: serde_json::Value)
//! #         -> Option<Result<serde_json::Value, serde_json::Error>> { None }
//! # } }
//! let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
//! charter_roundtrip::Harness::new(&api(), root)
//!     .client("v1", client_v1::schemas::round_trip)
//!     .run(); // panics with every failure listed
//! ```
//!
//! Fixtures live in `fixtures/<version>/<Schema>/<case>.json` (payloads the schema accepts) and
//! `fixtures/<version>/<Schema>/invalid/<case>.json` (payloads it must reject), documents in
//! `generated/openapi/<version>.json`, both under the workspace root the caller passes.
//!
//! - [`harness`]: [`Harness`], which pairs documents, registered types and clients and runs the
//!   checks (`check/`: fixtures, generated values with the `proptest` feature, scaffolds), and
//!   its [`Report`].
//! - [`validator`]: one JSON Schema validator per component of a document.
//! - [`compare`]: JSON equality as JSON means it (`100` equals `100.0`), and where values differ.
//! - [`layout`]: finding and reading fixtures; a file that is not JSON is reported with its line
//!   and column, never skipped.
//! - [`document`]: the emitted documents' component schemas, one [`Document`] per version.
//! - [`coverage`]: which schemas lack fixtures, which fixture folders are stale, the table.
//! - [`json_schema`]: OpenAPI 3.0 schema objects translated into JSON Schema draft 4, so a real
//!   validator can check fixtures against the documents.
//! - [`scaffold`]: starting fixtures built from a schema, for a person to edit.
//!
//! `cargo xtask fixtures` uses [`Coverage`], [`Document`], [`FixtureSet`] and [`scaffold`]
//! without the harness.

mod check;
pub mod compare;
pub mod coverage;
pub mod document;
pub mod harness;
pub mod json_schema;
pub mod layout;
pub mod scaffold;
pub mod validator;

pub use coverage::{Coverage, registered_names};
pub use document::{DOCUMENTS_DIR, Document, DocumentError};
pub use harness::{Check, ClientRoundTrip, DEFAULT_CASES, Failure, Harness, Report, ValuesChecked};
pub use layout::{Expectation, Fixture, FixtureSet, Problem};
pub use validator::{ValidatorError, Validators, Violation};
