//! The error envelope every non-2xx response carries, and the catalogue of documented codes.
//!
//! ```json
//! { "error": { "code": "validation_failed", "message": "The request body breaks a constraint.",
//!              "details": [{ "field": "/email", "message": "…" }] } }
//! ```
//!
//! Clients branch on `code`, never on `message`. An [`ErrorCode`] is a wire name with its HTTP
//! status and documented meaning. [`ErrorCode::STANDARD`] is the catalogue every API starts
//! from; an API adds its own codes by implementing [`ErrorCatalogue`] on a marker type and using
//! [`ErrorEnvelope<ItsCatalogue>`](ErrorEnvelope). The `ErrorCode` schema's values and its
//! description come from the catalogue, so the document and the code cannot disagree, and the
//! contract types refuse a code the catalogue does not list.
//!
//! ```
//! use charter_contract::{ErrorCatalogue, ErrorCode};
//!
//! /// The notes API's error codes: the standard ones and one of its own.
//! pub struct NotesErrors;
//!
//! /// 402: the account's plan does not include the operation.
//! pub const PAYMENT_REQUIRED: ErrorCode =
//!     ErrorCode::new("payment_required", 402, "The plan does not include this operation.");
//!
//! impl ErrorCatalogue for NotesErrors {
//!     const EXTRA: &'static [ErrorCode] = &[PAYMENT_REQUIRED];
//! }
//!
//! let codes = NotesErrors::codes();
//! assert_eq!(codes.len(), ErrorCode::STANDARD.len() + 1);
//! assert_eq!(NotesErrors::find("payment_required"), Some(PAYMENT_REQUIRED));
//! ```

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::{self, Write as _};
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::api::not_null;
use crate::object::ObjectOnly;

/// A documented error code: its wire name, HTTP status and meaning.
///
/// Two codes are the same code when their wire names are equal. Adding a code to a stable
/// version is a breaking change for its clients, whose generated enums are closed:
/// `diff-contract` reports it.
#[derive(Clone, Copy, Debug)]
pub struct ErrorCode {
    code: &'static str,
    status: u16,
    meaning: &'static str,
}

impl ErrorCode {
    /// A code: `code` as it appears on the wire (`snake_case`), the HTTP `status` of responses
    /// carrying it, and what it `meaning`s for a client, in Markdown (one line).
    #[must_use]
    pub const fn new(code: &'static str, status: u16, meaning: &'static str) -> Self {
        ErrorCode { code, status, meaning }
    }

    /// 400: the request is malformed or breaks a documented constraint.
    pub const VALIDATION_FAILED: ErrorCode = ErrorCode::new(
        "validation_failed",
        400,
        "The request is malformed or breaks a documented constraint; `details` names each \
         rejected field. Fix the request before retrying.",
    );
    /// 401: no bearer token, or one that is invalid or expired.
    pub const UNAUTHORIZED: ErrorCode = ErrorCode::new(
        "unauthorized",
        401,
        "The bearer token is missing, malformed, expired or not signed by a trusted key. Get a \
         new token.",
    );
    /// 403: the token is valid but lacks the scope the operation needs.
    pub const FORBIDDEN: ErrorCode = ErrorCode::new(
        "forbidden",
        403,
        "The token is valid but lacks the scope the operation needs; the operation's \
         description names it.",
    );
    /// 404: the resource does not exist.
    pub const NOT_FOUND: ErrorCode =
        ErrorCode::new("not_found", 404, "The resource, or the operation, does not exist.");
    /// 405: the path exists but does not answer this method.
    pub const METHOD_NOT_ALLOWED: ErrorCode = ErrorCode::new(
        "method_not_allowed",
        405,
        "The path exists but does not answer this method; the `Allow` header lists the methods \
         it answers.",
    );
    /// 409: the request conflicts with the current state.
    pub const CONFLICT: ErrorCode = ErrorCode::new(
        "conflict",
        409,
        "The request conflicts with the current state, e.g. a unique value already in use.",
    );
    /// 429: too many requests; wait `Retry-After` seconds.
    pub const RATE_LIMITED: ErrorCode = ErrorCode::new(
        "rate_limited",
        429,
        "Too many requests for this token and operation. Retry after the number of seconds in \
         the `Retry-After` header.",
    );
    /// 500: the server failed; nothing about the cause is exposed.
    pub const INTERNAL: ErrorCode = ErrorCode::new(
        "internal",
        500,
        "The server failed. The cause is logged under the response's trace id and never \
         exposed. Retrying may succeed.",
    );

