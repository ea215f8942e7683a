//! Pairs of documents emitted by real frameworks, each pair one change, run through the differ
//! and checked against the verdict a client would expect.
//!
//! Each stack's folder (`fastapi/`, `hono/`) holds the app, its generator, the emitted
//! `documents/<version>/<variant>.json`, and two tables:
//!
//! - `expectations.tsv`: base, head, expected outcome, why. Written from what the change means
//!   for a client, never copied from the differ's output.
//! - `known-gaps.tsv`: base, head, the outcome the differ gives today, and why it differs from
//!   the expectation (a pair may have several such lines). A pair listed there that gives that outcome is a known gap, not a failure;
//!   a listed pair that now agrees is printed as a closed gap (delete its line: the differ is
//!   changing under these tests while they are written, so closing a gap fails nothing); a
//!   listed pair that gives a third outcome fails.
//!
//! [`check`] runs every pair of a stack and returns the table and the failures; see
//! `tests/emitters.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use charter_differ::{FailOn, compare_files};

/// The folder of one stack, e.g. `tests/emitters/hono`.
#[must_use]
pub fn stack_dir(stack: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(stack)
}

/// An outcome, as the tables write it and as a run gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing blocks (findings below `breaking` may exist).
    Pass,
    /// No finding of any level.
    Unchanged,
    /// Exactly these rule ids block.
    Fail(BTreeSet<String>),
    /// A document cannot be read (the front ends exit 2). Observed runs carry the message; the
    /// tables write `error` and match any message.
    Error(String),
}

impl Outcome {
    /// Reads a table cell: `pass`, `unchanged`, `error`, or `fail id,id`.
    ///
    /// # Errors
    /// Anything else, with the text it got.
    pub fn parse(cell: &str) -> Result<Outcome, String> {
        match cell.trim() {
            "pass" => Ok(Outcome::Pass),
            "unchanged" => Ok(Outcome::Unchanged),
            "error" => Ok(Outcome::Error(String::new())),
            other => {
                let ids = match other.strip_prefix("fail") {
                    Some(rest) if rest.is_empty() || rest.starts_with(' ') => rest,
                    _ => {
                        return Err(format!(
                            "{other:?}: expected `pass`, `unchanged`, `error` or `fail id,id`"
                        ));
                    }
                };
                let ids: BTreeSet<String> = ids
                    .split(',')
                    .map(str::trim)
                    .filter(|id| !id.is_empty())
                    .map(str::to_owned)
                    .collect();
                if ids.is_empty() {
                    return Err(format!("{other:?}: `fail` names no rule id"));
                }
                Ok(Outcome::Fail(ids))
            }
        }
    }

    /// Whether a run's outcome (`self`, from [`observe`]) satisfies `written`, a table's
    /// outcome: `pass` takes any run where nothing blocks, `unchanged` only a run with no
    /// finding at all, `fail` the same blocking rule ids exactly, `error` any error.
    #[must_use]
    pub fn satisfies(&self, written: &Outcome) -> bool {
        match (self, written) {
            (Outcome::Pass | Outcome::Unchanged, Outcome::Pass) => true,
            (Outcome::Unchanged, Outcome::Unchanged) => true,
            (Outcome::Fail(got), Outcome::Fail(want)) => got == want,
            (Outcome::Error(_), Outcome::Error(_)) => true,
            _ => false,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Pass => f.write_str("pass"),
            Outcome::Unchanged => f.write_str("unchanged"),
            Outcome::Fail(ids) => {
                write!(f, "fail {}", ids.iter().cloned().collect::<Vec<_>>().join(","))
            }
            Outcome::Error(message) if message.is_empty() => f.write_str("error"),
            Outcome::Error(message) => write!(f, "error: {message}"),
        }
    }
}

/// Runs the differ on two documents of a stack (names relative to `documents/`, without
/// `.json`), as `charter diff` does by default (`--fail-on breaking`, no waivers).
#[must_use]
pub fn observe(stack: &Path, base: &str, head: &str) -> Outcome {
    let document = |name: &str| stack.join("documents").join(format!("{name}.json"));
    match compare_files(&document(base), &document(head)) {
        Err(error) => Outcome::Error(
            error.to_string().replace(&format!("{}/", stack.join("documents").display()), ""),
        ),
        Ok(report) => {
            let blocking: BTreeSet<String> = report
                .findings()
                .filter(|finding| finding.is_blocking(FailOn::Breaking))
                .map(|finding| finding.rule.id.to_owned())
                .collect();
            if !blocking.is_empty() {
                Outcome::Fail(blocking)
            } else if report.findings().next().is_none() {
                Outcome::Unchanged
            } else {
                Outcome::Pass
            }
        }
    }
}

