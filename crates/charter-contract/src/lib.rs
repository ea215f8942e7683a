//! Charter's contract vocabulary: what a team writes its API's single source of truth in.
//!
//! A contract crate holds Rust types (serde + schemars) and one [`Endpoint`] impl per operation,
//! grouped into [`Version`]s of an [`Api`]. charter-openapi emits one OpenAPI document per
//! version from them, charter-clients a typed client crate per document, charter-server routes
//! requests through the same impls, and charter-roundtrip proves that types, documents and
//! clients read every schema alike.
//!
//! - [`api`]: [`Endpoint`], [`Version`], [`Api`], [`Stability`], [`Auth`], [`Scope`].
//! - [`error`]: the error envelope, [`ErrorCode`] and the [`ErrorCatalogue`] an API extends.
//! - [`constrained_string!`] and [`constrained_integer!`]: newtypes whose Rust checks and schema
//!   constraints come from one declaration.
//! - [`formats`]: serde helpers holding dates, timestamps and UUIDs to their documented formats.
//! - [`object`] and [`object_only!`]: contract structs read only from JSON objects.
//! - [`health`]: `GET /health`, added to every version.
//! - `strategies` (feature `proptest`): generated values of every registered type.
//!
//! To add a type, derive `Serialize`, `Deserialize` and `JsonSchema` on it and register it with
//! [`Version::schema`] in every version that reaches it. To add an endpoint, implement
//! [`Endpoint`] on a unit struct and add it with [`Version::operation`].

pub mod api;
mod constrained;
pub mod error;
pub mod formats;
pub mod health;
pub mod object;
#[cfg(feature = "proptest")]
pub mod strategies;

pub use api::{
    Api, Auth, Body, Endpoint, Generate, Method, NamedSchema, NoBody, NoParams, Operation, Scope,
    Scopes, Server, Stability, Version, not_null,
};
pub use constrained::ConstraintError;
#[doc(hidden)]
pub use constrained::doc_text;
pub use error::{
    Code, ErrorBody, ErrorCatalogue, ErrorCode, ErrorEnvelope, FieldError, StandardErrors,
};

/// What the exported macros expand to; not part of the API.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "proptest")]
    pub use proptest;
}
