//! What is no change, and what depends on where a schema is reached.

use std::sync::Arc;

use charter_differ::{Document, FailOn, Stability, VersionReport};

fn findings(base: &str, head: &str) -> Vec<String> {
    let load = |text: &str| Arc::new(Document::parse("doc", text.as_bytes()).expect("loads"));
    VersionReport::compare("api", Stability::Stable, Some(load(base)), Some(load(head)))
        .findings
        .iter()
        .map(|finding| format!("{} {}", finding.rule.id, finding.operation().unwrap_or_default()))
        .collect()
}

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn renaming_a_component_with_the_same_structure_only_renames_the_rust_type() {
    let document = |name: &str| {
        format!(
            "{HEADER}paths:\n  /pets:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/{name}'}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {{$ref: '#/components/schemas/{name}'}}\ncomponents:\n  schemas:\n    {name}:\n      type: object\n      required: [name]\n      properties:\n        name: {{type: string}}\n        kind:\n          oneOf:\n            - {{$ref: '#/components/schemas/{name}Kind'}}\n            - {{type: integer}}\n    {name}Kind: {{type: string, enum: [cat, dog]}}\n"
        )
    };
    // Nothing changes on the wire; the generated Rust types `Pet` and `PetKind` are renamed,
    // once each however many places reach them.
    let load = |text: &str| Arc::new(Document::parse("doc", text.as_bytes()).expect("loads"));
    let report = VersionReport::compare(
        "api",
        Stability::Stable,
        Some(load(&document("Pet"))),
        Some(load(&document("Animal"))),
    );
    let mut changes: Vec<String> = report
        .findings
        .iter()
        .map(|finding| {
            assert_eq!(finding.impact, charter_differ::Impact::RustClient, "{finding:?}");
            assert!(!finding.is_blocking(FailOn::Breaking));
            format!("{} {}", finding.rule.id, finding.message)
        })
        .collect();
    changes.sort();
    changes.dedup();
    assert_eq!(
        changes,
        [
            "request-property-rust-type-changed schema `AnimalKind`: the generated Rust type changes from type `PetKind` (an enum) to type `AnimalKind` (an enum)",
            "request-property-rust-type-changed schema `Animal`: the generated Rust type changes from type `Pet` (a struct) to type `Animal` (a struct)",
            "response-property-rust-type-changed schema `AnimalKind`: the generated Rust type changes from type `PetKind` (an enum) to type `AnimalKind` (an enum)",
            "response-property-rust-type-changed schema `Animal`: the generated Rust type changes from type `Pet` (a struct) to type `Animal` (a struct)",
        ]
    );
}

#[test]
fn renaming_a_path_parameter_consistently_is_no_change() {
    let document = |name: &str| {
        format!(
            "{HEADER}paths:\n  /pets/{{{name}}}:\n    parameters:\n      - {{name: {name}, in: path, required: true, schema: {{type: string}}}}\n    get:\n      responses:\n        '200': {{description: ok}}\n"
        )
    };
    assert_eq!(findings(&document("petId"), &document("id")), Vec::<String>::new());
}

#[test]
fn a_component_no_operation_reaches_cannot_break_anyone() {
    let document = |kind: &str| {
        format!(
            "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    Unused: {{type: object, required: [a], properties: {{a: {{type: {kind}}}}}}}\n"
        )
    };
    assert_eq!(findings(&document("string"), &document("integer")), Vec::<String>::new());
}

#[test]
fn a_schema_reached_from_request_and_response_is_judged_both_ways() {
    let document = |values: &str| {
        format!(
            "{HEADER}paths:\n  /pets:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Kind'}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Kind'}}\ncomponents:\n  schemas:\n    Kind: {{type: string, enum: [{values}]}}\n"
        )
    };
    assert_eq!(
        findings(&document("cat, dog"), &document("cat, dog, bird")),
        [
            "request-property-enum-value-added POST /pets",
            "response-property-enum-value-added POST /pets"
        ]
    );
    assert_eq!(
        findings(&document("cat, dog"), &document("cat")),
        [
            "request-property-enum-value-removed POST /pets",
            "response-property-enum-value-removed POST /pets"
        ]
    );
}

#[test]
fn a_shared_component_is_reported_in_every_operation_that_reaches_it() {
    let document = |kind: &str| {
        let mut text = format!("{HEADER}paths:\n");
        for index in 0..3 {
            text.push_str(&format!(
                "  /p{index}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Shared'}}\n"
            ));
        }
        text.push_str(&format!(
            "components:\n  schemas:\n    Shared: {{type: object, required: [a], properties: {{a: {{type: {kind}}}}}}}\n"
        ));
        text
    };
    let base = Arc::new(Document::parse("b", document("string").as_bytes()).expect("loads"));
    let head = Arc::new(Document::parse("h", document("integer").as_bytes()).expect("loads"));
    let report = VersionReport::compare("api", Stability::Stable, Some(base), Some(head));
    let operations: Vec<String> =
        report.findings.iter().filter_map(charter_differ::Finding::operation).collect();
    assert_eq!(operations, ["GET /p0", "GET /p1", "GET /p2"]);
    assert!(report.findings.iter().all(|finding| finding.is_blocking(FailOn::Breaking)));
}

#[test]
fn alpha_operations_and_extensible_enums_do_not_block() {
    let document = |values: &str, extra: &str| {
        format!(
            "{HEADER}paths:\n  /pets:\n    get:\n      {extra}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: string, enum: [{values}], x-extensible-enum: true}}\n  /cats:\n    get:\n      x-stability-level: alpha\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: string, enum: [{values}]}}\n"
        )
    };
    let load = |text: String| Arc::new(Document::parse("doc", text.as_bytes()).expect("loads"));
    let report = VersionReport::compare(
        "api",
        Stability::Stable,
        Some(load(document("a", "summary: s"))),
        Some(load(document("a, b", "summary: s"))),
    );
    let found: Vec<(String, String)> = report
        .findings
        .iter()
        .map(|f| (f.rule.id.to_owned(), f.effective_level().to_string()))
        .collect();
    let expected = [
        ("response-property-enum-value-added", "warning"),
        ("response-property-open-enum-value-added", "info"),
    ];
    assert_eq!(found, expected.map(|(id, level)| (id.to_owned(), level.to_owned())));
    assert!(report.findings.iter().all(|finding| !finding.is_blocking(FailOn::Breaking)));
}