    /// The standard catalogue, in order of HTTP status: what every Charter service may answer.
    pub const STANDARD: [ErrorCode; 8] = [
        ErrorCode::VALIDATION_FAILED,
        ErrorCode::UNAUTHORIZED,
        ErrorCode::FORBIDDEN,
        ErrorCode::NOT_FOUND,
        ErrorCode::METHOD_NOT_ALLOWED,
        ErrorCode::CONFLICT,
        ErrorCode::RATE_LIMITED,
        ErrorCode::INTERNAL,
    ];

    /// The code as it appears on the wire, e.g. `not_found`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        self.code
    }

    /// The HTTP status a response with this code has.
    #[must_use]
    pub const fn status(self) -> u16 {
        self.status
    }

    /// What the code means, and what a client should do about it.
    #[must_use]
    pub const fn meaning(self) -> &'static str {
        self.meaning
    }
}

impl PartialEq for ErrorCode {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for ErrorCode {}

impl Hash for ErrorCode {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.code.hash(state);
    }
}

impl PartialOrd for ErrorCode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// By HTTP status, then by wire name.
impl Ord for ErrorCode {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.status, self.code).cmp(&(other.status, other.code))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code)
    }
}

/// The error codes an API documents: [`ErrorCode::STANDARD`] and the API's own.
///
/// Implement it on a unit struct and use [`ErrorEnvelope<YourCatalogue>`](ErrorEnvelope) in
/// the API; [`StandardErrors`] is the catalogue of an API that adds none.
pub trait ErrorCatalogue: Send + Sync + 'static {
    /// The codes this API documents besides the standard ones. A code whose wire name is a
    /// standard one replaces it (to word its meaning for this API).
    const EXTRA: &'static [ErrorCode] = &[];

    /// Every code, ordered by HTTP status and then wire name.
    #[must_use]
    fn codes() -> Vec<ErrorCode> {
        let mut codes: Vec<ErrorCode> = Self::EXTRA.to_vec();
        for code in ErrorCode::STANDARD {
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
        codes.sort();
        codes
    }

    /// The code with wire name `name`, if the catalogue has it.
    #[must_use]
    fn find(name: &str) -> Option<ErrorCode> {
        Self::codes().into_iter().find(|code| code.as_str() == name)
    }
}

/// The catalogue of an API that documents only the standard codes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StandardErrors;

impl ErrorCatalogue for StandardErrors {}

/// An [`ErrorCode`] of catalogue `C`, as a schema and a serde type: it reads only the codes `C`
/// lists, and its schema (named `ErrorCode`) is their `enum`, described by a table of statuses
/// and meanings.
pub struct Code<C>(pub ErrorCode, PhantomData<fn() -> C>);

impl<C> Code<C> {
    /// `code` as a code of catalogue `C` (not checked: serialization writes any code).
    #[must_use]
    pub const fn new(code: ErrorCode) -> Self {
        Code(code, PhantomData)
    }
}

impl<C> Clone for Code<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for Code<C> {}

impl<C> fmt::Debug for Code<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<C> PartialEq for Code<C> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<C> Serialize for Code<C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, C: ErrorCatalogue> Deserialize<'de> for Code<C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        C::find(&name).map(Code::new).ok_or_else(|| {
            let known: Vec<&str> = C::codes().iter().map(|code| code.as_str()).collect();
            serde::de::Error::custom(format!(
                "unknown error code `{name}`, expected one of `{}`",
                known.join("`, `")
            ))
        })
    }
}

