//! Reading documents: JSON or YAML text into a [`Document`], checked once so that comparing
//! never meets a dangling `$ref`.
//!
//! The loader is the one place that knows about text. Everything after it works on a
//! [`serde_json::Value`] tree and resolves `$ref`s by pointer, never by copying. Loose documents
//! (an operation without `responses`, a response without `description`, a parameter without a
//! schema) are read with a [`LoadWarning`]; what cannot be compared at all (OpenAPI 3.2, Swagger
//! 2.0, another JSON Schema dialect, malformed text, a dangling `$ref`) is a [`LoadError`].
//!
//! OpenAPI 3.0.x and 3.1.x are read; `spelling` rewrites 3.1 schemas into the spelling the
//! comparison reads (`nullable`, `enum`, `allOf`), so one meaning compares equal whatever the
//! spelling, and names every schema keyword that is not compared.

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::LoadError;
use crate::pointer;

mod bounded;
mod spelling;

use bounded::Budget;

/// The largest document the loader accepts, in bytes: 64 MiB, five times GitHub's REST
/// description. Larger inputs are refused before parsing, so memory stays bounded.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// How much memory a parsed document may take, per byte of the size limit: 16, so 1 GiB for
/// [`MAX_DOCUMENT_BYTES`]. The tree is estimated as it is built and parsing stops past it: YAML
/// aliases (`*a`) repeat their anchor's content, so a small file can stand for a huge tree.
pub const PARSED_BYTES_PER_BYTE: u64 = 16;

/// The deepest nesting of JSON values the loader accepts. The JSON and YAML parsers stop at 128
/// levels already; this bounds documents built in memory too.
pub const MAX_DEPTH: usize = 256;

/// The JSON Schema dialect of OpenAPI 3.1, the only one the differ reads.
pub const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// How many `$ref`s may follow one another before the target is a value.
pub(crate) const MAX_REF_CHAIN: usize = 64;

/// Something the loader accepted but a reader should know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadWarning {
    /// JSON pointer of the loose construct.
    pub pointer: String,
    /// What is loose and how the differ reads it.
    pub message: String,
}

/// A parsed OpenAPI 3.0 or 3.1 document.
#[derive(Debug)]
pub struct Document {
    name: String,
    root: Value,
    warnings: Vec<LoadWarning>,
}

impl Document {
    /// Reads the file at `path` (JSON or YAML), refusing more than [`MAX_DOCUMENT_BYTES`].
    ///
    /// # Errors
    /// When the file cannot be read, is too large, or is not an OpenAPI 3.0 or 3.1 document.
    pub fn read(path: &Path) -> Result<Document, LoadError> {
        Document::read_with_limit(path, MAX_DOCUMENT_BYTES)
    }

    /// Reads the file at `path`, refusing more than `limit` bytes. A regular file is refused
    /// from its size before anything is read; anything else (a pipe, `/dev/zero`) is read up to
    /// one byte past the limit, so memory stays bounded whatever the file is.
    ///
    /// # Errors
    /// When the file cannot be read, is too large, or is not an OpenAPI 3.0 or 3.1 document.
    pub fn read_with_limit(path: &Path, limit: u64) -> Result<Document, LoadError> {
        use std::io::Read as _;
        let name = path.display().to_string();
        let io = |error| LoadError::Io { name: name.clone(), error };
        let file = std::fs::File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        if size > limit {
            return Err(LoadError::TooLarge { name, size: Some(size), limit });
        }
        let capacity = usize::try_from(size.saturating_add(1)).unwrap_or(usize::MAX);
        let mut bytes = Vec::with_capacity(capacity);
        file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(io)?;
        if bytes.len() as u64 > limit {
            return Err(LoadError::TooLarge { name, size: None, limit });
        }
        Document::parse_with_limit(&name, &bytes, limit)
    }

