//! Client crate versions and changelogs, derived from what changed since the diff's base.
//!
//! A client crate's version is the one committed at the base of `cargo xtask diff-contract`
//! (the merge-base of `HEAD` and `origin/main`, else `HEAD`), moved by the [`Change`] its
//! document and code went through since, under Cargo's semver rules ([`bump`]): before 1.0 a
//! break bumps the minor and anything else the patch; from 1.0 a break bumps the major, an
//! addition the minor and anything else the patch. Nothing changed: the same version. So
//! regenerating twice, or on `main` after the merge (the base is then the commit that already
//! has the new version and the same document), gives the same version, and `--check` agrees.
//! A crate the base does not have (or outside a git repository) starts at its version's
//! [`client_version`](charter_contract::Version::client_version), which is also a floor: a
//! committed version below it moves up to it.
//!
//! What counts as what, for the generated Rust crate ([`classify`]):
//! - **breaking**: any finding of level `breaking` or `warning` whose impact is the wire (some
//!   client notices, whether or not the generated code did), and, when the generated code
//!   changed, any finding of a rule in [`RUST_BREAKING`] (level `info` on the wire, but the
//!   generated types change shape: a field added to a public struct, a field's type, an enum
//!   variant; code that builds or matches them stops compiling), any finding whose impact is
//!   the Rust client, and any the differ found harmless on the wire only by the values the
//!   schemas accept (the types may still have followed the new spelling);
//! - **additive**: any other finding (a new operation, an optional parameter: new methods);
//! - **patch**: no finding, but the document or the generated code changed (descriptions, a
//!   newer generator); also additive findings whose generated code is byte-identical, since the
//!   crate's API cannot have grown;
//! - **none**: document and code identical to the base's.
//!
//! `generated/clients/<crate>/CHANGELOG.md` keeps the base's entries and gains one for each new
//! version, written for the crate's users from the findings: what changed and what to do.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use anyhow::{Context as _, bail};
use charter_differ::{Document, Finding, Impact, Level, Stability, VersionReport};

/// Rules of level `info` whose change alters the shape of the generated Rust types, so that
/// code using the crate can stop compiling, when it changes the generated code at all (progenitor
/// writes the same code for some, e.g. `nullable` added): checked against cargo-semver-checks by
/// `cargo xtask semver-audit`.
pub const RUST_BREAKING: &[&str] = &[
    "new-optional-request-property",
    "request-property-became-optional",
    "request-property-became-nullable",
    "request-property-type-generalized",
    "request-property-enum-value-added",
    "request-property-one-of-added",
    "request-property-any-of-added",
    "request-property-all-of-removed",
    "request-property-discriminator-added",
    "request-property-discriminator-removed",
    "request-property-discriminator-mapping-added",
    "response-property-type-specialized",
    "response-property-enum-value-removed",
    "response-property-became-not-nullable",
    "response-property-became-required",
    "response-required-property-added",
    "response-optional-property-added",
    "response-property-one-of-removed",
    "response-property-any-of-removed",
    "response-property-discriminator-added",
    "response-property-discriminator-removed",
    "response-property-discriminator-mapping-deleted",
    "response-property-open-enum-value-added",
];

/// Whether a finding changes what existing clients send or receive in a way they notice: its
/// rule's level is `warning` or `breaking` and the differ did not find the wire unaffected.
fn breaks_the_wire(finding: &Finding) -> bool {
    finding.impact == Impact::Wire && finding.rule.level >= Level::Warning
}

/// Whether a finding can break code using the generated crate when the code changed: a rule of
/// [`RUST_BREAKING`], a change the differ found breaks only the Rust client, or a wire finding
/// it found harmless on the wire (the schema was spelled differently, and the generated types
/// may have followed).
fn breaks_rust_code(finding: &Finding) -> bool {
    RUST_BREAKING.contains(&finding.rule.id)
        || finding.impact == Impact::RustClient
        || (finding.impact == Impact::None && finding.rule.level >= Level::Warning)
}

/// What a client crate went through since the base, for its version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// Document and code are the base's.
    None,
    /// Nothing a user of the crate can notice: descriptions, a newer generator.
    Patch,
    /// Something new that existing code keeps working with.
    Additive,
    /// Existing code may stop compiling or fail at run time.
    Breaking,
}

impl Change {
    /// `none`, `patch`, `additive` or `breaking`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Change::None => "none",
            Change::Patch => "patch",
            Change::Additive => "additive",
            Change::Breaking => "breaking",
        }
    }
}