impl<C: ErrorCatalogue> JsonSchema for Code<C> {
    fn schema_name() -> Cow<'static, str> {
        "ErrorCode".into()
    }

    fn schema_id() -> Cow<'static, str> {
        format!("{}::ErrorCode<{}>", module_path!(), std::any::type_name::<C>()).into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes = C::codes();
        let mut description = String::from(
            "The machine-readable reason for an error. Clients branch on this value, never on \
             `message`.\n\n| code | HTTP status | meaning |\n| --- | --- | --- |\n",
        );
        for code in &codes {
            // Writing to a String cannot fail.
            let _ = writeln!(
                description,
                "| `{}` | {} | {} |",
                code.as_str(),
                code.status(),
                code.meaning()
            );
        }
        let values: Vec<&str> = codes.iter().map(|code| code.as_str()).collect();
        json_schema!({
            "type": "string",
            "enum": values,
            "description": description.trim_end(),
        })
    }
}

/// The body of every non-2xx response.
#[derive(Serialize, JsonSchema)]
#[serde(bound = "")]
#[schemars(rename = "ErrorEnvelope", bound = "C: ErrorCatalogue")]
pub struct ErrorEnvelope<C: ErrorCatalogue = StandardErrors> {
    /// What went wrong.
    pub error: ErrorBody<C>,
}

/// What went wrong, for programs (`code`) and for people (`message`).
#[derive(Serialize, JsonSchema)]
#[serde(bound = "")]
#[schemars(rename = "ErrorBody", bound = "C: ErrorCatalogue")]
pub struct ErrorBody<C: ErrorCatalogue = StandardErrors> {
    /// The machine-readable reason.
    #[schemars(with = "Code<C>")]
    pub code: ErrorCode,
    /// A human-readable explanation. Its wording may change at any time.
    pub message: String,
    /// For `validation_failed`: each rejected field and why. Absent rather than empty.
    #[serde(default, skip_serializing_if = "no_details")]
    #[schemars(length(min = 1))]
    pub details: Option<Vec<FieldError>>,
    #[serde(skip)]
    #[schemars(skip)]
    catalogue: PhantomData<fn() -> C>,
}

// Written out rather than derived: derives would ask the marker type `C` for the same traits.
impl<C: ErrorCatalogue> Clone for ErrorEnvelope<C> {
    fn clone(&self) -> Self {
        ErrorEnvelope { error: self.error.clone() }
    }
}

impl<C: ErrorCatalogue> fmt::Debug for ErrorEnvelope<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorEnvelope").field("error", &self.error).finish()
    }
}

impl<C: ErrorCatalogue> PartialEq for ErrorEnvelope<C> {
    fn eq(&self, other: &Self) -> bool {
        self.error == other.error
    }
}

impl<C: ErrorCatalogue> Clone for ErrorBody<C> {
    fn clone(&self) -> Self {
        ErrorBody {
            code: self.code,
            message: self.message.clone(),
            details: self.details.clone(),
            catalogue: PhantomData,
        }
    }
}

impl<C: ErrorCatalogue> fmt::Debug for ErrorBody<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorBody")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("details", &self.details)
            .finish()
    }
}

impl<C: ErrorCatalogue> PartialEq for ErrorBody<C> {
    fn eq(&self, other: &Self) -> bool {
        (self.code, &self.message, &self.details) == (other.code, &other.message, &other.details)
    }
}

impl<C: ErrorCatalogue> ErrorBody<C> {
    /// A body with `code` and `message` and no details.
    #[must_use]
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ErrorBody { code, message: message.into(), details: None, catalogue: PhantomData }
    }

    /// The body with `details` (an empty list is written as none).
    #[must_use]
    pub fn with_details(mut self, details: Vec<FieldError>) -> Self {
        self.details = Some(details);
        self
    }
}

/// Whether `details` is written: not when there are none. Clients generated from the document
/// read an absent list and an empty one alike (typify drops an empty optional array on the way
/// back), so the envelope never sends `[]`, and the schema says `minItems: 1`.
fn no_details(details: &Option<Vec<FieldError>>) -> bool {
    details.as_ref().is_none_or(Vec::is_empty)
}

/// Reads `details`: a list naming at least one field; `null` and `[]` are refused like the
/// schema refuses them.
fn some_details<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<FieldError>>, D::Error> {
    match not_null::<D, Vec<FieldError>>(deserializer)? {
        Some(details) if details.is_empty() => Err(serde::de::Error::custom(
            "`details` names at least one field when present; leave it out instead of sending []",
        )),
        details => Ok(details),
    }
}

