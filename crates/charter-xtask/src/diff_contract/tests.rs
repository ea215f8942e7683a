//! Workflow tests: a temporary git repository holds the documents emitted from one API; the
//! front end then diffs another API against it, through the real path: `git show` at the base
//! ref, emission at head, comparison, stability, waivers, exit code. File mode runs on
//! documents written here, and on the oasdiff corpus.
//!
//! The APIs are built here from small test-local endpoints with several variants of one type,
//! `Widget`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use charter_contract::{Api, Endpoint, Stability, StandardErrors, Version};
use charter_differ::{Context, FailOn, Format, Options, Outcome, Waivers};
use clap::Parser as _;

use super::{Args, CATALOGUE, Sources, compare_api, run_with};

/// One variant of the widget API: `GET /v1/widget` and `GET /v2/widget`, both answering
/// `Widget`.
macro_rules! widget_variant {
    ($module:ident { $($field:tt)* }) => {
        mod $module {
            use charter_contract::{Auth, Endpoint, ErrorCode, Method, NoBody, NoParams};
            use schemars::JsonSchema;
            use serde::{Deserialize, Serialize};

            /// A widget.
            #[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
            #[derive(proptest_derive::Arbitrary)]
            pub(super) struct Widget {
                $($field)*
            }

            macro_rules! endpoint {
                ($name:ident, $id:literal, $path:literal) => {
                    pub(super) struct $name;

                    impl Endpoint for $name {
                        const OPERATION_ID: &'static str = $id;
                        const METHOD: Method = Method::Get;
                        const PATH: &'static str = $path;
                        const TAG: &'static str = "widgets";
                        const SUMMARY: &'static str = "Get the widget";
                        const SUCCESS: u16 = 200;
                        const ERRORS: &'static [ErrorCode] = &[];
                        const AUTH: Auth = Auth::Public;
                        type Path = NoParams;
                        type Query = NoParams;
                        type Request = NoBody;
                        type Response = Widget;
                    }
                };
            }

            endpoint!(GetWidgetV1, "getWidget", "/v1/widget");
            endpoint!(GetWidgetV2, "getWidget", "/v2/widget");
        }
    };
}

widget_variant!(before {
    /// Its name.
    pub name: String,
    /// Its size.
    pub size: u32,
});

widget_variant!(additive {
    /// Its name.
    pub name: String,
    /// Its size.
    pub size: u32,
    /// Its colour, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
});

widget_variant!(breaking {
    /// Its name, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its size.
    pub size: u32,
});

/// A version serving `E` and the schema it answers.
fn version<E: Endpoint, W>(name: &'static str, stability: Stability) -> Version
where
    W: schemars::JsonSchema
        + serde::Serialize
        + serde::de::DeserializeOwned
        + charter_contract::Generate,
{
    Version::new(name, stability, "1.0.0").operation::<E>().schema::<W>()
}

fn api(versions: Vec<Version>) -> Api {
    versions.into_iter().fold(
        Api::new::<StandardErrors>("widgets", "Widget API").tag("widgets", "Widgets."),
        Api::version,
    )
}

fn unchanged() -> Api {
    api(vec![
        version::<before::GetWidgetV1, before::Widget>("v1", Stability::Stable),
        version::<before::GetWidgetV2, before::Widget>("v2", Stability::Beta),
    ])
}

/// `v1` breaks (`name` became optional), `v2` is unchanged.
fn breaking_v1() -> Api {
    api(vec![
        version::<breaking::GetWidgetV1, breaking::Widget>("v1", Stability::Stable),
        version::<before::GetWidgetV2, before::Widget>("v2", Stability::Beta),
    ])
}

/// A git repository whose HEAD commit holds the documents of `api` in the workspace at
/// `prefix` (the repository root when empty).
fn repository_at(api: &Api, prefix: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    let root = dir.path();
    git(root, &["init", "--quiet", "--initial-branch=main"]);
    let documents = root.join(prefix).join("generated/openapi");
    std::fs::create_dir_all(&documents).expect("mkdir");
    for document in charter_openapi::emit(api).expect("the test API emits") {
        std::fs::write(documents.join(format!("{}.json", document.version)), document.json)
            .expect("write document");
    }
    git(root, &["add", "."]);
    git(root, &["commit", "--quiet", "-m", "documents"]);
    dir
}

fn repository(api: &Api) -> tempfile::TempDir {
    repository_at(api, "")
}

fn git(root: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "user.name=Test", "-c", "user.email=test@charter.invalid"])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

