//! GitHub Actions workflow commands: `::error` for blocking changes, `::warning` for
//! warnings, `::notice` for waived ones, plain lines for the rest and the verdicts. One
//! annotation per distinct change, however many operations reach it (the first named, the
//! others counted); a blocking one's annotation ends with the waiver that would acknowledge
//! it. A finding with a known source is annotated on its line
//! (`file=`, `line=`, relative to the repository root; for a part only the base has, the
//! base's line, said in the message). A waiver that matches no finding is a `::notice` on its
//! line of the waiver file.

use std::fmt::Write as _;

use super::{Options, basis_note, impact_note, pointer_label};
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
        for change in super::changes(report, version, options.fail_on) {
            let finding = change.lead;
            let command = if change.blocking {
                "error"
            } else if change.waived() {
                "notice"
            } else if change.level == Some(Level::Warning) {
                "warning"
            } else {
                ""
            };
            let operations = change.operations();
            let operation = match operations.as_slice() {
                [] => String::new(),
                [only] => format!(" {only}"),
                [first, others @ ..] => format!(
                    " {first} (and {})",
                    crate::report::plural(others.len(), "more operation")
                ),
            };
            let mut text = format!(
                "{}{operation}: {} [{}] at {}",
                version.name,
                finding.message,
                change.level_label(),
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
            for note in
                impact_note(finding).map(str::to_owned).into_iter().chain(basis_note(finding))
            {
                let _ = write!(text, "; {note}");
            }
            if let Some(reason) = change.findings.iter().find_map(|f| f.waiver.as_deref()) {
                let _ = write!(text, " (waived: {reason})");
            }
            if let Some(waiver) = &change.waiver {
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
