//! Writes every version's document into a directory: `cargo run -p charter-openapi --example
//! emit -- DIR`. The determinism test builds it with `--features preserve_order`.

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
    ExitCode::SUCCESS
}
