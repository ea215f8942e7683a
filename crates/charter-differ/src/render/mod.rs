//! Renderers: the same [`Report`] as text for a terminal, JSON for programs, Markdown for a
//! pull-request comment or `$GITHUB_STEP_SUMMARY`, and GitHub workflow commands.

mod github;
mod json;
mod markdown;
mod text;

use std::collections::{BTreeMap, HashMap};

use crate::context::Context;
use crate::report::{Basis, FailOn, Finding, Impact, Report, VersionReport};
use crate::rules::Level;
use crate::waivers::Waiver;

pub use github::github;
pub use json::json;
pub use markdown::markdown;
pub use text::text;

/// An output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Human-readable: per version, one entry per distinct change, most severe first (the
    /// default).
    #[default]
    Text,
    /// The stable JSON schema documented in the crate and in the rule catalogue.
    Json,
    /// A Markdown summary.
    Markdown,
    /// GitHub Actions workflow commands (`::error title=…::…`).
    Github,
}

/// Options every renderer understands.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    /// Which findings block.
    pub fail_on: FailOn,
    /// ANSI colours (text only).
    pub color: bool,
    /// The texts naming the repository: where waivers go, where the catalogue is.
    pub context: Context<'a>,
    /// Text and JSON: an entry for every change, info ones included, rather than info changes
    /// summarized per rule.
    pub verbose: bool,
}

impl<'a> Options<'a> {
    /// The defaults (`--fail-on breaking`, no colour, info changes summarized) in `context`.
    #[must_use]
    pub fn new(context: Context<'a>) -> Options<'a> {
        Options { fail_on: FailOn::default(), color: false, context, verbose: false }
    }
}

/// Renders `report` in `format`.
#[must_use]
pub fn render(report: &Report, format: Format, options: Options<'_>) -> String {
    match format {
        Format::Text => text(report, options),
        Format::Json => json(report, options),
        Format::Markdown => markdown(report, options),
        Format::Github => github(report, options),
    }
}

/// A pointer as shown to people: the empty pointer, the whole document, is `/`.
pub(crate) fn pointer_label(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

/// One distinct change of a version: every finding with the same [`Finding::change_key`],
/// one per operation (or way an operation) that reaches it, in report order.
pub(crate) struct Change<'r> {
    /// The findings, in report order; never empty.
    pub findings: Vec<&'r Finding>,
    /// The finding that speaks for the change: the first that blocks, else the first of the
    /// most severe effective level among those not waived, else the first.
    pub lead: &'r Finding,
    /// Whether any of its findings blocks: the change blocks.
    pub blocking: bool,
    /// The most severe effective level of its findings that are not waived; `None` when every
    /// finding is waived.
    pub level: Option<Level>,
    /// The waiver to paste, when the change blocks.
    pub waiver: Option<Waiver>,
}

impl Change<'_> {
    /// Whether every finding is waived.
    pub(crate) fn waived(&self) -> bool {
        self.level.is_none()
    }

    /// Where it sorts in a report: blocking changes first, then breaking ones, warnings,
    /// waived ones, and info last.
    pub(crate) fn rank(&self) -> u8 {
        match (self.blocking, self.level) {
            (true, _) => 0,
            (false, Some(Level::Breaking)) => 1,
            (false, Some(Level::Warning)) => 2,
            (false, None) => 3,
            (false, Some(Level::Info)) => 4,
        }
    }

    /// How the change's level reads after policy, from its lead finding: `breaking`,
    /// `warning (breaking in beta)`, `waived breaking`, …
    pub(crate) fn level_label(&self) -> String {
        level_label(self.lead)
    }

    /// The operations that reach it, each once, the lead's first; empty for a change about no
    /// one operation.
    pub(crate) fn operations(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        std::iter::once(self.lead)
            .chain(self.findings.iter().copied())
            .filter_map(Finding::operation)
            .filter(|operation| seen.insert(operation.clone()))
            .collect()
    }
}

