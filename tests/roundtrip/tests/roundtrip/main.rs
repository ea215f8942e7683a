//! The contract's three readers agree on every schema: the contract types in `contracts/`, the
//! emitted documents in `generated/openapi/` and the generated clients in `generated/clients/`.
//!
//! - [`fixtures`]: every hand-written fixture under `fixtures/<version>/` round-trips (valid
//!   cases) or is rejected (invalid cases), and every component schema has both.
//! - [`generated`]: values generated from every contract type's `Arbitrary` impl validate
//!   against the document and read back unchanged through the contract type and the client.
//! - [`scaffolds`]: what `cargo xtask fixtures` writes for each real component is accepted (or,
//!   for the invalid scaffold, rejected) by both the schema and the contract type.
//!
//! Both collect every failure, each naming its file or type, and fail once with the whole list.

mod fixtures;
mod generated;
mod scaffolds;
mod types;
mod validator;

use std::path::{Path, PathBuf};

/// The workspace root, two levels above this package.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Fails with every message in `failures`, or passes when there is none.
fn assert_no_failures(what: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} {what}:\n\n{}\n",
        failures.len(),
        failures.iter().map(|f| format!("- {f}")).collect::<Vec<_>>().join("\n")
    );
}
