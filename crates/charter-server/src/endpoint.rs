//! Routing requests through the contracts' `Endpoint` impls.
//!
//! [`Routes::add`] takes an endpoint type and a plain function over its types. The method, the
//! path template, the parameter and body types, the success status and the documented error
//! codes all come from the `Endpoint` impl the document is generated from, so the server cannot
//! answer anything the document does not describe: an error code the endpoint does not document
//! is logged and answered as `internal`.
//!
//! Every request goes through the same steps: bearer token (401), scope (403), rate limit (429),
//! path and query parameters and JSON body read into the endpoint's types (400 naming each
//! field), the handler, and one JSON log line.

use std::any::TypeId;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, RawPathParams, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use contracts::api::{NoBody, Operation};
use contracts::{Endpoint, ErrorCode, FieldError, Method};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::auth::Verifier;
use crate::error::ApiError;
use crate::log::LogSink;
use crate::rate_limit::Limiter;
use crate::store::Store;

/// The largest request body read, in bytes.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler can reach.
pub(crate) struct AppState {
    pub(crate) store: Mutex<Store>,
    pub(crate) verifier: Verifier,
    pub(crate) limiter: Limiter,
    pub(crate) log: LogSink,
}

impl AppState {
    /// The store, even after a handler panicked while holding it: every handler leaves it
    /// consistent before it can panic.
    pub(crate) fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A request, read into the endpoint's types.
pub(crate) struct Input<E: Endpoint> {
    pub(crate) path: E::Path,
    pub(crate) query: E::Query,
    pub(crate) body: E::Request,
}

/// The function answering endpoint `E`.
pub(crate) type Handler<E> = fn(&AppState, Input<E>) -> Result<<E as Endpoint>::Response, ApiError>;

/// The operations routed so far, by path template.
pub(crate) struct Routes {
    paths: BTreeMap<&'static str, (MethodRouter<Arc<AppState>>, Vec<Method>)>,
}

impl Routes {
    pub(crate) fn new() -> Self {
        Routes { paths: BTreeMap::new() }
    }

    /// Routes `E::METHOD E::PATH` to `handler`.
    pub(crate) fn add<E: Endpoint>(mut self, handler: Handler<E>) -> Self {
        let documented: Arc<[ErrorCode]> = Operation::of::<E>().errors().into();
        let filter = match E::METHOD {
            Method::Get => MethodFilter::GET,
            Method::Post => MethodFilter::POST,
            Method::Put => MethodFilter::PUT,
            Method::Patch => MethodFilter::PATCH,
            Method::Delete => MethodFilter::DELETE,
        };
        let (router, methods) =
            self.paths.entry(E::PATH).or_insert_with(|| (MethodRouter::new(), Vec::new()));
        *router = std::mem::replace(router, MethodRouter::new()).on(
            filter,
            move |State(state): State<Arc<AppState>>, request: Request| {
                dispatch::<E>(state, handler, documented, request)
            },
        );
        methods.push(E::METHOD);
        self
    }

    /// Every (method, path) routed.
    #[cfg(test)]
    pub(crate) fn routed(&self) -> Vec<(Method, &'static str)> {
        self.paths
            .iter()
            .flat_map(|(path, (_, methods))| methods.iter().map(move |method| (*method, *path)))
            .collect()
    }

