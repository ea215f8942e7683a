//! Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a verdict table, then one
//! table per version with a row per distinct change, blocking ones first, listing every
//! operation that reaches it (folded away when there are more than three), with excerpts and
//! the waivers of blocking changes, ready to paste, folded away.
//! Waivers that match no finding are listed under the verdicts. Rule ids link to the
//! catalogue ([`Context::catalogue`](crate::Context::catalogue)); a finding with a known
//! source links to its Rust item's line (`contracts/src/v1.rs#L251`, relative to the
//! repository root).

use std::fmt::Write as _;

use super::{Options, basis_note, changes, excerpt, impact_note};
use crate::rules::Level;

/// Renders the report as Markdown.
#[must_use]
pub fn markdown(report: &crate::report::Report, options: Options<'_>) -> String {
    let mut out = String::from("## Contract diff\n\n| version | verdict |\n| --- | --- |\n");
    for version in &report.versions {
        let verdict = version.verdict(options.fail_on);
        let icon = if version.fails(options.fail_on) { "❌" } else { "✅" };
        let _ = writeln!(out, "| `{}` | {icon} {} |", version.name, cell(&verdict));
    }
    if !report.fulfilled.is_empty() {
        out.push_str("\nNotes:\n\n");
        for fulfilled in &report.fulfilled {
            let _ = writeln!(
                out,
                "- `{}`: the waiver `{}` {}",
                fulfilled.location(),
                fulfilled.waiver.describe(),
                crate::waivers::FULFILLED_NOTE
            );
        }
    }
    for version in &report.versions {
        if version.findings.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n### `{}` ({})\n\n| level | rule | operations | message | where |\n| --- | --- | --- | --- | --- |",
            version.name,
            version.stability.as_str()
        );
        let mut details = String::new();
        let mut pastes = String::new();
        for change in changes(report, version, options.fail_on) {
            let finding = change.lead;
            let label = change.level_label();
            let label = if change.blocking { format!("**{label}**") } else { label };
            let mut place = match &finding.via {
                Some(via) => format!("{} at `{}`", cell(via), cell(finding.pointer())),
                None => format!("`{}`", cell(finding.pointer())),
            };
            if let Some(source) = &finding.source {
                place.push_str("<br>");
                place.push_str(&source_link(source));
            }
            let mut message = cell(&finding.message);
            for note in
                impact_note(finding).map(str::to_owned).into_iter().chain(basis_note(finding))
            {
                let _ = write!(message, "<br>_{}_", cell(&note));
            }
            let _ = writeln!(
                out,
                "| {label} | [`{id}`]({catalogue}#{id}) | {} | {message} | {place} |",
                operations_cell(&change.operations()),
                id = finding.rule.id,
                catalogue = options.context.catalogue,
            );
            if let Some(waiver) = &change.waiver {
                if !pastes.is_empty() {
                    pastes.push('\n');
                }
                pastes.push_str(&waiver.to_toml());
            }
            if finding.rule.level != Level::Info
                && let Some(excerpt) = excerpt(version, finding)
            {
                let _ = writeln!(
                    details,
                    "`{}` {} — {}\n\n```diff\n{excerpt}\n```\n",
                    finding.rule.id,
                    cell(&finding.operation().unwrap_or_else(|| "(whole version)".to_owned())),
                    cell(&finding.message)
                );
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
        if !pastes.is_empty() {
            let _ = write!(
                out,
                "\n<details><summary>Waivers, to acknowledge a blocking change on purpose</summary>\n\n\
                 Add to {}, with the reason:\n\n```toml\n{pastes}```\n\n</details>\n",
                options.context.waivers
            );
        }
    }
    out
}

/// The operations that reach a change: all of them, folded away behind the first when there
/// are more than a few; `(whole version)` for a change about no one operation.
fn operations_cell(operations: &[String]) -> String {
    const SHOWN: usize = 3;
    let code = |operation: &String| format!("`{}`", cell(operation));
    match operations {
        [] => "(whole version)".to_owned(),
        few if few.len() <= SHOWN => few.iter().map(code).collect::<Vec<_>>().join("<br>"),
        [first, others @ ..] => format!(
            "<details><summary>{} and {}</summary>{}</details>",
            code(first),
            crate::report::plural(others.len(), "more operation"),
            operations.iter().map(code).collect::<Vec<_>>().join("<br>")
        ),
    }
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The Rust item a finding comes from: a link to its line, relative to the repository root
/// (`contracts/src/v1.rs#L251`); for a location in the base commit, which the link would not
/// reach, its file, line and commit as text.
fn source_link(source: &crate::report::SourceLocation) -> String {
    let name = cell(&source.name());
    let mut text = match &source.commit {
        None => format!("[`{name}`]({}#L{})", link_target(&source.file), source.line),
        Some(_) => format!("`{name}` (`{}`)", cell(&source.place())),
    };
    if let Some(note) = &source.note {
        let _ = write!(text, " ({})", cell(note));
    }
    text
}

/// A relative path as a Markdown link target: spaces and parentheses escaped.
fn link_target(path: &str) -> String {
    path.replace('%', "%25").replace(' ', "%20").replace('(', "%28").replace(')', "%29")
}
