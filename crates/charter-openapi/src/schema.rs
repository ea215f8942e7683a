//! Schemas from schemars, rewritten into OpenAPI 3.0 idioms and proven to survive openapiv3.
//!
//! schemars' `openapi3` settings already turn JSON Schema 2020-12 into the 3.0 dialect for
//! most shapes. Two shapes remain that 3.0 tools read badly, and [`normalize`] rewrites them:
//!
//! - An optional property (an `Option` field) comes out nullable. Contract types reject an
//!   explicit `null` for optional fields (`charter_contract::not_null`), so the property becomes
//!   what the type accepts: absent or a value, never `null`.
//! - `Option<T>` elsewhere, where `T` is a named schema, comes out as `anyOf: [{$ref: T},
//!   {nullable, enum: [null]}]`; it becomes `{allOf: [{$ref: T}], nullable: true}`, the form
//!   generators map to `Option<T>`.
//! - A unit enum with documented variants comes out as `oneOf` of one-value enums; it becomes one
//!   `enum` whose description lists each value's meaning.
//!
//! Anything else that openapiv3 cannot hold (tuples, several types, `const`, …) is an error
//! naming the Rust type and the construct: [`check_openapiv3`] converts the schema and back and
//! compares, so nothing is ever dropped silently.

use serde_json::{Map, Value};

use crate::error::ContractError;

/// The keywords under which a schema holds one subschema.
const SINGLE_SUBSCHEMA_KEYS: [&str; 3] = ["items", "additionalProperties", "not"];
/// The keywords under which a schema holds a list of subschemas.
const LIST_SUBSCHEMA_KEYS: [&str; 3] = ["allOf", "anyOf", "oneOf"];

/// Rewrites `schema` and all its subschemas into the idioms described in the module docs.
pub(crate) fn normalize(schema: &mut Value) {
    let Value::Object(object) = schema else {
        return;
    };
    let required: Vec<String> = match object.get("required") {
        Some(Value::Array(names)) => {
            names.iter().filter_map(Value::as_str).map(str::to_owned).collect()
        }
        _ => Vec::new(),
    };
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            if !required.contains(name) {
                drop_null(property);
            }
            normalize(property);
        }
    }
    for key in SINGLE_SUBSCHEMA_KEYS {
        if let Some(subschema) = object.get_mut(key) {
            normalize(subschema);
        }
    }
    for key in LIST_SUBSCHEMA_KEYS {
        if let Some(Value::Array(subschemas)) = object.get_mut(key) {
            subschemas.iter_mut().for_each(normalize);
        }
    }
    if let Some(Value::String(text)) = object.get_mut("description") {
        *text = unwrap_soft_breaks(text);
    }
    collapse_nullable_any_of(object);
    collapse_documented_enum(object);
}

/// Joins the lines of a doc comment that Markdown would join anyway, keeping paragraphs, list
/// items and table rows on their own lines. Generated clients put descriptions into their own
/// Markdown (lists of parameters), where a soft break becomes a lazy continuation line.
pub(crate) fn unwrap_soft_breaks(text: &str) -> String {
    let starts_block = |line: &str| {
        let line = line.trim_start();
        line.starts_with("- ")
            || line.starts_with("* ")
            || line.starts_with('|')
            || line.starts_with('#')
            || line.starts_with("```")
            || line.split_once(". ").is_some_and(|(number, _)| {
                !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
            })
    };
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<&str> = None;
    for line in text.split('\n') {
        match previous {
            None => {}
            Some(before)
                if !before.trim().is_empty() && !line.trim().is_empty() && !starts_block(line) =>
            {
                out.push(' ');
            }
            Some(_) => out.push('\n'),
        }
        out.push_str(
            if previous.is_some_and(|before| !before.trim().is_empty()) && !starts_block(line) {
                line.trim_start()
            } else {
                line
            },
        );
        previous = Some(line);
    }
    out
}

/// Whether `schema` admits only `null`, as schemars writes it in 3.0 mode.
fn is_null_schema(schema: &Value) -> bool {
    let Value::Object(object) = schema else {
        return false;
    };
    let only_null =
        |v: &Value| matches!(v, Value::Array(values) if values.len() == 1 && values[0].is_null());
    object
        .keys()
        .all(|key| matches!(key.as_str(), "type" | "nullable" | "enum" | "const" | "description"))
        && (object.get("type") == Some(&Value::from("null"))
            || object.get("const") == Some(&Value::Null)
            || object.get("enum").is_some_and(only_null))
}

