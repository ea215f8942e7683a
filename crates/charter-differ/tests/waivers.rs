//! Waivers match exactly the change they name (rule id and the finding's own pointer, plus the
//! operation and version when given); every blocking finding comes with its waiver, ready to
//! paste; a waiver that matches nothing is a note in every format, never a failure; a malformed
//! waiver is an error naming the file and line.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use charter_differ::{
    Context, Document, FailOn, Format, Options, Report, Stability, Verdict, VersionReport,
    WaiverError, Waivers, judge, render,
};

const CONTEXT: Context<'static> =
    Context { command: "charter diff", waivers: "`waivers.toml`", catalogue: "RULES.md" };

/// `GET /users` and `GET /users/{id}` both answer the shared component `User`; `POST /users`
/// takes it.
fn users(required: &str, properties: &str) -> String {
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
  /users/{{id}}:
    get:
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/User'}}
components:
  schemas:
    User:
      type: object
      required: [{required}]
      properties:
{properties}"
    )
}

/// The base has `id`, `email` and `phone`, all required; the head only `id`: two unrelated
/// removals, both with the base pointer of the property and the head pointer of `User`.
fn two_removals() -> Report {
    let base = users(
        "id, email, phone",
        "        id: {type: string}\n        email: {type: string}\n        phone: {type: string}\n",
    );
    let head = users("id", "        id: {type: string}\n");
    compare(&base, &head)
}

fn compare(base: &str, head: &str) -> Report {
    let load = |name: &str, text: &str| {
        Arc::new(Document::parse(name, text.as_bytes()).unwrap_or_else(|error| panic!("{error}")))
    };
    Report::new(vec![VersionReport::compare(
        "api",
        Stability::Stable,
        Some(load("base.yaml", base)),
        Some(load("head.yaml", head)),
    )])
}

fn waivers(text: &str) -> Waivers {
    Waivers::parse(Path::new("waivers.toml"), text, &CONTEXT)
        .unwrap_or_else(|error| panic!("{error}"))
}

/// `(rule, pointer, operation, waived)` of every finding.
fn findings(report: &Report) -> Vec<(String, String, String, bool)> {
    report
        .findings()
        .map(|finding| {
            (
                finding.rule.id.to_owned(),
                finding.pointer().to_owned(),
                finding.operation().unwrap_or_default(),
                finding.waiver.is_some(),
            )
        })
        .collect()
}

const EMAIL: &str = "/components/schemas/User/properties/email";
const PHONE: &str = "/components/schemas/User/properties/phone";
const REMOVED: &str = "response-required-property-removed";

#[test]
fn the_two_removals_have_their_own_pointers_and_share_the_head_pointer() {
    let report = two_removals();
    let pairs: Vec<(Option<&str>, Option<&str>, &str)> = report
        .findings()
        .map(|f| (f.base_pointer.as_deref(), f.head_pointer.as_deref(), f.pointer()))
        .collect();
    let user = Some("/components/schemas/User");
    assert_eq!(
        pairs,
        [
            (Some(EMAIL), user, EMAIL),
            (Some(PHONE), user, PHONE),
            (Some(EMAIL), user, EMAIL),
            (Some(PHONE), user, PHONE),
        ]
    );
}

#[test]
fn a_waiver_naming_the_head_pointer_waives_nothing_and_is_reported_fulfilled() {
    let mut report = two_removals();
    report.apply_waivers(&waivers(&format!(
        "[[waiver]]\nrule = \"{REMOVED}\"\npointer = \"/components/schemas/User\"\nreason = \"r\"\n"
    )));
    assert!(findings(&report).iter().all(|(_, _, _, waived)| !waived), "{:?}", findings(&report));
    assert_eq!(report.blocking(FailOn::Breaking), 4);
    assert_eq!(report.fulfilled.len(), 1);
    assert_eq!(report.fulfilled[0].waiver.pointer, "/components/schemas/User");
}

