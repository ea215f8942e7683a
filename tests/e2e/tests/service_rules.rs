//! The handbook's service rules, seen from a client: 401 without a valid token, 403 without
//! the scope, 429 with `Retry-After` past the rate limit, and one JSON log line per request.

use std::time::Duration;

use billing_client_v1::errors::ApiErrorExt as _;
use billing_client_v1::types;
use billing_client_v2::errors::ApiErrorExt as _;
use charter_server::RateLimit;
use e2e_tests::{ALL_SCOPES, TestServer};

#[tokio::test]
async fn requests_without_a_valid_token_are_unauthorized() {
    let server = TestServer::start().await;
    let anonymous = server.v1(None).list_users().send().await.unwrap_err();
    assert_eq!(anonymous.code(), Some(types::ErrorCode::Unauthorized));
    assert_eq!(anonymous.status().map(|status| status.as_u16()), Some(401));

    let forged =
        server.v1(Some("eyJhbGciOiJFZERTQSJ9.e30.c2ln")).list_users().send().await.unwrap_err();
    assert_eq!(forged.code(), Some(types::ErrorCode::Unauthorized));

    let stranger = TestServer::start().await.token("eve", &ALL_SCOPES);
    let foreign = server.v2(Some(&stranger)).list_users().send().await.unwrap_err();
    assert_eq!(foreign.status().map(|status| status.as_u16()), Some(401));
}

#[tokio::test]
async fn a_token_without_the_scope_is_forbidden() {
    let server = TestServer::start().await;
    let token = server.token("reader", &[contracts::READ.name]);
    let client = server.v1(Some(&token));
    assert!(client.list_users().send().await.is_ok());
    let body =
        types::NewUser { email: "r@example.com".parse().unwrap(), name: "Reader".parse().unwrap() };
    let forbidden = client.create_user().body(body).send().await.unwrap_err();
    assert_eq!(forbidden.status().map(|status| status.as_u16()), Some(403));
    assert_eq!(forbidden.code(), Some(types::ErrorCode::Forbidden));
    assert!(forbidden.envelope().unwrap().error.message.contains("billing:write"));

    // A write-only token reads nothing: 403 `forbidden`, never `500 internal`. The documents
    // list 403 on every bearer operation, so the clients decode it; raw HTTP checks every
    // version's reads without depending on that.
    let writer = server.token("writer", &[contracts::WRITE.name]);
    let denied = server.v2(Some(&writer)).list_users().send().await.unwrap_err();
    assert_eq!(denied.status().map(|status| status.as_u16()), Some(403));
    assert_eq!(denied.code(), Some(billing_client_v2::types::ErrorCode::Forbidden));
    for path in ["/v1/users", "/v2/invoices", "/v1/invoices/7c9e6679-7425-40de-944b-e07fc1f90ae7"] {
        let (status, body) = server.get_json(path, Some(&writer)).await;
        assert_eq!((status, &body["error"]["code"]), (403, &"forbidden".into()), "{path}: {body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("billing:read"), "{body}");
    }
}

#[tokio::test]
async fn past_the_rate_limit_answers_429_with_retry_after() {
    let server = TestServer::with_rate_limit(RateLimit { burst: 3, per_second: 0.5 }).await;
    let token = server.token("busy", &ALL_SCOPES);
    let client = server.v1(Some(&token));
    for _ in 0..3 {
        client.list_users().send().await.unwrap();
    }
    let limited = client.list_users().send().await.unwrap_err();
    assert_eq!(limited.code(), Some(types::ErrorCode::RateLimited));
    assert_eq!(limited.retry_after(), Some(Duration::from_secs(2)));
    assert!(client.list_invoices().send().await.is_ok(), "each endpoint has its own bucket");
    let other = server.token("other", &ALL_SCOPES);
    assert!(
        server.v1(Some(&other)).list_users().send().await.is_ok(),
        "each token has its own bucket"
    );

    let v2_limited = server.v2(Some(&token)).list_users().send().await;
    assert!(v2_limited.is_ok(), "/v2/users is another endpoint");
}

#[tokio::test]
async fn every_request_logs_one_json_line() {
    let server = TestServer::start().await;
    let token = server.token("ada", &ALL_SCOPES);
    let client = server.v1(Some(&token));
    client.list_users().send().await.unwrap();
    let _ = server.v1(None).list_users().send().await;
    let _ = client.get_health().send().await;

    let lines = server.log_lines();
    let requests: Vec<&serde_json::Value> =
        lines.iter().filter(|line| line["message"] == "request").collect();
    assert_eq!(requests.len(), 3, "{lines:#?}");
    let listed = requests[0];
    assert_eq!(
        (listed["method"].as_str(), listed["path"].as_str()),
        (Some("GET"), Some("/v1/users"))
    );
    assert_eq!(listed["status"], 200);
    assert_eq!(listed["user_id"], "ada");
    assert_eq!(listed["trace_id"].as_str().map(str::len), Some(32));
    assert!(listed["duration_ms"].as_f64().is_some_and(|ms| ms >= 0.0));
    assert_eq!(requests[1]["status"], 401);
    assert!(requests[1]["user_id"].is_null());
    assert_eq!(requests[2]["path"], "/health");
}
