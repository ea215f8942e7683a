//! One JSON Schema validator per component schema of a document.
//!
//! The document's schemas are translated into JSON Schema draft 4 by [`crate::json_schema`] (see
//! its table for `nullable`, `$ref` and `format`) and compiled by the `jsonschema` crate with
//! format assertion on, unknown formats refused, and no resolver beyond the document itself.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use jsonschema::{Draft, Validator};
use serde_json::Value;

use crate::document::Document;
use crate::json_schema::{Definitions, TranslateError, is_uuid};

/// The validators of one document's component schemas.
pub struct Validators {
    by_name: BTreeMap<String, Validator>,
}

impl fmt::Debug for Validators {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validators").field("schemas", &self.by_name.keys()).finish()
    }
}

/// A document whose schemas cannot be validated against.
#[derive(Debug, thiserror::Error)]
pub enum ValidatorError {
    /// A schema the translation to JSON Schema cannot express.
    #[error("{}#{source}", document.display())]
    Translate {
        /// The document, relative to the workspace root.
        document: PathBuf,
        /// What cannot be translated, and its JSON pointer.
        source: TranslateError,
    },
    /// A translated schema the validator refuses.
    #[error("{}#/components/schemas/{schema}: the schema does not compile: {message}", document.display())]
    Compile {
        /// The document, relative to the workspace root.
        document: PathBuf,
        /// The component.
        schema: String,
        /// The validator's explanation.
        message: String,
    },
}

/// One reason a schema rejects a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Where in the value, as a JSON pointer; `/` for the whole value.
    pub pointer: String,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.pointer, self.message)
    }
}

impl Validators {
    /// Compiles a validator for every component schema of `document`.
    ///
    /// # Errors
    /// The first schema that cannot be translated or compiled, by document and JSON pointer.
    pub fn new(document: &Document) -> Result<Validators, ValidatorError> {
        let definitions = Definitions::translate(&document.schemas).map_err(|source| {
            ValidatorError::Translate { document: document.path.clone(), source }
        })?;
        let mut by_name = BTreeMap::new();
        for name in document.schemas.keys() {
            let compile_error = |message: String| ValidatorError::Compile {
                document: document.path.clone(),
                schema: name.clone(),
                message,
            };
            let root = definitions
                .root(name)
                .ok_or_else(|| compile_error("it was not translated".to_owned()))?;
            let validator = jsonschema::options()
                .with_draft(Draft::Draft4)
                .should_validate_formats(true)
                .should_ignore_unknown_formats(false)
                .with_format("uuid", is_uuid)
                .build(&root)
                .map_err(|error| compile_error(error.to_string()))?;
            by_name.insert(name.clone(), validator);
        }
        Ok(Validators { by_name })
    }

    /// Whether the document has a component `name`.
    #[must_use]
    pub fn has(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// Why component `name` rejects `value`, one violation per error; empty when it accepts it.
    /// A component the document does not have rejects everything, with one violation saying so.
    #[must_use]
    pub fn violations(&self, name: &str, value: &Value) -> Vec<Violation> {
        let Some(validator) = self.by_name.get(name) else {
            return vec![Violation {
                pointer: "/".to_owned(),
                message: format!("the document has no component schema `{name}`"),
            }];
        };
        validator
            .iter_errors(value)
            .map(|error| {
                let pointer = error.instance_path().to_string();
                Violation {
                    pointer: if pointer.is_empty() { "/".to_owned() } else { pointer },
                    message: error.to_string(),
                }
            })
            .collect()
    }
}

/// The violations as one line: `at `/a`: …; at `/b`: …`.
pub(crate) fn joined(violations: &[Violation]) -> String {
    violations.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(schemas: Value) -> Document {
        Document {
            version: "v1".to_owned(),
            path: PathBuf::from("generated/openapi/v1.json"),
            schemas: serde_json::from_value(schemas).unwrap(),
        }
    }

    #[test]
    fn violations_name_the_json_pointer() {
        let validators = Validators::new(&document(json!({
            "Id": {"type": "string", "format": "uuid"},
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"$ref": "#/components/schemas/Id"}, "n": {"type": "integer", "format": "uint8"}},
            },
        })))
        .unwrap();
        assert!(validators.has("Thing") && !validators.has("Other"));
        assert!(
            validators
                .violations("Thing", &json!({"id": "67e55044-10b1-426f-9247-bb680e5fe0c8"}))
                .is_empty()
        );
        let violations = validators.violations("Thing", &json!({"id": "x", "n": 256}));
        let pointers: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
        assert_eq!(pointers, ["/id", "/n"], "{violations:?}");
        assert_eq!(validators.violations("Thing", &json!([]))[0].pointer, "/");
        assert_eq!(
            validators.violations("Other", &json!(1))[0].to_string(),
            "at `/`: the document has no component schema `Other`"
        );
    }

    #[test]
    fn an_untranslatable_schema_names_document_and_pointer() {
        let error =
            Validators::new(&document(json!({"Site": {"type": "string", "format": "uri"}})))
                .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("generated/openapi/v1.json#/components/schemas/Site/format: "),
            "{error}"
        );
    }
}
