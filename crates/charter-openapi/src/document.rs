//! One version of a contract, built into an `openapiv3::OpenAPI` document.
//!
//! The contract is checked first ([`crate::validate`]); then every operation's schemas are
//! generated with schemars into one generator, so each named type becomes one component; then
//! the components are matched against the version's registry of Rust types and each schema is
//! rewritten and checked by [`crate::schema`].
//!
//! Everything the document says about the API (titles, tags, error codes and their meanings,
//! scopes, servers) comes from the [`Api`] and its [`Version`]; nothing here knows an API.

use std::collections::BTreeMap;

use charter_contract::api::{Operation, TypeSchema};
use charter_contract::{Api, Auth, ErrorCode, Method, Scope, Version};
use openapiv3 as oa;
use schemars::generate::SchemaSettings;
use schemars::{Schema, SchemaGenerator};
use serde_json::{Map, Value, json};

use crate::error::ContractError;
use crate::schema::{check_openapiv3, normalize};
use crate::validate::{self, path_parameters};

/// The name of the bearer-token security scheme, in every document with a bearer operation.
pub const BEARER_SCHEME: &str = "bearerAuth";

/// The component name of the error envelope every error response carries: the name
/// `charter_contract::ErrorEnvelope` claims, registered with each version by `Api::version`.
pub const ERROR_ENVELOPE: &str = "ErrorEnvelope";

const JSON: &str = "application/json";

/// Builds the document of `version`.
///
/// # Errors
/// When the contract is inconsistent or a type's schema cannot be expressed in OpenAPI 3.0.
pub fn build(api: &Api, version: &Version) -> Result<oa::OpenAPI, ContractError> {
    validate::operations(api, version)?;
    let mut generator =
        SchemaSettings::openapi3().with(|settings| settings.meta_schema = None).into_generator();

    let mut paths: BTreeMap<&str, oa::PathItem> = BTreeMap::new();
    let mut error_codes: Vec<ErrorCode> = Vec::new();
    let mut inline_refs: Vec<(String, Value)> = Vec::new();
    for operation in &version.operations {
        let built = build_operation(api, operation, &mut generator, &mut inline_refs)?;
        error_codes.extend(operation_errors(api, operation));
        let item = paths.entry(operation.path).or_default();
        let slot = match operation.method {
            Method::Get => &mut item.get,
            Method::Post => &mut item.post,
            Method::Put => &mut item.put,
            Method::Patch => &mut item.patch,
            Method::Delete => &mut item.delete,
        };
        *slot = Some(built);
    }
    error_codes.sort();
    error_codes.dedup();
    let envelope = if error_codes.is_empty() {
        None
    } else {
        let registered =
            version.schemas.iter().find(|schema| schema.name == ERROR_ENVELOPE).ok_or_else(
                || ContractError::MissingErrorEnvelope { version: version.name.to_owned() },
            )?;
        let schema = (registered.subschema)(&mut generator);
        Some((registered.rust_type, schema_value(&mut generator, schema)))
    };

    let definitions = generator.take_definitions(true);
    let registered = validate::registry(version, &definitions, &inline_refs)?;
    let mut schemas = oa::Components::default().schemas;
    for (name, schema) in definitions {
        let mut schema = schema;
        normalize(&mut schema);
        let rust_type = registered.get(name.as_str()).copied().unwrap_or("(unregistered type)");
        schemas.insert(name, check_openapiv3(rust_type, &schema)?);
    }

    let mut components = oa::Components { schemas, ..Default::default() };
    if let Some((rust_type, envelope)) = envelope {
        let envelope = check_openapiv3(rust_type, &envelope)?;
        for code in &error_codes {
            components.responses.insert(
                response_name(*code),
                oa::ReferenceOr::Item(error_response(*code, &envelope)),
            );
        }
    }
    let uses_bearer = version.operations.iter().any(|operation| operation.auth == Auth::BearerJwt);
    if uses_bearer {
        components
            .security_schemes
            .insert(BEARER_SCHEME.to_owned(), oa::ReferenceOr::Item(bearer_scheme(api, version)));
    }

    let mut tags: Vec<oa::Tag> = Vec::new();
    for operation in &version.operations {
        if !tags.iter().any(|tag| tag.name == operation.tag) {
            let description = api
                .tags
                .iter()
                .find(|(name, _)| *name == operation.tag)
                .map(|(_, text)| (*text).to_owned());
            tags.push(oa::Tag {
                name: operation.tag.to_owned(),
                description,
                ..Default::default()
            });
        }
    }

    let description: Vec<&str> = [api.description, version.description]
        .into_iter()
        .filter(|text| !text.is_empty())
        .collect();
    Ok(oa::OpenAPI {
        openapi: "3.0.3".to_owned(),
        info: oa::Info {
            title: format!("{} {}", api.title, version.name),
            description: (!description.is_empty()).then(|| description.join("\n\n")),
            version: version.document_version.to_owned(),
            contact: api.contact.map(|(name, email)| oa::Contact {
                name: Some(name.to_owned()),
                email: Some(email.to_owned()),
                ..Default::default()
            }),
            license: api.license.map(|(name, url)| oa::License {
                name: name.to_owned(),
                url: Some(url.to_owned()),
                ..Default::default()
            }),
            extensions: [("x-stability".to_owned(), Value::from(version.stability.as_str()))]
                .into_iter()
                .collect(),
            ..Default::default()
        },
        servers: api
            .servers
            .iter()
            .map(|server| oa::Server {
                url: server.url.to_owned(),
                description: Some(server.description.to_owned()),
                ..Default::default()
            })
            .collect(),
        // Only a document with a bearer operation has the scheme to name: a reference to a
        // scheme the document does not define makes it invalid.
        security: uses_bearer
            .then(|| vec![[(BEARER_SCHEME.to_owned(), Vec::new())].into_iter().collect()]),
        tags,
        paths: oa::Paths {
            paths: paths
                .into_iter()
                .map(|(path, item)| (path.to_owned(), oa::ReferenceOr::Item(item)))
                .collect(),
            ..Default::default()
        },
        components: Some(components),
        ..Default::default()
    })
}

