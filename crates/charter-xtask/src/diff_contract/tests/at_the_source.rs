//! Findings at the Rust source, in a temporary repository whose workspace holds the contract's
//! sources beside its documents: the field a finding is about is named with its file and line
//! (relative to the repository root) in every format, and what only the base has is located in
//! the base commit's sources.
//!
//! The widget types of these tests are this crate's (`charter_xtask::diff_contract::tests::…`),
//! so the repository's sources are written for those paths: given as crate roots, or, through
//! the task, as a workspace member named `charter-xtask`.

use std::path::Path;
use std::process::ExitCode;

use charter_contract::{Stability, Version};
use charter_differ::{Format, Options, Outcome, Waivers};

use super::{CONTEXT, Sources, api, before, compare_api, git, repository_at, task, version};
use crate::locate::CrateRoot;

widget_variant!(shrunk {
    /// Its name.
    pub name: String,
});

/// `GET /v1/widget` and `GET /v2/widget` answering a `Label` that a macro defines.
macro_rules! label_variant {
    ($module:ident, $max:literal) => {
        mod $module {
            use charter_contract::{Auth, Endpoint, ErrorCode, Method, NoBody, NoParams};

            charter_contract::constrained_string! {
                /// A label.
                pub struct Label { length: 1..=$max }
            }

            macro_rules! endpoint {
                ($name:ident, $path:literal) => {
                    pub(super) struct $name;

                    impl Endpoint for $name {
                        const OPERATION_ID: &'static str = "getLabel";
                        const METHOD: Method = Method::Get;
                        const PATH: &'static str = $path;
                        const TAG: &'static str = "widgets";
                        const SUMMARY: &'static str = "Get the label";
                        const SUCCESS: u16 = 200;
                        const ERRORS: &'static [ErrorCode] = &[];
                        const AUTH: Auth = Auth::Public;
                        type Path = NoParams;
                        type Query = NoParams;
                        type Request = NoBody;
                        type Response = Label;
                    }
                };
            }

            endpoint!(GetLabelV1, "/v1/widget");
            endpoint!(GetLabelV2, "/v2/widget");
        }
    };
}

label_variant!(narrow, 100);
label_variant!(wide, 200);

/// `v1` answers `Thing`, the widget renamed and without its size.
mod renamed {
    use charter_contract::{Auth, Endpoint, ErrorCode, Method, NoBody, NoParams};
    use schemars::JsonSchema;
    use serde::{Deserialize, Serialize};

    /// A thing.
    #[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, proptest_derive::Arbitrary)]
    pub(super) struct Thing {
        /// Its name.
        pub name: String,
    }

    pub(super) struct GetThing;

    impl Endpoint for GetThing {
        const OPERATION_ID: &'static str = "getWidget";
        const METHOD: Method = Method::Get;
        const PATH: &'static str = "/v1/widget";
        const TAG: &'static str = "widgets";
        const SUMMARY: &'static str = "Get the widget";
        const SUCCESS: u16 = 200;
        const ERRORS: &'static [ErrorCode] = &[];
        const AUTH: Auth = Auth::Public;
        type Path = NoParams;
        type Query = NoParams;
        type Request = NoBody;
        type Response = Thing;
    }
}

/// The base's widget: `size` on line 11.
const BASE_WIDGET: &str = r#"//! The widget contract.

use serde::{Deserialize, Serialize};

/// A widget.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct Widget {
    /// Its name.
    pub name: String,
    /// Its size.
    pub size: u32,
}
"#;

/// The head's widget, its name optional: `name` on line 10.
const OPTIONAL_NAME: &str = r#"//! The widget contract.
//!
//! Names are optional now.

/// A widget.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct Widget {
    /// Its name, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its size.
    pub size: u32,
}
"#;

/// The head's widget without its size.
const NO_SIZE: &str = r#"/// A widget.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct Widget {
    /// Its name.
    pub name: String,
}
"#;

/// The line of `needle` in `text`, 1-based.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|line| line.contains(needle)).expect("needle in text") + 1
}

/// A repository whose HEAD holds the documents of the unchanged widget API and `base_source`
/// at `source` in the workspace at `prefix`; then `head_source` in the working tree.
fn repository_with_sources(
    prefix: &str,
    source: &str,
    base_source: &str,
    head_source: &str,
) -> tempfile::TempDir {
    repository_of(&super::unchanged(), prefix, source, base_source, head_source)
}

/// [`repository_with_sources`] with the documents of `base`.
fn repository_of(
    base: &charter_contract::Api,
    prefix: &str,
    source: &str,
    base_source: &str,
    head_source: &str,
) -> tempfile::TempDir {
    let repo = repository_at(base, prefix);
    let file = repo.path().join(prefix).join(source);
    std::fs::create_dir_all(file.parent().expect("a directory")).expect("mkdir");
    std::fs::write(&file, base_source).expect("write base source");
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "--quiet", "-m", "sources"]);
    std::fs::write(&file, head_source).expect("write head source");
    repo
}

