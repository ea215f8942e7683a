//! The oasdiff-derived corpus (`tests/corpus/oasdiff`, vendored): every pair is compared and the
//! verdict checked against oasdiff's.
//!
//! Required: every pair oasdiff calls breaking is breaking here; at least 95% agreement on the
//! pairs it calls not breaking with `verdict_certain=yes`; every OpenAPI 3.1 pair gives a clear
//! error naming the version (or a verdict), never a panic. Agreement per area is printed (run
//! with `--nocapture`); `CORPUS_VERBOSE=1` prints the findings of every disagreement.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use charter_differ::{Document, FailOn, LoadError, Stability, VersionReport};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/oasdiff")
}

struct Case {
    name: String,
    breaking: bool,
    certain: bool,
    oas31: bool,
    groups: Vec<String>,
}

fn cases() -> Vec<Case> {
    let index = std::fs::read_to_string(corpus().join("INDEX.tsv")).expect("INDEX.tsv");
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let column = |name: &str| header.iter().position(|c| *c == name).expect(name);
    let (case, breaking, certain, oas31, groups) = (
        column("case"),
        column("breaking"),
        column("verdict_certain"),
        column("oas31"),
        column("groups"),
    );
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let field = |index: usize| fields.get(index).copied().unwrap_or_default();
            Case {
                name: field(case).to_owned(),
                breaking: field(breaking) == "true",
                certain: field(certain) == "yes",
                oas31: field(oas31) == "yes",
                groups: field(groups)
                    .split(';')
                    .filter(|group| !group.is_empty() && *group != "-")
                    .map(str::to_owned)
                    .collect(),
            }
        })
        .collect()
}

