//! Checks that a version's endpoint descriptions and schema registry are consistent, before and
//! after its schemas are generated. Each failure names every place involved.

use std::collections::BTreeMap;

use charter_contract::api::Operation;
use charter_contract::{Api, Auth, Method, Scope, Version};
use schemars::SchemaGenerator;
use serde_json::{Map, Value};

use crate::error::ContractError;
use crate::schema::escape;

/// The `{name}` parameters of a path template, in order.
pub(crate) fn path_parameters(template: &str) -> Vec<&str> {
    template
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')))
        .collect()
}

/// A path template with its parameter names erased: `/notes/{id}` and `/notes/{note_id}` are one
/// route.
fn route_shape(template: &str) -> String {
    template
        .split('/')
        .map(
            |segment| {
                if segment.starts_with('{') && segment.ends_with('}') { "{}" } else { segment }
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

/// Checks the operations of `version` against each other, against HTTP and the handbook, and
/// against what `api` declares: its error catalogue and its scopes.
pub(crate) fn operations(api: &Api, version: &Version) -> Result<(), ContractError> {
    api_scopes(api)?;
    let mut by_id: BTreeMap<&str, &Operation> = BTreeMap::new();
    let mut by_route: BTreeMap<(Method, String), &Operation> = BTreeMap::new();
    let mut scopes: BTreeMap<&str, (Scope, &str)> = BTreeMap::new();
    for scope in [api.scopes.read, api.scopes.write] {
        scopes.insert(scope.name, (scope, "`Api::scopes`"));
    }
    for operation in &version.operations {
        if let Some(first) = by_id.insert(operation.operation_id, operation) {
            return Err(ContractError::DuplicateOperationId {
                version: version.name.to_owned(),
                id: operation.operation_id.to_owned(),
                first: first.rust_type.to_owned(),
                second: operation.rust_type.to_owned(),
            });
        }
        if let Some(first) =
            by_route.insert((operation.method, route_shape(operation.path)), operation)
        {
            return Err(ContractError::DuplicateRoute {
                version: version.name.to_owned(),
                method: operation.method.to_string(),
                path: if first.path == operation.path {
                    operation.path.to_owned()
                } else {
                    format!("{} (also written {})", first.path, operation.path)
                },
                first: first.rust_type.to_owned(),
                second: operation.rust_type.to_owned(),
            });
        }
        operation_alone(version, operation)?;
        error_codes(api, operation)?;
        if let Some(scope) = operation.scope {
            endpoint_scope(operation, scope, &mut scopes)?;
        }
    }
    Ok(())
}

/// Why `name` cannot be a scope in a token's space-separated `scope` claim (RFC 6749, 3.3).
fn scope_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("has an empty name".to_owned());
    }
    name.chars()
        .find(|c| !c.is_ascii_graphic() || *c == '"' || *c == '\\')
        .map(|c| format!("`{name}` has the character {c:?}, which a `scope` claim cannot hold"))
}

/// The API's own read and write scopes are named and described.
fn api_scopes(api: &Api) -> Result<(), ContractError> {
    for (which, scope) in [("read", api.scopes.read), ("write", api.scopes.write)] {
        let problem = scope_name_problem(scope.name).or_else(|| {
            scope
                .description
                .trim()
                .is_empty()
                .then(|| format!("`{}` has no description", scope.name))
        });
        if let Some(problem) = problem {
            return Err(ContractError::InvalidApi {
                problem: format!("the {which} scope {problem}"),
                help: "name each scope with one word of printable ASCII, e.g. `notes:read`, \
                       and say what it allows: `Scope::new(name, description)` in `Api::scopes`"
                    .to_owned(),
            });
        }
    }
    Ok(())
}

/// An endpoint's own scope is a named scope: a bearer operation's, well formed, described,
/// and worded like every other use of its name.
fn endpoint_scope(
    operation: &Operation,
    scope: Scope,
    known: &mut BTreeMap<&'static str, (Scope, &'static str)>,
) -> Result<(), ContractError> {
    let invalid = |problem: String, help: &str| ContractError::InvalidEndpoint {
        endpoint: operation.rust_type.to_owned(),
        problem,
        help: help.to_owned(),
    };
    if operation.auth == Auth::Public {
        return Err(invalid(
            format!("SCOPE is `{}` but the operation is public", scope.name),
            "a public operation takes no token: remove SCOPE, or make AUTH `Auth::BearerJwt`",
        ));
    }
    if let Some(problem) = scope_name_problem(scope.name) {
        return Err(invalid(
            format!("its SCOPE {problem}"),
            "name the scope with one word of printable ASCII, e.g. `notes:admin`",
        ));
    }
    if scope.description.trim().is_empty() {
        return Err(invalid(
            format!("its SCOPE `{}` has no description", scope.name),
            "say what the scope allows: `Scope::new(name, description)`; documents list it",
        ));
    }
    match known.get(scope.name) {
        Some((first, place)) if first.description != scope.description => Err(invalid(
            format!(
                "its SCOPE `{}` is described as {:?}, but {place} describes it as {:?}",
                scope.name, scope.description, first.description
            ),
            "declare the scope once as a const and use it everywhere",
        )),
        Some(_) => Ok(()),
        None => {
            known.insert(scope.name, (scope, operation.rust_type));
            Ok(())
        }
    }
}