fn head_commit(root: &Path) -> String {
    let output = std::process::Command::new("git")
        .args(["-C"])
        .arg(root)
        .args(["rev-parse", "HEAD"])
        .output()
        .expect("git runs");
    String::from_utf8(output.stdout).expect("UTF-8").trim().to_owned()
}

/// The comparison of `head` with the repository's HEAD at `root`, in `format`, with the crate
/// root `contracts/src/lib.rs` answering to the Rust path `crate_path`.
fn diff_at(head: &charter_contract::Api, root: &Path, crate_path: &str, format: Format) -> Outcome {
    let sources = Sources::new(vec![CrateRoot {
        path: crate_path.to_owned(),
        file: "contracts/src/lib.rs".to_owned(),
    }]);
    compare_api(head, root, "HEAD", &Waivers::none(), &sources, format, Options::new(CONTEXT))
        .unwrap_or_else(|error| panic!("{error:#}"))
}

#[test]
fn an_annotation_points_at_the_fields_line_in_every_format() {
    // The workspace is in a subdirectory: GitHub wants paths from the repository root.
    let repo = repository_with_sources("ws", "contracts/src/lib.rs", BASE_WIDGET, OPTIONAL_NAME);
    let head = super::breaking_v1();
    let path = "charter_xtask::diff_contract::tests::breaking";
    let line = line_of(OPTIONAL_NAME, "pub name: Option<String>");
    assert_eq!(line, 10);

    let github = diff_at(&head, &repo.path().join("ws"), path, Format::Github);
    assert_eq!(github.exit_code(), 1, "{}", github.rendered);
    let annotation = github
        .rendered
        .lines()
        .find(|line| line.starts_with("::error"))
        .unwrap_or_else(|| panic!("an error annotation: {}", github.rendered));
    assert!(
        annotation.starts_with(
            "::error file=ws/contracts/src/lib.rs,line=10,title=response-property-became-optional::\
             v1 GET /v1/widget: property `name` became optional [breaking] at \
             /components/schemas/Widget/properties/name, from \
             charter_xtask::diff_contract::tests::breaking::Widget::name"
        ),
        "{annotation}"
    );
    assert!(
        annotation.contains(
            "%0A%0ATo waive it on purpose, add to `contracts/waivers.toml`:%0A[[waiver]]%0A"
        ),
        "{annotation}"
    );

    let text = diff_at(&head, &repo.path().join("ws"), path, Format::Text);
    assert!(
        text.rendered.contains(
            "    in GET /v1/widget (response 200 body)\n    at /components/schemas/Widget/properties/name\n    from \
             charter_xtask::diff_contract::tests::breaking::Widget::name, ws/contracts/src/lib.rs:10\n"
        ),
        "{}",
        text.rendered
    );

    let markdown = diff_at(&head, &repo.path().join("ws"), path, Format::Markdown);
    assert!(
        markdown.rendered.contains(
            "response 200 body at `/components/schemas/Widget/properties/name`<br>\
             [`charter_xtask::diff_contract::tests::breaking::Widget::name`](ws/contracts/src/lib.rs#L10) |"
        ),
        "{}",
        markdown.rendered
    );

    let json = diff_at(&head, &repo.path().join("ws"), path, Format::Json);
    let report: serde_json::Value = serde_json::from_str(&json.rendered).expect("JSON");
    assert_eq!(
        report["versions"][0]["changes"][0]["source"],
        serde_json::json!({
            "item": "charter_xtask::diff_contract::tests::breaking::Widget",
            "member": "name",
            "file": "ws/contracts/src/lib.rs",
            "line": 10,
            "commit": null,
            "note": null,
        })
    );
    // Findings without a Rust origin keep today's output: v2 did not change at all.
    assert_eq!(report["versions"][1]["changes"], serde_json::json!([]));
}

#[test]
fn a_removed_field_is_located_at_the_base_commit() {
    let repo = repository_with_sources("", "contracts/src/lib.rs", BASE_WIDGET, NO_SIZE);
    let base = head_commit(repo.path());
    let head = api(vec![
        version::<shrunk::GetWidgetV1, shrunk::Widget>("v1", Stability::Stable),
        version::<shrunk::GetWidgetV2, shrunk::Widget>("v2", Stability::Beta),
    ]);
    let path = "charter_xtask::diff_contract::tests::at_the_source::shrunk";
    let line = line_of(BASE_WIDGET, "pub size: u32");
    assert_eq!(line, 11);

    let github = diff_at(&head, repo.path(), path, Format::Github);
    let annotation = github
        .rendered
        .lines()
        .find(|line| line.contains("property `size`"))
        .unwrap_or_else(|| panic!("a finding about `size`: {}", github.rendered));
    let expected = format!(
        "::error file=contracts/src/lib.rs,line=11,title=response-required-property-removed::v1 \
         GET /v1/widget: required property `size` removed [breaking] at /components/schemas/Widget/properties/size, from \
         {path}::Widget::size (gone at head: line 11 at base {})",
        &base[..12]
    );
    assert!(annotation.contains(&expected), "{annotation}\nexpected: {expected}");

    let json = diff_at(&head, repo.path(), path, Format::Json);
    let report: serde_json::Value = serde_json::from_str(&json.rendered).expect("JSON");
    let source = &report["versions"][0]["changes"][0]["source"];
    assert_eq!(source["line"], 11, "{source}");
    assert_eq!(source["commit"], serde_json::Value::from(base.as_str()), "{source}");
}

