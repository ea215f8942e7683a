//! One meaning, whatever the spelling: OpenAPI 3.1 schemas (JSON Schema 2020-12) rewritten in
//! place into the spelling the comparison reads, so that the same API written in 3.0 and in 3.1
//! compares as no change.
//!
//! | 3.1 spelling | read as |
//! | --- | --- |
//! | `type: [X, "null"]` | `type: X, nullable: true` |
//! | `anyOf`/`oneOf` with a `{type: "null"}` member | the other members, `nullable: true` (one inline member is merged into the schema, one `$ref` becomes `allOf: [$ref]`) |
//! | `const: v` | `enum: [v]` (the comparison reads both) |
//! | `$ref` with constraining siblings (`default`, `enum`, …) | `allOf: [$ref]` with the siblings |
//! | numeric `exclusiveMinimum`/`exclusiveMaximum` | compared as they are (the comparison reads both forms) |
//! | `examples` | an annotation, as `example` |
//!
//! Every schema keyword is either compared, an annotation, or named in a warning as not
//! compared. A 3.0 document using a 3.1 construct gets a warning naming it, and the construct is
//! read by its 3.1 meaning.

use serde_json::{Map, Value};

use super::LoadWarning;
use crate::pointer;

/// Which OpenAPI minor version a document declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Version {
    V30,
    V31,
}

/// Keywords the comparison judges.
const COMPARED: &[&str] = &[
    "type",
    "format",
    "nullable",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
    "default",
    "discriminator",
    "allOf",
    "oneOf",
    "anyOf",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "prefixItems",
    "readOnly",
    "writeOnly",
    "$ref",
];

/// Keywords that document a schema without constraining values, or hold schemas compared where
/// they are referenced (`$defs`).
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "example",
    "examples",
    "deprecated",
    "externalDocs",
    "xml",
    "$comment",
    "$schema",
    "$defs",
];

/// Keywords only OpenAPI 3.1 (JSON Schema 2020-12) defines, named when a 3.0 document uses them.
const ONLY_31: &[&str] = &[
    "const",
    "examples",
    "prefixItems",
    "$defs",
    "$comment",
    "$schema",
    "$id",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "dependentRequired",
    "dependentSchemas",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
];

/// Siblings of a `$ref` that change nothing about the values it accepts.
const REF_ANNOTATIONS: &[&str] =
    &["title", "description", "example", "examples", "deprecated", "$comment", "externalDocs"];

/// Keys holding one subschema.
const SCHEMA_KEYS: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
    "additionalItems",
];

/// Keys holding a map of subschemas.
const SCHEMA_MAPS: &[&str] =
    &["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/// Keys holding a list of subschemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Rewrites every schema of `root` into the compared spelling, noting what a reader should know.
pub(crate) fn normalize(root: &mut Value, version: Version, warnings: &mut Vec<LoadWarning>) {
    let mut cx = Spelling { version, warnings };
    let mut path = Vec::new();
    cx.document(root, &mut path);
    cx.webhooks(root);
}

/// The methods a path item (or a webhook) may hold an operation under.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

struct Spelling<'w> {
    version: Version,
    warnings: &'w mut Vec<LoadWarning>,
}

