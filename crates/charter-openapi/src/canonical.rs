//! The canonical text of a JSON document: the same bytes for the same value on every machine.
//!
//! Object keys are written in a fixed order whatever map type `serde_json` was built with
//! (`preserve_order` changes it from sorted to insertion order): the document root follows the
//! order OpenAPI documents are read in, every other object is sorted by key. Two-space indent,
//! one trailing newline.

use serde_json::Value;

/// The order the root keys of an OpenAPI document are written in; other keys follow, sorted.
const ROOT_ORDER: [&str; 8] =
    ["openapi", "info", "servers", "security", "tags", "paths", "components", "externalDocs"];

/// Writes `value` as canonical, pretty-printed JSON ending in a newline.
#[must_use]
pub fn to_canonical_json(value: &Value) -> String {
    let mut out = String::with_capacity(64 * 1024);
    write_value(&mut out, value, 0, true);
    out.push('\n');
    out
}

fn write_value(out: &mut String, value: &Value, depth: usize, is_root: bool) {
    match value {
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            if is_root {
                keys.sort_by_key(|key| {
                    let rank = ROOT_ORDER.iter().position(|k| k == key).unwrap_or(ROOT_ORDER.len());
                    (rank, key.as_str())
                });
            } else {
                keys.sort();
            }
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(out, key);
                out.push_str(": ");
                write_value(out, &map[key], depth + 1, false);
            }
            newline(out, depth);
            out.push('}');
        }
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_value(out, item, depth + 1, false);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::String(text) => write_string(out, text),
        Value::Number(_) | Value::Bool(_) | Value::Null => out.push_str(&value.to_string()),
    }
}

fn write_string(out: &mut String, text: &str) {
    // `Value::String`'s Display is serde_json's escaping, which does not depend on features.
    out.push_str(&Value::String(text.to_owned()).to_string());
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_below_the_root_and_ordered_at_it() {
        let value =
            json!({"paths": {"b": 1, "a": [true, null, "x\"y"]}, "openapi": "3.0.3", "x-z": {}});
        let expected = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"a\": [\n      true,\n      null,\n      \"x\\\"y\"\n    ],\n    \"b\": 1\n  },\n  \"x-z\": {}\n}\n";
        assert_eq!(to_canonical_json(&value), expected);
    }

    #[test]
    fn output_parses_back_to_the_same_value() {
        let value = json!({"a": [1.5, -2, {"é": "\u{1F600}\n"}], "b": []});
        let text = to_canonical_json(&value);
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
    }
}