    /// The finished router. A routed path answers other methods with `405 method_not_allowed`
    /// and an `Allow` header; any other path answers `404 not_found`, both in the envelope.
    pub(crate) fn into_router(self, state: Arc<AppState>) -> Router {
        let mut router = Router::new();
        for (path, (method_router, methods)) in self.paths {
            let allow: String =
                methods.iter().map(|method| method.as_str()).collect::<Vec<_>>().join(", ");
            let not_allowed = move |State(state): State<Arc<AppState>>, request: Request| async move {
                let error = ApiError::new(
                    ErrorCode::MethodNotAllowed,
                    format!(
                        "{} does not answer {}; it answers {allow}",
                        request.uri().path(),
                        request.method()
                    ),
                );
                let mut response = unrouted(&state, &request, &error);
                if let Ok(value) = HeaderValue::from_str(&allow) {
                    response.headers_mut().insert(header::ALLOW, value);
                }
                response
            };
            // axum writes path parameters as `{name}`, like OpenAPI: the template is used as is.
            router = router.route(path, method_router.fallback(not_allowed));
        }
        let not_found = |State(state): State<Arc<AppState>>, request: Request| async move {
            let error = ApiError::new(
                ErrorCode::NotFound,
                format!("no operation answers {} {}", request.method(), request.uri().path()),
            );
            unrouted(&state, &request, &error)
        };
        router.fallback(not_found).with_state(state)
    }
}

/// The answer to a request no operation takes, logged like any other.
fn unrouted(state: &AppState, request: &Request, error: &ApiError) -> Response {
    let started = Instant::now();
    let trace_id = trace_id(request.headers());
    let response = error_response(error, &trace_id);
    log_request(&state.log, &request_line(request), None, &response, started, &trace_id, None);
    response
}

/// The method and path of a request, for its log line.
struct RequestLine {
    method: String,
    path: String,
}

fn request_line(request: &Request) -> RequestLine {
    RequestLine { method: request.method().to_string(), path: request.uri().path().to_owned() }
}

async fn dispatch<E: Endpoint>(
    state: Arc<AppState>,
    handler: Handler<E>,
    documented: Arc<[ErrorCode]>,
    request: Request,
) -> Response {
    let started = Instant::now();
    let trace_id = trace_id(request.headers());
    let line = request_line(&request);
    let (mut parts, body) = request.into_parts();
    let mut user_id = None;
    let response = match handle::<E>(&state, handler, &mut parts, body, &mut user_id).await {
        Ok(response) => response,
        Err(mut error) => {
            if !documented.contains(&error.code) {
                error = ApiError::internal(format!(
                    "{} answered `{}`, which it does not document: {}",
                    E::OPERATION_ID,
                    error.code,
                    error.message
                ));
            }
            if let Some(cause) = &error.cause {
                let mut fields = Map::new();
                fields.insert("message".into(), "internal error".into());
                fields.insert("trace_id".into(), trace_id.clone().into());
                fields.insert("operation_id".into(), E::OPERATION_ID.into());
                fields.insert("error".into(), cause.clone().into());
                state.log.line("error", fields);
            }
            error_response(&error, &trace_id)
        }
    };
    log_request(&state.log, &line, Some(E::OPERATION_ID), &response, started, &trace_id, user_id);
    response
}

async fn handle<E: Endpoint>(
    state: &AppState,
    handler: Handler<E>,
    parts: &mut Parts,
    body: Body,
    user_id: &mut Option<String>,
) -> Result<Response, ApiError> {
    // The same policy the documents state: `Operation::scope` is what they are built from.
    if let Some(scope) = Operation::of::<E>().scope() {
        let caller = authenticate(&state.verifier, &parts.headers)?;
        *user_id = Some(caller.subject.clone());
        let scope = scope.as_str();
        if !caller.scopes.iter().any(|granted| granted == scope) {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                format!("this operation needs a token with the scope `{scope}`"),
            ));
        }
        state.limiter.take(&caller.token_id, (E::METHOD.as_str(), E::PATH)).map_err(|seconds| {
            ApiError {
                retry_after: Some(seconds),
                ..ApiError::new(
                    ErrorCode::RateLimited,
                    format!("too many requests; retry in {seconds} s"),
                )
            }
        })?;
    }
    let path = path_parameters::<E>(parts).await?;
    let query = read_form::<E::Query>(parts.uri.query().unwrap_or_default(), "query.")?;
    let body = request_body::<E::Request>(&parts.headers, body).await?;
    let input = Input { path, query, body };
    let value = match catch_unwind(AssertUnwindSafe(|| handler(state, input))) {
        Ok(result) => result?,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
                .unwrap_or_default();
            return Err(ApiError::internal(format!(
                "the handler of {} panicked: {message}",
                E::OPERATION_ID
            )));
        }
    };
    let status = StatusCode::from_u16(E::SUCCESS).unwrap_or(StatusCode::OK);
    if TypeId::of::<E::Response>() == TypeId::of::<NoBody>() {
        return Ok(status.into_response());
    }
    let body = serde_json::to_vec(&value)
        .map_err(|error| ApiError::internal(format!("cannot serialize the response: {error}")))?;
    Ok((status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body)
        .into_response())
}

