//! A report is proportional to the change: a change reached by several operations is one
//! entry in every format; text names the first operation and counts the others, and
//! summarizes info changes per rule unless verbose; JSON (`format_version` 2) lists every
//! operation, each shared list once; GitHub annotates each change once.

use std::sync::Arc;

use charter_differ::{
    Context, Document, FailOn, Format, Options, Report, Stability, VersionReport, render,
};

const CONTEXT: Context<'static> =
    Context { command: "charter diff", waivers: "`waivers.toml`", catalogue: "RULES.md" };

/// `GET /users`, `POST /users` and `GET /users/{id}` (beta) all answer the shared component
/// `User`, with `extra` more operations answering it too.
fn users(required: &str, properties: &str, extra: usize) -> String {
    let mut paths = String::new();
    for n in 0..extra {
        paths.push_str(&format!(
            "  /more/{n}:\n    get:\n      responses:\n        '200':\n          description: ok\n          \
             content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/User'}}\n"
        ));
    }
    format!(
        "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /users:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: array, items: {{$ref: '#/components/schemas/User'}}}}
    post:
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/User'}}
  /users/{{id}}:
    get:
      x-stability-level: beta
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/User'}}
{paths}components:
  schemas:
    User:
      type: object
      required: [{required}]
      properties:
{properties}"
    )
}

/// The base's `User` has a required `email`; the head's lost it and gained the optional
/// `nickname` and `avatar`: one breaking change (a warning in the beta operation) and two
/// info changes of one rule, each reached by `3 + extra` operations.
fn shared_component(extra: usize) -> Report {
    let base =
        users("id, email", "        id: {type: string}\n        email: {type: string}\n", extra);
    let head = users(
        "id",
        "        id: {type: string}\n        nickname: {type: string}\n        avatar: {type: string}\n",
        extra,
    );
    let load = |name: &str, text: &str| {
        Arc::new(Document::parse(name, text.as_bytes()).unwrap_or_else(|error| panic!("{error}")))
    };
    Report::new(vec![VersionReport::compare(
        "api",
        Stability::Stable,
        Some(load("base.yaml", &base)),
        Some(load("head.yaml", &head)),
    )])
}

const REMOVED: &str = "response-required-property-removed";
const ADDED: &str = "response-optional-property-added";

fn options(verbose: bool) -> Options<'static> {
    Options { verbose, ..Options::new(CONTEXT) }
}

#[test]
fn the_findings_are_one_per_operation() {
    let report = shared_component(0);
    let count = |id: &str| report.findings().filter(|finding| finding.rule.id == id).count();
    assert_eq!((count(REMOVED), count(ADDED)), (3, 6));
}

#[test]
fn text_gives_a_shared_change_one_entry_naming_one_operation() {
    let text = render(&shared_component(0), Format::Text, options(false));
    assert_eq!(text.matches(&format!("] {REMOVED}: ")).count(), 1, "{text}");
    assert!(
        text.contains(&format!("\n[breaking] {REMOVED}: required property `email` removed\n")),
        "{text}"
    );
    assert!(
        text.contains("\n    in GET /users (response 200 body) and 2 more operations\n"),
        "{text}"
    );
    assert!(
        text.contains("\n    by operation: breaking in 2 operations, warning in 1 operation\n"),
        "{text}"
    );
    // The others are counted, never listed.
    assert!(!text.contains("POST /users"), "{text}");
    assert!(!text.contains("GET /users/{id}"), "{text}");
    assert_eq!(text.matches("      [[waiver]]\n").count(), 1, "{text}");
}

#[test]
fn text_summarizes_info_changes_per_rule_unless_verbose() {
    let text = render(&shared_component(0), Format::Text, options(false));
    assert!(
        text.contains(&format!(
            "\ninfo: 2 x {ADDED}, e.g. optional property `avatar` added (in GET /users)\n\
             (2 info changes summarized; --verbose shows each)\n"
        )),
        "{text}"
    );
    assert!(!text.contains(&format!("[info] {ADDED}")), "{text}");

    let verbose = render(&shared_component(0), Format::Text, options(true));
    for property in ["avatar", "nickname"] {
        assert!(
            verbose.contains(&format!(
                "\n[info] {ADDED}: optional property `{property}` added\n    in GET /users \
                 (response 200 body) and 2 more operations\n"
            )),
            "{verbose}"
        );
    }
    assert!(!verbose.contains("info changes summarized"), "{verbose}");
    assert!(!verbose.contains("\ninfo: "), "{verbose}");
}

