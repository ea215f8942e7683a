//! The billing example's `cargo xtask`: Charter's tasks over the billing API (charter-xtask),
//! plus `bench`, Charter's own differ benchmark, `history`, the differ against hand-checked
//! verdicts on real API histories, `load`, the load test of the example's critical
//! path, and `semver-audit`, the derived client versions against cargo-semver-checks, which only
//! this repository has; `test-services` (charter-xtask) runs the tests against a real Postgres
//! and Redis of the packages in [`SERVICE_TESTS`].

mod bench;
mod history;
mod load;
mod semver_audit;
#[cfg(test)]
mod tests;

use charter_differ::Context;
use charter_xtask::Project;

/// How the differ's reports and rule catalogue name this repository's command and files.
const DIFFER: Context<'static> = Context {
    command: "cargo xtask diff-contract",
    waivers: "`contracts/waivers.toml`",
    catalogue: "generated/RULES.md",
};

/// The packages with service tests, each behind its `services` feature (they start a throwaway
/// Postgres or Redis, `apt-get install postgresql redis-server`): `cargo xtask test-services`
/// runs their integration tests. Add a package here when it gets one. charter-cli's is the
/// `charter new --postgres --redis` workspace's own `cargo xtask test-services`.
const SERVICE_TESTS: &[&str] =
    &["charter-testing", "charter-server", "billing-server", "e2e-tests", "charter-cli"];

/// The billing workspace: its API, its reference server, its service tests, and the differ's
/// rule catalogue.
fn project() -> Project {
    Project::new(contracts::api)
        .server(billing_server::serve)
        .services(SERVICE_TESTS)
        .generated_file(DIFFER.catalogue, || {
            charter_differ::rules::catalogue_markdown(&DIFFER, "cargo xtask openapi")
        })
}

/// The tasks only this repository has.
#[derive(clap::Subcommand)]
enum Extra {
    #[command(flatten)]
    Bench(bench::Task),
    #[command(flatten)]
    History(history::Task),
    #[command(flatten)]
    Load(load::Task),
    #[command(flatten)]
    SemverAudit(semver_audit::Task),
}

fn main() -> std::process::ExitCode {
    project().main_with(|task, root: &std::path::Path| match task {
        Extra::Bench(task) => bench::run(task, root),
        Extra::History(task) => history::run(task, root),
        Extra::Load(task) => load::run(task, root),
        Extra::SemverAudit(task) => semver_audit::run(task, root),
    })
}
