//! `cargo xtask openapi`: everything under `generated/` from the contract.
//!
//! - one OpenAPI document per version, `generated/openapi/<version>.json` (charter-openapi);
//! - one typed client crate per version, `generated/clients/<api>-client-<version>/`
//!   (charter-clients), its version and `CHANGELOG.md` derived from the changes since the
//!   diff's base ([`crate::versions`]), and their index, `generated/clients/README.md`;
//! - any file the workspace adds with [`Project::generated_file`](crate::Project::generated_file).
//!
//! Everything is generated in memory first, so a bad contract writes nothing. `--check` writes
//! nothing either: it prints a unified diff of what is stale and exits 1.
//!
//! The index is always there so that a workspace can list its clients as
//! `members = ["generated/clients/*"]`: cargo refuses a member glob that matches nothing (a new
//! workspace before its first `cargo xtask openapi`) but skips plain files a glob matches. After
//! generating, the task notes each client crate the workspace's `members` do not list, and each
//! listed one that is no longer generated (cargo cannot load the workspace until it is removed).

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use charter_clients::CLIENTS_DIR;
use charter_contract::Api;

use crate::generated::FileSet;
use crate::versions::{self, Release};
use crate::workspace;

/// The command that regenerates what this task owns, for messages.
pub(crate) const FIX: &str = "cargo xtask openapi";

/// The index of the client crates, relative to the workspace root.
pub const CLIENTS_INDEX: &str = "generated/clients/README.md";

/// Where the documents are, relative to the workspace root.
pub use charter_roundtrip::document::DOCUMENTS_DIR;

/// Flags of `cargo xtask openapi`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Write nothing; print a diff of what would change and exit 1 when anything is stale.
    #[arg(long)]
    check: bool,
}

/// A file the workspace generates besides documents and clients, e.g. a catalogue.
pub(crate) struct ExtraFile {
    /// Where it goes, relative to the workspace root.
    pub(crate) path: PathBuf,
    /// Produces its contents.
    pub(crate) contents: Box<dyn Fn() -> String>,
}

/// Why the generated files cannot be produced.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The contract is inconsistent or not expressible in OpenAPI 3.0.
    #[error(transparent)]
    Contract(#[from] charter_openapi::ContractError),
    /// A document cannot become a client crate.
    #[error(transparent)]
    Client(#[from] charter_clients::ClientError),
    /// A file added with [`Project::generated_file`](crate::Project::generated_file) has a path
    /// that does not stay inside the workspace.
    #[error(
        "generated file `{}`: the path must be relative to the workspace root, without `..`\n  \
         help: fix the path given to `Project::generated_file` in xtask/src/main.rs",
        .0.display()
    )]
    Path(PathBuf),
    /// A client crate's version cannot be derived from the base.
    #[error("{0:#}")]
    Release(anyhow::Error),
}

/// `generated/openapi/<version>.json`.
#[must_use]
pub fn document_path(version: &str) -> String {
    format!("{DOCUMENTS_DIR}/{version}.json")
}

/// Generates what `api` and `extra` produce into (or checks it against) the workspace at
/// `root`, reporting to `out`.
pub(crate) fn run(
    api: &Api,
    extra: &[ExtraFile],
    root: &Path,
    args: &Args,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let (files, releases) = generate(api, extra, root)?;
    let notes = membership_notes(root, &files);
    let code = if args.check {
        let staleness = files.check(root).context("cannot read generated/")?;
        if staleness.is_fresh() {
            writeln!(out, "generated/ is up to date")?;
            ExitCode::SUCCESS
        } else {
            write!(out, "{}", staleness.report())?;
            eprintln!(
                "\ngenerated/ is stale: {} file(s) differ from the contract.\n  help: run `{FIX}` \
                 and commit the result",
                staleness.changed.len() + staleness.extra.len()
            );
            ExitCode::from(1)
        }
    } else {
        let touched = files.write(root).context("cannot write generated/")?;
        if touched.is_empty() {
            writeln!(out, "generated/ is up to date")?;
        }
        for path in touched {
            writeln!(out, "updated {}", path.display())?;
        }
        ExitCode::SUCCESS
    };
    for release in
        releases.iter().filter(|release| release.previous.is_some_and(|v| v != release.version))
    {
        writeln!(out, "client {}", release.summary())?;
    }
    for note in notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(code)
}