fn authenticate(verifier: &Verifier, headers: &HeaderMap) -> Result<crate::auth::Caller, ApiError> {
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::new(ErrorCode::Unauthorized, "this operation needs a bearer token")
    })?;
    let token = value
        .to_str()
        .ok()
        .and_then(|text| text.strip_prefix("Bearer ").or_else(|| text.strip_prefix("bearer ")))
        .map(str::trim)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Unauthorized,
                "the Authorization header is not `Bearer <token>`",
            )
        })?;
    verifier.verify(token).map_err(|refusal| ApiError::new(ErrorCode::Unauthorized, refusal.0))
}

async fn path_parameters<E: Endpoint>(parts: &mut Parts) -> Result<E::Path, ApiError> {
    if !E::PATH.contains('{') {
        return read_form::<E::Path>("", "path.");
    }
    let raw = RawPathParams::from_request_parts(parts, &())
        .await
        .map_err(|rejection| ApiError::new(ErrorCode::ValidationFailed, rejection.body_text()))?;
    let pairs: Vec<(&str, &str)> = raw.iter().collect();
    let encoded = serde_urlencoded::to_string(pairs).map_err(|error| {
        ApiError::internal(format!("cannot re-encode path parameters: {error}"))
    })?;
    read_form::<E::Path>(&encoded, "path.")
}

/// Reads `application/x-www-form-urlencoded` text (a query string) into `T`, naming the field
/// of the first error as `<prefix><name>`.
fn read_form<T: DeserializeOwned>(text: &str, prefix: &str) -> Result<T, ApiError> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(text.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let name = error.path().to_string();
        let field = if name == "." {
            prefix.trim_end_matches('.').to_owned()
        } else {
            format!("{prefix}{name}")
        };
        ApiError::invalid(field, error.into_inner().to_string())
    })
}

async fn request_body<T: DeserializeOwned + 'static>(
    headers: &HeaderMap,
    body: Body,
) -> Result<T, ApiError> {
    if TypeId::of::<T>() == TypeId::of::<NoBody>() {
        return serde_json::from_value(Value::Null)
            .map_err(|error| ApiError::internal(error.to_string()));
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::invalid(
            "body",
            "the request body must be JSON with `Content-Type: application/json`",
        ));
    }
    let bytes: Bytes = axum::body::to_bytes(body, MAX_BODY_BYTES).await.map_err(|_| {
        ApiError::invalid(
            "body",
            format!("the request body is larger than {} KiB", MAX_BODY_BYTES / 1024),
        )
    })?;
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    let parsed = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => {
            deserializer.end().map(|()| value).map_err(|error| ("/".to_owned(), error.to_string()))
        }
        Err(error) => Err((json_pointer(error.path()), error.into_inner().to_string())),
    };
    parsed.map_err(|(pointer, message)| ApiError {
        details: Some(vec![FieldError { field: pointer.clone(), message: message.clone() }]),
        ..ApiError::new(
            ErrorCode::ValidationFailed,
            format!("the request body is not valid at `{pointer}`: {message}"),
        )
    })
}

/// A serde path as a JSON pointer into the body: `amount.minor_units` becomes
/// `/amount/minor_units`, the whole body `/`.
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } => pointer.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Segment::Enum { variant } => pointer.push_str(variant),
            Segment::Unknown => pointer.push('?'),
        }
    }
    if pointer.is_empty() { "/".to_owned() } else { pointer }
}

/// The envelope response for `error`, with `Retry-After` or `WWW-Authenticate` where they apply.
pub(crate) fn error_response(error: &ApiError, trace_id: &str) -> Response {
    let status =
        StatusCode::from_u16(error.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(&error.envelope(trace_id)).unwrap_or_default();
    let mut response =
        (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body)
            .into_response();
    if let Some(seconds) = error.retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    if error.code == ErrorCode::Unauthorized {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"billing\""));
    }
    response
}

/// The trace id of a W3C `traceparent` header, or a new one.
fn trace_id(headers: &HeaderMap) -> String {
    headers
        .get("traceparent")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split('-').nth(1))
        .filter(|id| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .map_or_else(|| uuid::Uuid::new_v4().simple().to_string(), str::to_owned)
}

