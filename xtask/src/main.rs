//! The billing example's `cargo xtask`: Charter's tasks over the billing API (charter-xtask),
//! plus `bench`, Charter's own differ benchmark, `load`, the load test of the example's critical
//! path, `semver-audit`, the derived client versions against cargo-semver-checks, and
//! `test-services`, the tests against a real Postgres and Redis, which only this repository has.

mod bench;
mod load;
mod semver_audit;
mod test_services;
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

/// The billing workspace: its API, its reference server, and the differ's rule catalogue.
fn project() -> Project {
    Project::new(contracts::api)
        .server(billing_server::serve)
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
    Load(load::Task),
    #[command(flatten)]
    SemverAudit(semver_audit::Task),
    #[command(flatten)]
    TestServices(test_services::Task),
}

fn main() -> std::process::ExitCode {
    project().main_with(|task, root: &std::path::Path| match task {
        Extra::Bench(task) => bench::run(task, root),
        Extra::Load(task) => load::run(task, root),
        Extra::SemverAudit(task) => semver_audit::run(task, root),
        Extra::TestServices(task) => test_services::run(task, root),
    })
}
