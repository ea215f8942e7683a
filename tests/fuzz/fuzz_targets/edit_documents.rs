//! Structure-aware: a valid seed document (the emitted contract documents and every document of
//! the oasdiff corpus that loads) is edited as a JSON tree by a list of edits the fuzzer
//! chooses: remove, set, copy, rename, point at a component, wrap in allOf/oneOf/anyOf/array or
//! in OpenAPI 3.1's `anyOf`/`oneOf` with a `null` member, give a `$ref` siblings, set a schema
//! keyword (3.1's among them). The seeds of the 3.1 pairs of the corpus are 3.1 documents. The
//! base is the seed with its own few edits, the head is the base with more; both go through the
//! loader's checks (`Document::from_value`), the differ and every renderer; the base compared
//! with a copy of itself must report no change, and the form it is read in must read the same
//! again.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use arbitrary::Arbitrary;
use charter_differ::Document;
use charter_differ_fuzz::{assert_no_change, compare_and_render, loaded};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};

/// Seed documents, parsed once.
static SEEDS: LazyLock<Vec<Value>> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files =
        vec![root.join("generated/openapi/v1.json"), root.join("generated/openapi/v2.json")];
    let corpus = root.join("tests/corpus/oasdiff");
    let mut cases: Vec<_> = std::fs::read_dir(&corpus)
        .map(|entries| entries.filter_map(Result::ok).map(|entry| entry.path()).collect())
        .unwrap_or_default();
    cases.sort();
    for case in cases {
        for name in ["base.yaml", "revision.yaml", "base.json", "revision.json"] {
            files.push(case.join(name));
        }
    }
    let seeds: Vec<Value> = files
        .iter()
        .filter_map(|file| std::fs::read(file).ok())
        .filter_map(|bytes| Document::parse("seed", &bytes).ok())
        .map(|document| document.root().clone())
        .collect();
    assert!(seeds.len() > 100, "seed documents not found under {}", root.display());
    seeds
});

/// A node, chosen by walking from the root: each number picks a child (modulo the count).
type At = Vec<u8>;

