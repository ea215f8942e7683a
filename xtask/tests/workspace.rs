//! The built `xtask` binary works on the workspace of the directory it runs in, wherever it was
//! built: another workspace gets billing's generated/ written into it, and outside any
//! workspace the binary says so in one line.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn xtask(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).current_dir(dir).output().unwrap()
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn another_workspace_gets_its_own_generated_files() {
    let root = tempfile::tempdir().unwrap();
    fs::write(root.path().join("Cargo.toml"), "[workspace]\nmembers = [\"generated/clients/*\"]\n")
        .unwrap();
    let nested = root.path().join("docs/deep");
    fs::create_dir_all(&nested).unwrap();

    let output = xtask(&nested, &["openapi"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    for path in [
        "generated/openapi/v1.json",
        "generated/openapi/v2.json",
        "generated/clients/README.md",
        "generated/clients/billing-client-v1/Cargo.toml",
        "generated/clients/billing-client-v2/src/lib.rs",
        "generated/RULES.md",
    ] {
        assert!(root.path().join(path).is_file(), "{path} missing");
        assert!(stdout.contains(&format!("updated {path}\n")), "{path} not reported: {stdout}");
    }
    assert!(!nested.join("generated").exists(), "wrote into the current directory");

    let output = xtask(root.path(), &["openapi", "--check"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "generated/ is up to date\n");
}

#[test]
fn outside_any_workspace_it_fails_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let output = xtask(dir.path(), &["openapi", "--check"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(text(&output.stdout), "");
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: no Cargo workspace at or above {}",
            dir.path().display()
        )),
        "{stderr}"
    );
    assert!(fs::read_dir(dir.path()).unwrap().next().is_none(), "it wrote something");
}

#[test]
fn help_lists_charter_tasks_and_bench() {
    let dir = tempfile::tempdir().unwrap();
    let output = xtask(dir.path(), &["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = text(&output.stdout);
    for task in ["openapi", "serve", "dev-token", "diff-contract", "fixtures", "bench"] {
        assert!(help.lines().any(|line| line.trim_start().starts_with(task)), "{task}: {help}");
    }
}
