//! Writes every version's document of a small example API (notes, `tests/support/notes.rs`)
//! into a directory: `cargo run -p charter-openapi --example emit -- DIR`. The determinism test
//! builds it with `--features preserve_order` and compares its output with the documents the
//! test emits itself.

use std::process::ExitCode;

#[path = "../tests/support/notes.rs"]
mod notes;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: emit DIR");
        return ExitCode::from(2);
    };
    let documents = match charter_openapi::emit(&notes::api()) {
        Ok(documents) => documents,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    for document in documents {
        let path = std::path::Path::new(&dir).join(format!("{}.json", document.version));
        if let Err(error) = std::fs::write(&path, document.json) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return ExitCode::from(2);
        }
    }
    println!("serde_json preserve_order: {}", serde_json_preserves_order());
    ExitCode::SUCCESS
}

/// Which map serde_json was built with, so a test can prove the feature took.
fn serde_json_preserves_order() -> bool {
    let mut map = serde_json::Map::new();
    map.insert("b".into(), 1.into());
    map.insert("a".into(), 2.into());
    map.keys().next().is_some_and(|key| key == "b")
}
