//! The billing example's `cargo xtask`: Charter's tasks over the billing API (charter-xtask),
//! plus `bench`, Charter's own differ benchmark, which only this repository has.

mod bench;
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

fn main() -> std::process::ExitCode {
    project().main_with(bench::run)
}