/// The change `findings` (between the base's document and the new one) make to the generated
/// crate, given whether its code or its document changed at all (see the module's rules).
#[must_use]
pub fn classify(findings: &[Finding], code_changed: bool, document_changed: bool) -> Change {
    let of_finding = |finding: &Finding| {
        if breaks_the_wire(finding) || (code_changed && breaks_rust_code(finding)) {
            Change::Breaking
        } else if code_changed {
            Change::Additive
        } else {
            Change::Patch
        }
    };
    let floor = if code_changed || document_changed { Change::Patch } else { Change::None };
    findings.iter().map(of_finding).fold(floor, Ord::max)
}

/// A version `major.minor.patch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SemVer(pub u64, pub u64, pub u64);

impl SemVer {
    /// Reads `major.minor.patch` (no pre-release or build part).
    ///
    /// # Errors
    /// When `text` is anything else; the message says what is expected.
    pub fn parse(text: &str) -> anyhow::Result<SemVer> {
        let parts: Vec<&str> = text.split('.').collect();
        let number = |part: &str| {
            (!part.is_empty()
                && part.bytes().all(|byte| byte.is_ascii_digit())
                && (part == "0" || !part.starts_with('0')))
            .then(|| part.parse::<u64>().ok())
            .flatten()
        };
        match parts.as_slice() {
            [major, minor, patch] => match (number(major), number(minor), number(patch)) {
                (Some(major), Some(minor), Some(patch)) => Ok(SemVer(major, minor, patch)),
                _ => bail!("`{text}` is not a version `major.minor.patch` of plain numbers"),
            },
            _ => bail!("`{text}` is not a version `major.minor.patch` of plain numbers"),
        }
    }
}

impl std::fmt::Display for SemVer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// `version` moved by `change` under Cargo's semver rules: before 1.0 a break bumps the minor
/// and anything else the patch; from 1.0 major, minor, patch.
#[must_use]
pub fn bump(version: SemVer, change: Change) -> SemVer {
    let SemVer(major, minor, patch) = version;
    match (change, major) {
        (Change::None, _) => version,
        (Change::Breaking, 0) => SemVer(0, minor + 1, 0),
        (Change::Additive | Change::Patch, 0) | (Change::Patch, _) => {
            SemVer(major, minor, patch + 1)
        }
        (Change::Breaking, _) => SemVer(major + 1, 0, 0),
        (Change::Additive, _) => SemVer(major, minor + 1, 0),
    }
}

/// One client crate's version, derived.
#[derive(Debug)]
pub struct Release {
    /// The crate, e.g. `notes-client-v2`.
    pub crate_name: String,
    /// Its version at the base; `None` when the base has no such crate.
    pub previous: Option<SemVer>,
    /// Its version now.
    pub version: SemVer,
    /// What changed since the base.
    pub change: Change,
    /// `CHANGELOG.md`, complete.
    pub changelog: String,
}

impl Release {
    /// `notes-client-v2 0.3.0 -> 0.4.0 (breaking)`, `notes-client-v1 1.2.0 (unchanged)`,
    /// `notes-client-v3 0.1.0 (new)`.
    #[must_use]
    pub fn summary(&self) -> String {
        match self.previous {
            None => format!("{} {} (new)", self.crate_name, self.version),
            Some(previous) if previous == self.version => {
                format!("{} {} (unchanged)", self.crate_name, self.version)
            }
            Some(previous) => format!(
                "{} {previous} -> {} ({})",
                self.crate_name,
                self.version,
                if bump(previous, self.change) == self.version {
                    self.change.as_str()
                } else {
                    "the contract's client_version"
                }
            ),
        }
    }
}

/// The inputs of one crate's [`release`]: what is generated now.
pub(crate) struct Generated<'a> {
    /// The crate's name.
    pub(crate) crate_name: &'a str,
    /// Its directory, relative to the workspace root.
    pub(crate) dir: &'a str,
    /// The version's name, e.g. `v2`.
    pub(crate) version_name: &'a str,
    /// The lowest version the contract allows ([`charter_contract::Version::client_version`]).
    pub(crate) floor: &'a str,
    /// The document's path, relative to the workspace root.
    pub(crate) document_path: &'a str,
    /// The document, as generated now.
    pub(crate) document: &'a str,
    /// Every file of the crate whose change the users of the crate may see (code, README),
    /// as (path relative to the workspace root, contents).
    pub(crate) files: &'a [(String, String)],
}

