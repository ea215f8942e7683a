//! [`ApiError`]: a failed request, answered in the error envelope with a documented code.
//!
//! Handlers, extractors and layers all fail with an [`ApiError`]; it implements
//! [`IntoResponse`], so it works on a team's own axum routes as well as on endpoint routes. The
//! response carries the envelope `{"error": {"code", "message", "details"?}}`, the code's HTTP
//! status and, for `rate_limited`, `Retry-After`.
//!
//! An `internal` error's cause is written to the log (under the request's trace id, see
//! [`crate::log`]) and never sent: the caller reads only that the server failed and the trace id
//! to quote.

use std::fmt;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use charter_contract::{ErrorBody, ErrorCode, ErrorEnvelope, FieldError};
use serde_json::Map;

use crate::log::{self, Level};

/// A request that failed: what the caller is told, and what only the log sees.
///
/// ```
/// use charter_server::ApiError;
/// use charter_contract::ErrorCode;
///
/// let missing = ApiError::not_found("note", 42);
/// assert_eq!(missing.code(), ErrorCode::NOT_FOUND);
/// assert_eq!(missing.message(), "no note has the id 42");
///
/// let broken = ApiError::internal("connection refused (os error 111)");
/// assert_eq!(broken.code(), ErrorCode::INTERNAL);
/// assert_eq!(broken.cause(), Some("connection refused (os error 111)"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError(Box<Inner>);

/// Boxed, so that a `Result<_, ApiError>` stays as small as the success it stands for.
#[derive(Clone, Debug, PartialEq)]
struct Inner {
    code: ErrorCode,
    message: String,
    details: Vec<FieldError>,
    retry_after: Option<u64>,
    cause: Option<String>,
    operation_id: Option<&'static str>,
}

impl ApiError {
    /// An error with `code`, telling the caller `message`.
    #[must_use]
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError(Box::new(Inner {
            code,
            message: message.into(),
            details: Vec::new(),
            retry_after: None,
            cause: None,
            operation_id: None,
        }))
    }

    /// `not_found`: "no `what` has the id `id`".
    #[must_use]
    pub fn not_found(what: &str, id: impl fmt::Display) -> Self {
        ApiError::new(ErrorCode::NOT_FOUND, format!("no {what} has the id {id}"))
    }

    /// `validation_failed` naming one rejected `field` (a JSON pointer into the body, or
    /// `query.<name>` / `path.<name>`) and why.
    #[must_use]
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        let field = field.into();
        let message = message.into();
        ApiError::new(ErrorCode::VALIDATION_FAILED, format!("{field}: {message}"))
            .with_details(vec![FieldError { field, message }])
    }

    /// `internal`: the server failed because of `cause`, which is logged and never sent.
    ///
    /// Takes anything printable, so `.map_err(ApiError::internal)` turns a database error into
    /// an answer the caller may see.
    #[must_use]
    pub fn internal(cause: impl fmt::Display) -> Self {
        let mut error = ApiError::new(ErrorCode::INTERNAL, "the server failed");
        error.0.cause = Some(cause.to_string());
        error
    }

    /// The error with `details`, one entry per rejected field.
    #[must_use]
    pub fn with_details(mut self, details: Vec<FieldError>) -> Self {
        self.0.details = details;
        self
    }

    /// The error with a `Retry-After` of `seconds`.
    #[must_use]
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.0.retry_after = Some(seconds);
        self
    }

    /// The error as answered by the operation `operation_id`, which its log line names.
    #[must_use]
    pub(crate) fn in_operation(mut self, operation_id: &'static str) -> Self {
        self.0.operation_id = Some(operation_id);
        self
    }

    /// The code the caller reads.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    /// The message the caller reads (an `internal` error's is replaced by one naming the trace
    /// id).
    #[must_use]
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The rejected fields, for `validation_failed`.
    #[must_use]
    pub fn details(&self) -> &[FieldError] {
        &self.0.details
    }

    /// Seconds to wait before retrying, sent as `Retry-After`.
    #[must_use]
    pub fn retry_after(&self) -> Option<u64> {
        self.0.retry_after
    }

    /// For `internal`: the cause, which only the log sees.
    #[must_use]
    pub fn cause(&self) -> Option<&str> {
        self.0.cause.as_deref()
    }

    /// The envelope sent to the caller. An `internal` error's message is generic, naming only
    /// the trace id under which the cause was logged.
    #[must_use]
    pub fn envelope(&self, trace_id: &str) -> ErrorEnvelope {
        let inner = &self.0;
        let message = if inner.code == ErrorCode::INTERNAL {
            format!("the server failed; the cause is logged under trace id {trace_id}")
        } else {
            inner.message.clone()
        };
        ErrorEnvelope {
            error: ErrorBody::new(inner.code, message).with_details(inner.details.clone()),
        }
    }
}

impl fmt::Display for ApiError {
    /// `code: message`, and the cause of an `internal` error: for logs, never for callers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.code, self.0.message)?;
        if let Some(cause) = &self.0.cause {
            write!(f, ": {cause}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    /// The envelope with the code's status, `Retry-After` when set, and the code in the
    /// response's extensions. Inside [`RequestLogLayer`](crate::log::RequestLogLayer) the trace
    /// id is the request's and an internal cause goes to its log; outside it, to standard error.
    fn into_response(self) -> Response {
        let trace_id = log::current_trace_id().unwrap_or_else(log::new_trace_id);
        if let Some(cause) = &self.0.cause {
            let mut fields = Map::new();
            fields.insert("message".into(), "internal error".into());
            fields.insert("trace_id".into(), trace_id.clone().into());
            if let Some(operation_id) = self.0.operation_id {
                fields.insert("operation_id".into(), operation_id.into());
            }
            fields.insert("error".into(), cause.clone().into());
            log::write_current(Level::Error, fields);
        }
        let status =
            StatusCode::from_u16(self.0.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.envelope(&trace_id)).unwrap_or_default();
        let mut response =
            (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body)
                .into_response();
        if let Some(seconds) = self.0.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(self.0.code);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_internal_error_never_sends_its_cause() {
        let response = ApiError::internal("the disk at /var/lib/notes is full").into_response();
        assert_eq!(response.status(), 500);
        assert_eq!(response.extensions().get::<ErrorCode>(), Some(&ErrorCode::INTERNAL));
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.starts_with("the server failed; the cause is logged under trace id "));
        assert!(!message.contains("disk"), "{message}");
        assert_eq!(body["error"]["code"], "internal");
    }

    #[tokio::test]
    async fn a_rate_limited_error_says_when_to_retry() {
        let error = ApiError::new(ErrorCode::RATE_LIMITED, "slow down").with_retry_after(7);
        assert_eq!(error.to_string(), "rate_limited: slow down");
        let response = error.into_response();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()[header::RETRY_AFTER], "7");
    }

    #[test]
    fn an_invalid_field_is_named_in_the_details() {
        let error = ApiError::invalid("query.limit", "must be at most 100");
        let envelope = serde_json::to_value(error.envelope("t")).unwrap();
        assert_eq!(
            envelope,
            serde_json::json!({"error": {
                "code": "validation_failed",
                "message": "query.limit: must be at most 100",
                "details": [{"field": "query.limit", "message": "must be at most 100"}],
            }})
        );
    }
}
