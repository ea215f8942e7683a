//! Text for a terminal: one verdict line per version first, then per version one entry per
//! distinct change, blocking changes first, then breaking ones, warnings, waived ones and
//! info. An entry gives the level, rule id and message, whom the change breaks when that is
//! not existing clients on the wire, how that was decided when not by the rule alone, where
//! the operations reach it and its pointer, the Rust item it comes from (when the front end
//! knows the source), the operations that reach it (the first named, the others counted: the
//! JSON and Markdown reports list them all), a short excerpt and, when it blocks, the waiver
//! that would acknowledge it, ready to paste. Info changes are summarized, one line per rule,
//! and the loader's notes one line per message, unless [`Options::verbose`]. Waivers that
//! match no finding are noted under the verdicts.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{
    Change, Options, basis_note, changes, excerpt, impact_note, info_summary, pointer_label,
};
use crate::report::{Report, VersionReport};
use crate::rules::Level;

const RED: &str = "\x1b[31;1m";
const YELLOW: &str = "\x1b[33m";
const GREEN: &str = "\x1b[32m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// How many excerpts one report prints at most.
const MAX_EXCERPTS: usize = 200;

/// How many lines of an excerpt the text shows at most, for a change that blocks.
const MAX_EXCERPT_LINES: usize = 8;

/// How many lines of an excerpt the text shows at most, for a change that does not block (a
/// warning, often only for the Rust client): enough to see the change.
const MAX_EXCERPT_LINES_NOT_BLOCKING: usize = 4;

