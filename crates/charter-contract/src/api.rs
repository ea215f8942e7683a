//! How an API is described: typed endpoints, versions and their stability.
//!
//! An [`Endpoint`] is a type whose associated constants and types say everything a document, a
//! client and a server need to agree on: method, path template, parameter types, body types,
//! success status and error codes. A [`Version`] lists the endpoints of one path prefix (`/v1`)
//! and the named schemas they reach; an [`Api`] lists its versions.
//!
//! charter-openapi turns these descriptions into documents, and charter-server routes requests
//! with the very same [`Endpoint`] impls, so the two cannot drift apart.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{ErrorCatalogue, ErrorCode, ErrorEnvelope};

/// An HTTP method an endpoint answers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`: reads, never changes state.
    Get,
    /// `POST`: creates.
    Post,
    /// `PUT`: replaces.
    Put,
    /// `PATCH`: changes part of a resource.
    Patch,
    /// `DELETE`: removes.
    Delete,
}

impl Method {
    /// The method as written in an HTTP request line, e.g. `GET`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether a request with this method may change state.
    #[must_use]
    pub const fn is_write(self) -> bool {
        !matches!(self, Method::Get)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The promise a version makes to its clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stability {
    /// Frozen: `diff-contract` fails on any breaking change.
    Stable,
    /// Still moving: breaking changes are reported as warnings.
    Beta,
}

impl Stability {
    /// `stable` or `beta`, as written in documents (`x-stability`) and reports.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Stability::Stable => "stable",
            Stability::Beta => "beta",
        }
    }
}

/// How a caller proves who it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// A short-lived bearer JWT in `Authorization`. Implies the `unauthorized`, `forbidden`
    /// (the token lacks the operation's scope) and `rate_limited` error codes (rate limits are
    /// kept per token).
    BearerJwt,
    /// Anyone may call it (`security: []`), e.g. `/health`.
    Public,
}

/// A scope a bearer token's space-separated `scope` claim may grant, declared by the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Scope {
    /// The name in the `scope` claim, e.g. `notes:read`.
    pub name: &'static str,
    /// What it allows, for documents.
    pub description: &'static str,
}

impl Scope {
    /// A scope called `name`.
    #[must_use]
    pub const fn new(name: &'static str, description: &'static str) -> Self {
        Scope { name, description }
    }

    /// The scope's name in a token's `scope` claim.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        self.name
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// The scopes an API's bearer operations need: one for reads (`GET`), one for every method
/// that changes state, unless an endpoint names its own ([`Endpoint::SCOPE`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scopes {
    /// Needed by `GET`.
    pub read: Scope,
    /// Needed by `POST`, `PUT`, `PATCH` and `DELETE`.
    pub write: Scope,
}

impl Scopes {
    /// The scope an endpoint with this method needs by default.
    #[must_use]
    pub const fn for_method(&self, method: Method) -> Scope {
        if method.is_write() { self.write } else { self.read }
    }
}

impl Default for Scopes {
    /// `read` and `write`.
    fn default() -> Self {
        Scopes {
            read: Scope::new("read", "Read every resource."),
            write: Scope::new("write", "Create, change and delete resources."),
        }
    }
}

/// Path or query parameters: a struct whose fields are the parameters.
///
/// Each field becomes one parameter; a field is required unless it is an `Option`. Use
/// [`NoParams`] when an endpoint has none.
pub trait Params: JsonSchema + Serialize + DeserializeOwned + Send + 'static {}

impl<T: JsonSchema + Serialize + DeserializeOwned + Send + 'static> Params for T {}

/// The parameters of an endpoint that takes none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NoParams {}

/// A request or response body: any contract type, or [`NoBody`].
pub trait Body: Serialize + DeserializeOwned + Send + 'static {
    /// The body's schema, registering named schemas in `generator`; `None` for no body.
    fn schema(generator: &mut SchemaGenerator) -> Option<Schema>;
}

impl<T: JsonSchema + Serialize + DeserializeOwned + Send + 'static> Body for T {
    fn schema(generator: &mut SchemaGenerator) -> Option<Schema> {
        Some(generator.subschema_for::<T>())
    }
}

/// The body of a request that sends none, or of a `204 No Content` response.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoBody;