#[test]
fn a_waiver_waives_exactly_the_change_it_names_in_every_operation_reaching_it() {
    let mut report = two_removals();
    report.apply_waivers(&waivers(&format!(
        "[[waiver]]\nrule = \"{REMOVED}\"\npointer = \"{EMAIL}\"\nreason = \"No client reads it.\"\n"
    )));
    let waived: Vec<(String, String, bool)> = findings(&report)
        .into_iter()
        .map(|(_, pointer, op, waived)| (pointer, op, waived))
        .collect();
    assert_eq!(
        waived,
        [
            (EMAIL.to_owned(), "GET /users".to_owned(), true),
            (PHONE.to_owned(), "GET /users".to_owned(), false),
            (EMAIL.to_owned(), "GET /users/{id}".to_owned(), true),
            (PHONE.to_owned(), "GET /users/{id}".to_owned(), false),
        ]
    );
    assert!(report.fulfilled.is_empty());
}

#[test]
fn operation_and_version_narrow_a_waiver() {
    let mut report = two_removals();
    report.apply_waivers(&waivers(&format!(
        "[[waiver]]\nrule = \"{REMOVED}\"\npointer = \"{EMAIL}\"\noperation = \"GET /users/{{id}}\"\n\
         version = \"api\"\nreason = \"r\"\n\n\
         [[waiver]]\nrule = \"{REMOVED}\"\npointer = \"{PHONE}\"\nversion = \"v9\"\nreason = \"r\"\n\n\
         [[waiver]]\nrule = \"{REMOVED}\"\npointer = \"{PHONE}\"\noperation = \"GET /other\"\nreason = \"r\"\n"
    )));
    let waived: Vec<bool> = findings(&report).into_iter().map(|(.., waived)| waived).collect();
    assert_eq!(waived, [false, false, true, false]);
    let fulfilled: Vec<usize> = report.fulfilled.iter().map(|f| f.waiver.line).collect();
    assert_eq!(fulfilled, [8, 14], "the second and third waivers, by line");
}

#[test]
fn a_waiver_of_another_rule_at_the_same_pointer_does_not_match() {
    let mut report = two_removals();
    report.apply_waivers(&waivers(&format!(
        "[[waiver]]\nrule = \"response-optional-property-removed\"\npointer = \"{EMAIL}\"\nreason = \"r\"\n"
    )));
    assert_eq!(report.blocking(FailOn::Breaking), 4);
    assert_eq!(report.fulfilled.len(), 1);
}

/// The text report prints one pointer after `at`, and under each blocking change the waiver
/// that matches it; a change reached by several operations is one entry, with one waiver
/// without `operation`, which covers them all.
#[test]
fn the_text_report_prints_each_blocking_changes_waiver_ready_to_paste() {
    let report = two_removals();
    let text = render(&report, Format::Text, Options::new(CONTEXT));
    assert!(
        text.contains(&format!(
            "    in GET /users (response 200 body) and 1 more operation\n    at {EMAIL} (base)\n"
        )),
        "{text}"
    );
    let expected = format!(
        "    to waive it on purpose, add to `waivers.toml`:\n      [[waiver]]\n      rule = \"{REMOVED}\"\n      pointer = \"{EMAIL}\"\n      reason = \"...\"\n"
    );
    assert!(text.contains(&expected), "{text}");
    assert_eq!(text.matches("      [[waiver]]\n").count(), 2, "one per change:\n{text}");
    assert!(text.ends_with(
        "2 changes block the merge (4 findings in 2 operations). Fix them (each rule's \"what to \
         do\" is in RULES.md), or waive one on purpose: add the [[waiver]] printed under it to \
         `waivers.toml`.\n"
    ), "{text}");
}

