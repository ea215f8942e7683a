//! Structured logs: one JSON line per request, one per internal error, all on one [`LogSink`].
//!
//! [`RequestLogLayer`] is the outermost layer of a Charter service. For each request it takes
//! the trace id from a W3C `traceparent` header (or makes one), makes it available as the
//! [`TraceId`] extractor and to every [`ApiError`] answered inside, turns a panic anywhere
//! below it into an `internal` answer, and writes one line when the response is ready:
//!
//! ```json
//! {"time":"2026-01-02T03:04:05.678Z","level":"info","message":"request","method":"GET",
//!  "path":"/v1/notes","operation_id":"listNotes","status":200,"duration_ms":0.412,
//!  "trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","user_id":"ada"}
//! ```
//!
//! `operation_id` is set on routes made by [`Routes`](crate::Routes), `user_id` when
//! [`AuthLayer`](crate::auth::AuthLayer) verified a token. A request whose caller goes away
//! before the answer is ready is logged all the same, with status 499 and `"cancelled": true`.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use tower::{Layer, Service};

use crate::error::ApiError;
use crate::panic::CatchUnwind;

/// How serious a log line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Requests and other routine events.
    Info,
    /// Something failed that the service survives, e.g. a health check.
    Warn,
    /// A request failed on the server's side.
    Error,
}

impl Level {
    /// `info`, `warn` or `error`, as written in the `level` field.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// Where log lines go: standard output in a service, a buffer in tests.
///
/// Cloning is cheap; clones write to the same place, one whole line at a time.
#[derive(Clone)]
pub struct LogSink(Arc<Mutex<Box<dyn Write + Send>>>);

impl LogSink {
    /// Lines go to standard output.
    #[must_use]
    pub fn stdout() -> Self {
        Self::to(std::io::stdout())
    }

    /// Lines go to standard error.
    #[must_use]
    pub fn stderr() -> Self {
        Self::to(std::io::stderr())
    }

    /// Lines go to `writer`.
    pub fn to(writer: impl Write + Send + 'static) -> Self {
        LogSink(Arc::new(Mutex::new(Box::new(writer))))
    }

    /// Writes `fields` as one JSON object on one line, after `time` (RFC 3339, milliseconds,
    /// UTC) and `level`. A line that cannot be written is dropped: logging never fails a
    /// request.
    pub fn line(&self, level: Level, fields: Map<String, Value>) {
        let mut object = Map::new();
        object.insert(
            "time".into(),
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true).into(),
        );
        object.insert("level".into(), level.as_str().into());
        object.extend(fields);
        let mut writer = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = writeln!(writer, "{}", Value::Object(object));
        let _ = writer.flush();
    }
}

impl fmt::Debug for LogSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LogSink")
    }
}

/// The trace id of the request being answered: 32 lowercase hex digits, from the W3C
/// `traceparent` header when the caller sent a valid one.
///
/// An extractor: handlers on a team's own routes take it as an argument to log under the same
/// id. Outside [`RequestLogLayer`] it is read from the headers or made up.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TraceId(String);

impl TraceId {
    /// The trace id of a request with `headers`: its `traceparent`'s, or a new one.
    #[must_use]
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let sent = headers
            .get("traceparent")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split('-').nth(1))
            .filter(|id| {
                id.len() == 32
                    && id.bytes().all(|b| b.is_ascii_hexdigit())
                    && id.bytes().any(|b| b != b'0')
            })
            .map(str::to_ascii_lowercase);
        TraceId(sent.unwrap_or_else(new_trace_id))
    }

    /// The id as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TraceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for TraceId {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<TraceId>()
            .cloned()
            .unwrap_or_else(|| TraceId::from_headers(&parts.headers)))
    }
}

/// A new random trace id.
pub(crate) fn new_trace_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// What the code answering a request can reach without being handed it.
#[derive(Clone)]
struct RequestScope {
    trace_id: String,
    log: LogSink,
}

tokio::task_local! {
    static SCOPE: RequestScope;
}

/// The trace id of the request this task answers, inside [`RequestLogLayer`].
pub(crate) fn current_trace_id() -> Option<String> {
    SCOPE.try_with(|scope| scope.trace_id.clone()).ok()
}

/// Writes a line to the log of the request this task answers, or to standard error outside
/// [`RequestLogLayer`].
pub(crate) fn write_current(level: Level, fields: Map<String, Value>) {
    let sink = SCOPE.try_with(|scope| scope.log.clone()).unwrap_or_else(|_| LogSink::stderr());
    sink.line(level, fields);
}

/// The subject of the token a request was made with, for its log line (set by
/// [`AuthLayer`](crate::auth::AuthLayer) on the response).
#[derive(Clone, Debug)]
pub(crate) struct LoggedUser(pub(crate) String);

