//! The false-alarm families found on real API histories, each as a minimal pair of its own
//! (`tests/false-alarms/<family>/`), and control pairs that must stay breaking.
//!
//! A family's pair changes how a schema is spelled without rejecting a request value the old
//! schema accepted (or allowing a response value it did not): no finding of it may break the
//! wire. Where the generated Rust type changes, it is a `rust-client` finding. A `control-`
//! pair is a real break of the same shape and must keep a breaking wire finding. Each
//! directory's `expected.txt` lists every finding as `effective-level impact rule: message`,
//! checked by hand; `CHARTER_BLESS=1 cargo test -p charter-differ --test false_alarms`
//! rewrites them for review.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use charter_differ::{Document, Impact, Level, Stability, VersionReport};

fn pairs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/false-alarms");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|error| panic!("{}: {error}", root.display()))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn compare(dir: &Path) -> VersionReport {
    let load = |name: &str| {
        let path = dir.join(name);
        Arc::new(
            Document::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display())),
        )
    };
    VersionReport::compare(
        "pair",
        Stability::Stable,
        Some(load("base.yaml")),
        Some(load("head.yaml")),
    )
}

#[test]
fn families_break_nobody_on_the_wire_and_controls_still_break() {
    let dirs = pairs();
    assert!(dirs.len() >= 8, "expected the five families and their controls, found {}", dirs.len());
    let mut problems = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_owned();
        let report = compare(dir);
        let wire_breaks: Vec<String> = report
            .findings
            .iter()
            .filter(|finding| {
                finding.impact == Impact::Wire && finding.effective_level() >= Level::Warning
            })
            .map(|finding| format!("{}: {}", finding.rule.id, finding.message))
            .collect();
        if name.starts_with("control-") {
            if !report.findings.iter().any(|finding| {
                finding.impact == Impact::Wire && finding.effective_level() == Level::Breaking
            }) {
                problems.push(format!("{name}: the real break is no longer reported"));
            }
        } else if !wire_breaks.is_empty() {
            problems.push(format!("{name}: false alarm(s) on the wire: {wire_breaks:?}"));
        }
        let mut lines: Vec<String> = report
            .findings
            .iter()
            .map(|finding| {
                format!(
                    "{} {} {}: {}",
                    finding.effective_level(),
                    finding.impact.as_str(),
                    finding.rule.id,
                    finding.message
                )
            })
            .collect();
        lines.sort();
        let actual = lines.iter().map(|line| format!("{line}\n")).collect::<String>();
        let path = dir.join("expected.txt");
        if std::env::var_os("CHARTER_BLESS").is_some() {
            std::fs::write(&path, &actual).expect("write expected.txt");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            problems.push(format!("{name}: expected.txt differs; now:\n{actual}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_rust_type_change_names_both_types() {
    let dir = pairs()
        .into_iter()
        .find(|dir| dir.ends_with("response-string-became-enum"))
        .expect("the family's pair");
    let report = compare(&dir);
    let finding = report
        .findings
        .iter()
        .find(|finding| finding.impact == Impact::RustClient)
        .expect("a rust-client finding");
    assert_eq!(finding.rule.id, "response-property-rust-type-changed");
    assert_eq!(
        finding.message,
        "property `status`: the generated Rust type changes from a String newtype checking its length or pattern to an enum"
    );
    assert_eq!(finding.effective_level(), Level::Warning);
    assert!(finding.is_blocking(charter_differ::FailOn::Client));
    assert!(!finding.is_blocking(charter_differ::FailOn::Breaking));
}
