//! `charter diff OLD NEW`: the breaking-change gate on any two documents.
//!
//! The whole run is `charter_differ::diff_files`, which `cargo xtask diff-contract
//! --base-file/--head-file` shares: read both documents (JSON or YAML, from anywhere) and the
//! waiver file, compare them as one stable version, render, decide. This module turns flags
//! into its options, prints, and exits 0 (nothing blocks), 1 (a finding blocks) or 2 (the
//! inputs could not be read, returned as `Err`).

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use charter_differ::{Context, FailOn, Format, Options, diff_files};

/// The rule catalogue that findings link to: every rule, why it breaks and what to do.
const CATALOGUE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/generated/RULES.md");

const EXAMPLES: &str = "\
Examples:
  charter diff old.yaml new.json                      # any two documents, JSON or YAML
  charter diff base.yaml head.yaml --format json      # a report for programs
  charter diff base.yaml head.yaml --fail-on warning  # warnings block too
  charter diff base.yaml head.yaml --waivers waivers.toml
  charter diff base.yaml head.yaml --verbose          # an entry for every info change too

  # In GitHub Actions: annotations on the pull request, and a summary on the run page.
  charter diff base.yaml head.yaml --format github
  charter diff base.yaml head.yaml --format markdown >> \"$GITHUB_STEP_SUMMARY\"

Every finding counts as a change to a stable API. A breaking change blocks (exit 1) unless a
waiver acknowledges it; the text report prints, under each blocking change, the waiver to
paste into the waiver file, with your reason:

  [[waiver]]
  rule = \"response-property-became-optional\"
  pointer = \"/components/schemas/User/properties/email\"
  reason = \"No client reads email; agreed with the mobile team in #123.\"

A waiver that matches no finding is reported as a note and never fails the run: once its
change is on the base branch, delete it.

Exit codes: 0 nothing blocks, 1 a finding blocks, 2 usage or input error (unreadable file,
malformed JSON or YAML, OpenAPI 3.2 or Swagger 2.0, malformed waiver).";

/// Flags of `charter diff`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    /// The old document: OpenAPI 3.0.x or 3.1.x, JSON or YAML, at most 64 MiB.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The new document: OpenAPI 3.0.x or 3.1.x, JSON or YAML, at most 64 MiB.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// Output: text for people, json for programs, markdown for a pull-request comment or
    /// $GITHUB_STEP_SUMMARY, github for workflow annotations.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// What fails the run (exit 1): changes that break existing clients on the wire; or those
    /// and changes that break only code using a generated Rust client; or warnings too.
    #[arg(long, value_enum, default_value_t = FailOnArg::Breaking)]
    fail_on: FailOnArg,
    /// Waiver file (TOML) acknowledging breaking changes on purpose, each by rule id and
    /// pointer with a reason. It must exist.
    #[arg(long, value_name = "FILE")]
    waivers: Option<PathBuf>,
    /// Text and JSON reports: an entry for every change, info ones included (by default info
    /// changes are summarized, one line or one count per rule).
    #[arg(long)]
    verbose: bool,
}

/// `--format`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum FormatArg {
    /// Human-readable: one entry per distinct change, blocking ones first, the operations
    /// that reach it counted, with excerpts; info changes summarized per rule unless
    /// --verbose (colour on a terminal unless NO_COLOR is set).
    Text,
    /// The stable JSON report (`format_version` 2): one entry per distinct change (info
    /// changes counted per rule unless --verbose), listing
    /// every operation that reaches it.
    Json,
    /// A Markdown summary: a row per distinct change, listing every operation that reaches it.
    Markdown,
    /// GitHub Actions workflow commands (`::error`, `::warning`, `::notice`), one per
    /// distinct change.
    Github,
}

/// `--fail-on`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum FailOnArg {
    /// Breaking findings block: existing clients' requests or responses break.
    Breaking,
    /// Changes that break only code using a regenerated Rust client block too.
    Client,
    /// Warnings block too, including breaking findings in beta versions.
    Warning,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Github => Format::Github,
    };
    let fail_on = match args.fail_on {
        FailOnArg::Breaking => FailOn::Breaking,
        FailOnArg::Client => FailOn::Client,
        FailOnArg::Warning => FailOn::Warning,
    };
    let waivers = match &args.waivers {
        Some(path) => format!("`{}`", path.display()),
        None => "a waiver file passed with `--waivers FILE`".to_owned(),
    };
    let context = Context { command: "charter diff", waivers: &waivers, catalogue: CATALOGUE };
    let color = matches!(format, Format::Text)
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let options = Options { fail_on, color, context, verbose: args.verbose };
    let outcome = diff_files(&args.old, &args.new, args.waivers.as_deref(), format, options)?;
    let code = ExitCode::from(outcome.exit_code());
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(outcome.rendered.as_bytes()).and_then(|()| stdout.flush()) {
        // A reader that stops early (`| head`) is no error of the comparison.
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(anyhow::Error::new(error).context("cannot write the report"));
        }
        _ => {}
    }
    // The process ends now: freeing two parsed documents node by node would cost a sixth of
    // the run on large inputs, and the operating system reclaims the memory anyway.
    std::mem::forget(outcome);
    Ok(code)
}
