//! The documents do not depend on which serde_json features the build unifies.
//!
//! `preserve_order` switches `serde_json::Map` from sorted to insertion order, which changes
//! what naive serialization writes. This test builds the generator again with the feature on,
//! in its own target directory, and compares its output with the committed documents byte for
//! byte.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

#[test]
fn a_build_with_preserve_order_writes_the_committed_bytes() {
    let root = workspace_root();
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["run", "--quiet", "--package", "charter-openapi", "--example", "emit"])
        .args(["--features", "preserve_order", "--target-dir"])
        .arg(root.join("target/preserve-order"))
        .arg("--")
        .arg(out.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        stdout.contains("serde_json preserve_order: true"),
        "the feature did not take: {stdout}"
    );

    let committed = root.join("generated/openapi");
    let mut compared = 0;
    for entry in std::fs::read_dir(&committed).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        let ours = std::fs::read(out.path().join(name)).unwrap();
        assert!(
            ours == std::fs::read(&path).unwrap(),
            "{} differs when serde_json preserves insertion order",
            path.display()
        );
        compared += 1;
    }
    assert_eq!(compared, contracts::billing().versions.len());
}
