//! `charter diff` on bad and hostile inputs, through the real binary: each input is generated
//! here (nothing large is committed) and must end with exit code 2, exactly one line on stderr
//! naming the file and the place, and nothing on stdout; every pair of the oasdiff corpus gets
//! a report or such a line.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn diff(dir: &Path, base: &Path, head: &Path) -> Outcome {
    let output = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["diff", "--format", "json"])
        .arg(base)
        .arg(head)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run charter");
    Outcome {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn write(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write input");
    path
}

const VALID: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

#[test]
fn each_bad_input_is_one_error_line_and_exit_code_2() {
    let scratch = tempfile::tempdir().expect("temporary directory");
    let dir = scratch.path();
    let valid = write(dir, "valid.yaml", VALID.as_bytes());
    let deep = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"components\": {{\"schemas\": {{\"Deep\": {}{{\"type\": \"string\"}}{}}}}}}}",
        "{\"type\": \"array\", \"items\": ".repeat(10_000),
        "}".repeat(10_000)
    );
    let garbage: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let huge = dir.join("huge.json");
    // 200 MB, sparse: nothing is written, and the differ must not read it either.
    std::fs::File::create(&huge).and_then(|file| file.set_len(200 * 1024 * 1024)).expect("sparse");
    let cases: Vec<(&str, PathBuf, &str)> = vec![
        ("empty", write(dir, "empty.json", b""), "the document is empty"),
        (
            "binary garbage",
            write(dir, "garbage.bin", &garbage),
            "not UTF-8 text (invalid byte at offset 128); is this a binary file?",
        ),
        (
            "nested 10,000 levels",
            write(dir, "deep.json", deep.as_bytes()),
            ":1:3458: invalid JSON: nested deeper than 128 levels, the most the parser reads",
        ),
        (
            "a YAML alias bomb",
            write(
                dir,
                "bomb.yaml",
                format!(
                    "{VALID}x-a: &a [{}]\n{}",
                    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", "
                        .repeat(64),
                    (b'b'..=b'z')
                        .map(|c| {
                            let previous = if c == b'b' { 'a' } else { char::from(c - 1) };
                            let c = char::from(c);
                            format!(
                                "x-{c}: &{c} [*{previous}, *{previous}, *{previous}, *{previous}]\n"
                            )
                        })
                        .collect::<String>()
                )
                .as_bytes(),
            ),
            ": invalid YAML: repetition limit exceeded",
        ),
        (
            "OpenAPI 3.2",
            write(dir, "v32.yaml", VALID.replace("3.0.3", "3.2.0").as_bytes()),
            "OpenAPI 3.2.0 is not supported: charter-differ reads OpenAPI 3.0.x and 3.1.x documents (convert the document, or compare two documents of those versions)",
        ),
        (
            "200 MB",
            huge,
            "the document has 209715200 bytes (200.0 MiB), more than the size limit of 67108864 bytes (64.0 MiB) per document",
        ),
        (
            "a file that never ends",
            PathBuf::from("/dev/zero"),
            "the document is larger than the size limit of 67108864 bytes (64.0 MiB) per document",
        ),
        ("a directory", dir.to_path_buf(), "cannot read the file: Is a directory (os error 21)"),
    ];
    let mut failures = String::new();
    for (name, input, message) in &cases {
        // The bad document as head (the base is fine), then as base.
        for (base, head) in [(&valid, input), (input, &valid)] {
            let outcome = diff(dir, base, head);
            let prefix = format!("error: {}", input.display());
            let one_line = outcome.stderr.ends_with('\n') && outcome.stderr.lines().count() == 1;
            let names_it = outcome.stderr.starts_with(&prefix)
                && outcome.stderr[prefix.len()..].starts_with([':', ' '])
                && outcome.stderr.contains(message);
            if outcome.code != Some(2) || !one_line || !names_it || !outcome.stdout.is_empty() {
                let _ = writeln!(
                    failures,
                    "{name}: exit {:?}\n  expected stderr: {prefix}…{message}…\n  actual stderr:   \
                     {:?}\n  stdout: {:?}",
                    outcome.code, outcome.stderr, outcome.stdout
                );
            }
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

/// Every pair of the oasdiff corpus (OpenAPI 3.1 included) through the binary: a JSON report
/// with exit 0 or 1, or exit 2 with one error line naming one of the two files.
#[test]
fn every_corpus_pair_gets_a_report_or_one_error_line() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/oasdiff");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("tests/corpus/oasdiff")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    let find = |dir: &Path, stem: &str| {
        ["yaml", "json"]
            .map(|ext| dir.join(format!("{stem}.{ext}")))
            .into_iter()
            .find(|p| p.is_file())
    };
    let (mut reports, mut errors, mut failures) = (0, 0, String::new());
    for dir in &cases {
        let (Some(base), Some(head)) = (find(dir, "base"), find(dir, "revision")) else { continue };
        let outcome = diff(dir, &base, &head);
        match outcome.code {
            Some(0 | 1)
                if serde_json::from_str::<serde_json::Value>(&outcome.stdout)
                    .is_ok_and(|report| report["format_version"] == 2)
                    && outcome.stderr.is_empty() =>
            {
                reports += 1;
            }
            Some(2)
                if outcome.stdout.is_empty()
                    && outcome.stderr.lines().count() == 1
                    && [&base, &head].iter().any(|file| {
                        outcome.stderr.starts_with(&format!("error: {}", file.display()))
                    }) =>
            {
                errors += 1;
            }
            code => {
                let _ = writeln!(failures, "{}: exit {code:?}: {}", dir.display(), outcome.stderr);
            }
        }
    }
    assert!(reports + errors > 250, "{reports} reports, {errors} errors");
    assert!(failures.is_empty(), "{failures}");
}
