//! How an API is described: typed endpoints, versions and their stability.
//!
//! An [`Endpoint`] is a type whose associated constants and types say everything a document, a
//! client and a server need to agree on: method, path template, parameter types, body types,
//! success status and error codes. A [`Version`] lists the endpoints of one path prefix (`/v1`)
//! and the named schemas they reach; an [`Api`] lists its versions.
//!
//! `cargo xtask openapi` turns these descriptions into documents, and the reference server routes
//! requests with the very same [`Endpoint`] impls, so the two cannot drift apart.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ErrorCode;

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
    /// Frozen: `cargo xtask diff-contract` fails on any breaking change.
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
    /// A short-lived bearer JWT in `Authorization`. Implies the `unauthorized` and
    /// `rate_limited` error codes (rate limits are kept per token).
    BearerJwt,
    /// Anyone may call it (`security: []`), e.g. `/health`.
    Public,
}

/// The OAuth-style scope a bearer token needs for an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// `billing:read`, enough for `GET`.
    Read,
    /// `billing:write`, needed for every method that changes state.
    Write,
}

impl Scope {
    /// The scope's name in a token's space-separated `scope` claim.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "billing:read",
            Scope::Write => "billing:write",
        }
    }

    /// The scope an endpoint with this method needs.
    #[must_use]
    pub const fn for_method(method: Method) -> Scope {
        if method.is_write() { Scope::Write } else { Scope::Read }
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
        Auth::BearerJwt => &[ErrorCode::Unauthorized, ErrorCode::RateLimited, ErrorCode::Internal],
        Auth::Public => &[ErrorCode::Internal],
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
        codes.sort_by_key(|code| (code.status(), *code));
        codes.dedup();
        codes
    }

    /// The scope a bearer token needs, `None` for a public operation.
    #[must_use]
    pub fn scope(&self) -> Option<Scope> {
        match self.auth {
            Auth::BearerJwt => Some(Scope::for_method(self.method)),
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
}

impl NamedSchema {
    /// Describes `T`.
    #[must_use]
    pub fn of<T: JsonSchema + Serialize + DeserializeOwned>() -> Self {
        NamedSchema {
            rust_type: std::any::type_name::<T>(),
            name: T::schema_name(),
            subschema: SchemaGenerator::subschema_for::<T>,
            round_trip: |value| serde_json::to_value(serde_json::from_value::<T>(value)?),
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
    /// The operations, in document order.
    pub operations: Vec<Operation>,
    /// Every named schema the operations reach. `cargo xtask openapi` fails when one is missing
    /// or unused, so the list cannot drift from the types.
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
            operations: Vec::new(),
            schemas: Vec::new(),
        }
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
    pub fn schema<T: JsonSchema + Serialize + DeserializeOwned>(mut self) -> Self {
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

/// An API: its identity and its versions.
#[derive(Clone, Debug)]
pub struct Api {
    /// A short lowercase name; client crates are called `<name>-client-<version>`.
    pub name: &'static str,
    /// The human title, `info.title`.
    pub title: &'static str,
    /// What the API is for, in Markdown; each document adds its version's description.
    pub description: &'static str,
    /// Who answers questions about it: a name and an e-mail address.
    pub contact: (&'static str, &'static str),
    /// The license its documents are published under: a name and the URL of its text.
    pub license: (&'static str, &'static str),
    /// The tags operations are grouped by, each with its description.
    pub tags: Vec<(&'static str, &'static str)>,
    /// Where the API runs.
    pub servers: Vec<Server>,
    /// The versions, oldest first.
    pub versions: Vec<Version>,
}

impl Api {
    /// The version called `name`.
    #[must_use]
    pub fn version(&self, name: &str) -> Option<&Version> {
        self.versions.iter().find(|version| version.name == name)
    }
}
