//! The documents do not depend on which serde_json features the build unifies.
//!
//! `preserve_order` switches `serde_json::Map` from sorted to insertion order, which changes
//! what naive serialization writes. This test builds the `emit` example again with the feature
//! on, in its own target directory, and compares what it writes for the notes API with what
//! this test (built without the feature) emits, byte for byte.

use std::path::Path;
use std::process::Command;

#[path = "support/notes.rs"]
mod notes;

#[test]
fn a_build_with_preserve_order_writes_the_same_bytes() {
    let mut map = serde_json::Map::new();
    map.insert("b".into(), 1.into());
    map.insert("a".into(), 2.into());
    assert_eq!(
        map.keys().next().map(String::as_str),
        Some("a"),
        "this test's own build has serde_json's preserve_order on, so it compares nothing"
    );

    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| manifest_dir.join("../../target"))
        .join("preserve-order");
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO"))
        .current_dir(manifest_dir)
        .args(["run", "--quiet", "--package", "charter-openapi", "--example", "emit"])
        .args(["--features", "preserve_order", "--target-dir"])
        .arg(target_dir)
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

    let documents = charter_openapi::emit(&notes::api()).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(documents.len(), 2);
    for document in documents {
        let path = out.path().join(format!("{}.json", document.version));
        let theirs = std::fs::read_to_string(&path).unwrap();
        assert!(
            theirs == document.json,
            "{}: the document differs when serde_json preserves insertion order",
            document.version
        );
    }
}
