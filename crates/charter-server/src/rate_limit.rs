//! Rate limits: a token bucket per bearer token and endpoint, answering `429 rate_limited` with
//! `Retry-After`.
//!
//! [`RateLimitLayer`] holds the buckets and hands a [`Limiter`] to every request below it; the
//! guards of protected routes ([`RequireScope`](crate::guard::RequireScope) and endpoint routes)
//! take one request from the bucket of (token, method, path template) once the caller has
//! passed the scope check. Public routes and anonymous requests are never limited, and without
//! the layer nothing is.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::Request;
use charter_contract::ErrorCode;
use tower::{Layer, Service};

use crate::error::ApiError;

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

/// Buckets are dropped once this many exist and they are full again.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// The buckets of every (token, endpoint) pair seen. Cheap to clone; clones share buckets.
#[derive(Clone, Debug)]
pub struct Limiter {
    limit: RateLimit,
    buckets: Arc<Mutex<HashMap<(String, String), Bucket>>>,
}

impl Limiter {
    /// Empty buckets that hold `limit`.
    #[must_use]
    pub fn new(limit: RateLimit) -> Self {
        Limiter { limit, buckets: Arc::new(Mutex::new(HashMap::new())) }
    }

    /// The limit every bucket holds.
    #[must_use]
    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Takes one request from the bucket of `token_id` and `endpoint` (e.g.
    /// `GET /v1/notes/{note_id}`).
    ///
    /// # Errors
    /// `rate_limited` with `Retry-After` (whole seconds until the bucket holds a request again)
    /// when it is empty.
    pub fn take(&self, token_id: &str, endpoint: &str) -> Result<(), ApiError> {
        self.take_at(token_id, endpoint, Instant::now()).map_err(|seconds| {
            ApiError::new(
                ErrorCode::RATE_LIMITED,
                format!("too many requests to {endpoint}; retry in {seconds} s"),
            )
            .with_retry_after(seconds)
        })
    }

    fn take_at(&self, token_id: &str, endpoint: &str, now: Instant) -> Result<(), u64> {
        let burst = f64::from(self.limit.burst.max(1));
        let rate = if self.limit.per_second.is_finite() && self.limit.per_second > 0.0 {
            self.limit.per_second
        } else {
            f64::MIN_POSITIVE
        };
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
            Ok(())
        } else {
            let seconds = ((1.0 - bucket.tokens) / rate).ceil();
            // At least one second, as Retry-After counts whole seconds; `as` saturates.
            Err(if seconds >= 1.0 { seconds as u64 } else { 1 })
        }
    }
}

/// Hands one [`Limiter`] to every request below it, for the guards of protected routes.
#[derive(Clone, Debug)]
pub struct RateLimitLayer {
    limiter: Limiter,
}

impl RateLimitLayer {
    /// Buckets that hold `limit`, shared by every route below the layer.
    #[must_use]
    pub fn new(limit: RateLimit) -> Self {
        RateLimitLayer { limiter: Limiter::new(limit) }
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
        let limiter = Limiter::new(RateLimit { burst: 2, per_second: 0.5 });
        let start = Instant::now();
        assert!(limiter.take_at("t1", "GET /a", start).is_ok());
        assert!(limiter.take_at("t1", "GET /a", start).is_ok());
        assert_eq!(limiter.take_at("t1", "GET /a", start), Err(2));
        assert!(limiter.take_at("t1", "GET /b", start).is_ok(), "another endpoint, another bucket");
        assert!(limiter.take_at("t2", "GET /a", start).is_ok(), "another token, another bucket");
        assert!(limiter.take_at("t1", "GET /a", start + Duration::from_secs(2)).is_ok());
    }

    #[test]
    fn nonsense_limits_still_limit() {
        for per_second in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let limiter = Limiter::new(RateLimit { burst: 0, per_second });
            let start = Instant::now();
            assert!(limiter.take_at("t", "GET /a", start).is_ok(), "a burst of 0 counts as 1");
            let wait = limiter.take_at("t", "GET /a", start).unwrap_err();
            assert!(wait >= 1, "{per_second}: {wait}");
        }
        let error = Limiter::new(RateLimit { burst: 1, per_second: 1.0 });
        error.take("t", "GET /a").unwrap();
        let refused = error.take("t", "GET /a").unwrap_err();
        assert_eq!((refused.code(), refused.retry_after()), (ErrorCode::RATE_LIMITED, Some(1)));
    }
}
