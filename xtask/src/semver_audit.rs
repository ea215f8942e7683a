//! `cargo xtask semver-audit`: the client versions Charter derives, checked against
//! cargo-semver-checks. A benchmark of the rules in `charter_xtask::versions`, not a test: it
//! needs cargo-semver-checks (`cargo install cargo-semver-checks --locked`) and the registry,
//! takes minutes, and prints a table without judging it.
//!
//! For every rule's fixture pair `fixtures/diff/<rule>/{base,head}.yaml` it generates the two
//! client crates (charter-clients over the document, no contract) into
//! `target/semver-audit/<rule>/{base,head}`, both named `fixture-client` at version 1.0.0 and each
//! with the workspace's `Cargo.lock` (so dependencies resolve to what this repository already
//! built), predicts the bump from the differ's findings and the generated code exactly as
//! `cargo xtask openapi` does ([`versions::classify`]), and runs `cargo semver-checks` on the
//! pair. From 1.0.0, a breaking change needs a major bump, an addition a minor one and anything
//! else none that cargo-semver-checks would ask for. The table goes to standard output and, for a
//! run over every rule, to `target/semver-audit/report.md`; the next run reuses a verdict from it
//! where both crates are byte-identical (`--fresh` runs every pair again).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context as _, bail};
use charter_differ::Document;
use charter_xtask::versions::{self, Change};

/// Flags of `cargo xtask semver-audit`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Only the rules whose id contains this text.
    #[arg(long, value_name = "TEXT")]
    only: Option<String>,
    /// Run cargo-semver-checks on every pair, even where both crates are byte-identical to the
    /// last run's (whose verdict is otherwise reused from target/semver-audit/report.md).
    #[arg(long)]
    fresh: bool,
}

/// The audit's own task.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Task {
    /// Compare the client-crate bump Charter predicts for every differ rule's fixture pair with
    /// cargo-semver-checks' verdict on the two generated crates (needs cargo-semver-checks;
    /// minutes). Prints a table, asserts nothing.
    SemverAudit(Args),
}

/// The crate name both sides of every pair get, so cargo-semver-checks compares them.
const CRATE: &str = "fixture-client";

/// One rule's row.
struct Row {
    rule: String,
    level: String,
    predicted: String,
    checked: String,
    lints: String,
}

