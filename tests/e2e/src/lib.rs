//! A reference server on an ephemeral loopback port, with generated clients pointed at it.
//!
//! Each [`TestServer`] has its own store, keys and log, so tests run in parallel without seeing
//! each other. The store is in memory, or, with the feature `services` (which
//! `cargo xtask test-services` turns on), a fresh database on a throwaway Postgres the test
//! process starts itself: the same suite runs against both stores.

use std::io::Write;
use std::sync::{Arc, Mutex};

use charter_server::auth::{Claims, DevKeys, JwtConfig};
use charter_server::{Config, LogSink, RateLimit};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The name of the store's check in `GET /health`.
pub const STORE_CHECK: &str = if cfg!(feature = "services") { "database" } else { "store" };

/// Both scopes a full-access token carries.
pub const ALL_SCOPES: [&str; 2] = [contracts::READ.name, contracts::WRITE.name];

/// A log sink tests can read back.
#[derive(Clone, Default)]
struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A running reference server.
pub struct TestServer {
    /// Its base URL, e.g. `http://127.0.0.1:43817`.
    pub url: String,
    keys: DevKeys,
    jwt: JwtConfig,
    log: SharedBuffer,
    stop: Option<oneshot::Sender<()>>,
}

impl TestServer {
    /// Starts a server with a generous rate limit.
    pub async fn start() -> Self {
        Self::with_rate_limit(RateLimit { burst: 10_000, per_second: 10_000.0 }).await
    }

    /// Starts a server with `rate_limit` per token and endpoint.
    pub async fn with_rate_limit(rate_limit: RateLimit) -> Self {
        let keys = DevKeys::generate().expect("key pair");
        let jwt = JwtConfig::for_api(contracts::api().name);
        let log = SharedBuffer::default();
        let config = Config::new(keys.verifier(jwt.clone()).expect("verifier"))
            .with_rate_limit(rate_limit)
            .with_log(LogSink::to(log.clone()));
        let router = store_router(&config).await;
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let url = format!("http://{}", listener.local_addr().expect("bound address"));
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(charter_server::serve(listener, router, async {
            let _ = stopped.await;
        }));
        TestServer { url, keys, jwt, log, stop: Some(stop) }
    }

    /// A valid token for `subject` with `scopes`.
    pub fn token(&self, subject: &str, scopes: &[&str]) -> String {
        self.keys.mint(&Claims::new(&self.jwt, subject, scopes, 300)).expect("token")
    }

    /// `GET path` with `token`, without a generated client: the status and the JSON body
    /// (`null` when there is none). For answers a document may not list yet.
    pub async fn get_json(&self, path: &str, token: Option<&str>) -> (u16, serde_json::Value) {
        let response =
            Self::http(token).get(format!("{}{path}", self.url)).send().await.expect("an answer");
        let status = response.status().as_u16();
        let bytes = response.bytes().await.expect("a body");
        (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
    }

    /// An HTTP client that sends `token` (none when `None`).
    pub fn http(token: Option<&str>) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(token) = token {
            let value = format!("Bearer {token}").parse().expect("header value");
            headers.insert(reqwest::header::AUTHORIZATION, value);
        }
        reqwest::Client::builder().default_headers(headers).build().expect("HTTP client")
    }

    /// The `/v1` client, authenticated with `token`.
    pub fn v1(&self, token: Option<&str>) -> billing_client_v1::Client {
        billing_client_v1::Client::new_with_client(&self.url, Self::http(token))
    }

    /// The `/v2` client, authenticated with `token`.
    pub fn v2(&self, token: Option<&str>) -> billing_client_v2::Client {
        billing_client_v2::Client::new_with_client(&self.url, Self::http(token))
    }

    /// Every log line written so far, parsed.
    pub fn log_lines(&self) -> Vec<serde_json::Value> {
        let bytes = self.log.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        String::from_utf8_lossy(&bytes)
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|error| panic!("log line {line:?}: {error}"))
            })
            .collect()
    }
}

/// The service inside `config`'s layers, in memory.
#[cfg(not(feature = "services"))]
async fn store_router(config: &Config) -> axum::Router {
    billing_server::router(config).expect("every operation has a handler")
}

/// The service inside `config`'s layers, on a fresh database of the process's throwaway
/// Postgres (started on first use, stopped when the process ends).
#[cfg(feature = "services")]
async fn store_router(config: &Config) -> axum::Router {
    let url = tokio::task::spawn_blocking(|| {
        charter_testing::Postgres::shared().and_then(charter_testing::Postgres::fresh_database)
    })
    .await
    .expect("starting Postgres")
    .unwrap_or_else(|error| panic!("{error}"));
    let database = billing_server::Postgres::connect(&url)
        .await
        .unwrap_or_else(|error| panic!("{url}: {error:#}"));
    billing_server::router_on(config, database).expect("every operation has a handler")
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