/// Every error code the endpoint declares is in the API's catalogue, with the catalogue's
/// status, and no two codes it may answer share a status.
fn error_codes(api: &Api, operation: &Operation) -> Result<(), ContractError> {
    for code in operation.declared_errors {
        let Some(known) = api.error_codes.iter().find(|known| *known == code) else {
            return Err(ContractError::UndocumentedErrorCode {
                endpoint: operation.rust_type.to_owned(),
                code: code.as_str().to_owned(),
                status: code.status(),
            });
        };
        if known.status() != code.status() {
            return Err(ContractError::InvalidEndpoint {
                endpoint: operation.rust_type.to_owned(),
                problem: format!(
                    "ERRORS has `{code}` with status {}, but the API's error catalogue gives \
                     `{code}` status {}",
                    code.status(),
                    known.status()
                ),
                help: "use the catalogue's const for the code in ERRORS".to_owned(),
            });
        }
    }
    let codes = operation.errors();
    for pair in codes.windows(2) {
        if pair[0].status() == pair[1].status() {
            return Err(ContractError::InvalidEndpoint {
                endpoint: operation.rust_type.to_owned(),
                problem: format!(
                    "it may answer `{}` and `{}`, which share the status {}",
                    pair[0],
                    pair[1],
                    pair[0].status()
                ),
                help: "a document has one response per status: give one of the codes another \
                       status in the catalogue, or leave one out of ERRORS"
                    .to_owned(),
            });
        }
    }
    Ok(())
}

fn operation_alone(version: &Version, operation: &Operation) -> Result<(), ContractError> {
    let invalid = |problem: String, help: &str| ContractError::InvalidEndpoint {
        endpoint: operation.rust_type.to_owned(),
        problem,
        help: help.to_owned(),
    };
    let path = operation.path;
    if !path.starts_with('/') || path.contains("//") || (path.len() > 1 && path.ends_with('/')) {
        return Err(invalid(
            format!("the path `{path}` is not of the form `/a/b/{{c}}`"),
            "start with `/`, no empty segments, no trailing `/`",
        ));
    }
    let prefix = version.path_prefix();
    let versioned = operation.auth == Auth::BearerJwt;
    if versioned && !path.starts_with(&prefix) {
        return Err(invalid(
            format!(
                "the path `{path}` is in version {} but does not start with `{prefix}`",
                version.name
            ),
            "versioned operations live under their version's prefix; only public operations such as /health are unversioned",
        ));
    }
    if !matches!(operation.success, 200..=299) {
        return Err(invalid(
            format!("SUCCESS is {}, not a 2xx status", operation.success),
            "use 200, 201 or 204",
        ));
    }
    let mut generator = SchemaGenerator::default();
    let has_response = (operation.response.schema)(&mut generator).is_some();
    if (operation.success == 204) == has_response {
        return Err(invalid(
            format!(
                "SUCCESS is {} but the response body is {}",
                operation.success, operation.response.rust_type
            ),
            "a 204 response has `type Response = NoBody`, and every other status has a body",
        ));
    }
    let has_request = (operation.request.schema)(&mut generator).is_some();
    if has_request && matches!(operation.method, Method::Get | Method::Delete) {
        return Err(invalid(
            format!("a {} request has the body {}", operation.method, operation.request.rust_type),
            "GET and DELETE take no body: use `type Request = NoBody` and query parameters",
        ));
    }
    if operation.operation_id.is_empty() || operation.summary.is_empty() {
        return Err(invalid(
            "the operationId or the summary is empty".to_owned(),
            "every operation has both",
        ));
    }

    let template: Vec<&str> = path_parameters(path);
    let path_schema = (operation.path_params.schema)(&mut generator);
    let fields: Vec<String> = path_schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default();
    if let Some(name) = template.iter().find(|name| !fields.iter().any(|field| field == *name)) {
        return Err(ContractError::TemplateParameterNotInType {
            endpoint: operation.rust_type.to_owned(),
            name: (*name).to_owned(),
            path_type: operation.path_params.rust_type.to_owned(),
            template: path.to_owned(),
        });
    }
    if let Some(name) = fields.iter().find(|field| !template.contains(&field.as_str())) {
        return Err(ContractError::ParameterNotInTemplate {
            endpoint: operation.rust_type.to_owned(),
            name: name.clone(),
            path_type: operation.path_params.rust_type.to_owned(),
            template: path.to_owned(),
        });
    }
    Ok(())
}