    /// Parses `bytes` as JSON when it starts with `{`, else as YAML. `name` appears in errors.
    ///
    /// # Errors
    /// When the text is larger than [`MAX_DOCUMENT_BYTES`], malformed, or not an OpenAPI 3.0
    /// document.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<Document, LoadError> {
        Document::parse_with_limit(name, bytes, MAX_DOCUMENT_BYTES)
    }

    /// [`Document::parse`] with another size limit than [`MAX_DOCUMENT_BYTES`].
    ///
    /// # Errors
    /// When the text is larger than `limit`, malformed, or not an OpenAPI 3.0 or 3.1 document.
    pub fn parse_with_limit(name: &str, bytes: &[u8], limit: u64) -> Result<Document, LoadError> {
        let name = name.to_owned();
        if bytes.len() as u64 > limit {
            return Err(LoadError::TooLarge { name, size: Some(bytes.len() as u64), limit });
        }
        let text = std::str::from_utf8(bytes).map_err(|error| LoadError::NotText {
            name: name.clone(),
            offset: error.valid_up_to(),
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            return Err(LoadError::Empty { name });
        }
        let memory = limit.saturating_mul(PARSED_BYTES_PER_BYTE);
        let root = if trimmed.starts_with('{') {
            parse_json(&name, text, memory)?
        } else {
            parse_yaml(&name, text, memory)?
        };
        Document::from_value(&name, root)
    }

    /// Checks an in-memory document, e.g. one emitted from the contracts.
    ///
    /// # Errors
    /// When it is not an OpenAPI 3.0 or 3.1 document or has a dangling `$ref`.
    pub fn from_value(name: &str, root: Value) -> Result<Document, LoadError> {
        let name = name.to_owned();
        let Some(object) = root.as_object() else {
            return Err(LoadError::NotOpenApi {
                name,
                problem: "the document is not an object; an OpenAPI document starts with \
                          `openapi: 3.0.x`"
                    .to_owned(),
            });
        };
        if let Some(swagger) = object.get("swagger") {
            return Err(LoadError::NotOpenApi {
                name,
                problem: format!(
                    "this is a Swagger {} document; charter-differ reads OpenAPI 3.0.x and \
                     3.1.x (convert it first, e.g. with swagger2openapi)",
                    shown(&display_scalar(swagger))
                ),
            });
        }
        let version = match object.get("openapi") {
            Some(Value::String(version)) if version.starts_with("3.0") => spelling::Version::V30,
            Some(Value::String(version)) if version == "3.1" || version.starts_with("3.1.") => {
                spelling::Version::V31
            }
            Some(version) => {
                return Err(LoadError::UnsupportedVersion {
                    name,
                    version: shown(&display_scalar(version)),
                });
            }
            None => {
                return Err(LoadError::NotOpenApi {
                    name,
                    problem: "no `openapi` field: not an OpenAPI document".to_owned(),
                });
            }
        };
        if let Some(dialect) = object.get("jsonSchemaDialect")
            && dialect.as_str() != Some(DEFAULT_DIALECT)
        {
            return Err(LoadError::UnsupportedDialect {
                name,
                dialect: shown(&display_scalar(dialect)),
            });
        }
        let mut checker = Checker {
            root: &root,
            name: &name,
            warnings: Vec::new(),
            checked: std::collections::HashSet::new(),
        };
        let mut path = Vec::new();
        checker.walk(&root, &mut path, 0)?;
        let mut warnings = checker.warnings;
        let mut root = root;
        spelling::normalize(&mut root, version, &mut warnings);
        let mut checker = Checker {
            root: &root,
            name: &name,
            warnings,
            checked: std::collections::HashSet::new(),
        };
        if let Some(object) = root.as_object() {
            checker.loose(object);
        }
        let warnings = checker.warnings;
        Ok(Document { name, root, warnings })
    }

    /// The name given when loading, e.g. the file path.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole document.
    #[must_use]
    pub fn root(&self) -> &Value {
        &self.root
    }

    /// What the loader accepted with a warning.
    #[must_use]
    pub fn warnings(&self) -> &[LoadWarning] {
        &self.warnings
    }

    /// `info.x-stability`, when the document declares it.
    #[must_use]
    pub fn declared_stability(&self) -> Option<&str> {
        self.root.get("info")?.get("x-stability")?.as_str()
    }

    /// The value a local `$ref` (`#/...`) points at.
    #[must_use]
    pub(crate) fn target(&self, reference: &str) -> Option<&Value> {
        lookup(&self.root, reference)
    }

    /// Follows `$ref`s from `value` to a value that is not a reference. Returns
    /// the value and its pointer; `None` for external references.
    pub(crate) fn resolve<'d>(&'d self, value: &'d Value) -> Option<(&'d Value, String)> {
        let mut value = value;
        let mut at = "";
        for _ in 0..MAX_REF_CHAIN {
            match value.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    value = self.target(reference)?;
                    at = reference.trim_start_matches('#');
                }
                None => return Some((value, at.to_owned())),
            }
        }
        None
    }
}

/// Looks up a local reference `#/a/b` in `root`, decoding `%xx` escapes.
fn lookup<'v>(root: &'v Value, reference: &str) -> Option<&'v Value> {
    let fragment = reference.strip_prefix('#')?;
    if fragment.contains('%') {
        evaluate(root, &percent_decode(fragment))
    } else {
        evaluate(root, fragment)
    }
}

