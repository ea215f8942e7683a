//! `cargo xtask diff-contract`: the breaking-change gate.
//!
//! Default mode compares, for every version of the API the workspace names, the document
//! emitted in-process from the current Rust types with `generated/openapi/<version>.json` at a
//! base git ref of the workspace (read with `git show`, no checkout), applies each version's
//! stability and the waivers of `contracts/waivers.toml`. File mode compares any two documents
//! with `charter_differ::diff_files`, the very run `charter diff` makes. The comparison,
//! waivers, rendering and verdict are `charter_differ`'s; this module finds the inputs, names
//! the workspace's command and files in the report, prints it and picks the exit code: 0
//! nothing blocks, 1 something blocks, 2 the inputs could not be read (returned as `Err`).
//! In default mode each finding also names the Rust item it comes from, with its file and line
//! (`sources`).

use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::Arc;

use anyhow::{Context as _, bail};
use charter_contract::Api;
use charter_differ::{
    Context, Document, FailOn, Format, Options, Outcome, Report, Stability, VersionReport,
    WaiverError, Waivers, diff_files, judge,
};

use crate::openapi::{DOCUMENTS_DIR, document_path};
use sources::Sources;

mod sources;

/// Where a workspace's waivers live, relative to its root.
pub(crate) const WAIVERS: &str = "contracts/waivers.toml";

/// The command, as a user types it.
const COMMAND: &str = "cargo xtask diff-contract";

/// The rule catalogue findings link to, unless the workspace publishes its own
/// ([`run_with`]): every rule, why it breaks and what to do.
pub(crate) const CATALOGUE: &str =
    concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/generated/RULES.md");

/// Flags of `cargo xtask diff-contract`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Git ref whose committed generated/openapi/<version>.json are the base. Default: the
    /// merge-base of HEAD and origin/main when origin/main exists, else HEAD.
    #[arg(long, value_name = "REF", conflicts_with_all = ["base_file", "head_file"])]
    base: Option<String>,
    /// File mode: the old document (OpenAPI 3.0.x or 3.1.x, JSON or YAML, at most 64 MiB). Every finding
    /// counts as for a stable version; the same comparison as `charter diff OLD NEW`.
    #[arg(long, value_name = "OLD", requires = "head_file")]
    base_file: Option<PathBuf>,
    /// File mode: the new document (OpenAPI 3.0.x or 3.1.x, JSON or YAML, at most 64 MiB).
    #[arg(long, value_name = "NEW", requires = "base_file")]
    head_file: Option<PathBuf>,
    /// Output: text for people, json for programs, markdown for a pull-request comment or
    /// $GITHUB_STEP_SUMMARY, github for workflow annotations.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// What fails the run (exit 1): breaking findings in stable versions (breaking existing
    /// clients on the wire); `client`: also changes that break only code using a regenerated
    /// Rust client; `warning`: warnings too (including breaking findings in beta versions).
    #[arg(long, value_enum, default_value_t = FailOnArg::Breaking)]
    fail_on: FailOnArg,
    /// Waiver file acknowledging breaking changes, each by rule id and pointer with a reason;
    /// it must exist. Default: contracts/waivers.toml when it exists (in file mode: none).
    #[arg(long, value_name = "PATH")]
    waivers: Option<PathBuf>,
    /// Text and JSON reports: an entry for every change, info ones included (by default info
    /// changes are summarized, one line or one count per rule).
    #[arg(long)]
    verbose: bool,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
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
    Client,
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
            FailOnArg::Client => FailOn::Client,
            FailOnArg::Warning => FailOn::Warning,
        }
    }
}

/// Runs the task over `api` in the workspace at `root`, printing the report on standard
/// output (in colour on a terminal, unless `NO_COLOR` is set).
pub(crate) fn run(api: &Api, root: &Path, args: &Args) -> anyhow::Result<ExitCode> {
    let color = args.format == FormatArg::Text
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    run_with(api, root, args, CATALOGUE, color, &mut std::io::stdout().lock())
}

/// [`run`] with findings linking to `catalogue` (a path in the workspace or a URL, for a
/// workspace that publishes its own rule catalogue), writing the report to `out`.
pub(crate) fn run_with(
    api: &Api,
    root: &Path,
    args: &Args,
    catalogue: &str,
    color: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let outcome = compare(api, root, args, catalogue, color)?;
    let code = ExitCode::from(outcome.exit_code());
    match out.write_all(outcome.rendered.as_bytes()).and_then(|()| out.flush()) {
        // A reader that stops early (`| head`) is no error of the comparison.
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(anyhow::Error::new(error).context("cannot write the report"));
        }
        _ => {}
    }
    // The task ends now: freeing two parsed documents node by node would cost a sixth of the
    // run on large inputs, and the operating system reclaims the memory anyway.
    std::mem::forget(outcome);
    Ok(code)
}

