//! One meaning, whatever the spelling: the same API written in OpenAPI 3.0 and in 3.1 compares
//! as no change, both ways, and a 3.0 base against a 3.1 head reports only what really changed.
//!
//! The documents are the repository's generated descriptions (`generated/openapi/*.json`) and a
//! small document using every 3.0 construct with a 3.1 spelling, each rewritten into 3.1 by
//! [`to_openapi_31`], the way FastAPI, Hono and utoipa write them.

use std::path::Path;
use std::sync::Arc;

use charter_differ::respell::to_openapi_31;
use charter_differ::{Document, Stability, VersionReport};
use serde_json::{Value, json};

fn document(name: &str, value: &Value) -> Arc<Document> {
    let bytes = serde_json::to_vec(value).expect("serializes");
    Arc::new(Document::parse(name, &bytes).unwrap_or_else(|error| panic!("{error}")))
}

fn findings(base: &Arc<Document>, head: &Arc<Document>) -> Vec<String> {
    let report =
        VersionReport::compare("api", Stability::Stable, Some(base.clone()), Some(head.clone()));
    let mut found: Vec<String> =
        report.findings.iter().map(|f| format!("{} {}", f.rule.id, f.pointer())).collect();
    found.sort();
    found
}

fn warnings(document: &Document) -> Vec<String> {
    document.warnings().iter().map(|w| format!("{} {}", w.pointer, w.message)).collect()
}

/// Every construct with two spellings, in 3.0's.
fn constructs() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/pets": {"post": {
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/Pet"
            }}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Pet"}
            }}}}
        }}},
        "components": {"schemas": {
            "Kind": {"type": "string", "enum": ["cat", "dog"]},
            "Pet": {
                "type": "object",
                "required": ["kind", "name"],
                "properties": {
                    "tag": {"type": "string", "enum": ["pet"]},
                    "kind": {"allOf": [{"$ref": "#/components/schemas/Kind"}], "default": "cat"},
                    "owner": {"allOf": [{"$ref": "#/components/schemas/Kind"}], "nullable": true},
                    "name": {"type": "string", "nullable": true, "example": "Rex"},
                    "nick": {"type": "string", "nullable": true, "maxLength": 9},
                    "age": {"type": "integer", "minimum": 0, "exclusiveMinimum": true,
                            "maximum": 40, "exclusiveMaximum": false},
                    "weight": {"type": "number", "maximum": 90, "exclusiveMaximum": true},
                    "toys": {"type": "array", "items": {"type": "string", "nullable": true}}
                }
            }
        }}
    })
}

fn repository_documents() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated/openapi");
    let mut documents = vec![("constructs".to_owned(), constructs())];
    for name in ["v1.json", "v2.json"] {
        let text = std::fs::read(dir.join(name)).expect("generated description");
        documents.push((name.to_owned(), serde_json::from_slice(&text).expect("JSON")));
    }
    documents
}

#[test]
fn the_same_api_in_3_0_and_3_1_compares_as_no_change_both_ways() {
    for (name, v30) in repository_documents() {
        let v31 = to_openapi_31(v30.clone());
        assert_ne!(v30, v31, "{name}: the 3.1 form differs in spelling");
        assert!(v31.to_string().contains("\"3.1.0\""), "{name}");
        let (old, new) = (document("3.0", &v30), document("3.1", &v31));
        assert_eq!(findings(&old, &new), Vec::<String>::new(), "{name}: 3.0 -> 3.1");
        assert_eq!(findings(&new, &old), Vec::<String>::new(), "{name}: 3.1 -> 3.0");
        assert_eq!(warnings(&new), Vec::<String>::new(), "{name}: 3.1 warnings");
    }
}

#[test]
fn the_constructs_document_uses_each_31_spelling() {
    let text = to_openapi_31(constructs()).to_string();
    for spelling in [
        r#""const":"pet""#,
        r#"["string","null"]"#,
        r#"{"type":"null"}"#,
        r#""exclusiveMinimum":0"#,
        r#""exclusiveMaximum":90"#,
        r#""examples":["Rex"]"#,
        r##"{"$ref":"#/components/schemas/Kind","default":"cat"}"##,
        r##""anyOf":[{"$ref":"#/components/schemas/Kind"},{"type":"null"}]"##,
    ] {
        assert!(text.contains(spelling), "{spelling} not in {text}");
    }
}