#[derive(Arbitrary, Debug)]
enum Edit {
    Remove(At),
    Set(At, Scalar),
    /// Replace the node at the second place with a copy of the node at the first.
    Copy(At, At),
    /// Rename the key that leads to the node.
    Rename(At, Word),
    /// Replace the node by a `$ref` to a component of the document (or a made-up one).
    Ref(At, u16),
    Wrap(At, Wrapper),
    Keyword(At, Keyword, Scalar),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Wrapper {
    AllOf,
    OneOf,
    AnyOf,
    Items,
    Nullable,
    Property,
    /// OpenAPI 3.1: `anyOf: [inner, {type: "null"}]`.
    NullAnyOf,
    /// OpenAPI 3.1: `oneOf: [{type: "null"}, inner]`.
    NullOneOf,
    /// OpenAPI 3.1: `$ref` with sibling keywords.
    RefSiblings,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Keyword {
    Type,
    Format,
    Enum,
    Nullable,
    Required,
    Properties,
    Items,
    AdditionalProperties,
    Minimum,
    Maximum,
    ExclusiveMaximum,
    MinLength,
    MaxLength,
    Pattern,
    MaxItems,
    Default,
    ReadOnly,
    WriteOnly,
    Discriminator,
    Deprecated,
    Extensible,
    StabilityLevel,
    OneOf,
    AllOf,
    Not,
    Style,
    In,
    Name,
    Content,
    Schema,
    Responses,
    RequestBody,
    Parameters,
    Security,
    OperationId,
    Const,
    PrefixItems,
    If,
    Then,
    Contains,
    MaxContains,
    DependentRequired,
    PatternProperties,
    UnevaluatedProperties,
    Examples,
    Defs,
    ContentMediaType,
    ExclusiveMinimum,
    OpenApi,
    JsonSchemaDialect,
    Webhooks,
    Id,
}

impl Keyword {
    fn name(self) -> &'static str {
        match self {
            Keyword::Type => "type",
            Keyword::Format => "format",
            Keyword::Enum => "enum",
            Keyword::Nullable => "nullable",
            Keyword::Required => "required",
            Keyword::Properties => "properties",
            Keyword::Items => "items",
            Keyword::AdditionalProperties => "additionalProperties",
            Keyword::Minimum => "minimum",
            Keyword::Maximum => "maximum",
            Keyword::ExclusiveMaximum => "exclusiveMaximum",
            Keyword::MinLength => "minLength",
            Keyword::MaxLength => "maxLength",
            Keyword::Pattern => "pattern",
            Keyword::MaxItems => "maxItems",
            Keyword::Default => "default",
            Keyword::ReadOnly => "readOnly",
            Keyword::WriteOnly => "writeOnly",
            Keyword::Discriminator => "discriminator",
            Keyword::Deprecated => "deprecated",
            Keyword::Extensible => "x-extensible-enum",
            Keyword::StabilityLevel => "x-stability-level",
            Keyword::OneOf => "oneOf",
            Keyword::AllOf => "allOf",
            Keyword::Not => "not",
            Keyword::Style => "style",
            Keyword::In => "in",
            Keyword::Name => "name",
            Keyword::Content => "content",
            Keyword::Schema => "schema",
            Keyword::Responses => "responses",
            Keyword::RequestBody => "requestBody",
            Keyword::Parameters => "parameters",
            Keyword::Security => "security",
            Keyword::OperationId => "operationId",
            Keyword::Const => "const",
            Keyword::PrefixItems => "prefixItems",
            Keyword::If => "if",
            Keyword::Then => "then",
            Keyword::Contains => "contains",
            Keyword::MaxContains => "maxContains",
            Keyword::DependentRequired => "dependentRequired",
            Keyword::PatternProperties => "patternProperties",
            Keyword::UnevaluatedProperties => "unevaluatedProperties",
            Keyword::Examples => "examples",
            Keyword::Defs => "$defs",
            Keyword::ContentMediaType => "contentMediaType",
            Keyword::ExclusiveMinimum => "exclusiveMinimum",
            Keyword::OpenApi => "openapi",
            Keyword::JsonSchemaDialect => "jsonSchemaDialect",
            Keyword::Webhooks => "webhooks",
            Keyword::Id => "$id",
        }
    }
}

/// Words that mean something in an OpenAPI document, and a free-form one.
#[derive(Arbitrary, Debug, Clone)]
enum Word {
    Known(u8),
    Free(String),
}

const WORDS: &[&str] = &[
    "string",
    "integer",
    "number",
    "object",
    "array",
    "boolean",
    "null",
    "int32",
    "int64",
    "date-time",
    "uuid",
    "required",
    "properties",
    "items",
    "$ref",
    "application/json",
    "application/problem+json",
    "text/plain",
    "*/*",
    "200",
    "201",
    "204",
    "2XX",
    "400",
    "default",
    "/",
    "/{id}",
    "/a/{id}/b",
    "{",
    "}",
    "~",
    "~0",
    "~1",
    "%",
    "%7B",
    "#",
    "#/",
    "#/components",
    "query",
    "path",
    "header",
    "cookie",
    "form",
    "simple",
    "deepObject",
    "stable",
    "beta",
    "alpha",
    "draft",
    "3.0.3",
    "3.1.0",
    "3.1.1",
    "3.1.2",
    "3.2.0",
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "#/components/schemas/x/$defs/y",
    "#/components/pathItems/p",
    "#/webhooks/w",
    "2.0",
    "petType",
    "id",
    "name",
    "",
    " ",
    "é",
    "\u{feff}",
    "x-extensible-enum",
    "get",
    "post",
    "put",
    "delete",
    "patch",
    "oneOf",
    "allOf",
    "anyOf",
];

impl Word {
    fn text(&self) -> String {
        match self {
            Word::Known(index) => WORDS[usize::from(*index) % WORDS.len()].to_owned(),
            Word::Free(text) => text.clone(),
        }
    }
}

#[derive(Arbitrary, Debug, Clone)]
enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Word(Word),
    EmptyObject,
    Words(Vec<Word>),
}

impl Scalar {
    fn value(&self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(value) => Value::Bool(*value),
            Scalar::Int(value) => json!(value),
            Scalar::Float(value) => {
                serde_json::Number::from_f64(*value).map_or(Value::Null, Value::Number)
            }
            Scalar::Word(word) => Value::String(word.text()),
            Scalar::EmptyObject => Value::Object(Map::new()),
            Scalar::Words(words) => words.iter().map(|word| Value::String(word.text())).collect(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    seed: u16,
    base_edits: Vec<Edit>,
    head_edits: Vec<Edit>,
}

/// The node at `at`.
fn select<'v>(mut node: &'v mut Value, at: &[u8]) -> &'v mut Value {
    for &choice in at {
        let choice = usize::from(choice);
        let has_children = match &*node {
            Value::Object(map) => !map.is_empty(),
            Value::Array(items) => !items.is_empty(),
            _ => false,
        };
        if !has_children {
            break;
        }
        node = match node {
            Value::Object(map) => {
                let index = choice % map.len();
                map.values_mut().nth(index).expect("index in range")
            }
            Value::Array(items) => {
                let index = choice % items.len();
                &mut items[index]
            }
            _ => unreachable!("checked above"),
        };
    }
    node
}

