//! What can be wrong with a contract, each error naming every place involved and the fix.

use thiserror::Error;

/// A contract that cannot become a correct OpenAPI 3.0 document.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ContractError {
    /// Two endpoints share an operationId.
    #[error(
        "{version}: operationId `{id}` is claimed by two endpoints: {first} and {second}\n  \
         help: give one of them another OPERATION_ID; generated clients name methods after it"
    )]
    DuplicateOperationId {
        /// The version both are in.
        version: String,
        /// The operationId.
        id: String,
        /// The first endpoint's Rust type.
        first: String,
        /// The second endpoint's Rust type.
        second: String,
    },

    /// Two endpoints share a method and path.
    #[error(
        "{version}: `{method} {path}` is described by two endpoints: {first} and {second}\n  \
         help: remove one, or change its METHOD or PATH"
    )]
    DuplicateRoute {
        /// The version both are in.
        version: String,
        /// The HTTP method.
        method: String,
        /// The path template, with parameter names as each endpoint spells them.
        path: String,
        /// The first endpoint's Rust type.
        first: String,
        /// The second endpoint's Rust type.
        second: String,
    },

    /// A field of the path-parameter type is not in the path template.
    #[error(
        "{endpoint}: field `{name}` of {path_type} is not a parameter of the path template \
         `{template}`\n  help: add `{{{name}}}` to PATH, or remove the field from {path_type}"
    )]
    ParameterNotInTemplate {
        /// The endpoint's Rust type.
        endpoint: String,
        /// The field.
        name: String,
        /// The path-parameter type.
        path_type: String,
        /// The path template.
        template: String,
    },

    /// A `{name}` in the path template is not a field of the path-parameter type.
    #[error(
        "{endpoint}: the path template `{template}` has `{{{name}}}`, but {path_type} has no \
         field `{name}`\n  help: add a field `{name}` to {path_type}, or remove `{{{name}}}` \
         from PATH"
    )]
    TemplateParameterNotInType {
        /// The endpoint's Rust type.
        endpoint: String,
        /// The parameter.
        name: String,
        /// The path-parameter type.
        path_type: String,
        /// The path template.
        template: String,
    },

    /// An endpoint breaks a rule of the handbook or of HTTP.
    #[error("{endpoint}: {problem}\n  help: {help}")]
    InvalidEndpoint {
        /// The endpoint's Rust type.
        endpoint: String,
        /// What is wrong.
        problem: String,
        /// How to fix it.
        help: String,
    },

    /// An endpoint declares an error code the API's catalogue does not list.
    #[error(
        "{endpoint}: ERRORS has `{code}` ({status}), which the API's error catalogue does not \
         list\n  help: add it to the EXTRA codes of the API's ErrorCatalogue (the type given to \
         `Api::new`), or remove it from ERRORS"
    )]
    UndocumentedErrorCode {
        /// The endpoint's Rust type.
        endpoint: String,
        /// The code's wire name.
        code: String,
        /// The status the endpoint gives it.
        status: u16,
    },

    /// The API's own description is inconsistent.
    #[error("the API: {problem}\n  help: {help}")]
    InvalidApi {
        /// What is wrong.
        problem: String,
        /// How to fix it.
        help: String,
    },

    /// A version answers errors but does not register the error envelope.
    #[error(
        "{version}: its operations answer errors, but no schema `ErrorEnvelope` is registered \
         with it\n  help: add the version with `Api::version`, which registers the envelope of \
         the API's error catalogue"
    )]
    MissingErrorEnvelope {
        /// The version.
        version: String,
    },

    /// Two Rust types claim one schema name in a version.
    #[error(
        "{version}: two Rust types claim the schema name `{name}`: {first} and {second}\n  \
         help: rename one of them, or give it another schema name with \
         #[schemars(rename = \"…\")]"
    )]
    SchemaNameClash {
        /// The version.
        version: String,
        /// The contested name.
        name: String,
        /// One claimant.
        first: String,
        /// The other claimant.
        second: String,
    },

    /// A schema is reached but its Rust type is not registered with the version.
    #[error(
        "{version}: schema `{name}` is reached from {reached_from}, but no Rust type is \
         registered for it\n  help: add `.schema::<{name}>()` to the `{version}` version in the \
         contract"
    )]
    UnregisteredSchema {
        /// The version.
        version: String,
        /// The schema name.
        name: String,
        /// Where it is referenced.
        reached_from: String,
    },

    /// A registered type is reached by no operation of the version.
    #[error(
        "{version}: {rust_type} is registered as schema `{name}`, but no operation of \
         {version} reaches it\n  help: remove `.schema::<…>()` for it from the `{version}` \
         version in the contract"
    )]
    UnreachedSchema {
        /// The version.
        version: String,
        /// The schema name.
        name: String,
        /// The registered type.
        rust_type: String,
    },

    /// A type's schema uses a construct OpenAPI 3.0 (as modelled by openapiv3) cannot hold.
    #[error(
        "{rust_type}: its schema uses {construct} at `{pointer}`, which an OpenAPI 3.0 document \
         cannot hold\n  help: {help}"
    )]
    UnsupportedSchema {
        /// The Rust type whose schema it is.
        rust_type: String,
        /// A JSON pointer into that schema.
        pointer: String,
        /// The construct, e.g. "a tuple (`prefixItems`)".
        construct: String,
        /// How to express the type differently.
        help: String,
    },

    /// A built document reads back differently through openapiv3: a bug in this crate.
    #[error(
        "{version}: the document does not survive a round trip through openapiv3: {detail}\n  \
         help: this is a bug in charter-openapi; please report it with the contract change that \
         caused it"
    )]
    RoundTrip {
        /// The version.
        version: String,
        /// What changed.
        detail: String,
    },
}
