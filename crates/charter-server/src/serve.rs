//! Running a service: [`Config`] puts the cross-cutting layers around a router, [`serve`]
//! answers on a listener until told to stop, and [`run`] does both from the flags of
//! [`ServeArgs`], for a team's binary and for `cargo xtask serve`.
//!
//! ```no_run
//! use charter_server::{App, ServeArgs};
//! # fn notes_router() -> axum::Router { axum::Router::new() }
//! # fn notes_api() -> charter_contract::Api {
//! #     charter_contract::Api::new::<charter_contract::StandardErrors>("notes", "Notes")
//! # }
//!
//! #[derive(clap::Parser)]
//! struct Cli {
//!     #[command(flatten)]
//!     serve: ServeArgs,
//! }
//!
//! #[tokio::main]
//! async fn main() -> anyhow::Result<()> {
//!     let cli = <Cli as clap::Parser>::parse();
//!     let app = App::new(&notes_api(), notes_router());
//!     charter_server::run(cli.serve, "target/dev-keys".into(), app).await
//! }
//! ```

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use axum::Router;
use charter_contract::Api;
use tokio::net::TcpListener;

use crate::auth::{AuthLayer, DevKeys, JwtConfig, Verifier};
use crate::log::{LogSink, RequestLogLayer};
use crate::rate_limit::redis::RedisBuckets;
use crate::rate_limit::{Limiter, OnStoreError, RateLimit, RateLimitLayer};

/// The flags of a Charter service: `cargo xtask serve` and a team's own server binary.
#[derive(Clone, Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// A JWKS file holding the public keys tokens must be signed with (RSA, EC or Ed25519).
    /// Without it, the server trusts the development key pair in --keys-dir, created on first
    /// start.
    #[arg(long, value_name = "FILE")]
    pub jwks: Option<PathBuf>,
    /// Where the development key pair lives [default: target/dev-keys in the workspace].
    #[arg(long, value_name = "DIR")]
    pub keys_dir: Option<PathBuf>,
    /// The `iss` tokens must carry, e.g. your identity provider's issuer URL [default: the
    /// API's name followed by -dev, the development key pair's issuer].
    #[arg(long, value_name = "ISSUER")]
    pub issuer: Option<String>,
    /// The audience tokens must be for (`aud`, or one of a list) [default: the API's name].
    #[arg(long, value_name = "AUDIENCE")]
    pub audience: Option<String>,
    /// The realm named in `WWW-Authenticate` on 401 answers [default: the API's name].
    #[arg(long, value_name = "REALM")]
    pub realm: Option<String>,
    /// How many requests a token may make to one endpoint in a burst.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit_burst: u32,
    /// How many requests per second a token regains for each endpoint.
    #[arg(long, default_value_t = 1.0, value_parser = positive_rate)]
    pub rate_limit_per_second: f64,
    /// Keep the rate limit's buckets in this Redis (`redis://[:password@]host[:port][/db]`),
    /// so that every instance pointing at it gives a client one budget [default: in this
    /// process].
    #[arg(long, value_name = "URL")]
    pub redis_url: Option<String>,
    /// What a request is answered while Redis fails: `open` lets it through unlimited,
    /// `closed` answers `500 internal`. Either way the log names what failed.
    #[arg(long, value_enum, default_value_t = OnStoreError::Open, value_name = "POLICY")]
    pub rate_limit_on_redis_error: OnStoreError,
    /// How long requests in flight may take to finish after SIGTERM or Ctrl-C, in seconds.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub shutdown_grace: u64,
}

/// A rate that is a positive, finite number.
fn positive_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if rate.is_finite() && rate > 0.0 => Ok(rate),
        _ => Err(format!("`{text}` is not a positive number of requests per second")),
    }
}

impl ServeArgs {
    /// What tokens must say for the API called `api_name`: the flags, or the defaults of
    /// [`JwtConfig::for_api`].
    #[must_use]
    pub fn jwt_config(&self, api_name: &str) -> JwtConfig {
        let defaults = JwtConfig::for_api(api_name);
        JwtConfig {
            issuer: self.issuer.clone().unwrap_or(defaults.issuer),
            audience: self.audience.clone().unwrap_or(defaults.audience),
            realm: self.realm.clone().unwrap_or(defaults.realm),
            ..defaults
        }
    }