const CONTEXT: Context<'static> = Context {
    command: "cargo xtask diff-contract",
    waivers: "`contracts/waivers.toml`",
    catalogue: CATALOGUE,
};

fn diff(head: &Api, root: &Path, waivers: &Waivers) -> Outcome {
    compare_api(
        head,
        root,
        "HEAD",
        waivers,
        &Sources::default(),
        Format::Text,
        Options::new(CONTEXT),
    )
    .unwrap_or_else(|error| panic!("{error:#}"))
}

/// `cargo xtask diff-contract ARGS` over `api` in the workspace at `root`, as the task runs
/// it: the exit code and standard output, or standard error as the binary prints it.
fn task(api: &Api, root: &Path, args: &[&str]) -> (ExitCode, String) {
    /// The task's flags, as `cargo xtask diff-contract` parses them.
    #[derive(clap::Parser)]
    struct Task {
        #[command(flatten)]
        args: Args,
    }
    let task = Task::try_parse_from(["diff-contract"].iter().chain(args))
        .unwrap_or_else(|error| panic!("{args:?}: {error}"));
    let mut out = Vec::new();
    match run_with(api, root, &task.args, "RULES.md", false, &mut out) {
        Ok(code) => (code, String::from_utf8(out).expect("UTF-8 report")),
        Err(error) => {
            assert!(out.is_empty(), "output before an error: {}", String::from_utf8_lossy(&out));
            (ExitCode::from(2), format!("error: {error:#}\n"))
        }
    }
}

#[test]
fn a_breaking_change_to_a_stable_type_fails_naming_rule_and_location() {
    let repo = repository(&unchanged());
    let outcome = diff(&breaking_v1(), repo.path(), &Waivers::none());
    assert_eq!(outcome.exit_code(), 1, "{}", outcome.rendered);
    let text = &outcome.rendered;
    assert!(text.starts_with("v1 (stable): FAIL, 1 finding blocks the merge"), "{text}");
    assert!(text.contains("v2 (beta): PASS, no change to the contract"), "{text}");
    assert!(text.contains("GET /v1/widget"), "{text}");
    assert!(
        text.contains("response-property-became-optional: property `name` became optional"),
        "{text}"
    );
    assert!(text.contains("at /components/schemas/Widget/properties/name\n"), "{text}");
}

#[test]
fn an_additive_change_passes() {
    let repo = repository(&unchanged());
    let head = api(vec![
        version::<additive::GetWidgetV1, additive::Widget>("v1", Stability::Stable),
        version::<additive::GetWidgetV2, additive::Widget>("v2", Stability::Beta),
    ]);
    let outcome = diff(&head, repo.path(), &Waivers::none());
    assert_eq!(outcome.exit_code(), 0, "{}", outcome.rendered);
    assert!(
        outcome.rendered.contains("v1 (stable): PASS, no breaking change"),
        "{}",
        outcome.rendered
    );
    assert!(
        outcome.rendered.contains(
            "info: 1 x response-optional-property-added, e.g. optional property `color` added"
        ),
        "{}",
        outcome.rendered
    );
}