/// The distinct changes of a version, most severe first (see [`Change::rank`]), each rank in
/// report order, with the waiver to paste for each that blocks: naming the operation when
/// only one operation reaches the change (a waiver without one covers them all), and the
/// version when the report compares several.
pub(crate) fn changes<'r>(
    report: &Report,
    version: &'r VersionReport,
    fail_on: FailOn,
) -> Vec<Change<'r>> {
    let mut index: HashMap<ChangeKey<'r>, usize> = HashMap::new();
    let mut groups: Vec<Vec<&'r Finding>> = Vec::new();
    for finding in &version.findings {
        let slot = *index.entry(finding.change_key()).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[slot].push(finding);
    }
    let several_versions = report.versions.len() > 1;
    let mut changes: Vec<Change<'r>> = groups
        .into_iter()
        .map(|findings| {
            let blocking = findings.iter().any(|finding| finding.is_blocking(fail_on));
            let level = findings
                .iter()
                .filter(|finding| finding.waiver.is_none())
                .map(|finding| finding.effective_level())
                .max();
            let lead = findings
                .iter()
                .find(|finding| finding.is_blocking(fail_on))
                .or_else(|| {
                    findings.iter().find(|finding| {
                        finding.waiver.is_none() && Some(finding.effective_level()) == level
                    })
                })
                .unwrap_or(&findings[0]);
            let waiver =
                blocking.then(|| Waiver::suggest(lead, findings.len() == 1, several_versions));
            Change { lead, blocking, level, waiver, findings }
        })
        .collect();
    changes.sort_by_key(Change::rank);
    changes
}

/// See [`Finding::change_key`].
pub(crate) type ChangeKey<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a str);

impl Options<'_> {
    /// Whether a change is counted per rule rather than given an entry: an info change, unless
    /// verbose.
    pub(crate) fn summarizes(&self, change: &Change<'_>) -> bool {
        !self.verbose && change.level == Some(Level::Info)
    }
}

/// The changes [`Options::summarizes`], per rule id in id order: how many, and the first.
pub(crate) fn info_summary<'c, 'r>(
    changes: &'c [Change<'r>],
    options: Options<'_>,
) -> BTreeMap<&'static str, (usize, &'c Change<'r>)> {
    let mut summary: BTreeMap<&'static str, (usize, &'c Change<'r>)> = BTreeMap::new();
    for change in changes.iter().filter(|change| options.summarizes(change)) {
        summary.entry(change.lead.rule.id).or_insert((0, change)).0 += 1;
    }
    summary
}

/// Whom the change breaks, when that is not existing clients on the wire.
pub(crate) fn impact_note(finding: &Finding) -> Option<&'static str> {
    match finding.impact {
        Impact::Wire => None,
        Impact::RustClient => Some(
            "breaks only code using the generated Rust client; existing clients' traffic is \
             unaffected",
        ),
        Impact::None => Some(
            "breaks no one: existing clients' traffic and the generated Rust client are unaffected",
        ),
    }
}

/// How the verdict was reached, when not by the rule alone: `judged by accepted values: `
/// and what the comparison found, or why the accepted values could not be compared.
pub(crate) fn basis_note(finding: &Finding) -> Option<String> {
    match &finding.basis {
        Basis::Rule => None,
        Basis::Values(why) => Some(format!("judged by accepted values: {why}")),
        Basis::Undecided(why) => {
            Some(format!("judged by its rule: the accepted values could not be compared ({why})"))
        }
    }
}

/// How a finding's level reads after judging and policy: `breaking`, `warning (breaking in
/// beta)`, `warning (Rust client only)`, `info (safe by accepted values)`, …
pub(crate) fn level_label(finding: &Finding) -> String {
    let effective = finding.effective_level();
    if finding.waiver.is_some() {
        format!("waived {}", finding.rule.level)
    } else if effective != finding.rule.level {
        match finding.impact {
            Impact::RustClient => format!("{effective} (Rust client only)"),
            Impact::None => format!("{effective} (safe by accepted values)"),
            Impact::Wire => format!("{effective} (breaking in {})", finding.stability.as_str()),
        }
    } else {
        effective.to_string()
    }
}

/// The excerpt of a finding, from the documents of its version.
pub(crate) fn excerpt(version: &VersionReport, finding: &Finding) -> Option<String> {
    crate::excerpt::excerpt(version.base.as_deref(), version.head.as_deref(), finding)
}
