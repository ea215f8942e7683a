//! Checks that a document stays inside what progenitor can generate a client for.
//!
//! progenitor answers some documents with a panic (`todo!`, `unwrap`) instead of an error. Each
//! shape it is known to panic on is checked here first, so the user gets the operation and the
//! construct instead of a backtrace. A panic that slips past is still caught by the caller.

use openapiv3::{
    Components, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, Type,
};
use std::borrow::Borrow;

use serde_json::Value;

use crate::ClientError;

/// The first construct in `spec` that progenitor cannot handle.
pub(crate) fn check(version: &str, spec: &OpenAPI) -> Result<(), ClientError> {
    if !spec.openapi.starts_with("3.0.") {
        return Err(document_error(
            version,
            format!("OpenAPI {}", spec.openapi),
            "progenitor reads OpenAPI 3.0.x only",
        ));
    }
    let empty = Components::default();
    let components = spec.components.as_ref().unwrap_or(&empty);
    let mut seen_ids = std::collections::BTreeSet::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            return Err(document_error(
                version,
                format!("a `$ref` path item at `{path}`"),
                "write the path item inline",
            ));
        };
        for (method, operation) in item.iter() {
            let Some(id) = &operation.operation_id else {
                return Err(document_error(
                    version,
                    format!("no operationId on {} {path}", method.to_uppercase()),
                    "every operation needs an operationId; clients name methods after it",
                ));
            };
            let name = format!("`{id}` ({} {path})", method.to_uppercase());
            if !seen_ids.insert(id.clone()) {
                return Err(operation_error(version, &name, "an operationId used twice".into()));
            }
            let fail = |construct: String| operation_error(version, &name, construct);
            check_parameters(path, item.parameters.iter().chain(&operation.parameters), components)
                .map_err(fail)?;
            check_operation(operation, components).map_err(fail)?;
        }
    }
    for (name, schema) in &components.schemas {
        check_schema(schema, components, &format!("#/components/schemas/{name}")).map_err(
            |construct| {
                document_error(
                    version,
                    construct,
                    "keep schemas to what OpenAPI 3.0 tools generate types for",
                )
            },
        )?;
    }
    Ok(())
}

/// `item` itself, or what `lookup` finds for the name after `prefix` in its `$ref`; `Err` with
/// the reference when that is not an item.
fn resolve<'a, T>(
    item: &'a ReferenceOr<T>,
    prefix: &str,
    lookup: impl Fn(&str) -> Option<&'a ReferenceOr<T>>,
) -> Result<&'a T, &'a str> {
    match item {
        ReferenceOr::Item(item) => Ok(item),
        ReferenceOr::Reference { reference } => {
            match reference.strip_prefix(prefix).and_then(lookup) {
                Some(ReferenceOr::Item(item)) => Ok(item),
                _ => Err(reference),
            }
        }
    }
}

fn operation_error(version: &str, operation: &str, construct: String) -> ClientError {
    ClientError::Unsupported {
        version: version.to_owned(),
        place: format!("operation {operation}"),
        construct,
        help: "change the endpoint in the contract so the operation stays inside what progenitor \
               supports"
            .to_owned(),
    }
}

fn document_error(version: &str, construct: String, help: &str) -> ClientError {
    ClientError::Unsupported {
        version: version.to_owned(),
        place: "the document".to_owned(),
        construct,
        help: help.to_owned(),
    }
}

fn check_parameters<'a>(
    path: &str,
    parameters: impl Iterator<Item = &'a ReferenceOr<Parameter>>,
    components: &Components,
) -> Result<(), String> {
    let template: Vec<&str> = path
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')))
        .collect();
    let mut declared = Vec::new();
    for parameter in parameters {
        let parameter = resolve(parameter, "#/components/parameters/", |name| {
            components.parameters.get(name)
        })
        .map_err(|reference| {
            format!("the parameter reference `{reference}`, which does not resolve to a parameter")
        })?;
        let data = parameter.parameter_data_ref();
        match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                check_schema(schema, components, &format!("parameter `{}`", data.name))?;
            }
            ParameterSchemaOrContent::Content(_) => {
                return Err(format!(
                    "parameter `{}` described by `content` instead of `schema`",
                    data.name
                ));
            }
        }
        if let Parameter::Path { .. } = parameter {
            if !template.contains(&data.name.as_str()) {
                return Err(format!(
                    "path parameter `{}`, which the template `{path}` does not have",
                    data.name
                ));
            }
            declared.push(data.name.as_str());
        }
    }
    if let Some(missing) = template.iter().find(|name| !declared.contains(name)) {
        return Err(format!(
            "the template parameter `{{{missing}}}` without a path parameter declaring it"
        ));
    }
    Ok(())
}

