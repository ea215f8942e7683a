//! Short diff excerpts of the changed part, computed only for findings that are printed.

use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use crate::load::Document;
use crate::report::Finding;

/// The most lines an excerpt shows.
pub const MAX_LINES: usize = 12;

/// Serialized values longer than this are cut before diffing, so an excerpt stays cheap.
const MAX_CHARS: usize = 8_000;

/// A diff of the values at the finding's pointers, `-` for base and `+` for head, with one
/// line of context, at most [`MAX_LINES`] lines. `None` when there is nothing to show.
#[must_use]
pub fn excerpt(
    base: Option<&Document>,
    head: Option<&Document>,
    finding: &Finding,
) -> Option<String> {
    let value = |document: Option<&Document>, at: Option<&str>| -> String {
        let (Some(document), Some(at)) = (document, at) else { return String::new() };
        let Some(value) = document.root().pointer(at) else { return String::new() };
        render(value)
    };
    // The whole document is no excerpt.
    if finding.base_pointer.as_deref() == Some("") || finding.head_pointer.as_deref() == Some("") {
        return None;
    }
    // Compare like with like: a removed property's base pointer names the property and its
    // head pointer the schema that lost it, so cut the deeper pointer to the other's depth.
    let mut base_at = finding.base_pointer.clone();
    let mut head_at = finding.head_pointer.clone();
    if let (Some(base_at), Some(head_at)) = (&mut base_at, &mut head_at) {
        let depth = |at: &str| at.matches('/').count();
        let cut = |at: &mut String, to: usize| {
            while depth(at) > to {
                match at.rfind('/') {
                    Some(slash) => at.truncate(slash),
                    None => break,
                }
            }
        };
        let (base_depth, head_depth) = (depth(base_at), depth(head_at));
        cut(base_at, head_depth);
        cut(head_at, base_depth);
    }
    // When the values are the same (a property that became optional is unchanged, its
    // parent's `required` is not), widen to the parents.
    let mut old = value(base, base_at.as_deref());
    let mut new = value(head, head_at.as_deref());
    for _ in 0..3 {
        if old != new {
            break;
        }
        let parent = |at: &mut Option<String>| {
            if let Some(text) = at
                && let Some(cut) = text.rfind('/')
            {
                text.truncate(cut);
            }
        };
        parent(&mut base_at);
        parent(&mut head_at);
        old = value(base, base_at.as_deref());
        new = value(head, head_at.as_deref());
    }
    if old == new {
        return None;
    }
    // A whole removed or added object says no more than the message does.
    if (old.is_empty() || new.is_empty()) && old.lines().count() + new.lines().count() > MAX_LINES {
        return None;
    }
    let diff = TextDiff::from_lines(&old, &new);
    let mut lines = Vec::new();
    for (index, group) in diff.grouped_ops(1).into_iter().enumerate() {
        if index > 0 {
            lines.push("  ⋮".to_owned());
        }
        for op in group {
            for change in diff.iter_changes(&op) {
                let sign = match change.tag() {
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                    ChangeTag::Equal => ' ',
                };
                lines.push(format!("{sign} {}", change.value().trim_end_matches('\n')));
            }
        }
        if lines.len() > MAX_LINES {
            break;
        }
    }
    if lines.is_empty() {
        return None;
    }
    let hidden = lines.len().saturating_sub(MAX_LINES);
    lines.truncate(MAX_LINES);
    if hidden > 0 {
        lines.push(format!("  … {hidden} more lines"));
    }
    Some(lines.join("\n"))
}

fn render(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    if text.len() > MAX_CHARS {
        let mut cut = MAX_CHARS;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("\n…");
    }
    text.push('\n');
    text
}