/// One row of a table: a pair, an outcome, a reason, and where it was written.
#[derive(Clone, Debug)]
pub struct Row {
    /// The base document, relative to `documents/`, without `.json`.
    pub base: String,
    /// The head document, likewise.
    pub head: String,
    /// The expected outcome (`expectations.tsv`) or today's (`known-gaps.tsv`).
    pub outcome: Outcome,
    /// Why.
    pub why: String,
    /// `file:line`, for messages.
    pub at: String,
}

/// Reads a tab-separated table of `base, head, outcome, why`; `#` lines are comments, the first
/// other line is the header.
///
/// # Errors
/// A missing file, or a malformed line, naming the file and line.
pub fn read_table(path: &Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("{}: cannot read: {error}", path.display()))?;
    let mut rows = Vec::new();
    let mut header = true;
    for (index, line) in text.lines().enumerate() {
        let at = format!("{}:{}", path.display(), index + 1);
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if std::mem::take(&mut header) {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let [base, head, outcome, why] = cells[..] else {
            return Err(format!(
                "{at}: {} tab-separated cells, expected 4 (base, head, outcome, why)",
                cells.len()
            ));
        };
        if why.trim().is_empty() {
            return Err(format!(
                "{at}: the `why` cell is empty; say what the change does to a client"
            ));
        }
        let outcome = Outcome::parse(outcome).map_err(|error| format!("{at}: {error}"))?;
        rows.push(Row {
            base: base.to_owned(),
            head: head.to_owned(),
            outcome,
            why: why.to_owned(),
            at,
        });
    }
    Ok(rows)
}

/// The result of one pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// The differ gives the expected outcome.
    Agrees,
    /// The differ gives the outcome `known-gaps.tsv` records for today.
    KnownGap,
    /// The pair is in `known-gaps.tsv` but the differ now gives the expected outcome: the line
    /// is stale.
    GapClosed,
    /// Anything else: a failure.
    Disagrees,
}

/// A stack's run: one line per pair for the table, and the failures.
#[derive(Debug, Default)]
pub struct Checked {
    /// `(status, base, head, expected, observed)` per pair, in table order.
    pub pairs: Vec<(Status, String, String, Outcome, Outcome)>,
    /// One message per failure, naming the pair, the table line and both outcomes.
    pub failures: Vec<String>,
}

impl Checked {
    /// How many pairs have `status`.
    #[must_use]
    pub fn count(&self, status: &Status) -> usize {
        self.pairs.iter().filter(|pair| pair.0 == *status).count()
    }

    /// The table printed by the tests: one line per pair, then the counts.
    #[must_use]
    pub fn table(&self, stack: &str) -> String {
        let mut out = format!("{stack}: {} pairs\n", self.pairs.len());
        for (status, base, head, expected, observed) in &self.pairs {
            let status = match status {
                Status::Agrees => "agrees",
                Status::KnownGap => "known gap",
                Status::GapClosed => "gap closed",
                Status::Disagrees => "DISAGREES",
            };
            out.push_str(&format!(
                "  {status:<10} {base} -> {head}: expected {expected}; differ: {observed}\n"
            ));
        }
        out.push_str(&format!(
            "{stack}: {} agree, {} known gaps, {} disagree\n",
            self.count(&Status::Agrees) + self.count(&Status::GapClosed),
            self.count(&Status::KnownGap),
            self.count(&Status::Disagrees)
        ));
        if self.count(&Status::GapClosed) > 0 {
            out.push_str(&format!(
                "{stack}: {} pairs of known-gaps.tsv now agree; delete their lines:\n",
                self.count(&Status::GapClosed)
            ));
            for (status, base, head, ..) in &self.pairs {
                if *status == Status::GapClosed {
                    out.push_str(&format!("  {base}\t{head}\n"));
                }
            }
        }
        out
    }
}

