//! Inputs that once crashed, hung or misled the differ (most found by the fuzz targets in
//! `tests/fuzz`), kept as data: `tests/regressions/<case>/` holds `base.yaml` or `base.json`,
//! optionally `head.yaml` or `head.json` (else the base is compared with itself), and
//! `expected.txt`: the exact error line (`error: …`), or one `<rule id> <pointer>` line per
//! finding, or `no findings`. Every case is also rendered in every format.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use charter_differ::{
    Context, Document, FailOn, Format, Options, Report, Stability, VersionReport,
};

const CONTEXT: Context<'static> =
    Context { command: "charter diff", waivers: "`waivers.toml`", catalogue: "RULES.md" };

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/regressions")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

/// `<dir>/<stem>.yaml` or `<dir>/<stem>.json`.
fn input(dir: &Path, stem: &str) -> Option<Vec<u8>> {
    ["yaml", "json"].iter().find_map(|ext| std::fs::read(dir.join(format!("{stem}.{ext}"))).ok())
}

/// What the case produces, as `expected.txt` spells it.
fn outcome(dir: &Path) -> String {
    let base = input(dir, "base").unwrap_or_else(|| panic!("{}: no base.yaml", dir.display()));
    let head = input(dir, "head").unwrap_or_else(|| base.clone());
    let documents = Document::parse("base", &base).and_then(|base| {
        Document::parse("head", &head).map(|head| (Arc::new(base), Arc::new(head)))
    });
    let (base, head) = match documents {
        Ok(documents) => documents,
        Err(error) => return format!("error: {error}\n"),
    };
    let version = VersionReport::compare("case", Stability::Stable, Some(base), Some(head));
    let report = Report::new(vec![version]);
    for format in [Format::Text, Format::Json, Format::Markdown, Format::Github] {
        let _ = charter_differ::render(
            &report,
            format,
            Options { fail_on: FailOn::Warning, color: true, context: CONTEXT, verbose: true },
        );
    }
    let lines: Vec<String> = report
        .findings()
        .map(|finding| format!("{} {}\n", finding.rule.id, finding.pointer()))
        .collect();
    if lines.is_empty() { "no findings\n".to_owned() } else { lines.concat() }
}

#[test]
fn every_regression_case_gives_its_expected_outcome() {
    let cases = cases();
    assert!(!cases.is_empty(), "no cases under tests/regressions");
    let mut failures = Vec::new();
    for dir in &cases {
        let expected = std::fs::read_to_string(dir.join("expected.txt"))
            .unwrap_or_else(|_| panic!("{}: no expected.txt", dir.display()));
        let actual = outcome(dir);
        if actual != expected {
            failures
                .push(format!("{}:\n--- expected\n{expected}--- actual\n{actual}", dir.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