/// Evaluates a JSON pointer as [`Value::pointer`] does, without allocating a string per token
/// (only a token holding `~` is unescaped into a new one): every `$ref` is looked up this way.
fn evaluate<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut target = root;
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = crate::pointer::unescape(token);
        target = match target {
            Value::Object(map) => map.get(token.as_ref())?,
            Value::Array(items) => items.get(array_index(&token)?)?,
            _ => return None,
        };
    }
    Some(target)
}

/// An array index as RFC 6901 writes it: digits, no sign, no leading zero.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes.get(i).copied().unwrap_or_default();
        if byte == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|hex| std::str::from_utf8(hex).ok());
            if let Some(decoded) = hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                out.push(decoded);
                i += 3;
                continue;
            }
        }
        out.push(byte);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Text from the input as an error shows it: on one line (control characters escaped) and at
/// most [`SHOWN_CHARS`] characters, so a hostile document cannot forge or flood the message.
pub(crate) fn shown(text: &str) -> String {
    shown_up_to(text, SHOWN_CHARS)
}

/// A pointer as an error shows it: on one line, and cut only when absurdly long (a pointer to
/// the deepest value the checks allow has some 2,000 characters).
fn shown_pointer(pointer: &str) -> String {
    shown_up_to(pointer, SHOWN_POINTER_CHARS)
}

