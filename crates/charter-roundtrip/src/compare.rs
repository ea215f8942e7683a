//! JSON equality as JSON means it, and where two values first differ.
//!
//! `serde_json::Value`'s `==` tells `100` from `100.0`; JSON (and JSON Schema's `enum`/`const`)
//! does not: both are the number one hundred. A fixture writes `"amount": 100` while an `f64`
//! field writes `100.0` back, and that is the same payload. Everything else compares exactly:
//! object keys (order aside), array order, strings byte for byte.

use serde_json::{Number, Value};

/// Whether `a` and `b` are the same JSON value; numbers compare by mathematical value.
#[must_use]
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => number_equal(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(key, x)| y.get(key).is_some_and(|y| json_equal(x, y)))
        }
        _ => a == b,
    }
}

fn number_equal(x: &Number, y: &Number) -> bool {
    let integer = |n: &Number| n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
    match (integer(x), integer(y)) {
        (Some(x), Some(y)) => x == y,
        // At least one is a float: compare as floats, exact for every integer an f64 can hold.
        _ => x.as_f64() == y.as_f64() && x.as_f64().is_some(),
    }
}

/// Where `before` and `after` first differ, as a JSON pointer with both values; `None` when
/// they are [`json_equal`].
#[must_use]
pub fn first_difference(before: &Value, after: &Value) -> Option<String> {
    walk(before, after, String::new())
}

fn walk(a: &Value, b: &Value, pointer: String) -> Option<String> {
    if json_equal(a, b) {
        return None;
    }
    let at = |pointer: &str| if pointer.is_empty() { "/".to_owned() } else { pointer.to_owned() };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, x_value) in x {
                let here = format!("{pointer}/{key}");
                match y.get(key) {
                    Some(y_value) => {
                        if let Some(found) = walk(x_value, y_value, here) {
                            return Some(found);
                        }
                    }
                    None => return Some(format!("`{here}`: {x_value} became absent")),
                }
            }
            y.iter()
                .find(|(key, _)| !x.contains_key(*key))
                .map(|(key, y_value)| format!("`{pointer}/{key}`: absent became {y_value}"))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (x, y))| walk(x, y, format!("{pointer}/{i}")))
        }
        _ => Some(format!("`{}`: {a} became {b}", at(&pointer))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value_everything_else_exactly() {
        assert!(json_equal(&json!({"a": 100, "b": [1.5]}), &json!({"b": [1.5], "a": 100.0})));
        assert!(json_equal(&json!(u64::MAX), &json!(u64::MAX)));
        assert!(!json_equal(&json!(u64::MAX), &json!(i64::MAX)));
        assert!(!json_equal(&json!(1), &json!("1")));
        assert!(!json_equal(&json!([1, 2]), &json!([2, 1])));
        assert!(!json_equal(&json!({"a": 1}), &json!({"a": 1, "b": null})));
    }

    #[test]
    fn the_first_difference_is_named_by_pointer() {
        assert_eq!(first_difference(&json!({"a": [1, 2]}), &json!({"a": [1.0, 2.0]})), None);
        assert_eq!(
            first_difference(&json!({"e": {"details": []}}), &json!({"e": {}})).unwrap(),
            "`/e/details`: [] became absent"
        );
        assert_eq!(
            first_difference(&json!({"t": "2026-01-01T00:00:00+01:00"}), &json!({"t": "x"}))
                .unwrap(),
            "`/t`: \"2026-01-01T00:00:00+01:00\" became \"x\""
        );
        assert_eq!(
            first_difference(&json!({}), &json!({"n": null})).unwrap(),
            "`/n`: absent became null"
        );
        assert_eq!(first_difference(&json!(1), &json!(2)).unwrap(), "`/`: 1 became 2");
    }
}
