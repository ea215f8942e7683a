//! What is committed under generated/ is what the contract produces.

use std::path::Path;

#[test]
fn generated_files_are_fresh() {
    let root = charter_xtask::workspace::find_root(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let files = super::project()
        .generate(&root)
        .unwrap_or_else(|error| panic!("{error}"));
    let staleness = files.check(&root).unwrap();
    assert!(
        staleness.is_fresh(),
        "{}\ngenerated/ is stale: it differs from what the contract produces.\n  help: run `cargo xtask openapi` and commit the result",
        staleness.report()
    );
}