/// Every error code `operation` may answer, as the API's catalogue words it.
///
/// [`validate::operations`] has checked that the catalogue lists each of them.
fn operation_errors(api: &Api, operation: &Operation) -> Vec<ErrorCode> {
    operation
        .errors()
        .into_iter()
        .map(|code| api.error_codes.iter().copied().find(|known| *known == code).unwrap_or(code))
        .collect()
}

/// The document's component name of the response for `code`, e.g. `NotFound`.
#[must_use]
pub fn response_name(code: ErrorCode) -> String {
    code.as_str()
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn build_operation(
    api: &Api,
    operation: &Operation,
    generator: &mut SchemaGenerator,
    inline_refs: &mut Vec<(String, Value)>,
) -> Result<oa::Operation, ContractError> {
    let mut parameters = Vec::new();
    let path_object = object_schema(generator, operation.path_params, operation)?;
    let query_object = object_schema(generator, operation.query_params, operation)?;
    inline_refs
        .push((format!("the path parameters of {}", operation.operation_id), path_object.clone()));
    inline_refs.push((
        format!("the query parameters of {}", operation.operation_id),
        query_object.clone(),
    ));

    for name in path_parameters(operation.path) {
        let (schema, description, required) =
            parameter_schema(&path_object, name, operation, operation.path_params)?;
        if !required {
            return Err(ContractError::InvalidEndpoint {
                endpoint: operation.rust_type.to_owned(),
                problem: format!(
                    "path parameter `{name}` of {} is optional",
                    operation.path_params.rust_type
                ),
                help:
                    "path parameters are always present: make the field a plain type, not an Option"
                        .to_owned(),
            });
        }
        parameters.push(oa::ReferenceOr::Item(oa::Parameter::Path {
            parameter_data: parameter_data(name, description, true, schema),
            style: oa::PathStyle::Simple,
        }));
    }
    let mut query_names: Vec<&String> = query_object
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().collect())
        .unwrap_or_default();
    query_names.sort();
    for name in query_names {
        let (schema, description, required) =
            parameter_schema(&query_object, name, operation, operation.query_params)?;
        parameters.push(oa::ReferenceOr::Item(oa::Parameter::Query {
            parameter_data: parameter_data(name, description, required, schema),
            allow_reserved: false,
            style: oa::QueryStyle::Form,
            allow_empty_value: None,
        }));
    }

    let request_body = match (operation.request.schema)(generator) {
        None => None,
        Some(schema) => {
            let schema = schema_value(generator, schema);
            inline_refs
                .push((format!("the request body of {}", operation.operation_id), schema.clone()));
            Some(oa::ReferenceOr::Item(oa::RequestBody {
                content: [(JSON.to_owned(), media_type(operation.request.rust_type, &schema)?)]
                    .into_iter()
                    .collect(),
                required: true,
                ..Default::default()
            }))
        }
    };

    let mut responses = oa::Responses::default();
    let success_content = match (operation.response.schema)(generator) {
        None => Default::default(),
        Some(schema) => {
            let schema = schema_value(generator, schema);
            inline_refs
                .push((format!("the response of {}", operation.operation_id), schema.clone()));
            [(JSON.to_owned(), media_type(operation.response.rust_type, &schema)?)]
                .into_iter()
                .collect()
        }
    };
    responses.responses.insert(
        oa::StatusCode::Code(operation.success),
        oa::ReferenceOr::Item(oa::Response {
            description: success_description(operation.success).to_owned(),
            content: success_content,
            ..Default::default()
        }),
    );
    for code in operation_errors(api, operation) {
        responses.responses.insert(
            oa::StatusCode::Code(code.status()),
            oa::ReferenceOr::Reference {
                reference: format!("#/components/responses/{}", response_name(code)),
            },
        );
    }

    let mut description = operation.description.to_owned();
    if let Some(scope) = operation.required_scope(&api.scopes) {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&format!("Needs a bearer token with the scope `{}`.", scope.as_str()));
    }

    Ok(oa::Operation {
        tags: vec![operation.tag.to_owned()],
        summary: Some(operation.summary.to_owned()),
        description: (!description.is_empty()).then_some(description),
        operation_id: Some(operation.operation_id.to_owned()),
        parameters,
        request_body,
        responses,
        security: (operation.auth == Auth::Public).then(Vec::new),
        ..Default::default()
    })
}

