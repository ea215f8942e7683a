//! The rate limit in a real Redis shared by two instances, and what instances answer while
//! Redis is down. Needs `redis-server` (Debian's `redis-server` package): run with
//! `cargo test -p charter-server --features services`, which `cargo xtask test-services` does.

#![cfg(feature = "services")]

mod support;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use charter_server::auth::{Claims, DevKeys, JwtConfig};
use charter_server::rate_limit::redis::{
    COMMAND_TIMEOUT, CONNECT_TIMEOUT, RECONNECT_AFTER, RedisBuckets,
};
use charter_server::{Config, Limiter, LogSink, OnStoreError, RateLimit};
use charter_testing::Redis;
use support::{Answer, Buffer, Notes, READ, routes};
use tower::ServiceExt as _;

/// A burst of 5, refilled so slowly that no test refills a request while it runs.
const LIMIT: RateLimit = RateLimit { burst: 5, per_second: 0.1 };

/// An answer may take the connection's and the command's timeouts, and then some: past this a
/// request counts as hanging.
const HANGING: Duration = Duration::from_secs(10);

/// One instance of the notes service: its router inside every layer, and its log.
struct Instance {
    router: Router,
    log: Buffer,
}

impl Instance {
    fn new(keys: &DevKeys, limiter: Limiter) -> Self {
        let log = Buffer::default();
        let config = Config::new(keys.verifier(JwtConfig::for_api("notes")).unwrap())
            .with_limiter(limiter)
            .with_log(LogSink::to(log.clone()));
        let router = config.layer(routes().build().unwrap().with_state(Notes::default()));
        Instance { router, log }
    }

    /// An instance whose buckets are in `redis`, as `--redis-url` makes it.
    fn on_redis(keys: &DevKeys, redis: &Redis, on_error: OnStoreError) -> Self {
        let buckets = RedisBuckets::new(&redis.url(), "rate-limit:notes:").unwrap();
        Self::new(keys, Limiter::with_buckets(LIMIT, buckets, on_error))
    }

    /// `GET /v1/notes` with `token`, failing the test if no answer comes within [`HANGING`].
    async fn list(&self, token: &str) -> Answer {
        let request = Request::builder()
            .method(Method::GET)
            .uri("/v1/notes")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let response = tokio::time::timeout(HANGING, self.router.clone().oneshot(request))
            .await
            .unwrap_or_else(|_| panic!("no answer within {HANGING:?}: the request hangs"))
            .unwrap();
        Answer::of(response).await
    }
}

fn token(keys: &DevKeys, subject: &str) -> String {
    keys.mint(&Claims::new(&JwtConfig::for_api("notes"), subject, &[READ.name], 300)).unwrap()
}

/// The statuses and `Retry-After`s of `count` requests, made in turn on each instance.
async fn statuses(instances: &[&Instance], token: &str, count: usize) -> Vec<(u16, String)> {
    let mut seen = Vec::new();
    for turn in 0..count {
        let answer = instances[turn % instances.len()].list(token).await;
        let retry_after = answer
            .headers
            .get(header::RETRY_AFTER)
            .map(|value| value.to_str().unwrap().to_owned())
            .unwrap_or_default();
        seen.push((answer.status.as_u16(), retry_after));
    }
    seen
}