/// [`ErrorEnvelope`] as read from the wire, before its code is checked against a catalogue.
#[derive(Deserialize)]
#[serde(bound = "")]
struct WireEnvelope<C: ErrorCatalogue> {
    #[serde(deserialize_with = "object_only")]
    error: WireBody<C>,
}

/// [`ErrorBody`] as read from the wire.
#[derive(Deserialize)]
#[serde(bound = "")]
struct WireBody<C: ErrorCatalogue> {
    code: Code<C>,
    message: String,
    #[serde(default, deserialize_with = "some_details")]
    details: Option<Vec<FieldError>>,
}

/// Reads a struct only from an object (see [`crate::object`]).
fn object_only<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize(ObjectOnly(deserializer))
}

impl<'de, C: ErrorCatalogue> Deserialize<'de> for ErrorEnvelope<C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire: WireEnvelope<C> = object_only(deserializer)?;
        Ok(ErrorEnvelope { error: wire.error.into() })
    }
}

impl<'de, C: ErrorCatalogue> Deserialize<'de> for ErrorBody<C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object_only::<D, WireBody<C>>(deserializer).map(Into::into)
    }
}

impl<C: ErrorCatalogue> From<WireBody<C>> for ErrorBody<C> {
    fn from(wire: WireBody<C>) -> Self {
        ErrorBody {
            code: wire.code.0,
            message: wire.message,
            details: wire.details,
            catalogue: PhantomData,
        }
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

crate::object_only!(FieldError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_catalogue_is_ordered_by_status_one_code_per_status() {
        let statuses: Vec<u16> = ErrorCode::STANDARD.iter().map(|code| code.status()).collect();
        let mut sorted = statuses.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(statuses, sorted);
        assert_eq!(StandardErrors::codes(), ErrorCode::STANDARD.to_vec());
    }

    #[test]
    fn codes_read_only_from_their_catalogue() {
        for code in ErrorCode::STANDARD {
            let json = serde_json::to_value(Code::<StandardErrors>::new(code)).unwrap();
            assert_eq!(json, code.as_str());
            assert_eq!(serde_json::from_value::<Code<StandardErrors>>(json).unwrap().0, code);
        }
        let error = serde_json::from_value::<Code<StandardErrors>>("teapot".into()).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("unknown error code `teapot`, expected one of `validation_failed`"),
            "{error}"
        );
    }

    #[test]
    fn an_extra_code_replaces_a_standard_one_of_the_same_name() {
        struct Mine;
        const CONFLICT: ErrorCode = ErrorCode::new("conflict", 409, "The name is taken.");
        const GONE: ErrorCode = ErrorCode::new("gone", 410, "It was deleted.");
        impl ErrorCatalogue for Mine {
            const EXTRA: &'static [ErrorCode] = &[GONE, CONFLICT];
        }
        let codes = Mine::codes();
        assert_eq!(codes.len(), 9);
        assert_eq!(Mine::find("conflict").map(ErrorCode::meaning), Some("The name is taken."));
        assert_eq!(codes.iter().position(|code| *code == GONE), Some(6), "ordered by status");
    }

    #[test]
    fn envelopes_read_only_objects_with_known_codes() {
        let json = serde_json::json!({"error": {"code": "not_found", "message": "no"}});
        let envelope: ErrorEnvelope = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(envelope.error.code, ErrorCode::NOT_FOUND);
        assert_eq!(serde_json::to_value(&envelope).unwrap(), json);
        assert!(
            serde_json::from_value::<ErrorEnvelope>(serde_json::json!([["not_found", "no"]]))
                .is_err()
        );
        assert!(
            serde_json::from_value::<ErrorEnvelope>(
                serde_json::json!({"error": {"code": "nope", "message": "no"}})
            )
            .is_err()
        );
        assert!(
            serde_json::from_value::<ErrorEnvelope>(
                serde_json::json!({"error": {"code": "not_found", "message": "no", "details": []}})
            )
            .is_err()
        );
    }
}