#[test]
fn a_waived_break_passes_and_is_printed_as_waived() {
    let repo = repository(&unchanged());
    let waivers = Waivers::parse(
        Path::new("waivers.toml"),
        r#"
            [[waiver]]
            rule = "response-property-became-optional"
            pointer = "/components/schemas/Widget/properties/name"
            version = "v1"
            reason = "No client reads the name yet."
        "#,
        &CONTEXT,
    )
    .expect("waivers parse");
    let outcome = diff(&breaking_v1(), repo.path(), &waivers);
    assert_eq!(outcome.exit_code(), 0, "{}", outcome.rendered);
    assert!(
        outcome.rendered.contains("[waived breaking] response-property-became-optional"),
        "{}",
        outcome.rendered
    );
    assert!(
        outcome.rendered.contains("waived: No client reads the name yet."),
        "{}",
        outcome.rendered
    );
    assert!(outcome.rendered.contains("1 waived"), "{}", outcome.rendered);
}

/// The report names the workspace's waiver file and prints the waiver to paste, with the
/// version since the API has several; pasted into `contracts/waivers.toml` with a reason, it
/// lets the change through, and once the change is on the base it is a note, never a failure.
#[test]
fn the_printed_waiver_pasted_into_the_workspace_lets_the_break_through_then_is_fulfilled() {
    let repo = repository(&unchanged());
    let (code, text) = task(&breaking_v1(), repo.path(), &[]);
    assert_eq!(code, ExitCode::from(1), "{text}");
    let expected = "    to waive it on purpose, add to `contracts/waivers.toml`:\n      \
                    [[waiver]]\n      rule = \"response-property-became-optional\"\n      \
                    pointer = \"/components/schemas/Widget/properties/name\"\n      \
                    operation = \"GET /v1/widget\"\n      version = \"v1\"\n      \
                    reason = \"...\"\n";
    assert!(text.contains(expected), "{text}");
    assert!(text.contains("is in RULES.md), or waive one on purpose"), "{text}");

    let waiver: String = expected
        .lines()
        .skip(1)
        .map(|line| format!("{}\n", line.trim_start()))
        .collect::<String>()
        .replace("\"...\"", "\"Agreed with every client team.\"");
    std::fs::create_dir_all(repo.path().join("contracts")).expect("mkdir");
    std::fs::write(repo.path().join("contracts/waivers.toml"), format!("# Waivers\n\n{waiver}"))
        .expect("write waivers");
    let (code, text) = task(&breaking_v1(), repo.path(), &[]);
    assert_eq!(code, ExitCode::SUCCESS, "{text}");
    assert!(text.starts_with("v1 (stable): PASS, no breaking change (1 waived)\n"), "{text}");

    // The change is merged: the base has it, and the waiver matches nothing.
    let merged = repository(&breaking_v1());
    std::fs::create_dir_all(merged.path().join("contracts")).expect("mkdir");
    std::fs::write(merged.path().join("contracts/waivers.toml"), format!("# Waivers\n\n{waiver}"))
        .expect("write waivers");
    let (code, text) = task(&breaking_v1(), merged.path(), &["--format", "github"]);
    assert_eq!(code, ExitCode::SUCCESS, "{text}");
    assert!(
        text.contains(
            "::notice file=contracts/waivers.toml,line=3,title=waiver matches no finding::\
             contracts/waivers.toml:3: the waiver rule = \"response-property-became-optional\", \
             pointer = \"/components/schemas/Widget/properties/name\", operation = \"GET \
             /v1/widget\", version = \"v1\" matches no finding: if its change is already on the \
             base branch, delete it\n"
        ),
        "{text}"
    );
}

#[test]
fn a_malformed_waiver_in_the_workspace_is_an_error_naming_file_and_line() {
    let repo = repository(&unchanged());
    std::fs::create_dir_all(repo.path().join("contracts")).expect("mkdir");
    std::fs::write(
        repo.path().join("contracts/waivers.toml"),
        "[[waiver]]\nrule = \"response-property-became-optional\"\npointer = \"/x\"\nreason = \"\"\n",
    )
    .expect("write waivers");
    let (code, text) = task(&unchanged(), repo.path(), &[]);
    assert_eq!(code, ExitCode::from(2));
    assert_eq!(
        text,
        "error: contracts/waivers.toml:1: waiver of `response-property-became-optional`: \
         `reason` is empty: say why breaking clients is acceptable\n"
    );
    let (code, text) = task(&unchanged(), repo.path(), &["--waivers", "no-such-waivers.toml"]);
    assert_eq!(code, ExitCode::from(2));
    assert_eq!(
        text,
        "error: no-such-waivers.toml: cannot read the waiver file: No such file or directory \
         (os error 2)\n"
    );
}