/// Pasting every waiver a report prints (with a reason) waives every blocking finding and
/// nothing else, on every rule fixture and on names that need escaping in TOML.
#[test]
fn pasted_waivers_waive_exactly_the_blocking_findings() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/diff");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("fixtures/diff")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.join("head.yaml").exists())
        .collect();
    dirs.sort();
    let mut reports: Vec<(String, String, String)> = dirs
        .iter()
        .map(|dir| {
            let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("readable");
            (dir.display().to_string(), read("base.yaml"), read("head.yaml"))
        })
        .collect();
    let weird = "we\"ird\\name ~/ é\t";
    reports.push((
        "escaping".to_owned(),
        users(
            &format!("id, {weird:?}"),
            &format!("        id: {{type: string}}\n        {weird:?}: {{type: string}}\n"),
        ),
        users("id", "        id: {type: string}\n"),
    ));
    reports.push(("shared component".to_owned(), users("id, email, phone", "        id: {type: string}\n        email: {type: string}\n        phone: {type: string}\n"), users("id", "        id: {type: string}\n")));
    let mut checked = 0;
    for (name, base, head) in &reports {
        for fail_on in [FailOn::Breaking, FailOn::Warning] {
            let options = Options { fail_on, color: false, context: CONTEXT, verbose: false };
            let report = compare(base, head);
            let blocking: Vec<String> = report
                .findings()
                .filter(|finding| finding.is_blocking(fail_on))
                .map(|finding| format!("{} {}", finding.rule.id, finding.pointer()))
                .collect();
            let text = render(&report, Format::Text, options);
            let pasted: String = pasted_waivers(&text).replace("\"...\"", "\"Agreed.\"");
            let waivers = Waivers::parse(Path::new("pasted.toml"), &pasted, &CONTEXT)
                .unwrap_or_else(|error| panic!("{name}: {error}\n{pasted}"));
            let outcome = judge(compare(base, head), &waivers, Format::Text, options);
            assert_eq!(
                outcome.report.blocking(fail_on),
                0,
                "{name}: {pasted}\n{}",
                outcome.rendered
            );
            assert!(outcome.report.fulfilled.is_empty(), "{name}: {:?}", outcome.report.fulfilled);
            assert_eq!(outcome.verdict, Verdict::Pass);
            let waived: Vec<String> = outcome
                .report
                .findings()
                .filter(|finding| finding.waiver.is_some())
                .map(|finding| format!("{} {}", finding.rule.id, finding.pointer()))
                .collect();
            assert_eq!(waived, blocking, "{name}: only the blocking findings are waived");
            checked += usize::from(!blocking.is_empty());
        }
    }
    assert!(checked > 60, "{checked} reports with blocking findings");
}

/// The `[[waiver]]` tables of a text report, unindented.
fn pasted_waivers(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        if line == "      [[waiver]]" {
            inside = true;
            out.push('\n');
        } else if !line.starts_with("      ") {
            inside = false;
        }
        if inside {
            out.push_str(&line[6..]);
            out.push('\n');
        }
    }
    out
}

/// A waiver whose change is already on the base branch matches nothing: the run passes, and
/// each format says where the waiver is and that it can go.
#[test]
fn a_fulfilled_waiver_is_a_note_in_every_format_and_never_fails() {
    let document = users("id", "        id: {type: string}\n");
    let waivers = waivers(&format!(
        "# merged last week\n\n[[waiver]]\nrule = \"{REMOVED}\"\npointer = \"{EMAIL}\"\nreason = \"Agreed in #12.\"\n"
    ));
    let note = format!(
        "waivers.toml:3: the waiver rule = \"{REMOVED}\", pointer = \"{EMAIL}\" matches no finding: \
         if its change is already on the base branch, delete it"
    );
    let run = |format: Format| {
        let outcome = judge(compare(&document, &document), &waivers, format, Options::new(CONTEXT));
        assert_eq!(outcome.verdict, Verdict::Pass);
        assert_eq!(outcome.exit_code(), 0);
        outcome.rendered
    };
    let text = run(Format::Text);
    assert_eq!(text, format!("api (stable): PASS, no change to the contract\nnote: {note}\n"));
    let json: serde_json::Value = serde_json::from_str(&run(Format::Json)).expect("JSON");
    assert_eq!(
        json["fulfilled_waivers"],
        serde_json::json!([{
            "file": "waivers.toml",
            "line": 3,
            "note": "matches no finding: if its change is already on the base branch, delete it",
            "operation": null,
            "pointer": EMAIL,
            "reason": "Agreed in #12.",
            "rule": REMOVED,
            "version": null,
        }])
    );
    assert_eq!(json["blocking"], 0);
    let markdown = run(Format::Markdown);
    assert!(
        markdown.contains(&format!(
            "\nNotes:\n\n- `waivers.toml:3`: the waiver `rule = \"{REMOVED}\", pointer = \"{EMAIL}\"` \
             matches no finding: if its change is already on the base branch, delete it\n"
        )),
        "{markdown}"
    );
    let github = run(Format::Github);
    assert!(
        github.contains(&format!(
            "::notice file=waivers.toml,line=3,title=waiver matches no finding::{note}\n"
        )),
        "{github}"
    );
}

