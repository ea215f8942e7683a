//! `charter`: the Charter command. This file parses the command line and dispatches; each
//! subcommand lives in its own module with its flags (`Args`) and its `run`.
//!
//! Adding a subcommand: a module `src/<name>.rs` with `pub(crate) struct Args` (clap derive)
//! and `pub(crate) fn run(&Args) -> anyhow::Result<ExitCode>`, one variant of [`Command`] and
//! one line of the `match` in [`main`].

mod diff;
mod new;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Charter: contract-first OpenAPI tooling.
#[derive(Debug, Parser)]
#[command(name = "charter", bin_name = "charter", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands, one module each.
#[derive(Debug, Subcommand)]
enum Command {
    /// Compare two OpenAPI 3.0 or 3.1 documents and fail on breaking changes: exit 0 nothing blocks,
    /// 1 a finding blocks, 2 usage or input error.
    Diff(diff::Args),
    /// Create a new contract-first workspace on Charter's crates: a contract with one stable
    /// version, its service, round-trip and end-to-end tests, fixtures, README and CI script.
    New(new::Args),
    // Further subcommands go here: one variant each, and its line in `main`.
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Diff(args) => diff::run(&args),
        Command::New(args) => new::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
