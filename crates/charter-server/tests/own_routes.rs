//! A team's own axum routes, beside the endpoint routes, get the same layers, extractors and
//! envelope; a protected route never answers as if nobody had checked.

mod support;

use axum::Router;
use axum::http::{Method, StatusCode, header};
use axum::routing::get;
use charter_contract::ErrorCode;
use charter_server::auth::{Claims, DevKeys, JwtConfig};
use charter_server::{ApiError, Caller, Config, LogSink, RequireScope, TraceId};
use support::*;
use tower::ServiceExt as _;

async fn report(caller: Caller, trace_id: TraceId) -> Result<String, ApiError> {
    if caller.subject == "mallory" {
        return Err(ApiError::new(ErrorCode::CONFLICT, "not today"));
    }
    Ok(format!("a report for {} under {}", caller.subject, trace_id.as_str().len()))
}

async fn whoami(caller: Option<Caller>) -> String {
    caller.map_or_else(|| "nobody".to_owned(), |caller| caller.subject)
}

async fn crash() -> &'static str {
    panic!("the team's own handler failed");
}

fn service() -> (Router, DevKeys, Buffer) {
    let keys = DevKeys::generate().unwrap();
    let log = Buffer::default();
    let own: Router = Router::new()
        .route("/internal/report", get(report))
        .route_layer(RequireScope::new(ADMIN))
        .route("/internal/whoami", get(whoami))
        .route("/internal/crash", get(crash));
    let app = routes().build().unwrap().with_state(Notes::default()).merge(own);
    let config = Config::new(keys.verifier(JwtConfig::for_api("notes")).unwrap())
        .with_log(LogSink::to(log.clone()));
    (config.layer(app), keys, log)
}

async fn get_with(router: &Router, uri: &str, token: Option<&str>) -> Answer {
    let mut request = axum::http::Request::builder().method(Method::GET).uri(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let request = request.body(axum::body::Body::empty()).unwrap();
    Answer::of(router.clone().oneshot(request).await.unwrap()).await
}

fn token(keys: &DevKeys, subject: &str, scopes: &[&str]) -> String {
    keys.mint(&Claims::new(&JwtConfig::for_api("notes"), subject, scopes, 60)).unwrap()
}

#[tokio::test]
async fn require_scope_guards_a_teams_own_route() {
    let (router, keys, log) = service();
    let anonymous = get_with(&router, "/internal/report", None).await;
    assert_eq!(
        (anonymous.status, anonymous.code()),
        (StatusCode::UNAUTHORIZED, "unauthorized".into())
    );
    assert_eq!(anonymous.headers[header::WWW_AUTHENTICATE], "Bearer realm=\"notes\"");
    let reader =
        get_with(&router, "/internal/report", Some(&token(&keys, "ada", &["notes:read"]))).await;
    assert_eq!(
        (reader.status, reader.message()),
        (StatusCode::FORBIDDEN, "this operation needs a token with the scope `notes:admin`".into())
    );
    let admin =
        get_with(&router, "/internal/report", Some(&token(&keys, "ada", &["notes:admin"]))).await;
    assert_eq!((admin.status, admin.text.as_str()), (StatusCode::OK, "a report for ada under 32"));
    let refused =
        get_with(&router, "/internal/report", Some(&token(&keys, "mallory", &["notes:admin"])))
            .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "conflict".into()),
        "own routes answer any code they like"
    );

    let lines = log.requests();
    assert_eq!(lines.len(), 4);
    assert!(lines[2]["operation_id"].is_null(), "own routes have no operation id");
    assert_eq!(lines[2]["user_id"], "ada");
}

#[tokio::test]
async fn an_optional_caller_is_none_without_a_token_and_refused_with_a_bad_one() {
    let (router, keys, _) = service();
    assert_eq!(get_with(&router, "/internal/whoami", None).await.text, "nobody");
    let ada = token(&keys, "ada", &[]);
    assert_eq!(get_with(&router, "/internal/whoami", Some(&ada)).await.text, "ada");
    let bad = get_with(&router, "/internal/whoami", Some("nonsense")).await;
    assert_eq!(
        (bad.status, bad.message()),
        (StatusCode::UNAUTHORIZED, "the bearer token is not a JWT".into())
    );
}

#[tokio::test]
async fn a_panic_in_a_teams_own_handler_is_internal_too() {
    let (router, _, log) = service();
    let crashed = get_with(&router, "/internal/crash", None).await;
    assert_eq!(
        (crashed.status, crashed.code()),
        (StatusCode::INTERNAL_SERVER_ERROR, "internal".into())
    );
    assert!(!crashed.text.contains("team's own"));
    let error = log.lines().into_iter().find(|line| line["level"] == "error").unwrap();
    assert_eq!(error["error"], "a request handler panicked: the team's own handler failed");
}

#[tokio::test]
async fn without_the_auth_layer_a_protected_route_fails_closed() {
    let bare = routes().build().unwrap().with_state(Notes::default());
    let keys = DevKeys::generate().unwrap();
    let ada = token(&keys, "ada", &["notes:read"]);
    let answer = get_with(&bare, "/v1/notes", Some(&ada)).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::INTERNAL_SERVER_ERROR, "internal".into())
    );
    let public = get_with(&bare, "/health", None).await;
    assert_eq!(public.status, StatusCode::OK, "public operations need no layer");
}
