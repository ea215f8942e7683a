//! The billing API's contract: Rust types and typed endpoint descriptions.
//!
//! This crate is the single source of truth, written in Charter's vocabulary
//! ([`charter_contract`]). `cargo xtask openapi` emits one OpenAPI document per version from it,
//! generated clients are built from those documents, and the billing server routes requests
//! through the same endpoint impls.
//!
//! - [`v1`] (stable) and [`v2`] (beta): the versioned surfaces.
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
pub mod v2;

use charter_contract::{Api, Scope, Scopes, StandardErrors};

/// Reading users and invoices.
pub const READ: Scope = Scope::new("billing:read", "Read users and invoices.");
/// Creating, changing and deleting users and invoices.
pub const WRITE: Scope =
    Scope::new("billing:write", "Create, change and delete users and invoices.");

/// The billing API, every version.
#[must_use]
pub fn api() -> Api {
    Api::new::<StandardErrors>("billing", "Billing API")
        .description(
            "Users and the invoices sent to them.\n\nEvery error answers with the envelope \
             `{\"error\": {\"code\", \"message\", \"details\"?}}`; the codes are listed in the \
             `ErrorCode` schema. Every versioned operation needs a short-lived bearer JWT and is \
             rate limited per token: a `429` carries `Retry-After`.",
        )
        .contact("Billing team", "billing-team@charter.invalid")
        .license("Proprietary", "https://billing.charter.invalid/terms")
        .tag("users", "People who can be invoiced.")
        .tag("invoices", "Bills sent to users.")
        .server("https://billing.charter.invalid", "Production")
        .server(
            "http://127.0.0.1:8080",
            "Reference server on a developer machine (`cargo xtask serve`)",
        )
        .scopes(Scopes { read: READ, write: WRITE })
        .version(v1::version())
        .version(v2::version())
}
