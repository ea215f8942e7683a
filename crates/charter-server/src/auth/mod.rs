//! Bearer authentication: [`AuthLayer`] verifies the token of every request and leaves the
//! outcome, an [`Authentication`], in the request's extensions; the [`Caller`] extractor and
//! the route guards ([`RequireScope`](crate::guard::RequireScope), endpoint routes) read it.
//!
//! The layer itself refuses nothing: a public route ignores a bad token, a protected one
//! answers `401 unauthorized` with the refusal's reason. On every `401` passing back through
//! it, the layer adds `WWW-Authenticate: Bearer realm="<realm>"` (with
//! `error="invalid_token"` when a token was sent and refused).
//!
//! - [`jwt`]: what a token must say ([`JwtConfig`]) and the [`Verifier`].
//! - [`keys`]: the development key pair ([`DevKeys`]).
//!
//! ```
//! use axum::{Router, routing::get};
//! use charter_server::auth::{AuthLayer, Caller, DevKeys, JwtConfig};
//!
//! async fn whoami(caller: Caller) -> String {
//!     caller.subject
//! }
//!
//! let keys = DevKeys::generate()?;
//! let verifier = keys.verifier(JwtConfig::for_api("notes"))?;
//! let app: Router = Router::new().route("/whoami", get(whoami)).layer(AuthLayer::new(verifier));
//! # Ok::<(), charter_server::auth::KeyError>(())
//! ```

pub mod jwt;
pub mod keys;

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::{FromRequestParts, OptionalFromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use charter_contract::ErrorCode;
use tower::{Layer, Service};

pub use jwt::{
    Audience, Claims, DEFAULT_LEEWAY_SECS, DEFAULT_LIFETIME_SECS, JwtConfig, MAX_LIFETIME_SECS,
    Refusal, Verifier,
};
pub use keys::{DevKeys, KeyError};

use crate::error::ApiError;
use crate::log::LoggedUser;

/// The caller a valid token identifies. An extractor: a handler taking `Caller` answers
/// `401 unauthorized` to a request without a valid token; one taking `Option<Caller>` gets
/// `None` for a request without a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The token's subject (`sub`).
    pub subject: String,
    /// The scopes it grants.
    pub scopes: Vec<String>,
    /// The token's id (`jti`, or a digest of the token); rate limits are kept per token.
    pub token_id: String,
    /// Everything the token says.
    pub claims: Claims,
}

impl Caller {
    /// Whether the token grants `scope`.
    #[must_use]
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|granted| granted == scope)
    }
}

/// What [`AuthLayer`] found out about a request's bearer token; in the request's extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Authentication {
    /// No `Authorization` header.
    Anonymous,
    /// A token (or something else) was sent and refused, for this reason.
    Refused(Refusal),
    /// A valid token.
    Verified(Box<Caller>),
}

