//! `cargo xtask diff-contract`: the breaking-change gate.
//!
//! Default mode compares, for every version of the contracts, the document emitted in-process
//! from the current Rust types with `generated/openapi/<version>.json` at a base git ref (read
//! with `git show`, no checkout). File mode compares any two documents. The comparison itself
//! is `charter_differ`; this module finds the inputs, applies the version's stability and the
//! waivers, renders, and picks the exit code: 0 nothing blocks, 1 something blocks, 2 the
//! inputs could not be read (returned as `Err`).

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::Arc;

use crate::openapi::{DOCUMENTS_DIR, document_path};
use anyhow::{Context as _, bail};
use charter_differ::{
    Document, FailOn, Format, Options, Report, Stability, VersionReport, Waivers, render,
};
use contracts::Api;

/// Where the waivers of the contracts live, relative to the workspace root.
pub(crate) const WAIVERS: &str = "contracts/waivers.toml";

/// Flags of `cargo xtask diff-contract`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Git ref whose committed generated/openapi/<version>.json are the base. Default: the
    /// merge-base of HEAD and origin/main when origin/main exists, else HEAD.
    #[arg(long, value_name = "REF", conflicts_with_all = ["base_file", "head_file"])]
    base: Option<String>,
    /// File mode: the old document (OpenAPI 3.0.x, JSON or YAML, at most 64 MiB). Every finding
    /// counts as for a stable version.
    #[arg(long, value_name = "OLD", requires = "head_file")]
    base_file: Option<PathBuf>,
    /// File mode: the new document (OpenAPI 3.0.x, JSON or YAML, at most 64 MiB).
    #[arg(long, value_name = "NEW", requires = "base_file")]
    head_file: Option<PathBuf>,
    /// Output: text for people, json for programs, markdown for a pull-request comment or
    /// $GITHUB_STEP_SUMMARY, github for workflow annotations.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// What fails the run (exit 1): breaking findings in stable versions, or warnings too
    /// (including breaking findings in beta versions).
    #[arg(long, value_enum, default_value_t = FailOnArg::Breaking)]
    fail_on: FailOnArg,
    /// Waiver file acknowledging findings, each by rule id and pointer with a reason. Default:
    /// contracts/waivers.toml (in file mode: none unless given).
    #[arg(long, value_name = "PATH")]
    waivers: Option<PathBuf>,
}

/// `--format`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Markdown,
    Github,
}

/// `--fail-on`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum FailOnArg {
    Breaking,
    Warning,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Github => Format::Github,
        }
    }
}

impl From<FailOnArg> for FailOn {
    fn from(fail_on: FailOnArg) -> FailOn {
        match fail_on {
            FailOnArg::Breaking => FailOn::Breaking,
            FailOnArg::Warning => FailOn::Warning,
        }
    }
}

/// A finished comparison: what to print and how to exit.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// The report, waivers applied.
    pub(crate) report: Report,
    /// The report rendered in the requested format.
    pub(crate) rendered: String,
    /// 0 when nothing blocks, 1 otherwise.
    pub(crate) code: u8,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let root = crate::project_root();
    let format = Format::from(args.format);
    let color = matches!(format, Format::Text)
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let options = Options { fail_on: args.fail_on.into(), color };
    let outcome = match (&args.base_file, &args.head_file) {
        (Some(base), Some(head)) => {
            let waivers = match &args.waivers {
                Some(path) => read_waivers(path)?,
                None => Waivers::none(),
            };
            compare_files(base, head, &waivers, format, options)?
        }
        _ => {
            let waivers =
                read_waivers(&args.waivers.clone().unwrap_or_else(|| root.join(WAIVERS)))?;
            let base = match &args.base {
                Some(base) => base.clone(),
                None => default_base(&root)?,
            };
            compare_api(&contracts::billing(), &root, &base, &waivers, format, options)?
        }
    };
    print!("{}", outcome.rendered);
    let code = ExitCode::from(outcome.code);
    // The process ends now: freeing two parsed documents node by node would cost a sixth of
    // the run on large inputs, and the operating system reclaims the memory anyway.
    std::mem::forget(outcome.report);
    Ok(code)
}

fn read_waivers(path: &Path) -> anyhow::Result<Waivers> {
    Ok(Waivers::read(path)?)
}

/// File mode: two documents, one stable "version" named after the head file.
pub(crate) fn compare_files(
    base: &Path,
    head: &Path,
    waivers: &Waivers,
    format: Format,
    options: Options,
) -> anyhow::Result<Outcome> {
    let report = charter_differ::compare_files(base, head)?;
    finish(report, waivers, format, options)
}

