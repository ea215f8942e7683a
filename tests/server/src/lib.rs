//! The billing API's reference server: every operation of every version of the contract,
//! answered from an in-memory store both versions share, on charter-server.
//!
//! charter-server does everything that is not billing's: routing by endpoint (refusing to
//! start while an operation has no handler), bearer tokens, scopes, rate limits, the error
//! envelope, logs, `/health` and the graceful stop. This crate holds only the store, one module
//! of async handlers per version, and the binary.
//!
//! - [`app`]: the service over a fresh store, ready for [`charter_server::run`] or
//!   [`App::into_router`].
//! - [`router`]: the same inside charter-server's layers for a [`Config`]: what tests serve.
//! - [`serve`]: runs it from the flags of `cargo xtask serve` and of the `billing-server`
//!   binary until SIGTERM or Ctrl-C.
//!
//! Start it with `cargo xtask serve`; get a token with `cargo xtask dev-token`.

mod store;
mod v1;
mod v2;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use charter_server::{App, Config, Routes, RoutesError};
use tokio::sync::RwLock;

pub use charter_server::ServeArgs;

/// The billing service's state: the store `/v1` and `/v2` share. Clones share it.
#[derive(Clone, Debug, Default)]
pub struct Billing {
    store: Arc<RwLock<store::Store>>,
}

/// Every operation of every version, answered over `billing`'s store, and the store's health
/// check.
fn routes() -> Routes<Billing> {
    let routes =
        Routes::new(&contracts::api()).build_version(env!("CARGO_PKG_VERSION")).health_check(
            "store",
            |billing: Billing| async move { billing.store.read().await.check() },
        );
    v2::routes(v1::routes(routes))
}

/// The billing service over a fresh, empty store.
///
/// # Errors
/// When an operation the contract declares has no handler, or a handler answers one it does
/// not declare (a bug in this crate; the test suite builds it).
pub fn app() -> Result<App, RoutesError> {
    let router = routes().build()?.with_state(Billing::default());
    Ok(App::new(&contracts::api(), router))
}

/// The billing service over a fresh store, inside the layers of `config` (tokens, rate limits,
/// logs): what tests serve with [`charter_server::serve()`].
///
/// # Errors
/// As [`app`].
pub fn router(config: &Config) -> Result<Router, RoutesError> {
    Ok(app()?.into_router(config))
}

/// Runs the billing service as `args` say until SIGTERM or Ctrl-C, logging to standard output;
/// `default_keys_dir` holds the development key pair unless `--jwks` or `--keys-dir` says
/// otherwise. What `cargo xtask serve` and the `billing-server` binary call.
///
/// # Errors
/// When the routes are incomplete, the keys cannot be read or made, or the address cannot be
/// bound.
pub async fn serve(args: ServeArgs, default_keys_dir: PathBuf) -> anyhow::Result<()> {
    charter_server::run(args, default_keys_dir, app()?).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_operation_of_every_version_has_a_handler_and_nothing_else() {
        if let Err(error) = super::app() {
            panic!("{error}");
        }
    }
}
