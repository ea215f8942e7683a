//! Text for a terminal: one verdict line per version first, then the findings grouped by
//! version and endpoint, each with its level, rule id, message, where the operation reaches
//! it, its pointer, the Rust item it comes from (when the front end knows the source), an
//! excerpt and, when it blocks, the waiver that would acknowledge it, ready to paste. A change
//! to a shared component is shown in full under the first operation that reaches it, with the
//! others listed; under those it is one line. Waivers that match no finding are noted under
//! the verdicts.

use std::fmt::Write as _;

use std::collections::HashMap;

use super::{
    Options, by_operation, excerpt, level_label, pointer_label, repeats, suggested_waivers,
};
use crate::report::Report;
use crate::rules::Level;

const RED: &str = "\x1b[31;1m";
const YELLOW: &str = "\x1b[33m";
const GREEN: &str = "\x1b[32m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// How many excerpts one report prints at most.
const MAX_EXCERPTS: usize = 200;

/// Renders the report as text.
#[must_use]
pub fn text(report: &Report, options: Options<'_>) -> String {
    let paint = |code: &str, text: &str| {
        if options.color { format!("{code}{text}{RESET}") } else { text.to_owned() }
    };
    let mut out = String::new();
    for version in &report.versions {
        let verdict = version.verdict(options.fail_on);
        let code = if version.fails(options.fail_on) { RED } else { GREEN };
        let _ = writeln!(out, "{}", paint(code, &verdict));
    }
    for fulfilled in &report.fulfilled {
        let _ = writeln!(out, "{} {}", paint(YELLOW, "note:"), fulfilled.note());
    }
    let mut excerpts = 0;
    for version in &report.versions {
        let warnings: Vec<_> = version.warnings().collect();
        if version.findings.is_empty() && warnings.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{}",
            paint(BOLD, &format!("== {} ({}) ==", version.name, version.stability.as_str()))
        );
        for (side, warning) in warnings {
            let _ = writeln!(
                out,
                "{} {} document, {}: {}",
                paint(YELLOW, "note:"),
                side.as_str(),
                pointer_label(&warning.pointer),
                warning.message
            );
        }
        let repeats = repeats(version);
        let waivers = suggested_waivers(report, version, options.fail_on);
        let mut shown: HashMap<super::ChangeKey<'_>, String> = HashMap::new();
        for (operation, findings) in by_operation(version) {
            let _ = writeln!(out, "\n{}", paint(BOLD, &operation));
            for finding in findings {
                let label = level_label(finding);
                let code = match (finding.waiver.is_some(), finding.effective_level()) {
                    (true, _) => DIM,
                    (false, Level::Breaking) => RED,
                    (false, Level::Warning) => YELLOW,
                    (false, Level::Info) => DIM,
                };
                let key = finding.change_key();
                if let Some(first) = shown.get(&key) {
                    let _ = writeln!(
                        out,
                        "  {} {}: {} {}",
                        paint(code, &format!("[{label}]")),
                        finding.rule.id,
                        finding.message,
                        paint(DIM, &format!("(shown under {first})"))
                    );
                    continue;
                }
                shown.insert(key, operation.clone());
                let _ = writeln!(
                    out,
                    "  {} {}: {}",
                    paint(code, &format!("[{label}]")),
                    finding.rule.id,
                    finding.message
                );
                let pointer = located(finding);
                match &finding.via {
                    Some(via) => {
                        let _ = writeln!(out, "      in {via}, at {pointer}");
                    }
                    None => {
                        let _ = writeln!(out, "      at {pointer}");
                    }
                }
                if let Some(source) = &finding.source {
                    let _ = writeln!(out, "      from {}", source_line(source));
                }
                if let Some(others) = repeats.get(&key) {
                    let _ = writeln!(out, "      also in {}", others.join(", "));
                }
                if let Some(reason) = &finding.waiver {
                    let _ = writeln!(out, "      waived: {reason}");
                }
                if finding.rule.level != Level::Info
                    && excerpts < MAX_EXCERPTS
                    && let Some(excerpt) = excerpt(version, finding)
                {
                    excerpts += 1;
                    for line in excerpt.lines() {
                        let code = if line.starts_with('-') {
                            RED
                        } else if line.starts_with('+') {
                            GREEN
                        } else {
                            DIM
                        };
                        let _ = writeln!(out, "      {}", paint(code, &format!("| {line}")));
                    }
                }
                if let Some(waiver) = waivers.get(&key) {
                    let _ = writeln!(
                        out,
                        "      to waive it on purpose, add to {}:",
                        options.context.waivers
                    );
                    for line in waiver.to_toml().lines() {
                        let _ = writeln!(out, "        {line}");
                    }
                }
            }
        }
    }
    let blocking: Vec<&crate::report::Finding> =
        report.findings().filter(|finding| finding.is_blocking(options.fail_on)).collect();
    if !blocking.is_empty() {
        let _ = writeln!(
            out,
            "\n{}. Fix them (each rule's \"what to do\" is in {}), or waive one on purpose: add \
             the [[waiver]] printed under it to {}.",
            crate::report::blocks(&blocking),
            options.context.catalogue,
            options.context.waivers,
        );
    }
    out
}

/// The finding's pointer, the one a waiver names, and which document it is in when the two
/// documents' pointers differ: `/paths/~1items/delete (base)`.
fn located(finding: &crate::report::Finding) -> String {
    let pointer = finding.pointer();
    let side = match (finding.base_pointer.as_deref(), finding.head_pointer.as_deref()) {
        (Some(base), Some(head)) if base == head => "",
        (Some(base), _) if base == pointer => " (base)",
        (_, Some(head)) if head == pointer => " (head)",
        _ => "",
    };
    format!("{}{side}", pointer_label(pointer))
}

/// `contracts::v1::User::created_at, contracts/src/v1.rs:251`, with the commit for a location
/// in the base, and the note of an approximate one.
fn source_line(source: &crate::report::SourceLocation) -> String {
    match &source.note {
        Some(note) => format!("{}, {} ({note})", source.name(), source.place()),
        None => format!("{}, {}", source.name(), source.place()),
    }
}