#[test]
fn a_break_in_the_beta_version_passes_with_a_warning() {
    let repo = repository(&unchanged());
    let head = api(vec![
        version::<before::GetWidgetV1, before::Widget>("v1", Stability::Stable),
        version::<breaking::GetWidgetV2, breaking::Widget>("v2", Stability::Beta),
    ]);
    let outcome = diff(&head, repo.path(), &Waivers::none());
    assert_eq!(outcome.exit_code(), 0, "{}", outcome.rendered);
    let text = &outcome.rendered;
    assert!(text.contains("v2 (beta): PASS with 1 breaking change reported as warnings"), "{text}");
    assert!(
        text.contains("[warning (breaking in beta)] response-property-became-optional"),
        "{text}"
    );
    // --fail-on warning makes it block.
    let strict = compare_api(
        &head,
        repo.path(),
        "HEAD",
        &Waivers::none(),
        &Sources::default(),
        Format::Github,
        Options { fail_on: FailOn::Warning, color: false, context: CONTEXT, verbose: false },
    )
    .expect("diff");
    assert_eq!(strict.exit_code(), 1);
    assert!(
        strict
            .rendered
            .contains("::error title=response-property-became-optional::v2 GET /v2/widget"),
        "{}",
        strict.rendered
    );
}

#[test]
fn a_removed_version_is_reported_and_a_missing_ref_says_how_to_fetch() {
    let repo = repository(&unchanged());
    let mut head = unchanged();
    head.versions.truncate(1);
    let outcome = diff(&head, repo.path(), &Waivers::none());
    assert!(
        outcome.rendered.contains("api-version-removed: version `v2` is gone"),
        "{}",
        outcome.rendered
    );

    let mut stable_only = unchanged();
    stable_only.versions.remove(1);
    let repo_with_v1_only = repository(&stable_only);
    let mut renamed = unchanged();
    renamed.versions.remove(0);
    let outcome = diff(&renamed, repo_with_v1_only.path(), &Waivers::none());
    assert_eq!(outcome.exit_code(), 1, "removing the stable v1 blocks:\n{}", outcome.rendered);

    let (code, message) = task(&head, repo.path(), &["--base", "no-such-ref"]);
    assert_eq!(code, ExitCode::from(2));
    assert!(message.contains("`no-such-ref` is not in this repository"), "{message}");
    assert!(message.contains("fetch-depth: 0"), "{message}");

    let not_a_repository = tempfile::tempdir().expect("temporary directory");
    let (code, message) = task(&head, not_a_repository.path(), &[]);
    assert_eq!(code, ExitCode::from(2));
    assert!(message.contains("is not a git repository"), "{message}");
}

/// The workspace need not be the repository's root: its documents are read at its own path.
#[test]
fn a_workspace_in_a_subdirectory_of_the_repository_reads_its_own_documents() {
    let repo = repository_at(&unchanged(), "services/widgets");
    let workspace = repo.path().join("services/widgets");
    let (code, text) = task(&unchanged(), &workspace, &[]);
    assert_eq!(code, ExitCode::SUCCESS, "{text}");
    assert_eq!(
        text,
        "v1 (stable): PASS, no change to the contract\nv2 (beta): PASS, no change to the contract\n"
    );
    let (code, text) = task(&breaking_v1(), &workspace, &[]);
    assert_eq!(code, ExitCode::from(1), "{text}");
}

/// A scratch directory with files, removed at the end of the test.
struct Scratch(tempfile::TempDir);

