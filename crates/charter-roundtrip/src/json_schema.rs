//! OpenAPI 3.0 schema objects translated into JSON Schema draft 4, for a real validator.
//!
//! An OpenAPI 3.0 Schema Object is an extended subset of JSON Schema draft wright-00, which a
//! draft 4 validator reads correctly once the OpenAPI-only parts are translated:
//!
//! | OpenAPI 3.0 | JSON Schema draft 4 |
//! | --- | --- |
//! | `$ref: "#/components/schemas/X"` | `$ref: "#/definitions/X"`; every component becomes a definition of one root schema. Any other `$ref` is an error. Siblings of `$ref` are ignored by both. |
//! | `nullable: true` | `anyOf: [{type: "null"}, <the schema without nullable>]`: `null` is admitted besides what the schema admits, the reading typify and progenitor give it (also for `allOf: [{$ref}]` wrappers). |
//! | `format` | see [`ASSERTED_FORMATS`], [`integer_bounds`] and [`ANNOTATION_FORMATS`]; any other format is an error, so a new one forces a decision here. |
//! | `exclusiveMinimum`/`exclusiveMaximum` (booleans) | unchanged: draft 4 has the same booleans. |
//! | `example`, `externalDocs`, `xml`, `discriminator`, `deprecated`, `readOnly`, `writeOnly`, `x-…` | dropped: annotations that admit or reject nothing here. |
//!
//! The validator's own draft 4 keywords (`type`, `enum`, `properties`, `required`,
//! `additionalProperties`, `items`, `allOf`/`anyOf`/`oneOf`/`not`, lengths, bounds, `pattern`)
//! are kept as they are. The result is checked against the draft 4 meta-schema when the
//! validator is built.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

/// Where component schemas are referenced from in an OpenAPI 3.0 document.
pub const COMPONENTS_PREFIX: &str = "#/components/schemas/";

/// Formats the fixture test asserts, as the validator checks them:
///
/// - `date-time`: RFC 3339 `date-time` (the validator's built-in check);
/// - `date`: RFC 3339 `full-date`, a real calendar day (built-in);
/// - `email`: RFC 5322 `addr-spec` (built-in);
/// - `uuid`: the RFC 9562 string form, 8-4-4-4-12 hex digits ([`is_uuid`], registered by the test
///   because draft 4 has no `uuid` format).
pub const ASSERTED_FORMATS: [&str; 4] = ["date", "date-time", "email", "uuid"];

/// Formats that only annotate: `double` is any JSON number (JSON has no other kind), so it
/// admits everything `type: number` does.
pub const ANNOTATION_FORMATS: [&str; 1] = ["double"];

/// The inclusive bounds an integer `format` implies, as JSON numbers; `None` for other formats.
///
/// `int32`/`int64` are OpenAPI's; the `uint*`, `int8`/`int16` and `uint`/`int` (pointer-sized,
/// taken as 64-bit) spellings are the ones schemars writes for Rust's integer types.
#[must_use]
pub fn integer_bounds(format: &str) -> Option<(Value, Value)> {
    let (min, max): (i64, u64) = match format {
        "int8" => (i8::MIN.into(), 127),
        "int16" => (i16::MIN.into(), 32_767),
        "int32" => (i32::MIN.into(), 2_147_483_647),
        "int64" | "int" => (i64::MIN, 9_223_372_036_854_775_807),
        "uint8" => (0, u8::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "uint32" => (0, u32::MAX.into()),
        "uint64" | "uint" => (0, u64::MAX),
        _ => return None,
    };
    Some((min.into(), max.into()))
}

/// Whether `value` is a UUID in its standard string form: 32 hex digits in groups of
/// 8-4-4-4-12 separated by hyphens, either case.
#[must_use]
pub fn is_uuid(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// A schema the translation cannot express, with the JSON pointer to it in the document.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TranslateError {
    /// A `$ref` that does not point at a component schema of the same document.
    #[error("{pointer}: `$ref: {reference}` is not a reference to `{COMPONENTS_PREFIX}<Name>`")]
    ForeignRef {
        /// Where the reference is.
        pointer: String,
        /// The reference.
        reference: String,
    },
    /// A `$ref` to a component schema the document does not have.
    #[error("{pointer}: `$ref: {reference}` names no component schema of the document")]
    DanglingRef {
        /// Where the reference is.
        pointer: String,
        /// The reference.
        reference: String,
    },
    /// A `format` whose meaning the fixture test has not decided.
    #[error(
        "{pointer}: `format: {format}` is neither asserted nor a known annotation; decide what it \
         means in charter-roundtrip's `json_schema` module"
    )]
    UnknownFormat {
        /// Where the format is.
        pointer: String,
        /// The format.
        format: String,
    },
    /// A keyword that is not a schema where one is expected.
    #[error("{pointer}: expected a schema object")]
    NotASchema {
        /// Where.
        pointer: String,
    },
}