/// Runs every pair of `expectations.tsv` in the stack's folder and sorts each into agrees, known
/// gap (as `known-gaps.tsv` records), gap closed, or failure. Also fails a document no pair
/// uses, a pair naming a document that does not exist or listed twice, and a known gap that is
/// no pair.
#[must_use]
pub fn check(stack: &Path) -> Checked {
    let mut checked = Checked::default();
    let expectations = match read_table(&stack.join("expectations.tsv")) {
        Ok(rows) => rows,
        Err(error) => {
            checked.failures.push(error);
            return checked;
        }
    };
    // A pair may have several lines: what the differ gives today, and what it gives with a
    // change under way (say, refused today, read with a redundant finding tomorrow).
    let mut gaps: BTreeMap<(String, String), Vec<Row>> = BTreeMap::new();
    match read_table(&stack.join("known-gaps.tsv")) {
        Ok(rows) => {
            for row in rows {
                gaps.entry((row.base.clone(), row.head.clone())).or_default().push(row);
            }
        }
        Err(error) => checked.failures.push(error),
    }

    let existing = documents(stack);
    let mut used = BTreeSet::new();
    for pair in &expectations {
        // A misspelt name would be an unreadable document, which a known gap of `error` would
        // hide: names must exist, and each pair is listed once.
        for name in [&pair.base, &pair.head] {
            if !existing.contains(name) {
                checked.failures.push(format!("{}: no document documents/{name}.json", pair.at));
            }
        }
        if !used.insert((pair.base.clone(), pair.head.clone())) {
            checked
                .failures
                .push(format!("{}: {} -> {} is listed twice", pair.at, pair.base, pair.head));
        }
        let observed = observe(stack, &pair.base, &pair.head);
        let gap = gaps.remove(&(pair.base.clone(), pair.head.clone()));
        let status = match (observed.satisfies(&pair.outcome), &gap) {
            (true, None) => Status::Agrees,
            (true, Some(_)) => Status::GapClosed,
            (false, Some(gap)) if gap.iter().any(|gap| observed.satisfies(&gap.outcome)) => {
                Status::KnownGap
            }
            (false, gap) => {
                let today: String = gap
                    .iter()
                    .flatten()
                    .map(|gap| format!(" (known gap at {} records {})", gap.at, gap.outcome))
                    .collect();
                checked.failures.push(format!(
                    "{} -> {}: expected {} ({}: {}), differ gives {observed}{today}",
                    pair.base, pair.head, pair.outcome, pair.at, pair.why
                ));
                Status::Disagrees
            }
        };
        checked.pairs.push((
            status,
            pair.base.clone(),
            pair.head.clone(),
            pair.outcome.clone(),
            observed,
        ));
    }
    for gap in gaps.values().flatten() {
        checked.failures.push(format!(
            "{}: known gap {} -> {} is no pair of expectations.tsv; delete it",
            gap.at, gap.base, gap.head
        ));
    }
    let named: BTreeSet<&String> = used.iter().flat_map(|(base, head)| [base, head]).collect();
    for document in &existing {
        if !named.contains(document) {
            checked.failures.push(format!(
                "documents/{document}.json is in no pair of {}; add a pair with the verdict you expect",
                stack.join("expectations.tsv").display()
            ));
        }
    }
    checked
}

/// Every document of a stack, as `version/variant`.
fn documents(stack: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let Ok(versions) = std::fs::read_dir(stack.join("documents")) else { return names };
    for version in versions.flatten() {
        let Ok(files) = std::fs::read_dir(version.path()) else { continue };
        for file in files.flatten() {
            let path = file.path();
            if let (Some(version), Some(stem), Some("json")) = (
                version.file_name().to_str().map(str::to_owned),
                path.file_stem().and_then(|stem| stem.to_str()),
                path.extension().and_then(|ext| ext.to_str()),
            ) {
                names.insert(format!("{version}/{stem}"));
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::Outcome;

    #[test]
    fn outcomes_parse_and_match() {
        let fail = Outcome::parse("fail b-rule, a-rule").unwrap();
        assert_eq!(fail.to_string(), "fail a-rule,b-rule");
        assert!(Outcome::Unchanged.satisfies(&Outcome::Pass));
        assert!(!Outcome::Pass.satisfies(&Outcome::Unchanged));
        assert!(
            Outcome::Error("x: OpenAPI 3.1.0".into()).satisfies(&Outcome::parse("error").unwrap())
        );
        assert!(!Outcome::parse("fail a-rule").unwrap().satisfies(&fail));
        assert_eq!(Outcome::parse("fail ").unwrap_err(), "\"fail\": `fail` names no rule id");
        assert!(Outcome::parse("breaks").unwrap_err().contains("expected `pass`"));
    }
}
