//! Failures answered in the error envelope with a documented code.

use contracts::{ErrorBody, ErrorCode, ErrorEnvelope, FieldError};

/// A request that failed: what the caller is told, and what only the log sees.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub(crate) code: ErrorCode,
    pub(crate) message: String,
    pub(crate) details: Option<Vec<FieldError>>,
    /// For `rate_limited`: seconds to wait.
    pub(crate) retry_after: Option<u64>,
    /// For `internal`: the cause, logged in full and never sent.
    pub(crate) cause: Option<String>,
}

impl ApiError {
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into(), details: None, retry_after: None, cause: None }
    }

    pub(crate) fn not_found(what: &str, id: impl std::fmt::Display) -> Self {
        ApiError::new(ErrorCode::NotFound, format!("no {what} has the id {id}"))
    }

    /// A `validation_failed` naming one field.
    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        let field = field.into();
        let message = message.into();
        ApiError {
            details: Some(vec![FieldError { field: field.clone(), message: message.clone() }]),
            ..ApiError::new(ErrorCode::ValidationFailed, format!("{field}: {message}"))
        }
    }

    /// An `internal` error whose cause only the log sees.
    pub(crate) fn internal(cause: impl Into<String>) -> Self {
        ApiError { cause: Some(cause.into()), ..ApiError::new(ErrorCode::Internal, "") }
    }

    /// The envelope sent to the caller. An internal error's message is generic, naming only
    /// the trace id under which the cause was logged.
    pub(crate) fn envelope(&self, trace_id: &str) -> ErrorEnvelope {
        let message = if self.code == ErrorCode::Internal {
            format!("the server failed; the cause is logged under trace id {trace_id}")
        } else {
            self.message.clone()
        };
        ErrorEnvelope {
            error: ErrorBody { code: self.code, message, details: self.details.clone() },
        }
    }
}
