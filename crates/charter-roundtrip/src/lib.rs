//! Fixture round trips: every component schema of every emitted document has hand-written
//! fixtures, and each one reads the same through the contract types, the document and the
//! generated client.
//!
//! Fixtures live in `fixtures/<version>/<Schema>/<case>.json` (payloads the schema accepts) and
//! `fixtures/<version>/<Schema>/invalid/<case>.json` (payloads it must reject). This library
//! holds what the test (`tests/fixtures.rs`) and `cargo xtask fixtures` share:
//!
//! - [`compare`]: JSON equality as JSON means it (`100` equals `100.0`), and where values differ.
//! - [`layout`]: finding and reading fixtures; a file that is not JSON is reported with its line
//!   and column, never skipped.
//! - [`document`]: the emitted documents' component schemas, one [`Document`] per version.
//! - [`coverage`]: which schemas lack fixtures, which fixture folders are stale, the table.
//! - [`json_schema`]: OpenAPI 3.0 schema objects translated into JSON Schema draft 4, so a real
//!   validator can check fixtures against the documents.
//! - [`scaffold`]: starting fixtures built from a schema, for a person to edit.
//!
//! The library has no validator and no client in its dependencies: those are the tests' business.

pub mod compare;
pub mod coverage;
pub mod document;
pub mod json_schema;
pub mod layout;
pub mod scaffold;

pub use coverage::Coverage;
pub use document::{Document, DocumentError};
pub use layout::{Expectation, Fixture, FixtureSet, Problem};