/// The commit whose committed files are the base: the merge-base of `HEAD` and `origin/main`
/// when `origin/main` exists, else `HEAD`; `None` outside a git repository, before the first
/// commit, or when the two have no common ancestor in a shallow clone (then `HEAD`).
#[must_use]
pub fn base_commit(root: &Path) -> Option<String> {
    let head = git(root, &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])?;
    if git(root, &["rev-parse", "--verify", "--quiet", "origin/main^{commit}"]).is_some()
        && let Some(base) = git(root, &["merge-base", "HEAD", "origin/main"])
    {
        return Some(base.trim().to_owned());
    }
    Some(head.trim().to_owned())
}

/// The commit `reference` names in the repository of `root`, if any.
#[must_use]
pub fn resolve(root: &Path, reference: &str) -> Option<String> {
    git(root, &["rev-parse", "--verify", "--quiet", &format!("{reference}^{{commit}}")])
        .map(|commit| commit.trim().to_owned())
}

/// The release of one crate against `base` (a commit, see [`base_commit`]).
pub(crate) fn release(
    root: &Path,
    base: Option<&str>,
    generated: &Generated<'_>,
) -> anyhow::Result<Release> {
    let floor = SemVer::parse(generated.floor).with_context(|| {
        format!(
            "the client version of {} is not a version\n  help: give `Version::client_version` \
             a version like \"1.0.0\"",
            generated.version_name
        )
    })?;
    let show = |path: &str| base.and_then(|commit| git_show(root, commit, path));
    let manifest_path = format!("{}/Cargo.toml", generated.dir);
    let changelog_path = format!("{}/CHANGELOG.md", generated.dir);
    let previous = match show(&manifest_path) {
        Some(text) => Some(manifest_version(&text).with_context(|| {
            format!(
                "{manifest_path} at the base commit {} has no readable `package.version`\n  \
                 help: restore it from `cargo xtask openapi` output in that commit",
                base.unwrap_or_default()
            )
        })?),
        None => None,
    };
    let base_changelog = show(&changelog_path);
    let Some(previous) = previous else {
        let entry = entry(floor, None, Change::None, &[], false, generated.version_name);
        return Ok(Release {
            crate_name: generated.crate_name.to_owned(),
            previous: None,
            version: floor,
            change: Change::None,
            changelog: changelog(generated.crate_name, base_changelog.as_deref(), Some(&entry)),
        });
    };
    let base_document = show(generated.document_path);
    let findings = match &base_document {
        Some(text) => findings(generated, base.unwrap_or_default(), text)?,
        None => Vec::new(),
    };
    let code_changed =
        generated.files.iter().any(|(path, text)| show(path).as_deref() != Some(text.as_str()));
    let document_changed = base_document.as_deref() != Some(generated.document);
    let change = classify(&findings, code_changed, document_changed);
    let version = bump(previous, change).max(floor);
    let new_entry = if version != previous {
        Some(entry(
            version,
            Some(previous),
            change,
            &findings,
            code_changed,
            generated.version_name,
        ))
    } else if base_changelog.is_none() {
        Some(format!("## {version}\n\nThe version this changelog starts at.\n"))
    } else {
        None
    };
    Ok(Release {
        crate_name: generated.crate_name.to_owned(),
        previous: Some(previous),
        version,
        change,
        changelog: changelog(generated.crate_name, base_changelog.as_deref(), new_entry.as_deref()),
    })
}

/// The differ's findings from the base's document to the new one.
fn findings(
    generated: &Generated<'_>,
    base: &str,
    base_text: &str,
) -> anyhow::Result<Vec<Finding>> {
    let path = generated.document_path;
    let base_document = Document::parse(&format!("{base}:{path}"), base_text.as_bytes())?;
    let head = Document::parse(&format!("{path} (generated now)"), generated.document.as_bytes())
        .with_context(|| {
        format!("the generated document of {} does not load", generated.version_name)
    })?;
    let report = VersionReport::compare(
        generated.version_name,
        Stability::Stable,
        Some(Arc::new(base_document)),
        Some(Arc::new(head)),
    );
    Ok(report.findings)
}

/// `package.version` of a manifest.
fn manifest_version(text: &str) -> anyhow::Result<SemVer> {
    let manifest: toml::Table = toml::from_str(text)?;
    let version = manifest
        .get("package")
        .and_then(|package| package.get("version"))
        .and_then(toml::Value::as_str)
        .context("no package.version")?;
    SemVer::parse(version)
}