impl Authentication {
    /// Reads the `Authorization` header of `headers` with `verifier`.
    #[must_use]
    pub fn of(headers: &HeaderMap, verifier: &Verifier) -> Self {
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return Authentication::Anonymous;
        };
        let token = value.to_str().ok().and_then(|text| {
            let (scheme, token) = text.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
        match token {
            Some(token) if !token.is_empty() => match verifier.verify(token) {
                Ok(caller) => Authentication::Verified(Box::new(caller)),
                Err(refusal) => Authentication::Refused(refusal),
            },
            _ => Authentication::Refused(Refusal(
                "the Authorization header is not `Bearer <token>`".to_owned(),
            )),
        }
    }

    /// The caller, or the `401 unauthorized` a protected route answers.
    ///
    /// # Errors
    /// When no token was sent, or it was refused.
    pub fn caller(&self) -> Result<&Caller, ApiError> {
        match self {
            Authentication::Verified(caller) => Ok(caller.as_ref()),
            Authentication::Anonymous => {
                Err(ApiError::new(ErrorCode::UNAUTHORIZED, "this operation needs a bearer token"))
            }
            Authentication::Refused(refusal) => {
                Err(ApiError::new(ErrorCode::UNAUTHORIZED, refusal.0.clone()))
            }
        }
    }

    /// The outcome [`AuthLayer`] left in `extensions`.
    ///
    /// # Errors
    /// `internal` when no [`AuthLayer`] is in front of the route: a protected route must never
    /// be answered as if nobody had checked.
    pub fn from_extensions(
        extensions: &axum::http::Extensions,
    ) -> Result<&Authentication, ApiError> {
        extensions.get::<Authentication>().ok_or_else(|| {
            ApiError::internal(
                "no charter_server::auth::AuthLayer in front of a route that needs a caller: \
                 wrap the router in it (Config::layer does)",
            )
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Authentication::from_extensions(&parts.extensions)?.caller().cloned()
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for Caller {
    type Rejection = ApiError;

    /// `None` without a token; a refused token still answers `401`.
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, ApiError> {
        match Authentication::from_extensions(&parts.extensions)? {
            Authentication::Anonymous => Ok(None),
            other => other.caller().cloned().map(Some),
        }
    }
}

/// Verifies the bearer token of every request, leaving an [`Authentication`] in its
/// extensions, and adds `WWW-Authenticate` to `401` answers.
#[derive(Clone, Debug)]
pub struct AuthLayer {
    verifier: Verifier,
}

impl AuthLayer {
    /// Verifies tokens with `verifier`.
    #[must_use]
    pub fn new(verifier: Verifier) -> Self {
        AuthLayer { verifier }
    }
}

impl<Svc> Layer<Svc> for AuthLayer {
    type Service = Authenticate<Svc>;

    fn layer(&self, inner: Svc) -> Self::Service {
        Authenticate { inner, verifier: self.verifier.clone() }
    }
}

/// The service [`AuthLayer`] wraps around a router or route.
#[derive(Clone, Debug)]
pub struct Authenticate<Svc> {
    inner: Svc,
    verifier: Verifier,
}

impl<Svc> Service<Request> for Authenticate<Svc>
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
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let authentication = Authentication::of(request.headers(), &self.verifier);
        let user = match &authentication {
            Authentication::Verified(caller) => Some(caller.subject.clone()),
            _ => None,
        };
        let refused = matches!(authentication, Authentication::Refused(_));
        let challenge = challenge(&self.verifier.config().realm, refused);
        request.extensions_mut().insert(authentication);
        Box::pin(async move {
            let mut response = match inner.call(request).await {
                Ok(response) => response.into_response(),
                Err(never) => match never {},
            };
            if response.status() == StatusCode::UNAUTHORIZED
                && !response.headers().contains_key(header::WWW_AUTHENTICATE)
                && let Some(challenge) = challenge
            {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, challenge);
            }
            if let Some(user) = user {
                response.extensions_mut().insert(LoggedUser(user));
            }
            Ok(response)
        })
    }
}

/// `Bearer realm="<realm>"`, with `error="invalid_token"` when a token was refused (RFC 6750).
fn challenge(realm: &str, refused: bool) -> Option<HeaderValue> {
    let realm = realm.replace('\\', "\\\\").replace('"', "\\\"");
    let mut value = format!("Bearer realm=\"{realm}\"");
    if refused {
        value.push_str(", error=\"invalid_token\"");
    }
    HeaderValue::from_str(&value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authorization_header_is_read_case_insensitively_and_refused_when_malformed() {
        let keys = DevKeys::generate().unwrap();
        let config = JwtConfig::for_api("notes");
        let verifier = keys.verifier(config.clone()).unwrap();
        let token = keys.mint(&Claims::new(&config, "ada", &[], 60)).unwrap();
        let mut headers = HeaderMap::new();
        assert_eq!(Authentication::of(&headers, &verifier), Authentication::Anonymous);
        for scheme in ["Bearer", "bearer", "BEARER"] {
            headers.insert(header::AUTHORIZATION, format!("{scheme} {token}").parse().unwrap());
            assert!(
                matches!(Authentication::of(&headers, &verifier), Authentication::Verified(c) if c.subject == "ada")
            );
        }
        for bad in ["Basic YWRhOg==", "Bearer", "Bearer ", "token"] {
            headers.insert(header::AUTHORIZATION, HeaderValue::from_static(bad));
            let outcome = Authentication::of(&headers, &verifier);
            assert_eq!(
                outcome.caller().unwrap_err().message(),
                "the Authorization header is not `Bearer <token>`",
                "{bad}"
            );
        }
        headers.insert(header::AUTHORIZATION, HeaderValue::from_bytes(b"Bearer \xff").unwrap());
        assert!(matches!(Authentication::of(&headers, &verifier), Authentication::Refused(_)));
    }

    #[test]
    fn the_challenge_quotes_the_realm() {
        assert_eq!(challenge("notes", false).unwrap(), "Bearer realm=\"notes\"");
        assert_eq!(
            challenge("say \"hi\"", true).unwrap(),
            "Bearer realm=\"say \\\"hi\\\"\", error=\"invalid_token\""
        );
        assert!(challenge("line\nbreak", false).is_none());
    }
}
