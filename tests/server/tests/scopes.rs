//! Every bearer operation of every version answers `403 forbidden` in the envelope to a valid
//! token lacking the scope the contract gives it, and `401 unauthorized` to no token.
//!
//! A regression test: a token without `billing:read` used to get `500 internal` on every GET,
//! because the scope check's `forbidden` was not among the codes those operations documented
//! and was rewritten as an undocumented code. Now `forbidden` is implied for every bearer
//! operation (charter-contract) and the server checks scope errors against the documented codes
//! like any other error.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use charter_contract::{ErrorCode, Method, Operation, Scope};
use charter_server::auth::{Claims, DevKeys, JwtConfig};
use charter_server::{Config, LogSink, RateLimit};
use serde_json::Value;
use tower::ServiceExt as _;

/// A user or invoice id nobody has.
const SOME_ID: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

/// A request to `operation` with `token`, parameters filled in and an empty JSON body.
fn request(operation: &Operation, token: Option<&str>) -> Request<Body> {
    let path: String = operation
        .path
        .split('/')
        .map(|segment| if segment.starts_with('{') { SOME_ID } else { segment })
        .collect::<Vec<_>>()
        .join("/");
    let mut request = Request::builder().method(operation.method.as_str()).uri(path);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = if operation.method == Method::Get || operation.method == Method::Delete {
        Body::empty()
    } else {
        request = request.header(header::CONTENT_TYPE, "application/json");
        Body::from("{}")
    };
    request.body(body).unwrap()
}

async fn answer(
    router: &axum::Router,
    request: Request<Body>,
) -> (StatusCode, Value, Option<String>) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let challenge = response
        .headers()
        .get(header::WWW_AUTHENTICATE)
        .map(|value| value.to_str().unwrap().to_owned());
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null), challenge)
}

#[tokio::test]
async fn every_bearer_operation_answers_403_to_a_token_lacking_its_scope() {
    let api = contracts::api();
    let jwt = JwtConfig::for_api(api.name);
    let keys = DevKeys::generate().unwrap();
    let config = Config::new(keys.verifier(jwt.clone()).unwrap())
        .with_rate_limit(RateLimit { burst: 10_000, per_second: 10_000.0 })
        .with_log(LogSink::to(std::io::sink()));
    let router = billing_server::router(&config).unwrap();

    let scopes = api.all_scopes();
    // A token lacking each scope in turn, and one lacking them all.
    let mut tokens: Vec<(Vec<Scope>, String)> = Vec::new();
    for missing in scopes.iter().map(Some).chain([None]) {
        let granted: Vec<Scope> = match missing {
            Some(missing) => scopes.iter().copied().filter(|scope| scope != missing).collect(),
            None => Vec::new(),
        };
        let names: Vec<&str> = granted.iter().map(|scope| scope.name).collect();
        tokens.push((granted, keys.mint(&Claims::new(&jwt, "scoped", &names, 300)).unwrap()));
    }

    let mut forbidden = 0;
    for version in &api.versions {
        for operation in &version.operations {
            let Some(needed) = operation.required_scope(&api.scopes) else { continue };
            let route = format!("{} {} ({})", operation.method, operation.path, version.name);
            assert!(
                operation.errors().contains(&ErrorCode::FORBIDDEN),
                "{route}: its document must list 403 `forbidden`"
            );

            let (status, body, challenge) = answer(&router, request(operation, None)).await;
            assert_eq!(
                (status, &body["error"]["code"]),
                (StatusCode::UNAUTHORIZED, &"unauthorized".into()),
                "{route}"
            );
            assert_eq!(challenge.as_deref(), Some("Bearer realm=\"billing\""), "{route}");

            for (granted, token) in &tokens {
                let (status, body, _) = answer(&router, request(operation, Some(token))).await;
                if granted.contains(&needed) {
                    assert_ne!(status, StatusCode::FORBIDDEN, "{route} with {granted:?}: {body}");
                    continue;
                }
                assert_eq!(status, StatusCode::FORBIDDEN, "{route} with {granted:?}: {body}");
                assert_eq!(body["error"]["code"], "forbidden", "{route} with {granted:?}");
                assert_eq!(
                    body["error"]["message"],
                    format!("this operation needs a token with the scope `{}`", needed.name),
                    "{route}"
                );
                forbidden += 1;
            }
        }
    }
    // 16 versioned operations; each is refused to the token lacking its scope and to the one
    // lacking all.
    assert_eq!(forbidden, 32);
}