/// Every component schema of a document, translated, ready to validate against by name.
#[derive(Clone, Debug)]
pub struct Definitions {
    definitions: Map<String, Value>,
}

impl Definitions {
    /// Translates every schema in `components` (a document's `components.schemas`).
    ///
    /// # Errors
    /// The first schema that cannot be translated, by JSON pointer into the document.
    pub fn translate(components: &BTreeMap<String, Value>) -> Result<Definitions, TranslateError> {
        let translator = Translator { components };
        let mut definitions = Map::new();
        for (name, schema) in components {
            let pointer = format!("/components/schemas/{}", escape(name));
            definitions.insert(name.clone(), translator.schema(schema, &pointer)?);
        }
        Ok(Definitions { definitions })
    }

    /// The draft 4 schema that validates a value of component `name`: a reference to it beside
    /// every definition. `None` when the document has no such component.
    #[must_use]
    pub fn root(&self, name: &str) -> Option<Value> {
        self.definitions.contains_key(name).then(|| {
            json!({
                "$schema": "http://json-schema.org/draft-04/schema#",
                "allOf": [{"$ref": format!("#/definitions/{}", escape(name))}],
                "definitions": self.definitions,
            })
        })
    }

    /// The translated schema of component `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.definitions.get(name)
    }
}

struct Translator<'a> {
    components: &'a BTreeMap<String, Value>,
}