/// The schema of `schema_fn`'s type inline, with the generator's transforms and ours applied.
fn object_schema(
    generator: &mut SchemaGenerator,
    type_schema: TypeSchema<fn(&mut SchemaGenerator) -> Schema>,
    operation: &Operation,
) -> Result<Value, ContractError> {
    let schema = (type_schema.schema)(generator);
    let value = schema_value(generator, schema);
    if value.get("type") != Some(&Value::from("object")) {
        return Err(ContractError::InvalidEndpoint {
            endpoint: operation.rust_type.to_owned(),
            problem: format!("{} is not a struct with named fields", type_schema.rust_type),
            help: "parameters are declared as a struct with one field per parameter, or NoParams"
                .to_owned(),
        });
    }
    Ok(value)
}

fn schema_value(generator: &mut SchemaGenerator, mut schema: Schema) -> Value {
    for transform in generator.transforms_mut() {
        transform.transform(&mut schema);
    }
    let mut value = schema.to_value();
    normalize(&mut value);
    value
}

/// One property of a parameter struct as a parameter schema: `(schema, description, required)`.
fn parameter_schema(
    object: &Value,
    name: &str,
    operation: &Operation,
    type_schema: TypeSchema<fn(&mut SchemaGenerator) -> Schema>,
) -> Result<(oa::ReferenceOr<oa::Schema>, Option<String>, bool), ContractError> {
    let mut schema = object["properties"][name].clone();
    let required = object
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|names| names.iter().any(|n| n == name));
    let Value::Object(fields) = &mut schema else {
        return Err(ContractError::InvalidEndpoint {
            endpoint: operation.rust_type.to_owned(),
            problem: format!("field `{name}` of {} has no usable schema", type_schema.rust_type),
            help: "give the field a type with a JsonSchema impl".to_owned(),
        });
    };
    let description = fields.remove("description").and_then(|d| d.as_str().map(str::to_owned));
    // A parameter is absent or present, never null: `Option` only makes it optional.
    fields.remove("nullable");
    let schema = match fields.get("allOf") {
        Some(Value::Array(branches)) if branches.len() == 1 && fields.len() == 1 => {
            branches[0].clone()
        }
        _ => schema,
    };
    if schema.get("type").is_some_and(|t| t == "object" || t == "array") {
        return Err(ContractError::InvalidEndpoint {
            endpoint: operation.rust_type.to_owned(),
            problem: format!(
                "parameter `{name}` of {} is an object or array",
                type_schema.rust_type
            ),
            help: "parameters carry one scalar value; move structured input into the request body"
                .to_owned(),
        });
    }
    let rust_type = format!("{} (field `{name}`)", type_schema.rust_type);
    Ok((check_openapiv3(&rust_type, &schema)?, description, required))
}