/// Default mode: every version of `api`, emitted now, against its document at `base` in the
/// git repository at `root`; versions only at `base` are reported removed.
pub(crate) fn compare_api(
    api: &Api,
    root: &Path,
    base: &str,
    waivers: &Waivers,
    format: Format,
    options: Options,
) -> anyhow::Result<Outcome> {
    let commit = resolve_ref(root, base)?;
    let committed = committed_versions(root, &commit)?;
    let emitted = charter_openapi::emit(api).context("cannot emit the contracts' documents")?;
    let mut versions = Vec::new();
    for (version, document) in api.versions.iter().zip(&emitted) {
        let path = document_path(document.version);
        let head =
            Document::parse(&format!("{path} (emitted from contracts/)"), document.json.as_bytes())
                .with_context(|| {
                    format!("the emitted document of {} does not load", version.name)
                })?;
        let base_document = if committed.iter().any(|name| name == document.version) {
            let bytes = git_show(root, &commit, &path)?;
            Some(Arc::new(Document::parse(&format!("{base}:{path}"), &bytes)?))
        } else {
            None
        };
        let stability = match version.stability {
            contracts::Stability::Stable => Stability::Stable,
            contracts::Stability::Beta => Stability::Beta,
        };
        versions.push(VersionReport::compare(
            version.name,
            stability,
            base_document,
            Some(Arc::new(head)),
        ));
    }
    for name in committed.iter().filter(|name| api.version(name).is_none()) {
        let path = document_path(name);
        let bytes = git_show(root, &commit, &path)?;
        let document = Document::parse(&format!("{base}:{path}"), &bytes)?;
        let stability = match document.declared_stability() {
            Some("beta") => Stability::Beta,
            _ => Stability::Stable,
        };
        versions.push(VersionReport::compare(name, stability, Some(Arc::new(document)), None));
    }
    finish(Report { versions }, waivers, format, options)
}

fn finish(
    mut report: Report,
    waivers: &Waivers,
    format: Format,
    options: Options,
) -> anyhow::Result<Outcome> {
    report.apply_waivers(waivers)?;
    let rendered = render(&report, format, options);
    let code = u8::from(report.blocking(options.fail_on) > 0);
    Ok(Outcome { report, rendered, code })
}

/// The merge-base of HEAD and origin/main when origin/main exists, else HEAD.
fn default_base(root: &Path) -> anyhow::Result<String> {
    if git(root, &["rev-parse", "--verify", "--quiet", "origin/main^{commit}"])?.is_none() {
        return Ok("HEAD".to_owned());
    }
    match git(root, &["merge-base", "HEAD", "origin/main"])? {
        Some(base) => Ok(base.trim().to_owned()),
        None => bail!(
            "HEAD and origin/main have no common ancestor in this clone{}\n  help: fetch the whole \
             history (`git fetch --unshallow origin`; in GitHub Actions, `actions/checkout` with \
             `fetch-depth: 0`), or name a base with `--base REF`",
            shallow_note(root)
        ),
    }
}

/// The commit `reference` names, or an error saying how to fetch it.
fn resolve_ref(root: &Path, reference: &str) -> anyhow::Result<String> {
    if git(root, &["rev-parse", "--git-dir"])?.is_none() {
        bail!(
            "{} is not a git repository, so there is no base to compare with\n  help: run in a \
             clone, or compare two files with `--base-file OLD --head-file NEW`",
            root.display()
        );
    }
    match git(root, &["rev-parse", "--verify", "--quiet", &format!("{reference}^{{commit}}")])? {
        Some(commit) => Ok(commit.trim().to_owned()),
        None => bail!(
            "the base ref `{reference}` is not in this repository{}\n  help: fetch it (e.g. `git \
             fetch origin main`); in GitHub Actions, check out with `actions/checkout` and \
             `fetch-depth: 0` so the base is there",
            shallow_note(root)
        ),
    }
}

fn shallow_note(root: &Path) -> &'static str {
    match git(root, &["rev-parse", "--is-shallow-repository"]) {
        Ok(Some(answer)) if answer.trim() == "true" => " (this is a shallow clone)",
        _ => "",
    }
}

/// The file at `path` in `commit`, which has it (see [`committed_versions`]).
fn git_show(root: &Path, commit: &str, path: &str) -> anyhow::Result<Vec<u8>> {
    let output = git_output(root, &["show", &format!("{commit}:{path}")])?;
    if !output.status.success() {
        bail!(
            "git show {commit}:{path} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

/// The versions whose documents `commit` has under generated/openapi/.
fn committed_versions(root: &Path, commit: &str) -> anyhow::Result<Vec<String>> {
    let dir = format!("{DOCUMENTS_DIR}/");
    let listed = git(root, &["ls-tree", "--name-only", commit, "--", &dir])?.unwrap_or_default();
    Ok(listed
        .lines()
        .filter_map(|line| line.strip_prefix(dir.as_str())?.strip_suffix(".json"))
        .map(str::to_owned)
        .collect())
}

/// Runs git in `root`: its stdout on success, `None` on a non-zero exit.
fn git(root: &Path, args: &[&str]) -> anyhow::Result<Option<String>> {
    let output = git_output(root, args)?;
    Ok(output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// Runs git in `root`, whatever its exit status.
fn git_output(root: &Path, args: &[&str]) -> anyhow::Result<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .context("cannot run git: is it installed?")
}

#[cfg(test)]
mod tests;