fn file(dir: &Path, stem: &str) -> PathBuf {
    ["yaml", "yml", "json"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .find(|path| path.exists())
        .unwrap_or_else(|| panic!("{}: no {stem}.yaml or {stem}.json", dir.display()))
}

enum Outcome {
    Verdict {
        breaking: bool,
        summary: String,
    },
    Error(LoadError),
    /// Both files have the same bytes: no differ can find a change. (One corpus case asserts a
    /// finding for such a pair: its oasdiff test changes the document in code.)
    Identical,
}

fn run(case: &Case) -> Outcome {
    let dir = corpus().join(&case.name);
    if std::fs::read(file(&dir, "base")).ok() == std::fs::read(file(&dir, "revision")).ok() {
        return Outcome::Identical;
    }
    let load = |stem| Document::read(&file(&dir, stem));
    let (base, head) = match (load("base"), load("revision")) {
        (Ok(base), Ok(head)) => (base, head),
        (Err(error), _) | (_, Err(error)) => return Outcome::Error(error),
    };
    let report = VersionReport::compare(
        &case.name,
        Stability::Stable,
        Some(Arc::new(base)),
        Some(Arc::new(head)),
    );
    let breaking = report.findings.iter().any(|f| f.is_blocking(FailOn::Breaking));
    let summary = report
        .findings
        .iter()
        .map(|f| {
            format!("    {} [{}] {} at {}", f.rule.id, f.effective_level(), f.message, f.pointer())
        })
        .collect::<Vec<_>>()
        .join("\n");
    Outcome::Verdict { breaking, summary }
}

#[derive(Default)]
struct Tally {
    agree: usize,
    total: usize,
}

impl Tally {
    fn add(&mut self, agree: bool) {
        self.total += 1;
        if agree {
            self.agree += 1;
        }
    }

    fn percent(&self) -> f64 {
        if self.total == 0 { 100.0 } else { 100.0 * self.agree as f64 / self.total as f64 }
    }
}

#[test]
fn corpus_verdicts_agree_with_oasdiff() {
    let verbose = std::env::var_os("CORPUS_VERBOSE").is_some();
    let cases = cases();
    assert!(cases.len() > 250, "the corpus index lists {} cases", cases.len());
    let mut missed_breaking = Vec::new();
    let mut certain_not_breaking = Tally::default();
    let mut disagreements = Vec::new();
    let mut by_area: BTreeMap<String, Tally> = BTreeMap::new();
    let mut overall = Tally::default();
    let (mut oas31_errors, mut oas31_verdicts, mut oas31_agree) = (0, 0, 0);
    let mut identical_breaking = Vec::new();
    for case in &cases {
        let outcome = run(case);
        if let Outcome::Identical = outcome {
            if case.breaking {
                identical_breaking.push(case.name.clone());
                continue;
            }
            overall.add(true);
            if case.certain {
                certain_not_breaking.add(true);
            }
            continue;
        }
        if case.oas31 {
            match outcome {
                Outcome::Error(LoadError::UnsupportedVersion { version, .. }) => {
                    assert!(version.starts_with("3.1"), "{}: refused version {version}", case.name);
                    oas31_errors += 1;
                }
                Outcome::Error(error) => {
                    panic!("{}: unclear error for a 3.1 pair: {error}", case.name)
                }
                Outcome::Identical => {}
                Outcome::Verdict { breaking, .. } => {
                    oas31_verdicts += 1;
                    if breaking == case.breaking {
                        oas31_agree += 1;
                    }
                }
            }
            continue;
        }
        let (breaking, summary) = match outcome {
            Outcome::Verdict { breaking, summary } => (breaking, summary),
            Outcome::Error(error) => {
                panic!("{}: an OpenAPI 3.0 pair must load: {error}", case.name)
            }
            Outcome::Identical => continue,
        };
        let agree = breaking == case.breaking;
        overall.add(agree);
        let groups =
            if case.groups.is_empty() { vec!["(none)".to_owned()] } else { case.groups.clone() };
        for group in groups {
            by_area.entry(group).or_default().add(agree);
        }
        if case.breaking && !breaking {
            missed_breaking.push(format!("{}\n{summary}", case.name));
        }
        if !case.breaking && case.certain {
            certain_not_breaking.add(agree);
        }
        if !agree {
            let kind = if case.breaking { "missed breaking" } else { "stricter than oasdiff" };
            let certain = if case.certain { "certain" } else { "not certain" };
            disagreements.push(format!("{} ({kind}, {certain})", case.name));
            if verbose {
                println!("--- {} ({kind}, {certain})\n{summary}", case.name);
            }
        }
    }
    println!("\nAgreement with oasdiff on the OpenAPI 3.0 pairs, per area:\n");
    println!("| area | pairs | agree | % |\n| --- | --- | --- | --- |");
    for (area, tally) in &by_area {
        println!("| {area} | {} | {} | {:.1} |", tally.total, tally.agree, tally.percent());
    }
    println!(
        "| **all 3.0 pairs** | {} | {} | {:.1} |",
        overall.total,
        overall.agree,
        overall.percent()
    );
    println!(
        "\nNot-breaking pairs with verdict_certain=yes: {}/{} agree ({:.1}%)",
        certain_not_breaking.agree,
        certain_not_breaking.total,
        certain_not_breaking.percent()
    );
    println!(
        "OpenAPI 3.1 pairs: {oas31_errors} refused with an error naming the version, \
         {oas31_verdicts} compared ({oas31_agree} agree)"
    );
    println!(
        "Breaking pairs whose two files are identical (not counted: nothing changed): {}",
        if identical_breaking.is_empty() {
            "none".to_owned()
        } else {
            identical_breaking.join(", ")
        }
    );
    println!("Disagreements:\n  {}", disagreements.join("\n  "));
    assert!(
        missed_breaking.is_empty(),
        "{} breaking pair(s) not reported breaking:\n{}",
        missed_breaking.len(),
        missed_breaking.join("\n")
    );
    assert!(
        certain_not_breaking.percent() >= 95.0,
        "only {:.1}% agreement on certain not-breaking pairs",
        certain_not_breaking.percent()
    );
}