fn shown_up_to(text: &str, limit: usize) -> String {
    let mut out = String::with_capacity(text.len().min(limit));
    for (count, c) in text.chars().enumerate() {
        if count == limit {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// How many characters of input text an error shows.
const SHOWN_CHARS: usize = 200;

/// How many characters of a pointer an error shows.
const SHOWN_POINTER_CHARS: usize = 4096;

fn display_scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// How deep the JSON and YAML parsers nest before they stop.
const PARSER_DEPTH: usize = 128;

/// A parser's message without its position (the error carries it), on one line, and saying
/// what the recursion limit is.
fn parser_message(message: &str) -> String {
    let message = strip_position(message);
    if message == "recursion limit exceeded" {
        format!("nested deeper than {PARSER_DEPTH} levels, the most the parser reads")
    } else {
        shown(&message)
    }
}

/// serde_json appends " at line X column Y"; the error already carries them.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message.get(..at).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

fn parse_json(name: &str, text: &str, memory: u64) -> Result<Value, LoadError> {
    let mut budget = Budget::new(memory, false);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = bounded::parse(&mut deserializer, &mut budget)
        .and_then(|value| deserializer.end().map(|()| value));
    parsed.map_err(|error| {
        let (line, column) = (error.line(), error.column());
        if budget.exhausted {
            LoadError::TooMuchMemory { name: name.to_owned(), line, column, limit: memory }
        } else {
            LoadError::Json {
                name: name.to_owned(),
                line,
                column,
                message: parser_message(&error.to_string()),
            }
        }
    })
}

fn parse_yaml(name: &str, text: &str, memory: u64) -> Result<Value, LoadError> {
    let mut budget = Budget::new(memory, true);
    bounded::parse(serde_norway::Deserializer::from_str(text), &mut budget).map_err(|error| {
        let (line, column) = error.location().map(|at| (at.line(), at.column())).unwrap_or((0, 0));
        if budget.exhausted {
            LoadError::TooMuchMemory { name: name.to_owned(), line, column, limit: memory }
        } else {
            LoadError::Yaml {
                name: name.to_owned(),
                line,
                column,
                message: parser_message(&error.to_string()),
            }
        }
    })
}

/// One pass over the document: every local `$ref` resolves, no chain of references cycles,
/// nesting is bounded; then the loose constructs are noted.
struct Checker<'a> {
    root: &'a Value,
    name: &'a str,
    warnings: Vec<LoadWarning>,
    /// References already proven to resolve: a shared component is checked once.
    checked: std::collections::HashSet<&'a str>,
}

impl<'a> Checker<'a> {
    fn walk(
        &mut self,
        value: &'a Value,
        path: &mut Vec<Segment<'a>>,
        depth: usize,
    ) -> Result<(), LoadError> {
        if depth > MAX_DEPTH {
            return Err(LoadError::TooDeep {
                name: self.name.to_owned(),
                pointer: shown_pointer(&join(path)),
                limit: MAX_DEPTH,
            });
        }
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref")
                    && self.checked.insert(reference.as_str())
                {
                    self.check_ref(reference, path)?;
                }
                for (key, child) in object {
                    // Examples and extensions are free-form: a `$ref` in them is data.
                    if key == "example" || key == "examples" || key.starts_with("x-") {
                        continue;
                    }
                    if child.is_object() || child.is_array() {
                        path.push(Segment::Key(key));
                        self.walk(child, path, depth + 1)?;
                        path.pop();
                    }
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    if child.is_object() || child.is_array() {
                        path.push(Segment::Index(index));
                        self.walk(child, path, depth + 1)?;
                        path.pop();
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn check_ref(&mut self, reference: &'a str, path: &[Segment<'_>]) -> Result<(), LoadError> {
        if !reference.starts_with('#') {
            self.warnings.push(LoadWarning {
                pointer: join(path),
                message: format!(
                    "external `$ref` `{reference}` is not followed: its target is compared as \
                     an unknown schema"
                ),
            });
            return Ok(());
        }
        let mut current = reference;
        for _ in 0..MAX_REF_CHAIN {
            let Some(target) = lookup(self.root, current) else {
                return Err(LoadError::MissingRef {
                    name: self.name.to_owned(),
                    pointer: shown_pointer(&join(path)),
                    target: shown(current),
                });
            };
            match target.get("$ref").and_then(Value::as_str) {
                Some(next) if next.starts_with('#') => current = next,
                _ => return Ok(()),
            }
        }
        Err(LoadError::RefCycle { name: self.name.to_owned(), pointer: shown_pointer(&join(path)) })
    }

    /// Loose constructs that real documents have and the differ reads anyway.
    fn loose(&mut self, root: &Map<String, Value>) {
        let Some(paths) = root.get("paths").and_then(Value::as_object) else {
            return;
        };
        for (path, item) in paths {
            let Some(item) = item.as_object() else { continue };
            let item_pointer = pointer::join(&["paths", path]);
            self.loose_parameters(item.get("parameters"), &format!("{item_pointer}/parameters"));
            for method in crate::compare::METHODS {
                let Some(operation) = item.get(*method).and_then(Value::as_object) else {
                    continue;
                };
                let at = format!("{item_pointer}/{method}");
                self.loose_parameters(operation.get("parameters"), &format!("{at}/parameters"));
                let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
                    self.warnings.push(LoadWarning {
                        pointer: at,
                        message: "operation without `responses`: read as having none".to_owned(),
                    });
                    continue;
                };
                for (status, response) in responses {
                    let Some(response) = lookup_or_self(self.root, response) else { continue };
                    if response.get("description").is_none() {
                        self.warnings.push(LoadWarning {
                            pointer: format!("{at}/responses/{}", pointer::escape(status)),
                            message: "response without `description`".to_owned(),
                        });
                    }
                }
            }
        }
    }

    fn loose_parameters(&mut self, parameters: Option<&Value>, at: &str) {
        let Some(parameters) = parameters.and_then(Value::as_array) else { return };
        for (index, parameter) in parameters.iter().enumerate() {
            let Some(parameter) = lookup_or_self(self.root, parameter) else { continue };
            if parameter.get("schema").is_none() && parameter.get("content").is_none() {
                let name = parameter.get("name").and_then(Value::as_str).unwrap_or("?");
                self.warnings.push(LoadWarning {
                    pointer: format!("{at}/{index}"),
                    message: format!(
                        "parameter `{name}` has no `schema`: compared as accepting any value"
                    ),
                });
            }
        }
    }
}

fn lookup_or_self<'v>(root: &'v Value, value: &'v Value) -> Option<&'v Value> {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => lookup(root, reference),
        None => Some(value),
    }
}

/// One step of the path to a value, kept unformatted until an error needs it.
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn join(path: &[Segment<'_>]) -> String {
    let segments: Vec<String> = path
        .iter()
        .map(|segment| match segment {
            Segment::Key(key) => (*key).to_owned(),
            Segment::Index(index) => index.to_string(),
        })
        .collect();
    pointer::join(&segments)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn pointers_evaluate_as_serde_json_does() {
        let value = json!({
            "a/b": { "c~d": [10, { "": 20 }] },
            "list": [0, 1, 2],
            "%7B": 3,
        });
        for pointer in [
            "",
            "/a~1b",
            "/a~1b/c~0d",
            "/a~1b/c~0d/1",
            "/a~1b/c~0d/1/",
            "/list/2",
            "/list/02",
            "/list/+1",
            "/list/3",
            "/list/-",
            "/missing",
            "a",
            "/%7B",
            "/a~1b/c~0d/0/x",
        ] {
            assert_eq!(evaluate(&value, pointer), value.pointer(pointer), "{pointer:?}");
        }
        assert_eq!(lookup(&value, "#/%257B"), value.pointer("/%7B"));
        assert_eq!(lookup(&value, "/list"), None);
    }
}
