//! Starting fixtures built from a document's schema, for a person to edit.
//!
//! A scaffolded valid case takes, in order of preference, the schema's `example`, its `default`,
//! its first `enum` value, or a value built from its type: every required property, strings of
//! an allowed length in the schema's format, numbers at their minimum, one array item. A
//! scaffolded invalid case drops the first required property, or uses a value outside the enum,
//! or a value of the wrong JSON type. Both are starting points: the result is meant to be edited
//! into something realistic before it is committed.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::json_schema::COMPONENTS_PREFIX;

/// How deep references are followed before an array is left empty, so recursive schemas end.
const MAX_DEPTH: usize = 8;

/// A valid starting value for component `name` of `components`; `None` if there is none.
#[must_use]
pub fn valid(components: &BTreeMap<String, Value>, name: &str) -> Option<Value> {
    components.get(name).map(|schema| Sampler { components }.sample(schema, 0))
}

/// An invalid starting case for component `name`: its file stem (e.g. `missing-email`) and
/// value; `None` if the component does not exist.
#[must_use]
pub fn invalid(components: &BTreeMap<String, Value>, name: &str) -> Option<(String, Value)> {
    let sampler = Sampler { components };
    let schema = sampler.resolve(components.get(name)?, 0);
    if let (Some(Value::Array(required)), Value::Object(mut valid)) =
        (schema.get("required"), sampler.sample(schema, 0))
        && let Some(Value::String(first)) = required.first()
    {
        valid.remove(first);
        return Some((format!("missing-{}", first.replace('_', "-")), Value::Object(valid)));
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        let mut unknown = String::from("not_a_value");
        while values.contains(&Value::String(unknown.clone())) {
            unknown.push('_');
        }
        return Some(("unknown-value".into(), Value::String(unknown)));
    }
    let wrong = match schema.get("type").and_then(Value::as_str) {
        Some("string") => json!(42),
        Some("integer" | "number") => json!("42"),
        Some("boolean") => json!("true"),
        Some("array") => json!({}),
        _ => json!([]),
    };
    Some(("wrong-type".into(), wrong))
}

struct Sampler<'a> {
    components: &'a BTreeMap<String, Value>,
}

impl Sampler<'_> {
    /// Follows `$ref` and single-branch `allOf` wrappers to the schema that says what a value is.
    fn resolve<'s>(&'s self, schema: &'s Value, depth: usize) -> &'s Value {
        if depth > MAX_DEPTH {
            return schema;
        }
        if let Some(target) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix(COMPONENTS_PREFIX))
            .and_then(|name| self.components.get(name))
        {
            return self.resolve(target, depth + 1);
        }
        match schema.get("allOf") {
            Some(Value::Array(branches)) if branches.len() == 1 => {
                self.resolve(&branches[0], depth + 1)
            }
            _ => schema,
        }
    }

    fn sample(&self, schema: &Value, depth: usize) -> Value {
        if let Some(value) = schema.get("example").or_else(|| schema.get("default")) {
            return value.clone();
        }
        let resolved = self.resolve(schema, depth);
        if !std::ptr::eq(resolved, schema) {
            return self.sample(resolved, depth + 1);
        }
        if let Some(Value::Array(values)) = schema.get("enum")
            && let Some(first) = values.iter().find(|v| !v.is_null())
        {
            return first.clone();
        }
        let number = |key: &str| schema.get(key).and_then(Value::as_f64);
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => {
                let mut object = Map::new();
                if let (Some(Value::Array(required)), Some(Value::Object(properties))) =
                    (schema.get("required"), schema.get("properties"))
                {
                    for name in required.iter().filter_map(Value::as_str) {
                        let property = properties.get(name).unwrap_or(&Value::Null);
                        object.insert(name.to_owned(), self.sample(property, depth + 1));
                    }
                }
                Value::Object(object)
            }
            Some("array") => match schema.get("items") {
                Some(items) if depth < MAX_DEPTH => {
                    let count = number("minItems").map_or(1, |n| n.max(1.0) as usize);
                    Value::Array(vec![self.sample(items, depth + 1); count])
                }
                _ => json!([]),
            },
            Some("string") => string(schema),
            Some("integer") => {
                let value =
                    number("minimum").unwrap_or(0.0).min(number("maximum").unwrap_or(f64::MAX));
                json!(value.ceil() as i64)
            }
            Some("number") => {
                let value =
                    number("minimum").unwrap_or(0.0).min(number("maximum").unwrap_or(f64::MAX));
                json!(value)
            }
            Some("boolean") => json!(false),
            _ => Value::Null,
        }
    }
}

