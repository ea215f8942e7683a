//! `billing-server`: the reference server as a standalone binary. `cargo xtask serve` runs the
//! same code; this binary exists so tests can start and signal a real process.

use std::process::ExitCode;

use clap::Parser;

/// The billing API's reference server.
#[derive(Debug, Parser)]
#[command(name = "billing-server", version)]
struct Cli {
    #[command(flatten)]
    serve: billing_server::Args,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match billing_server::serve(cli.serve, std::path::PathBuf::from("target/dev-keys")).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
