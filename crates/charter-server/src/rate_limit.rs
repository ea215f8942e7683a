//! Rate limits: a token bucket per bearer token and endpoint, answering `429 rate_limited` with
//! `Retry-After`.
//!
//! [`RateLimitLayer`] hands a [`Limiter`] to every request below it; the guards of protected
//! routes ([`RequireScope`](crate::guard::RequireScope) and endpoint routes) take one request
//! from the bucket of (token, method, path template) once the caller has passed the scope check.
//! Public routes and anonymous requests are never limited, and without the layer nothing is.
//!
//! Where the buckets live is a [`Buckets`] store: [`MemoryBuckets`] (the default) keeps them in
//! the process, so each instance of a service gives a client its own budget;
//! [`RedisBuckets`](redis::RedisBuckets) keeps them in Redis, one atomic script per take, so any
//! number of instances sharing one Redis give a client one budget (`--redis-url`).
//!
//! A store can fail (Redis down, slow or refusing). The limiter never waits longer than the
//! store's timeouts, writes an `error` line to the log naming what failed, and then follows its
//! [`OnStoreError`] policy (`--rate-limit-on-redis-error`):
//!
//! - `open` (the default): the request goes on, unlimited. The limit protects the service from
//!   a client's excess; losing it for the length of an outage harms less than refusing every
//!   authenticated request.
//! - `closed`: the request is answered `500 internal` in the error envelope, its cause in the
//!   log under the trace id. Not `429`: the caller has not spent its budget, a `Retry-After`
//!   could not name when Redis returns, and an outage should count as the server's failure
//!   (5xx) wherever answers are monitored. Every operation documents `internal`.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::Request;
use charter_contract::ErrorCode;
use serde_json::Map;
use tower::{Layer, Service};

use crate::error::ApiError;
use crate::log::{self, Level};

pub mod redis;

/// How many requests a token may make to one endpoint: `burst` at once, refilled at
/// `per_second`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    /// The bucket's size (at least 1 is used).
    pub burst: u32,
    /// Requests regained per second (a positive, finite number; anything else counts as the
    /// smallest positive rate).
    pub per_second: f64,
}

impl Default for RateLimit {
    /// 60 at once, one more per second.
    fn default() -> Self {
        RateLimit { burst: 60, per_second: 1.0 }
    }
}

impl RateLimit {
    /// The bucket's size, at least 1.
    #[must_use]
    pub fn size(&self) -> f64 {
        f64::from(self.burst.max(1))
    }

    /// The refill rate, `per_second` if positive and finite, else the smallest positive rate.
    #[must_use]
    pub fn rate(&self) -> f64 {
        if self.per_second.is_finite() && self.per_second > 0.0 {
            self.per_second
        } else {
            f64::MIN_POSITIVE
        }
    }
}

/// What a take from a bucket gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    /// The bucket held a request; it now holds one less.
    Granted,
    /// The bucket is empty: it holds a request again in this many whole seconds (at least 1).
    Empty {
        /// Seconds until the next request is granted, sent as `Retry-After`.
        retry_after: u64,
    },
}

/// A bucket store failed: what it is, and what went wrong, for the log (never for callers).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{store}: {message}")]
pub struct StoreError {
    /// The store, e.g. `redis at 127.0.0.1:6379`.
    pub store: String,
    /// What failed, e.g. `cannot connect within 1000 ms: Connection refused (os error 111)`.
    pub message: String,
}

/// A future a [`Buckets`] store answers with.
pub type TakeFuture<'a> = Pin<Box<dyn Future<Output = Result<Taken, StoreError>> + Send + 'a>>;

/// Where the token buckets live.
pub trait Buckets: fmt::Debug + Send + Sync + 'static {
    /// Takes one request from the bucket of `token_id` and `endpoint` (e.g.
    /// `GET /v1/notes/{note_id}`), which holds `limit`; a bucket never seen is full.
    ///
    /// # Errors
    /// When the store cannot answer, within its own time bounds.
    fn take<'a>(&'a self, limit: RateLimit, token_id: &'a str, endpoint: &'a str)
    -> TakeFuture<'a>;

    /// Where the buckets are, for logs, e.g. `redis at 127.0.0.1:6379 (keys rate-limit:notes:*)`.
    fn describe(&self) -> String;
}

/// Buckets are dropped once this many exist and they are full again.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// The buckets of this process: each instance of a service gives a client its own budget.
/// Never fails.
#[derive(Debug, Default)]
pub struct MemoryBuckets {
    buckets: Mutex<HashMap<(String, String), Bucket>>,
}