#[test]
fn json_counts_info_changes_per_rule_unless_verbose() {
    let text = render(&shared_component(0), Format::Json, options(false));
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let version = &json["versions"][0];
    let listed: Vec<&str> = version["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|change| change["effective_level"].as_str().unwrap())
        .collect();
    assert!(!listed.contains(&"info"), "{text}");
    assert_eq!(
        version["info_summary"],
        serde_json::json!([
            {"changes": 2, "example": "optional property `avatar` added", "id": ADDED}
        ])
    );
    assert_eq!(version["counts"]["changes"], 3, "every distinct change is counted");

    let verbose = render(&shared_component(0), Format::Json, options(true));
    let json: serde_json::Value = serde_json::from_str(&verbose).expect("JSON");
    let version = &json["versions"][0];
    assert!(version.get("info_summary").is_none(), "{verbose}");
    let infos = version["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|change| change["effective_level"] == "info")
        .count();
    assert_eq!(infos, 2, "{verbose}");
}

#[test]
fn text_puts_blocking_changes_first() {
    let text = render(&shared_component(0), Format::Text, options(true));
    let removed = text.find(&format!("] {REMOVED}")).expect("the removal");
    let added = text.find(&format!("] {ADDED}")).expect("an addition");
    assert!(removed < added, "{text}");
}

#[test]
fn json_version_2_lists_each_change_once_with_every_operation() {
    // Verbose: the info changes are listed too (see the next test for the summary).
    let text = render(&shared_component(0), Format::Json, options(true));
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(json["format_version"], 2);
    assert_eq!(json["blocking"], 2, "findings that block: the two stable operations");
    let version = &json["versions"][0];
    assert_eq!(version["counts"]["changes"], 3);
    assert_eq!(version["counts"]["blocking_changes"], 1);
    assert_eq!(version["counts"]["breaking"], 2);
    assert_eq!(version["counts"]["warning"], 1);
    let changes = version["changes"].as_array().expect("changes");
    let ids: Vec<&str> = changes.iter().map(|change| change["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [REMOVED, ADDED, ADDED], "blocking first, one entry per change");
    let removed = &changes[0];
    assert_eq!(removed["message"], "required property `email` removed");
    assert_eq!(removed["level"], "breaking");
    assert_eq!(removed["effective_level"], "breaking", "the most severe of its operations");
    assert_eq!(removed["blocking"], true);
    assert_eq!(removed["impact"], "wire");
    assert_eq!(removed["pointer"], "/components/schemas/User/properties/email");
    assert_eq!(removed["waived"], false);
    assert!(removed["basis"].is_string() && removed.get("basis_note").is_some(), "{removed}");
    assert_eq!(removed["operation_count"], 3);
    let list = removed["operation_list"].as_u64().expect("an index") as usize;
    let operations = &version["operation_lists"][list];
    assert_eq!(
        operations,
        &serde_json::json!([
            // Stability only where it differs from the version's.
            {"method": "GET", "path": "/users", "via": "response 200 body"},
            {"method": "POST", "path": "/users", "via": "response 201 body"},
            {"method": "GET", "path": "/users/{id}", "stability": "beta", "via": "response 200 body"}
        ])
    );
    // The three changes reach the same operations: their list is written once.
    assert_eq!(version["operation_lists"].as_array().map(Vec::len), Some(1));
    assert!(changes.iter().all(|change| change["operation_list"] == list), "{text}");
    // Each operation takes one line.
    assert!(
        text.contains(
            "\n          {\"method\": \"POST\", \"path\": \"/users\", \"via\": \"response 201 body\"},\n"
        ),
        "{text}"
    );
}

#[test]
fn github_annotates_each_change_once() {
    let text = render(&shared_component(0), Format::Github, options(false));
    let errors: Vec<&str> = text.lines().filter(|line| line.starts_with("::error ")).collect();
    assert_eq!(errors.len(), 1, "{text}");
    assert!(
        errors[0].starts_with(&format!(
            "::error title={REMOVED}::api GET /users (and 2 more operations): required property \
             `email` removed [breaking] at /components/schemas/User/properties/email"
        )),
        "{text}"
    );
    assert_eq!(text.lines().filter(|line| line.starts_with(&format!("{ADDED}: "))).count(), 2);
}

#[test]
fn markdown_lists_every_operation_folded_when_long() {
    let few = render(&shared_component(0), Format::Markdown, options(false));
    assert_eq!(few.matches(&format!("[`{REMOVED}`]")).count(), 1, "{few}");
    assert!(few.contains("| `GET /users`<br>`POST /users`<br>`GET /users/{id}` |"), "{few}");

    let many = render(&shared_component(2), Format::Markdown, options(false));
    assert_eq!(many.matches(&format!("[`{REMOVED}`]")).count(), 1, "{many}");
    assert!(
        many.contains(
            "| <details><summary>`GET /more/0` and 4 more operations</summary>`GET /more/0`<br>\
             `GET /more/1`<br>`GET /users`<br>`POST /users`<br>`GET /users/{id}`</details> |"
        ),
        "{many}"
    );
}

#[test]
fn fail_on_warning_makes_the_whole_change_block() {
    let options = Options { fail_on: FailOn::Warning, ..options(false) };
    let json: serde_json::Value =
        serde_json::from_str(&render(&shared_component(0), Format::Json, options)).unwrap();
    assert_eq!(json["blocking"], 3);
    assert_eq!(json["versions"][0]["counts"]["blocking_changes"], 1);
}
