//! The README example of generated clients compiles, for APIs other than the one Charter's own
//! workspace ships: the notes API's two versions and an API with only `/health`.
//!
//! The crates are written into a new workspace of their own (which also proves they need
//! nothing from the workspace they are generated into), and `cargo test --doc` builds each
//! README's example. Dependencies resolve to the versions this workspace's lock file holds
//! (a copy of it), and build into a target directory of their own, kept between runs.

use std::process::Command;

mod support;

#[test]
fn readme_examples_compile_for_other_apis() {
    let root = tempfile::tempdir().unwrap();
    for api in [support::notes(), support::status()] {
        for files in support::clients(&api) {
            support::write(root.path(), &files);
        }
    }
    std::fs::write(
        root.path().join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"generated/clients/*\"]\n",
    )
    .unwrap();
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::copy(workspace.join("Cargo.lock"), root.path().join("Cargo.lock")).unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"))
        .join("client-readmes");

    let output = Command::new(env!("CARGO"))
        .current_dir(root.path())
        .args(["test", "--doc", "--workspace", "--target-dir"])
        .arg(target)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    for crate_name in ["notes_client_v1", "notes_client_v2", "status_client_v1"] {
        // cargo announces each crate's doc tests on stderr.
        assert!(stderr.contains(&format!("Doc-tests {crate_name}")), "{stderr}");
    }
    assert_eq!(stdout.matches("README.md - (line").count(), 3, "{stdout}");
}