fn check_operation(operation: &Operation, components: &Components) -> Result<(), String> {
    if let Some(body) = &operation.request_body {
        let body = resolve(body, "#/components/requestBodies/", |name| {
            components.request_bodies.get(name)
        })
        .map_err(|reference| {
            format!("the request body reference `{reference}`, which does not resolve")
        })?;
        if body.content.len() > 1 {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            return Err(format!(
                "a request body with {} media types ({})",
                types.len(),
                types.join(", ")
            ));
        }
        for (media_type, content) in &body.content {
            if !content.encoding.is_empty() {
                return Err(format!("a request body `{media_type}` with an `encoding`"));
            }
            match &content.schema {
                Some(schema) => check_schema(schema, components, "the request body")?,
                None => return Err(format!("a request body `{media_type}` without a schema")),
            }
        }
    }
    let mut success_bodies: Vec<Value> = Vec::new();
    for (status, response) in &operation.responses.responses {
        let response =
            resolve(response, "#/components/responses/", |name| components.responses.get(name))
                .map_err(|reference| {
                    format!("the response reference `{reference}`, which does not resolve")
                })?;
        if response.content.len() > 1 {
            return Err(format!("response {status} with {} media types", response.content.len()));
        }
        let is_success = matches!(
            status,
            openapiv3::StatusCode::Code(200..=299) | openapiv3::StatusCode::Range(2)
        );
        // progenitor types a success without a body as `()`: beside a body, a second type it
        // panics on (`response_types.len() <= 1`).
        let no_body = Value::String("no body".to_owned());
        if is_success && response.content.is_empty() && !success_bodies.contains(&no_body) {
            success_bodies.push(no_body);
        }
        for (media_type, content) in &response.content {
            if !content.encoding.is_empty() {
                return Err(format!("response {status} `{media_type}` with an `encoding`"));
            }
            let Some(schema) = &content.schema else {
                return Err(format!("response {status} `{media_type}` without a schema"));
            };
            check_schema(schema, components, &format!("response {status}"))?;
            let schema = serde_json::to_value(schema).unwrap_or(Value::Null);
            if is_success && !success_bodies.contains(&schema) {
                success_bodies.push(schema);
            }
        }
    }
    if success_bodies.len() > 1 {
        return Err(format!(
            "{} different success response bodies (no body counts as one); progenitor needs one",
            success_bodies.len()
        ));
    }
    Ok(())
}