impl Body for NoBody {
    fn schema(_: &mut SchemaGenerator) -> Option<Schema> {
        None
    }
}

impl Serialize for NoBody {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

impl<'de> Deserialize<'de> for NoBody {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer).map(|_| NoBody)
    }
}

/// Reads an optional field that may be absent but, when present, is never `null`.
///
/// Documents describe optional properties as "absent or a value", so the types must refuse an
/// explicit `null` too. Use it as
/// `#[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]`:
/// `default` makes absence `None`, a value becomes `Some`, and `null` is an error.
///
/// # Errors
/// When the value is `null` or not a `T`.
pub fn not_null<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// One operation of the API, described by types.
///
/// Implement it on a unit struct named after the operation. Everything a document, a client or
/// a server needs is here; nothing about an endpoint is written anywhere else.
pub trait Endpoint: Send + Sync + 'static {
    /// The `operationId`: unique in the document, lowerCamelCase, e.g. `getUser`. Generated
    /// clients name their methods after it.
    const OPERATION_ID: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// The path template, e.g. `/v1/users/{user_id}`. Every `{name}` must be a field of
    /// [`Endpoint::Path`], and every field of it must appear here.
    const PATH: &'static str;
    /// The tag that groups the operation in documentation, e.g. `users`.
    const TAG: &'static str;
    /// A one-line summary.
    const SUMMARY: &'static str;
    /// Longer Markdown documentation; may be empty.
    const DESCRIPTION: &'static str = "";
    /// The status of a successful response: 200, 201 or 204.
    const SUCCESS: u16;
    /// The error codes specific to this endpoint. Codes every endpoint shares are added by
    /// [`Operation::errors`]: see [`implied_errors`].
    const ERRORS: &'static [ErrorCode];
    /// Who may call it.
    const AUTH: Auth = Auth::BearerJwt;
    /// The scope a bearer token needs, when it is not the API's default for the method
    /// ([`Scopes::for_method`]).
    const SCOPE: Option<Scope> = None;

    /// Path parameters, one field per `{name}` in [`Endpoint::PATH`].
    type Path: Params;
    /// Query parameters.
    type Query: Params;
    /// The request body, or [`NoBody`].
    type Request: Body;
    /// The body of the [`Endpoint::SUCCESS`] response, or [`NoBody`].
    type Response: Body;
}

/// The error codes every endpoint with `auth` may answer besides its own.
#[must_use]
pub fn implied_errors(auth: Auth) -> &'static [ErrorCode] {
    match auth {
        Auth::BearerJwt => &[
            ErrorCode::UNAUTHORIZED,
            ErrorCode::FORBIDDEN,
            ErrorCode::RATE_LIMITED,
            ErrorCode::INTERNAL,
        ],
        Auth::Public => &[ErrorCode::INTERNAL],
    }
}

/// A function that writes a type's schema into a generator.
pub type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

/// A function that writes a body's schema into a generator, `None` for no body.
pub type BodySchemaFn = fn(&mut SchemaGenerator) -> Option<Schema>;

/// A JSON value read into a Rust type and written back, or the serde error that stopped it.
pub type RoundTripFn = fn(serde_json::Value) -> Result<serde_json::Value, serde_json::Error>;

/// A Rust type and the function producing its schema.
#[derive(Clone, Copy, Debug)]
pub struct TypeSchema<F> {
    /// The Rust type's path, e.g. `contracts::v1::UserPath`.
    pub rust_type: &'static str,
    /// Produces the schema.
    pub schema: F,
}

