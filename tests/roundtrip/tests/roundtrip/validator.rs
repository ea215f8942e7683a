//! One JSON Schema validator per component schema of a document.
//!
//! The document's schemas are translated into JSON Schema draft 4 by
//! `roundtrip_tests::json_schema` (see its table for `nullable`, `$ref` and `format`) and
//! compiled by the `jsonschema` crate with format assertion on, unknown formats refused, and no
//! resolver beyond the document itself.

use std::collections::BTreeMap;

use jsonschema::{Draft, Validator};
use roundtrip_tests::Document;
use roundtrip_tests::json_schema::{Definitions, is_uuid};
use serde_json::Value;

/// The validators of one document's component schemas.
pub(crate) struct Validators {
    by_name: BTreeMap<String, Validator>,
}

impl Validators {
    /// Compiles a validator for every component schema of `document`.
    ///
    /// # Errors
    /// A message naming the document and the schema that cannot be translated or compiled.
    pub(crate) fn new(document: &Document) -> Result<Validators, String> {
        let at = document.path.display();
        let definitions =
            Definitions::translate(&document.schemas).map_err(|error| format!("{at}#{error}"))?;
        let mut by_name = BTreeMap::new();
        for name in document.schemas.keys() {
            let root = definitions.root(name).ok_or_else(|| format!("{at}: no schema {name}"))?;
            let validator = jsonschema::options()
                .with_draft(Draft::Draft4)
                .should_validate_formats(true)
                .should_ignore_unknown_formats(false)
                .with_format("uuid", is_uuid)
                .build(&root)
                .map_err(|error| format!("{at}: the schema {name} does not compile: {error}"))?;
            by_name.insert(name.clone(), validator);
        }
        Ok(Validators { by_name })
    }

    /// Why component `name` rejects `value`, one line per error; empty when it accepts it.
    ///
    /// # Panics
    /// When the document has no component `name`: callers look names up in the document first.
    pub(crate) fn errors(&self, name: &str, value: &Value) -> Vec<String> {
        let validator = &self.by_name[name];
        validator
            .iter_errors(value)
            .map(|error| {
                let at = error.instance_path().to_string();
                format!("at `{}`: {error}", if at.is_empty() { "/" } else { &at })
            })
            .collect()
    }
}
