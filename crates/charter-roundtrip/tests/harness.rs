//! The harness on a tiny API of its own, as another team would call it: a workspace in a
//! temporary directory with one document, fixtures for each of its components, and a
//! hand-written stand-in for a generated client's `schemas::round_trip`.
//!
//! Each test starts from a workspace where every check passes, breaks one thing, and asserts
//! that the failure names the file (and JSON pointer) or the type, and the reader at fault.

use std::fs;
use std::path::Path;

use charter_contract::health::{Health, HealthCheck, HealthStatus};
use charter_contract::{
    Api, Code, ErrorBody, ErrorCatalogue, ErrorEnvelope, FieldError, Stability, StandardErrors,
    Version,
};
use charter_roundtrip::{Check, DEFAULT_CASES, Harness, Report};
use proptest_derive::Arbitrary;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// A contract type: strict, as contract types are.
#[derive(Debug, Serialize, Deserialize, JsonSchema, Arbitrary)]
#[serde(deny_unknown_fields)]
struct Note {
    title: String,
    pages: u32,
    tag: Tag,
}

#[derive(Debug, Serialize, Deserialize, JsonSchema, Arbitrary)]
#[serde(rename_all = "snake_case")]
enum Tag {
    Draft,
    Done,
}

/// The client's `Note`: lenient, as generated client types are.
#[derive(Serialize, Deserialize)]
struct ClientNote {
    title: String,
    pages: u32,
    tag: ClientTag,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ClientTag {
    Draft,
    Done,
}

/// The client's `Note` as a buggy generator might write it: `tag` is lost on the way back.
#[derive(Serialize, Deserialize)]
struct LossyNote {
    title: String,
    pages: u32,
}

fn api() -> Api {
    Api::new::<StandardErrors>("notes", "Notes API")
        .version(Version::new("v1", Stability::Stable, "1.0.0").schema::<Note>().schema::<Tag>())
}

fn via<T: Serialize + DeserializeOwned>(value: Value) -> Result<Value, serde_json::Error> {
    serde_json::to_value(serde_json::from_value::<T>(value)?)
}

/// What the client generator emits as `<client crate>::schemas::round_trip`.
fn client(schema: &str, value: Value) -> Option<Result<Value, serde_json::Error>> {
    Some(match schema {
        "Note" => via::<ClientNote>(value),
        "Tag" => via::<ClientTag>(value),
        "Health" => via::<Health>(value),
        "HealthCheck" => via::<HealthCheck>(value),
        "HealthStatus" => via::<HealthStatus>(value),
        "ErrorEnvelope" => via::<ErrorEnvelope>(value),
        "ErrorBody" => via::<ErrorBody>(value),
        "ErrorCode" => via::<Code<StandardErrors>>(value),
        "FieldError" => via::<FieldError>(value),
        _ => return None,
    })
}

/// A client crate generated before `Tag` existed.
fn client_without_tag(schema: &str, value: Value) -> Option<Result<Value, serde_json::Error>> {
    if schema == "Tag" { None } else { client(schema, value) }
}

/// A client whose `Note` drops `tag`.
fn lossy_client(schema: &str, value: Value) -> Option<Result<Value, serde_json::Error>> {
    if schema == "Note" { Some(via::<LossyNote>(value)) } else { client(schema, value) }
}

/// The components of `generated/openapi/v1.json`, as the document generator writes them.
fn components() -> Value {
    let codes: Vec<&str> = StandardErrors::codes().iter().map(|code| code.as_str()).collect();
    json!({
        "Note": {
            "type": "object",
            "additionalProperties": false,
            "required": ["title", "pages", "tag"],
            "properties": {
                "title": {"type": "string"},
                "pages": {"type": "integer", "format": "uint32", "minimum": 0},
                "tag": {"$ref": "#/components/schemas/Tag"},
            },
        },
        "Tag": {"type": "string", "enum": ["draft", "done"]},
        "Health": {
            "type": "object",
            "required": ["status", "version", "checks"],
            "properties": {
                "checks": {"type": "array", "items": {"$ref": "#/components/schemas/HealthCheck"}},
                "status": {"allOf": [{"$ref": "#/components/schemas/HealthStatus"}]},
                "version": {"type": "string"},
            },
        },
        "HealthCheck": {
            "type": "object",
            "required": ["name", "status", "duration_ms"],
            "properties": {
                "duration_ms": {"type": "integer", "format": "uint64", "minimum": 0},
                "name": {"type": "string"},
                "status": {"allOf": [{"$ref": "#/components/schemas/HealthStatus"}]},
            },
        },
        "HealthStatus": {"type": "string", "enum": ["ok", "failing"]},
        "ErrorEnvelope": {
            "type": "object",
            "required": ["error"],
            "properties": {"error": {"allOf": [{"$ref": "#/components/schemas/ErrorBody"}]}},
        },
        "ErrorBody": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"allOf": [{"$ref": "#/components/schemas/ErrorCode"}]},
                "details": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/FieldError"},
                    "minItems": 1,
                },
                "message": {"type": "string"},
            },
        },
        "ErrorCode": {"type": "string", "enum": codes},
        "FieldError": {
            "type": "object",
            "required": ["field", "message"],
            "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
        },
    })
}