/// An [`Endpoint`] with its types erased, as the document generator reads it.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The Rust type implementing [`Endpoint`].
    pub rust_type: &'static str,
    /// See [`Endpoint::OPERATION_ID`].
    pub operation_id: &'static str,
    /// See [`Endpoint::METHOD`].
    pub method: Method,
    /// See [`Endpoint::PATH`].
    pub path: &'static str,
    /// See [`Endpoint::TAG`].
    pub tag: &'static str,
    /// See [`Endpoint::SUMMARY`].
    pub summary: &'static str,
    /// See [`Endpoint::DESCRIPTION`].
    pub description: &'static str,
    /// See [`Endpoint::SUCCESS`].
    pub success: u16,
    /// See [`Endpoint::ERRORS`].
    pub declared_errors: &'static [ErrorCode],
    /// See [`Endpoint::AUTH`].
    pub auth: Auth,
    /// See [`Endpoint::SCOPE`].
    pub scope: Option<Scope>,
    /// The inline object schema of [`Endpoint::Path`].
    pub path_params: TypeSchema<SchemaFn>,
    /// The inline object schema of [`Endpoint::Query`].
    pub query_params: TypeSchema<SchemaFn>,
    /// The schema of [`Endpoint::Request`].
    pub request: TypeSchema<BodySchemaFn>,
    /// The schema of [`Endpoint::Response`].
    pub response: TypeSchema<BodySchemaFn>,
}

impl Operation {
    /// Describes `E`.
    #[must_use]
    pub fn of<E: Endpoint>() -> Self {
        Operation {
            rust_type: std::any::type_name::<E>(),
            operation_id: E::OPERATION_ID,
            method: E::METHOD,
            path: E::PATH,
            tag: E::TAG,
            summary: E::SUMMARY,
            description: E::DESCRIPTION,
            success: E::SUCCESS,
            declared_errors: E::ERRORS,
            auth: E::AUTH,
            scope: E::SCOPE,
            path_params: TypeSchema {
                rust_type: std::any::type_name::<E::Path>(),
                schema: <E::Path as JsonSchema>::json_schema,
            },
            query_params: TypeSchema {
                rust_type: std::any::type_name::<E::Query>(),
                schema: <E::Query as JsonSchema>::json_schema,
            },
            request: TypeSchema {
                rust_type: std::any::type_name::<E::Request>(),
                schema: <E::Request as Body>::schema,
            },
            response: TypeSchema {
                rust_type: std::any::type_name::<E::Response>(),
                schema: <E::Response as Body>::schema,
            },
        }
    }

    /// Every error code the operation may answer: its own and the implied ones, ordered by
    /// HTTP status, without repeats.
    #[must_use]
    pub fn errors(&self) -> Vec<ErrorCode> {
        let mut codes: Vec<ErrorCode> =
            self.declared_errors.iter().chain(implied_errors(self.auth)).copied().collect();
        codes.sort();
        codes.dedup();
        codes
    }

    /// The scope a bearer token needs under the API's `scopes`, `None` for a public operation.
    #[must_use]
    pub fn required_scope(&self, scopes: &Scopes) -> Option<Scope> {
        match self.auth {
            Auth::BearerJwt => Some(self.scope.unwrap_or(scopes.for_method(self.method))),
            Auth::Public => None,
        }
    }
}

/// A named schema, registered so that every component of a document maps back to one Rust type.
#[derive(Clone, Debug)]
pub struct NamedSchema {
    /// The Rust type's path, e.g. `contracts::v1::User`.
    pub rust_type: &'static str,
    /// The component name the type claims, from [`JsonSchema::schema_name`].
    pub name: Cow<'static, str>,
    /// Writes the type's schema into a generator and returns a `$ref` to it.
    pub subschema: SchemaFn,
    /// Reads a JSON value into the type and writes it back.
    pub round_trip: RoundTripFn,
    /// Values of the type (feature `proptest`), from its `Arbitrary` impl.
    #[cfg(feature = "proptest")]
    pub values: fn() -> proptest::strategy::BoxedStrategy<crate::strategies::Generated>,
}

/// What a registered schema type must implement besides serde and schemars: with the
/// `proptest` feature, `proptest::arbitrary::Arbitrary` and `Debug` (for generated values);
/// without it, nothing.
#[cfg(feature = "proptest")]
pub trait Generate: proptest::arbitrary::Arbitrary + fmt::Debug + 'static {}

#[cfg(feature = "proptest")]
impl<T: proptest::arbitrary::Arbitrary + fmt::Debug + 'static> Generate for T {}

/// What a registered schema type must implement besides serde and schemars: with the
/// `proptest` feature, `proptest::arbitrary::Arbitrary` and `Debug` (for generated values);
/// without it, nothing.
#[cfg(not(feature = "proptest"))]
pub trait Generate {}

#[cfg(not(feature = "proptest"))]
impl<T> Generate for T {}