impl Translator<'_> {
    fn schema(&self, schema: &Value, pointer: &str) -> Result<Value, TranslateError> {
        let Value::Object(object) = schema else {
            return Err(TranslateError::NotASchema { pointer: pointer.to_owned() });
        };
        let mut out = Map::new();
        let mut integer_format = None;
        for (key, value) in object {
            let here = format!("{pointer}/{}", escape(key));
            match key.as_str() {
                "$ref" => {
                    out.insert(key.clone(), Value::String(self.reference(value, &here)?));
                }
                "nullable" | "example" | "externalDocs" | "xml" | "discriminator"
                | "deprecated" | "readOnly" | "writeOnly" => {}
                extension if extension.starts_with("x-") => {}
                "format" => {
                    let format = value.as_str().unwrap_or_default();
                    if ASSERTED_FORMATS.contains(&format) {
                        out.insert(key.clone(), value.clone());
                    } else if let Some(bounds) = integer_bounds(format) {
                        integer_format = Some(bounds);
                    } else if !ANNOTATION_FORMATS.contains(&format) {
                        return Err(TranslateError::UnknownFormat {
                            pointer: here,
                            format: format.to_owned(),
                        });
                    }
                }
                "properties" => {
                    let Value::Object(properties) = value else {
                        return Err(TranslateError::NotASchema { pointer: here });
                    };
                    let mut translated = Map::new();
                    for (name, property) in properties {
                        let at = format!("{here}/{}", escape(name));
                        translated.insert(name.clone(), self.schema(property, &at)?);
                    }
                    out.insert(key.clone(), Value::Object(translated));
                }
                "items" | "not" => {
                    out.insert(key.clone(), self.schema(value, &here)?);
                }
                "additionalProperties" if value.is_object() => {
                    out.insert(key.clone(), self.schema(value, &here)?);
                }
                "allOf" | "anyOf" | "oneOf" => {
                    let Value::Array(branches) = value else {
                        return Err(TranslateError::NotASchema { pointer: here });
                    };
                    let translated = branches
                        .iter()
                        .enumerate()
                        .map(|(i, branch)| self.schema(branch, &format!("{here}/{i}")))
                        .collect::<Result<Vec<_>, _>>()?;
                    out.insert(key.clone(), Value::Array(translated));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        let mut translated = Value::Object(out);
        if let Some((minimum, maximum)) = integer_format {
            translated = json!({"allOf": [translated, {"minimum": minimum, "maximum": maximum}]});
        }
        if object.get("nullable") == Some(&Value::Bool(true)) {
            translated = json!({"anyOf": [{"type": "null"}, translated]});
        }
        Ok(translated)
    }

    fn reference(&self, value: &Value, pointer: &str) -> Result<String, TranslateError> {
        let reference = value.as_str().unwrap_or_default();
        let Some(name) = reference.strip_prefix(COMPONENTS_PREFIX) else {
            return Err(TranslateError::ForeignRef {
                pointer: pointer.to_owned(),
                reference: reference.to_owned(),
            });
        };
        if !self.components.contains_key(&unescape(name)) {
            return Err(TranslateError::DanglingRef {
                pointer: pointer.to_owned(),
                reference: reference.to_owned(),
            });
        }
        Ok(format!("#/definitions/{name}"))
    }
}

/// Escapes a JSON pointer token (RFC 6901).
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn components(value: Value) -> BTreeMap<String, Value> {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn references_become_definitions_and_annotations_go() {
        let definitions = Definitions::translate(&components(json!({
            "Id": {"type": "string", "format": "uuid", "example": "x", "x-rust": "Id"},
            "Thing": {
                "type": "object",
                "properties": {"id": {"allOf": [{"$ref": "#/components/schemas/Id"}], "readOnly": true}},
            },
        })))
        .unwrap();
        assert_eq!(definitions.get("Id").unwrap(), &json!({"type": "string", "format": "uuid"}));
        assert_eq!(
            definitions.get("Thing").unwrap(),
            &json!({"type": "object", "properties": {"id": {"allOf": [{"$ref": "#/definitions/Id"}]}}})
        );
        let root = definitions.root("Thing").unwrap();
        assert_eq!(root["allOf"], json!([{"$ref": "#/definitions/Thing"}]));
        assert!(definitions.root("Nothing").is_none());
    }

    #[test]
    fn nullable_admits_null_besides_the_schema() {
        let definitions = Definitions::translate(&components(json!({
            "Name": {"type": "string", "nullable": true, "maxLength": 3},
            "Ref": {"allOf": [{"$ref": "#/components/schemas/Name"}], "nullable": true},
            "Plain": {"type": "string", "nullable": false},
        })))
        .unwrap();
        assert_eq!(
            definitions.get("Name").unwrap(),
            &json!({"anyOf": [{"type": "null"}, {"type": "string", "maxLength": 3}]})
        );
        assert_eq!(
            definitions.get("Ref").unwrap(),
            &json!({"anyOf": [{"type": "null"}, {"allOf": [{"$ref": "#/definitions/Name"}]}]})
        );
        assert_eq!(definitions.get("Plain").unwrap(), &json!({"type": "string"}));
    }

    #[test]
    fn integer_formats_become_bounds_and_unknown_formats_are_errors() {
        let definitions = Definitions::translate(&components(json!({
            "Count": {"type": "integer", "format": "uint32", "minimum": 1},
            "Ratio": {"type": "number", "format": "double"},
        })))
        .unwrap();
        assert_eq!(
            definitions.get("Count").unwrap(),
            &json!({"allOf": [{"type": "integer", "minimum": 1}, {"minimum": 0, "maximum": 4_294_967_295_u32}]})
        );
        assert_eq!(definitions.get("Ratio").unwrap(), &json!({"type": "number"}));

        let error = Definitions::translate(&components(json!({
            "Site": {"type": "object", "properties": {"home": {"type": "string", "format": "uri"}}},
        })))
        .unwrap_err();
        assert_eq!(
            error,
            TranslateError::UnknownFormat {
                pointer: "/components/schemas/Site/properties/home/format".into(),
                format: "uri".into(),
            }
        );
    }

    #[test]
    fn foreign_and_dangling_references_are_errors() {
        let foreign = Definitions::translate(&components(json!({
            "A": {"$ref": "other.json#/components/schemas/A"},
        })))
        .unwrap_err();
        assert!(matches!(foreign, TranslateError::ForeignRef { .. }), "{foreign}");
        let dangling = Definitions::translate(&components(json!({
            "A": {"items": {"$ref": "#/components/schemas/B"}, "type": "array"},
        })))
        .unwrap_err();
        assert_eq!(
            dangling.to_string(),
            "/components/schemas/A/items/$ref: `$ref: #/components/schemas/B` names no component \
             schema of the document"
        );
    }

    #[test]
    fn uuids_in_standard_form_only() {
        assert!(is_uuid("67e55044-10b1-426f-9247-bb680e5fe0c8"));
        assert!(is_uuid("67E55044-10B1-426F-9247-BB680E5FE0C8"));
        assert!(!is_uuid("67e5504410b1426f9247bb680e5fe0c8"));
        assert!(!is_uuid("{67e55044-10b1-426f-9247-bb680e5fe0c8}"));
        assert!(!is_uuid("urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8"));
        assert!(!is_uuid("67e55044-10b1-426f-9247-bb680e5fe0cg"));
    }
}
