//! A workspace's `cargo xtask` end to end, in process, over a small API of the tests' own:
//! which workspace the tasks find, what `openapi` writes and checks, that a bad contract writes
//! nothing, and the tokens `dev-token` mints.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use charter_contract::{
    Api, Endpoint, ErrorCode, Method, NoBody, NoParams, Scope, Scopes, Stability, StandardErrors,
    Version,
};
use charter_xtask::Project;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A note.
#[derive(
    Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, proptest_derive::Arbitrary,
)]
struct Note {
    /// Its identifier.
    id: u32,
    /// What it says.
    text: String,
}

/// Path parameters of `/v1/notes/{note_id}`.
#[derive(
    Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, proptest_derive::Arbitrary,
)]
struct NotePath {
    /// The note.
    note_id: u32,
}

/// `GET /v1/notes/{note_id}`.
struct GetNote;

impl Endpoint for GetNote {
    const OPERATION_ID: &'static str = "getNote";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/v1/notes/{note_id}";
    const TAG: &'static str = "notes";
    const SUMMARY: &'static str = "Get a note";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [ErrorCode] = &[ErrorCode::NOT_FOUND];
    type Path = NotePath;
    type Query = NoParams;
    type Request = NoBody;
    type Response = Note;
}

const READ: Scope = Scope::new("notes:read", "Read notes.");
const WRITE: Scope = Scope::new("notes:write", "Write notes.");

fn api() -> Api {
    Api::new::<StandardErrors>("notes", "Notes API")
        .description("Short notes.")
        .tag("notes", "Short texts.")
        .scopes(Scopes { read: READ, write: WRITE })
        .version(
            Version::new("v1", Stability::Stable, "1.0.0")
                .description("The first version.")
                .operation::<GetNote>()
                .schema::<Note>(),
        )
}

/// The same API with `getNote` declared twice.
fn bad_api() -> Api {
    let mut api = api();
    let duplicate = api.versions[0].operations[0].clone();
    api.versions[0].operations.push(duplicate);
    api
}

fn project() -> Project {
    Project::new(api).generated_file("generated/NOTES.md", || "# Notes\n".to_owned())
}

/// A new workspace: a root manifest listing `members`, and an `xtask/src` directory.
fn workspace(members: &str) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    fs::write(root.path().join("Cargo.toml"), format!("[workspace]\nmembers = {members}\n"))
        .unwrap();
    fs::create_dir_all(root.path().join("xtask/src")).unwrap();
    root
}

/// Runs `cargo xtask <args>` from `dir`: the exit code and what it printed.
fn xtask(project: &Project, dir: &Path, args: &[&str]) -> (ExitCode, String) {
    let mut out = Vec::new();
    let code = project.run_from(["cargo-xtask"].iter().chain(args), dir, &mut out);
    (code, String::from_utf8(out).unwrap())
}

/// Every file under `root`, relative to it, with its bytes.
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}