/// Everything the task generates for `api`, with `extra`, in memory, for the workspace at
/// `root` (whose git base gives the client crates' versions), and each client crate's release.
pub(crate) fn generate(
    api: &Api,
    extra: &[ExtraFile],
    root: &Path,
) -> Result<(FileSet, Vec<Release>), GenerateError> {
    generate_at(api, extra, root, versions::base_commit(root).as_deref())
}

/// [`generate`] against the commit `base`.
fn generate_at(
    api: &Api,
    extra: &[ExtraFile],
    root: &Path,
    base: Option<&str>,
) -> Result<(FileSet, Vec<Release>), GenerateError> {
    let mut files = FileSet::default();
    files.own_dir(DOCUMENTS_DIR);
    files.own_dir(CLIENTS_DIR);
    let mut clients = Vec::new();
    let mut releases = Vec::new();
    for (version, document) in api.versions.iter().zip(charter_openapi::emit(api)?) {
        let mut crate_files = charter_clients::generate(api, version, &document)?;
        let crate_name = charter_clients::crate_name(api, version);
        let dir = format!("{CLIENTS_DIR}/{crate_name}");
        let document_path = document_path(document.version);
        let manifest_path = format!("{dir}/Cargo.toml");
        let visible: Vec<(String, String)> =
            crate_files.iter().filter(|(path, _)| *path != manifest_path).cloned().collect();
        let release = versions::release(
            root,
            base,
            &versions::Generated {
                crate_name: &crate_name,
                dir: &dir,
                version_name: version.name,
                floor: version.client_version,
                document_path: &document_path,
                document: &document.json,
                files: &visible,
            },
        )
        .map_err(GenerateError::Release)?;
        let lib_path = format!("{dir}/src/lib.rs");
        let lib = visible.iter().find(|(path, _)| *path == lib_path).map_or("", |(_, text)| text);
        let manifest = charter_clients::manifest(api, version, &release.version.to_string(), lib);
        crate_files.retain(|(path, _)| *path != manifest_path);
        crate_files.insert(0, manifest);
        crate_files.push((format!("{dir}/CHANGELOG.md"), release.changelog.clone()));
        releases.push(release);
        clients.push((crate_name, version));
        for (path, contents) in crate_files {
            files.add(path, contents);
        }
        files.add(document_path, document.json);
    }
    files.add(CLIENTS_INDEX, clients_index(api, &clients, &releases));
    for file in extra {
        let stays_inside = file.path.components().all(|part| matches!(part, Component::Normal(_)));
        if !stays_inside || file.path.as_os_str().is_empty() {
            return Err(GenerateError::Path(file.path.clone()));
        }
        files.add(&file.path, (file.contents)());
    }
    Ok((files, releases))
}

/// Each client crate's release (its version at the base and now, [`Release::summary`]:
/// "notes-client-v2 0.3.0 -> 0.4.0 (breaking)"), in `api`'s version order, for reports such as
/// `cargo xtask diff-contract`'s. `base` is a git ref of the workspace at `root`; `None` is
/// the base `cargo xtask openapi` uses ([`versions::base_commit`]), which gives the versions
/// it writes.
///
/// # Errors
/// As `cargo xtask openapi`: a bad contract, a document progenitor refuses, an unreadable
/// committed manifest; and a `base` that names no commit.
pub fn client_releases(
    api: &Api,
    root: &Path,
    base: Option<&str>,
) -> Result<Vec<Release>, GenerateError> {
    let base = match base {
        None => versions::base_commit(root),
        Some(reference) => Some(versions::resolve(root, reference).ok_or_else(|| {
            GenerateError::Release(anyhow::anyhow!(
                "the base ref `{reference}` is not a commit of this repository"
            ))
        })?),
    };
    Ok(generate_at(api, &[], root, base.as_deref())?.1)
}

/// The crate directory name of a path under [`CLIENTS_DIR`], e.g. `notes-client-v1` for
/// `generated/clients/notes-client-v1/Cargo.toml`.
fn client_crate_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix(CLIENTS_DIR)?.strip_prefix('/')?;
    let (name, _) = rest.split_once('/')?;
    Some(name.to_owned())
}

