//! The error envelope every non-2xx response carries, and its documented codes.
//!
//! ```json
//! { "error": { "code": "validation_failed", "message": "The request body breaks a constraint.",
//!              "details": [{ "field": "/email", "message": "…" }] } }
//! ```
//!
//! Clients branch on `code`, never on `message`. The codes, their HTTP statuses and meanings
//! live in [`ErrorCode`]; the schema's description is generated from them, so the document and
//! the code cannot disagree.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use crate::api::not_null;

/// The body of every non-2xx response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(remote = "Self")]
pub struct ErrorEnvelope {
    /// What went wrong.
    pub error: ErrorBody,
}

/// What went wrong, for programs (`code`) and for people (`message`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(remote = "Self")]
pub struct ErrorBody {
    /// The machine-readable reason.
    pub code: ErrorCode,
    /// A human-readable explanation. Its wording may change at any time.
    pub message: String,
    /// For `validation_failed`: each rejected field and why. Absent rather than empty.
    #[serde(default, skip_serializing_if = "no_details", deserialize_with = "some_details")]
    #[schemars(length(min = 1))]
    pub details: Option<Vec<FieldError>>,
}

/// Whether `details` is written: not when there are none. Clients generated from the document
/// read an absent list and an empty one alike (typify drops an empty optional array on the way
/// back), so the envelope never sends `[]`, and the schema says `minItems: 1`.
fn no_details(details: &Option<Vec<FieldError>>) -> bool {
    details.as_ref().is_none_or(Vec::is_empty)
}

/// Reads `details`: a list naming at least one field; `null` and `[]` are refused like the
/// schema refuses them.
fn some_details<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<FieldError>>, D::Error> {
    match not_null::<D, Vec<FieldError>>(deserializer)? {
        Some(details) if details.is_empty() => Err(serde::de::Error::custom(
            "`details` names at least one field when present; leave it out instead of sending []",
        )),
        details => Ok(details),
    }
}

/// One rejected part of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(remote = "Self")]
pub struct FieldError {
    /// Where: a JSON pointer into the request body (`/email`), or `query.<name>` /
    /// `path.<name>` for a parameter.
    pub field: String,
    /// Why it was rejected.
    pub message: String,
}

/// A documented error code.
///
/// Adding a variant is a breaking change for clients of a stable version, whose generated enums
/// are closed: `cargo xtask diff-contract` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the request is malformed or breaks a documented constraint.
    ValidationFailed,
    /// 401: no bearer token, or one that is invalid or expired.
    Unauthorized,
    /// 403: the token is valid but lacks the scope the operation needs.
    Forbidden,
    /// 404: the resource does not exist.
    NotFound,
    /// 405: the path exists but does not answer this method.
    MethodNotAllowed,
    /// 409: the request conflicts with the current state.
    Conflict,
    /// 429: too many requests; wait `Retry-After` seconds.
    RateLimited,
    /// 500: the server failed; nothing about the cause is exposed.
    Internal,
}

impl ErrorCode {
    /// Every code, in order of HTTP status.
    pub const ALL: [ErrorCode; 8] = [
        ErrorCode::ValidationFailed,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Conflict,
        ErrorCode::RateLimited,
        ErrorCode::Internal,
    ];

    /// The code as it appears on the wire, e.g. `not_found`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
        }
    }

    /// The HTTP status a response with this code has.
    #[must_use]
    pub const fn status(self) -> u16 {
        match self {
            ErrorCode::ValidationFailed => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict => 409,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
        }
    }

    /// What the code means, and what a client should do about it.
    #[must_use]
    pub const fn meaning(self) -> &'static str {
        match self {
            ErrorCode::ValidationFailed => {
                "The request is malformed or breaks a documented constraint; `details` names each \
                 rejected field. Fix the request before retrying."
            }
            ErrorCode::Unauthorized => {
                "The bearer token is missing, malformed, expired or not signed by a trusted key. \
                 Get a new token."
            }
            ErrorCode::Forbidden => {
                "The token is valid but lacks the scope the operation needs, e.g. `billing:write`."
            }
            ErrorCode::NotFound => "The resource, or the operation, does not exist.",
            ErrorCode::MethodNotAllowed => {
                "The path exists but does not answer this method; the `Allow` header lists the \
                 methods it answers."
            }
            ErrorCode::Conflict => {
                "The request conflicts with the current state, e.g. an e-mail address already \
                 in use."
            }
            ErrorCode::RateLimited => {
                "Too many requests for this token and operation. Retry after the number of \
                 seconds in the `Retry-After` header."
            }
            ErrorCode::Internal => {
                "The server failed. The cause is logged under the response's trace id and never \
                 exposed. Retrying may succeed."
            }
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl JsonSchema for ErrorCode {
    fn schema_name() -> Cow<'static, str> {
        "ErrorCode".into()
    }

    fn schema_id() -> Cow<'static, str> {
        concat!(module_path!(), "::ErrorCode").into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut description = String::from(
            "The machine-readable reason for an error. Clients branch on this value, never on \
             `message`.\n\n| code | HTTP status | meaning |\n| --- | --- | --- |\n",
        );
        for code in ErrorCode::ALL {
            // Writing to a String cannot fail.
            let _ = writeln!(
                description,
                "| `{}` | {} | {} |",
                code.as_str(),
                code.status(),
                code.meaning()
            );
        }
        let values: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
        json_schema!({
            "type": "string",
            "enum": values,
            "description": description.trim_end(),
        })
    }
}

crate::object::object_only!(ErrorEnvelope, ErrorBody, FieldError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_match_serde() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, code.as_str(), "{code:?}");
            assert_eq!(serde_json::from_value::<ErrorCode>(json).unwrap(), code);
        }
    }

    #[test]
    fn all_is_ordered_by_status() {
        let statuses: Vec<u16> = ErrorCode::ALL.iter().map(|code| code.status()).collect();
        let mut sorted = statuses.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(statuses, sorted, "ALL is ordered by status, one code per status");
    }
}