/// The container holding the node at `at`, when `at` leads anywhere below the root.
fn parent<'v>(root: &'v mut Value, at: &[u8]) -> Option<(&'v mut Value, usize)> {
    let (&last, init) = at.split_last()?;
    let parent = select(root, init);
    let count = match &*parent {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    (count > 0).then(|| (parent, usize::from(last) % count))
}

fn components(root: &Value) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(kinds) = root.get("components").and_then(Value::as_object) {
        for (kind, entries) in kinds {
            for name in entries.as_object().into_iter().flat_map(Map::keys) {
                names
                    .push(format!("#/components/{kind}/{}", charter_differ::pointer::escape(name)));
            }
        }
    }
    names
}

fn apply(root: &mut Value, edit: &Edit) {
    match edit {
        Edit::Remove(at) => {
            if let Some((parent, index)) = parent(root, at) {
                match parent {
                    Value::Object(map) => {
                        if let Some(key) = map.keys().nth(index).cloned() {
                            map.remove(&key);
                        }
                    }
                    Value::Array(items) => {
                        items.remove(index);
                    }
                    _ => {}
                }
            }
        }
        Edit::Set(at, scalar) => *select(root, at) = scalar.value(),
        Edit::Copy(from, to) => {
            let copy = select(root, from).clone();
            *select(root, to) = copy;
        }
        Edit::Rename(at, word) => {
            if let Some((Value::Object(map), index)) = parent(root, at)
                && let Some(key) = map.keys().nth(index).cloned()
                && let Some(value) = map.remove(&key)
            {
                map.insert(word.text(), value);
            }
        }
        Edit::Ref(at, target) => {
            let names = components(root);
            let reference = if names.is_empty() {
                "#/components/schemas/Missing".to_owned()
            } else {
                names[usize::from(*target) % names.len()].clone()
            };
            *select(root, at) = json!({ "$ref": reference });
        }
        Edit::Wrap(at, wrapper) => {
            let node = select(root, at);
            let inner = node.take();
            *node = match wrapper {
                Wrapper::AllOf => json!({ "allOf": [inner] }),
                Wrapper::OneOf => json!({ "oneOf": [inner, { "type": "string" }] }),
                Wrapper::AnyOf => json!({ "anyOf": [inner] }),
                Wrapper::Items => json!({ "type": "array", "items": inner }),
                Wrapper::Nullable => json!({ "nullable": true, "allOf": [inner] }),
                Wrapper::Property => {
                    json!({ "type": "object", "required": ["p"], "properties": { "p": inner } })
                }
                Wrapper::NullAnyOf => json!({ "anyOf": [inner, { "type": "null" }] }),
                Wrapper::NullOneOf => json!({ "oneOf": [{ "type": "null" }, inner] }),
                Wrapper::RefSiblings => match inner {
                    Value::Object(mut map) if map.contains_key("$ref") => {
                        map.insert("default".to_owned(), json!("d"));
                        map.insert("description".to_owned(), json!("siblings"));
                        Value::Object(map)
                    }
                    other => json!({ "allOf": [other], "const": "c" }),
                },
            };
        }
        Edit::Keyword(at, keyword, scalar) => {
            if let Value::Object(map) = select(root, at) {
                map.insert(keyword.name().to_owned(), scalar.value());
            }
        }
    }
}

fn load(name: &str, root: Value) -> Option<std::sync::Arc<Document>> {
    loaded(name, Document::from_value(name, root))
}

fuzz_target!(|input: Input| {
    let seeds = &*SEEDS;
    let mut base = seeds[usize::from(input.seed) % seeds.len()].clone();
    for edit in input.base_edits.iter().take(4) {
        apply(&mut base, edit);
    }
    let mut head = base.clone();
    for edit in input.head_edits.iter().take(16) {
        apply(&mut head, edit);
    }
    let (Some(old), Some(copy)) = (load("base", base.clone()), load("copy", base)) else {
        return;
    };
    // Reading is idempotent: the form a document is read in (3.1 spellings rewritten) reads
    // the same again.
    let again = load("again", old.root().clone()).expect("a document read once reads again");
    assert_eq!(again.root(), old.root(), "reading the read form changed it");
    assert_no_change(&compare_and_render(old.clone(), copy));
    if let Some(new) = load("head", head) {
        compare_and_render(old, new);
    }
});
