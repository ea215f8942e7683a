//! axum glue for a Charter service: the contract's [`Endpoint`](charter_contract::Endpoint)s
//! become routes, and every request is authenticated, scoped, rate limited, logged and answered
//! in the error envelope the documents describe.
//!
//! A team builds its service in three steps:
//!
//! 1. [`Routes::new(&api)`](Routes::new), one [`add`](Routes::add) per endpoint with an async
//!    handler `async fn(S, Input<E>) -> Result<E::Response, ApiError>` over its own state `S`,
//!    [`health_check`](Routes::health_check)s for `/health`, then [`build`](Routes::build): it
//!    refuses, naming each, while an operation the API declares has no handler.
//! 2. `Router::with_state(state)`, and `merge` of the team's own axum routes, which use the same
//!    [`ApiError`], [`Caller`] and [`TraceId`] extractors and the
//!    [`RequireScope`] route layer.
//! 3. [`run`] with the [`ServeArgs`] flags, or [`Config::layer`] and [`serve()`] by hand (tests).
//!
//! Modules, one concern each:
//!
//! - [`routes`]: routing by endpoint, missing and undeclared handlers, `404` and `405`.
//! - [`input`]: path, query and body read into the endpoint's types (`400` naming fields).
//! - [`error`]: [`ApiError`] and its envelope response; internal causes only in the log.
//! - [`auth`]: bearer JWTs verified against a JWKS ([`auth::AuthLayer`], [`Caller`]), the
//!   development key pair ([`auth::DevKeys`]), token rules from configuration.
//! - [`guard`]: `401`, `403`, `429` for a protected route.
//! - [`rate_limit`]: token buckets per token and endpoint, in the process or in Redis.
//! - [`log`]: one JSON line per request, trace ids, panics answered as `internal`.
//! - [`health`]: `/health` from the application's checks.
//! - [`serve`](mod@serve): layers, flags, graceful stop on SIGTERM or Ctrl-C.
//!
//! This crate knows no API: names, scopes, paths and texts come from the caller's
//! [`Api`](charter_contract::Api).

pub mod auth;
pub mod error;
pub mod guard;
pub mod health;
pub mod input;
pub mod log;
mod panic;
pub mod rate_limit;
pub mod routes;
pub mod serve;

pub use auth::{AuthLayer, Caller};
pub use error::ApiError;
pub use guard::RequireScope;
pub use input::Input;
pub use log::{LogSink, RequestLogLayer, TraceId};
pub use rate_limit::{Limiter, OnStoreError, RateLimit, RateLimitLayer};
pub use routes::{Handler, RouteInfo, RouteProblem, Routes, RoutesError};
pub use serve::{App, Config, ServeArgs, run, serve, stop_signal};