/// A valid and an invalid fixture for every component.
fn fixtures() -> Vec<(&'static str, Value)> {
    vec![
        ("Note/groceries.json", json!({"title": "Groceries", "pages": 2, "tag": "draft"})),
        ("Note/invalid/missing-title.json", json!({"pages": 2, "tag": "draft"})),
        ("Tag/done.json", json!("done")),
        ("Tag/invalid/unknown.json", json!("archived")),
        (
            "Health/ok.json",
            json!({"status": "ok", "version": "1.0.0",
                   "checks": [{"name": "store", "status": "ok", "duration_ms": 3}]}),
        ),
        ("Health/invalid/missing-status.json", json!({"version": "1.0.0", "checks": []})),
        (
            "HealthCheck/failing.json",
            json!({"name": "store", "status": "failing", "duration_ms": 0}),
        ),
        (
            "HealthCheck/invalid/negative.json",
            json!({"name": "store", "status": "ok", "duration_ms": -1}),
        ),
        ("HealthStatus/ok.json", json!("ok")),
        ("HealthStatus/invalid/fine.json", json!("fine")),
        ("ErrorEnvelope/not-found.json", json!({"error": {"code": "not_found", "message": "No."}})),
        ("ErrorEnvelope/invalid/no-message.json", json!({"error": {"code": "not_found"}})),
        (
            "ErrorBody/details.json",
            json!({"code": "validation_failed", "message": "Bad.",
                   "details": [{"field": "/title", "message": "Too long."}]}),
        ),
        ("ErrorBody/invalid/teapot.json", json!({"code": "teapot", "message": "Short and stout."})),
        ("ErrorCode/internal.json", json!("internal")),
        ("ErrorCode/invalid/teapot.json", json!("teapot")),
        ("FieldError/title.json", json!({"field": "/title", "message": "Too long."})),
        ("FieldError/invalid/no-message.json", json!({"field": "/title"})),
    ]
}

/// A workspace where every check passes.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        let workspace = Workspace { dir: tempfile::tempdir().unwrap() };
        workspace.document("v1", |schemas| *schemas = components());
        for (path, value) in fixtures() {
            workspace.write(&format!("fixtures/v1/{path}"), &value.to_string());
        }
        workspace
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn remove(&self, path: &str) {
        let path = self.root().join(path);
        if path.is_dir() { fs::remove_dir_all(path) } else { fs::remove_file(path) }.unwrap();
    }

    /// Writes `generated/openapi/<version>.json` with its components as `edit` leaves them.
    fn document(&self, version: &str, edit: impl FnOnce(&mut Value)) {
        let path = self.root().join(format!("generated/openapi/{version}.json"));
        let mut document = fs::read_to_string(&path).map_or_else(
            |_| json!({"openapi": "3.0.3", "components": {"schemas": {}}}),
            |text| serde_json::from_str(&text).unwrap(),
        );
        edit(&mut document["components"]["schemas"]);
        self.write(&format!("generated/openapi/{version}.json"), &document.to_string());
    }

    fn check(&self) -> Report {
        Harness::new(&api(), self.root()).client("v1", client).check()
    }
}