    /// The rate limit the flags ask for.
    #[must_use]
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit { burst: self.rate_limit_burst, per_second: self.rate_limit_per_second }
    }

    /// The rate limit with its buckets where the flags say: in Redis under keys starting
    /// `rate-limit:<api_name>:` with `--redis-url`, else in this process.
    ///
    /// # Errors
    /// When `--redis-url` is not a Redis URL.
    pub fn limiter(&self, api_name: &str) -> anyhow::Result<Limiter> {
        let limit = self.rate_limit();
        Ok(match &self.redis_url {
            Some(url) => Limiter::with_buckets(
                limit,
                RedisBuckets::new(url, format!("rate-limit:{api_name}:"))?,
                self.rate_limit_on_redis_error,
            ),
            None => Limiter::new(limit),
        })
    }
}

/// What the layers around an application's router need: who to trust, how often a token may
/// call and where its buckets are, where logs go.
#[derive(Clone, Debug)]
pub struct Config {
    /// Verifies bearer tokens.
    pub verifier: Verifier,
    /// The rate limit per token and endpoint, in buckets of this process unless
    /// [`limiter`](Self::limiter) is set.
    pub rate_limit: RateLimit,
    /// The buckets to use instead, e.g. in Redis ([`Config::with_limiter`]).
    pub limiter: Option<Limiter>,
    /// Where log lines go.
    pub log: LogSink,
}

impl Config {
    /// Trusts `verifier`, with the default rate limit and logs on standard output.
    #[must_use]
    pub fn new(verifier: Verifier) -> Self {
        Config { verifier, rate_limit: RateLimit::default(), limiter: None, log: LogSink::stdout() }
    }

    /// The config with `rate_limit`, in buckets of this process.
    #[must_use]
    pub fn with_rate_limit(mut self, rate_limit: RateLimit) -> Self {
        self.rate_limit = rate_limit;
        self.limiter = None;
        self
    }

    /// The config with `limiter`'s limit, buckets and policy, e.g.
    /// `Limiter::with_buckets(limit, RedisBuckets::new(url, prefix)?, OnStoreError::Open)`.
    #[must_use]
    pub fn with_limiter(mut self, limiter: Limiter) -> Self {
        self.rate_limit = limiter.limit();
        self.limiter = Some(limiter);
        self
    }

    /// The config logging to `log`.
    #[must_use]
    pub fn with_log(mut self, log: LogSink) -> Self {
        self.log = log;
        self
    }

    /// `router` inside the layers of a Charter service, outermost first:
    /// [`RequestLogLayer`], [`AuthLayer`], [`RateLimitLayer`]. Apply it last, after merging
    /// every route, so that each is logged, authenticated and limited alike.
    pub fn layer(&self, router: Router) -> Router {
        router
            .layer(match &self.limiter {
                Some(limiter) => RateLimitLayer::with_limiter(limiter.clone()),
                None => RateLimitLayer::new(self.rate_limit),
            })
            .layer(AuthLayer::new(self.verifier.clone()))
            .layer(RequestLogLayer::new(self.log.clone()))
    }
}

/// An application ready to serve: its API's name (for defaults such as the token audience)
/// and its router, state given.
#[derive(Clone, Debug)]
pub struct App {
    name: &'static str,
    router: Router,
}

impl App {
    /// The application answering `api` with `router` (from
    /// [`Routes::build`](crate::Routes::build), state given, own routes merged).
    #[must_use]
    pub fn new(api: &Api, router: Router) -> Self {
        App { name: api.name, router }
    }

    /// The API's name.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The router inside the layers of `config` ([`Config::layer`]).
    pub fn into_router(self, config: &Config) -> Router {
        config.layer(self.router)
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then stops accepting connections
/// and finishes the requests in flight.
///
/// # Errors
/// When accepting connections fails.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router).with_graceful_shutdown(shutdown).await
}

/// Runs `app` as `args` say until SIGTERM or Ctrl-C, logging to standard output.
/// `default_keys_dir` holds the development key pair when neither `--jwks` nor `--keys-dir`
/// is given. Prints `listening on http://<address>` to standard error once it accepts
/// connections, and `stopped` once the requests in flight are answered (or the grace period
/// ran out).
///
/// # Errors
/// When the keys cannot be read or made, `--redis-url` is not a Redis URL, or the address
/// cannot be bound.
pub async fn run(args: ServeArgs, default_keys_dir: PathBuf, app: App) -> anyhow::Result<()> {
    let jwt = args.jwt_config(app.name());
    let verifier = match &args.jwks {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Verifier::from_jwks(&text, jwt)
                .with_context(|| format!("{} is not a usable JWKS", path.display()))?
        }
        None => {
            let dir = args.keys_dir.clone().unwrap_or(default_keys_dir);
            let keys = DevKeys::load_or_create(&dir)?;
            eprintln!(
                "trusting the development key pair in {} (issuer `{}`, audience `{}`)",
                dir.display(),
                jwt.issuer,
                jwt.audience
            );
            keys.verifier(jwt)?
        }
    };
    let listener = TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let address = listener.local_addr().context("cannot read the bound address")?;
    let limiter = args.limiter(app.name())?;
    if args.redis_url.is_some() {
        eprintln!(
            "rate limit buckets in {}; while it fails, requests are {}",
            limiter.describe(),
            match limiter.on_error() {
                OnStoreError::Open => "let through (open)",
                OnStoreError::Closed => "answered 500 internal (closed)",
            }
        );
    }
    let config = Config::new(verifier).with_limiter(limiter);
    let router = app.into_router(&config);
    eprintln!("listening on http://{address}");

