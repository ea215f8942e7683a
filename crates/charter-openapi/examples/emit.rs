//! Writes every version's document into a directory: `cargo run -p charter-openapi --example
//! emit -- DIR`. The determinism test builds it with `--features preserve_order` and compares
//! the output with the committed documents.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: emit DIR");
        return ExitCode::from(2);
    };
    let documents = match charter_openapi::emit(&contracts::billing()) {
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
    // Tell the caller which map serde_json was built with, so a test can prove the feature took.
    let mut map = serde_json::Map::new();
    map.insert("b".into(), 1.into());
    map.insert("a".into(), 2.into());
    let insertion_order = map.keys().next().is_some_and(|key| key == "b");
    println!("serde_json preserve_order: {insertion_order}");
    ExitCode::SUCCESS
}
