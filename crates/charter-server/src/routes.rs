//! Routing by [`Endpoint`]: [`Routes`] maps every operation an [`Api`] declares to an async
//! handler over the endpoint's types, and refuses to build while one has none.
//!
//! The method, path template, parameter and body types, success status, scope and documented
//! error codes all come from the `Endpoint` impl the documents are generated from, so the server
//! cannot answer what the documents do not describe. Every request to an endpoint route goes
//! through the same steps:
//!
//! 1. for a bearer operation, the [guard](crate::guard): a valid token (`401`), the scope the
//!    contract gives the operation (`403`), the rate limit (`429`);
//! 2. path and query parameters and the JSON body read into the endpoint's types (`400` naming
//!    each field, bodies up to [`Routes::body_limit`]);
//! 3. the handler, whose panic is answered as `internal`;
//! 4. the success status with the response body, or the error in the envelope. An error whose
//!    code the operation does not document, whoever raised it, is logged and answered as
//!    `internal`.
//!
//! A routed path answers other methods with `405 method_not_allowed` and an `Allow` header; any
//! other path answers `404 not_found`, both in the envelope. `GET /health` is served from the
//! checks given to [`Routes::health_check`] unless the application adds its own handler.

use std::any::TypeId;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use charter_contract::health::GetHealth;
use charter_contract::{Api, Endpoint, ErrorCode, Method, NoBody, Operation, Scope, Scopes};

use crate::error::ApiError;
use crate::health::{self, Check};
use crate::input::{self, DEFAULT_BODY_LIMIT, Input};
use crate::log::LoggedOperation;
use crate::panic::CatchUnwind;

/// One operation as a route: what problems name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteInfo {
    /// The `operationId`.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template.
    pub path: &'static str,
    /// The Rust type implementing [`Endpoint`].
    pub rust_type: &'static str,
}

impl RouteInfo {
    /// Describes `E`.
    #[must_use]
    pub fn of<E: Endpoint>() -> Self {
        RouteInfo {
            operation_id: E::OPERATION_ID,
            method: E::METHOD,
            path: E::PATH,
            rust_type: std::any::type_name::<E>(),
        }
    }

    fn of_operation(operation: &Operation) -> Self {
        RouteInfo {
            operation_id: operation.operation_id,
            method: operation.method,
            path: operation.path,
            rust_type: operation.rust_type,
        }
    }
}

impl fmt::Display for RouteInfo {
    /// `` `listNotes` (GET /v1/notes, notes_contract::v1::ListNotes) ``
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` ({} {}, {})", self.operation_id, self.method, self.path, self.rust_type)
    }
}

/// Why [`Routes::build`] refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteProblem {
    /// The API declares the operation, and no handler answers it.
    MissingHandler(RouteInfo),
    /// A handler answers an endpoint the API does not declare.
    UndeclaredEndpoint(RouteInfo),
    /// A second handler for the same method and path.
    DuplicateHandler {
        /// The handler added first.
        first: RouteInfo,
        /// The one added later.
        second: RouteInfo,
    },
    /// Two path templates that differ only in their parameters' names, which no router can
    /// tell apart.
    ConflictingPaths {
        /// The route added first.
        first: RouteInfo,
        /// The one added later.
        second: RouteInfo,
    },
    /// A path template the router cannot hold.
    UnroutablePath {
        /// The route.
        route: RouteInfo,
        /// What is wrong with its template.
        reason: &'static str,
    },
}

impl fmt::Display for RouteProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteProblem::MissingHandler(route) => {
                write!(f, "no handler for {route}: add `.add::<{}>(handler)`", route.rust_type)
            }
            RouteProblem::UndeclaredEndpoint(route) => write!(
                f,
                "a handler for {route}, which the API does not declare: add the endpoint to a \
                 version with `.operation::<{}>()` or remove the handler",
                route.rust_type
            ),
            RouteProblem::DuplicateHandler { first, second } => write!(
                f,
                "two handlers for {} {}: {first} and {second}; keep one",
                second.method, second.path
            ),
            RouteProblem::ConflictingPaths { first, second } => write!(
                f,
                "{first} and {second} differ only in their parameters' names; name them alike"
            ),
            RouteProblem::UnroutablePath { route, reason } => {
                write!(f, "the path of {route} cannot be routed: {reason}")
            }
        }
    }
}

/// The routes of an API do not match what it declares; every problem is listed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct RoutesError {
    /// The API's name.
    pub api: &'static str,
    /// Each problem, in the order the API declares its operations and handlers were added.
    pub problems: Vec<RouteProblem>,
}

impl fmt::Display for RoutesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the routes do not match the API `{}`:", self.api)?;
        for problem in &self.problems {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}

/// An async function answering endpoint `E` over state `S`: implemented by every
/// `Fn(S, Input<E>) -> impl Future<Output = Result<E::Response, ApiError>>` that can be shared
/// between requests, e.g. `async fn list_notes(state: Notes, input: Input<ListNotes>)
/// -> Result<Vec<Note>, ApiError>`.
pub trait Handler<E: Endpoint, S>: Clone + Send + Sync + 'static {
    /// The answer being computed.
    type Future: Future<Output = Result<E::Response, ApiError>> + Send + 'static;

