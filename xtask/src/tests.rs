//! What is committed under generated/ is what the billing contract produces.

use std::path::Path;

#[test]
fn generated_files_are_fresh() {
    // Tests run in the package directory; the task itself finds the workspace the same way.
    let root = charter_xtask::workspace::find_root(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let files = super::project().generate(&root).unwrap_or_else(|error| panic!("{error}"));
    let staleness = files.check(&root).unwrap();
    assert!(
        staleness.is_fresh(),
        "{}\ngenerated/ is stale: it differs from what the contracts produce.\n  help: run `cargo xtask openapi` and commit the result",
        staleness.report()
    );
}
