//! `cargo xtask diff-contract --base-file … --head-file …` on bad and hostile inputs, through the
//! real binary: each case is generated here (nothing large is committed) and must end with its
//! exact exit code, and for an input error exactly one line on stderr naming the file and the
//! place, and nothing on stdout.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch directory removed at the end of the test.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        Scratch(dir)
    }

    fn file(&self, name: &str, contents: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).expect("write input");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn diff(base: &Path, head: &Path) -> Outcome {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff-contract", "--format", "json", "--base-file"])
        .arg(base)
        .arg("--head-file")
        .arg(head)
        .env("NO_COLOR", "1")
        .output()
        .expect("run xtask");
    Outcome {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

const VALID: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

/// `GET /a` answering `schema`, with the given component schemas.
fn answering(schema: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\ncomponents:\n  schemas:\n{components}"
    )
}

#[test]
fn each_bad_input_is_one_error_line_and_exit_code_2() {
    let scratch = Scratch::new("bad-inputs");
    let valid = scratch.file("valid.yaml", VALID.as_bytes());
    let deep = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"components\": {{\"schemas\": {{\"Deep\": {}{{\"type\": \"string\"}}{}}}}}}}",
        "{\"type\": \"array\", \"items\": ".repeat(10_000),
        "}".repeat(10_000)
    );
    let garbage: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let huge = scratch.0.join("huge.json");
    // 200 MB, sparse: nothing is written, and the differ must not read it either.
    std::fs::File::create(&huge).and_then(|file| file.set_len(200 * 1024 * 1024)).expect("sparse");
    let cases: Vec<(&str, PathBuf, String)> = vec![
        ("empty", scratch.file("empty.json", b""), "the document is empty".to_owned()),
        (
            "binary garbage",
            scratch.file("garbage.bin", &garbage),
            "not UTF-8 text (invalid byte at offset 128); is this a binary file?".to_owned(),
        ),
        (
            "nested 10,000 levels",
            scratch.file("deep.json", deep.as_bytes()),
            "invalid JSON: nested deeper than 128 levels, the most the parser reads".to_owned(),
        ),
        (
            "a $ref to a missing component",
            scratch.file(
                "missing.yaml",
                answering("{$ref: '#/components/schemas/Missing'}", "    A: {type: string}\n")
                    .as_bytes(),
            ),
            "the `$ref` at /paths/~1a/get/responses/200/content/application~1json/schema points at `#/components/schemas/Missing`, which does not exist".to_owned(),
        ),
        (
            "OpenAPI 3.1",
            scratch.file("v31.yaml", VALID.replace("3.0.3", "3.1.0").as_bytes()),
            "OpenAPI 3.1.0 is not supported: charter-differ reads OpenAPI 3.0.x documents (convert the document, or compare two 3.0 documents)".to_owned(),
        ),
        (
            "200 MB",
            huge,
            "the document has 209715200 bytes (200.0 MiB), more than the size limit of 67108864 bytes (64.0 MiB) per document".to_owned(),
        ),
        (
            "a file that never ends",
            PathBuf::from("/dev/zero"),
            "the document is larger than the size limit of 67108864 bytes (64.0 MiB) per document".to_owned(),
        ),
        (
            "no such file",
            scratch.0.join("absent.yaml"),
            "cannot read the file: No such file or directory (os error 2)".to_owned(),
        ),
    ];
    let mut failures = String::new();
    for (name, input, message) in &cases {
        // The bad document as head (the base is fine), then as base.
        for (base, head) in [(&valid, input), (input, &valid)] {
            let outcome = diff(base, head);
            let expected = if name.starts_with("nested") {
                format!("error: {}:1:3458: {message}\n", input.display())
            } else {
                format!("error: {}: {message}\n", input.display())
            };
            if outcome.code != Some(2) || outcome.stderr != expected || !outcome.stdout.is_empty() {
                let _ = writeln!(
                    failures,
                    "{name}: exit {:?}\n  expected stderr: {expected:?}\n  actual stderr:   {:?}\n  stdout: {:?}",
                    outcome.code, outcome.stderr, outcome.stdout
                );
            }
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn recursive_schemas_get_a_result() {
    let scratch = Scratch::new("recursive");
    let document = |leaf: &str| {
        answering(
            "{$ref: '#/components/schemas/Tree'}",
            &format!(
                "    Tree:\n      type: object\n      required: [children, leaf]\n      properties:\n        children: {{type: array, items: {{$ref: '#/components/schemas/Forest'}}}}\n        leaf: {{type: {leaf}}}\n    Forest:\n      type: object\n      properties:\n        tree: {{$ref: '#/components/schemas/Tree'}}\n"
            ),
        )
    };
    let base = scratch.file("base.yaml", document("string").as_bytes());
    let same = scratch.file("same.yaml", document("string").as_bytes());
    let head = scratch.file("head.yaml", document("integer").as_bytes());

    let unchanged = diff(&base, &same);
    assert_eq!(unchanged.code, Some(0), "{}", unchanged.stderr);
    let report: serde_json::Value = serde_json::from_str(&unchanged.stdout).expect("JSON report");
    assert_eq!(report.pointer("/versions/0/findings"), Some(&serde_json::json!([])));

    let changed = diff(&base, &head);
    assert_eq!(changed.code, Some(1), "{}", changed.stderr);
    let report: serde_json::Value = serde_json::from_str(&changed.stdout).expect("JSON report");
    let findings: Vec<(&str, &str)> = report
        .pointer("/versions/0/findings")
        .and_then(serde_json::Value::as_array)
        .expect("findings")
        .iter()
        .map(|finding| {
            (
                finding["id"].as_str().unwrap_or_default(),
                finding["head_pointer"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [("response-property-type-changed", "/components/schemas/Tree/properties/leaf")]
    );
}

/// Every pair of the oasdiff corpus (OpenAPI 3.1 included) through the binary: a JSON report
/// with exit 0 or 1, or exit 2 with one error line naming one of the two files.
#[test]
fn every_corpus_pair_gets_a_report_or_one_error_line() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/oasdiff");
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
        let outcome = diff(&base, &head);
        match outcome.code {
            Some(0 | 1) if serde_json::from_str::<serde_json::Value>(&outcome.stdout).is_ok() => {
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
    println!("{reports} corpus pairs reported, {errors} refused with one error line");
    assert!(reports + errors > 250, "{reports} reports, {errors} errors");
    assert!(failures.is_empty(), "{failures}");
}