fn parse_error(text: &str) -> String {
    match Waivers::parse(Path::new("waivers.toml"), text, &CONTEXT) {
        Ok(waivers) => panic!("accepted: {:?}", waivers.list()),
        Err(error) => error.to_string(),
    }
}

#[test]
fn malformed_waivers_are_errors_with_file_and_line() {
    let valid = format!("[[waiver]]\nrule = \"{REMOVED}\"\npointer = \"/a\"\nreason = \"ok\"\n\n");
    let cases = [
        (
            format!(
                "{valid}[[waiver]]\nrule = \"response-required-property-remove\"\npointer = \"/a\"\nreason = \"r\"\n"
            ),
            "waivers.toml:6: waiver of `response-required-property-remove`: no rule has this id; \
             did you mean `response-required-property-removed`? every rule id is in RULES.md",
        ),
        (
            format!(
                "{valid}[[waiver]]\nrule = \"no-such-thing-at-all\"\npointer = \"/a\"\nreason = \"r\"\n"
            ),
            "waivers.toml:6: waiver of `no-such-thing-at-all`: no rule has this id; every rule id is in RULES.md",
        ),
        (
            format!("{valid}[[waiver]]\nrule = \"{REMOVED}\"\npointer = \"/a\"\n"),
            "waivers.toml:6:1: missing field `reason` (a waiver is a [[waiver]] table of `rule`, \
             `pointer`, `reason` and optionally `operation` and `version`)",
        ),
        (
            format!("{valid}[[waiver]]\nrule = \"{REMOVED}\"\npointer = \"/a\"\nreason = \"  \"\n"),
            "waivers.toml:6: waiver of `response-required-property-removed`: `reason` is empty: say \
             why breaking clients is acceptable",
        ),
        (
            format!(
                "{valid}[[waiver]]\nrule = \"{REMOVED}\"\npointer = \"/a\"\nreason = \"...\"\n"
            ),
            "waivers.toml:6: waiver of `response-required-property-removed`: `reason` is still the \
             placeholder \"...\": replace it with why breaking clients is acceptable",
        ),
        (
            format!("{valid}[[waiver]]\nrule = \"{REMOVED}\"\npointers = \"/a\"\nreason = \"r\"\n"),
            "waivers.toml:8:1: unknown field `pointers`, expected one of `rule`, `pointer`, \
             `operation`, `version`, `reason` (a waiver is a [[waiver]] table of `rule`, \
             `pointer`, `reason` and optionally `operation` and `version`)",
        ),
        (
            "[waiver]\nrule = \"x\"\n".to_owned(),
            "waivers.toml:1:1: invalid type: map, expected a sequence (a waiver is a [[waiver]] \
             table of `rule`, `pointer`, `reason` and optionally `operation` and `version`)",
        ),
        (
            "rule = \"x\"\n".to_owned(),
            "waivers.toml:1:1: unknown field `rule`, expected `waiver` (a waiver is a [[waiver]] \
             table of `rule`, `pointer`, `reason` and optionally `operation` and `version`)",
        ),
        (
            "[[waiver]\n".to_owned(),
            "waivers.toml:1:10: unclosed array table, expected `]` (a waiver is a [[waiver]] \
             table of `rule`, `pointer`, `reason` and optionally `operation` and `version`)",
        ),
    ];
    let mut failures = Vec::new();
    for (text, expected) in &cases {
        let actual = parse_error(text);
        if actual != *expected {
            failures.push(format!("{text}\n  expected: {expected}\n  actual:   {actual}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_waiver_file_named_by_the_user_must_exist() {
    let missing =
        std::env::temp_dir().join(format!("charter-no-waivers-{}.toml", std::process::id()));
    let error = Waivers::read(&missing, &CONTEXT).expect_err("missing file");
    assert!(matches!(error, WaiverError::Io { .. }));
    assert_eq!(
        error.to_string(),
        format!(
            "{}: cannot read the waiver file: No such file or directory (os error 2)",
            missing.display()
        )
    );
    let none = Waivers::read_if_present(&missing, &CONTEXT).expect("absent is no waivers");
    assert!(none.list().is_empty());
}