impl MemoryBuckets {
    /// No buckets yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn take_at(&self, limit: RateLimit, token_id: &str, endpoint: &str, now: Instant) -> Taken {
        let burst = limit.size();
        let rate = limit.rate();
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() > PRUNE_ABOVE {
            buckets.retain(|_, bucket| {
                bucket.tokens + now.saturating_duration_since(bucket.updated).as_secs_f64() * rate
                    < burst
            });
        }
        let bucket = buckets
            .entry((token_id.to_owned(), endpoint.to_owned()))
            .or_insert(Bucket { tokens: burst, updated: now });
        let refilled =
            bucket.tokens + now.saturating_duration_since(bucket.updated).as_secs_f64() * rate;
        bucket.tokens = refilled.min(burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Taken::Granted
        } else {
            let seconds = ((1.0 - bucket.tokens) / rate).ceil();
            // At least one second, as Retry-After counts whole seconds; `as` saturates.
            Taken::Empty { retry_after: if seconds >= 1.0 { seconds as u64 } else { 1 } }
        }
    }
}

impl Buckets for MemoryBuckets {
    fn take<'a>(
        &'a self,
        limit: RateLimit,
        token_id: &'a str,
        endpoint: &'a str,
    ) -> TakeFuture<'a> {
        let taken = self.take_at(limit, token_id, endpoint, Instant::now());
        Box::pin(std::future::ready(Ok(taken)))
    }

    fn describe(&self) -> String {
        "the memory of this process".to_owned()
    }
}

/// What a request is answered when the bucket store fails (`--rate-limit-on-redis-error`). Either
/// way an `error` line names what failed. See the [module](self) for why.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OnStoreError {
    /// The request goes on, unlimited.
    #[default]
    Open,
    /// The request is answered `500 internal`.
    Closed,
}

impl OnStoreError {
    /// `open` or `closed`, as the flag spells it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            OnStoreError::Open => "open",
            OnStoreError::Closed => "closed",
        }
    }
}

/// A rate limit and the store of its buckets, with the policy for the store's failures. Cheap to
/// clone; clones share buckets.
#[derive(Clone, Debug)]
pub struct Limiter {
    limit: RateLimit,
    buckets: Arc<dyn Buckets>,
    on_error: OnStoreError,
}

impl Limiter {
    /// Empty buckets in this process ([`MemoryBuckets`]) that hold `limit`.
    #[must_use]
    pub fn new(limit: RateLimit) -> Self {
        Self::with_buckets(limit, MemoryBuckets::new(), OnStoreError::Open)
    }

    /// Buckets in `store` that hold `limit`, and `on_error` when the store fails.
    #[must_use]
    pub fn with_buckets(limit: RateLimit, store: impl Buckets, on_error: OnStoreError) -> Self {
        Limiter { limit, buckets: Arc::new(store), on_error }
    }

    /// The limit every bucket holds.
    #[must_use]
    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Where the buckets are ([`Buckets::describe`]).
    #[must_use]
    pub fn describe(&self) -> String {
        self.buckets.describe()
    }

    /// What a request is answered when the store fails.
    #[must_use]
    pub fn on_error(&self) -> OnStoreError {
        self.on_error
    }

    /// Takes one request from the bucket of `token_id` and `endpoint` (e.g.
    /// `GET /v1/notes/{note_id}`). When the store fails, logs what failed and follows the
    /// [`OnStoreError`] policy.
    ///
    /// # Errors
    /// `rate_limited` with `Retry-After` (whole seconds until the bucket holds a request again)
    /// when it is empty; `internal` when the store failed and the policy is `closed`.
    pub async fn take(&self, token_id: &str, endpoint: &str) -> Result<(), ApiError> {
        match self.buckets.take(self.limit, token_id, endpoint).await {
            Ok(Taken::Granted) => Ok(()),
            Ok(Taken::Empty { retry_after }) => Err(ApiError::new(
                ErrorCode::RATE_LIMITED,
                format!("too many requests to {endpoint}; retry in {retry_after} s"),
            )
            .with_retry_after(retry_after)),
            Err(error) => match self.on_error {
                OnStoreError::Open => {
                    let mut fields = Map::new();
                    fields.insert(
                        "message".into(),
                        "rate limit store failed; the request goes on unlimited".into(),
                    );
                    if let Some(trace_id) = log::current_trace_id() {
                        fields.insert("trace_id".into(), trace_id.into());
                    }
                    fields.insert("endpoint".into(), endpoint.into());
                    fields.insert("on_store_error".into(), "open".into());
                    fields.insert("error".into(), error.to_string().into());
                    log::write_current(Level::Error, fields);
                    Ok(())
                }
                OnStoreError::Closed => Err(ApiError::internal(format!(
                    "rate limit store failed, and the policy is closed: {error}"
                ))),
            },
        }
    }
}

