//! The billing API's reference server: every operation of every version of the contract,
//! answered from one store both versions share, on charter-server: in memory by default, or
//! Postgres with `--database-url`.
//!
//! charter-server does everything that is not billing's: routing by endpoint (refusing to
//! start while an operation has no handler), bearer tokens, scopes, rate limits, the error
//! envelope, logs, `/health` and the graceful stop. This crate holds only the store, one module
//! of async handlers per version, the Postgres store's migrations (`migrations/`), and the
//! binary.
//!
//! - [`app`]: the service over a fresh store, ready for [`charter_server::run`] or
//!   [`App::into_router`].
//! - [`router`]: the same inside charter-server's layers for a [`Config`]: what tests serve.
//! - [`app_on`], [`router_on`]: the same over a [`Postgres`] store.
//! - [`serve`]: runs it from the flags of `cargo xtask serve` and of the `billing-server`
//!   binary ([`Args`]) until SIGTERM or Ctrl-C, then closes the database pool.
//!
//! Start it with `cargo xtask serve`; get a token with `cargo xtask dev-token`.

mod store;
mod v1;
mod v2;

use std::path::PathBuf;

use axum::Router;
use charter_server::{App, Config, Routes, RoutesError};

pub use charter_server::ServeArgs;
pub use store::postgres::Postgres;
use store::{Memory, Store};

/// The billing service's state: the store `/v1` and `/v2` share. Clones share it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Billing<S = Memory> {
    store: S,
}

/// Every operation of every version, answered over `billing`'s store, and the store's health
/// check (`store` in memory, `database` on Postgres).
fn routes<S: Store>(check: &str) -> Routes<Billing<S>> {
    let routes = Routes::new(&contracts::api())
        .build_version(env!("CARGO_PKG_VERSION"))
        .health_check(check, |billing: Billing<S>| async move { billing.store.check().await });
    v2::routes(v1::routes(routes))
}

/// The service over `store`.
fn app_with<S: Store>(store: S, check: &str) -> Result<App, RoutesError> {
    let router = routes::<S>(check).build()?.with_state(Billing { store });
    Ok(App::new(&contracts::api(), router))
}

/// The billing service over a fresh, empty in-memory store.
///
/// # Errors
/// When an operation the contract declares has no handler, or a handler answers one it does
/// not declare (a bug in this crate; the test suite builds it).
pub fn app() -> Result<App, RoutesError> {
    app_with(Memory::default(), "store")
}

/// The billing service over the Postgres store `database`.
///
/// # Errors
/// As [`app`].
pub fn app_on(database: Postgres) -> Result<App, RoutesError> {
    app_with(database, "database")
}

/// The billing service over a fresh in-memory store, inside the layers of `config` (tokens,
/// rate limits, logs): what tests serve with [`charter_server::serve()`].
///
/// # Errors
/// As [`app`].
pub fn router(config: &Config) -> Result<Router, RoutesError> {
    Ok(app()?.into_router(config))
}

/// [`router`] over the Postgres store `database`.
///
/// # Errors
/// As [`app`].
pub fn router_on(config: &Config, database: Postgres) -> Result<Router, RoutesError> {
    Ok(app_on(database)?.into_router(config))
}

/// The flags of the billing server: Charter's, and where its data lives.
#[derive(Clone, Debug, clap::Args)]
pub struct Args {
    /// Charter's flags: address, tokens, rate limits, graceful stop.
    #[command(flatten)]
    pub serve: ServeArgs,
    /// Keep users and invoices in this Postgres database
    /// (postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE), applying the migrations it lacks at
    /// start; without it they live in memory and are gone when the server stops.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
}

/// Runs the billing service as `args` say until SIGTERM or Ctrl-C, logging to standard output;
/// `default_keys_dir` holds the development key pair unless `--jwks` or `--keys-dir` says
/// otherwise. On Postgres, the pool closes after the requests in flight are answered. What
/// `cargo xtask serve` and the `billing-server` binary call.
///
/// # Errors
/// When the routes are incomplete, the database cannot be reached or migrated, the keys cannot
/// be read or made, or the address cannot be bound.
pub async fn serve(args: Args, default_keys_dir: PathBuf) -> anyhow::Result<()> {
    let Some(url) = &args.database_url else {
        return charter_server::run(args.serve, default_keys_dir, app()?).await;
    };
    let database = Postgres::connect(url).await?;
    let served = charter_server::run(args.serve, default_keys_dir, app_on(database.clone())?).await;
    database.close();
    eprintln!("closed the database pool");
    served
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
