//! A request read into an endpoint's types: [`Input`], and the readers behind it.
//!
//! Path and query parameters are read as `application/x-www-form-urlencoded` pairs into
//! [`Endpoint::Path`] and [`Endpoint::Query`], the body as JSON into [`Endpoint::Request`].
//! Each failure is a `400 validation_failed` naming the field: `path.<name>`, `query.<name>`,
//! or a JSON pointer into the body (`/amount/minor_units`).

use std::any::TypeId;
use std::pin::Pin;

use axum::body::{Body, HttpBody as _};
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use charter_contract::{Endpoint, ErrorCode, FieldError, NoBody};
use serde::de::DeserializeOwned;

use crate::auth::Caller;
use crate::error::ApiError;

/// The largest request body read by default, in bytes (64 KiB).
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// A request to endpoint `E`, read into its types.
#[non_exhaustive]
pub struct Input<E: Endpoint> {
    /// The path parameters.
    pub path: E::Path,
    /// The query parameters.
    pub query: E::Query,
    /// The body ([`NoBody`] when the endpoint takes none).
    pub body: E::Request,
    /// Who called, for a bearer operation; `None` for a public one.
    pub caller: Option<Caller>,
}

impl<E: Endpoint> Input<E> {
    /// An input without a caller, e.g. to call a handler in a unit test.
    #[must_use]
    pub fn new(path: E::Path, query: E::Query, body: E::Request) -> Self {
        Input { path, query, body, caller: None }
    }

    /// The input made by `caller`.
    #[must_use]
    pub fn with_caller(mut self, caller: Caller) -> Self {
        self.caller = Some(caller);
        self
    }
}

/// Reads the path parameters of a request routed to `E`.
pub(crate) async fn path_parameters<E: Endpoint>(parts: &mut Parts) -> Result<E::Path, ApiError> {
    if !E::PATH.contains('{') {
        return read_form::<E::Path>("", "path.");
    }
    let raw = RawPathParams::from_request_parts(parts, &())
        .await
        .map_err(|rejection| ApiError::invalid("path", rejection.body_text()))?;
    let pairs: Vec<(&str, &str)> = raw.iter().collect();
    let encoded = serde_urlencoded::to_string(pairs).map_err(|error| {
        ApiError::internal(format!("cannot re-encode path parameters: {error}"))
    })?;
    read_form::<E::Path>(&encoded, "path.")
}

/// Reads `application/x-www-form-urlencoded` text (a query string) into `T`, naming the field
/// of the first error as `<prefix><name>`.
pub(crate) fn read_form<T: DeserializeOwned>(text: &str, prefix: &str) -> Result<T, ApiError> {
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

/// Reads a JSON request body of at most `limit` bytes into `T`; [`NoBody`] reads nothing.
pub(crate) async fn request_body<T: DeserializeOwned + 'static>(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<T, ApiError> {
    if TypeId::of::<T>() == TypeId::of::<NoBody>() {
        return serde_json::from_slice(b"null")
            .map_err(|error| ApiError::internal(format!("cannot make an empty body: {error}")));
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
    let bytes = read_limited(body, limit).await?;
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    let parsed = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => {
            deserializer.end().map(|()| value).map_err(|error| ("/".to_owned(), error.to_string()))
        }
        Err(error) => Err((json_pointer(error.path()), error.into_inner().to_string())),
    };
    parsed.map_err(|(pointer, message)| {
        ApiError::new(
            ErrorCode::VALIDATION_FAILED,
            format!("the request body is not valid at `{pointer}`: {message}"),
        )
        .with_details(vec![FieldError { field: pointer, message }])
    })
}

/// The whole body, refused as soon as it grows past `limit` bytes.
async fn read_limited(mut body: Body, limit: usize) -> Result<Vec<u8>, ApiError> {
    let too_large = || {
        ApiError::invalid(
            "body",
            format!("the request body is larger than the limit of {limit} bytes"),
        )
    };
    if body.size_hint().lower() > limit as u64 {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|error| {
            ApiError::invalid("body", format!("the request body could not be read: {error}"))
        })?;
        if let Ok(data) = frame.into_data() {
            if bytes.len().saturating_add(data.len()) > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

/// A serde path as a JSON pointer into the body: `amount.minor_units` becomes
/// `/amount/minor_units`, the whole body `/`. Where the parser stopped before knowing the key
/// (malformed JSON), the pointer names the enclosing value.
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        let step = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.replace('~', "~0").replace('/', "~1"),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => break,
        };
        pointer.push('/');
        pointer.push_str(&step);
    }
    if pointer.is_empty() { "/".to_owned() } else { pointer }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_paths_become_json_pointers() {
        #[derive(Debug, serde::Deserialize)]
        struct Inner {
            #[allow(dead_code)]
            minor_units: u32,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Outer {
            #[allow(dead_code)]
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
    fn form_errors_name_the_field() {
        #[derive(Debug, serde::Deserialize)]
        struct Query {
            #[allow(dead_code)]
            limit: u8,
        }
        let error = read_form::<Query>("limit=500", "query.").unwrap_err();
        assert_eq!(error.code(), ErrorCode::VALIDATION_FAILED);
        assert_eq!(error.details()[0].field, "query.limit");
        let missing = read_form::<Query>("", "query.").unwrap_err();
        assert_eq!(missing.details()[0].field, "query");
        assert_eq!(missing.details()[0].message, "missing field `limit`");
    }

    #[tokio::test]
    async fn a_body_past_the_limit_is_refused() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, "application/json; charset=utf-8".parse().unwrap());
        let error = request_body::<Vec<u8>>(&headers, Body::from("[1,2,3]"), 5).await.unwrap_err();
        assert_eq!(error.message(), "body: the request body is larger than the limit of 5 bytes");
        let fits: Vec<u8> = request_body(&headers, Body::from("[1,2]"), 5).await.unwrap();
        assert_eq!(fits, [1, 2]);
        let trailing =
            request_body::<Vec<u8>>(&headers, Body::from("[1] x"), 64).await.unwrap_err();
        assert_eq!(trailing.details()[0].field, "/");
    }
}