/// Makes an optional property's schema admit only values: `anyOf: [T, null]` becomes `T`, and
/// `nullable` goes.
fn drop_null(schema: &mut Value) {
    let Value::Object(object) = schema else { return };
    object.remove("nullable");
    if let Some(inner) = take_non_null_branch(object) {
        merge_branch(object, inner);
    }
}

/// `anyOf: [T, null]` (either order) becomes `T` with `nullable: true`.
fn collapse_nullable_any_of(object: &mut Map<String, Value>) {
    if let Some(inner) = take_non_null_branch(object) {
        object.insert("nullable".into(), Value::Bool(true));
        merge_branch(object, inner);
    }
}

/// Removes `anyOf: [T, null]` (either order) from `object` and returns `T`.
fn take_non_null_branch(object: &mut Map<String, Value>) -> Option<Value> {
    match object.get("anyOf") {
        Some(Value::Array(branches))
            if branches.len() == 2 && branches.iter().any(is_null_schema) => {}
        _ => return None,
    }
    let Some(Value::Array(mut branches)) = object.remove("anyOf") else { return None };
    let null_index = branches.iter().position(is_null_schema)?;
    Some(branches.swap_remove(1 - null_index))
}

/// Merges the schema `inner` into `object`. A `$ref` cannot carry other keywords in 3.0, so
/// beside any it goes into `allOf`.
fn merge_branch(object: &mut Map<String, Value>, inner: Value) {
    match inner {
        Value::Object(inner) if !inner.contains_key("$ref") || object.is_empty() => {
            for (key, value) in inner {
                object.entry(key).or_insert(value);
            }
        }
        reference => {
            object.insert("allOf".into(), Value::Array(vec![reference]));
        }
    }
}

/// `oneOf` of one-value string enums becomes one `enum`, each value's description kept in a list.
fn collapse_documented_enum(object: &mut Map<String, Value>) {
    let Some(Value::Array(branches)) = object.get("oneOf") else {
        return;
    };
    let mut values = Vec::with_capacity(branches.len());
    let mut lines = Vec::with_capacity(branches.len());
    for branch in branches {
        let Value::Object(branch) = branch else {
            return;
        };
        let keys_ok =
            branch.keys().all(|key| matches!(key.as_str(), "type" | "enum" | "description"));
        let type_ok = branch.get("type").is_none_or(|t| t == "string");
        let value = match branch.get("enum") {
            Some(Value::Array(one)) if one.len() == 1 && one[0].is_string() => one[0].clone(),
            _ => return,
        };
        if !keys_ok || !type_ok {
            return;
        }
        if let Some(Value::String(text)) = branch.get("description") {
            lines.push(format!(
                "- `{}`: {}",
                value.as_str().unwrap_or_default(),
                text.replace('\n', " ")
            ));
        }
        values.push(value);
    }
    if values.is_empty() {
        return;
    }
    object.remove("oneOf");
    object.insert("type".into(), "string".into());
    object.insert("enum".into(), Value::Array(values));
    if !lines.is_empty() {
        let intro = match object.get("description") {
            Some(Value::String(text)) => format!("{text}\n\n"),
            _ => String::new(),
        };
        object.insert("description".into(), format!("{intro}{}", lines.join("\n")).into());
    }
}

/// Converts `schema` into openapiv3's model and back, and fails unless nothing changed.
pub(crate) fn check_openapiv3(
    rust_type: &str,
    schema: &Value,
) -> Result<openapiv3::ReferenceOr<openapiv3::Schema>, ContractError> {
    let unsupported = |pointer: String, construct: String| {
        let help = help_for(&construct);
        ContractError::UnsupportedSchema {
            rust_type: rust_type.to_owned(),
            pointer,
            construct,
            help,
        }
    };
    let parsed: openapiv3::ReferenceOr<openapiv3::Schema> =
        match serde_json::from_value(schema.clone()) {
            Ok(parsed) => parsed,
            Err(error) => {
                let (pointer, construct) = find_known_construct(schema, String::new())
                    .unwrap_or_else(|| {
                        (String::new(), format!("a shape openapiv3 rejects ({error})"))
                    });
                return Err(unsupported(pointer, construct));
            }
        };
    let back = serde_json::to_value(&parsed).unwrap_or(Value::Null);
    if let Some(pointer) = first_difference(schema, &back, String::new()) {
        let (pointer, construct) = find_known_construct(schema, String::new())
            .unwrap_or_else(|| (pointer.clone(), describe_difference(schema, &pointer)));
        return Err(unsupported(pointer, construct));
    }
    Ok(parsed)
}

