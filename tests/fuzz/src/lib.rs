//! What both fuzz targets do with two documents: compare them, render the report in every
//! format, and check the one property that holds for any input: a document compared with an
//! identical copy of itself has no finding (other than the lint that flags an invalid
//! `x-stability-level`, which is about one document, not a change).

use std::sync::Arc;

use charter_differ::{
    Document, FailOn, Format, LoadError, Options, Report, Stability, VersionReport,
};

/// Separates the two documents in a raw input of `load_and_diff`.
pub const SEPARATOR: &[u8] = b"\n#8<--\n";

/// Rules that may report on a document compared with itself.
const ABOUT_ONE_DOCUMENT: &[&str] = &["api-invalid-stability-level"];

/// Splits a raw input at [`SEPARATOR`]; without it, both documents are the whole input.
#[must_use]
pub fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.windows(SEPARATOR.len()).position(|window| window == SEPARATOR) {
        Some(at) => (&data[..at], &data[at + SEPARATOR.len()..]),
        None => (data, data),
    }
}

/// The loaded document, or `None` after checking that the error names the document `name`
/// on one line.
pub fn loaded(name: &str, result: Result<Document, LoadError>) -> Option<Arc<Document>> {
    match result {
        Ok(document) => Some(Arc::new(document)),
        Err(error) => {
            let message = error.to_string();
            assert!(message.starts_with(name), "error without the document name: {message}");
            assert!(!message.contains('\n'), "error of several lines: {message}");
            None
        }
    }
}

/// Compares `base` with `head` and renders the report in every format.
/// How the reports name the command, waivers and catalogue (any text will do here).
const CONTEXT: charter_differ::Context<'static> = charter_differ::Context {
    command: "charter diff",
    waivers: "a file passed with `--waivers`",
    catalogue: "RULES.md",
};

pub fn compare_and_render(base: Arc<Document>, head: Arc<Document>) -> Report {
    let version = VersionReport::compare("fuzz", Stability::Stable, Some(base), Some(head));
    let report = Report::new(vec![version]);
    for format in [Format::Text, Format::Json, Format::Markdown, Format::Github] {
        for fail_on in [FailOn::Breaking, FailOn::Warning] {
            let text = charter_differ::render(&report, format, Options { fail_on, color: true, context: CONTEXT, verbose: fail_on == FailOn::Warning });
            assert!(!text.is_empty() || format == Format::Github, "{format:?} rendered nothing");
        }
    }
    let _ = report.blocking(FailOn::Warning);
    report
}

/// Panics when a document compared with its own copy reports a change.
pub fn assert_no_change(report: &Report) {
    let changes: Vec<String> = report
        .findings()
        .filter(|finding| !ABOUT_ONE_DOCUMENT.contains(&finding.rule.id))
        .map(|finding| format!("{} at {}: {}", finding.rule.id, finding.pointer(), finding.message))
        .collect();
    assert!(changes.is_empty(), "a document compared with itself reports {changes:#?}");
}