/// `generated/clients/README.md`: one row per client crate.
fn clients_index(
    api: &Api,
    clients: &[(String, &charter_contract::Version)],
    releases: &[Release],
) -> String {
    let mut text = format!(
        "<!-- @generated by `{FIX}`. Do not edit: change the contract and run `{FIX}`. -->\n\
         # Client crates of the {}\n\n\
         One typed Rust client crate per version, generated from that version's OpenAPI \
         document.\n\n\
         | crate | crate version | API version | stability | document | changes |\n\
         | --- | --- | --- | --- | --- | --- |\n",
        api.title
    );
    for ((name, version), release) in clients.iter().zip(releases) {
        let _ = writeln!(
            text,
            "| [`{name}`]({name}/) | {} | {} | {} | [`{}`](../openapi/{}.json) | \
             [CHANGELOG]({name}/CHANGELOG.md) |",
            release.version,
            version.name,
            version.stability.as_str(),
            document_path(version.name),
            version.name,
        );
    }
    text.push_str(
        "\nThis file is always here so that the workspace can list its clients as\n\
         `members = [\"generated/clients/*\"]`: cargo refuses a member glob that matches nothing,\n\
         and skips plain files that one matches.\n",
    );
    text
}

/// What to tell about the workspace's `members` and the client crates in `files`: crates it
/// does not list, and listed crates no longer generated. Nothing when `root` has no workspace
/// manifest.
fn membership_notes(root: &Path, files: &FileSet) -> Vec<String> {
    let Ok(Some(members)) = workspace::members(root) else {
        return Vec::new();
    };
    let members: Vec<&str> = members
        .iter()
        .map(|member| member.trim_start_matches("./").trim_end_matches('/'))
        .collect();
    let mut crates: Vec<String> = files
        .files()
        .filter_map(|(path, _)| client_crate_of(&path.to_string_lossy()))
        .map(|name| format!("{CLIENTS_DIR}/{name}"))
        .collect();
    crates.dedup();
    let mut notes = Vec::new();
    for dir in &crates {
        if !members.iter().any(|member| matches_member(member, dir)) {
            notes.push(format!(
                "{dir} is not a workspace member, so nothing builds or tests it: add it to \
                 `members` in Cargo.toml, or list \"{CLIENTS_DIR}/*\" there"
            ));
        }
    }
    let client_prefix = format!("{CLIENTS_DIR}/");
    for member in &members {
        if member.starts_with(&client_prefix)
            && !is_pattern(member)
            && !crates.iter().any(|dir| dir == member)
        {
            notes.push(format!(
                "Cargo.toml lists {member} as a workspace member, but nothing generates it any \
                 more: remove it from `members`, or cargo cannot load the workspace"
            ));
        }
    }
    notes
}

fn is_pattern(member: &str) -> bool {
    member.contains(['*', '?', '['])
}

/// Whether the workspace member `pattern` (a path or a glob) names the directory `dir`. Only
/// `*` and `?` within one path component are interpreted; any other glob syntax is assumed to
/// match, so that no note is ever wrong about a member.
fn matches_member(pattern: &str, dir: &str) -> bool {
    if pattern.contains(['[', '{']) || pattern.contains("**") {
        return true;
    }
    let patterns: Vec<&str> = pattern.split('/').collect();
    let parts: Vec<&str> = dir.split('/').collect();
    patterns.len() == parts.len()
        && patterns
            .iter()
            .zip(&parts)
            .all(|(pattern, part)| wildcard(pattern.as_bytes(), part.as_bytes()))
}

/// Whether `text` matches `pattern`, where `*` is any run of characters and `?` any one.
fn wildcard(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| wildcard(rest, &text[skip..])),
        Some((b'?', rest)) => !text.is_empty() && wildcard(rest, &text[1..]),
        Some((byte, rest)) => text.first() == Some(byte) && wildcard(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_patterns_match_by_component() {
        let dir = "generated/clients/notes-client-v1";
        assert!(matches_member("generated/clients/*", dir));
        assert!(matches_member("generated/clients/notes-client-v?", dir));
        assert!(matches_member("generated/clients/notes-client-v1", dir));
        assert!(matches_member("generated/clients/**", dir), "unsupported syntax never warns");
        assert!(!matches_member("generated/*", dir));
        assert!(!matches_member("generated/clients/notes-client-v2", dir));
        assert!(!matches_member("generated/clients/*-v2", dir));
    }
}
