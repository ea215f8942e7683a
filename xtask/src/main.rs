//! `cargo xtask`: Charter's toolchain. This file parses flags and dispatches; each task lives in
//! its own module.

mod bench;
mod clients;
mod diff_contract;
mod fixtures;
mod generated;
mod openapi;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Charter: a contract-first API toolchain. The Rust types in contracts/ are the source of truth.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate everything under generated/ from contracts/: OpenAPI documents and client crates.
    Openapi(openapi::Args),
    /// Run the reference server until SIGTERM or Ctrl-C (creates a development key pair first).
    Serve(billing_server::ServeArgs),
    /// Print a development bearer token the reference server accepts (on the last line).
    DevToken(serve::DevTokenArgs),
    /// Compare the contracts with the documents at a base git ref (or two files) and fail on
    /// breaking changes: exit 0 nothing blocks, 1 a finding blocks, 2 usage or input error.
    DiffContract(diff_contract::Args),
    /// Print fixture coverage per version and schema, and scaffold a starting fixture (never
    /// overwriting) for each schema without one: exit 0 done, 1 stale folders, 2 unreadable input.
    Fixtures(fixtures::Args),
    /// Measure the differ on GitHub's REST description (fetched into target/bench-data when
    /// missing): load, diff, total time and peak memory against Python's json.load, and growth
    /// at 1x, 4x and 16x. Reports numbers, asserts nothing.
    Bench(bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Openapi(args) => openapi::run(&args),
        Command::Serve(args) => serve::serve(args),
        Command::DevToken(args) => serve::dev_token(&args),
        Command::DiffContract(args) => diff_contract::run(&args),
        Command::Fixtures(args) => fixtures::run(&args),
        Command::Bench(args) => bench::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// The workspace root, where `Cargo.toml`, `contracts/` and `generated/` are.
fn project_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}