/// Renders the report as text.
#[must_use]
pub fn text(report: &Report, options: Options<'_>) -> String {
    let mut out = String::new();
    for version in &report.versions {
        let verdict = version.verdict(options.fail_on);
        let code = if version.fails(options.fail_on) { RED } else { GREEN };
        let _ = writeln!(out, "{}", paint(options, code, &verdict));
    }
    for fulfilled in &report.fulfilled {
        let _ = writeln!(out, "{} {}", paint(options, YELLOW, "note:"), fulfilled.note());
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
            paint(
                options,
                BOLD,
                &format!("== {} ({}) ==", version.name, version.stability.as_str())
            )
        );
        // The loader's notes, each message once with the places it applies to counted,
        // unless verbose.
        let mut notes: Vec<(&str, &str, Vec<&str>)> = Vec::new();
        for (side, warning) in warnings {
            match notes.iter_mut().find(|(s, message, _)| {
                !options.verbose && *s == side.as_str() && *message == warning.message
            }) {
                Some((_, _, places)) => places.push(&warning.pointer),
                None => notes.push((side.as_str(), &warning.message, vec![&warning.pointer])),
            }
        }
        for (side, message, places) in notes {
            let more = match places.len() {
                1 => String::new(),
                count => format!(" (and {})", crate::report::plural(count - 1, "more place")),
            };
            let _ = writeln!(
                out,
                "{} {side} document, {}{more}: {message}",
                paint(options, YELLOW, "note:"),
                pointer_label(places[0]),
            );
        }
        let changes = changes(report, version, options.fail_on);
        for change in changes.iter().filter(|change| !options.summarizes(change)) {
            out.push('\n');
            entry(&mut out, version, change, options, &mut excerpts);
        }
        // Info changes, per rule, when they are summarized: how many, and the first.
        let summarized = info_summary(&changes, options);
        if !summarized.is_empty() {
            out.push('\n');
            let total: usize = summarized.values().map(|(count, _)| count).sum();
            for (id, (count, first)) in &summarized {
                let operation = first
                    .lead
                    .operation()
                    .filter(|operation| !first.lead.message.contains(operation.as_str()))
                    .map_or_else(String::new, |operation| format!(" (in {operation})"));
                let _ = writeln!(
                    out,
                    "{} {count} x {id}, e.g. {}{operation}",
                    paint(options, DIM, "info:"),
                    first.lead.message
                );
            }
            let _ = writeln!(
                out,
                "{}",
                paint(
                    options,
                    DIM,
                    &format!(
                        "({} summarized; --verbose shows each)",
                        crate::report::plural(total, "info change")
                    )
                )
            );
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

/// `text` in the colour `code`, when the options ask for colour.
fn paint(options: Options<'_>, code: &str, text: &str) -> String {
    if options.color { format!("{code}{text}{RESET}") } else { text.to_owned() }
}

/// One change's entry.
fn entry(
    out: &mut String,
    version: &VersionReport,
    change: &Change<'_>,
    options: Options<'_>,
    excerpts: &mut usize,
) {
    let finding = change.lead;
    let code = match (change.blocking, change.level) {
        (true, _) | (false, Some(Level::Breaking)) => RED,
        (false, Some(Level::Warning)) => YELLOW,
        (false, Some(Level::Info) | None) => DIM,
    };
    let _ = writeln!(
        out,
        "{} {}: {}",
        paint(options, code, &format!("[{}]", change.level_label())),
        finding.rule.id,
        finding.message
    );
    if let Some(impact) = impact_note(finding) {
        let _ = writeln!(out, "    {impact}");
    }
    if let Some(basis) = basis_note(finding) {
        let _ = writeln!(out, "    {basis}");
    }
    let operations = change.operations();
    let via = finding.via.as_deref().map_or_else(String::new, |via| format!(" ({via})"));
    match operations.as_slice() {
        [] => {}
        [only] => {
            let _ = writeln!(out, "    in {only}{via}");
        }
        [first, others @ ..] => {
            let _ = writeln!(
                out,
                "    in {first}{via} and {}",
                crate::report::plural(others.len(), "more operation")
            );
        }
    }
    if operations.is_empty()
        && let Some(via) = &finding.via
    {
        let _ = writeln!(out, "    in {via}");
    }
    let _ = writeln!(out, "    at {}", located(finding));
    if let Some(source) = &finding.source {
        let _ = writeln!(out, "    from {}", source_line(source));
    }
    let levels = spread(change);
    if !levels.is_empty() {
        let _ = writeln!(out, "    {levels}");
    }
    let waived: Vec<_> = change.findings.iter().filter_map(|f| f.waiver.as_deref()).collect();
    if let Some(reason) = waived.first() {
        if waived.len() == change.findings.len() {
            let _ = writeln!(out, "    waived: {reason}");
        } else {
            let _ = writeln!(
                out,
                "    waived for {} of {}: {reason}",
                waived.len(),
                change.findings.len()
            );
        }
    }
    if finding.rule.level != Level::Info
        && *excerpts < MAX_EXCERPTS
        && let Some(excerpt) = excerpt(version, finding)
    {
        *excerpts += 1;
        let lines: Vec<&str> = excerpt.lines().collect();
        let cap = if change.blocking { MAX_EXCERPT_LINES } else { MAX_EXCERPT_LINES_NOT_BLOCKING };
        for line in lines.iter().take(cap) {
            let code = if line.starts_with('-') {
                RED
            } else if line.starts_with('+') {
                GREEN
            } else {
                DIM
            };
            let _ = writeln!(out, "    {}", paint(options, code, &format!("| {line}")));
        }
        if lines.len() > cap {
            let _ = writeln!(
                out,
                "    {}",
                paint(options, DIM, &format!("| ({} more lines)", lines.len() - cap))
            );
        }
    }
    if let Some(waiver) = &change.waiver {
        let _ = writeln!(out, "    to waive it on purpose, add to {}:", options.context.waivers);
        for line in waiver.to_toml().lines() {
            let _ = writeln!(out, "      {line}");
        }
    }
}

/// When the operations that reach a change do not all give it the same level (some are not
/// stable, or some findings are waived): how many give each, e.g. `breaking in 3 operations,
/// warning in 2 (not stable)`; empty when they agree.
fn spread(change: &Change<'_>) -> String {
    let mut counts: BTreeMap<std::cmp::Reverse<Option<Level>>, usize> = BTreeMap::new();
    for finding in &change.findings {
        let level = finding.waiver.is_none().then(|| finding.effective_level());
        *counts.entry(std::cmp::Reverse(level)).or_default() += 1;
    }
    if counts.len() < 2 {
        return String::new();
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(std::cmp::Reverse(level), count)| {
            let label = level.map_or("waived", Level::as_str);
            format!("{label} in {}", crate::report::plural(*count, "operation"))
        })
        .collect();
    format!("by operation: {}", parts.join(", "))
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
