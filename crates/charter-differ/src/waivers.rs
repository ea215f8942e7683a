//! Waivers: acknowledging a change on purpose, with a reason.
//!
//! A waiver file is TOML with one `[[waiver]]` table per acknowledged change:
//!
//! ```toml
//! [[waiver]]
//! rule = "response-property-became-optional"            # the finding's rule id
//! pointer = "/components/schemas/User/properties/email" # the finding's pointer, exactly
//! operation = "GET /v1/users/{user_id}"                 # optional: only this operation
//! version = "v1"                                        # optional: only this version
//! reason = "No client reads `email`; agreed with the mobile team in #123."
//! ```
//!
//! **What identifies a change.** A finding is identified by its rule id and its own pointer,
//! [`Finding::pointer`]: where the change is (a removed part in the base document, an added or
//! changed part in the head document). A waiver matches the findings whose rule id and pointer
//! equal its `rule` and `pointer` exactly (no prefix, no parent, never the other document's
//! pointer of the finding), and, when it gives them, whose operation (`METHOD path`, as
//! reported) and version equal its `operation` and `version`. Without `operation` it covers
//! every operation reaching the change, as a change to a shared component is reached by many.
//! The reports print, under each blocking finding, the waiver that matches it, ready to paste
//! ([`Waiver::suggest`], [`Waiver::to_toml`]).
//!
//! Waived findings are still reported, marked waived, and do not block. A waiver that matches
//! no finding is *fulfilled* ([`Fulfilled`]): usually its change has reached the base branch,
//! so base and head no longer differ there. It is reported as a note in every format and never
//! fails the run, since failing would break every later, unrelated pull request until someone
//! deletes it. A malformed waiver (unknown key, unknown rule id, missing or empty reason) is a
//! [`WaiverError`] naming the file and line.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::context::Context;
use crate::error::WaiverError;
use crate::report::{Finding, Report};

/// The reason a suggested waiver carries, for the user to replace; a waiver file that still
/// holds it is refused.
pub const REASON_PLACEHOLDER: &str = "...";

/// What the reports say about a fulfilled waiver.
pub const FULFILLED_NOTE: &str =
    "matches no finding: if its change is already on the base branch, delete it";

/// One acknowledged change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiver {
    /// The rule id.
    pub rule: String,
    /// The finding's pointer ([`Finding::pointer`]), compared exactly.
    pub pointer: String,
    /// `METHOD path`, to waive the change in one operation only.
    pub operation: Option<String>,
    /// The version, to waive the change in one version only.
    pub version: Option<String>,
    /// Why breaking clients is acceptable here. Mandatory.
    pub reason: String,
    /// 1-based line of its `[[waiver]]` table in the file; 0 when it was not read from one.
    pub line: usize,
}

impl Waiver {
    /// The waiver matching `finding` exactly, with [`REASON_PLACEHOLDER`] as its reason:
    /// `operation` narrows it to the finding's operation (leave it out for a change several
    /// operations reach), `version` to the finding's version (leave it out when the report
    /// compares a single version, as file mode does: its name is only a file name).
    #[must_use]
    pub fn suggest(finding: &Finding, operation: bool, version: bool) -> Waiver {
        Waiver {
            rule: finding.rule.id.to_owned(),
            pointer: finding.pointer().to_owned(),
            operation: if operation { finding.operation() } else { None },
            version: version.then(|| finding.version.clone()),
            reason: REASON_PLACEHOLDER.to_owned(),
            line: 0,
        }
    }

    /// Whether it acknowledges `finding`: same rule id, same pointer, and the same operation
    /// and version when it names them.
    #[must_use]
    pub fn matches(&self, finding: &Finding) -> bool {
        finding.rule.id == self.rule
            && finding.pointer() == self.pointer
            && self.version.as_ref().is_none_or(|version| *version == finding.version)
            // The operation label is built only for findings that match otherwise.
            && self
                .operation
                .as_ref()
                .is_none_or(|operation| finding.operation().as_ref() == Some(operation))
    }

    /// The `[[waiver]]` table, one key a line, each value a TOML string.
    #[must_use]
    pub fn to_toml(&self) -> String {
        let mut out = String::from("[[waiver]]\n");
        let _ = writeln!(out, "rule = {}", toml_string(&self.rule));
        let _ = writeln!(out, "pointer = {}", toml_string(&self.pointer));
        if let Some(operation) = &self.operation {
            let _ = writeln!(out, "operation = {}", toml_string(operation));
        }
        if let Some(version) = &self.version {
            let _ = writeln!(out, "version = {}", toml_string(version));
        }
        let _ = writeln!(out, "reason = {}", toml_string(&self.reason));
        out
    }

    /// `rule = "…", pointer = "…"`, and the operation and version when given.
    #[must_use]
    pub fn describe(&self) -> String {
        let mut out =
            format!("rule = {}, pointer = {}", toml_string(&self.rule), toml_string(&self.pointer));
        if let Some(operation) = &self.operation {
            let _ = write!(out, ", operation = {}", toml_string(operation));
        }
        if let Some(version) = &self.version {
            let _ = write!(out, ", version = {}", toml_string(version));
        }
        out
    }
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A waiver that matched no finding of a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fulfilled {
    /// The waiver file, as it was given.
    pub file: PathBuf,
    /// The waiver.
    pub waiver: Waiver,
}

impl Fulfilled {
    /// `file:line`, or the file alone for a waiver not read from one.
    #[must_use]
    pub fn location(&self) -> String {
        match self.waiver.line {
            0 => self.file.display().to_string(),
            line => format!("{}:{line}", self.file.display()),
        }
    }