impl Scratch {
    fn new() -> Scratch {
        Scratch(tempfile::tempdir().expect("temporary directory"))
    }

    fn file(&self, name: &str, contents: &[u8]) -> PathBuf {
        let path = self.0.path().join(name);
        std::fs::write(&path, contents).expect("write input");
        path
    }

    fn path(&self) -> &Path {
        self.0.path()
    }
}

/// File mode, `--base-file OLD --head-file NEW`, with JSON output.
fn files(base: &Path, head: &Path) -> (ExitCode, String) {
    let (base, head) = (base.to_str().expect("UTF-8 path"), head.to_str().expect("UTF-8 path"));
    let root = tempfile::tempdir().expect("temporary directory");
    task(&unchanged(), root.path(), &["--format", "json", "--base-file", base, "--head-file", head])
}

#[test]
fn file_mode_on_identical_documents_reports_nothing_as_json() {
    let scratch = Scratch::new();
    let emitted = charter_openapi::emit(&unchanged()).expect("emits");
    let document = scratch.file("v1.json", emitted[0].json.as_bytes());
    let (code, output) = files(&document, &document);
    assert_eq!(code, ExitCode::SUCCESS, "{output}");
    let json: serde_json::Value = serde_json::from_str(&output).expect("JSON output");
    assert_eq!(json["format_version"], 2);
    assert_eq!(json["blocking"], 0);
    assert_eq!(json["versions"][0]["changes"], serde_json::json!([]));
    assert_eq!(json["fulfilled_waivers"], serde_json::json!([]));
}

const VALID: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

/// `GET /a` answering `schema`, with the given component schemas.
fn answering(schema: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\ncomponents:\n  schemas:\n{components}"
    )
}