impl NamedSchema {
    /// Describes `T`.
    #[must_use]
    pub fn of<T: JsonSchema + Serialize + DeserializeOwned + Generate>() -> Self {
        NamedSchema {
            rust_type: std::any::type_name::<T>(),
            name: T::schema_name(),
            subschema: SchemaGenerator::subschema_for::<T>,
            round_trip: |value| serde_json::to_value(serde_json::from_value::<T>(value)?),
            #[cfg(feature = "proptest")]
            values: crate::strategies::generated::<T>,
        }
    }
}

/// One version of an API: the operations under one path prefix and the schemas they reach.
#[derive(Clone, Debug)]
pub struct Version {
    /// The name and path prefix, e.g. `v1` for `/v1/...`.
    pub name: &'static str,
    /// The promise this version makes.
    pub stability: Stability,
    /// `info.version` of the version's document, e.g. `1.0.0`.
    pub document_version: &'static str,
    /// What a client of this version should know, in Markdown.
    pub description: &'static str,
    /// The lowest version of its client crate: `0.1.0` unless set with
    /// [`Version::client_version`]. The crate starts there, and later versions are derived from
    /// the changes of the document (`cargo xtask openapi`), never lower than this.
    pub client_version: &'static str,
    /// The operations, in document order.
    pub operations: Vec<Operation>,
    /// Every named schema the operations reach. The emitter fails when one is missing or
    /// unused, so the list cannot drift from the types.
    pub schemas: Vec<NamedSchema>,
}

impl Version {
    /// An empty version.
    #[must_use]
    pub fn new(name: &'static str, stability: Stability, document_version: &'static str) -> Self {
        Version {
            name,
            stability,
            document_version,
            description: "",
            client_version: "0.1.0",
            operations: Vec::new(),
            schemas: Vec::new(),
        }
    }

    /// Sets the lowest version of the client crate (`major.minor.patch`), e.g. `1.0.0` when the
    /// version becomes stable: a new crate starts there, and a committed one lower than it
    /// moves up to it.
    #[must_use]
    pub fn client_version(mut self, client_version: &'static str) -> Self {
        self.client_version = client_version;
        self
    }

    /// Sets the description.
    #[must_use]
    pub fn description(mut self, description: &'static str) -> Self {
        self.description = description;
        self
    }

    /// Adds the operation `E`.
    #[must_use]
    pub fn operation<E: Endpoint>(mut self) -> Self {
        self.operations.push(Operation::of::<E>());
        self
    }

    /// Registers the named schema of `T`.
    #[must_use]
    pub fn schema<T: JsonSchema + Serialize + DeserializeOwned + Generate>(mut self) -> Self {
        self.schemas.push(NamedSchema::of::<T>());
        self
    }

    /// The path prefix of this version's operations, e.g. `/v1/`.
    #[must_use]
    pub fn path_prefix(&self) -> String {
        format!("/{}/", self.name)
    }
}

/// A server an API is reachable at.
#[derive(Clone, Debug)]
pub struct Server {
    /// The base URL, without a version prefix.
    pub url: &'static str,
    /// What the server is.
    pub description: &'static str,
}

/// An API: its identity, its error catalogue and scopes, and its versions.
///
/// Build it with [`Api::new`] and the builder methods; every version added with
/// [`Api::version`] also gets what every document holds: `GET /health` and the error envelope
/// of the API's catalogue.
///
/// ```
/// use charter_contract::{Api, Scope, Scopes, Stability, StandardErrors, Version};
///
/// let api = Api::new::<StandardErrors>("notes", "Notes API")
///     .description("Short notes.")
///     .contact("Notes team", "notes@example.com")
///     .scopes(Scopes {
///         read: Scope::new("notes:read", "Read notes."),
///         write: Scope::new("notes:write", "Write notes."),
///     })
///     .version(Version::new("v1", Stability::Stable, "1.0.0"));
/// assert_eq!(api.versions[0].operations[0].operation_id, "getHealth");
/// ```
#[derive(Clone, Debug)]
pub struct Api {
    /// A short lowercase name; client crates are called `<name>-client-<version>`.
    pub name: &'static str,
    /// The human title, `info.title`.
    pub title: &'static str,
    /// What the API is for, in Markdown; each document adds its version's description.
    pub description: &'static str,
    /// Who answers questions about it: a name and an e-mail address.
    pub contact: Option<(&'static str, &'static str)>,
    /// The license its documents are published under: a name and the URL of its text.
    pub license: Option<(&'static str, &'static str)>,
    /// The tags operations are grouped by, each with its description.
    pub tags: Vec<(&'static str, &'static str)>,
    /// Where the API runs.
    pub servers: Vec<Server>,
    /// Every error code the API documents, from its [`ErrorCatalogue`], by HTTP status.
    pub error_codes: Vec<ErrorCode>,
    /// The scopes its bearer operations need.
    pub scopes: Scopes,
    /// The versions, oldest first.
    pub versions: Vec<Version>,
    /// Adds `/health` and the catalogue's error envelope to a version.
    shared: fn(Version) -> Version,
}

