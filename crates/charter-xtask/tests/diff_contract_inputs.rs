//! `cargo xtask diff-contract --base-file … --head-file …` on bad and hostile inputs, through a
//! workspace's `cargo xtask` (`Project::run_from`, in process): argument parsing, workspace
//! lookup and the task, ending with exit code 2 and no report. Each input is generated here
//! (nothing large is committed).
//!
//! The error line each input gets is checked by the task's own tests (`diff_contract::tests`)
//! and, through a real process, by `charter diff`'s, which runs the same file mode.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use charter_contract::{Api, Stability, StandardErrors, Version};
use charter_xtask::Project;

fn api() -> Api {
    Api::new::<StandardErrors>("inputs", "Inputs API").version(Version::new(
        "v1",
        Stability::Stable,
        "1.0.0",
    ))
}

/// A workspace (a directory whose Cargo.toml has a `[workspace]` table) with input files,
/// removed at the end of the test.
struct Workspace(tempfile::TempDir);

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\nmembers = []\n")
            .expect("write Cargo.toml");
        Workspace(dir)
    }

    fn file(&self, name: &str, contents: &[u8]) -> PathBuf {
        let path = self.0.path().join(name);
        std::fs::write(&path, contents).expect("write input");
        path
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    /// `cargo xtask diff-contract ARGS` in this workspace: the exit code and what the task
    /// wrote to its output.
    fn diff_contract(&self, args: &[&str]) -> (ExitCode, String) {
        let mut out = Vec::new();
        let code = Project::new(api).run_from(
            ["cargo-xtask", "diff-contract"].iter().chain(args),
            self.path(),
            &mut out,
        );
        (code, String::from_utf8_lossy(&out).into_owned())
    }
}

const VALID: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

#[test]
fn each_bad_input_exits_2_without_a_report() {
    let workspace = Workspace::new();
    let valid = workspace.file("valid.yaml", VALID.as_bytes());
    let deep = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"components\": {{\"schemas\": {{\"Deep\": {}{{\"type\": \"string\"}}{}}}}}}}",
        "{\"type\": \"array\", \"items\": ".repeat(10_000),
        "}".repeat(10_000)
    );
    let garbage: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let huge = workspace.path().join("huge.json");
    // 200 MB, sparse: nothing is written, and the differ must not read it either.
    std::fs::File::create(&huge).and_then(|file| file.set_len(200 * 1024 * 1024)).expect("sparse");
    let inputs: Vec<(&str, PathBuf)> = vec![
        ("empty", workspace.file("empty.json", b"")),
        ("binary garbage", workspace.file("garbage.bin", &garbage)),
        ("nested 10,000 levels", workspace.file("deep.json", deep.as_bytes())),
        ("malformed YAML", workspace.file("bad.yaml", b"openapi: 3.0.3\ninfo: {title: t\n")),
        ("OpenAPI 3.2", workspace.file("v32.yaml", VALID.replace("3.0.3", "3.2.0").as_bytes())),
        (
            "Swagger 2.0",
            workspace
                .file("v2.yaml", b"swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n"),
        ),
        ("200 MB", huge),
        ("a file that never ends", PathBuf::from("/dev/zero")),
        ("no such file", workspace.path().join("absent.yaml")),
    ];
    let mut failures = Vec::new();
    for (name, input) in &inputs {
        let input = input.to_str().expect("UTF-8 path");
        let valid = valid.to_str().expect("UTF-8 path");
        for (base, head) in [(valid, input), (input, valid)] {
            let outcome = workspace.diff_contract(&["--base-file", base, "--head-file", head]);
            if outcome != (ExitCode::from(2), String::new()) {
                failures.push(format!("{name} ({base} -> {head}): {outcome:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_malformed_or_missing_waiver_file_exits_2_without_a_report() {
    let workspace = Workspace::new();
    let valid = workspace.file("valid.yaml", VALID.as_bytes());
    let valid = valid.to_str().expect("UTF-8 path");
    let malformed = workspace.file("waivers.toml", b"[[waiver]]\nrule = \"no-such-rule\"\n");
    for waivers in [malformed.to_str().expect("UTF-8 path"), "absent.toml"] {
        let outcome = workspace.diff_contract(&[
            "--base-file",
            valid,
            "--head-file",
            valid,
            "--waivers",
            waivers,
        ]);
        assert_eq!(outcome, (ExitCode::from(2), String::new()), "--waivers {waivers}");
    }
}

#[test]
fn flags_that_do_not_make_a_comparison_are_usage_errors() {
    let workspace = Workspace::new();
    let valid = workspace.file("valid.yaml", VALID.as_bytes());
    let valid = valid.to_str().expect("UTF-8 path");
    for args in [
        &["--base-file", valid][..],
        &["--head-file", valid],
        &["--base", "HEAD", "--base-file", valid, "--head-file", valid],
        &["--base-file", valid, "--head-file", valid, "--format", "yaml"],
        &["--base-file", valid, "--head-file", valid, "--fail-on", "info"],
    ] {
        assert_eq!(workspace.diff_contract(args), (ExitCode::from(2), String::new()), "{args:?}");
    }
}