#[test]
fn a_3_0_base_against_a_3_1_head_reports_only_real_changes() {
    let base = constructs();
    let mut head = to_openapi_31(constructs());
    let pet = &mut head["components"]["schemas"]["Pet"]["properties"];
    // One real change per construct: nullable dropped, constant changed, bound moved.
    pet["nick"] = json!({"type": "string", "maxLength": 9});
    pet["tag"] = json!({"type": "string", "const": "animal"});
    pet["weight"] = json!({"type": "number", "exclusiveMaximum": 80});
    let (old, new) = (document("3.0", &base), document("3.1", &head));
    let at = "/components/schemas/Pet/properties";
    assert_eq!(
        findings(&old, &new),
        [
            format!("request-property-became-not-nullable {at}/nick"),
            format!("request-property-const-changed {at}/tag/const"),
            format!("request-property-max-decreased {at}/weight"),
            format!("response-property-became-not-nullable {at}/nick"),
            format!("response-property-const-changed {at}/tag/const"),
            format!("response-property-constraint-tightened {at}/weight"),
            // Safe for readers, but `Option<String>` becomes `String` in a Rust client.
            format!("response-property-rust-type-changed {at}/nick"),
        ]
    );
}

#[test]
fn a_3_0_document_with_31_constructs_is_read_by_their_meaning_with_a_warning() {
    let mut relabelled = to_openapi_31(constructs());
    relabelled["openapi"] = json!("3.0.3");
    let relabelled = document("relabelled", &relabelled);
    assert_eq!(findings(&document("3.0", &constructs()), &relabelled), Vec::<String>::new());
    let at = "/components/schemas/Pet/properties";
    let warned: Vec<String> = warnings(&relabelled);
    for expected in [
        format!("{at}/tag `const` as written here is OpenAPI 3.1"),
        format!("{at}/name `type` as written here is OpenAPI 3.1"),
        format!("{at}/age `exclusiveMinimum` as written here is OpenAPI 3.1"),
        format!("{at}/kind `$ref` with constraining siblings is OpenAPI 3.1"),
    ] {
        assert!(
            warned.iter().any(|warning| warning.starts_with(&expected)),
            "{expected} not in {warned:#?}"
        );
    }
}

fn yaml(name: &str, text: &str) -> Arc<Document> {
    Arc::new(Document::parse(name, text.as_bytes()).unwrap_or_else(|error| panic!("{error}")))
}

/// A 3.1 document whose `pets` schema lists `required`, reached from a path item in
/// `components/pathItems` and from a webhook.
fn with_path_items_and_webhooks(required: &str) -> String {
    format!(
        r"
openapi: 3.1.1
info: {{title: t, version: '1'}}
paths:
  /pets:
    $ref: '#/components/pathItems/Pets'
webhooks:
  petAdopted:
    post:
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Pet'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Pet'}}
components:
  pathItems:
    Pets:
      get:
        responses:
          '200':
            description: ok
            content:
              application/json:
                schema: {{$ref: '#/components/schemas/Pet'}}
  schemas:
    Pet:
      type: object
      required: [{required}]
      properties:
        name: {{type: string}}
        tag: {{$ref: '#/components/schemas/Pet/$defs/Tag'}}
      $defs:
        Tag: {{type: [string, 'null']}}
"
    )
}

#[test]
fn path_items_in_components_resolve_and_webhooks_swap_directions() {
    let base = yaml("base", &with_path_items_and_webhooks("name"));
    let head = yaml("head", &with_path_items_and_webhooks(""));
    let report = VersionReport::compare("api", Stability::Stable, Some(base), Some(head));
    let mut found: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {} via {}",
                f.method.as_deref().unwrap_or_default(),
                f.path.as_deref().unwrap_or_default(),
                f.rule.id,
                f.via.as_deref().unwrap_or_default()
            )
        })
        .collect();
    found.sort();
    // The path's response and the webhook's request body are read by clients: `name` became
    // optional breaks them. The webhook's response is what the API reads: optional is fine.
    assert_eq!(
        found,
        [
            "GET /pets response-property-became-optional via response 200 body",
            "POST webhook petAdopted request-property-became-optional via webhook response 200 \
             (application/json)",
            "POST webhook petAdopted response-property-became-optional via webhook request body \
             (application/json)",
        ]
    );
}

/// The form a document is read in reads the same again, for every document of the oasdiff
/// corpus (its 3.1 documents use every spelling there is) and the 3.1 forms above.
#[test]
fn reading_the_read_form_changes_nothing() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/oasdiff");
    let mut documents: Vec<(String, Vec<u8>)> = Vec::new();
    for case in std::fs::read_dir(&corpus).expect("corpus").filter_map(Result::ok) {
        for name in ["base.yaml", "revision.yaml", "base.json", "revision.json"] {
            if let Ok(bytes) = std::fs::read(case.path().join(name)) {
                documents.push((format!("{}/{name}", case.path().display()), bytes));
            }
        }
    }
    for (name, value) in repository_documents() {
        documents.push((name, serde_json::to_vec(&to_openapi_31(value)).expect("serializes")));
    }
    let mut read = 0;
    for (name, bytes) in &documents {
        let Ok(once) = Document::parse(name, bytes) else { continue };
        let twice = Document::from_value(name, once.root().clone())
            .unwrap_or_else(|error| panic!("{name}: the read form does not read: {error}"));
        assert_eq!(twice.root(), once.root(), "{name}");
        read += 1;
    }
    assert!(read > 500, "only {read} documents read");
}
