//! The contract's three readers agree on every schema: the contract types in `contracts/`, the
//! emitted documents in `generated/openapi/` and the generated clients in `generated/clients/`.
//!
//! - [`fixtures`]: every hand-written fixture under `fixtures/<version>/` round-trips (valid
//!   cases) or is rejected (invalid cases), and every component schema has both.
//! - [`generated`]: values generated from every contract type's `Arbitrary` impl validate
//!   against the document and read back unchanged through the contract type and the client.
//!
//! Both collect every failure, each naming its file or type, and fail once with the whole list.

mod fixtures;
mod generated;
mod types;
mod validator;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The workspace root, two levels above this package.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The JSON pointer of the first place where `a` and `b` differ, with both values there.
fn first_difference(a: &Value, b: &Value) -> String {
    fn walk(a: &Value, b: &Value, pointer: String) -> String {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let keys = x.keys().chain(y.keys().filter(|key| !x.contains_key(*key)));
                for key in keys {
                    let here = format!("{pointer}/{key}");
                    match (x.get(key), y.get(key)) {
                        (Some(x), Some(y)) if x == y => {}
                        (Some(x), Some(y)) => return walk(x, y, here),
                        (Some(x), None) => return format!("`{here}`: {x} became absent"),
                        (None, Some(y)) => return format!("`{here}`: absent became {y}"),
                        (None, None) => {}
                    }
                }
                format!("`{pointer}`: equal")
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                x.iter().zip(y).enumerate().find(|(_, (x, y))| x != y).map_or_else(
                    || format!("`{pointer}`: equal"),
                    |(i, (x, y))| walk(x, y, format!("{pointer}/{i}")),
                )
            }
            _ => format!("`{}`: {a} became {b}", if pointer.is_empty() { "/" } else { &pointer }),
        }
    }
    walk(a, b, String::new())
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
