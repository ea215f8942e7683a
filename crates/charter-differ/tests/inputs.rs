//! Bad and hostile inputs, as data: each case builds its two documents in the test (nothing
//! large is committed) and states the exact outcome: the one error line, or the findings as
//! `<rule id> <pointer>` lines. Nothing may panic, and memory stays bounded: inputs are limited
//! in size (`MAX_DOCUMENT_BYTES`) and in what their parsed tree may take
//! (`PARSED_BYTES_PER_BYTE` times that).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use charter_differ::load::{MAX_DEPTH, MAX_DOCUMENT_BYTES};
use charter_differ::{Context, Document, FailOn, Format, LoadError, Options, Report, Stability};
use charter_differ::{VersionReport, render};

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// A document with `paths: {}` and the given extra top-level YAML.
fn minimal(extra: &str) -> String {
    format!("{HEADER}paths: {{}}\n{extra}")
}

/// `GET /a` answering 200 with `schema` (YAML flow or block text at the right indentation),
/// and the given components.
fn answering(schema: &str, components: &str) -> String {
    format!(
        "{HEADER}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\ncomponents:\n  schemas:\n{components}"
    )
}

/// `depth` arrays, each the items of the one around it, around a string.
fn nested_json(depth: usize) -> String {
    format!(
        "{}{{\"type\": \"string\"}}{}",
        "{\"type\": \"array\", \"items\": ".repeat(depth),
        "}".repeat(depth)
    )
}

/// How one input is loaded.
enum Input {
    Text(String),
    Bytes(Vec<u8>),
    /// Loaded with a size limit other than the default.
    Limited(String, u64),
}

impl Input {
    fn load(&self, name: &str) -> Result<Document, LoadError> {
        match self {
            Input::Text(text) => Document::parse(name, text.as_bytes()),
            Input::Bytes(bytes) => Document::parse(name, bytes),
            Input::Limited(text, limit) => {
                Document::parse_with_limit(name, text.as_bytes(), *limit)
            }
        }
    }
}

struct Case {
    name: &'static str,
    base: Input,
    /// `None`: the base is compared with itself.
    head: Option<Input>,
    /// The exact outcome.
    expected: String,
}

fn case(name: &'static str, base: Input, head: Option<Input>, expected: &str) -> Case {
    Case { name, base, head, expected: expected.to_owned() }
}

fn text(text: impl Into<String>) -> Input {
    Input::Text(text.into())
}

/// The outcome of a comparison: the first load error, or one line per finding.
fn outcome(base: Result<Document, LoadError>, head: Result<Document, LoadError>) -> String {
    let (base, head) = match (base, head) {
        (Ok(base), Ok(head)) => (Arc::new(base), Arc::new(head)),
        (Err(error), _) | (_, Err(error)) => return format!("error: {error}"),
    };
    let report =
        Report::new(vec![VersionReport::compare("api", Stability::Stable, Some(base), Some(head))]);
    let context =
        Context { command: "charter diff", waivers: "`waivers.toml`", catalogue: "RULES.md" };
    for format in [Format::Text, Format::Json, Format::Markdown, Format::Github] {
        let _ = render(
            &report,
            format,
            Options { fail_on: FailOn::Warning, color: false, context, verbose: true },
        );
    }
    let lines: Vec<String> = report
        .findings()
        .map(|finding| format!("{} {}", finding.rule.id, finding.pointer()))
        .collect();
    if lines.is_empty() { "no findings".to_owned() } else { lines.join("\n") }
}

