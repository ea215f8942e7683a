//! The rate limit in a throwaway Redis (charter-testing starts it; Debian:
//! `apt-get install redis-server`) shared by two instances of the service, as `--redis-url`
//! makes it: one client gets one budget across both. Run with `cargo xtask test-services`.

#![cfg(feature = "services")]

use charter_server::auth::{Claims, DevKeys, JwtConfig};
use charter_server::rate_limit::redis::RedisBuckets;
use charter_server::{Config, Limiter, LogSink, OnStoreError, RateLimit};
use charter_testing::Redis;
use {{name_snake}}_contracts::READ;

/// A burst of 4, refilled so slowly that no request is refilled while the test runs.
const LIMIT: RateLimit = RateLimit {
    burst: 4,
    per_second: 0.01,
};

/// An instance of the service whose token buckets are in `redis`; its address.
async fn start(keys: &DevKeys, redis: &Redis) -> String {
    let buckets = RedisBuckets::new(&redis.url(), "rate-limit:{{name}}:").unwrap();
    let config = Config::new(keys.verifier(JwtConfig::for_api("{{name}}")).unwrap())
        .with_limiter(Limiter::with_buckets(LIMIT, buckets, OnStoreError::Closed))
        .with_log(LogSink::to(std::io::sink()));
{{#postgres}}
    let app = {{name_snake}}_server::app({{name_snake}}_server::Memory::default()).unwrap();
{{/postgres}}
{{^postgres}}
    let app = {{name_snake}}_server::app({{name_snake}}_server::Store::default()).unwrap();
{{/postgres}}
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(charter_server::serve(
        listener,
        app.into_router(&config),
        std::future::pending(),
    ));
    address
}

#[tokio::test]
async fn two_instances_sharing_redis_give_a_client_one_budget() {
    let redis = Redis::start().unwrap_or_else(|error| panic!("{error}"));
    let keys = DevKeys::generate().unwrap();
    let instances = [start(&keys, &redis).await, start(&keys, &redis).await];
    let jwt = JwtConfig::for_api("{{name}}");
    let token = keys
        .mint(&Claims::new(&jwt, "e2e", &[READ.name], 300))
        .unwrap();
    let http = reqwest::Client::new();
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for request in 0..=LIMIT.burst {
        let address = &instances[request as usize % 2];
        let answer = http
            .get(format!("{address}/v1/items"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        statuses.push(answer.status().as_u16());
        if let Some(value) = answer.headers().get("retry-after") {
            retry_after = Some(value.to_str().unwrap().to_owned());
        }
    }
    // The burst across both instances, then 429: as one instance alone would answer.
    assert_eq!(statuses, [200, 200, 200, 200, 429]);
    let seconds: u64 = retry_after
        .expect("the 429 says when to retry")
        .parse()
        .unwrap();
    assert!(seconds >= 1, "Retry-After: {seconds}");
}
