//! Token buckets, one per bearer token and endpoint.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// How many requests a token may make to one endpoint: `burst` at once, refilled at
/// `per_second`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    /// The bucket's size.
    pub burst: u32,
    /// Requests regained per second.
    pub per_second: f64,
}

impl Default for RateLimit {
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

/// An endpoint as its method and path template.
pub(crate) type Endpoint = (&'static str, &'static str);

/// The buckets of every (token, endpoint) pair seen.
#[derive(Debug)]
pub(crate) struct Limiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<(String, Endpoint), Bucket>>,
}

impl Limiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Limiter { limit, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one request from the bucket of `token` and `endpoint`; when it is empty, the
    /// whole seconds until it holds one again.
    pub(crate) fn take(&self, token: &str, endpoint: Endpoint) -> Result<(), u64> {
        self.take_at(token, endpoint, Instant::now())
    }

    fn take_at(&self, token: &str, endpoint: Endpoint, now: Instant) -> Result<(), u64> {
        let burst = f64::from(self.limit.burst.max(1));
        let rate = self.limit.per_second.max(f64::MIN_POSITIVE);
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() > PRUNE_ABOVE {
            buckets.retain(|_, bucket| {
                bucket.tokens + now.duration_since(bucket.updated).as_secs_f64() * rate < burst
            });
        }
        let bucket = buckets
            .entry((token.to_owned(), endpoint))
            .or_insert(Bucket { tokens: burst, updated: now });
        let refilled = bucket.tokens + now.duration_since(bucket.updated).as_secs_f64() * rate;
        bucket.tokens = refilled.min(burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let seconds = ((1.0 - bucket.tokens) / rate).ceil();
            // At least one second, as Retry-After counts whole seconds.
            Err(if seconds.is_finite() && seconds >= 1.0 { seconds as u64 } else { 1 })
        }
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
        assert!(limiter.take_at("t1", ("GET", "/a"), start).is_ok());
        assert!(limiter.take_at("t1", ("GET", "/a"), start).is_ok());
        assert_eq!(limiter.take_at("t1", ("GET", "/a"), start), Err(2));
        assert!(
            limiter.take_at("t1", ("GET", "/b"), start).is_ok(),
            "another endpoint has its own bucket"
        );
        assert!(
            limiter.take_at("t2", ("GET", "/a"), start).is_ok(),
            "another token has its own bucket"
        );
        assert!(limiter.take_at("t1", ("GET", "/a"), start + Duration::from_secs(2)).is_ok());
    }
}