fn parameter_data(
    name: &str,
    description: Option<String>,
    required: bool,
    schema: oa::ReferenceOr<oa::Schema>,
) -> oa::ParameterData {
    oa::ParameterData {
        name: name.to_owned(),
        description,
        required,
        deprecated: None,
        format: oa::ParameterSchemaOrContent::Schema(schema),
        example: None,
        examples: Default::default(),
        explode: None,
        extensions: Default::default(),
    }
}

fn media_type(rust_type: &str, schema: &Value) -> Result<oa::MediaType, ContractError> {
    Ok(oa::MediaType { schema: Some(check_openapiv3(rust_type, schema)?), ..Default::default() })
}

fn success_description(status: u16) -> &'static str {
    match status {
        201 => "Created.",
        202 => "Accepted.",
        204 => "Done; no content.",
        _ => "Success.",
    }
}

fn error_response(code: ErrorCode, envelope: &oa::ReferenceOr<oa::Schema>) -> oa::Response {
    let mut response = oa::Response {
        description: format!("`{}`: {}", code.as_str(), code.meaning()),
        content: [(
            JSON.to_owned(),
            oa::MediaType { schema: Some(envelope.clone()), ..Default::default() },
        )]
        .into_iter()
        .collect(),
        ..Default::default()
    };
    if code == ErrorCode::RATE_LIMITED {
        let schema: oa::Schema = serde_json::from_value(json!({"type": "integer", "minimum": 1}))
            .unwrap_or_else(|_| unreachable_schema());
        response.headers.insert(
            "Retry-After".to_owned(),
            oa::ReferenceOr::Item(oa::Header {
                description: Some("Seconds to wait before retrying.".to_owned()),
                style: oa::HeaderStyle::Simple,
                required: true,
                deprecated: None,
                format: oa::ParameterSchemaOrContent::Schema(oa::ReferenceOr::Item(schema)),
                example: None,
                examples: Default::default(),
                extensions: Default::default(),
            }),
        );
    }
    response
}

fn unreachable_schema() -> oa::Schema {
    oa::Schema {
        schema_data: Default::default(),
        schema_kind: oa::SchemaKind::Any(Default::default()),
    }
}

fn bearer_scheme(api: &Api, version: &Version) -> oa::SecurityScheme {
    oa::SecurityScheme::HTTP {
        scheme: "bearer".to_owned(),
        bearer_format: Some("JWT".to_owned()),
        description: Some(bearer_description(api, version)),
        extensions: Map::new().into_iter().collect(),
    }
}

/// What the bearer scheme says about tokens: the API's read and write scopes, and the scopes
/// of the version's operations that name their own.
fn bearer_description(api: &Api, version: &Version) -> String {
    let mut description = format!(
        "A short-lived JWT signed with EdDSA by a key in the issuer's JWKS. Its `scope` claim \
         lists `{}` for reads and `{}` for changes.",
        api.scopes.read, api.scopes.write
    );
    let mut own: Vec<Scope> = Vec::new();
    for operation in version.operations.iter().filter(|operation| operation.auth == Auth::BearerJwt)
    {
        if let Some(scope) = operation.scope
            && scope.name != api.scopes.read.name
            && scope.name != api.scopes.write.name
            && !own.iter().any(|known| known.name == scope.name)
        {
            own.push(scope);
        }
    }
    if !own.is_empty() {
        let listed: Vec<String> = own
            .iter()
            .map(|scope| format!("`{}` ({})", scope.name, scope.description.trim_end_matches('.')))
            .collect();
        description.push_str(&format!(
            " Some operations need a scope of their own, named in their description: {}.",
            listed.join(", ")
        ));
    }
    description
}