/// Through the task, as `cargo xtask diff-contract` runs it: the contract crate is found among
/// the workspace's members by the name its types' paths start with, and a type the head no
/// longer has is found in the base's sources by its schema name.
#[test]
fn a_removed_type_is_located_at_the_base_commit_through_the_workspace() {
    let base_lib = format!(
        "pub mod diff_contract {{\n    pub mod tests {{\n        pub mod before {{\n{}        }}\n    }}\n}}\n",
        BASE_WIDGET.lines().map(|line| format!("            {line}\n")).collect::<String>()
    );
    let head_lib = "pub mod diff_contract {\n    pub mod tests {\n        pub mod at_the_source {\n            \
                    pub mod renamed {\n                pub struct Thing {\n                    pub name: String,\n                }\n            }\n        }\n    }\n}\n";
    let repo = repository_with_sources("", "contracts/src/lib.rs", &base_lib, head_lib);
    std::fs::write(repo.path().join("Cargo.toml"), "[workspace]\nmembers = [\"contracts\"]\n")
        .expect("write the workspace manifest");
    std::fs::write(
        repo.path().join("contracts/Cargo.toml"),
        "[package]\nname = \"charter-xtask\"\nversion = \"0.1.0\"\n",
    )
    .expect("write the member manifest");
    let head = api(vec![
        version::<renamed::GetThing, renamed::Thing>("v1", Stability::Stable),
        version::<before::GetWidgetV2, before::Widget>("v2", Stability::Beta),
    ]);
    let line = line_of(&base_lib, "pub size: u32");
    let (code, text) = task(&head, repo.path(), &["--format", "github"]);
    assert_eq!(code, ExitCode::from(1), "{text}");
    let annotation = text
        .lines()
        .find(|line| line.contains("property `size`"))
        .unwrap_or_else(|| panic!("a finding about `size`: {text}"));
    assert!(
        annotation.contains(&format!(
            "file=contracts/src/lib.rs,line={line},title=response-required-property-removed::"
        )),
        "{annotation}"
    );
    assert!(
        annotation.contains(&format!(
            "from charter_xtask::diff_contract::tests::before::Widget::size (gone at head: line \
             {line} at base "
        )),
        "{annotation}"
    );
}

/// A type a macro defines is located at the macro call, and the output says so.
#[test]
fn a_macro_defined_type_is_located_at_the_call_and_says_so() {
    let labelled = |narrow: bool| {
        let versions = if narrow {
            vec![
                Version::new("v1", Stability::Stable, "1.0.0")
                    .operation::<narrow::GetLabelV1>()
                    .schema::<narrow::Label>(),
                Version::new("v2", Stability::Beta, "1.0.0")
                    .operation::<narrow::GetLabelV2>()
                    .schema::<narrow::Label>(),
            ]
        } else {
            vec![
                Version::new("v1", Stability::Stable, "1.0.0")
                    .operation::<wide::GetLabelV1>()
                    .schema::<wide::Label>(),
                Version::new("v2", Stability::Beta, "1.0.0")
                    .operation::<wide::GetLabelV2>()
                    .schema::<wide::Label>(),
            ]
        };
        api(versions)
    };
    let base_source = "pub mod narrow {\n    constrained_string! {\n        /// A label.\n        \
                       pub struct Label { length: 1..=100 }\n    }\n}\n";
    let head_source = "//! Labels.\n\npub mod wide {\n    constrained_string! {\n        /// A label.\n        \
                       pub struct Label { length: 1..=200 }\n    }\n}\n";
    let repo = repository_of(&labelled(true), "", "contracts/src/lib.rs", base_source, head_source);
    let line = line_of(head_source, "pub struct Label");
    let github = diff_at(
        &labelled(false),
        repo.path(),
        "charter_xtask::diff_contract::tests::at_the_source",
        Format::Github,
    );
    let annotation = github
        .rendered
        .lines()
        .find(|line| line.contains("/components/schemas/Label"))
        .unwrap_or_else(|| panic!("a finding about `Label`: {}", github.rendered));
    assert!(
        annotation.contains(&format!("file=contracts/src/lib.rs,line={line},title=")),
        "{annotation}"
    );
    assert!(
        annotation.contains(
            ", from charter_xtask::diff_contract::tests::at_the_source::wide::Label (defined by a \
             `constrained_string!` call: located at the call)"
        ),
        "{annotation}"
    );
}
