//! [`RedisBuckets`]: token buckets in Redis, shared by every instance of a service that points
//! at the same Redis.
//!
//! Each take is one Lua script run (`EVALSHA`, and `EVAL` when Redis does not know the script
//! yet), so reading, refilling and spending a bucket is one atomic step whichever instance
//! runs it. The script reads the clock of Redis (`TIME`), not the instance's, so instances
//! whose clocks differ still refill alike. A bucket is a hash with `tokens` and `updated` under
//! `<prefix><length of the token id>:<token id>:<endpoint>`, and expires once it would be full
//! again: a missing key is a full bucket, so nothing outlives its use.
//!
//! Bounds, so that a request never hangs on Redis: connecting takes at most
//! [`CONNECT_TIMEOUT`], a take at most [`COMMAND_TIMEOUT`]; after a failed connection the next
//! attempt waits [`RECONNECT_AFTER`], and takes in between fail at once with the last error.
//! One multiplexed connection serves every request; it is dropped on any failure and made
//! again by the next take.

use std::fmt;
use std::time::{Duration, Instant};

use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, Client, Script};
use tokio::sync::Mutex;

use super::{Buckets, RateLimit, StoreError, TakeFuture, Taken};

/// How long connecting to Redis may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_millis(1000);
/// How long one take (the script's round trip) may take.
pub const COMMAND_TIMEOUT: Duration = Duration::from_millis(500);
/// How long after a failed connection the next one is tried.
pub const RECONNECT_AFTER: Duration = Duration::from_millis(1000);

/// The smallest refill rate sent to Redis, so that waits and expiries stay finite integers.
const MIN_RATE: f64 = 1e-6;

/// Takes one request from a bucket: `KEYS[1]` the bucket, `ARGV[1]` its size, `ARGV[2]` the
/// refill rate per second. Answers 0 when granted, else the whole seconds to wait (at least 1).
const TAKE: &str = r"
local size = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(bucket[1])
local updated = tonumber(bucket[2])
if tokens == nil or updated == nil then
  tokens = size
  updated = now
end
local elapsed = now - updated
if elapsed < 0 then elapsed = 0 end
tokens = math.min(size, tokens + elapsed * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.max(1, math.ceil((1 - tokens) / rate))
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens),
  'updated', string.format('%.6f', now))
redis.call('PEXPIRE', KEYS[1], string.format('%d', math.max(1, math.ceil((size - tokens) / rate * 1000))))
return wait
";

/// The connection, or when it last failed.
enum Connection {
    None,
    Ready(MultiplexedConnection),
    Failed { at: Instant, error: String },
}

/// Token buckets in Redis (`--redis-url`): one budget per client across every instance.
pub struct RedisBuckets {
    client: Client,
    config: AsyncConnectionConfig,
    connection: Mutex<Connection>,
    script: Script,
    prefix: String,
    name: String,
}