/// Walks a schema for references that do not resolve and bounds progenitor cannot translate.
fn check_schema<S: Borrow<Schema>>(
    schema: &ReferenceOr<S>,
    components: &Components,
    place: &str,
) -> Result<(), String> {
    let schema: &Schema = match schema {
        ReferenceOr::Reference { reference } => {
            let resolves = reference
                .strip_prefix("#/components/schemas/")
                .is_some_and(|name| components.schemas.contains_key(name));
            return if resolves {
                Ok(())
            } else {
                Err(format!(
                    "the schema reference `{reference}` in {place}, which is external or does not resolve"
                ))
            };
        }
        ReferenceOr::Item(schema) => schema.borrow(),
    };
    let check_all = |schemas: &[ReferenceOr<Schema>]| {
        schemas.iter().try_for_each(|schema| check_schema(schema, components, place))
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Number(number)) => check_bounds(
            number.minimum.is_some(),
            number.exclusive_minimum,
            number.maximum.is_some(),
            number.exclusive_maximum,
            place,
        ),
        SchemaKind::Type(Type::Integer(integer)) => check_bounds(
            integer.minimum.is_some(),
            integer.exclusive_minimum,
            integer.maximum.is_some(),
            integer.exclusive_maximum,
            place,
        ),
        SchemaKind::Type(Type::Object(object)) => {
            for property in object.properties.values() {
                check_schema(property, components, place)?;
            }
            match &object.additional_properties {
                Some(openapiv3::AdditionalProperties::Schema(schema)) => {
                    check_schema(schema, components, place)
                }
                _ => Ok(()),
            }
        }
        SchemaKind::Type(Type::Array(array)) => match &array.items {
            Some(items) => check_schema(items, components, place),
            None => Ok(()),
        },
        SchemaKind::OneOf { one_of: schemas }
        | SchemaKind::AllOf { all_of: schemas }
        | SchemaKind::AnyOf { any_of: schemas } => check_all(schemas),
        SchemaKind::Not { not } => check_schema(not, components, place),
        SchemaKind::Type(_) | SchemaKind::Any(_) => Ok(()),
    }
}

fn check_bounds(
    has_min: bool,
    exclusive_min: bool,
    has_max: bool,
    exclusive_max: bool,
    place: &str,
) -> Result<(), String> {
    if exclusive_min && !has_min {
        return Err(format!("`exclusiveMinimum: true` without `minimum` in {place}"));
    }
    if exclusive_max && !has_max {
        return Err(format!("`exclusiveMaximum: true` without `maximum` in {place}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(value: serde_json::Value) -> OpenAPI {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn two_request_media_types_are_refused_naming_the_operation() {
        let document = spec(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things": {"post": {
                "operationId": "createThing",
                "requestBody": {"content": {
                    "application/json": {"schema": {"type": "object"}},
                    "application/xml": {"schema": {"type": "object"}}
                }},
                "responses": {"201": {"description": "Created."}}
            }}}
        }));
        let error = check("v9", &document).unwrap_err().to_string();
        assert_eq!(
            error,
            "v9: operation `createThing` (POST /things) has a request body with 2 media types \
             (application/json, application/xml), which progenitor cannot generate a client for\n  \
             help: change the endpoint in the contract so the operation stays inside what \
             progenitor supports"
        );
    }

    #[test]
    fn external_references_and_several_success_bodies_are_refused() {
        let external = spec(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things": {"get": {
                "operationId": "listThings",
                "responses": {"200": {"description": "OK", "content": {"application/json": {
                    "schema": {"$ref": "other.yaml#/components/schemas/Thing"}
                }}}}
            }}}
        }));
        let error = check("v1", &external).unwrap_err().to_string();
        assert!(
            error.contains(
                "the schema reference `other.yaml#/components/schemas/Thing` in response 200"
            ),
            "{error}"
        );

        let two_bodies = spec(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things": {"get": {
                "operationId": "listThings",
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "string"}}}},
                    "203": {"description": "OK", "content": {"application/json": {"schema": {"type": "integer"}}}}
                }
            }}}
        }));
        let error = check("v1", &two_bodies).unwrap_err().to_string();
        assert!(error.contains("2 different success response bodies"), "{error}");

        let body_and_none = spec(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things": {"get": {
                "operationId": "listThings",
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "string"}}}},
                    "202": {"description": "Accepted; poll later."}
                }
            }}}
        }));
        let error = check("v1", &body_and_none).unwrap_err().to_string();
        assert!(
            error.contains("2 different success response bodies (no body counts as one)"),
            "{error}"
        );
    }

    #[test]
    fn path_parameters_must_match_the_template() {
        let document = spec(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things/{id}": {"get": {
                "operationId": "getThing",
                "parameters": [{"in": "path", "name": "thing_id", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK"}}
            }}}
        }));
        let error = check("v1", &document).unwrap_err().to_string();
        assert!(
            error.contains(
                "path parameter `thing_id`, which the template `/things/{id}` does not have"
            ),
            "{error}"
        );
    }
}
