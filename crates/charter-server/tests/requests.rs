//! Requests through a notes service in-process, every layer in place: what each step of an
//! endpoint route answers, in the envelope, and what it logs.

mod support;

use axum::http::{HeaderValue, Method, StatusCode, header};
use charter_server::RateLimit;
use support::*;

#[tokio::test]
async fn handlers_answer_with_the_success_status_and_body() {
    let service = Service::start();
    let token = service.token("ada", &[READ, WRITE, ADMIN]);
    let created = service
        .call(Method::POST, "/v1/notes", Some(&token), Some(r#"{"text": "hi", "tags": ["a"]}"#))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(created.json(), serde_json::json!({"id": 1, "text": "hi", "tags": ["a"]}));
    let read = service.call(Method::GET, "/v1/notes/1", Some(&token), None).await;
    assert_eq!((read.status, read.json()["text"].as_str()), (StatusCode::OK, Some("hi")));
    let listed = service.call(Method::GET, "/v1/notes?limit=5", Some(&token), None).await;
    assert_eq!(listed.json().as_array().map(Vec::len), Some(1));
    let deleted = service.call(Method::DELETE, "/v1/notes/1", Some(&token), None).await;
    assert_eq!((deleted.status, deleted.text.as_str()), (StatusCode::NO_CONTENT, ""));
    let gone = service.call(Method::GET, "/v1/notes/1", Some(&token), None).await;
    assert_eq!(
        (gone.status, gone.code(), gone.message()),
        (StatusCode::NOT_FOUND, "not_found".into(), "no note has the id 1".into())
    );
    let taken = {
        service.call(Method::POST, "/v1/notes", Some(&token), Some(r#"{"text": "x"}"#)).await;
        service.call(Method::POST, "/v1/notes", Some(&token), Some(r#"{"text": "x"}"#)).await
    };
    assert_eq!((taken.status, taken.code()), (StatusCode::CONFLICT, "conflict".into()));
}

#[tokio::test]
async fn a_bearer_operation_without_a_valid_token_is_unauthorized_with_a_challenge() {
    let service = Service::start();
    let anonymous = service.call(Method::GET, "/v1/notes", None, None).await;
    assert_eq!(
        (anonymous.status, anonymous.code()),
        (StatusCode::UNAUTHORIZED, "unauthorized".into())
    );
    assert_eq!(anonymous.message(), "this operation needs a bearer token");
    assert_eq!(anonymous.headers[header::WWW_AUTHENTICATE], "Bearer realm=\"notes\"");

    let forged = service.call(Method::GET, "/v1/notes", Some("e30.e30.e30"), None).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    assert_eq!(forged.message(), "the bearer token is not a JWT");
    assert_eq!(
        forged.headers[header::WWW_AUTHENTICATE],
        "Bearer realm=\"notes\", error=\"invalid_token\""
    );

    let stranger = Service::start().token("eve", &[READ]);
    let foreign = service.call(Method::GET, "/v1/notes", Some(&stranger), None).await;
    assert_eq!(foreign.status, StatusCode::UNAUTHORIZED);
    assert!(foreign.message().starts_with("the bearer token is signed by an unknown key"));

    let health = service.call(Method::GET, "/health", Some("e30.e30.e30"), None).await;
    assert_eq!(health.status, StatusCode::OK, "a public operation ignores a bad token");
}

#[tokio::test]
async fn a_token_without_the_scope_is_forbidden_naming_it() {
    let service = Service::start();
    let reader = service.token("reader", &[READ]);
    let writer = service.token("writer", &[WRITE]);
    for (method, uri, token, scope) in [
        (Method::GET, "/v1/notes", &writer, "notes:read"),
        (Method::GET, "/v1/notes/1", &writer, "notes:read"),
        (Method::POST, "/v1/notes", &reader, "notes:write"),
        // The endpoint's own scope, not the API's default for DELETE.
        (Method::DELETE, "/v1/notes/1", &writer, "notes:admin"),
    ] {
        let answer = service.call(method.clone(), uri, Some(token), Some("{}")).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::FORBIDDEN, "forbidden".into()),
            "{method} {uri}"
        );
        assert_eq!(
            answer.message(),
            format!("this operation needs a token with the scope `{scope}`")
        );
        assert!(!answer.headers.contains_key(header::WWW_AUTHENTICATE));
    }
}

#[tokio::test]
async fn past_the_rate_limit_a_token_waits_per_endpoint() {
    let service = Service::with(routes(), RateLimit { burst: 2, per_second: 0.5 });
    let token = service.token("busy", &[READ]);
    for _ in 0..2 {
        assert_eq!(
            service.call(Method::GET, "/v1/notes", Some(&token), None).await.status,
            StatusCode::OK
        );
    }
    let limited = service.call(Method::GET, "/v1/notes", Some(&token), None).await;
    assert_eq!(
        (limited.status, limited.code()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited".into())
    );
    assert_eq!(limited.headers[header::RETRY_AFTER], "2");
    assert_eq!(limited.message(), "too many requests to GET /v1/notes; retry in 2 s");
    let head = service.call(Method::HEAD, "/v1/notes", Some(&token), None).await;
    assert_eq!(head.status, StatusCode::TOO_MANY_REQUESTS, "a HEAD spends from the GET's bucket");
    let other_endpoint = service.call(Method::GET, "/v1/notes/7", Some(&token), None).await;
    assert_eq!(other_endpoint.status, StatusCode::NOT_FOUND, "another endpoint, another bucket");
    let other_token = service.token("calm", &[READ]);
    assert_eq!(
        service.call(Method::GET, "/v1/notes", Some(&other_token), None).await.status,
        StatusCode::OK
    );
    for _ in 0..5 {
        let health = service.call(Method::GET, "/health", Some(&token), None).await;
        assert_eq!(health.status, StatusCode::OK, "public operations are never limited");
    }
}

#[tokio::test]
async fn parameters_and_bodies_are_read_into_the_types_naming_each_field() {
    let service = Service::start();
    let token = service.token("ada", &[READ, WRITE]);
    let cases = [
        (Method::GET, "/v1/notes/abc", None, None, "path.note_id"),
        (Method::GET, "/v1/notes/%FF", None, None, "path"),
        (Method::GET, "/v1/notes?limit=%FF%FE", None, None, "query.limit"),
        (Method::GET, "/v1/notes?limit=500", None, None, "query.limit"),
        (Method::GET, "/v1/notes?color=red", None, None, "query.color"),
        (Method::POST, "/v1/notes", Some(r#"{"text": "x", "tags": [1]}"#), None, "/tags/0"),
        (Method::POST, "/v1/notes", Some(r#"{"tags": []}"#), None, "/"),
        (Method::POST, "/v1/notes", Some("{"), None, "/"),
        (Method::POST, "/v1/notes", Some(r#"{"text": "x"}"#), Some("text/plain"), "body"),
    ];
    for (method, uri, body, content_type, field) in cases {
        let mut request = axum::http::Request::builder()
            .method(method.clone())
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        if body.is_some() {
            request =
                request.header(header::CONTENT_TYPE, content_type.unwrap_or("application/json"));
        }
        let request =
            request.body(axum::body::Body::from(body.unwrap_or_default().to_owned())).unwrap();
        let response = tower::ServiceExt::oneshot(service.router.clone(), request).await.unwrap();
        let answer = Answer::of(response).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::BAD_REQUEST, "validation_failed".into()),
            "{uri} {body:?}: {}",
            answer.text
        );
        assert_eq!(answer.json()["error"]["details"][0]["field"], field, "{uri} {body:?}");
    }
    let huge = format!(r#"{{"text": "{}"}}"#, "x".repeat(70 * 1024));
    let too_large = service.call(Method::POST, "/v1/notes", Some(&token), Some(&huge)).await;
    assert_eq!(too_large.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        too_large.message(),
        "body: the request body is larger than the limit of 65536 bytes"
    );
    let small = Service::with(routes().body_limit(16), RateLimit::default());
    let token = small.token("ada", &[WRITE]);
    let answer =
        small.call(Method::POST, "/v1/notes", Some(&token), Some(r#"{"text": "seventeen"}"#)).await;
    assert_eq!(answer.message(), "body: the request body is larger than the limit of 16 bytes");
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_the_envelope() {
    let service = Service::start();
    let missing = service.call(Method::GET, "/v1/nowhere", None, None).await;
    assert_eq!((missing.status, missing.code()), (StatusCode::NOT_FOUND, "not_found".into()));
    assert_eq!(missing.message(), "no operation answers GET /v1/nowhere");
    let wrong = service.call(Method::PUT, "/v1/notes/1", None, None).await;
    assert_eq!(
        (wrong.status, wrong.code()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed".into())
    );
    assert_eq!(wrong.headers[header::ALLOW], "GET, DELETE");
    assert_eq!(wrong.message(), "/v1/notes/1 does not answer PUT; it answers GET, DELETE");
    let lines = service.log.requests();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert_eq!((lines[0]["status"].as_u64(), lines[1]["status"].as_u64()), (Some(404), Some(405)));
    assert!(lines[0]["operation_id"].is_null());
}

#[tokio::test]
async fn an_undocumented_error_code_is_logged_and_answered_as_internal() {
    let service = Service::start();
    let token = service.token("ada", &[READ]);
    let answer = service.call(Method::GET, "/v1/undocumented", Some(&token), None).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::INTERNAL_SERVER_ERROR, "internal".into())
    );
    assert!(!answer.text.contains("secret"), "{}", answer.text);
    let errors: Vec<serde_json::Value> =
        service.log.lines().into_iter().filter(|line| line["level"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        errors[0]["error"],
        "undocumented answered `conflict`, which it does not document: secret detail"
    );
    assert_eq!(errors[0]["operation_id"], "undocumented");
    let trace_id = errors[0]["trace_id"].as_str().unwrap();
    assert_eq!(
        answer.message(),
        format!("the server failed; the cause is logged under trace id {trace_id}")
    );
}

#[tokio::test]
async fn a_panicking_handler_answers_internal_without_leaking_the_cause() {
    let service = Service::start();
    let token = service.token("ada", &[READ]);
    let mut request = axum::http::Request::get("/v1/explode")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(axum::body::Body::empty())
        .unwrap();
    request.headers_mut().insert(
        "traceparent",
        HeaderValue::from_static("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
    );
    let response = tower::ServiceExt::oneshot(service.router.clone(), request).await.unwrap();
    let answer = Answer::of(response).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::INTERNAL_SERVER_ERROR, "internal".into())
    );
    assert_eq!(
        answer.message(),
        "the server failed; the cause is logged under trace id 4bf92f3577b34da6a3ce929d0e0e4736"
    );
    assert!(!answer.text.contains("disk"));
    let lines = service.log.lines();
    assert_eq!(lines[0]["level"], "error");
    assert_eq!(
        lines[0]["error"],
        "the handler of explode panicked: the disk caught fire at /var/lib/notes"
    );
    assert_eq!(lines[0]["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
    assert_eq!(lines[1]["message"], "request");
    assert_eq!(lines[1]["status"], 500);

    let after = service.call(Method::GET, "/v1/notes", Some(&token), None).await;
    assert_eq!(after.status, StatusCode::OK, "the service keeps answering");
}

#[tokio::test]
async fn every_request_logs_one_json_line() {
    let service = Service::start();
    let token = service.token("ada", &[READ]);
    service.call(Method::GET, "/v1/notes", Some(&token), None).await;
    service.call(Method::GET, "/v1/notes", None, None).await;
    service.call(Method::GET, "/health", None, None).await;
    let lines = service.log.requests();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    let first = &lines[0];
    assert_eq!(
        (first["method"].as_str(), first["path"].as_str()),
        (Some("GET"), Some("/v1/notes"))
    );
    assert_eq!(
        (first["status"].as_u64(), first["operation_id"].as_str()),
        (Some(200), Some("listNotes"))
    );
    assert_eq!(first["user_id"], "ada");
    assert_eq!(first["level"], "info");
    assert_eq!(first["trace_id"].as_str().map(str::len), Some(32));
    assert!(first["duration_ms"].as_f64().is_some_and(|ms| ms >= 0.0));
    assert!(first["time"].as_str().is_some_and(|time| time.ends_with('Z')));
    assert_eq!((lines[1]["status"].as_u64(), lines[1]["user_id"].is_null()), (Some(401), true));
    assert_eq!(lines[2]["operation_id"], "getHealth");
}

#[tokio::test]
async fn health_reports_each_check_and_logs_why_one_fails() {
    let service = Service::start();
    let healthy = service.call(Method::GET, "/health", None, None).await;
    assert_eq!(healthy.status, StatusCode::OK);
    let body = healthy.json();
    assert_eq!((body["status"].as_str(), body["version"].as_str()), (Some("ok"), Some("9.9.9")));
    assert_eq!(body["checks"][0]["name"], "notes");
    assert_eq!(body["checks"][0]["status"], "ok");

    service.state.broken.store(true, std::sync::atomic::Ordering::Relaxed);
    let failing = service.call(Method::GET, "/health", None, None).await;
    assert_eq!(failing.status, StatusCode::OK, "the document promises 200 with the state");
    assert_eq!(failing.json()["status"], "failing");
    assert_eq!(failing.json()["checks"][0]["status"], "failing");
    assert!(!failing.text.contains("checksum"), "the reason is never sent");
    let warning = service.log.lines().into_iter().find(|line| line["level"] == "warn").unwrap();
    assert_eq!(warning["check"], "notes");
    assert_eq!(warning["error"], "the notes are unreadable: checksum mismatch");
}

#[tokio::test]
async fn a_panicking_check_is_failing_and_the_others_still_run() {
    let service = Service::with(
        routes().health_check("cache", |_: Notes| async move {
            if true {
                panic!("cache exploded");
            }
            Ok::<(), String>(())
        }),
        RateLimit::default(),
    );
    let body = service.call(Method::GET, "/health", None, None).await.json();
    assert_eq!(body["status"], "failing");
    assert_eq!(body["checks"][0]["status"], "ok");
    assert_eq!(
        (body["checks"][1]["name"].as_str(), body["checks"][1]["status"].as_str()),
        (Some("cache"), Some("failing"))
    );
}

#[tokio::test]
async fn a_request_whose_caller_leaves_is_logged_as_cancelled() {
    let service = Service::start();
    let token = service.token("ada", &[READ]);
    let request = axum::http::Request::get("/v1/wait")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let answer = tower::ServiceExt::oneshot(service.router.clone(), request);
    let gave_up = tokio::time::timeout(std::time::Duration::from_millis(50), answer).await;
    assert!(gave_up.is_err(), "the handler waits until released");
    let lines = service.log.requests();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(
        (lines[0]["status"].as_u64(), lines[0]["cancelled"].as_bool()),
        (Some(499), Some(true))
    );
    assert_eq!(lines[0]["path"], "/v1/wait");
}
