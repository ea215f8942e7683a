//! Bad and hostile inputs: each gives a result or one clear error naming what and where, never
//! a panic.

use std::fmt::Write as _;
use std::sync::Arc;

use charter_differ::{Document, LoadError, Stability, VersionReport};

fn parse(text: &str) -> Result<Document, LoadError> {
    Document::parse("input", text.as_bytes())
}

fn minimal(extra: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n{extra}")
}

#[test]
fn empty_and_blank_documents_are_refused() {
    for text in ["", "   \n\t\n"] {
        let error = parse(text).expect_err("empty");
        assert_eq!(error.to_string(), "input: the document is empty");
    }
}

#[test]
fn binary_garbage_is_refused_as_not_text() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let error = Document::parse("garbage.bin", &bytes).expect_err("binary");
    assert!(error.to_string().starts_with("garbage.bin: not UTF-8 text"), "{error}");
}

#[test]
fn malformed_json_and_yaml_name_line_and_column() {
    let error = parse("{\n  \"openapi\": \"3.0.3\",\n  \"info\": }\n").expect_err("json");
    assert!(error.to_string().starts_with("input:3:11: invalid JSON: expected value"), "{error}");
    let error = parse("openapi: 3.0.3\ninfo:\n  title: [unclosed\n").expect_err("yaml");
    match &error {
        LoadError::Yaml { line, column, .. } => assert!(*line >= 3 && *column > 0, "{error}"),
        other => panic!("expected a YAML error, got {other}"),
    }
}

#[test]
fn other_versions_get_a_clear_error() {
    let error =
        parse("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n").expect_err("2.0");
    assert!(error.to_string().contains("Swagger 2.0 document"), "{error}");
    let error =
        parse("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").expect_err("3.1");
    assert!(error.to_string().contains("OpenAPI 3.1.0 is not supported"), "{error}");
    let error = parse("title: not openapi\n").expect_err("other");
    assert!(error.to_string().contains("no `openapi` field"), "{error}");
    let error = parse("[1, 2]").expect_err("array");
    assert!(error.to_string().contains("not an object"), "{error}");
}

#[test]
fn yaml_integer_keys_become_strings() {
    let document = parse(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n",
    )
    .expect("loads");
    assert!(document.root().pointer("/paths/~1a/get/responses/200").is_some());
}

#[test]
fn a_schema_nested_ten_thousand_levels_is_one_clear_error() {
    let schema = format!(
        "{}{{\"type\": \"string\"}}{}",
        "{\"type\": \"array\", \"items\": ".repeat(10_000),
        "}".repeat(10_000)
    );
    let text = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \
         \"components\": {{\"schemas\": {{\"Deep\": {schema}}}}}}}"
    );
    let error = parse(&text).expect_err("too deep");
    assert!(error.to_string().contains("recursion limit exceeded"), "{error}");
    let yaml = format!("{}components:\n  schemas:\n    Deep: {schema}\n", minimal(""));
    let error = parse(&yaml).expect_err("too deep in YAML");
    assert!(error.to_string().starts_with("input:"), "{error}");
}

#[test]
fn a_ref_to_a_missing_component_names_the_ref() {
    let text = minimal(
        "components:\n  schemas:\n    A:\n      properties:\n        b: {$ref: '#/components/schemas/Missing'}\n",
    );
    let error = parse(&text).expect_err("missing");
    assert_eq!(
        error.to_string(),
        "input: the `$ref` at /components/schemas/A/properties/b points at \
         `#/components/schemas/Missing`, which does not exist"
    );
    let text = minimal(
        "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
    );
    let error = parse(&text).expect_err("cycle");
    assert!(error.to_string().contains("cycle of references"), "{error}");
}

#[test]
fn inputs_over_the_size_limit_are_refused_before_parsing() {
    let size = usize::try_from(charter_differ::load::MAX_DOCUMENT_BYTES).expect("fits") + 1;
    let bytes = vec![b' '; size];
    let error = Document::parse("huge.json", &bytes).expect_err("too large");
    assert!(error.to_string().contains("more than the limit"), "{error}");
}

/// Mutually recursive schemas, and a chain of 5,000 components each holding the next: the
/// comparison terminates and finds the change at the end of the chain.
#[test]
fn recursive_and_very_long_schema_graphs_terminate() {
    let document = |leaf: &str| {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Tree'}\ncomponents:\n  schemas:\n    Tree:\n      type: object\n      required: [children, next]\n      properties:\n        children: {type: array, items: {$ref: '#/components/schemas/Forest'}}\n        next: {$ref: '#/components/schemas/N0'}\n    Forest:\n      type: object\n      properties:\n        tree: {$ref: '#/components/schemas/Tree'}\n",
        );
        for index in 0..5_000 {
            let _ = writeln!(
                text,
                "    N{index}:\n      type: object\n      properties:\n        next: {{$ref: '#/components/schemas/N{}'}}",
                index + 1
            );
        }
        let _ = writeln!(text, "    N5000: {{type: {leaf}}}");
        Arc::new(parse(&text).expect("loads"))
    };
    let report = VersionReport::compare(
        "deep",
        Stability::Stable,
        Some(document("string")),
        Some(document("integer")),
    );
    let ids: Vec<&str> = report.findings.iter().map(|finding| finding.rule.id).collect();
    assert_eq!(ids, ["response-property-type-changed"]);
    assert_eq!(report.findings[0].head_pointer.as_deref(), Some("/components/schemas/N5000"));
}

#[test]
fn loose_documents_are_read_with_warnings() {
    let text = minimal("")
        .replace(
            "paths: {}",
            "paths:\n  /a/{id}:\n    parameters: [{name: id, in: path, required: true}]\n    get:\n      responses:\n        '200': {}\n    post: {}",
        );
    let document = parse(&text).expect("loose documents load");
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