/// The first construct OpenAPI 3.0 is known not to have, with a pointer to it.
fn find_known_construct(schema: &Value, pointer: String) -> Option<(String, String)> {
    match schema {
        Value::Object(object) => {
            for (key, value) in object {
                let here = format!("{pointer}/{}", escape(key));
                let construct = match key.as_str() {
                    "prefixItems" => Some("a tuple (`prefixItems`)".to_owned()),
                    "items" if value.is_array() => Some("a tuple (`items` as an array)".to_owned()),
                    "type" if value.is_array() => Some("several types in one `type`".to_owned()),
                    "const" => Some("`const`".to_owned()),
                    "$ref" if object.len() > 1 => Some(format!(
                        "`$ref` with sibling keywords ({})",
                        object
                            .keys()
                            .filter(|k| *k != "$ref")
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    "if" | "then" | "else" => {
                        Some("conditional subschemas (`if`/`then`/`else`)".to_owned())
                    }
                    "patternProperties"
                    | "propertyNames"
                    | "unevaluatedProperties"
                    | "unevaluatedItems"
                    | "dependentRequired"
                    | "dependentSchemas"
                    | "contains"
                    | "$defs"
                    | "examples" => Some(format!("the JSON Schema keyword `{key}`")),
                    _ => None,
                };
                if let Some(construct) = construct {
                    return Some((here, construct));
                }
                if let Some(found) = find_known_construct(value, here) {
                    return Some(found);
                }
            }
            None
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find_known_construct(item, format!("{pointer}/{i}"))),
        _ => None,
    }
}

fn describe_difference(schema: &Value, pointer: &str) -> String {
    let key = pointer.rsplit('/').next().unwrap_or_default();
    if key.is_empty() {
        "a shape openapiv3 reads differently".to_owned()
    } else if schema.pointer(pointer).is_none() {
        format!("a shape to which openapiv3 adds `{key}`")
    } else {
        format!("the keyword `{key}`, which openapiv3 drops or changes")
    }
}

fn help_for(construct: &str) -> String {
    if construct.contains("tuple") {
        "use a struct with named fields instead of a tuple".to_owned()
    } else if construct.contains("several types") {
        "use an enum with one variant per type, or a single type".to_owned()
    } else if construct.contains("$ref") {
        "keep the keywords on the referenced type, or wrap the reference in `allOf`".to_owned()
    } else {
        "express the type with structs, enums, vectors, maps and primitive types, or write its \
         JsonSchema impl by hand in the OpenAPI 3.0 dialect"
            .to_owned()
    }
}

/// The pointer of the first place where `a` and `b` differ; numbers compare by value.
pub(crate) fn first_difference(a: &Value, b: &Value, pointer: String) -> Option<String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => (x.as_f64() != y.as_f64()).then_some(pointer),
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|key| {
                let here = format!("{pointer}/{}", escape(key));
                match (x.get(key), y.get(key)) {
                    (Some(x), Some(y)) => first_difference(x, y, here),
                    _ => Some(here),
                }
            })
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(pointer);
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (x, y))| first_difference(x, y, format!("{pointer}/{i}")))
        }
        _ => (a != b).then_some(pointer),
    }
}

