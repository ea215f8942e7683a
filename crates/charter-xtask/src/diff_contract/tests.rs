//! Workflow tests: a temporary git repository holds the documents emitted from one API; the
//! front end then diffs another API against it, through the real path: `git show` at the base
//! ref, emission at head, comparison, stability, waivers, exit code.
//!
//! The contracts cannot be recompiled in a test, so the APIs are built here from small
//! test-local endpoints with several variants of one type, `Widget`.

use std::path::Path;
use std::process::Command;

use charter_differ::{FailOn, Format, Options, Waivers};
use contracts::api::{Endpoint, Stability, Version};
use contracts::{Api, ErrorBody, ErrorCode, ErrorEnvelope, FieldError};

use super::{Outcome, compare_api, compare_files};

/// One variant of the widget API: `GET /v1/widget` and `GET /v2/widget`, both answering
/// `Widget`.
macro_rules! widget_variant {
    ($module:ident { $($field:tt)* }) => {
        mod $module {
            use contracts::api::{Auth, Endpoint, Method, NoBody, NoParams};
            use schemars::JsonSchema;
            use serde::{Deserialize, Serialize};

            /// A widget.
            #[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
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
                        const ERRORS: &'static [contracts::ErrorCode] = &[];
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

/// A version serving `E` and the schemas it reaches.
fn version<E: Endpoint, W>(name: &'static str, stability: Stability) -> Version
where
    W: schemars::JsonSchema + serde::Serialize + serde::de::DeserializeOwned,
{
    Version::new(name, stability, "1.0.0")
        .operation::<E>()
        .schema::<W>()
        .schema::<ErrorEnvelope>()
        .schema::<ErrorBody>()
        .schema::<ErrorCode>()
        .schema::<FieldError>()
}

fn api(v1: Version, v2: Version) -> Api {
    let mut api = contracts::billing();
    api.versions = vec![v1, v2];
    api
}

fn unchanged() -> Api {
    api(
        version::<before::GetWidgetV1, before::Widget>("v1", Stability::Stable),
        version::<before::GetWidgetV2, before::Widget>("v2", Stability::Beta),
    )
}

/// A git repository whose HEAD commit holds the documents of `api`.
fn repository(api: &Api) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    let root = dir.path();
    git(root, &["init", "--quiet", "--initial-branch=main"]);
    std::fs::create_dir_all(root.join("generated/openapi")).expect("mkdir");
    for document in charter_openapi::emit(api).expect("the test API emits") {
        std::fs::write(
            root.join(format!("generated/openapi/{}.json", document.version)),
            document.json,
        )
        .expect("write document");
    }
    git(root, &["add", "generated"]);
    git(root, &["commit", "--quiet", "-m", "documents"]);
    dir
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

fn diff(head: &Api, root: &Path, waivers: &Waivers) -> Outcome {
    compare_api(head, root, "HEAD", waivers, Format::Text, Options::default())
        .unwrap_or_else(|error| panic!("{error:#}"))
}

#[test]
fn a_breaking_change_to_a_stable_type_fails_naming_rule_and_location() {
    let repo = repository(&unchanged());
    let head = api(
        version::<breaking::GetWidgetV1, breaking::Widget>("v1", Stability::Stable),
        version::<before::GetWidgetV2, before::Widget>("v2", Stability::Beta),
    );
    let outcome = diff(&head, repo.path(), &Waivers::none());
    assert_eq!(outcome.code, 1, "{}", outcome.rendered);
    let text = &outcome.rendered;
    assert!(text.starts_with("v1 (stable): FAIL, 1 finding blocks the merge"), "{text}");
    assert!(text.contains("v2 (beta): PASS, no change to the contract"), "{text}");
    assert!(text.contains("GET /v1/widget"), "{text}");
    assert!(
        text.contains("response-property-became-optional: property `name` became optional"),
        "{text}"
    );
    assert!(text.contains("at /components/schemas/Widget/properties/name"), "{text}");
}

#[test]
fn an_additive_change_passes() {
    let repo = repository(&unchanged());
    let head = api(
        version::<additive::GetWidgetV1, additive::Widget>("v1", Stability::Stable),
        version::<additive::GetWidgetV2, additive::Widget>("v2", Stability::Beta),
    );
    let outcome = diff(&head, repo.path(), &Waivers::none());
    assert_eq!(outcome.code, 0, "{}", outcome.rendered);
    assert!(
        outcome.rendered.contains("v1 (stable): PASS, no breaking change"),
        "{}",
        outcome.rendered
    );
    assert!(
        outcome
            .rendered
            .contains("response-optional-property-added: optional property `color` added"),
        "{}",
        outcome.rendered
    );
}

#[test]
fn a_waived_break_passes_and_is_printed_as_waived() {
    let repo = repository(&unchanged());
    let head = api(
        version::<breaking::GetWidgetV1, breaking::Widget>("v1", Stability::Stable),
        version::<before::GetWidgetV2, before::Widget>("v2", Stability::Beta),
    );
    let waivers = Waivers::parse(
        Path::new("waivers.toml"),
        r#"
            [[waiver]]
            rule = "response-property-became-optional"
            pointer = "/components/schemas/Widget/properties/name"
            version = "v1"
            reason = "No client reads the name yet."
        "#,
    )
    .expect("waivers parse");
    let outcome = diff(&head, repo.path(), &waivers);
    assert_eq!(outcome.code, 0, "{}", outcome.rendered);
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

#[test]
fn a_break_in_the_beta_version_passes_with_a_warning() {
    let repo = repository(&unchanged());
    let head = api(
        version::<before::GetWidgetV1, before::Widget>("v1", Stability::Stable),
        version::<breaking::GetWidgetV2, breaking::Widget>("v2", Stability::Beta),
    );
    let outcome = diff(&head, repo.path(), &Waivers::none());
    assert_eq!(outcome.code, 0, "{}", outcome.rendered);
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
        Format::Github,
        Options { fail_on: FailOn::Warning, color: false },
    )
    .expect("diff");
    assert_eq!(strict.code, 1);
    assert!(
        strict
            .rendered
            .contains("::error title=response-property-became-optional::v2 GET /v2/widget"),
        "{}",
        strict.rendered
    );
}

#[test]
fn a_stale_waiver_is_an_error() {
    let repo = repository(&unchanged());
    let waivers = Waivers::parse(
        Path::new("waivers.toml"),
        "[[waiver]]\nrule = \"response-property-became-optional\"\npointer = \"/x\"\nreason = \"old\"\n",
    )
    .expect("waivers parse");
    let error =
        compare_api(&unchanged(), repo.path(), "HEAD", &waivers, Format::Text, Options::default())
            .expect_err("a waiver matching nothing fails");
    assert!(format!("{error:#}").contains("match no finding"), "{error:#}");
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
    assert_eq!(outcome.code, 1, "removing the stable v1 blocks:\n{}", outcome.rendered);

    let error = compare_api(
        &head,
        repo.path(),
        "no-such-ref",
        &Waivers::none(),
        Format::Text,
        Options::default(),
    )
    .expect_err("a missing ref fails");
    let message = format!("{error:#}");
    assert!(message.contains("`no-such-ref` is not in this repository"), "{message}");
    assert!(message.contains("fetch-depth: 0"), "{message}");

    let not_a_repository = tempfile::tempdir().expect("temporary directory");
    let error = compare_api(
        &head,
        not_a_repository.path(),
        "HEAD",
        &Waivers::none(),
        Format::Text,
        Options::default(),
    )
    .expect_err("no repository");
    assert!(format!("{error:#}").contains("is not a git repository"), "{error:#}");
}

#[test]
fn file_mode_on_identical_documents_reports_nothing_as_json() {
    // A document against itself, in file mode with JSON output: nothing to report.
    let root = crate::project_root();
    let base = root.join("generated/openapi/v1.json");
    let outcome = compare_files(&base, &base, &Waivers::none(), Format::Json, Options::default())
        .expect("diff");
    assert_eq!(outcome.code, 0);
    let json: serde_json::Value = serde_json::from_str(&outcome.rendered).expect("JSON output");
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["blocking"], 0);
    assert_eq!(json["versions"][0]["findings"], serde_json::json!([]));
}