/// The comparison the flags ask for, rendered.
fn compare(
    api: &Api,
    root: &Path,
    args: &Args,
    catalogue: &str,
    color: bool,
) -> anyhow::Result<Outcome> {
    let format = Format::from(args.format);
    let waivers_text = match &args.waivers {
        Some(path) => format!("`{}`", path.display()),
        None if args.base_file.is_some() => "a waiver file passed with `--waivers`".to_owned(),
        None => format!("`{WAIVERS}`"),
    };
    let context = Context { command: COMMAND, waivers: &waivers_text, catalogue };
    let options = Options { fail_on: args.fail_on.into(), color, context, verbose: args.verbose };
    if let (Some(base), Some(head)) = (&args.base_file, &args.head_file) {
        return Ok(diff_files(base, head, args.waivers.as_deref(), format, options)?);
    }
    let waivers = match &args.waivers {
        Some(path) => Waivers::read(path, &context)?,
        None => workspace_waivers(root, &context)?,
    };
    let base = match &args.base {
        Some(base) => base.clone(),
        None => default_base(root)?,
    };
    let sources = Sources::of_workspace(root, api);
    compare_api(api, root, &base, &waivers, &sources, format, options)
}

/// The workspace's `contracts/waivers.toml`, named relative to the root in messages and
/// annotations; none when there is no such file.
fn workspace_waivers(root: &Path, context: &Context<'_>) -> anyhow::Result<Waivers> {
    let path = root.join(WAIVERS);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Waivers::parse(Path::new(WAIVERS), &text, context)?),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Waivers::none()),
        Err(error) => Err(WaiverError::Io { path, error }.into()),
    }
}

/// Default mode: every version of `api`, emitted now, against its document at `base` in the
/// git repository at `root`; versions only at `base` are reported removed. Each finding names
/// the Rust item it comes from in `sources` (see [`sources`]).
pub(crate) fn compare_api(
    api: &Api,
    root: &Path,
    base: &str,
    waivers: &Waivers,
    sources: &Sources,
    format: Format,
    options: Options<'_>,
) -> anyhow::Result<Outcome> {
    let commit = resolve_ref(root, base)?;
    let committed = committed_versions(root, &commit)?;
    let emitted = charter_openapi::emit(api).context("cannot emit the contract's documents")?;
    let mut versions = Vec::new();
    for (version, document) in api.versions.iter().zip(&emitted) {
        let path = document_path(document.version);
        let head = Document::parse(
            &format!("{path} (emitted from the contract)"),
            document.json.as_bytes(),
        )
        .with_context(|| format!("the emitted document of {} does not load", version.name))?;
        let base_document = if committed.iter().any(|name| name == document.version) {
            let bytes = git_show(root, &commit, &path)?;
            Some(Arc::new(Document::parse(&format!("{base}:{path}"), &bytes)?))
        } else {
            None
        };
        let stability = match version.stability {
            charter_contract::Stability::Stable => Stability::Stable,
            charter_contract::Stability::Beta => Stability::Beta,
        };
        versions.push(VersionReport::compare(
            version.name,
            stability,
            base_document,
            Some(Arc::new(head)),
        ));
    }
    for name in committed.iter().filter(|name| api.version_named(name).is_none()) {
        let path = document_path(name);
        let bytes = git_show(root, &commit, &path)?;
        let document = Document::parse(&format!("{base}:{path}"), &bytes)?;
        let stability = match document.declared_stability() {
            Some("beta") => Stability::Beta,
            _ => Stability::Stable,
        };
        versions.push(VersionReport::compare(name, stability, Some(Arc::new(document)), None));
    }
    // Each client crate's version change against the same base (versions in `api` order, as
    // pushed first above). A contract progenitor cannot generate a client for loses only this.
    if let Ok(releases) = crate::openapi::client_releases(api, root, Some(&commit)) {
        for (version, release) in versions.iter_mut().zip(releases) {
            let moved = release.previous.is_some_and(|previous| previous != release.version);
            version.client = moved.then(|| release.summary());
        }
    }
    let mut report = Report::new(versions);
    sources::locate(&mut report, api, sources, root, &commit);
    Ok(judge(report, waivers, format, options))
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
    // `./`: the path is relative to the workspace root, which need not be the repository's.
    let output = git_output(root, &["show", &format!("{commit}:./{path}")])?;
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