#[tokio::test]
async fn two_instances_sharing_redis_give_a_client_one_budget() {
    let redis = Redis::start().unwrap();
    let keys = DevKeys::generate().unwrap();
    let expected: Vec<(u16, String)> = [(200, ""); 5]
        .into_iter()
        .chain([(429, "10"); 2])
        .map(|(status, retry_after)| (status, retry_after.to_owned()))
        .collect();

    // One instance, buckets in its memory: the budget the contract promises.
    let alone = Instance::new(&keys, Limiter::new(LIMIT));
    assert_eq!(statuses(&[&alone], &token(&keys, "ada"), 7).await, expected);

    // One instance on Redis: the same.
    let first = Instance::on_redis(&keys, &redis, OnStoreError::Closed);
    assert_eq!(statuses(&[&first], &token(&keys, "ada"), 7).await, expected);

    // Two instances on one Redis, taking turns: still the same, not twice as much.
    let second = Instance::on_redis(&keys, &redis, OnStoreError::Closed);
    let grace = token(&keys, "grace");
    assert_eq!(statuses(&[&first, &second], &grace, 7).await, expected);
    // The budget is per token: another client of the same instances has its own.
    let alan = token(&keys, "alan");
    assert_eq!(statuses(&[&second, &first], &alan, 7).await, expected);

    // Two instances each on its own memory give a client twice the budget: what Redis fixes.
    let one = Instance::new(&keys, Limiter::new(LIMIT));
    let other = Instance::new(&keys, Limiter::new(LIMIT));
    let twice = statuses(&[&one, &other], &token(&keys, "edsger"), 12).await;
    assert_eq!(twice.iter().filter(|(status, _)| *status == 200).count(), 10, "{twice:?}");
    assert!(first.log.lines().iter().all(|line| line["level"] == "info"), "no store errors");
}

#[tokio::test]
async fn while_redis_is_down_instances_answer_as_their_policy_says_and_log_why() {
    let redis = Redis::start().unwrap();
    let keys = DevKeys::generate().unwrap();
    let open = Instance::on_redis(&keys, &redis, OnStoreError::Open);
    let closed = Instance::on_redis(&keys, &redis, OnStoreError::Closed);
    let ada = token(&keys, "ada");
    assert_eq!(open.list(&ada).await.status, StatusCode::OK);
    assert_eq!(closed.list(&ada).await.status, StatusCode::OK);

    redis.stop();
    let store = format!("redis at 127.0.0.1:{}", redis.port());

    // Closed: `500 internal` in the envelope, the cause only in the log, under the trace id.
    for _ in 0..2 {
        let refused = closed.list(&ada).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::INTERNAL_SERVER_ERROR, "internal".into())
        );
        assert!(!refused.text.contains("redis"), "the cause is not sent: {}", refused.text);
        assert!(refused.headers.get(header::RETRY_AFTER).is_none());
    }
    let errors: Vec<_> =
        closed.log.lines().into_iter().filter(|line| line["level"] == "error").collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    for error in &errors {
        assert_eq!(error["operation_id"], "listNotes");
        let cause = error["error"].as_str().unwrap();
        assert!(
            cause.starts_with(&format!(
                "rate limit store failed, and the policy is closed: {store}: "
            )),
            "{cause}"
        );
    }
    let requests = closed.log.requests();
    assert_eq!(requests.last().unwrap()["status"], 500);
    assert_eq!(requests.last().unwrap()["trace_id"], errors[1]["trace_id"]);

    // Open: the request goes on unlimited, past the burst, and each take's failure is logged.
    for _ in 0..(LIMIT.burst + 2) {
        assert_eq!(open.list(&ada).await.status, StatusCode::OK);
    }
    let failures: Vec<_> = open
        .log
        .lines()
        .into_iter()
        .filter(|line| line["message"] == "rate limit store failed; the request goes on unlimited")
        .collect();
    assert_eq!(failures.len(), 7, "{failures:?}");
    let first = failures[0]["error"].as_str().unwrap();
    assert!(first.starts_with(&format!("{store}: ")), "{first}");
    assert!(
        failures.iter().all(|line| line["level"] == "error" && line["on_store_error"] == "open")
    );
    assert!(failures.iter().all(|line| line["endpoint"] == "GET /v1/notes"));

    // Redis back (empty): after the reconnect pause, both limit again from a full bucket.
    redis.resume().unwrap();
    tokio::time::sleep(RECONNECT_AFTER + Duration::from_millis(100)).await;
    let expected: Vec<(u16, String)> = [(200, ""); 5]
        .into_iter()
        .chain([(429, "10")])
        .map(|(status, retry_after)| (status, retry_after.to_owned()))
        .collect();
    assert_eq!(statuses(&[&open, &closed], &ada, 6).await, expected);
    assert!(CONNECT_TIMEOUT + COMMAND_TIMEOUT < HANGING);
}