    /// One line: where the waiver is, what it names, and [`FULFILLED_NOTE`].
    #[must_use]
    pub fn note(&self) -> String {
        format!("{}: the waiver {} {FULFILLED_NOTE}", self.location(), self.waiver.describe())
    }
}

/// A `[[waiver]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    rule: String,
    pointer: String,
    #[serde(default)]
    operation: Option<String>,
    #[serde(default)]
    version: Option<String>,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    waiver: Vec<toml::Spanned<RawWaiver>>,
}

/// The waivers of one file.
#[derive(Clone, Debug, Default)]
pub struct Waivers {
    path: PathBuf,
    waivers: Vec<Waiver>,
}

impl Waivers {
    /// No waivers.
    #[must_use]
    pub fn none() -> Waivers {
        Waivers::default()
    }

    /// Reads a waiver file that must exist (one the user named).
    ///
    /// # Errors
    /// When the file cannot be read or a waiver is malformed.
    pub fn read(path: &Path, context: &Context<'_>) -> Result<Waivers, WaiverError> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| WaiverError::Io { path: path.to_owned(), error })?;
        Waivers::parse(path, &text, context)
    }

    /// Reads a waiver file at a conventional place: a missing file has no waivers.
    ///
    /// # Errors
    /// When the file exists but cannot be read, or a waiver is malformed.
    pub fn read_if_present(path: &Path, context: &Context<'_>) -> Result<Waivers, WaiverError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Waivers::parse(path, &text, context),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                Ok(Waivers { path: path.to_owned(), waivers: Vec::new() })
            }
            Err(error) => Err(WaiverError::Io { path: path.to_owned(), error }),
        }
    }

    /// Parses waivers from TOML text; `path` names the file in errors and notes, `context`
    /// says where the rule ids are listed.
    ///
    /// # Errors
    /// When the text is not TOML of the waiver format (an unknown key, a missing one), names
    /// an unknown rule, or has an empty reason or the placeholder of a suggested waiver.
    pub fn parse(path: &Path, text: &str, context: &Context<'_>) -> Result<Waivers, WaiverError> {
        let file: File = toml::from_str(text).map_err(|error| {
            let (line, column) = error.span().map_or((0, 0), |span| position(text, span.start));
            WaiverError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message: error.message().trim_end().replace('\n', "; "),
            }
        })?;
        let mut waivers = Vec::with_capacity(file.waiver.len());
        for spanned in file.waiver {
            let line = table_line(text, spanned.span().start);
            let raw = spanned.into_inner();
            let invalid = |problem: String| WaiverError::Invalid {
                path: path.to_owned(),
                line,
                rule: raw.rule.clone(),
                problem,
            };
            if crate::rules::find(&raw.rule).is_none() {
                let hint = match closest_rule(&raw.rule) {
                    Some(id) => format!("did you mean `{id}`? "),
                    None => String::new(),
                };
                return Err(invalid(format!(
                    "no rule has this id; {hint}every rule id is in {}",
                    context.catalogue
                )));
            }
            if raw.reason.trim().is_empty() {
                return Err(invalid(
                    "`reason` is empty: say why breaking clients is acceptable".to_owned(),
                ));
            }
            if raw.reason.trim() == REASON_PLACEHOLDER {
                return Err(invalid(format!(
                    "`reason` is still the placeholder {:?}: replace it with why breaking \
                     clients is acceptable",
                    REASON_PLACEHOLDER
                )));
            }
            waivers.push(Waiver {
                rule: raw.rule,
                pointer: raw.pointer,
                operation: raw.operation,
                version: raw.version,
                reason: raw.reason,
                line,
            });
        }
        Ok(Waivers { path: path.to_owned(), waivers })
    }

    /// The file the waivers were read from.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The waivers, in file order.
    #[must_use]
    pub fn list(&self) -> &[Waiver] {
        &self.waivers
    }

    /// Marks the findings each waiver acknowledges, and records in the report the waivers
    /// that match none.
    pub(crate) fn apply(&self, report: &mut Report) {
        for waiver in &self.waivers {
            let mut matched = false;
            for version in &mut report.versions {
                if waiver.version.as_ref().is_some_and(|name| *name != version.name) {
                    continue;
                }
                for finding in &mut version.findings {
                    if waiver.matches(finding) {
                        finding.waiver = Some(waiver.reason.clone());
                        matched = true;
                    }
                }
            }
            if !matched {
                report
                    .fulfilled
                    .push(Fulfilled { file: self.path.clone(), waiver: waiver.clone() });
            }
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
    (line, column)
}

/// The line of the `[[waiver]]` header of the table whose span starts at `offset`: the span
/// of an array-of-tables entry starts at its first key, so this walks back to the header.
fn table_line(text: &str, offset: usize) -> usize {
    let (line, _) = position(text, offset);
    let lines: Vec<&str> = text.lines().collect();
    (1..=line.min(lines.len()))
        .rev()
        .find(|&number| lines[number - 1].trim_start().starts_with("[["))
        .unwrap_or(line)
}

/// The rule id closest to `id` by edit distance, when it is close enough to be a typo.
fn closest_rule(id: &str) -> Option<&'static str> {
    crate::rules::all()
        .map(|rule| (edit_distance(id, rule.id), rule.id))
        .filter(|(distance, _)| *distance <= 3.max(id.len() / 5))
        .min()
        .map(|(_, id)| id)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}
