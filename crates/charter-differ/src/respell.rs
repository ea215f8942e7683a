//! OpenAPI 3.0 documents rewritten in OpenAPI 3.1's spelling, to prove that the two spellings
//! of one API compare as no change (in tests and benchmarks of the differ).
//!
//! The loader reads both spellings as one meaning; this module writes the other direction.

use serde_json::{Map, Value, json};

/// A 3.0 document written in 3.1's spelling: `type` arrays and `anyOf` with `{type: "null"}`
/// for `nullable`, `const` for an enum of one, numeric exclusive bounds, `examples` arrays,
/// `$ref` with siblings for `allOf: [$ref]` with siblings, and an empty `webhooks`.
#[must_use]
pub fn to_openapi_31(mut document: Value) -> Value {
    document["openapi"] = json!("3.1.0");
    document["webhooks"] = json!({});
    let mut toggle = false;
    rewrite(&mut document, &mut toggle);
    document
}

fn rewrite(value: &mut Value, toggle: &mut bool) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                if key != "example" && key != "examples" {
                    rewrite(child, toggle);
                }
            }
            schema_31(object, toggle);
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite(item, toggle)),
        _ => {}
    }
}

fn schema_31(object: &mut Map<String, Value>, toggle: &mut bool) {
    let schema_like = ["type", "allOf", "enum", "properties", "nullable", "$ref"]
        .iter()
        .any(|key| object.contains_key(*key));
    if !schema_like || object.contains_key("in") || object.contains_key("content") {
        return;
    }
    if let Some(Value::Array(values)) = object.get("enum")
        && values.len() == 1
    {
        let value = values.first().cloned().unwrap_or(Value::Null);
        object.remove("enum");
        object.insert("const".to_owned(), value);
    }
    for (bound, exclusive) in [("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")] {
        if object.get(exclusive) == Some(&Value::Bool(true)) {
            let value = object.remove(bound).unwrap_or(Value::Null);
            object.insert(exclusive.to_owned(), value);
        } else if object.get(exclusive) == Some(&Value::Bool(false)) {
            object.remove(exclusive);
        }
    }
    if let Some(example) = object.remove("example") {
        object.insert("examples".to_owned(), json!([example]));
    }
    let nullable = object.remove("nullable") == Some(Value::Bool(true));
    // `allOf: [$ref]` with siblings is `$ref` with siblings.
    if let Some(Value::Array(members)) = object.get("allOf")
        && members.len() == 1
        && members.first().and_then(|m| m.get("$ref")).is_some()
        && !nullable
    {
        let member = members.first().cloned().unwrap_or(Value::Null);
        object.remove("allOf");
        if let Some(reference) = member.get("$ref") {
            object.insert("$ref".to_owned(), reference.clone());
        }
    }
    if !nullable {
        return;
    }
    // Alternate the two 3.1 spellings of `nullable`.
    *toggle = !*toggle;
    match object.get("type").cloned() {
        Some(Value::String(kind)) if *toggle => {
            object.insert("type".to_owned(), json!([kind, "null"]));
        }
        _ => {
            let mut inner = Map::new();
            let keep = ["description", "title", "default", "examples", "deprecated"];
            let keys: Vec<String> =
                object.keys().filter(|key| !keep.contains(&key.as_str())).cloned().collect();
            for key in keys {
                if let Some(value) = object.remove(&key) {
                    inner.insert(key, value);
                }
            }
            let inner = match inner.get("allOf") {
                Some(Value::Array(members)) if members.len() == 1 && inner.len() == 1 => {
                    members.first().cloned().unwrap_or(Value::Null)
                }
                _ => Value::Object(inner),
            };
            object.insert("anyOf".to_owned(), json!([inner, {"type": "null"}]));
        }
    }
}
