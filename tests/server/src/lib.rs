//! The billing API's reference server: an axum server built on the contracts' endpoint
//! descriptions, with an in-memory store both versions share.
//!
//! It follows the service handbook: a bearer JWT verified against a JWKS on every versioned
//! request, a token bucket per token and endpoint answering `429` with `Retry-After`, every
//! failure in the error envelope with a documented code, internal errors logged in full and
//! answered generically, one JSON log line per request, `/health`, and a graceful stop on SIGTERM
//! that finishes in-flight requests.
//!
//! Start it with `cargo xtask serve`; get a token with `cargo xtask dev-token`.

pub mod auth;
mod endpoint;
mod error;
mod log;
mod rate_limit;
mod store;
mod v1;
mod v2;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Context as _;
use axum::Router;
use contracts::health::{GetHealth, Health, HealthCheck, HealthStatus};
use tokio::net::TcpListener;

use crate::endpoint::{AppState, Input, Routes};
use crate::error::ApiError;

pub use log::LogSink;
pub use rate_limit::RateLimit;

/// Everything the server needs besides a listener.
pub struct Config {
    /// Verifies bearer tokens.
    pub verifier: auth::Verifier,
    /// The rate limit per token and endpoint.
    pub rate_limit: RateLimit,
    /// Where log lines go.
    pub log: LogSink,
}

/// Every operation of every version, and `/health`.
fn routes() -> Routes {
    v2::routes(v1::routes(Routes::new().add::<GetHealth>(health)))
}

/// The router answering every operation of every version of the billing API.
pub fn router(config: Config) -> Router {
    let state = Arc::new(AppState {
        store: Mutex::new(store::Store::default()),
        verifier: config.verifier,
        limiter: rate_limit::Limiter::new(config.rate_limit),
        log: config.log,
    });
    routes().into_router(state)
}

/// Serves on `listener` until `shutdown` completes, then finishes the requests in flight.
///
/// # Errors
/// When accepting connections fails.
pub async fn serve(
    listener: TcpListener,
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(config)).with_graceful_shutdown(shutdown).await
}

fn health(state: &AppState, _: Input<GetHealth>) -> Result<Health, ApiError> {
    let started = Instant::now();
    let status = if state.store().is_readable() { HealthStatus::Ok } else { HealthStatus::Failing };
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Ok(Health {
        status,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        checks: vec![HealthCheck { name: "store".to_owned(), status, duration_ms }],
    })
}

/// Flags of `cargo xtask serve` and of the `billing-server` binary.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// A JWKS file holding the public keys tokens must be signed with. Without it, the server
    /// trusts the development key pair in --keys-dir, created on first start.
    #[arg(long, value_name = "FILE")]
    pub jwks: Option<PathBuf>,
    /// Where the development key pair lives [default: target/dev-keys in the workspace].
    #[arg(long, value_name = "DIR")]
    pub keys_dir: Option<PathBuf>,
    /// How many requests a token may make to one endpoint in a burst.
    #[arg(long, default_value_t = 60)]
    pub rate_limit_burst: u32,
    /// How many requests per second a token regains for each endpoint.
    #[arg(long, default_value_t = 1.0)]
    pub rate_limit_per_second: f64,
}

/// Runs the server as `args` say until SIGTERM or Ctrl-C, logging to standard output.
/// `default_keys_dir` is used when `--keys-dir` is not given.
///
/// # Errors
/// When the keys cannot be read or made, or the address cannot be bound.
pub async fn run(args: ServeArgs, default_keys_dir: PathBuf) -> anyhow::Result<()> {
    let verifier = match &args.jwks {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            auth::Verifier::from_jwks(&text)
                .with_context(|| format!("{} is not a usable JWKS", path.display()))?
        }
        None => {
            let dir = args.keys_dir.clone().unwrap_or(default_keys_dir);
            let keys = auth::DevKeys::load_or_create(&dir)?;
            eprintln!(
                "trusting the development key pair in {}; get a token with `cargo xtask dev-token`",
                dir.display()
            );
            keys.verifier()?
        }
    };
    let listener = TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let address = listener.local_addr().context("cannot read the bound address")?;
    eprintln!("listening on http://{address}");
    let config = Config {
        verifier,
        rate_limit: RateLimit {
            burst: args.rate_limit_burst,
            per_second: args.rate_limit_per_second,
        },
        log: LogSink::stdout(),
    };
    serve(listener, config, stop_signal()).await.context("the server failed")?;
    eprintln!("stopped");
    Ok(())
}

/// Completes on SIGTERM or Ctrl-C.
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = terminate.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_of_every_version_is_routed_and_nothing_else() {
        let routes = routes();
        let mut routed: Vec<(contracts::Method, &str)> = routes.routed();
        routed.sort();
        let mut described: Vec<(contracts::Method, &str)> = contracts::billing()
            .versions
            .iter()
            .flat_map(|version| {
                version.operations.iter().map(|operation| (operation.method, operation.path))
            })
            .collect();
        described.sort();
        described.dedup();
        assert_eq!(routed, described);
    }
}