/// The messages of one check's failures.
fn messages(report: &Report, check: Check) -> Vec<String> {
    report.of(check).map(|failure| failure.message.clone()).collect()
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").map_or(DEFAULT_CASES, |cases| cases.parse().unwrap())
}

#[test]
fn a_consistent_api_passes_every_check() {
    let workspace = Workspace::new();
    let report = workspace.check();
    assert!(report.is_ok(), "{}", report.failure_list());
    assert_eq!(report.fixtures, fixtures().len());
    assert_eq!(report.scaffolds, 9);
    let mut checked: Vec<(&str, &str, u32)> = report
        .values
        .iter()
        .map(|checked| (checked.version.as_str(), checked.schema.as_str(), checked.values))
        .collect();
    checked.sort_unstable();
    let names = api().versions[0].schemas.iter().map(|named| named.name.to_string()).collect();
    let mut expected: Vec<String> = names;
    expected.sort_unstable();
    let expected: Vec<(&str, &str, u32)> =
        expected.iter().map(|name| ("v1", name.as_str(), cases())).collect();
    assert_eq!(checked, expected);
    assert!(report.summary().contains("9 of 9 schemas covered"), "{}", report.summary());

    // The entry point a test calls passes too.
    Harness::new(&api(), workspace.root()).client("v1", client).run();
}

#[test]
#[should_panic(expected = "round-trip failure(s):")]
fn run_panics_with_the_list() {
    let workspace = Workspace::new();
    workspace.remove("fixtures/v1/Tag/invalid");
    Harness::new(&api(), workspace.root()).client("v1", client).run();
}

#[test]
fn an_invalid_fixture_both_readers_accept_is_named() {
    let workspace = Workspace::new();
    workspace.write("fixtures/v1/Tag/invalid/done.json", "\"done\"");
    let report = workspace.check();
    assert_eq!(
        messages(&report, Check::Fixture),
        [format!(
            "fixtures/v1/Tag/invalid/done.json: an invalid fixture, but both the contract type \
             {} and the schema `Tag` of generated/openapi/v1.json accept it: fix the fixture, or \
             both are too loose",
            std::any::type_name::<Tag>()
        )]
    );
    assert_eq!(report.failures.len(), 1, "{}", report.failure_list());
}

#[test]
fn an_invalid_fixture_only_the_type_accepts_names_the_type_and_shrinks_generated_values() {
    let workspace = Workspace::new();
    workspace
        .document("v1", |schemas| schemas["Note"]["properties"]["title"]["maxLength"] = 3.into());
    workspace.write(
        "fixtures/v1/Note/invalid/long-title.json",
        r#"{"title": "Groceries", "pages": 2, "tag": "draft"}"#,
    );
    let report = workspace.check();
    let fixtures = messages(&report, Check::Fixture);
    assert_eq!(fixtures.len(), 2, "{fixtures:#?}");
    // The valid fixture breaks the narrowed schema, at its title.
    assert!(
        fixtures[0].starts_with(
            "fixtures/v1/Note/groceries.json: the schema `Note` of generated/openapi/v1.json \
             rejects it: at `/title`: "
        ),
        "{fixtures:#?}"
    );
    assert!(
        fixtures[1].starts_with(&format!(
            "fixtures/v1/Note/invalid/long-title.json: the contract type {} accepts it, but the \
             schema `Note` of generated/openapi/v1.json rejects it (at `/title`: ",
            std::any::type_name::<Note>()
        )),
        "{fixtures:#?}"
    );
    assert!(fixtures[1].ends_with("the type is looser than the document"), "{fixtures:#?}");

    // Generated titles are longer than 3 characters too; the failure is shrunk to a minimal one.
    let generated = messages(&report, Check::Generated);
    assert_eq!(generated.len(), 1, "{generated:#?}");
    let minimal = generated[0].lines().find_map(|line| line.strip_prefix("  as JSON: ")).unwrap();
    let minimal: Value = serde_json::from_str(minimal).unwrap();
    assert_eq!(minimal["title"].as_str().unwrap().chars().count(), 4, "{generated:#?}");
    assert_eq!(minimal["pages"], 0, "{generated:#?}");
    assert!(
        generated[0].starts_with(&format!(
            "v1 Note ({}): the schema `Note` of generated/openapi/v1.json rejects it: at `/title`",
            std::any::type_name::<Note>()
        )),
        "{generated:#?}"
    );
    assert!(generated[0].contains("\n  minimal value: Note {"), "{generated:#?}");
}