fn log_request(
    log: &LogSink,
    line: &RequestLine,
    operation_id: Option<&str>,
    response: &Response,
    started: Instant,
    trace_id: &str,
    user_id: Option<String>,
) {
    let duration_ms = (started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0;
    let fields = json!({
        "message": "request",
        "method": line.method,
        "path": line.path,
        "operation_id": operation_id,
        "status": response.status().as_u16(),
        "duration_ms": duration_ms,
        "trace_id": trace_id,
        "user_id": user_id,
    });
    if let Value::Object(fields) = fields {
        log.line("info", fields);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_paths_become_json_pointers() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            minor_units: u32,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            amounts: Vec<Inner>,
        }
        let text = r#"{"amounts": [{"minor_units": 1}, {"minor_units": "x"}]}"#;
        let error = serde_path_to_error::deserialize::<_, Outer>(
            &mut serde_json::Deserializer::from_str(text),
        )
        .unwrap_err();
        assert_eq!(json_pointer(error.path()), "/amounts/1/minor_units");
    }

    #[test]
    fn query_errors_name_the_parameter() {
        let error =
            read_form::<contracts::v1::ListUsersQuery>("per_page=500", "query.").unwrap_err();
        assert_eq!(error.code, ErrorCode::ValidationFailed);
        let details = error.details.unwrap();
        assert_eq!(details[0].field, "query.per_page");
        assert!(
            details[0].message.contains("between 1 and 100, not 500"),
            "{}",
            details[0].message
        );
        let query: contracts::v1::ListUsersQuery = read_form("page=3", "query.").unwrap();
        assert_eq!((query.page.get(), query.per_page.get()), (3, 20));
    }

    #[test]
    fn a_traceparent_header_gives_the_trace_id() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "traceparent",
            HeaderValue::from_static("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        );
        assert_eq!(trace_id(&headers), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(trace_id(&HeaderMap::new()).len(), 32);
    }
}

#[cfg(test)]
mod internal_errors {
    use super::*;
    use crate::auth::{Claims, DevKeys};
    use crate::rate_limit::RateLimit;
    use contracts::NoParams;
    use tower::ServiceExt as _;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    macro_rules! probe {
        ($name:ident, $path:literal) => {
            struct $name;
            impl Endpoint for $name {
                const OPERATION_ID: &'static str = stringify!($name);
                const METHOD: Method = Method::Get;
                const PATH: &'static str = $path;
                const TAG: &'static str = "test";
                const SUMMARY: &'static str = "A probe";
                const SUCCESS: u16 = 200;
                const ERRORS: &'static [ErrorCode] = &[];
                type Path = NoParams;
                type Query = NoParams;
                type Request = NoBody;
                type Response = Probe;
            }
        };
    }

    /// The response of the probes.
    #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    struct Probe {
        stable: bool,
    }

    probe!(Panics, "/v1/panics");
    probe!(Conflicts, "/v1/conflicts");

    fn panics(_: &AppState, _: Input<Panics>) -> Result<Probe, ApiError> {
        panic!("the disk caught fire at /var/lib/billing");
    }

    fn conflicts(_: &AppState, _: Input<Conflicts>) -> Result<Probe, ApiError> {
        Err(ApiError::new(ErrorCode::Conflict, "secret detail"))
    }

    async fn call(path: &str) -> (StatusCode, Value, String) {
        let keys = DevKeys::generate().unwrap();
        let log = Buffer::default();
        let state = Arc::new(AppState {
            store: Mutex::new(Store::default()),
            verifier: keys.verifier().unwrap(),
            limiter: Limiter::new(RateLimit::default()),
            log: LogSink::to(log.clone()),
        });
        let router =
            Routes::new().add::<Panics>(panics).add::<Conflicts>(conflicts).into_router(state);
        let token = keys.mint(&Claims::new("ada", &["billing:read"], 60)).unwrap();
        let request = axum::http::Request::get(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let log = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
        (status, serde_json::from_slice(&bytes).unwrap(), log)
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_internal_and_logs_the_cause() {
        let (status, body, log) = call("/v1/panics").await;
        assert_eq!(status, 500);
        assert_eq!(body["error"]["code"], "internal");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.starts_with("the server failed; the cause is logged under trace id "),
            "{message}"
        );
        assert!(!message.contains("disk"), "the cause is never sent: {message}");
        assert!(log.contains("the disk caught fire at /var/lib/billing"), "{log}");
        assert!(log.contains(r#""level":"error""#), "{log}");
    }

    #[tokio::test]
    async fn an_undocumented_error_code_becomes_internal() {
        let (status, body, log) = call("/v1/conflicts").await;
        assert_eq!(status, 500);
        assert_eq!(body["error"]["code"], "internal");
        assert!(
            log.contains(
                "Conflicts answered `conflict`, which it does not document: secret detail"
            ),
            "{log}"
        );
    }
}
