#![doc = include_str!("../README.md")]
//!
//! ## How it works
//!
//! [`emit`] builds one document per version of a [`charter_contract::Api`] with [`openapiv3`],
//! from schemas that schemars generates for the contract types, and writes each as
//! [canonical JSON](to_canonical_json): the same bytes on every run and machine. Every schema
//! and every document is proven to survive a round trip through openapiv3 unchanged; what
//! cannot is a [`ContractError`] naming the Rust type and the construct.

mod canonical;
mod document;
mod error;
mod schema;
mod validate;

use charter_contract::Api;

pub use canonical::to_canonical_json;
pub use document::{BEARER_SCHEME, ERROR_ENVELOPE, build, response_name};
pub use error::ContractError;

/// Where a workspace keeps its documents, relative to its root.
pub const DOCUMENTS_DIR: &str = "generated/openapi";

/// The document of version `version` relative to the workspace root:
/// `generated/openapi/<version>.json`.
#[must_use]
pub fn document_path(version: &str) -> String {
    format!("{DOCUMENTS_DIR}/{version}.json")
}

/// The document of one version, built and serialized.
///
/// Its place in a workspace is [`document_path`]`(version)`.
#[derive(Debug)]
pub struct EmittedDocument {
    /// The version's name, e.g. `v1`.
    pub version: &'static str,
    /// The document.
    pub openapi: openapiv3::OpenAPI,
    /// Its canonical JSON text.
    pub json: String,
}

/// Builds every version's document and proves each survives a round trip through openapiv3.
///
/// # Errors
/// The first inconsistency in the contract, or the first type openapiv3 cannot hold.
pub fn emit(api: &Api) -> Result<Vec<EmittedDocument>, ContractError> {
    api.versions
        .iter()
        .map(|version| {
            let openapi = build(api, version)?;
            let value = serde_json::to_value(&openapi)
                .map_err(|error| round_trip_error(version.name, error.to_string()))?;
            let json = to_canonical_json(&value);
            let reread: openapiv3::OpenAPI = serde_json::from_str(&json)
                .map_err(|error| round_trip_error(version.name, error.to_string()))?;
            let reread = serde_json::to_value(&reread)
                .map_err(|error| round_trip_error(version.name, error.to_string()))?;
            if reread != value {
                let pointer =
                    schema::first_difference(&value, &reread, String::new()).unwrap_or_default();
                return Err(round_trip_error(
                    version.name,
                    format!("the value at `{pointer}` changed"),
                ));
            }
            Ok(EmittedDocument { version: version.name, openapi, json })
        })
        .collect()
}

fn round_trip_error(version: &str, detail: String) -> ContractError {
    ContractError::RoundTrip { version: version.to_owned(), detail }
}