/// Matches the generated components against the version's registry of Rust types and returns
/// the Rust type of each component name.
///
/// `inline` holds the schemas that are not components (parameters, bodies), each with a label
/// saying where it is, to name what references a component.
pub(crate) fn registry<'v>(
    version: &'v Version,
    definitions: &Map<String, Value>,
    inline: &[(String, Value)],
) -> Result<BTreeMap<&'v str, &'v str>, ContractError> {
    let mut registered: BTreeMap<&str, &str> = BTreeMap::new();
    for schema in &version.schemas {
        match registered.insert(&schema.name, schema.rust_type) {
            Some(first) if first != schema.rust_type => {
                return Err(ContractError::SchemaNameClash {
                    version: version.name.to_owned(),
                    name: schema.name.to_string(),
                    first: first.to_owned(),
                    second: schema.rust_type.to_owned(),
                });
            }
            _ => {}
        }
    }
    for name in definitions.keys() {
        if registered.contains_key(name.as_str()) {
            continue;
        }
        let reached_from = referrers(name, definitions, inline).join(", ");
        let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
        if let Some(first) = registered.get(base).filter(|_| base.len() < name.len()) {
            return Err(ContractError::SchemaNameClash {
                version: version.name.to_owned(),
                name: base.to_owned(),
                first: (*first).to_owned(),
                second: format!("the type of {reached_from}"),
            });
        }
        return Err(ContractError::UnregisteredSchema {
            version: version.name.to_owned(),
            name: name.clone(),
            reached_from,
        });
    }
    for schema in &version.schemas {
        if !definitions.contains_key(schema.name.as_ref()) {
            return Err(ContractError::UnreachedSchema {
                version: version.name.to_owned(),
                name: schema.name.to_string(),
                rust_type: schema.rust_type.to_owned(),
            });
        }
    }
    Ok(registered)
}

/// Where `name` is referenced: `Parent at /properties/x` for components, labels for the rest.
fn referrers(
    name: &str,
    definitions: &Map<String, Value>,
    inline: &[(String, Value)],
) -> Vec<String> {
    let target = format!("#/components/schemas/{name}");
    let mut found = Vec::new();
    for (parent, schema) in definitions {
        let mut pointers = Vec::new();
        find_refs(schema, &target, String::new(), &mut pointers);
        found.extend(pointers.into_iter().map(|pointer| format!("`{parent}` at {pointer}")));
    }
    for (label, schema) in inline {
        let mut pointers = Vec::new();
        find_refs(schema, &target, String::new(), &mut pointers);
        if !pointers.is_empty() {
            found.push(label.clone());
        }
    }
    if found.is_empty() {
        found.push("an operation".to_owned());
    }
    found
}

fn find_refs(value: &Value, target: &str, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if object.get("$ref").and_then(Value::as_str) == Some(target) {
                out.push(if pointer.is_empty() { "/".to_owned() } else { pointer.clone() });
            }
            for (key, child) in object {
                find_refs(child, target, format!("{pointer}/{}", escape(key)), out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                find_refs(item, target, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_are_read_in_order() {
        assert_eq!(
            path_parameters("/v1/notes/{note_id}/revisions/{revision}"),
            ["note_id", "revision"]
        );
        assert!(path_parameters("/health").is_empty());
    }

    #[test]
    fn routes_differing_only_in_parameter_names_are_one_route() {
        assert_eq!(route_shape("/v1/notes/{id}"), route_shape("/v1/notes/{note_id}"));
        assert_ne!(route_shape("/v1/notes/{id}"), route_shape("/v1/notes/latest"));
    }
}
