//! Renderers: the same [`Report`] as text for a terminal, JSON for programs, Markdown for a
//! pull-request comment or `$GITHUB_STEP_SUMMARY`, and GitHub workflow commands.

mod github;
mod json;
mod markdown;
mod text;

use std::collections::HashMap;

use crate::context::Context;
use crate::report::{FailOn, Finding, Report, VersionReport};
use crate::waivers::Waiver;

pub use github::github;
pub use json::json;
pub use markdown::markdown;
pub use text::text;

/// An output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Human-readable, grouped by version and endpoint (the default).
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
}

impl<'a> Options<'a> {
    /// The defaults (`--fail-on breaking`, no colour) in `context`.
    #[must_use]
    pub fn new(context: Context<'a>) -> Options<'a> {
        Options { fail_on: FailOn::default(), color: false, context }
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

/// `GET /v1/users`, or `(whole version)` for a finding about no one operation.
fn operation_label(finding: &Finding) -> String {
    finding.operation().unwrap_or_else(|| "(whole version)".to_owned())
}

/// A pointer as shown to people: the empty pointer, the whole document, is `/`.
pub(crate) fn pointer_label(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

/// Consecutive findings of the same operation, with its label.
pub(crate) fn by_operation(version: &VersionReport) -> Vec<(String, Vec<&Finding>)> {
    let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
    for finding in &version.findings {
        let label = operation_label(finding);
        match groups.last_mut() {
            Some((last, findings)) if *last == label => findings.push(finding),
            _ => groups.push((label, vec![finding])),
        }
    }
    groups
}

/// For each change reached by several operations, the operations after the first, in report
/// order; renderers show such a change once and list where else it applies.
pub(crate) fn repeats(version: &VersionReport) -> HashMap<ChangeKey<'_>, Vec<String>> {
    let mut seen: HashMap<ChangeKey<'_>, Vec<String>> = HashMap::new();
    for finding in &version.findings {
        let operation = operation_label(finding);
        seen.entry(finding.change_key()).or_default().push(operation);
    }
    seen.retain(|_, operations| operations.len() > 1);
    for operations in seen.values_mut() {
        operations.remove(0);
    }
    seen
}

/// The waiver to paste for each change that blocks (any of its findings does), from its
/// first finding: with the operation when only one operation reaches the change (a waiver
/// without one covers them all), with the version when the report compares several.
pub(crate) fn suggested_waivers<'r>(
    report: &Report,
    version: &'r VersionReport,
    fail_on: FailOn,
) -> HashMap<ChangeKey<'r>, Waiver> {
    let mut changes: HashMap<ChangeKey<'r>, (&'r Finding, usize, bool)> = HashMap::new();
    for finding in &version.findings {
        let entry = changes.entry(finding.change_key()).or_insert((finding, 0, false));
        entry.1 += 1;
        entry.2 |= finding.is_blocking(fail_on);
    }
    let several_versions = report.versions.len() > 1;
    changes
        .into_iter()
        .filter(|(_, (_, _, blocking))| *blocking)
        .map(|(key, (first, count, _))| (key, Waiver::suggest(first, count == 1, several_versions)))
        .collect()
}

/// See [`Finding::change_key`].
pub(crate) type ChangeKey<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a str);

/// How a finding's level reads after policy: `breaking`, `warning (breaking in beta)`, …
pub(crate) fn level_label(finding: &Finding) -> String {
    let effective = finding.effective_level();
    if finding.waiver.is_some() {
        format!("waived {}", finding.rule.level)
    } else if effective != finding.rule.level {
        format!("{effective} (breaking in {})", finding.stability.as_str())
    } else {
        effective.to_string()
    }
}

/// The excerpt of a finding, from the documents of its version.
pub(crate) fn excerpt(version: &VersionReport, finding: &Finding) -> Option<String> {
    crate::excerpt::excerpt(version.base.as_deref(), version.head.as_deref(), finding)
}