/// Each bad input, as base and as head, ends the task with one error line naming the file and
/// the place, and no report.
#[test]
fn each_bad_input_in_file_mode_is_one_error_line() {
    let scratch = Scratch::new();
    let valid = scratch.file("valid.yaml", VALID.as_bytes());
    let deep = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"components\": {{\"schemas\": {{\"Deep\": {}{{\"type\": \"string\"}}{}}}}}}}",
        "{\"type\": \"array\", \"items\": ".repeat(10_000),
        "}".repeat(10_000)
    );
    let garbage: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let huge = scratch.path().join("huge.json");
    // 200 MB, sparse: nothing is written, and the differ must not read it either.
    std::fs::File::create(&huge).and_then(|file| file.set_len(200 * 1024 * 1024)).expect("sparse");
    let cases: Vec<(&str, PathBuf, String)> = vec![
        ("empty", scratch.file("empty.json", b""), "the document is empty".to_owned()),
        (
            "binary garbage",
            scratch.file("garbage.bin", &garbage),
            "not UTF-8 text (invalid byte at offset 128); is this a binary file?".to_owned(),
        ),
        (
            "nested 10,000 levels",
            scratch.file("deep.json", deep.as_bytes()),
            "invalid JSON: nested deeper than 128 levels, the most the parser reads".to_owned(),
        ),
        (
            "a $ref to a missing component",
            scratch.file(
                "missing.yaml",
                answering("{$ref: '#/components/schemas/Missing'}", "    A: {type: string}\n")
                    .as_bytes(),
            ),
            "the `$ref` at /paths/~1a/get/responses/200/content/application~1json/schema points at `#/components/schemas/Missing`, which does not exist".to_owned(),
        ),
        (
            "OpenAPI 3.2",
            scratch.file("v32.yaml", VALID.replace("3.0.3", "3.2.0").as_bytes()),
            "OpenAPI 3.2.0 is not supported: charter-differ reads OpenAPI 3.0.x and 3.1.x documents (convert the document, or compare two documents of those versions)".to_owned(),
        ),
        (
            "200 MB",
            huge,
            "the document has 209715200 bytes (200.0 MiB), more than the size limit of 67108864 bytes (64.0 MiB) per document".to_owned(),
        ),
        (
            "a file that never ends",
            PathBuf::from("/dev/zero"),
            "the document is larger than the size limit of 67108864 bytes (64.0 MiB) per document".to_owned(),
        ),
        (
            "no such file",
            scratch.path().join("absent.yaml"),
            "cannot read the file: No such file or directory (os error 2)".to_owned(),
        ),
    ];
    let mut failures = String::new();
    for (name, input, message) in &cases {
        for (base, head) in [(&valid, input), (input, &valid)] {
            let (code, output) = files(base, head);
            let expected = if name.starts_with("nested") {
                format!("error: {}:1:3458: {message}\n", input.display())
            } else {
                format!("error: {}: {message}\n", input.display())
            };
            if code != ExitCode::from(2) || output != expected {
                let _ = writeln!(
                    failures,
                    "{name}: exit {code:?}\n  expected: {expected:?}\n  actual:   {output:?}"
                );
            }
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn recursive_schemas_get_a_result() {
    let scratch = Scratch::new();
    let document = |leaf: &str| {
        answering(
            "{$ref: '#/components/schemas/Tree'}",
            &format!(
                "    Tree:\n      type: object\n      required: [children, leaf]\n      properties:\n        children: {{type: array, items: {{$ref: '#/components/schemas/Forest'}}}}\n        leaf: {{type: {leaf}}}\n    Forest:\n      type: object\n      properties:\n        tree: {{$ref: '#/components/schemas/Tree'}}\n"
            ),
        )
    };
    let base = scratch.file("base.yaml", document("string").as_bytes());
    let same = scratch.file("same.yaml", document("string").as_bytes());
    let head = scratch.file("head.yaml", document("integer").as_bytes());

    let (code, output) = files(&base, &same);
    assert_eq!(code, ExitCode::SUCCESS, "{output}");
    let report: serde_json::Value = serde_json::from_str(&output).expect("JSON report");
    assert_eq!(report.pointer("/versions/0/changes"), Some(&serde_json::json!([])));

    let (code, output) = files(&base, &head);
    assert_eq!(code, ExitCode::from(1), "{output}");
    let report: serde_json::Value = serde_json::from_str(&output).expect("JSON report");
    let findings: Vec<(&str, &str)> = report
        .pointer("/versions/0/changes")
        .and_then(serde_json::Value::as_array)
        .expect("changes")
        .iter()
        .map(|finding| {
            (
                finding["id"].as_str().unwrap_or_default(),
                finding["pointer"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [("response-property-type-changed", "/components/schemas/Tree/properties/leaf")]
    );
}

/// Every pair of the oasdiff corpus (OpenAPI 3.1 included) through file mode: a JSON report
/// with exit 0 or 1, or exit 2 with one error line naming one of the two files.
#[test]
fn every_corpus_pair_gets_a_report_or_one_error_line() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/oasdiff");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("tests/corpus/oasdiff")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    let find = |dir: &Path, stem: &str| {
        ["yaml", "json"]
            .map(|ext| dir.join(format!("{stem}.{ext}")))
            .into_iter()
            .find(|p| p.is_file())
    };
    let (mut reports, mut errors, mut failures) = (0, 0, String::new());
    for dir in &cases {
        let (Some(base), Some(head)) = (find(dir, "base"), find(dir, "revision")) else { continue };
        let (code, output) = files(&base, &head);
        if code == ExitCode::from(2) {
            if output.lines().count() == 1
                && [&base, &head]
                    .iter()
                    .any(|file| output.starts_with(&format!("error: {}", file.display())))
            {
                errors += 1;
                continue;
            }
        } else if serde_json::from_str::<serde_json::Value>(&output).is_ok() {
            reports += 1;
            continue;
        }
        let _ = writeln!(failures, "{}: exit {code:?}: {output}", dir.display());
    }
    assert!(reports + errors > 250, "{reports} reports, {errors} errors");
    assert!(failures.is_empty(), "{failures}");
}

/// Findings at the Rust source.
mod at_the_source;
