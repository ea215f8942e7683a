//! The guard of a protected route: a valid token (`401`), the scope (`403`), then the rate
//! limit (`429`), in that order.
//!
//! Endpoint routes made by [`Routes`](crate::Routes) run it for every bearer operation, with
//! the scope the contract gives the operation. On a team's own axum routes,
//! [`RequireScope`] does the same:
//!
//! ```
//! use axum::{Router, routing::get};
//! use charter_contract::Scope;
//! use charter_server::{Caller, guard::RequireScope};
//!
//! const REPORTS: Scope = Scope::new("notes:reports", "Read usage reports.");
//!
//! async fn report(caller: Caller) -> String {
//!     format!("a report for {}", caller.subject)
//! }
//!
//! let reports: Router = Router::new()
//!     .route("/internal/report", get(report))
//!     .route_layer(RequireScope::new(REPORTS));
//! ```
//!
//! It reads what [`AuthLayer`](crate::auth::AuthLayer) and
//! [`RateLimitLayer`](crate::rate_limit::RateLimitLayer) left in the request's extensions, so
//! both must be in front of the route ([`Config::layer`](crate::Config::layer) puts them there).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::{MatchedPath, Request};
use axum::http::{Extensions, Method};
use axum::response::{IntoResponse, Response};
use charter_contract::{ErrorCode, Scope};
use tower::{Layer, Service};

use crate::auth::{Authentication, Caller};
use crate::error::ApiError;
use crate::rate_limit::Limiter;

/// Checks a request to `endpoint` (method and path template, e.g. `GET /v1/notes/{note_id}`)
/// that needs `scope`: the caller [`AuthLayer`](crate::auth::AuthLayer) verified, the scope,
/// and one request from the caller's bucket for the endpoint.
///
/// # Errors
/// `unauthorized` without a valid token, `forbidden` without `scope`, `rate_limited` past the
/// limit, and `internal` when no `AuthLayer` is in front or the rate limit's store failed and
/// its policy is closed.
pub async fn check(
    extensions: &Extensions,
    endpoint: &str,
    scope: Scope,
) -> Result<Caller, ApiError> {
    let caller = Authentication::from_extensions(extensions)?.caller()?;
    if !caller.has_scope(scope.name) {
        return Err(ApiError::new(
            ErrorCode::FORBIDDEN,
            format!("this operation needs a token with the scope `{}`", scope.name),
        ));
    }
    if let Some(limiter) = extensions.get::<Limiter>() {
        limiter.take(&caller.token_id, endpoint).await?;
    }
    Ok(caller.clone())
}

/// A route layer answering `401`, `403` and `429` as [`check`] does, before the route's
/// handler runs. Use it with `Router::route_layer`, so that the path template is known.
#[derive(Clone, Copy, Debug)]
pub struct RequireScope {
    scope: Scope,
}

impl RequireScope {
    /// Requests need a valid token granting `scope`.
    #[must_use]
    pub fn new(scope: Scope) -> Self {
        RequireScope { scope }
    }
}

impl<Svc> Layer<Svc> for RequireScope {
    type Service = Guarded<Svc>;

    fn layer(&self, inner: Svc) -> Self::Service {
        Guarded { inner, scope: self.scope }
    }
}

/// The service [`RequireScope`] wraps around a route.
#[derive(Clone, Debug)]
pub struct Guarded<Svc> {
    inner: Svc,
    scope: Scope,
}

impl<Svc> Service<Request> for Guarded<Svc>
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

    fn call(&mut self, request: Request) -> Self::Future {
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let route = request
            .extensions()
            .get::<MatchedPath>()
            .map_or(request.uri().path(), MatchedPath::as_str);
        // A HEAD is answered by the GET route, and spends from its bucket.
        let method = if request.method() == Method::HEAD { &Method::GET } else { request.method() };
        let endpoint = format!("{method} {route}");
        let scope = self.scope;
        Box::pin(async move {
            match check(request.extensions(), &endpoint, scope).await {
                Err(error) => Ok(error.into_response()),
                Ok(_) => match inner.call(request).await {
                    Ok(response) => Ok(response.into_response()),
                    Err(never) => match never {},
                },
            }
        })
    }
}
