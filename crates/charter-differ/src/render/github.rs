//! GitHub Actions workflow commands: `::error` for blocking findings, `::warning` for
//! warnings, `::notice` for waived ones, plain lines for the rest and the verdicts. A change
//! reached by several operations is annotated once; a blocking one's annotation ends with the
//! waiver that would acknowledge it. A finding with a known source is annotated on its line
//! (`file=`, `line=`, relative to the repository root; for a part only the base has, the
//! base's line, said in the message). A waiver that matches no finding is a `::notice` on its
//! line of the waiver file.

use std::fmt::Write as _;

use super::{Options, level_label, pointer_label, suggested_waivers};
use crate::rules::Level;

/// Renders the report as workflow commands.
#[must_use]
pub fn github(report: &crate::report::Report, options: Options<'_>) -> String {
    let mut out = String::new();
    for version in &report.versions {
        let _ = writeln!(out, "{}", version.verdict(options.fail_on));
    }
    for fulfilled in &report.fulfilled {
        let location = match fulfilled.waiver.line {
            0 => format!("file={}", escape_property(&fulfilled.file.display().to_string())),
            line => format!(
                "file={},line={line}",
                escape_property(&fulfilled.file.display().to_string())
            ),
        };
        let _ = writeln!(
            out,
            "::notice {location},title=waiver matches no finding::{}",
            escape_data(&fulfilled.note())
        );
    }
    for version in &report.versions {
        let repeats = super::repeats(version);
        let waivers = suggested_waivers(report, version, options.fail_on);
        let mut shown = std::collections::HashSet::new();
        for finding in &version.findings {
            let key = finding.change_key();
            if !shown.insert(key) {
                continue;
            }
            // A change blocks when any operation's finding of it does: it has a waiver to paste.
            let blocking = waivers.get(&key);
            let command = if blocking.is_some() {
                "error"
            } else if finding.waiver.is_some() {
                "notice"
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
            let mut text = format!(
                "{}{operation}: {} [{}] at {}",
                version.name,
                finding.message,
                level_label(finding),
                pointer_label(finding.pointer()),
            );
            if let Some(source) = &finding.source {
                let _ = write!(text, ", from {}", source.name());
                if let Some(commit) = &source.commit {
                    let _ = write!(
                        text,
                        " (gone at head: line {} at base {})",
                        source.line,
                        crate::report::short_commit(commit)
                    );
                }
                if let Some(note) = &source.note {
                    let _ = write!(text, " ({note})");
                }
            }
            if let Some(reason) = &finding.waiver {
                let _ = write!(text, " (waived: {reason})");
            }
            if let Some(waiver) = blocking {
                let _ = write!(
                    text,
                    "\n\nTo waive it on purpose, add to {}:\n{}",
                    options.context.waivers,
                    waiver.to_toml().trim_end()
                );
            }
            if command.is_empty() {
                let _ = writeln!(out, "{}: {text}", finding.rule.id);
            } else {
                let location = finding.source.as_ref().map_or_else(String::new, |source| {
                    format!("file={},line={},", escape_property(&source.file), source.line)
                });
                let _ = writeln!(
                    out,
                    "::{command} {location}title={}::{}",
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