/// Hands one [`Limiter`] to every request below it, for the guards of protected routes.
#[derive(Clone, Debug)]
pub struct RateLimitLayer {
    limiter: Limiter,
}

impl RateLimitLayer {
    /// Buckets in this process that hold `limit`, shared by every route below the layer.
    #[must_use]
    pub fn new(limit: RateLimit) -> Self {
        RateLimitLayer { limiter: Limiter::new(limit) }
    }

    /// `limiter`'s buckets, shared by every route below the layer.
    #[must_use]
    pub fn with_limiter(limiter: Limiter) -> Self {
        RateLimitLayer { limiter }
    }
}

impl<Svc> Layer<Svc> for RateLimitLayer {
    type Service = WithLimiter<Svc>;

    fn layer(&self, inner: Svc) -> Self::Service {
        WithLimiter { inner, limiter: self.limiter.clone() }
    }
}

/// The service [`RateLimitLayer`] wraps around a router or route.
#[derive(Clone, Debug)]
pub struct WithLimiter<Svc> {
    inner: Svc,
    limiter: Limiter,
}

impl<Svc: Service<Request>> Service<Request> for WithLimiter<Svc> {
    type Response = Svc::Response;
    type Error = Svc::Error;
    type Future = Svc::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        request.extensions_mut().insert(self.limiter.clone());
        self.inner.call(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_bucket_empties_refills_and_is_kept_per_token_and_endpoint() {
        let limit = RateLimit { burst: 2, per_second: 0.5 };
        let buckets = MemoryBuckets::new();
        let start = Instant::now();
        let take = |token, endpoint, at| buckets.take_at(limit, token, endpoint, at);
        assert_eq!(take("t1", "GET /a", start), Taken::Granted);
        assert_eq!(take("t1", "GET /a", start), Taken::Granted);
        assert_eq!(take("t1", "GET /a", start), Taken::Empty { retry_after: 2 });
        assert_eq!(take("t1", "GET /b", start), Taken::Granted, "another endpoint, another bucket");
        assert_eq!(take("t2", "GET /a", start), Taken::Granted, "another token, another bucket");
        assert_eq!(take("t1", "GET /a", start + Duration::from_secs(2)), Taken::Granted);
    }

    #[tokio::test]
    async fn nonsense_limits_still_limit() {
        for per_second in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let limit = RateLimit { burst: 0, per_second };
            let buckets = MemoryBuckets::new();
            let start = Instant::now();
            assert_eq!(buckets.take_at(limit, "t", "GET /a", start), Taken::Granted, "0 is 1");
            let Taken::Empty { retry_after } = buckets.take_at(limit, "t", "GET /a", start) else {
                panic!("{per_second}: a second take from a bucket of one was granted");
            };
            assert!(retry_after >= 1, "{per_second}: {retry_after}");
        }
        let limiter = Limiter::new(RateLimit { burst: 1, per_second: 1.0 });
        limiter.take("t", "GET /a").await.unwrap();
        let refused = limiter.take("t", "GET /a").await.unwrap_err();
        assert_eq!((refused.code(), refused.retry_after()), (ErrorCode::RATE_LIMITED, Some(1)));
    }

    /// A store that always fails, as Redis does when it is down.
    #[derive(Debug)]
    struct Broken;

    impl Buckets for Broken {
        fn take<'a>(&'a self, _: RateLimit, _: &'a str, _: &'a str) -> TakeFuture<'a> {
            Box::pin(std::future::ready(Err(StoreError {
                store: "redis at 127.0.0.1:1".into(),
                message: "cannot connect: Connection refused".into(),
            })))
        }

        fn describe(&self) -> String {
            "nowhere".to_owned()
        }
    }

    #[tokio::test]
    async fn a_failing_store_lets_requests_through_or_fails_them_as_the_policy_says() {
        let limit = RateLimit { burst: 1, per_second: 1.0 };
        let open = Limiter::with_buckets(limit, Broken, OnStoreError::Open);
        for _ in 0..3 {
            assert_eq!(open.take("t", "GET /a").await, Ok(()));
        }
        let closed = Limiter::with_buckets(limit, Broken, OnStoreError::Closed);
        let refused = closed.take("t", "GET /a").await.unwrap_err();
        assert_eq!(refused.code(), ErrorCode::INTERNAL);
        assert_eq!(
            refused.cause(),
            Some(
                "rate limit store failed, and the policy is closed: redis at 127.0.0.1:1: \
                 cannot connect: Connection refused"
            )
        );
    }
}
