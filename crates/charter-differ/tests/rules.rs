//! The rule registry, its fixtures and its catalogue stay in sync, and every rule runs on every
//! fixture pair.
//!
//! `fixtures/diff/<rule-id>/` holds `base.yaml`, `head.yaml` (absent: the version is gone) and
//! `expected.txt`, the whole text report of the pair, so a rule's false positives on another
//! rule's fixture show up as a changed expectation. `CHARTER_BLESS=1 cargo test -p
//! charter-differ --test rules` rewrites the expectations for review.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use charter_differ::{Document, Options, Report, Stability, VersionReport, render, rules};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/diff"))
        .expect("fixtures/diff")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn report(dir: &Path) -> Report {
    let load = |name: &str| {
        let path = dir.join(name);
        path.exists().then(|| {
            Arc::new(
                Document::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display())),
            )
        })
    };
    let base = load("base.yaml");
    assert!(base.is_some(), "{}: no base.yaml", dir.display());
    let version = VersionReport::compare("fixture", Stability::Stable, base, load("head.yaml"));
    Report { versions: vec![version] }
}

#[test]
fn every_rule_is_documented_and_has_a_fixture() {
    let mut ids = BTreeSet::new();
    let mut problems = Vec::new();
    for rule in rules::all() {
        if !ids.insert(rule.id) {
            problems.push(format!("{}: the id is used twice", rule.id));
        }
        let kebab = !rule.id.is_empty()
            && rule.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !rule.id.starts_with('-')
            && !rule.id.ends_with('-')
            && !rule.id.contains("--");
        if !kebab {
            problems.push(format!("{}: not a kebab-case id", rule.id));
        }
        for (field, text) in [("what", rule.what), ("why", rule.why), ("fix", rule.fix)] {
            if text.trim().is_empty() {
                problems.push(format!("{}: `{field}` is empty", rule.id));
            }
        }
        if !root().join("fixtures/diff").join(rule.id).is_dir() {
            problems.push(format!("{}: no fixture folder fixtures/diff/{}/", rule.id, rule.id));
        }
    }
    for dir in fixture_dirs() {
        let name = dir.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_owned();
        if !ids.contains(name.as_str()) {
            problems.push(format!("fixtures/diff/{name}/: no rule has this id"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_fixture_report_matches_its_expectation() {
    let bless = std::env::var_os("CHARTER_BLESS").is_some();
    let mut failures = Vec::new();
    for dir in fixture_dirs() {
        let id = dir.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_owned();
        let report = report(&dir);
        if !report.findings().any(|finding| finding.rule.id == id) {
            failures.push(format!("fixtures/diff/{id}/: the pair does not trigger its own rule"));
        }
        let actual = render(&report, charter_differ::Format::Text, Options::default());
        let expected_path = dir.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &actual).expect("write expected.txt");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "fixtures/diff/{id}/expected.txt differs from the report:\n{actual}\n\
                 (run `CHARTER_BLESS=1 cargo test -p charter-differ --test rules` and review the \
                 diff)"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_catalogue_is_generated_from_the_registry() {
    let path = root().join("generated/RULES.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == rules::catalogue_markdown(),
        "generated/RULES.md is stale: it differs from the rule registry.\n  help: run `cargo \
         xtask openapi` and commit the result"
    );
    for rule in rules::all() {
        assert!(
            committed.contains(&format!("### {}\n", rule.id)),
            "{} is not in the catalogue",
            rule.id
        );
    }
}
