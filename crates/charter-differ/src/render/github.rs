//! GitHub Actions workflow commands: `::error` for blocking findings, `::warning` for
//! warnings, `::notice` for waived ones, plain lines for the rest and the verdicts. A change
//! reached by several operations is annotated once.

use std::fmt::Write as _;

use super::{Options, level_label, pointer_label};
use crate::rules::Level;

/// Renders the report as workflow commands.
#[must_use]
pub fn github(report: &crate::report::Report, options: Options) -> String {
    let mut out = String::new();
    for version in &report.versions {
        let _ = writeln!(out, "{}", version.verdict(options.fail_on));
    }
    for version in &report.versions {
        let repeats = super::repeats(version);
        let mut shown = std::collections::HashSet::new();
        for finding in &version.findings {
            let key = finding.change_key();
            if !shown.insert(key) {
                continue;
            }
            let command = if finding.waiver.is_some() {
                "notice"
            } else if finding.is_blocking(options.fail_on) {
                "error"
            } else if finding.effective_level() == Level::Warning {
                "warning"
            } else {
                ""
            };
            let more = repeats.get(&key).map_or(0, Vec::len);
            let operation = match (finding.operation(), more) {
                (Some(op), 0) => format!(" {op}"),
                (Some(op), 1) => format!(" {op} (and 1 more operation)"),
                (Some(op), more) => format!(" {op} (and {more} more operations)"),
                (None, _) => String::new(),
            };
            let text = format!(
                "{}{operation}: {} [{}] at {}{}",
                version.name,
                finding.message,
                level_label(finding),
                pointer_label(finding.pointer()),
                finding
                    .waiver
                    .as_ref()
                    .map(|reason| format!(" (waived: {reason})"))
                    .unwrap_or_default()
            );
            if command.is_empty() {
                let _ = writeln!(out, "{}: {text}", finding.rule.id);
            } else {
                let _ = writeln!(
                    out,
                    "::{command} title={}::{}",
                    escape_property(finding.rule.id),
                    escape_data(&text)
                );
            }
        }
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
