//! The derived versions: Cargo's bump rules, and the workflow in a temporary git repository
//! through the real `cargo xtask openapi`: a first generation, a breaking and an additive
//! change on a branch, regenerating and `--check` again, and the merge.

use std::path::Path;
use std::process::Command;

use charter_contract::{Api, Endpoint, Stability, StandardErrors, Version};

use super::*;

#[test]
fn bumps_follow_cargo_semver() {
    let v = |text| SemVer::parse(text).unwrap();
    assert_eq!(bump(v("0.3.0"), Change::Breaking), v("0.4.0"));
    assert_eq!(bump(v("0.3.2"), Change::Additive), v("0.3.3"));
    assert_eq!(bump(v("0.3.2"), Change::Patch), v("0.3.3"));
    assert_eq!(bump(v("0.3.2"), Change::None), v("0.3.2"));
    assert_eq!(bump(v("1.2.3"), Change::Breaking), v("2.0.0"));
    assert_eq!(bump(v("1.2.3"), Change::Additive), v("1.3.0"));
    assert_eq!(bump(v("1.2.3"), Change::Patch), v("1.2.4"));
}

#[test]
fn only_plain_versions_parse() {
    assert_eq!(SemVer::parse("10.0.7").unwrap(), SemVer(10, 0, 7));
    for bad in ["1.0", "1.0.0-beta", "v1.0.0", "01.0.0", "1..0", ""] {
        let error = SemVer::parse(bad).unwrap_err().to_string();
        assert!(error.contains("major.minor.patch"), "{bad}: {error}");
    }
}

#[test]
fn the_changelog_keeps_the_base_entries_under_a_new_one() {
    let base = format!("{}\n## 0.1.0\n\nThe first version.\n", changelog_header("c"));
    let text = changelog("c", Some(&base), Some("## 0.2.0\n\nNew.\n"));
    assert!(text.ends_with("\n## 0.2.0\n\nNew.\n\n## 0.1.0\n\nThe first version.\n"), "{text}");
    assert_eq!(changelog("c", Some(&text), None), text, "no new entry: unchanged");
}

/// One variant of the gadget API: `GET /<version>/gadget` answering `Gadget`, and
/// `GET /<version>/gadgets/first` (for the additive change).
macro_rules! gadget_variant {
    ($module:ident { $($field:tt)* }) => {
        #[allow(dead_code, reason = "each variant uses only some of the endpoints")]
        mod $module {
            use charter_contract::{Auth, Endpoint, ErrorCode, Method, NoBody, NoParams};
            use schemars::JsonSchema;
            use serde::{Deserialize, Serialize};

            /// A gadget.
            #[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
            #[derive(proptest_derive::Arbitrary)]
            pub(super) struct Gadget {
                $($field)*
            }

            macro_rules! endpoint {
                ($name:ident, $id:literal, $path:literal) => {
                    pub(super) struct $name;

                    impl Endpoint for $name {
                        const OPERATION_ID: &'static str = $id;
                        const METHOD: Method = Method::Get;
                        const PATH: &'static str = $path;
                        const TAG: &'static str = "gadgets";
                        const SUMMARY: &'static str = "Get a gadget";
                        const SUCCESS: u16 = 200;
                        const ERRORS: &'static [ErrorCode] = &[];
                        const AUTH: Auth = Auth::Public;
                        type Path = NoParams;
                        type Query = NoParams;
                        type Request = NoBody;
                        type Response = Gadget;
                    }
                };
            }

            endpoint!(GetGadgetV1, "getGadget", "/v1/gadget");
            endpoint!(FirstGadgetV1, "getFirstGadget", "/v1/gadgets/first");
            endpoint!(GetGadgetV2, "getGadget", "/v2/gadget");
        }
    };
}

gadget_variant!(before {
    /// Its name.
    pub name: String,
});

gadget_variant!(breaking {
    /// Its name, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
});

/// `v1` stable from client 1.0.0 and `v2` beta from client 0.3.0, both answering the `before`
/// gadget.
fn first() -> Api {
    Api::new::<StandardErrors>("gadgets", "Gadget API")
        .tag("gadgets", "Gadgets.")
        .version(v1::<before::GetGadgetV1>(false))
        .version(v2::<before::GetGadgetV2, before::Gadget>())
}