/// The first lines of every changelog, down to the first entry.
fn changelog_header(crate_name: &str) -> String {
    format!(
        "<!-- @generated by `cargo xtask openapi`: one entry per version of the crate, from the \
         changes of its OpenAPI document. Do not edit. -->\n# Changelog of {crate_name}\n\n\
         Versions follow Cargo's semver rules for the generated Rust code: before 1.0.0 a \
         breaking change bumps the minor version, anything else the patch; from 1.0.0 a breaking \
         change bumps the major version, an addition the minor, anything else the patch.\n"
    )
}

/// The changelog: its header, `entry` when there is a new one, then the base's entries.
fn changelog(crate_name: &str, base: Option<&str>, entry: Option<&str>) -> String {
    let mut text = changelog_header(crate_name);
    if let Some(entry) = entry {
        text.push('\n');
        text.push_str(entry);
    }
    if let Some(base) = base {
        // The base's entries start at its first `## ` line; its header is replaced.
        let entries = base.find("\n## ").map_or("", |start| &base[start + 1..]);
        if !entries.is_empty() {
            text.push('\n');
            text.push_str(entries);
        }
    }
    text
}

/// The changelog entry of `version`.
fn entry(
    version: SemVer,
    previous: Option<SemVer>,
    change: Change,
    findings: &[Finding],
    code_changed: bool,
    version_name: &str,
) -> String {
    let Some(previous) = previous else {
        return format!("## {version}\n\nThe first version of the client of {version_name}.\n");
    };
    let mut text = format!("## {version}\n\n");
    if bump(previous, change) < version {
        let _ = writeln!(
            text,
            "The contract states that the client of {version_name} starts at {version} \
             (`Version::client_version`); later versions follow its changes from here.\n"
        );
    }
    if change == Change::None {
        return text.trim_end().to_owned() + "\n";
    }
    let _ = writeln!(
        text,
        "{} since {previous}: {}\n",
        match change {
            Change::Breaking => "Breaking changes",
            Change::Additive => "Additions",
            Change::Patch | Change::None => "No change to the crate's API",
        },
        match change {
            Change::Breaking => {
                "code that uses what is listed below may stop compiling or fail at run time. \
                 Update it where the compiler points, and read each change before upgrading."
            }
            Change::Additive => "existing code keeps working; what is listed below is new.",
            Change::Patch | Change::None if findings.is_empty() => {
                "documentation or the generator changed; nothing to do."
            }
            Change::Patch | Change::None => {
                "the API changed as listed below without changing the generated code; nothing \
                 to do."
            }
        }
    );
    let mut lines: Vec<String> = findings
        .iter()
        .map(|finding| {
            let wire = breaks_the_wire(finding);
            let kind = if wire || (code_changed && breaks_rust_code(finding)) {
                "breaking"
            } else {
                "compatible"
            };
            let place = match (&finding.method, &finding.path) {
                (Some(method), Some(path)) => format!("`{method} {path}`: "),
                _ => String::new(),
            };
            let via = finding.via.as_ref().map(|via| format!(", in the {via}")).unwrap_or_default();
            let why = if wire {
                format!("\n  {}", finding.rule.why)
            } else if kind == "breaking" {
                "\n  The generated type changes shape: code that builds, matches or reads it \
                 field by field may need updating."
                    .to_owned()
            } else {
                String::new()
            };
            format!("- **{kind}** {place}{}{via} (`{}`){why}", finding.message, finding.rule.id)
        })
        .collect();
    // Findings come in document order; breaking ones first, each once.
    lines.sort_by_key(|line| !line.starts_with("- **breaking**"));
    lines.dedup();
    for line in lines {
        let _ = writeln!(text, "{line}");
    }
    if !findings.is_empty() {
        text.push('\n');
    }
    text.truncate(text.trim_end().len());
    text.push('\n');
    text
}

/// The file at `path` (relative to the workspace root) in `commit`; `None` when it has none.
fn git_show(root: &Path, commit: &str, path: &str) -> Option<String> {
    // `./`: relative to the workspace root, which need not be the repository's.
    git(root, &["show", &format!("{commit}:./{path}")])
}

/// git's standard output in `root`; `None` when it fails or cannot run.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git").arg("-C").arg(root).args(args).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests;