/// The operation that answered, for the log line (set by endpoint routes on the response).
#[derive(Clone, Copy, Debug)]
pub(crate) struct LoggedOperation(pub(crate) &'static str);

/// Logs one JSON line per request, gives each request a [`TraceId`], and answers a panic below
/// it with `internal`. Put it outermost: `router.layer(RequestLogLayer::new(log))` after every
/// other layer.
#[derive(Clone, Debug)]
pub struct RequestLogLayer {
    log: LogSink,
}

impl RequestLogLayer {
    /// Lines go to `log`.
    #[must_use]
    pub fn new(log: LogSink) -> Self {
        RequestLogLayer { log }
    }
}

impl<Svc> Layer<Svc> for RequestLogLayer {
    type Service = RequestLog<Svc>;

    fn layer(&self, inner: Svc) -> Self::Service {
        RequestLog { inner, log: self.log.clone() }
    }
}

/// The service [`RequestLogLayer`] wraps around a router or route.
#[derive(Clone, Debug)]
pub struct RequestLog<Svc> {
    inner: Svc,
    log: LogSink,
}

impl<Svc> Service<Request> for RequestLog<Svc>
where
    Svc: Service<Request, Error = Infallible> + Clone + Send + 'static,
    Svc::Response: IntoResponse,
    Svc::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        // The clone that was made ready answers; the fresh clone waits for the next request.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let log = self.log.clone();
        Box::pin(async move {
            let trace_id = TraceId::from_headers(request.headers());
            request.extensions_mut().insert(trace_id.clone());
            let mut line = PendingLine {
                log: log.clone(),
                method: request.method().clone(),
                path: request.uri().path().to_owned(),
                started: Instant::now(),
                trace_id: trace_id.clone(),
                written: false,
            };
            let scope = RequestScope { trace_id: trace_id.0, log };
            let response = SCOPE
                .scope(scope, async move {
                    match CatchUnwind::new(async move { inner.call(request).await }).await {
                        Ok(Ok(response)) => response.into_response(),
                        Ok(Err(never)) => match never {},
                        Err(message) => {
                            ApiError::internal(format!("a request handler panicked: {message}"))
                                .into_response()
                        }
                    }
                })
                .await;
            line.write(Some(&response));
            Ok(response)
        })
    }
}

/// The log line of a request being answered. Written when the response is ready; when the
/// caller goes away first (the answer is dropped), written on drop with status 499, as nginx
/// logs a request the client closed.
struct PendingLine {
    log: LogSink,
    method: Method,
    path: String,
    started: Instant,
    trace_id: TraceId,
    written: bool,
}

impl PendingLine {
    fn write(&mut self, response: Option<&Response>) {
        self.written = true;
        let duration_ms = (self.started.elapsed().as_secs_f64() * 1_000_000.0).round() / 1000.0;
        let extensions = response.map(Response::extensions);
        let operation_id = extensions
            .and_then(|extensions| extensions.get::<LoggedOperation>())
            .map(|operation| operation.0);
        let user_id = extensions
            .and_then(|extensions| extensions.get::<LoggedUser>())
            .map(|user| user.0.clone());
        let mut fields = json!({
            "message": "request",
            "method": self.method.as_str(),
            "path": self.path,
            "operation_id": operation_id,
            "status": response.map_or(CLIENT_CLOSED, |response| response.status().as_u16()),
            "duration_ms": duration_ms,
            "trace_id": self.trace_id.as_str(),
            "user_id": user_id,
        });
        if response.is_none() {
            fields["cancelled"] = true.into();
        }
        if let Value::Object(fields) = fields {
            self.log.line(Level::Info, fields);
        }
    }
}

impl Drop for PendingLine {
    fn drop(&mut self) {
        if !self.written {
            self.write(None);
        }
    }
}

/// The status logged for a request whose caller left before the answer (nginx's 499).
const CLIENT_CLOSED: u16 = 499;

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_traceparent_header_gives_the_trace_id() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "traceparent",
            HeaderValue::from_static("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"),
        );
        assert_eq!(TraceId::from_headers(&headers).as_str(), "4bf92f3577b34da6a3ce929d0e0e4736");
        let fresh = TraceId::from_headers(&HeaderMap::new());
        assert_eq!(fresh.as_str().len(), 32);
        // All zeros is invalid in W3C Trace Context; so is anything but 32 hex digits.
        for bad in ["00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-xyz-1-01", "-"] {
            headers.insert("traceparent", HeaderValue::from_static(bad));
            let id = TraceId::from_headers(&headers);
            assert_ne!(id.as_str(), "00000000000000000000000000000000");
            assert_eq!(id.as_str().len(), 32, "{bad}");
        }
    }
}