fn cases() -> Vec<Case> {
    let garbage: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    // 3,000 aliases of a 20,000-item anchor: 47 KB of YAML standing for 60 million values.
    let bomb = format!(
        "{}x-anchor: &a [{}]\nx-bomb: [{}]\n",
        minimal(""),
        vec!["x"; 20_000].join(","),
        vec!["*a"; 3_000].join(",")
    );
    // Mutually recursive schemas, and a chain of 5,000 components each holding the next.
    let recursive = |leaf: &str| {
        let mut components = String::from(
            "    Tree:\n      type: object\n      required: [children, next]\n      properties:\n        children: {type: array, items: {$ref: '#/components/schemas/Forest'}}\n        next: {$ref: '#/components/schemas/N0'}\n    Forest:\n      type: object\n      properties:\n        tree: {$ref: '#/components/schemas/Tree'}\n",
        );
        for index in 0..5_000 {
            let _ = writeln!(
                components,
                "    N{index}:\n      type: object\n      properties:\n        next: {{$ref: '#/components/schemas/N{}'}}",
                index + 1
            );
        }
        let _ = writeln!(components, "    N5000: {{type: {leaf}}}");
        text(answering("{$ref: '#/components/schemas/Tree'}", &components))
    };
    let deep_json = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"components\": {{\"schemas\": {{\"Deep\": {}}}}}}}",
        nested_json(10_000)
    );
    let deep_yaml =
        minimal(&format!("components:\n  schemas:\n    Deep: {}\n", nested_json(10_000)));
    let many_objects =
        format!("{{\"openapi\": \"3.0.3\", \"x-objects\": [{}{{}}]}}", "{},".repeat(1_500));
    // Large lists on both sides, matched item by item: linear work, not the product.
    let big_enum = |extra: &str| {
        let values: Vec<String> = (0..20_000).map(|index| format!("v{index}")).collect();
        text(answering(
            &format!("{{type: string, enum: [{}{extra}]}}", values.join(", ")),
            "    A: {type: string}\n",
        ))
    };
    let inline_variants = |reversed: bool| {
        let mut variants: Vec<String> =
            (0..5_000).map(|index| format!("{{type: string, enum: [v{index}]}}")).collect();
        if reversed {
            variants.reverse();
        }
        text(answering(&format!("{{oneOf: [{}]}}", variants.join(", ")), "    A: {type: string}\n"))
    };
    let same_shape = |parameter: &str| {
        let mut paths = String::new();
        for index in 0..5_000 {
            let _ = write!(
                paths,
                "  /items/{{{parameter}{index}}}:\n    get:\n      responses:\n        '200': {{description: ok}}\n"
            );
        }
        text(format!("{HEADER}paths:\n{paths}"))
    };
    vec![
        case(
            "20,000 enum values on each side, one added",
            big_enum(""),
            Some(big_enum(", new")),
            "response-property-enum-value-added /paths/~1a/get/responses/200/content/application~1json/schema/enum",
        ),
        case(
            "5,000 inline oneOf variants, reordered",
            inline_variants(false),
            Some(inline_variants(true)),
            "no findings",
        ),
        case(
            "5,000 paths of one shape, their parameters renamed",
            same_shape("id"),
            Some(same_shape("key")),
            "no findings",
        ),
        case("empty", text(""), None, "error: base: the document is empty"),
        case("blank", text("  \n\t\n"), None, "error: base: the document is empty"),
        case(
            "byte-order mark only",
            text("\u{feff}\n"),
            None,
            "error: base: the document is empty",
        ),
        case(
            "binary garbage",
            Input::Bytes(garbage),
            None,
            "error: base: not UTF-8 text (invalid byte at offset 128); is this a binary file?",
        ),
        case(
            "NUL bytes",
            text("\0\0\0\0"),
            None,
            "error: base:1:1: invalid YAML: control characters are not allowed",
        ),
        case(
            "malformed JSON",
            text("{\n  \"openapi\": \"3.0.3\",\n  \"info\": }\n"),
            None,
            "error: base:3:11: invalid JSON: expected value",
        ),
        case(
            "malformed YAML",
            text("openapi: 3.0.3\ninfo:\n  title: [unclosed\n"),
            None,
            "error: base:4:1: invalid YAML: did not find expected ',' or ']' at line 4 column 1, while parsing a flow sequence",
        ),
        case(
            "a YAML key given twice",
            text(format!("{HEADER}paths: {{}}\npaths: {{}}\n")),
            None,
            "error: base:1:1: invalid YAML: duplicate entry with key \"paths\"",
        ),
        case(
            "several YAML documents",
            text(format!("{}---\n{}", minimal(""), minimal(""))),
            None,
            "error: base: invalid YAML: deserializing from YAML containing more than one document is not supported",
        ),
        case(
            "a schema nested 10,000 levels deep, JSON",
            text(deep_json),
            None,
            "error: base:1:3458: invalid JSON: nested deeper than 128 levels, the most the parser reads",
        ),
        case(
            "a schema nested 10,000 levels deep, YAML",
            text(deep_yaml),
            None,
            "error: base:6:3386: invalid YAML: nested deeper than 128 levels, the most the parser reads",
        ),
        case(
            "mutually recursive schemas and a 5,000-component chain",
            recursive("string"),
            Some(recursive("integer")),
            "response-property-type-changed /components/schemas/N5000",
        ),
        case(
            "a $ref to a missing component",
            text(answering("{$ref: '#/components/schemas/Missing'}", "    A: {type: string}\n")),
            None,
            "error: base: the `$ref` at /paths/~1a/get/responses/200/content/application~1json/schema points at `#/components/schemas/Missing`, which does not exist",
        ),
        case(
            "references that only lead to each other",
            text(minimal(
                "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
            )),
            None,
            "error: base: the `$ref` at /components/schemas/A is part of a cycle of references to references",
        ),
        case(
            "an external $ref is read as any schema",
            text(answering("{$ref: 'other.yaml#/User'}", "    A: {type: string}\n")),
            Some(text(answering("{type: string}", "    A: {type: string}\n"))),
            // Any value became a string: safe on the wire, but the Rust type goes from
            // `serde_json::Value` to `String`.
            "response-property-rust-type-changed /paths/~1a/get/responses/200/content/application~1json/schema\nresponse-property-type-specialized /paths/~1a/get/responses/200/content/application~1json/schema",
        ),
        case(
            "OpenAPI 3.1",
            text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nwebhooks: {}\n"),
            None,
            "no findings",
        ),
        case(
            "OpenAPI 3.2",
            text("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n"),
            None,
            "error: base: OpenAPI 3.2.0 is not supported: charter-differ reads OpenAPI 3.0.x and 3.1.x documents (convert the document, or compare two documents of those versions)",
        ),
        case(
            "another JSON Schema dialect",
            text(
                "openapi: 3.1.1\njsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema'\ninfo: {title: t, version: '1'}\npaths: {}\n",
            ),
            None,
            "error: base: `jsonSchemaDialect` is `https://json-schema.org/draft/2020-12/schema`: charter-differ reads schemas only in OpenAPI 3.1's dialect (remove the field, or set it to `https://spec.openapis.org/oas/3.1/dialect/base`)",
        ),
        case(
            "Swagger 2.0",
            text("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n"),
            None,
            "error: base: this is a Swagger 2.0 document; charter-differ reads OpenAPI 3.0.x and 3.1.x (convert it first, e.g. with swagger2openapi)",
        ),
        case(
            "not OpenAPI",
            text("title: not openapi\n"),
            None,
            "error: base: no `openapi` field: not an OpenAPI document",
        ),
        case(
            "not an object",
            text("[1, 2]"),
            None,
            "error: base: the document is not an object; an OpenAPI document starts with `openapi: 3.0.x`",
        ),
        case(
            "a YAML alias bomb (under a 1 MiB size limit, to stay quick in a debug build)",
            Input::Limited(bomb, 1 << 20),
            None,
            "error: base:4:19365: the parsed document would take more than 16777216 bytes (16.0 MiB) of memory; YAML aliases (`*name`) that repeat large anchors multiply a document's size",
        ),
        case(
            "many small JSON objects under a small size limit",
            Input::Limited(many_objects.clone(), 8192),
            None,
            "error: base:1:604: the parsed document would take more than 131072 bytes (128.0 KiB) of memory; YAML aliases (`*name`) that repeat large anchors multiply a document's size",
        ),
        case(
            "over a small size limit",
            Input::Limited(many_objects, 1024),
            None,
            "error: base: the document has 4539 bytes (4.4 KiB), more than the size limit of 1024 bytes (1.0 KiB) per document",
        ),
        case(
            "a change in a response is found",
            text(answering(
                "{type: object, required: [a], properties: {a: {type: string}}}",
                "    A: {type: string}\n",
            )),
            Some(text(answering(
                "{type: object, properties: {a: {type: string}}}",
                "    A: {type: string}\n",
            ))),
            "response-property-became-optional /paths/~1a/get/responses/200/content/application~1json/schema/properties/a",
        ),
    ]
}

