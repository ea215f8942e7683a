//! Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a verdict table, then one
//! table of findings per version, with excerpts of the blocking ones folded away.

use std::fmt::Write as _;

use super::{Options, by_operation, excerpt, level_label};
use crate::rules::Level;

/// Renders the report as Markdown.
#[must_use]
pub fn markdown(report: &crate::report::Report, options: Options) -> String {
    let mut out = String::from("## Contract diff\n\n| version | verdict |\n| --- | --- |\n");
    for version in &report.versions {
        let verdict = version.verdict(options.fail_on);
        let icon = if verdict.contains(": FAIL") { "❌" } else { "✅" };
        let _ = writeln!(out, "| `{}` | {icon} {} |", version.name, cell(&verdict));
    }
    for version in &report.versions {
        if version.findings.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n### `{}` ({})\n\n| level | rule | operation | message | pointer |\n| --- | --- | --- | --- | --- |",
            version.name,
            version.stability.as_str()
        );
        let mut details = String::new();
        for (operation, findings) in by_operation(version) {
            for finding in findings {
                let label = level_label(finding);
                let label = if finding.is_blocking(options.fail_on) {
                    format!("**{label}**")
                } else {
                    label
                };
                let _ = writeln!(
                    out,
                    "| {label} | [`{id}`](generated/RULES.md#{id}) | `{}` | {} | `{}` |",
                    cell(&operation),
                    cell(&finding.message),
                    cell(finding.pointer()),
                    id = finding.rule.id,
                );
                if finding.rule.level != Level::Info
                    && let Some(excerpt) = excerpt(version, finding)
                {
                    let _ = writeln!(
                        details,
                        "`{}` {} — {}\n\n```diff\n{excerpt}\n```\n",
                        finding.rule.id,
                        cell(&operation),
                        cell(&finding.message)
                    );
                }
            }
        }
        let warnings: Vec<_> = version.warnings().collect();
        if !warnings.is_empty() {
            out.push_str("\nLoose documents, read anyway:\n\n");
            for (side, warning) in warnings {
                let _ = writeln!(
                    out,
                    "- {} `{}`: {}",
                    side.as_str(),
                    warning.pointer,
                    cell(&warning.message)
                );
            }
        }
        if !details.is_empty() {
            let _ = write!(out, "\n<details><summary>Excerpts</summary>\n\n{details}</details>\n");
        }
    }
    out
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