/// A string in the schema's format, or filler text cut or padded to an allowed length.
fn string(schema: &Value) -> Value {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or_default();
    let text = match format {
        "date-time" => "2026-01-15T09:30:00Z",
        "date" => "2026-01-31",
        "email" => "someone@example.com",
        "uuid" => "0b6e1c3a-5f2d-4c8e-9a71-3d4f5e6a7b8c",
        _ => "edit me",
    };
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema.get("maxLength").and_then(Value::as_u64).map_or(usize::MAX, |n| n as usize);
    let mut text: String = text.chars().take(max).collect();
    while text.chars().count() < min {
        text.push('x');
    }
    Value::String(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn components() -> BTreeMap<String, Value> {
        serde_json::from_value(json!({
            "Email": {"type": "string", "format": "email", "maxLength": 254, "minLength": 3},
            "Code": {"type": "string", "enum": ["a", "b"]},
            "Short": {"type": "string", "minLength": 10, "maxLength": 12},
            "Page": {"type": "integer", "format": "uint32", "minimum": 1},
            "Tree": {
                "type": "object",
                "required": ["email", "children", "code"],
                "properties": {
                    "email": {"allOf": [{"$ref": "#/components/schemas/Email"}], "description": "x"},
                    "code": {"$ref": "#/components/schemas/Code"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
                    "note": {"type": "string"},
                    "page": {"allOf": [{"$ref": "#/components/schemas/Page"}], "default": 3},
                },
            },
        }))
        .unwrap()
    }

    #[test]
    fn valid_values_follow_types_formats_and_references() {
        let components = components();
        assert_eq!(valid(&components, "Email").unwrap(), json!("someone@example.com"));
        assert_eq!(valid(&components, "Code").unwrap(), json!("a"));
        assert_eq!(valid(&components, "Short").unwrap(), json!("edit mexxx"));
        assert_eq!(valid(&components, "Page").unwrap(), json!(1));
        let tree = valid(&components, "Tree").unwrap();
        assert_eq!(tree["email"], json!("someone@example.com"));
        assert_eq!(tree["code"], json!("a"));
        assert!(tree.get("note").is_none(), "optional properties stay out: {tree}");
        // Recursion stops: the innermost tree has no children.
        let mut depth = 0;
        let mut node = &tree;
        while let Some(child) = node["children"].get(0) {
            node = child;
            depth += 1;
        }
        assert!(depth > 0 && depth <= MAX_DEPTH, "{depth}");
        assert!(valid(&components, "Nothing").is_none());
    }

    #[test]
    fn invalid_values_break_required_enum_or_type() {
        let components = components();
        let (case, value) = invalid(&components, "Tree").unwrap();
        assert_eq!(case, "missing-email");
        assert!(value.get("email").is_none() && value.get("code").is_some(), "{value}");
        assert_eq!(
            invalid(&components, "Code").unwrap(),
            ("unknown-value".into(), json!("not_a_value"))
        );
        assert_eq!(invalid(&components, "Email").unwrap(), ("wrong-type".into(), json!(42)));
        assert_eq!(invalid(&components, "Page").unwrap(), ("wrong-type".into(), json!("42")));
    }
}