#[test]
fn every_hostile_input_gives_its_exact_outcome() {
    let mut failures = Vec::new();
    for case in cases() {
        let head = case.head.as_ref().unwrap_or(&case.base);
        let actual = outcome(case.base.load("base"), head.load("head"));
        if actual != case.expected {
            failures.push(format!(
                "{}:\n  expected: {}\n  actual:   {actual}",
                case.name, case.expected
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A document built in memory (not parsed) deeper than `MAX_DEPTH` is refused by the checks.
#[test]
fn documents_built_in_memory_are_bounded_in_depth() {
    let mut deep = serde_json::json!({ "type": "string" });
    for _ in 0..MAX_DEPTH + 10 {
        deep = serde_json::json!({ "type": "array", "items": deep });
    }
    let root = serde_json::json!({
        "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "paths": {},
        "components": { "schemas": { "Deep": deep } }
    });
    let error = Document::from_value("built", root).expect_err("too deep");
    let pointer = format!("/components/schemas/Deep{}", "/items".repeat(MAX_DEPTH - 2));
    assert_eq!(
        error.to_string(),
        format!("built: nested deeper than {MAX_DEPTH} levels at {pointer}")
    );
}

/// Files: a 200 MB file is refused from its size, without being read; a file that never ends
/// (`/dev/zero`) is read up to the limit and refused.
#[test]
fn files_over_the_size_limit_are_refused_without_reading_them() {
    let dir = std::env::temp_dir().join(format!("charter-differ-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let huge = dir.join("huge.json");
    // A sparse file: 200 MB long, nothing written.
    std::fs::File::create(&huge).and_then(|file| file.set_len(200 * 1024 * 1024)).expect("sparse");
    let expected = format!(
        "{}: the document has 209715200 bytes (200.0 MiB), more than the size limit of {MAX_DOCUMENT_BYTES} bytes (64.0 MiB) per document",
        huge.display()
    );
    assert_eq!(Document::read(&huge).expect_err("too large").to_string(), expected);
    let _ = std::fs::remove_dir_all(&dir);

    let endless = Path::new("/dev/zero");
    let error = Document::read(endless).expect_err("endless");
    assert_eq!(
        error.to_string(),
        format!(
            "/dev/zero: the document is larger than the size limit of {MAX_DOCUMENT_BYTES} bytes (64.0 MiB) per document"
        )
    );
    let missing = PathBuf::from("/nonexistent/charter.yaml");
    let error = Document::read(&missing).expect_err("missing");
    assert_eq!(
        error.to_string(),
        "/nonexistent/charter.yaml: cannot read the file: No such file or directory (os error 2)"
    );
}

#[test]
fn yaml_integer_keys_become_strings() {
    let document = Document::parse(
        "input",
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n",
    )
    .expect("loads");
    assert!(document.root().pointer("/paths/~1a/get/responses/200").is_some());
}

#[test]
fn loose_documents_are_read_with_warnings() {
    let text = minimal("").replace(
        "paths: {}",
        "paths:\n  /a/{id}:\n    parameters: [{name: id, in: path, required: true}]\n    get:\n      responses:\n        '200': {}\n    post: {}",
    );
    let document = Document::parse("input", text.as_bytes()).expect("loose documents load");
    let messages: Vec<&str> = document.warnings().iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "parameter `id` has no `schema`: compared as accepting any value",
            "response without `description`",
            "operation without `responses`: read as having none",
        ]
    );
}

/// Every document of the oasdiff corpus (3.1 included), compared with a copy of itself: a
/// one-line error naming the document, or no change at all.
#[test]
fn every_corpus_document_compared_with_itself_is_no_change() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/oasdiff");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("tests/corpus/oasdiff")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .flat_map(|dir| {
            ["base.yaml", "base.json", "revision.yaml", "revision.json"].map(|name| dir.join(name))
        })
        .filter(|path| path.exists())
        .collect();
    files.sort();
    assert!(files.len() > 500, "{} documents", files.len());
    let (mut loaded, mut refused, mut failures) = (0, 0, Vec::new());
    for file in &files {
        let bytes = std::fs::read(file).expect("readable");
        let name = file.display().to_string();
        match outcome(Document::parse(&name, &bytes), Document::parse(&name, &bytes)) {
            result if result == "no findings" => loaded += 1,
            // A lint about one document, reported for both copies.
            lint if lint.lines().all(|line| line.starts_with("api-invalid-stability-level ")) => {
                loaded += 1;
            }
            error if error.starts_with(&format!("error: {name}")) && !error.contains('\n') => {
                refused += 1;
            }
            other => failures.push(format!("{name}: {other}")),
        }
    }
    println!("{loaded} documents compare with themselves as no change, {refused} refused");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
