//! The billing API's contract: Rust types and typed endpoint descriptions.
//!
//! This crate is the single source of truth. `cargo xtask openapi` emits one OpenAPI document
//! per [`Version`] from it, generated clients are built from those documents, and the reference
//! server routes requests through the same [`Endpoint`] impls.
//!
//! - [`api`]: the vocabulary: [`Endpoint`], [`Version`], [`Api`], [`Stability`].
//! - [`error`]: the error envelope and its documented codes, shared by every version.
//! - [`formats`]: serde helpers holding dates, timestamps and UUIDs to their documented formats.
//! - [`object`]: contract structs read only from JSON objects, never from arrays.
//! - [`health`]: `GET /health`, unversioned.
//! - [`v1`] (stable) and [`v2`] (beta): the versioned surfaces.
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
mod strategies;
pub mod v1;
pub mod v2;

pub use api::{
    Api, Auth, Body, Endpoint, Method, NoBody, NoParams, Scope, Server, Stability, Version,
};
pub use constrained::ConstraintError;
pub use error::{ErrorBody, ErrorCode, ErrorEnvelope, FieldError};

/// The billing API, every version.
#[must_use]
pub fn billing() -> Api {
    Api {
        name: "billing",
        title: "Billing API",
        description: "Users and the invoices sent to them.\n\nEvery error answers with the \
            envelope `{\"error\": {\"code\", \"message\", \"details\"?}}`; the codes are listed \
            in the `ErrorCode` schema. Every versioned operation needs a short-lived bearer JWT \
            and is rate limited per token: a `429` carries `Retry-After`.",
        contact: ("Billing team", "billing-team@charter.invalid"),
        license: ("Proprietary", "https://billing.charter.invalid/terms"),
        tags: vec![
            ("users", "People who can be invoiced."),
            ("invoices", "Bills sent to users."),
            ("health", "Whether the service works."),
        ],
        servers: vec![
            Server { url: "https://billing.charter.invalid", description: "Production" },
            Server {
                url: "http://127.0.0.1:8080",
                description: "Reference server on a developer machine (`cargo xtask serve`)",
            },
        ],
        versions: vec![with_shared(v1::version()), with_shared(v2::version())],
    }
}

/// Adds what every version's document holds: `/health` and the error envelope.
fn with_shared(version: Version) -> Version {
    version
        .operation::<health::GetHealth>()
        .schema::<health::Health>()
        .schema::<health::HealthCheck>()
        .schema::<health::HealthStatus>()
        .schema::<ErrorEnvelope>()
        .schema::<ErrorBody>()
        .schema::<ErrorCode>()
        .schema::<FieldError>()
}