    let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
    let signal = async move {
        stop_signal().await;
        let _ = stopping.send(());
    };
    let grace = Duration::from_secs(args.shutdown_grace);
    let deadline = async move {
        match stopped.await {
            Ok(()) => tokio::time::sleep(grace).await,
            // The server ended without a signal: nothing to wait for.
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        served = serve(listener, router, signal) => served.context("the server failed")?,
        () = deadline => eprintln!(
            "requests still in flight after {} s; stopping without them",
            grace.as_secs()
        ),
    }
    eprintln!("stopped");
    Ok(())
}

/// Completes on SIGTERM or Ctrl-C (SIGINT).
pub async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut terminate) = signal(SignalKind::terminate()) else {
            let _ = tokio::signal::ctrl_c().await;
            return;
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
    use clap::Parser as _;

    #[derive(Debug, clap::Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeArgs,
    }

    #[test]
    fn token_rules_default_to_the_api_name_and_follow_the_flags() {
        let defaults = Cli::try_parse_from(["serve"]).unwrap().serve;
        let jwt = defaults.jwt_config("notes");
        assert_eq!(
            (jwt.issuer.as_str(), jwt.audience.as_str(), jwt.realm.as_str()),
            ("notes-dev", "notes", "notes")
        );
        let flags = Cli::try_parse_from([
            "serve",
            "--issuer",
            "https://login.example.com/",
            "--audience",
            "api://notes",
            "--realm",
            "Notes",
        ])
        .unwrap()
        .serve;
        let jwt = flags.jwt_config("notes");
        assert_eq!(
            (jwt.issuer.as_str(), jwt.audience.as_str(), jwt.realm.as_str()),
            ("https://login.example.com/", "api://notes", "Notes")
        );
        assert_eq!(jwt.max_lifetime_secs, crate::auth::MAX_LIFETIME_SECS);
    }

    #[test]
    fn nonsense_rate_limits_are_usage_errors() {
        for flags in [
            ["serve", "--rate-limit-burst", "0"],
            ["serve", "--rate-limit-per-second", "0"],
            ["serve", "--rate-limit-per-second", "-1"],
            ["serve", "--rate-limit-per-second", "NaN"],
            ["serve", "--rate-limit-per-second", "inf"],
        ] {
            assert!(Cli::try_parse_from(flags).is_err(), "{flags:?}");
        }
        let limited = Cli::try_parse_from(["serve", "--rate-limit-per-second", "0.5"]).unwrap();
        assert_eq!(limited.serve.rate_limit(), RateLimit { burst: 60, per_second: 0.5 });
    }

    #[test]
    fn the_rate_limit_store_and_its_policy_follow_the_flags() {
        let defaults = Cli::try_parse_from(["serve"]).unwrap().serve;
        let memory = defaults.limiter("notes").unwrap();
        assert_eq!(memory.describe(), "the memory of this process");
        assert_eq!(memory.on_error(), OnStoreError::Open);

        let redis = Cli::try_parse_from([
            "serve",
            "--redis-url",
            "redis://:secret@127.0.0.1:6390/1",
            "--rate-limit-on-redis-error",
            "closed",
        ])
        .unwrap()
        .serve;
        let limiter = redis.limiter("notes").unwrap();
        assert_eq!(limiter.describe(), "redis at 127.0.0.1:6390 (keys rate-limit:notes:*)");
        assert_eq!(limiter.on_error(), OnStoreError::Closed);

        let policy = Cli::try_parse_from(["serve", "--rate-limit-on-redis-error", "maybe"]);
        assert!(policy.unwrap_err().to_string().contains("possible values: open, closed"));
        let url = Cli::try_parse_from(["serve", "--redis-url", "127.0.0.1:6379"]).unwrap().serve;
        let wrong = url.limiter("notes").unwrap_err().to_string();
        assert!(wrong.contains("`--redis-url` is not a Redis URL"), "{wrong}");
    }
}