/// Runs the audit over the fixtures of the workspace at `root`.
pub(crate) fn run(task: Task, root: &Path) -> anyhow::Result<std::process::ExitCode> {
    let Task::SemverAudit(args) = task;
    let version = Command::new("cargo").args(["semver-checks", "--version"]).output();
    if !version.as_ref().is_ok_and(|output| output.status.success()) {
        bail!(
            "cargo-semver-checks is not installed\n  help: `cargo install cargo-semver-checks \
             --locked` (about 6 minutes), then run `cargo xtask semver-audit` again"
        );
    }
    let fixtures = root.join("fixtures/diff");
    let mut rules: Vec<String> = fs::read_dir(&fixtures)
        .with_context(|| format!("cannot read {}", fixtures.display()))?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("base.yaml").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|rule| args.only.as_ref().is_none_or(|only| rule.contains(only.as_str())))
        .collect();
    rules.sort();
    let out_dir = root.join("target/semver-audit");
    let lock = fs::read_to_string(root.join("Cargo.lock")).ok();
    let previous = if args.fresh {
        Previous::new()
    } else {
        previous_verdicts(&fs::read_to_string(out_dir.join("report.md")).unwrap_or_default())
    };
    let mut rows = Vec::new();
    for rule in &rules {
        let pair = fixtures.join(rule);
        let row = audit(root, &pair, &out_dir.join(rule), lock.as_deref(), rule, &previous)
            .unwrap_or_else(|error| Row {
                rule: rule.clone(),
                level: String::new(),
                predicted: "error".to_owned(),
                checked: "error".to_owned(),
                lints: format!("{error:#}").replace('\n', " ").replace('|', "/"),
            });
        println!(
            "{}: predicted {}, semver-checks {} {}",
            row.rule, row.predicted, row.checked, row.lints
        );
        rows.push(row);
    }
    let table = table(&rows);
    print!("{table}");
    if args.only.is_none() {
        fs::create_dir_all(&out_dir)?;
        fs::write(out_dir.join("report.md"), &table)?;
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// The row of one fixture pair.
fn audit(
    root: &Path,
    pair: &Path,
    dir: &Path,
    lock: Option<&str>,
    rule: &str,
    previous: &Previous,
) -> anyhow::Result<Row> {
    if !pair.join("head.yaml").is_file() {
        // The version is gone, and its crate with it: there is no new version to compare.
        return Ok(Row {
            rule: rule.to_owned(),
            level: "breaking".to_owned(),
            predicted: "no client".to_owned(),
            checked: "-".to_owned(),
            lints: "the pair has no head document: the crate is removed, not bumped".to_owned(),
        });
    }
    let base = Document::read(&pair.join("base.yaml"))?;
    let head = Document::read(&pair.join("head.yaml"))?;
    let findings = charter_differ::diff(&base, &head);
    let level = findings
        .iter()
        .map(|finding| finding.rule.level)
        .max()
        .map_or_else(|| "-".to_owned(), |level| level.as_str().to_owned());
    let generate = |document: &Document| {
        charter_clients::generate_from_document(
            CRATE,
            "1.0.0",
            "the fixture",
            &document.root().to_string(),
        )
    };
    let (base_files, head_files) = match (generate(&base), generate(&head)) {
        (Ok(base), Ok(head)) => (base, head),
        (base, head) => {
            let error = base.err().or(head.err()).map(|e| e.to_string()).unwrap_or_default();
            return Ok(Row {
                rule: rule.to_owned(),
                level,
                predicted: "no client".to_owned(),
                checked: "-".to_owned(),
                lints: error.lines().next().unwrap_or_default().replace('|', "/"),
            });
        }
    };
    let code_changed = base_files != head_files;
    let change = versions::classify(&findings, code_changed, true);
    let predicted = match change {
        Change::Breaking => "major",
        Change::Additive => "minor",
        Change::Patch | Change::None => "none",
    };
    let on_disk = |side: &str, path: &str, text: &str| {
        let text = if path.ends_with("Cargo.toml") {
            format!("{text}\n[workspace]\n")
        } else {
            text.to_owned()
        };
        fs::read_to_string(dir.join(side).join(path)).is_ok_and(|disk| disk == text)
    };
    let same_crates = [("base", &base_files), ("head", &head_files)]
        .iter()
        .all(|(side, files)| files.iter().all(|(path, text)| on_disk(side, path, text)));
    if same_crates && let Some((checked, lints)) = previous.get(rule) {
        return Ok(Row {
            rule: rule.to_owned(),
            level,
            predicted: predicted.to_owned(),
            checked: checked.clone(),
            lints: lints.clone(),
        });
    }
    for (side, files) in [("base", &base_files), ("head", &head_files)] {
        let crate_dir = dir.join(side);
        if crate_dir.exists() {
            fs::remove_dir_all(&crate_dir)?;
        }
        for (path, text) in files {
            let path = crate_dir.join(path);
            fs::create_dir_all(path.parent().unwrap_or(&crate_dir))?;
            let text = if path.ends_with("Cargo.toml") {
                format!("{text}\n[workspace]\n")
            } else {
                text.clone()
            };
            fs::write(&path, text)?;
        }
        if let Some(lock) = lock {
            fs::write(crate_dir.join("Cargo.lock"), lock)?;
        }
    }
    let output = Command::new("cargo")
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(dir.join("head/Cargo.toml"))
        .arg("--baseline-root")
        .arg(dir.join("base"))
        .env("CARGO_TARGET_DIR", root.join("target/semver-audit/target"))
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .context("cannot run cargo semver-checks")?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let checked = if text.contains("requires new major version") {
        "major"
    } else if text.contains("requires new minor version") {
        "minor"
    } else if text.contains("no semver update required") {
        "none"
    } else {
        let last = text.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("");
        bail!("cargo semver-checks said neither: {last}");
    };
    let mut lints: Vec<&str> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("--- failure "))
        .filter_map(|rest| rest.split(':').next())
        .collect();
    lints.sort_unstable();
    lints.dedup();
    Ok(Row {
        rule: rule.to_owned(),
        level,
        predicted: predicted.to_owned(),
        checked: checked.to_owned(),
        lints: if code_changed { lints.join(", ") } else { "(code identical)".to_owned() },
    })
}

/// cargo-semver-checks' verdict and lints per rule in the last run's report: the same two
/// crates get the same verdict, so a run whose crates are byte-identical reuses it.
type Previous = std::collections::BTreeMap<String, (String, String)>;

/// The verdicts of `report` (a `report.md` of an earlier run), without errors.
fn previous_verdicts(report: &str) -> Previous {
    report
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            match cells.as_slice() {
                [rule, _, _, checked, _, lints]
                    if matches!(*checked, "none" | "minor" | "major") =>
                {
                    let rule = rule.trim_start_matches("| ");
                    let lints = lints.trim_end_matches(" |").trim_end_matches('|').trim();
                    Some((rule.to_owned(), ((*checked).to_owned(), lints.to_owned())))
                }
                _ => None,
            }
        })
        .collect()
}

/// The table, with a summary line.
fn table(rows: &[Row]) -> String {
    let mut text = String::from(
        "| rule | level | predicted | semver-checks | agree | lints |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for row in rows {
        let verdict = verdict(&row.predicted, &row.checked);
        *counts.entry(verdict).or_default() += 1;
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {verdict} | {} |",
            row.rule, row.level, row.predicted, row.checked, row.lints
        );
    }
    let summary: Vec<String> = counts.iter().map(|(verdict, n)| format!("{n} {verdict}")).collect();
    let _ = writeln!(text, "\n{} fixture pairs: {}", rows.len(), summary.join(", "));
    text
}

/// How the prediction compares with cargo-semver-checks.
fn verdict(predicted: &str, checked: &str) -> &'static str {
    let rank = |bump: &str| match bump {
        "none" => Some(0),
        "minor" => Some(1),
        "major" => Some(2),
        _ => None,
    };
    match (rank(predicted), rank(checked)) {
        (Some(ours), Some(theirs)) if ours == theirs => "yes",
        (Some(ours), Some(theirs)) if ours > theirs => "stricter",
        (Some(_), Some(_)) => "LAXER",
        _ if predicted == "no client" => "no client",
        _ => "error",
    }
}
