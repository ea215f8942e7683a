//! `cargo xtask`: Charter's tasks over this workspace's API; `cargo xtask --help` lists them.

#[cfg(test)]
mod tests;

use charter_xtask::Project;

/// This workspace's API, and the server `cargo xtask serve` runs.
fn project() -> Project {
    Project::new({{name_snake}}_contracts::api).server({{name_snake}}_server::run)
}

fn main() -> std::process::ExitCode {
    project().main()
}