    /// Answers `input` with `state`.
    fn call(&self, state: S, input: Input<E>) -> Self::Future;
}

impl<E, S, F, Fut> Handler<E, S> for F
where
    E: Endpoint,
    F: Fn(S, Input<E>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<E::Response, ApiError>> + Send + 'static,
{
    type Future = Fut;

    fn call(&self, state: S, input: Input<E>) -> Fut {
        self(state, input)
    }
}

/// What every route is made with, known only once [`Routes::build`] runs.
struct Settings {
    scopes: Scopes,
    body_limit: usize,
}

/// Makes the method router of one handler once the settings are known.
type MakeRouter<S> = Box<dyn FnOnce(&Settings) -> MethodRouter<S> + Send>;

/// A handler added for an endpoint, made into a method router at build time.
struct Added<S> {
    route: RouteInfo,
    make: MakeRouter<S>,
}

/// The operations of an API and the handlers answering them, for application state `S`.
///
/// ```
/// use charter_contract::{Api, Endpoint, ErrorCode, Method, NoBody, NoParams, Stability,
///     StandardErrors, Version};
/// use charter_server::{ApiError, Input, Routes};
///
/// /// `GET /v1/count`.
/// struct GetCount;
///
/// impl Endpoint for GetCount {
///     const OPERATION_ID: &'static str = "getCount";
///     const METHOD: Method = Method::Get;
///     const PATH: &'static str = "/v1/count";
///     const TAG: &'static str = "count";
///     const SUMMARY: &'static str = "Count";
///     const SUCCESS: u16 = 200;
///     const ERRORS: &'static [ErrorCode] = &[];
///     type Path = NoParams;
///     type Query = NoParams;
///     type Request = NoBody;
///     type Response = u64;
/// }
///
/// #[derive(Clone, Default)]
/// struct Counter(std::sync::Arc<std::sync::atomic::AtomicU64>);
///
/// async fn get_count(counter: Counter, _: Input<GetCount>) -> Result<u64, ApiError> {
///     Ok(counter.0.load(std::sync::atomic::Ordering::Relaxed))
/// }
///
/// let api = Api::new::<StandardErrors>("count", "Count API")
///     .version(Version::new("v1", Stability::Stable, "1.0.0").operation::<GetCount>());
///
/// let missing = Routes::<Counter>::new(&api).build().unwrap_err();
/// assert!(missing.to_string().contains("no handler for `getCount` (GET /v1/count"));
///
/// let router = Routes::new(&api)
///     .add::<GetCount>(get_count)
///     .health_check("memory", |_: Counter| async { Ok::<(), String>(()) })
///     .build()?
///     .with_state(Counter::default());
/// # let _: axum::Router = router;
/// # Ok::<(), charter_server::RoutesError>(())
/// ```
pub struct Routes<S> {
    api: &'static str,
    scopes: Scopes,
    declared: Vec<Operation>,
    added: Vec<Added<S>>,
    checks: Vec<Check<S>>,
    version: String,
    body_limit: usize,
}

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    /// No handlers yet for the operations of every version of `api`.
    #[must_use]
    pub fn new(api: &Api) -> Self {
        let mut declared: Vec<Operation> = Vec::new();
        for operation in api.versions.iter().flat_map(|version| &version.operations) {
            // `/health` is in every version: one route.
            if !declared.iter().any(|known| same_operation(known, operation)) {
                declared.push(operation.clone());
            }
        }
        Routes {
            api: api.name,
            scopes: api.scopes,
            declared,
            added: Vec::new(),
            checks: Vec::new(),
            version: "unknown".to_owned(),
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    /// Answers endpoint `E` with `handler`: an async function of the state and the request
    /// read into `E`'s types, e.g.
    /// `async fn get_note(state: Notes, input: Input<GetNote>) -> Result<Note, ApiError>`,
    /// added as `.add::<GetNote>(get_note)`.
    #[must_use]
    #[allow(clippy::should_implement_trait, reason = "a builder step adding a route, never `+`")]
    pub fn add<E: Endpoint>(mut self, handler: impl Handler<E, S>) -> Self {
        self.push::<E, _>(handler);
        self
    }

    fn push<E: Endpoint, H: Handler<E, S>>(&mut self, handler: H) {
        let make = move |settings: &Settings| {
            let operation = Operation::of::<E>();
            let prepared = Arc::new(Prepared {
                endpoint: format!("{} {}", E::METHOD, E::PATH),
                documented: operation.errors(),
                scope: operation.required_scope(&settings.scopes),
                body_limit: settings.body_limit,
            });
            axum::routing::on(
                method_filter(E::METHOD),
                move |State(state): State<S>, request: Request| {
                    dispatch::<S, E, H>(state, handler.clone(), Arc::clone(&prepared), request)
                },
            )
        };
        self.added.push(Added { route: RouteInfo::of::<E>(), make: Box::new(make) });
    }

    /// Adds a check to `GET /health`: `check` gets the state and succeeds when the dependency
    /// called `name` works; its error is logged, never sent. See [`crate::health`].
    #[must_use]
    pub fn health_check<F, Fut, Err>(mut self, name: impl Into<String>, check: F) -> Self
    where
        F: Fn(S) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), Err>> + Send + 'static,
        Err: fmt::Display,
    {
        self.checks.push(Check::new(name.into(), check));
        self
    }

    /// The build version `GET /health` reports, e.g. `env!("CARGO_PKG_VERSION")` of the
    /// application (default `unknown`).
    #[must_use]
    pub fn build_version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    /// The largest request body read, in bytes ([`DEFAULT_BODY_LIMIT`] unless set); a larger
    /// one is answered `400 validation_failed` naming `body`.
    #[must_use]
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// The router answering every declared operation, for state `S` (give it with
    /// `Router::with_state`). Wrap it with [`Config::layer`](crate::Config::layer) for
    /// authentication, rate limits and logs.
    ///
    /// # Errors
    /// When a declared operation has no handler, a handler answers an endpoint the API does not
    /// declare, two handlers answer one route, or a path cannot be routed; each is named.
    pub fn build(mut self) -> Result<Router<S>, RoutesError> {
        self.serve_health();
        let mut problems = Vec::new();
        let added: Vec<&RouteInfo> = self.added.iter().map(|added| &added.route).collect();
        for operation in &self.declared {
            let route = RouteInfo::of_operation(operation);
            if !added.iter().any(|added| same_route(added, &route)) {
                problems.push(RouteProblem::MissingHandler(route));
            }
        }
        let mut by_route: HashMap<(Method, &str), &RouteInfo> = HashMap::new();
        let mut by_shape: HashMap<String, &RouteInfo> = HashMap::new();
        for route in &added {
            if !self
                .declared
                .iter()
                .any(|operation| same_route(route, &RouteInfo::of_operation(operation)))
            {
                problems.push(RouteProblem::UndeclaredEndpoint((*route).clone()));
            }
            if let Some(reason) = unroutable(route.path) {
                problems.push(RouteProblem::UnroutablePath { route: (*route).clone(), reason });
                continue;
            }
            if let Some(first) = by_route.insert((route.method, route.path), route) {
                problems.push(RouteProblem::DuplicateHandler {
                    first: first.clone(),
                    second: (*route).clone(),
                });
            }
            match by_shape.get(&shape(route.path)) {
                Some(first) if first.path != route.path => {
                    problems.push(RouteProblem::ConflictingPaths {
                        first: (*first).clone(),
                        second: (*route).clone(),
                    });
                }
                Some(_) => {}
                None => {
                    by_shape.insert(shape(route.path), route);
                }
            }
        }
        if !problems.is_empty() {
            return Err(RoutesError { api: self.api, problems });
        }

        let settings = Settings { scopes: self.scopes, body_limit: self.body_limit };
        let mut paths: BTreeMap<&'static str, (Vec<Method>, MethodRouter<S>)> = BTreeMap::new();
        for added in self.added {
            let method_router = (added.make)(&settings);
            let (methods, merged) =
                paths.entry(added.route.path).or_insert_with(|| (Vec::new(), MethodRouter::new()));
            methods.push(added.route.method);
            *merged = std::mem::take(merged).merge(method_router);
        }
        let mut router = Router::new();
        for (path, (mut methods, method_router)) in paths {
            methods.sort();
            let allow = methods.iter().map(|method| method.as_str()).collect::<Vec<_>>().join(", ");
            // axum writes path parameters as `{name}`, like OpenAPI: the template is used as is.
            router = router.route(
                path,
                method_router.fallback(move |request: Request| async move {
                    method_not_allowed(&request, &allow)
                }),
            );
        }
        Ok(router.fallback(|request: Request| async move {
            ApiError::new(
                ErrorCode::NOT_FOUND,
                format!("no operation answers {} {}", request.method(), request.uri().path()),
            )
            .into_response()
        }))
    }

    /// Adds the handler of `GET /health` from the checks, unless the application added its
    /// own or the API does not declare it.
    fn serve_health(&mut self) {
        let health = RouteInfo::of::<GetHealth>();
        let declared = self
            .declared
            .iter()
            .any(|operation| same_route(&RouteInfo::of_operation(operation), &health));
        let answered = self.added.iter().any(|added| same_route(&added.route, &health));
        if !declared || answered {
            return;
        }
        let checks: Arc<[Check<S>]> = std::mem::take(&mut self.checks).into();
        let version: Arc<str> = self.version.as_str().into();
        self.push::<GetHealth, _>(move |state: S, _: Input<GetHealth>| {
            let checks = Arc::clone(&checks);
            let version = Arc::clone(&version);
            async move { Ok(health::report(state, &checks, &version).await) }
        });
    }
}

impl<S> fmt::Debug for Routes<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let added: Vec<&RouteInfo> = self.added.iter().map(|added| &added.route).collect();
        f.debug_struct("Routes")
            .field("api", &self.api)
            .field("added", &added)
            .finish_non_exhaustive()
    }
}

