//! The reusable crates know nothing of the example built on them: no file under `crates/`
//! names it. The differ, in particular, names no repository: the texts that do (commands,
//! waiver file, catalogue) come from the front end through `charter_differ::Context`.
//!
//! The words are assembled at run time so that this file does not name them either.

use std::path::{Path, PathBuf};

/// Every file under `dir`, recursively, in a stable order.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("{}: cannot list: {error}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|name| name == "target") {
                    continue;
                }
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `file:line: text` for each line of the files under `dir` containing any of `words`,
/// compared case-insensitively.
fn mentions(dir: &Path, words: &[String]) -> Vec<String> {
    let root = dir.parent().unwrap_or(dir);
    let mut found = Vec::new();
    for file in files(dir) {
        let Ok(bytes) = std::fs::read(&file) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        for (number, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            if words.iter().any(|word| lower.contains(word.as_str())) {
                found.push(format!(
                    "{}:{}: {}",
                    file.strip_prefix(root).unwrap_or(&file).display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    found
}

/// `crates/`, the parent of this crate.
fn crates_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

#[test]
fn no_file_under_crates_names_the_example() {
    let words = [["bil", "ling"].concat(), ["in", "voice"].concat()];
    let found = mentions(&crates_dir(), &words);
    assert!(
        found.is_empty(),
        "{} line(s) under crates/ name the example ({}); a reusable crate takes such names from \
         its caller (a test that looks for the words can assemble them at run time, as \
         crates/charter-differ/tests/no_example.rs does):\n{}",
        found.len(),
        words.join(", "),
        found.join("\n")
    );
}

#[test]
fn the_differ_names_no_repository_path_or_command() {
    let words = [
        ["cargo ", "xtask"].concat(),
        ["contracts/", "waivers"].concat(),
        ["generated/", "rules.md"].concat(),
        ["xtask/", "differ"].concat(),
    ];
    let found = mentions(Path::new(env!("CARGO_MANIFEST_DIR")), &words);
    assert!(
        found.is_empty(),
        "charter-differ names a repository's command or file; take it from `Context` instead:\n{}",
        found.join("\n")
    );
}
