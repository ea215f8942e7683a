//! `cargo xtask test-services`: the tests that need real servers (a database, a cache), which
//! `cargo test --workspace` compiles but does not run.
//!
//! They sit behind each listed package's `services` feature and start what they need
//! themselves (e.g. a throwaway Postgres or Redis on loopback). This task turns the features
//! on, runs every integration test of those packages, and fails when any test binary ran no
//! test or left one out: a service test is never skipped silently.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context as _, bail};

/// Flags of `cargo xtask test-services`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Arguments for the test binaries, after `--` (e.g. a test name to run only it).
    #[arg(last = true)]
    test_args: Vec<String>,
}

/// Runs the integration tests of `packages`, each with its `services` feature, in the
/// workspace at `root`.
pub(crate) fn run(packages: &[String], root: &Path, args: &Args) -> anyhow::Result<ExitCode> {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root).args(["test", "--no-fail-fast", "--test", "*"]);
    for package in packages {
        command.args(["-p", package]);
    }
    let features: Vec<String> = packages.iter().map(|p| format!("{p}/services")).collect();
    command.args(["--features", &features.join(",")]);
    command.arg("--").args(&args.test_args);
    eprintln!("running {}", describe(&command));
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .context("cannot run cargo test for the service tests")?;
    let stdout = child.stdout.take().context("cargo test's output")?;
    let mut summaries = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.context("reading cargo test's output")?;
        println!("{line}");
        if line.starts_with("test result:") {
            summaries.push(line);
        }
    }
    let status = child.wait().context("waiting for cargo test")?;
    if !status.success() {
        eprintln!("error: the service tests failed ({status}); see above");
        return Ok(ExitCode::FAILURE);
    }
    let filtering = !args.test_args.is_empty();
    if let Some(problem) = skipped(&summaries, filtering) {
        bail!("{problem}: the service tests must all run; is a `services` feature missing?");
    }
    eprintln!("the service tests passed: {} test binaries", summaries.len());
    Ok(ExitCode::SUCCESS)
}

/// Why the summaries of a run show a skipped test, if they do: no binary ran, a binary ran no
/// test, or one was ignored (or filtered out, unless `filtering`).
fn skipped(summaries: &[String], filtering: bool) -> Option<String> {
    if summaries.is_empty() {
        return Some("no test binary ran".to_owned());
    }
    for summary in summaries {
        let count = |what: &str| -> Option<u64> {
            let before = summary.split(&format!(" {what}")).next()?;
            before.rsplit(' ').next()?.parse().ok()
        };
        let ran = count("passed").unwrap_or(0) + count("failed").unwrap_or(0);
        if ran == 0 && !filtering {
            return Some(format!("a test binary ran no test (`{summary}`)"));
        }
        if count("ignored").unwrap_or(0) > 0 {
            return Some(format!("a test is ignored (`{summary}`)"));
        }
        if count("filtered out").unwrap_or(0) > 0 && !filtering {
            return Some(format!("a test was filtered out (`{summary}`)"));
        }
    }
    None
}

/// `program arg arg …`, for the log.
fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::skipped;

    #[test]
    fn a_binary_without_tests_or_with_ignored_ones_is_a_skip() {
        let line = |text: &str| vec![format!("test result: ok. {text}; finished in 0.01s")];
        let ran = line("4 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
        assert_eq!(skipped(&ran, false), None);
        let empty = line("0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
        assert!(skipped(&empty, false).unwrap().contains("ran no test"));
        assert_eq!(skipped(&empty, true), None, "a filter may leave a binary without tests");
        let ignored = line("3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out");
        assert!(skipped(&ignored, false).unwrap().contains("ignored"));
        let filtered = line("3 passed; 0 failed; 0 ignored; 0 measured; 2 filtered out");
        assert!(skipped(&filtered, false).unwrap().contains("filtered out"));
        assert_eq!(skipped(&[], false).as_deref(), Some("no test binary ran"));
    }
}
