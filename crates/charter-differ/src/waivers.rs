//! Waivers: acknowledging a finding on purpose, with a reason.
//!
//! A waiver file is TOML with one `[[waiver]]` table per acknowledged finding:
//!
//! ```toml
//! [[waiver]]
//! rule = "response-property-became-optional"           # the rule id
//! pointer = "/components/schemas/User/properties/email" # the finding's base or head pointer
//! operation = "GET /v1/users/{user_id}"                 # optional: only this operation
//! version = "v1"                                        # optional: only this version
//! reason = "No client reads `email`; agreed with the mobile team in #123."
//! ```
//!
//! A waiver matches the findings of its rule at its pointer (in every operation reaching it,
//! unless `operation` narrows it). Waived findings are still reported, marked waived, and do
//! not block. A waiver that matches nothing is an error, so stale waivers cannot pile up.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::WaiverError;
use crate::report::Report;

/// One acknowledged finding.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The rule id.
    pub rule: String,
    /// The finding's base or head JSON pointer.
    pub pointer: String,
    /// `METHOD path`, to waive the finding in one operation only.
    #[serde(default)]
    pub operation: Option<String>,
    /// The version, to waive the finding in one version only.
    #[serde(default)]
    pub version: Option<String>,
    /// Why breaking clients is acceptable here. Mandatory.
    pub reason: String,
}

impl Waiver {
    fn describe(&self) -> String {
        let mut out = format!("rule = {:?}, pointer = {:?}", self.rule, self.pointer);
        if let Some(operation) = &self.operation {
            out.push_str(&format!(", operation = {operation:?}"));
        }
        if let Some(version) = &self.version {
            out.push_str(&format!(", version = {version:?}"));
        }
        out
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    waiver: Vec<Waiver>,
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

    /// Reads a waiver file; a missing file has no waivers.
    ///
    /// # Errors
    /// When the file cannot be read or a waiver is malformed.
    pub fn read(path: &Path) -> Result<Waivers, WaiverError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Waivers { path: path.to_owned(), waivers: Vec::new() });
            }
            Err(error) => return Err(WaiverError::Io { path: path.to_owned(), error }),
        };
        Waivers::parse(path, &text)
    }

    /// Parses waivers from TOML text; `path` appears in errors.
    ///
    /// # Errors
    /// When the text is not TOML of the waiver format, names an unknown rule or has an empty
    /// reason.
    pub fn parse(path: &Path, text: &str) -> Result<Waivers, WaiverError> {
        let file: File = toml::from_str(text).map_err(|error| WaiverError::Syntax {
            path: path.to_owned(),
            message: error.to_string().trim_end().to_owned(),
        })?;
        for (index, waiver) in file.waiver.iter().enumerate() {
            let invalid = |problem: &str| WaiverError::Invalid {
                path: path.to_owned(),
                index: index + 1,
                rule: waiver.rule.clone(),
                problem: problem.to_owned(),
            };
            if crate::rules::find(&waiver.rule).is_none() {
                return Err(invalid("no rule has this id (see generated/RULES.md)"));
            }
            if waiver.reason.trim().is_empty() {
                return Err(invalid("`reason` is empty: say why breaking clients is acceptable"));
            }
        }
        Ok(Waivers { path: path.to_owned(), waivers: file.waiver })
    }

    /// The waivers, in file order.
    #[must_use]
    pub fn list(&self) -> &[Waiver] {
        &self.waivers
    }

    /// Marks the findings each waiver acknowledges.
    ///
    /// # Errors
    /// [`WaiverError::Stale`] listing every waiver that matches no finding.
    pub(crate) fn apply(&self, report: &mut Report) -> Result<(), WaiverError> {
        let mut stale = Vec::new();
        for waiver in &self.waivers {
            let mut matched = false;
            for version in &mut report.versions {
                if waiver.version.as_ref().is_some_and(|name| *name != version.name) {
                    continue;
                }
                for finding in &mut version.findings {
                    let at_pointer = finding.base_pointer.as_deref() == Some(&waiver.pointer)
                        || finding.head_pointer.as_deref() == Some(&waiver.pointer);
                    // The operation label is built only for findings that match otherwise.
                    if finding.rule.id == waiver.rule
                        && at_pointer
                        && waiver
                            .operation
                            .as_ref()
                            .is_none_or(|operation| finding.operation().as_ref() == Some(operation))
                    {
                        finding.waiver = Some(waiver.reason.clone());
                        matched = true;
                    }
                }
            }
            if !matched {
                stale.push(format!("  {}", waiver.describe()));
            }
        }
        if stale.is_empty() {
            Ok(())
        } else {
            Err(WaiverError::Stale { path: self.path.clone(), stale })
        }
    }
}