/// Whether two operations are one: the same type at the same route.
fn same_operation(a: &Operation, b: &Operation) -> bool {
    same_route(&RouteInfo::of_operation(a), &RouteInfo::of_operation(b))
}

fn same_route(a: &RouteInfo, b: &RouteInfo) -> bool {
    a.rust_type == b.rust_type && a.method == b.method && a.path == b.path
}

/// Why axum cannot route `path`, if it cannot.
fn unroutable(path: &str) -> Option<&'static str> {
    let Some(rest) = path.strip_prefix('/') else {
        return Some("it does not start with `/`");
    };
    for segment in rest.split('/') {
        if let Some(name) = segment.strip_prefix('{').and_then(|inner| inner.strip_suffix('}')) {
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Some("a parameter is not `{name}` with letters, digits and `_` only");
            }
        } else if segment.contains(['{', '}', '*']) || segment.starts_with(':') {
            return Some("a segment mixes text with `{`, `}` or `*`, or starts with `:`");
        }
    }
    None
}

/// `path` with every parameter written `{}`: two templates of one shape match the same paths.
fn shape(path: &str) -> String {
    path.split('/')
        .map(|segment| if segment.starts_with('{') { "{}" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

fn method_filter(method: Method) -> MethodFilter {
    match method {
        Method::Get => MethodFilter::GET,
        Method::Post => MethodFilter::POST,
        Method::Put => MethodFilter::PUT,
        Method::Patch => MethodFilter::PATCH,
        Method::Delete => MethodFilter::DELETE,
    }
}

fn method_not_allowed(request: &Request, allow: &str) -> Response {
    let mut response = ApiError::new(
        ErrorCode::METHOD_NOT_ALLOWED,
        format!(
            "{} does not answer {}; it answers {allow}",
            request.uri().path(),
            request.method()
        ),
    )
    .into_response();
    if let Ok(value) = HeaderValue::from_str(allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// What a route of one operation needs at every request.
struct Prepared {
    /// `METHOD /path/{template}`: the rate limit's key.
    endpoint: String,
    documented: Vec<ErrorCode>,
    scope: Option<Scope>,
    body_limit: usize,
}

async fn dispatch<S, E, H>(
    state: S,
    handler: H,
    prepared: Arc<Prepared>,
    request: Request,
) -> Response
where
    E: Endpoint,
    H: Handler<E, S>,
{
    let (mut parts, body) = request.into_parts();
    let mut response = match answer::<S, E, H>(state, handler, &prepared, &mut parts, body).await {
        Ok(response) => response,
        Err(error) => {
            let error = if prepared.documented.contains(&error.code()) {
                error
            } else {
                ApiError::internal(format!(
                    "{} answered `{}`, which it does not document: {}",
                    E::OPERATION_ID,
                    error.code(),
                    error.message()
                ))
            };
            error.in_operation(E::OPERATION_ID).into_response()
        }
    };
    response.extensions_mut().insert(LoggedOperation(E::OPERATION_ID));
    response
}

async fn answer<S, E, H>(
    state: S,
    handler: H,
    prepared: &Prepared,
    parts: &mut Parts,
    body: Body,
) -> Result<Response, ApiError>
where
    E: Endpoint,
    H: Handler<E, S>,
{
    let caller = match prepared.scope {
        Some(scope) => {
            Some(crate::guard::check(&parts.extensions, &prepared.endpoint, scope).await?)
        }
        None => None,
    };
    let path = input::path_parameters::<E>(parts).await?;
    let query = input::read_form::<E::Query>(parts.uri.query().unwrap_or_default(), "query.")?;
    let body = input::request_body::<E::Request>(&parts.headers, body, prepared.body_limit).await?;
    let input = Input { path, query, body, caller };
    let value = match CatchUnwind::new(async move { handler.call(state, input).await }).await {
        Ok(result) => result?,
        Err(message) => {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_axum_cannot_hold_are_named() {
        assert_eq!(unroutable("/v1/notes/{note_id}"), None);
        assert_eq!(unroutable("/v1/{a}/{b_2}/x"), None);
        assert_eq!(unroutable("v1/notes"), Some("it does not start with `/`"));
        assert!(unroutable("/v1/{}").is_some());
        assert!(unroutable("/v1/{*rest}").is_some());
        assert!(unroutable("/v1/:id").is_some());
        assert!(unroutable("/v1/note-{id}").is_some());
        assert_eq!(shape("/v1/notes/{note_id}/tags/{tag}"), "/v1/notes/{}/tags/{}");
    }
}