/// `v1` gains an operation (additive), `v2`'s `name` became optional in a response (breaking).
fn changed() -> Api {
    Api::new::<StandardErrors>("gadgets", "Gadget API")
        .tag("gadgets", "Gadgets.")
        .version(v1::<before::GetGadgetV1>(true))
        .version(v2::<breaking::GetGadgetV2, breaking::Gadget>())
}

fn v1<E: Endpoint>(with_first: bool) -> Version {
    let version = Version::new("v1", Stability::Stable, "1.0.0")
        .client_version("1.0.0")
        .operation::<E>()
        .schema::<before::Gadget>();
    if with_first { version.operation::<before::FirstGadgetV1>() } else { version }
}

fn v2<E: Endpoint, G>() -> Version
where
    G: schemars::JsonSchema
        + serde::Serialize
        + serde::de::DeserializeOwned
        + charter_contract::Generate,
{
    Version::new("v2", Stability::Beta, "2.0.0")
        .client_version("0.3.0")
        .operation::<E>()
        .schema::<G>()
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

/// `cargo xtask openapi ARGS` over `api` in the workspace at `root`: exit code and output.
fn openapi(api: fn() -> Api, root: &Path, args: &[&str]) -> (u8, String) {
    let mut out = Vec::new();
    let code =
        crate::Project::new(api).run_from(["xtask", "openapi"].iter().chain(args), root, &mut out);
    let code = if code == std::process::ExitCode::SUCCESS { 0 } else { 1 };
    (code, String::from_utf8(out).expect("UTF-8 output"))
}

/// `cargo xtask diff-contract ARGS` over `api` in the workspace at `root`: its report.
fn diff_contract(api: fn() -> Api, root: &Path, args: &[&str]) -> String {
    /// The task's flags, as `cargo xtask diff-contract` parses them.
    #[derive(clap::Parser)]
    struct Task {
        #[command(flatten)]
        args: crate::diff_contract::Args,
    }
    let task = <Task as clap::Parser>::try_parse_from(["diff-contract"].iter().chain(args))
        .unwrap_or_else(|error| panic!("{args:?}: {error}"));
    let mut out = Vec::new();
    crate::diff_contract::run_with(&api(), root, &task.args, "RULES.md", false, &mut out)
        .unwrap_or_else(|error| panic!("{error:#}"));
    String::from_utf8(out).expect("UTF-8 report")
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn package_version(root: &Path, crate_name: &str) -> String {
    let manifest: toml::Table =
        toml::from_str(&read(root, &format!("generated/clients/{crate_name}/Cargo.toml"))).unwrap();
    manifest["package"]["version"].as_str().unwrap().to_owned()
}

/// A workspace in a new git repository whose `main` (also `origin/main`) holds what
/// `cargo xtask openapi` generates for [`first`].
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    let root = dir.path();
    std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = [\"generated/clients/*\"]\n")
        .unwrap();
    git(root, &["init", "--quiet", "--initial-branch=main"]);
    let (code, out) = openapi(first, root, &[]);
    assert_eq!(code, 0, "{out}");
    git(root, &["add", "."]);
    git(root, &["commit", "--quiet", "-m", "first"]);
    git(root, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    dir
}

#[test]
fn a_new_crate_starts_at_its_versions_client_version() {
    let repo = workspace();
    let root = repo.path();
    assert_eq!(package_version(root, "gadgets-client-v1"), "1.0.0");
    assert_eq!(package_version(root, "gadgets-client-v2"), "0.3.0");
    let changelog = read(root, "generated/clients/gadgets-client-v2/CHANGELOG.md");
    assert!(changelog.contains("# Changelog of gadgets-client-v2\n"), "{changelog}");
    assert!(
        changelog.ends_with("\n## 0.3.0\n\nThe first version of the client of v2.\n"),
        "{changelog}"
    );
    let index = read(root, "generated/clients/README.md");
    assert!(
        index.contains("| [`gadgets-client-v2`](gadgets-client-v2/) | 0.3.0 | v2 | beta |"),
        "{index}"
    );
    // Nothing changed since: the same versions, nothing stale.
    assert_eq!(openapi(first, root, &["--check"]), (0, "generated/ is up to date\n".to_owned()));
}

#[test]
fn a_breaking_change_bumps_a_beta_client_and_an_addition_a_stable_one_until_the_merge() {
    let repo = workspace();
    let root = repo.path();
    git(root, &["checkout", "--quiet", "-b", "feature"]);

    let (code, out) = openapi(changed, root, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("client gadgets-client-v2 0.3.0 -> 0.4.0 (breaking)\n"), "{out}");
    assert!(out.contains("client gadgets-client-v1 1.0.0 -> 1.1.0 (additive)\n"), "{out}");
    assert_eq!(package_version(root, "gadgets-client-v2"), "0.4.0");
    assert_eq!(package_version(root, "gadgets-client-v1"), "1.1.0");

    let changelog = read(root, "generated/clients/gadgets-client-v2/CHANGELOG.md");
    let entry = changelog.split("\n## ").nth(1).expect("an entry");
    assert!(entry.starts_with("0.4.0\n\nBreaking changes since 0.3.0: "), "{changelog}");
    assert!(entry.contains("- **breaking** `GET /v2/gadget`: "), "{changelog}");
    assert!(entry.contains("`name`"), "{changelog}");
    assert!(entry.contains("(`response-property-became-optional`)"), "{changelog}");
    assert!(
        changelog.ends_with("\n## 0.3.0\n\nThe first version of the client of v2.\n"),
        "kept: {changelog}"
    );
    let changelog = read(root, "generated/clients/gadgets-client-v1/CHANGELOG.md");
    assert!(
        changelog.contains("\n## 1.1.0\n\nAdditions since 1.0.0: existing code keeps working"),
        "{changelog}"
    );
    assert!(changelog.contains("- **compatible** `GET /v1/gadgets/first`: "), "{changelog}");

    // Regenerating, checking, and committing change nothing: the base is still main's.
    let written: Vec<String> = ["gadgets-client-v1", "gadgets-client-v2"]
        .iter()
        .flat_map(|name| {
            ["Cargo.toml", "CHANGELOG.md"].map(|file| format!("generated/clients/{name}/{file}"))
        })
        .map(|path| read(root, &path))
        .collect();
    let (code, out) = openapi(changed, root, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("generated/ is up to date\n"), "{out}");
    assert_eq!(openapi(changed, root, &["--check"]).0, 0);
    git(root, &["add", "."]);
    git(root, &["commit", "--quiet", "-m", "changed"]);
    let (code, out) = openapi(changed, root, &["--check"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("client gadgets-client-v2 0.3.0 -> 0.4.0 (breaking)\n"), "{out}");

    // What diff-contract reports, against any base.
    let summaries = |base: Option<&str>| -> Vec<String> {
        crate::client_releases(&changed(), root, base)
            .unwrap_or_else(|error| panic!("{error}"))
            .iter()
            .map(Release::summary)
            .collect()
    };
    let expected = [
        "gadgets-client-v1 1.0.0 -> 1.1.0 (additive)",
        "gadgets-client-v2 0.3.0 -> 0.4.0 (breaking)",
    ];
    assert_eq!(summaries(None), expected);
    assert_eq!(summaries(Some("main")), expected);
    assert_eq!(
        summaries(Some("feature")),
        ["gadgets-client-v1 1.1.0 (unchanged)", "gadgets-client-v2 0.4.0 (unchanged)"]
    );
    let error = crate::client_releases(&changed(), root, Some("nowhere")).unwrap_err();
    assert!(error.to_string().contains("`nowhere` is not a commit"), "{error}");

    // diff-contract's verdict lines, text and JSON, say how each client moves.
    let text = diff_contract(changed, root, &["--format", "text"]);
    assert!(
        text.contains(
            "v2 (beta): PASS with 1 breaking change reported as warnings because the version is \
             not stable (1 warning); client gadgets-client-v2 0.3.0 -> 0.4.0 (breaking)\n"
        ),
        "{text}"
    );
    assert!(text.contains("; client gadgets-client-v1 1.0.0 -> 1.1.0 (additive)\n"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&diff_contract(changed, root, &["--format", "json"])).unwrap();
    let verdicts: Vec<&str> = json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|version| version["verdict"].as_str())
        .collect();
    assert!(
        verdicts.iter().any(
            |verdict| verdict.ends_with("; client gadgets-client-v2 0.3.0 -> 0.4.0 (breaking)")
        ),
        "{verdicts:?}"
    );
    let clients: Vec<&str> = json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|version| version["client"].as_str())
        .collect();
    assert_eq!(
        clients,
        [
            "gadgets-client-v1 1.0.0 -> 1.1.0 (additive)",
            "gadgets-client-v2 0.3.0 -> 0.4.0 (breaking)"
        ]
    );

    // After the merge the base has the new versions and documents: they stay.
    git(root, &["checkout", "--quiet", "main"]);
    git(root, &["merge", "--quiet", "--ff-only", "feature"]);
    git(root, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    assert_eq!(openapi(changed, root, &["--check"]), (0, "generated/ is up to date\n".to_owned()));
    let (code, out) = openapi(changed, root, &[]);
    assert_eq!((code, out.as_str()), (0, "generated/ is up to date\n"));
    let after: Vec<String> = ["gadgets-client-v1", "gadgets-client-v2"]
        .iter()
        .flat_map(|name| {
            ["Cargo.toml", "CHANGELOG.md"].map(|file| format!("generated/clients/{name}/{file}"))
        })
        .map(|path| read(root, &path))
        .collect();
    assert_eq!(after, written);
}

#[test]
fn a_stated_client_version_above_the_committed_one_is_where_the_crate_moves() {
    fn stable_v2() -> Api {
        Api::new::<StandardErrors>("gadgets", "Gadget API")
            .tag("gadgets", "Gadgets.")
            .version(v1::<before::GetGadgetV1>(false))
            .version(
                Version::new("v2", Stability::Stable, "2.0.0")
                    .client_version("1.0.0")
                    .operation::<before::GetGadgetV2>()
                    .schema::<before::Gadget>(),
            )
    }
    let repo = workspace();
    let root = repo.path();
    let (code, out) = openapi(stable_v2, root, &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(package_version(root, "gadgets-client-v2"), "1.0.0");
    assert!(
        out.contains("client gadgets-client-v2 0.3.0 -> 1.0.0 (the contract's client_version)\n"),
        "{out}"
    );
    let changelog = read(root, "generated/clients/gadgets-client-v2/CHANGELOG.md");
    assert!(
        changelog.contains(
            "\n## 1.0.0\n\nThe contract states that the client of v2 starts at 1.0.0 \
             (`Version::client_version`)"
        ),
        "{changelog}"
    );
}

#[test]
fn an_unreadable_committed_manifest_is_an_error_naming_it() {
    let repo = workspace();
    let root = repo.path();
    std::fs::write(
        root.join("generated/clients/gadgets-client-v2/Cargo.toml"),
        "[package]\nversion = \"two\"\n",
    )
    .unwrap();
    git(root, &["commit", "--quiet", "-am", "broken"]);
    git(root, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    let error = match crate::openapi::generate(&first(), &[], root) {
        Ok(_) => panic!("generated from a broken manifest"),
        Err(error) => error.to_string(),
    };
    assert!(
        error.contains("generated/clients/gadgets-client-v2/Cargo.toml at the base commit"),
        "{error}"
    );
    assert!(error.contains("`two` is not a version"), "{error}");
}

/// The differ's findings on a rule's fixture pair (`fixtures/diff/<rule>/`).
fn fixture_findings(rule: &str) -> Vec<Finding> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/diff").join(rule);
    let read = |side: &str| {
        Document::read(&dir.join(format!("{side}.yaml"))).unwrap_or_else(|error| panic!("{error}"))
    };
    let findings = charter_differ::diff(&read("base"), &read("head"));
    assert!(findings.iter().any(|finding| finding.rule.id == rule), "{rule}: no finding");
    findings
}

#[test]
fn what_counts_as_breaking_depends_on_the_wire_and_on_the_generated_code() {
    // A new field of a response struct: a struct literal stops compiling...
    let added = fixture_findings("response-optional-property-added");
    assert_eq!(classify(&added, true, true), Change::Breaking);
    // ...but where progenitor writes the same code, the crate's API did not change.
    assert_eq!(classify(&added, false, true), Change::Patch);
    // A new operation is a new method.
    let endpoint = fixture_findings("endpoint-added");
    assert_eq!(classify(&endpoint, true, true), Change::Additive);
    // A break on the wire is a break, whatever the code.
    let security = fixture_findings("api-security-requirement-added");
    assert_eq!(classify(&security, false, true), Change::Breaking);
    assert_eq!(classify(&[], false, true), Change::Patch);
    assert_eq!(classify(&[], false, false), Change::None);
}
