//! What the loader says about the emitted documents themselves, before any comparison.
//!
//! - A document read in the version it declares (Hono 3.0 and 3.1, FastAPI 3.1) gets no
//!   warning: every keyword these emitters write is compared or an annotation.
//! - A FastAPI document relabelled 3.0.3 gets a warning at every place that is 3.1 spelling
//!   (found here by a scan of the JSON, not by the differ): a `null` type or a `type` list, a
//!   `const`, a `$ref` with a sibling that constrains (`default`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use charter_differ::Document;
use charter_differ::pointer;
use emitters_tests::stack_dir;

fn documents(stack: &str, version: &str) -> Vec<PathBuf> {
    let dir = stack_dir(stack).join("documents").join(version);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no documents", dir.display());
    files
}

fn read(path: &Path) -> Document {
    Document::read(path).unwrap_or_else(|error| panic!("{error}"))
}

/// Pointers of the schemas written in 3.1 spelling.
fn spelled_31(value: &serde_json::Value, at: &str, found: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(object) => {
            let null_type = match object.get("type") {
                Some(serde_json::Value::String(name)) => name == "null",
                Some(serde_json::Value::Array(_)) => true,
                _ => false,
            };
            let ref_siblings = object.contains_key("$ref")
                && object
                    .keys()
                    .any(|key| !matches!(key.as_str(), "$ref" | "description" | "summary"));
            if null_type || object.contains_key("const") || ref_siblings {
                found.insert(at.to_owned());
            }
            for (key, child) in object {
                spelled_31(child, &format!("{at}/{}", pointer::escape(key)), found);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                spelled_31(child, &format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn documents_read_in_their_own_version_get_no_warning() {
    for (stack, version) in [("hono", "3.0"), ("hono", "3.1"), ("fastapi", "3.1")] {
        for path in documents(stack, version) {
            let document = read(&path);
            let warnings: Vec<String> = document
                .warnings()
                .iter()
                .map(|warning| format!("{}: {}", warning.pointer, warning.message))
                .collect();
            assert!(warnings.is_empty(), "{}: {warnings:#?}", path.display());
        }
    }
}

#[test]
fn relabelled_documents_get_a_warning_at_each_31_construct() {
    for path in documents("fastapi", "3.0-relabelled") {
        let document = read(&path);
        // The file as written: the loader rewrites 3.1 spelling in the tree it keeps.
        let written: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("readable")).expect("JSON");
        let mut expected = BTreeSet::new();
        spelled_31(&written, "", &mut expected);
        assert!(!expected.is_empty(), "{}: the scan found no 3.1 spelling", path.display());
        let warned: BTreeSet<String> =
            document.warnings().iter().map(|warning| warning.pointer.clone()).collect();
        let missing: Vec<&String> = expected.difference(&warned).collect();
        assert!(
            missing.is_empty(),
            "{}: 3.1 spelling in a document labelled 3.0.3 without a warning at {missing:#?}",
            path.display()
        );
    }
}
