//! The {{Title}} API's contract: Rust types and typed endpoint descriptions.
//!
//! This crate is the single source of truth, written in Charter's vocabulary
//! ([`charter_contract`]). `cargo xtask openapi` emits one OpenAPI document per version from it
//! into `generated/openapi/` and one typed client crate per version into `generated/clients/`;
//! the service in `tests/server` routes requests through the same endpoint impls.
//!
//! - [`v1`] (stable): the first version.
//! - [`READ`] and [`WRITE`]: the scopes a token needs.
//!
//! `GET /health` and the error envelope come with every version from [`Api::version`].
//!
//! To add a type, derive `Serialize`, `Deserialize` and `JsonSchema` on it (and, for the
//! round-trip tests, `#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]`)
//! and register it with `Version::schema` in every version that reaches it. To add an endpoint,
//! implement [`charter_contract::Endpoint`] on a unit struct and add it with
//! `Version::operation`.

pub mod v1;

use charter_contract::{Api, Scope, Scopes, StandardErrors};

/// Reading items.
pub const READ: Scope = Scope::new("{{name}}:read", "Read items.");
/// Creating items.
pub const WRITE: Scope = Scope::new("{{name}}:write", "Create items.");

/// The {{Title}} API, every version.
#[must_use]
pub fn api() -> Api {
    Api::new::<StandardErrors>("{{name}}", "{{Title}} API")
        .description(
            "Items the service keeps, each with a name.\n\nEvery error answers with the envelope \
             `{\"error\": {\"code\", \"message\", \"details\"?}}`; the codes are listed in the \
             `ErrorCode` schema. Every versioned operation needs a short-lived bearer JWT and is \
             rate limited per token: a `429` carries `Retry-After`.",
        )
        .tag("items", "Named things the service keeps.")
        .server(
            "http://127.0.0.1:8080",
            "Reference server on a developer machine (`cargo xtask serve`)",
        )
        .scopes(Scopes {
            read: READ,
            write: WRITE,
        })
        .version(v1::version())
}