impl Spelling<'_> {
    fn warn(&mut self, path: &[String], message: String) {
        self.warnings.push(LoadWarning { pointer: pointer::join(path), message });
    }

    /// Webhooks are compared by their bodies' schemas only: says so once per webhook operation,
    /// so that what is not compared is never passed over in silence.
    fn webhooks(&mut self, root: &Value) {
        let Some(Value::Object(hooks)) = root.get("webhooks") else { return };
        for (name, item) in hooks {
            for method in METHODS.iter().filter(|method| item.get(**method).is_some()) {
                self.warn(
                    &["webhooks".to_owned(), name.clone(), (*method).to_owned()],
                    format!(
                        "webhook `{name}` ({}): only the schemas of its request and response \
                         bodies are compared; a change to its parameters, status codes, media \
                         types or whether its body is required is not reported",
                        method.to_uppercase()
                    ),
                );
            }
        }
    }

    /// Walks the document outside schemas, looking for them.
    fn document(&mut self, value: &mut Value, path: &mut Vec<String>) {
        match value {
            Value::Object(object) => {
                let in_components =
                    path.len() == 1 && path.first().is_some_and(|p| p == "components");
                for (key, child) in object.iter_mut() {
                    if key == "example" || key == "examples" || key.starts_with("x-") {
                        continue;
                    }
                    path.push(key.clone());
                    if key == "schema" {
                        self.schema(child, path);
                    } else if in_components && key == "schemas" {
                        if let Value::Object(schemas) = child {
                            for (name, schema) in schemas.iter_mut() {
                                path.push(name.clone());
                                self.schema(schema, path);
                                path.pop();
                            }
                        }
                    } else {
                        self.document(child, path);
                    }
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    path.push(index.to_string());
                    self.document(child, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    /// Rewrites one schema, its subschemas first.
    fn schema(&mut self, value: &mut Value, path: &mut Vec<String>) {
        let Value::Object(object) = value else { return };
        for (key, child) in object.iter_mut() {
            let key_str = key.as_str();
            if SCHEMA_KEYS.contains(&key_str) {
                path.push(key.clone());
                self.schema(child, path);
                path.pop();
            } else if SCHEMA_MAPS.contains(&key_str) {
                if let Value::Object(map) = child {
                    path.push(key.clone());
                    for (name, schema) in map.iter_mut() {
                        path.push(name.clone());
                        self.schema(schema, path);
                        path.pop();
                    }
                    path.pop();
                }
            } else if SCHEMA_LISTS.contains(&key_str)
                && let Value::Array(list) = child
            {
                path.push(key.clone());
                for (index, schema) in list.iter_mut().enumerate() {
                    path.push(index.to_string());
                    self.schema(schema, path);
                    path.pop();
                }
                path.pop();
            }
        }
        self.audit(object, path);
        Self::rewrite(object);
    }

    /// Names the keywords not compared, and the 3.1 ones in a 3.0 document.
    fn audit(&mut self, object: &Map<String, Value>, path: &[String]) {
        for (key, value) in object {
            let key = key.as_str();
            if key.starts_with("x-") {
                continue;
            }
            let compared = COMPARED.contains(&key)
                || ANNOTATIONS.contains(&key)
                || crate::compare::schema::generic_keywords().any(|known| known == key);
            if !compared {
                self.warn(path, format!("`{key}` is not compared: a change to it is not reported"));
            }
            if self.version == Version::V31 {
                continue;
            }
            let in_31 = ONLY_31.contains(&key)
                || (key == "type" && (value.is_array() || value.as_str() == Some("null")))
                || ((key == "exclusiveMinimum" || key == "exclusiveMaximum") && value.is_number());
            if in_31 && compared {
                self.warn(
                    path,
                    format!("`{key}` as written here is OpenAPI 3.1 in a 3.0 document: read by its 3.1 meaning"),
                );
            }
        }
        if self.version == Version::V30
            && object.contains_key("$ref")
            && object.keys().any(|key| ref_constraint(key))
        {
            self.warn(
                path,
                "`$ref` with constraining siblings is OpenAPI 3.1 in a 3.0 document: read by its \
                 3.1 meaning (the reference and its siblings both apply)"
                    .to_owned(),
            );
        }
    }

    fn rewrite(object: &mut Map<String, Value>) {
        // `type: [X, "null"]`.
        if let Some(Value::Array(types)) = object.get("type").cloned() {
            let nullable = types.iter().any(|kind| kind.as_str() == Some("null"));
            let rest: Vec<Value> =
                types.into_iter().filter(|kind| kind.as_str() != Some("null")).collect();
            let rest = dedup(rest);
            if nullable {
                object.insert("nullable".to_owned(), Value::Bool(true));
            }
            match rest.len() {
                0 if nullable => {
                    object.insert("type".to_owned(), Value::String("null".to_owned()));
                }
                0 => {
                    object.remove("type");
                }
                1 => {
                    let kind = rest.into_iter().next().unwrap_or(Value::Null);
                    object.insert("type".to_owned(), kind);
                }
                _ => {
                    object.insert("type".to_owned(), Value::Array(rest));
                }
            }
        }
        // `const: v` is `enum: [v]` (the comparison reads `const` as such); with an `enum` too,
        // the values of the enum equal to the constant.
        if object.contains_key("enum")
            && let Some(value) = object.remove("const")
            && let Some(Value::Array(values)) = object.get_mut("enum")
        {
            values.retain(|candidate| *candidate == value);
        }
        // A `null` member of `anyOf`/`oneOf`.
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(members)) = object.get(key) else { continue };
            if members.len() < 2 || !members.iter().any(is_null_schema) {
                continue;
            }
            let mut rest: Vec<Value> =
                members.iter().filter(|member| !is_null_schema(member)).cloned().collect();
            object.insert("nullable".to_owned(), Value::Bool(true));
            if rest.len() != 1 {
                object.insert(key.to_owned(), Value::Array(rest));
                continue;
            }
            object.remove(key);
            let member = rest.pop().unwrap_or(Value::Null);
            let mergeable = match &member {
                Value::Object(inner) => {
                    !inner.contains_key("$ref")
                        && inner.keys().all(|k| !object.contains_key(k) || k == "nullable")
                }
                _ => false,
            };
            if let (true, Value::Object(inner)) = (mergeable, &member) {
                for (k, v) in inner {
                    object.entry(k.clone()).or_insert_with(|| v.clone());
                }
            } else {
                push_all_of(object, member);
            }
        }
        // `$ref` with constraining siblings: both apply.
        if object.keys().any(|key| ref_constraint(key))
            && let Some(reference) = object.remove("$ref")
        {
            let mut target = Map::new();
            target.insert("$ref".to_owned(), reference);
            push_all_of(object, Value::Object(target));
        }
    }
}

/// Whether `key`, next to a `$ref`, constrains values.
fn ref_constraint(key: &str) -> bool {
    key != "$ref" && !key.starts_with("x-") && !REF_ANNOTATIONS.contains(&key)
}

fn push_all_of(object: &mut Map<String, Value>, member: Value) {
    match object.get_mut("allOf") {
        Some(Value::Array(members)) => members.insert(0, member),
        _ => {
            object.insert("allOf".to_owned(), Value::Array(vec![member]));
        }
    }
}

fn dedup(values: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(values.len());
    for value in values {
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// `{type: "null"}` (annotations aside), `{enum: [null]}` or `{nullable: true, type: "null"}`.
fn is_null_schema(value: &Value) -> bool {
    let Some(object) = value.as_object() else { return false };
    let mut null = false;
    for (key, value) in object {
        match key.as_str() {
            "type" => null |= value.as_str() == Some("null"),
            "enum" => null |= value.as_array().is_some_and(|v| v.len() == 1 && v[0].is_null()),
            "const" => null |= value.is_null(),
            "nullable" => {}
            key if REF_ANNOTATIONS.contains(&key) || key.starts_with("x-") => {}
            _ => return false,
        }
    }
    null
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema(mut value: Value, version: Version) -> (Value, Vec<String>) {
        let mut warnings = Vec::new();
        let mut cx = Spelling { version, warnings: &mut warnings };
        cx.schema(&mut value, &mut vec!["s".to_owned()]);
        (value, warnings.into_iter().map(|w| format!("{} {}", w.pointer, w.message)).collect())
    }

    #[test]
    fn spellings_of_null_become_nullable() {
        let nullable = json!({"type": "string", "nullable": true});
        for spelling in [
            json!({"type": ["string", "null"]}),
            json!({"type": ["null", "string"]}),
            json!({"anyOf": [{"type": "string"}, {"type": "null"}]}),
            json!({"oneOf": [{"type": "null"}, {"type": "string"}]}),
        ] {
            assert_eq!(schema(spelling.clone(), Version::V31).0, nullable, "{spelling}");
        }
        assert_eq!(
            schema(
                json!({"anyOf": [{"$ref": "#/x"}, {"type": "null"}], "default": 1}),
                Version::V31
            )
            .0,
            json!({"allOf": [{"$ref": "#/x"}], "nullable": true, "default": 1})
        );
    }

    #[test]
    fn const_is_an_enum_of_one_and_ref_siblings_apply() {
        assert_eq!(
            schema(json!({"const": "a", "enum": ["a", "b"]}), Version::V31).0,
            json!({"enum": ["a"]})
        );
        assert_eq!(
            schema(json!({"$ref": "#/x", "default": "a", "description": "d"}), Version::V31).0,
            json!({"allOf": [{"$ref": "#/x"}], "default": "a", "description": "d"})
        );
        assert_eq!(
            schema(json!({"$ref": "#/x", "description": "d"}), Version::V31).0,
            json!({"$ref": "#/x", "description": "d"})
        );
    }

    #[test]
    fn what_is_not_compared_of_a_webhook_is_named_once_per_operation() {
        let mut root = serde_json::json!({
            "openapi": "3.1.0",
            "webhooks": {"paid": {"post": {"responses": {}}, "summary": "s"}}
        });
        let mut warnings = Vec::new();
        normalize(&mut root, Version::V31, &mut warnings);
        let said: Vec<String> = warnings
            .iter()
            .map(|warning| format!("{} {}", warning.pointer, warning.message))
            .collect();
        assert_eq!(
            said,
            ["/webhooks/paid/post webhook `paid` (POST): only the schemas of its request and \
              response bodies are compared; a change to its parameters, status codes, media types \
              or whether its body is required is not reported"]
        );
    }

    #[test]
    fn keywords_not_compared_and_31_in_30_are_named() {
        let (_, warnings) = schema(
            json!({"type": "object", "if": {"const": 1}, "$id": "s", "x-a": 1}),
            Version::V31,
        );
        assert_eq!(warnings, ["/s `$id` is not compared: a change to it is not reported"]);
        let (value, warnings) = schema(json!({"type": ["integer", "null"]}), Version::V30);
        assert_eq!(value, json!({"type": "integer", "nullable": true}));
        assert_eq!(
            warnings,
            ["/s `type` as written here is OpenAPI 3.1 in a 3.0 document: read by its 3.1 meaning"]
        );
    }
}