/// Escapes a key for use in a JSON pointer (RFC 6901).
pub(crate) fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn optional_properties_admit_values_only() {
        let mut schema = json!({
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "name": {
                    "description": "The name.",
                    "anyOf": [{"$ref": "#/components/schemas/Name"}, {"nullable": true, "enum": [null]}]
                },
                "tags": {"type": "array", "items": {"type": "string"}, "nullable": true}
            }
        });
        normalize(&mut schema);
        assert_eq!(
            schema["properties"]["name"],
            json!({"description": "The name.", "allOf": [{"$ref": "#/components/schemas/Name"}]})
        );
        assert_eq!(
            schema["properties"]["tags"],
            json!({"type": "array", "items": {"type": "string"}})
        );
    }

    #[test]
    fn option_of_a_named_schema_becomes_nullable_all_of() {
        let mut schema = json!({
            "description": "The family name.",
            "anyOf": [{"$ref": "#/components/schemas/PersonName"}, {"nullable": true, "enum": [null]}]
        });
        normalize(&mut schema);
        assert_eq!(
            schema,
            json!({
                "description": "The family name.",
                "allOf": [{"$ref": "#/components/schemas/PersonName"}],
                "nullable": true
            })
        );
    }

    #[test]
    fn option_of_an_inline_schema_becomes_nullable() {
        let mut schema = json!({"anyOf": [{"type": "null"}, {"type": "string", "maxLength": 3}]});
        normalize(&mut schema);
        assert_eq!(schema, json!({"type": "string", "maxLength": 3, "nullable": true}));
    }

    #[test]
    fn soft_breaks_are_unwrapped_but_paragraphs_lists_and_tables_are_kept() {
        let text = "Start after this id:\na previous page's cursor.\n\nAbsent for the\nfirst page.\n- `a`: one\n- `b`: two\n\n| x |\n| --- |";
        assert_eq!(
            unwrap_soft_breaks(text),
            "Start after this id: a previous page's cursor.\n\nAbsent for the first page.\n- `a`: one\n- `b`: two\n\n| x |\n| --- |"
        );
    }

    #[test]
    fn documented_unit_enum_becomes_one_enum() {
        let mut schema = json!({
            "description": "Status.",
            "oneOf": [
                {"type": "string", "enum": ["on"], "description": "Running."},
                {"type": "string", "enum": ["off"], "description": "Stopped."}
            ]
        });
        normalize(&mut schema);
        assert_eq!(
            schema,
            json!({
                "type": "string",
                "enum": ["on", "off"],
                "description": "Status.\n\n- `on`: Running.\n- `off`: Stopped."
            })
        );
    }

    #[test]
    fn a_oneof_of_objects_is_left_alone() {
        let original = json!({"oneOf": [{"type": "object"}, {"type": "string", "enum": ["a"]}]});
        let mut schema = original.clone();
        normalize(&mut schema);
        assert_eq!(schema, original);
    }

    #[test]
    fn tuples_are_refused_with_the_type_and_pointer() {
        let schema = json!({"type": "object", "properties": {"pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]}}});
        let error = check_openapiv3("my::Pair", &schema).unwrap_err();
        let ContractError::UnsupportedSchema { rust_type, pointer, construct, .. } = error else {
            panic!()
        };
        assert_eq!(rust_type, "my::Pair");
        assert_eq!(pointer, "/properties/pair/items");
        assert_eq!(construct, "a tuple (`items` as an array)");
    }

    #[test]
    fn prefix_items_and_ref_siblings_are_refused() {
        let tuple = json!({"type": "array", "prefixItems": [{"type": "string"}]});
        assert!(matches!(
            check_openapiv3("T", &tuple),
            Err(ContractError::UnsupportedSchema { construct, .. }) if construct == "a tuple (`prefixItems`)"
        ));
        let sibling = json!({"$ref": "#/components/schemas/X", "description": "lost"});
        assert!(matches!(
            check_openapiv3("T", &sibling),
            Err(ContractError::UnsupportedSchema { construct, pointer, .. })
                if construct == "`$ref` with sibling keywords (`description`)" && pointer == "/$ref"
        ));
    }

    #[test]
    fn integers_written_as_floats_by_openapiv3_are_not_a_difference() {
        let schema = json!({"type": "number", "minimum": 0, "maximum": 1000000000});
        assert!(check_openapiv3("Amount", &schema).is_ok());
    }

    #[test]
    fn an_unknown_keyword_is_refused() {
        let schema = json!({"type": "string", "contentEncoding": "base64"});
        let error = check_openapiv3("Blob", &schema).unwrap_err();
        assert!(error.to_string().contains("contentEncoding"), "{error}");
    }
}