#[test]
fn an_invalid_fixture_only_the_schema_accepts_names_the_schema() {
    let workspace = Workspace::new();
    workspace.document("v1", |schemas| {
        schemas["Note"].as_object_mut().unwrap().remove("additionalProperties");
    });
    workspace.write(
        "fixtures/v1/Note/invalid/extra.json",
        r#"{"title": "Groceries", "pages": 2, "tag": "draft", "colour": "red"}"#,
    );
    let report = workspace.check();
    let fixtures = messages(&report, Check::Fixture);
    assert_eq!(fixtures.len(), 1, "{}", report.failure_list());
    assert!(
        fixtures[0].starts_with(
            "fixtures/v1/Note/invalid/extra.json: the schema `Note` of generated/openapi/v1.json \
             accepts it, but the contract type"
        ),
        "{fixtures:#?}"
    );
    assert!(fixtures[0].contains("unknown field `colour`"), "{fixtures:#?}");
    assert!(fixtures[0].ends_with("the document is looser than the type"), "{fixtures:#?}");
}

#[test]
fn a_valid_fixture_names_file_and_pointer_for_each_reader_that_rejects_it() {
    let workspace = Workspace::new();
    workspace
        .write("fixtures/v1/Note/negative.json", r#"{"title": "x", "pages": -1, "tag": "draft"}"#);
    workspace.write("fixtures/v1/Note/broken.json", "{\n  \"title\": \"x\",\n}\n");
    let report = workspace.check();
    assert_eq!(
        messages(&report, Check::Layout),
        ["fixtures/v1/Note/broken.json:3:1: not valid JSON: trailing comma"]
    );
    let fixtures = messages(&report, Check::Fixture);
    assert_eq!(fixtures.len(), 3, "{fixtures:#?}");
    let file = "fixtures/v1/Note/negative.json";
    assert!(fixtures[0].starts_with(&format!("{file}: the contract type ")), "{fixtures:#?}");
    assert!(fixtures[0].contains("rejects it: invalid value: integer `-1`"), "{fixtures:#?}");
    assert!(fixtures[1].starts_with(&format!("{file}: the schema `Note`")), "{fixtures:#?}");
    assert!(fixtures[1].contains("rejects it: at `/pages`: "), "{fixtures:#?}");
    assert!(fixtures[2].starts_with(&format!("{file}: the v1 client's type `Note` rejects it")));
}

#[test]
fn missing_and_stale_fixtures_fail() {
    let workspace = Workspace::new();
    workspace.remove("fixtures/v1/Tag/invalid");
    workspace.remove("fixtures/v1/Health");
    workspace.write("fixtures/v1/Gone/old.json", "{}");
    workspace.write("fixtures/v7/Note/x.json", "{}");
    let report = workspace.check();
    let coverage = messages(&report, Check::Coverage);
    assert_eq!(coverage.len(), 4, "{coverage:#?}");
    assert!(coverage[0].starts_with("1 schema(s) without a valid fixture: v1/Health;"));
    assert!(coverage[1].starts_with("2 schema(s) without an invalid fixture: v1/Health, v1/Tag;"));
    assert!(coverage[2].starts_with("fixtures/v7: stale fixtures: no document has this version"));
    assert!(
        coverage[3].starts_with("fixtures/v1/Gone: stale fixtures: no document has this schema")
    );
    assert_eq!(report.failures.len(), 4, "{}", report.failure_list());
}

#[test]
fn every_version_needs_a_client_with_every_type() {
    let workspace = Workspace::new();
    let api = api();

    let report = Harness::new(&api, workspace.root()).check();
    assert_eq!(
        messages(&report, Check::Setup),
        ["v1: no client to check; add `.client(\"v1\", <client crate>::schemas::round_trip)` to \
          the harness"]
    );
    assert_eq!(report.failures.len(), 1, "{}", report.failure_list());

    let report = Harness::new(&api, workspace.root())
        .client("v1", client_without_tag)
        .client("v2", client)
        .check();
    assert_eq!(
        messages(&report, Check::Setup),
        [
            "v2: a client is given for a version the API does not have",
            "v1: the client has no type `Tag` (its round_trip answers None); regenerate the \
             client crates with `cargo xtask openapi`",
        ]
    );
    assert_eq!(report.failures.len(), 2, "{}", report.failure_list());
}

#[test]
fn a_client_that_changes_a_value_is_named_with_the_pointer() {
    let workspace = Workspace::new();
    let report = Harness::new(&api(), workspace.root()).client("v1", lossy_client).check();
    assert_eq!(
        messages(&report, Check::Fixture),
        ["fixtures/v1/Note/groceries.json: the v1 client's type `Note` changes it on the way \
             back: `/tag`: \"draft\" became absent"]
    );
    let generated = messages(&report, Check::Generated);
    assert_eq!(generated.len(), 1, "{generated:#?}");
    assert!(
        generated[0].contains("the v1 client's type `Note` changes it on the way back: `/tag`")
    );
}

#[test]
fn documents_registry_and_api_must_agree() {
    let workspace = Workspace::new();
    workspace.document("v1", |schemas| {
        let schemas = schemas.as_object_mut().unwrap();
        schemas.remove("Health");
        schemas.insert("Orphan".to_owned(), json!({"type": "string"}));
    });
    workspace.document("v2", |schemas| *schemas = components());
    let report = workspace.check();
    let setup = messages(&report, Check::Setup);
    assert_eq!(
        setup,
        [
            format!(
                "generated/openapi/v1.json: no component `Health`, which the API registers for v1 \
                 ({}): the document is stale; run `cargo xtask openapi`",
                std::any::type_name::<Health>()
            ),
            "generated/openapi/v1.json: the component `Orphan` has no contract type in the API's \
             v1 registry; register it with `Version::schema` and run `cargo xtask openapi`"
                .to_owned(),
            "generated/openapi/v2.json: the API has no version v2: the document is stale; delete \
             it or run `cargo xtask openapi`"
                .to_owned(),
        ]
    );

    let empty = tempfile::tempdir().unwrap();
    let report = Harness::new(&api(), empty.path()).client("v1", client).check();
    let setup = messages(&report, Check::Setup);
    assert_eq!(setup.len(), 1, "{setup:#?}");
    assert!(setup[0].starts_with("generated/openapi: cannot list the documents: "), "{setup:#?}");
}

#[test]
fn a_document_the_api_has_no_document_for_is_missing() {
    let workspace = Workspace::new();
    let api = api().version(Version::new("v2", Stability::Beta, "2.0.0"));
    let report =
        Harness::new(&api, workspace.root()).client("v1", client).client("v2", client).check();
    assert_eq!(
        messages(&report, Check::Setup),
        [
            "generated/openapi/v2.json: missing, but the API has version v2; run `cargo xtask openapi`"
        ]
    );
}

#[test]
fn a_scaffold_the_contract_type_rejects_is_named() {
    let workspace = Workspace::new();
    // A document that lets `pages` be absent scaffolds a `Note` without it, which the type
    // (and the fixtures) do not accept.
    workspace.document("v1", |schemas| schemas["Note"]["required"] = json!(["title", "tag"]));
    let report = workspace.check();
    let scaffolds = messages(&report, Check::Scaffold);
    assert_eq!(scaffolds.len(), 1, "{}", report.failure_list());
    assert!(
        scaffolds[0].starts_with(&format!(
            "v1 Note: the scaffold {{\"tag\":\"draft\",\"title\":\"edit me\"}} breaks the \
             contract type {}: missing field `pages`",
            std::any::type_name::<Note>()
        )),
        "{scaffolds:#?}"
    );
}
