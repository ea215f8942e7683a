#![doc = include_str!("../README.md")]
//!
//! ## How it works
//!
//! [`generate`] reads the version's emitted document back from its text, refuses with
//! [`ClientError::Unsupported`] every shape progenitor is known to panic on (`preflight`),
//! generates the code with progenitor (builder interface) under `catch_unwind`, formats it with
//! prettyplease and adds a small `errors` module that reads the API's error envelope and
//! `Retry-After`. The manifest lists exactly the dependencies the code uses and the Rust version
//! they need (`manifest`); the README's example is built from the version's own operations
//! and the generated code (`readme`), and is compiled as the crate's doc test.

mod code;
mod manifest;
mod preflight;
mod readme;

use charter_contract::{Api, Version};
use charter_openapi::{ERROR_ENVELOPE, EmittedDocument};
use openapiv3::OpenAPI;

/// Where client crates live, relative to the workspace root.
pub const CLIENTS_DIR: &str = "generated/clients";

/// A document progenitor cannot turn into a client.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The document uses a construct progenitor does not support.
    #[error(
        "{version}: {place} has {construct}, which progenitor cannot generate a client for\n  help: {help}"
    )]
    Unsupported {
        /// The version whose document it is.
        version: String,
        /// The operation, or "the document".
        place: String,
        /// What is unsupported.
        construct: String,
        /// How to stay inside what progenitor supports.
        help: String,
    },
    /// progenitor returned an error.
    #[error("{version}: progenitor cannot generate a client: {message}")]
    Progenitor {
        /// The version.
        version: String,
        /// progenitor's message.
        message: String,
    },
    /// progenitor panicked on a document the preflight checks accepted.
    #[error(
        "{version}: progenitor panicked while generating the client: {message}\n  help: the \
         document passed charter-clients' preflight checks (src/preflight.rs); add one there \
         for the construct this message names"
    )]
    Panicked {
        /// The version.
        version: String,
        /// The panic message.
        message: String,
    },
}

/// The name of the client crate of `version`: `<api>-client-<version>`, e.g. `notes-client-v1`.
#[must_use]
pub fn crate_name(api: &Api, version: &Version) -> String {
    format!("{}-client-{}", api.name, version.name)
}

/// Every file of the client crate of `version`, generated from its emitted `document`: each as
/// (path relative to the workspace root, contents), under
/// `generated/clients/<api>-client-<version>/`: `Cargo.toml`, `README.md`, `src/lib.rs`. The
/// crate's version is the version's [`client_version`](Version::client_version); a workspace
/// that derives it from the changes since a base replaces the manifest with [`manifest`].
///
/// The crate depends on nothing of the workspace it is generated into, so it can be a member of
/// any workspace (or of none, given a `[workspace]` of its own).
///
/// # Errors
/// When the document has a shape progenitor cannot generate a client for, or progenitor fails
/// or panics on it.
pub fn generate(
    api: &Api,
    version: &Version,
    document: &EmittedDocument,
) -> Result<Vec<(String, String)>, ClientError> {
    // Generate from the document as read back from its text, so nothing about the order it
    // was built in can leak into the code.
    let spec = read_back(version.name, &document.json)?;
    let has_envelope = has_envelope(&spec);
    let code = code::generate(version.name, &spec, has_envelope)?;

    let name = crate_name(api, version);
    let dir = format!("{CLIENTS_DIR}/{name}");
    let document_path = charter_openapi::document_path(version.name);
    let readme = readme::render(&readme::Context {
        api,
        version,
        spec: &spec,
        code: &code.file,
        crate_name: &name,
        document_path: &document_path,
        has_envelope,
    });
    let lib = format!(
        "// {}\n#![doc = include_str!(\"../README.md\")]\n\n{}",
        header(version),
        code.text
    );
    let (manifest_path, manifest) = manifest(api, version, version.client_version, &lib);
    Ok(vec![
        (manifest_path, manifest),
        (format!("{dir}/README.md"), readme),
        (format!("{dir}/src/lib.rs"), lib),
    ])
}

/// The client crate's manifest at crate version `crate_version` (`major.minor.patch`), for the
/// crate whose `src/lib.rs` is `lib`: (path relative to the workspace root, contents).
#[must_use]
pub fn manifest(api: &Api, version: &Version, crate_version: &str, lib: &str) -> (String, String) {
    let name = crate_name(api, version);
    let description = format!(
        "Typed Rust client for {} {} ({}), generated from its OpenAPI document.",
        api.title,
        version.name,
        version.stability.as_str()
    );
    let text = manifest::render(&manifest::Package {
        name: &name,
        version: crate_version,
        header: &header(version),
        description: &description,
        code: lib,
    });
    (format!("{CLIENTS_DIR}/{name}/Cargo.toml"), text)
}

/// The client crate `name` at crate version `crate_version` of any OpenAPI 3.0 document `json`,
/// without a contract: `Cargo.toml`, a one-line `README.md` and `src/lib.rs`, paths relative to
/// the crate's directory. For tools that compare the clients of two documents, e.g. with
/// cargo-semver-checks.
///
/// # Errors
/// As [`generate`]; `label` names the document in them.
pub fn generate_from_document(
    name: &str,
    crate_version: &str,
    label: &str,
    json: &str,
) -> Result<Vec<(String, String)>, ClientError> {
    let spec = read_back(label, json)?;
    let code = code::generate(label, &spec, has_envelope(&spec))?;
    let header = format!("@generated by charter-clients from {label}. Do not edit.");
    let lib = format!("// {header}\n\n{}", code.text);
    let manifest = manifest::render(&manifest::Package {
        name,
        version: crate_version,
        header: &header,
        description: &format!("Typed Rust client generated from {label}."),
        code: &lib,
    });
    Ok(vec![
        ("Cargo.toml".to_owned(), manifest),
        ("README.md".to_owned(), format!("# {name}\n\n{header}\n")),
        ("src/lib.rs".to_owned(), lib),
    ])
}

/// The first line of every generated file of `version`'s crate.
fn header(version: &Version) -> String {
    let document_path = charter_openapi::document_path(version.name);
    format!(
        "@generated by `cargo xtask openapi` from {document_path}. Do not edit: change contracts/ \
         and run `cargo xtask openapi`."
    )
}

/// The document `json` read into openapiv3 and past the preflight checks.
fn read_back(label: &str, json: &str) -> Result<OpenAPI, ClientError> {
    let spec: OpenAPI = serde_json::from_str(json).map_err(|error| ClientError::Progenitor {
        version: label.to_owned(),
        message: format!("the document does not read as OpenAPI 3.0: {error}"),
    })?;
    preflight::check(label, &spec)?;
    Ok(spec)
}

/// Whether the document defines the error envelope (the client then gets `errors`).
fn has_envelope(spec: &OpenAPI) -> bool {
    spec.components
        .as_ref()
        .is_some_and(|components| components.schemas.contains_key(ERROR_ENVELOPE))
}