impl Api {
    /// An API called `name` (lowercase, used in crate names) titled `title`, answering errors
    /// from catalogue `C` ([`StandardErrors`](crate::StandardErrors) when it adds no code of its own).
    #[must_use]
    pub fn new<C: ErrorCatalogue>(name: &'static str, title: &'static str) -> Self {
        Api {
            name,
            title,
            description: "",
            contact: None,
            license: None,
            tags: vec![("health", "Whether the service works.")],
            servers: Vec::new(),
            error_codes: C::codes(),
            scopes: Scopes::default(),
            versions: Vec::new(),
            shared: with_shared::<C>,
        }
    }

    /// Sets the description.
    #[must_use]
    pub fn description(mut self, description: &'static str) -> Self {
        self.description = description;
        self
    }

    /// Sets who answers questions: a name and an e-mail address.
    #[must_use]
    pub fn contact(mut self, name: &'static str, email: &'static str) -> Self {
        self.contact = Some((name, email));
        self
    }

    /// Sets the license: a name and the URL of its text.
    #[must_use]
    pub fn license(mut self, name: &'static str, url: &'static str) -> Self {
        self.license = Some((name, url));
        self
    }

    /// Adds a tag with its description (`health` is there from the start, listed last).
    #[must_use]
    pub fn tag(mut self, name: &'static str, description: &'static str) -> Self {
        let at = self.tags.len().saturating_sub(1);
        self.tags.insert(at, (name, description));
        self
    }

    /// Adds a server.
    #[must_use]
    pub fn server(mut self, url: &'static str, description: &'static str) -> Self {
        self.servers.push(Server { url, description });
        self
    }

    /// Sets the scopes bearer operations need.
    #[must_use]
    pub fn scopes(mut self, scopes: Scopes) -> Self {
        self.scopes = scopes;
        self
    }

    /// Adds a version (after the ones already added), with `GET /health` and the error envelope.
    #[must_use]
    pub fn version(mut self, version: Version) -> Self {
        self.versions.push((self.shared)(version));
        self
    }

    /// The version called `name`.
    #[must_use]
    pub fn version_named(&self, name: &str) -> Option<&Version> {
        self.versions.iter().find(|version| version.name == name)
    }

    /// Every scope a token may need, without repeats: the defaults and each endpoint's own.
    #[must_use]
    pub fn all_scopes(&self) -> Vec<Scope> {
        let mut scopes = vec![self.scopes.read, self.scopes.write];
        for operation in self.versions.iter().flat_map(|version| &version.operations) {
            if let Some(scope) = operation.scope
                && !scopes.contains(&scope)
            {
                scopes.push(scope);
            }
        }
        scopes
    }
}

/// Adds what every version's document holds: `/health` and the error envelope of `C`.
fn with_shared<C: ErrorCatalogue>(version: Version) -> Version {
    use crate::error::{Code, ErrorBody, FieldError};
    use crate::health::{GetHealth, Health, HealthCheck, HealthStatus};
    version
        .operation::<GetHealth>()
        .schema::<Health>()
        .schema::<HealthCheck>()
        .schema::<HealthStatus>()
        .schema::<ErrorEnvelope<C>>()
        .schema::<ErrorBody<C>>()
        .schema::<Code<C>>()
        .schema::<FieldError>()
}