impl fmt::Debug for RedisBuckets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisBuckets")
            .field("redis", &self.name)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisBuckets {
    /// Buckets in the Redis at `url` (`redis://[:password@]host[:port][/db]`), under keys that
    /// start with `prefix` (e.g. `rate-limit:notes:`, so that services sharing one Redis keep
    /// apart). Connects at the first take, not here, so a service starts while Redis is down.
    ///
    /// # Errors
    /// When `url` is not a Redis URL; the message says what is wrong.
    pub fn new(url: &str, prefix: impl Into<String>) -> Result<Self, StoreError> {
        let client = Client::open(url).map_err(|error| StoreError {
            store: "redis".into(),
            message: format!("`--redis-url` is not a Redis URL (redis://host:port/db): {error}"),
        })?;
        // The address only: the URL may carry a password.
        let name = format!("redis at {}", client.get_connection_info().addr());
        // The bounds are the `tokio::time::timeout`s around connecting and each take, so that
        // what the log says does not depend on which of two equal timers fires first.
        let config =
            AsyncConnectionConfig::new().set_connection_timeout(None).set_response_timeout(None);
        Ok(RedisBuckets {
            client,
            config,
            connection: Mutex::new(Connection::None),
            script: Script::new(TAKE),
            prefix: prefix.into(),
            name,
        })
    }

    /// The key of the bucket of `token_id` and `endpoint`: the token id's length first, so that
    /// no two pairs share a key whatever characters they hold.
    fn key(&self, token_id: &str, endpoint: &str) -> String {
        format!("{}{}:{token_id}:{endpoint}", self.prefix, token_id.len())
    }

    fn error(&self, message: String) -> StoreError {
        StoreError { store: self.name.clone(), message }
    }

    /// The shared connection, made if there is none and the last failure is old enough.
    async fn connection(&self) -> Result<MultiplexedConnection, StoreError> {
        let mut connection = self.connection.lock().await;
        match &*connection {
            Connection::Ready(ready) => return Ok(ready.clone()),
            Connection::Failed { at, error } if at.elapsed() < RECONNECT_AFTER => {
                return Err(self.error(format!(
                    "{error} (not retried for {} ms)",
                    RECONNECT_AFTER.as_millis()
                )));
            }
            Connection::None | Connection::Failed { .. } => {}
        }
        let made = tokio::time::timeout(
            CONNECT_TIMEOUT,
            self.client.get_multiplexed_async_connection_with_config(&self.config),
        )
        .await;
        match made {
            Ok(Ok(made)) => {
                *connection = Connection::Ready(made.clone());
                Ok(made)
            }
            Ok(Err(error)) => {
                let error = format!("cannot connect: {error}");
                *connection = Connection::Failed { at: Instant::now(), error: error.clone() };
                Err(self.error(error))
            }
            Err(_) => {
                let error = format!("cannot connect within {} ms", CONNECT_TIMEOUT.as_millis());
                *connection = Connection::Failed { at: Instant::now(), error: error.clone() };
                Err(self.error(error))
            }
        }
    }

    async fn take_once(
        &self,
        limit: RateLimit,
        token_id: &str,
        endpoint: &str,
    ) -> Result<Taken, StoreError> {
        let mut connection = self.connection().await?;
        let rate = limit.rate().max(MIN_RATE);
        let mut invocation = self.script.key(self.key(token_id, endpoint));
        invocation.arg(limit.size()).arg(rate);
        let answer =
            tokio::time::timeout(COMMAND_TIMEOUT, invocation.invoke_async::<u64>(&mut connection))
                .await;
        let message = match answer {
            Ok(Ok(0)) => return Ok(Taken::Granted),
            Ok(Ok(retry_after)) => return Ok(Taken::Empty { retry_after }),
            Ok(Err(error)) => format!("the take script failed: {error}"),
            Err(_) => format!("no answer within {} ms", COMMAND_TIMEOUT.as_millis()),
        };
        // The connection may be broken: the next take makes a new one.
        let mut shared = self.connection.lock().await;
        if matches!(&*shared, Connection::Ready(_)) {
            *shared = Connection::None;
        }
        Err(self.error(message))
    }
}

impl Buckets for RedisBuckets {
    fn take<'a>(
        &'a self,
        limit: RateLimit,
        token_id: &'a str,
        endpoint: &'a str,
    ) -> TakeFuture<'a> {
        Box::pin(self.take_once(limit, token_id, endpoint))
    }

    fn describe(&self) -> String {
        format!("{} (keys {}*)", self.name, self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_pairs_apart_and_urls_are_checked() {
        let buckets = RedisBuckets::new("redis://:secret@127.0.0.1:6390/2", "rl:notes:").unwrap();
        assert_eq!(buckets.key("abc", "GET /v1/notes"), "rl:notes:3:abc:GET /v1/notes");
        assert_ne!(buckets.key("a:b", "c"), buckets.key("a", "b:c"));
        assert_eq!(buckets.name, "redis at 127.0.0.1:6390");
        assert!(!format!("{buckets:?}").contains("secret"));
        let wrong = RedisBuckets::new("http://127.0.0.1:6390", "rl:").unwrap_err();
        assert!(wrong.message.starts_with("`--redis-url` is not a Redis URL"), "{wrong}");
    }

    #[tokio::test]
    async fn an_unreachable_redis_fails_fast_and_says_what_failed() {
        // Port 1 on loopback: nothing listens, the connection is refused.
        let buckets = RedisBuckets::new("redis://127.0.0.1:1", "rl:").unwrap();
        let limit = RateLimit { burst: 1, per_second: 1.0 };
        let first = buckets.take(limit, "t", "GET /a").await.unwrap_err();
        assert_eq!(first.store, "redis at 127.0.0.1:1");
        assert!(first.message.starts_with("cannot connect: "), "{first}");
        let second = buckets.take(limit, "t", "GET /a").await.unwrap_err();
        assert!(second.message.ends_with("(not retried for 1000 ms)"), "{second}");
    }

    #[tokio::test]
    async fn a_redis_that_never_answers_fails_within_the_timeouts() {
        // Accepts connections and never answers, as a hung server or a full network queue.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let held = tokio::spawn(async move {
            let mut open = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                open.push(stream);
            }
        });
        let buckets = RedisBuckets::new(&format!("redis://127.0.0.1:{port}"), "rl:").unwrap();
        let limit = RateLimit { burst: 1, per_second: 1.0 };
        let bound = CONNECT_TIMEOUT + COMMAND_TIMEOUT + Duration::from_secs(5);
        let failed = tokio::time::timeout(bound, buckets.take(limit, "t", "GET /a"))
            .await
            .expect("a take waits no longer than the connect and command timeouts")
            .unwrap_err();
        assert_eq!(failed.store, format!("redis at 127.0.0.1:{port}"));
        assert_eq!(failed.message, "cannot connect within 1000 ms");
        held.abort();
    }
}