#[test]
fn the_first_openapi_of_a_new_workspace_writes_everything_from_a_subdirectory() {
    let root = workspace(r#"["xtask", "generated/clients/*"]"#);
    let (code, out) = xtask(&project(), &root.path().join("xtask/src"), &["openapi"]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");

    let written: Vec<PathBuf> = files(root.path()).into_keys().collect();
    let expected = [
        "Cargo.toml",
        "generated/NOTES.md",
        "generated/clients/README.md",
        "generated/clients/notes-client-v1/CHANGELOG.md",
        "generated/clients/notes-client-v1/Cargo.toml",
        "generated/clients/notes-client-v1/README.md",
        "generated/clients/notes-client-v1/src/lib.rs",
        "generated/openapi/v1.json",
    ];
    assert_eq!(written, expected.map(PathBuf::from));
    for path in &expected[1..] {
        assert!(out.contains(&format!("updated {path}\n")), "{path} not reported: {out}");
    }
    assert!(!out.contains("note:"), "the glob lists the client: {out}");

    let read = |path: &str| fs::read_to_string(root.path().join(path)).unwrap();
    assert_eq!(read("generated/NOTES.md"), "# Notes\n");
    let document: serde_json::Value =
        serde_json::from_str(&read("generated/openapi/v1.json")).unwrap();
    assert_eq!(document["paths"]["/v1/notes/{note_id}"]["get"]["operationId"], "getNote");
    assert!(
        read("generated/clients/notes-client-v1/Cargo.toml").contains("name = \"notes-client-v1\"")
    );
    let index = read("generated/clients/README.md");
    assert!(index.starts_with("<!-- @generated by `cargo xtask openapi`."), "{index}");
    assert!(
        index.contains(
            "| [`notes-client-v1`](notes-client-v1/) | 0.1.0 | v1 | stable | \
             [`generated/openapi/v1.json`](../openapi/v1.json) | \
             [CHANGELOG](notes-client-v1/CHANGELOG.md) |\n"
        ),
        "{index}"
    );
}

#[test]
fn check_passes_on_fresh_files_and_fails_with_a_diff_on_stale_ones_writing_nothing() {
    let root = workspace(r#"["xtask", "generated/clients/*"]"#);
    assert_eq!(xtask(&project(), root.path(), &["openapi"]).0, ExitCode::SUCCESS);
    let (code, out) = xtask(&project(), root.path(), &["openapi", "--check"]);
    assert_eq!((code, out.as_str()), (ExitCode::SUCCESS, "generated/ is up to date\n"));
    let (code, out) = xtask(&project(), root.path(), &["openapi"]);
    assert_eq!((code, out.as_str()), (ExitCode::SUCCESS, "generated/ is up to date\n"));

    fs::write(root.path().join("generated/NOTES.md"), "# Old notes\n").unwrap();
    fs::write(root.path().join("generated/openapi/v9.json"), "{}\n").unwrap();
    let before = files(root.path());
    let (code, out) = xtask(&project(), root.path(), &["openapi", "--check"]);
    assert_eq!(code, ExitCode::from(1), "{out}");
    assert!(out.contains("--- a/generated/NOTES.md\n+++ b/generated/NOTES.md\n"), "{out}");
    assert!(out.contains("-# Old notes\n+# Notes\n"), "{out}");
    assert!(out.contains("--- a/generated/openapi/v9.json\n(would be deleted"), "{out}");
    assert_eq!(files(root.path()), before, "--check wrote");
}

#[test]
fn two_generations_give_identical_bytes() {
    let first = workspace(r#"["generated/clients/*"]"#);
    let second = workspace(r#"["generated/clients/*"]"#);
    project().generate(first.path()).unwrap().write(first.path()).unwrap();
    project().generate(second.path()).unwrap().write(second.path()).unwrap();
    let (first, second) = (files(first.path()), files(second.path()));
    assert_eq!(first.len(), 8);
    assert!(first == second, "two runs of the generator gave different bytes");
}

#[test]
fn a_bad_contract_fails_and_writes_nothing() {
    let root = workspace(r#"["generated/clients/*"]"#);
    assert_eq!(xtask(&project(), root.path(), &["openapi"]).0, ExitCode::SUCCESS);
    let before = files(root.path());

    let bad = Project::new(bad_api);
    let error = bad.generate(root.path()).unwrap_err().to_string();
    assert!(error.contains("operationId `getNote` is claimed by two endpoints"), "{error}");
    let (code, out) = xtask(&bad, root.path(), &["openapi"]);
    assert_eq!(code, ExitCode::from(2));
    assert_eq!(out, "");
    assert_eq!(files(root.path()), before, "a bad contract changed or deleted files");
}

#[test]
fn a_generated_file_outside_the_workspace_is_refused() {
    let root = workspace(r#"["generated/clients/*"]"#);
    for path in ["../NOTES.md", "/tmp/NOTES.md", ""] {
        let project = Project::new(api).generated_file(path, String::new);
        let error = project.generate(root.path()).unwrap_err().to_string();
        assert!(error.starts_with(&format!("generated file `{path}`: the path must be relative")));
    }
}

#[test]
fn outside_any_workspace_nothing_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = xtask(&project(), dir.path(), &["openapi"]);
    assert_eq!((code, out.as_str()), (ExitCode::from(2), ""));
    assert!(files(dir.path()).is_empty());
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let root = workspace("[]");
    assert_eq!(xtask(&project(), root.path(), &["openapi", "--chek"]).0, ExitCode::from(2));
    assert_eq!(xtask(&project(), root.path(), &["no-such-task"]).0, ExitCode::from(2));
    let (code, help) = xtask(&project(), root.path(), &["openapi", "--help"]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(help.contains("Usage: cargo xtask openapi [OPTIONS]"), "{help}");
    assert!(help.contains("--check  Write nothing; print a diff"), "{help}");

    let (code, help) = xtask(&project(), root.path(), &["--help"]);
    assert_eq!(code, ExitCode::SUCCESS);
    for task in ["openapi", "dev-token", "diff-contract", "fixtures"] {
        assert!(help.contains(&format!("\n  {task} ")), "{task} missing: {help}");
    }
    assert!(!help.contains("serve "), "serve is listed without a server: {help}");
    assert_eq!(xtask(&project(), root.path(), &["serve"]).0, ExitCode::from(2), "no server");
    assert!(!help.contains("test-services"), "listed without service packages: {help}");
    let refused = xtask(&project(), root.path(), &["test-services"]).0;
    assert_eq!(refused, ExitCode::from(2), "no service packages");
}

#[test]
fn test_services_runs_the_packages_service_tests_and_refuses_a_binary_without_tests() {
    let root = workspace(r#"["svc"]"#);
    let package = root.path().join("svc");
    fs::create_dir_all(package.join("src")).unwrap();
    fs::create_dir_all(package.join("tests")).unwrap();
    fs::write(
        package.join("Cargo.toml"),
        "[package]\nname = \"svc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [features]\nservices = []\n",
    )
    .unwrap();
    fs::write(package.join("src/lib.rs"), "").unwrap();
    // Compiled only with the feature the task turns on: `cargo test` alone runs no test here.
    fs::write(
        package.join("tests/real.rs"),
        "#![cfg(feature = \"services\")]\n#[test]\nfn runs() {\n    assert_eq!(1 + 1, 2);\n}\n",
    )
    .unwrap();
    let project = project().services(&["svc"]);
    let (_, help) = xtask(&project, root.path(), &["--help"]);
    assert!(help.contains("\n  test-services "), "not listed: {help}");
    assert_eq!(xtask(&project, root.path(), &["test-services"]).0, ExitCode::SUCCESS);

    // A second test binary that the feature leaves empty: a skip, refused.
    fs::write(package.join("tests/empty.rs"), "#![cfg(feature = \"elsewhere\")]\n").unwrap();
    assert_eq!(xtask(&project, root.path(), &["test-services"]).0, ExitCode::from(2));
}

#[test]
fn explicit_members_get_a_note_for_each_client_they_miss_or_keep() {
    let root = workspace(r#"["xtask", "generated/clients/notes-client-v0"]"#);
    let (code, out) = xtask(&project(), root.path(), &["openapi"]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(
        out.contains(
            "note: generated/clients/notes-client-v1 is not a workspace member, so nothing builds \
             or tests it: add it to `members` in Cargo.toml, or list \"generated/clients/*\" there\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "note: Cargo.toml lists generated/clients/notes-client-v0 as a workspace member, but \
             nothing generates it any more: remove it from `members`, or cargo cannot load the \
             workspace\n"
        ),
        "{out}"
    );

    let root = workspace(r#"["xtask", "./generated/clients/notes-client-v1/"]"#);
    let (_, out) = xtask(&project(), root.path(), &["openapi"]);
    assert!(!out.contains("note:"), "{out}");
}

#[test]
fn dev_token_grants_the_api_scopes_unless_told_otherwise() {
    let root = workspace("[]");
    let keys = root.path().join("keys");
    let keys_dir = keys.to_str().unwrap();
    let token = |args: &[&str]| {
        let args: Vec<&str> =
            ["dev-token", "--keys-dir", keys_dir].iter().chain(args).copied().collect();
        let (code, out) = xtask(&project(), root.path(), &args);
        assert_eq!(code, ExitCode::SUCCESS, "{out}");
        let token = out.lines().last().unwrap().to_owned();
        let verifier = charter_server::auth::DevKeys::load_or_create(&keys)
            .unwrap()
            .verifier(charter_server::auth::JwtConfig::for_api("notes"))
            .unwrap();
        (verifier.verify(&token).unwrap(), out)
    };

    let (caller, out) = token(&[]);
    assert_eq!(caller.scopes, ["notes:read", "notes:write"]);
    assert_eq!(caller.subject, "dev-user");
    assert!(
        out.starts_with(
            "A development token for `dev-user` with the scopes `notes:read notes:write`"
        ),
        "{out}"
    );

    let (caller, _) =
        token(&["--scope", "notes:write notes:read", "--scope", "notes:write", "--subject", "ada"]);
    assert_eq!(caller.scopes, ["notes:write", "notes:read"]);
    assert_eq!(caller.subject, "ada");
    let (caller, _) = token(&["--scope", ""]);
    assert!(caller.scopes.is_empty());

    let (code, _) = xtask(
        &project(),
        root.path(),
        &["dev-token", "--keys-dir", keys_dir, "--lifetime", "7200"],
    );
    assert_eq!(code, ExitCode::from(2));
}
