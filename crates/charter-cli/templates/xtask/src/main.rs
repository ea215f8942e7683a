//! `cargo xtask`: Charter's tasks over this workspace's API; `cargo xtask --help` lists them.

#[cfg(test)]
mod tests;

use charter_xtask::Project;

{{^services}}
/// This workspace's API, and the server `cargo xtask serve` runs.
fn project() -> Project {
    Project::new({{name_snake}}_contracts::api).server({{name_snake}}_server::run)
}
{{/services}}
{{#services}}
/// This workspace's API, the server `cargo xtask serve` runs, and the packages whose tests
/// behind their `services` feature `cargo xtask test-services` runs.
fn project() -> Project {
    Project::new({{name_snake}}_contracts::api)
        .server({{name_snake}}_server::run)
        .services(&["e2e-tests"])
}
{{/services}}

fn main() -> std::process::ExitCode {
    project().main()
}
