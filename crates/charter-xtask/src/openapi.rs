//! `cargo xtask openapi`: everything under `generated/` from the contracts.
//!
//! One OpenAPI document per version, `generated/openapi/<version>.json`, and one typed client
//! crate per version, `generated/clients/<api>-client-<version>/`.

use std::process::ExitCode;

use anyhow::Context as _;
use contracts::Api;

use crate::clients;
use crate::generated::FileSet;

/// The command that regenerates what this task owns, for messages.
pub(crate) const FIX: &str = "cargo xtask openapi";

/// Flags of `cargo xtask openapi`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Write nothing; print a diff of what would change and exit 1 when anything is stale.
    #[arg(long)]
    check: bool,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    run_in(&contracts::billing(), &crate::project_root(), args.check)
}

/// Generates what `api` produces into (or checks it against) the workspace at `root`.
/// Everything is generated in memory first, so a bad contract writes nothing.
fn run_in(api: &Api, root: &std::path::Path, check: bool) -> anyhow::Result<ExitCode> {
    let files = generate(api)?;
    if check {
        let staleness = files.check(root).context("cannot read generated/")?;
        if staleness.is_fresh() {
            println!("generated/ is up to date");
            return Ok(ExitCode::SUCCESS);
        }
        print!("{}", staleness.report());
        eprintln!(
            "\ngenerated/ is stale: {} file(s) differ from the contracts.\n  help: run `{FIX}` and commit the result",
            staleness.changed.len() + staleness.extra.len()
        );
        return Ok(ExitCode::from(1));
    }
    let touched = files.write(root).context("cannot write generated/")?;
    if touched.is_empty() {
        println!("generated/ is up to date");
    }
    for path in touched {
        println!("updated {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Why the generated files cannot be produced.
#[derive(Debug, thiserror::Error)]
pub(crate) enum GenerateError {
    /// The contract is inconsistent or not expressible in OpenAPI 3.0.
    #[error(transparent)]
    Contract(#[from] charter_openapi::ContractError),
    /// A document cannot become a client crate.
    #[error(transparent)]
    Client(#[from] clients::ClientError),
}

/// Where the documents are, relative to the workspace root.
pub(crate) use roundtrip_tests::document::DOCUMENTS_DIR;

/// `generated/openapi/<version>.json`.
pub(crate) fn document_path(version: &str) -> String {
    format!("{DOCUMENTS_DIR}/{version}.json")
}

/// Everything the task generates for `api`, in memory.
pub(crate) fn generate(api: &Api) -> Result<FileSet, GenerateError> {
    let mut files = FileSet::default();
    files.own_dir(DOCUMENTS_DIR);
    files.own_dir(clients::CLIENTS_DIR);
    for (version, document) in api.versions.iter().zip(charter_openapi::emit(api)?) {
        clients::add(api, version, &document, &mut files)?;
        files.add(document_path(document.version), document.json);
    }
    files.add("generated/RULES.md", charter_differ::rules::catalogue_markdown());
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_files_are_fresh() {
        let files = generate(&contracts::billing()).unwrap_or_else(|error| panic!("{error}"));
        let staleness = files.check(&crate::project_root()).unwrap();
        assert!(
            staleness.is_fresh(),
            "{}\ngenerated/ is stale: it differs from what the contracts produce.\n  help: run `{FIX}` and commit the result",
            staleness.report()
        );
    }

    #[test]
    fn a_bad_contract_fails_and_writes_nothing() {
        let root = tempfile::tempdir().unwrap();
        run_in(&contracts::billing(), root.path(), false).unwrap();
        let before = std::fs::read(root.path().join("generated/openapi/v1.json")).unwrap();

        let mut api = contracts::billing();
        let duplicate = api.versions[0].operations[0].clone();
        api.versions[0].operations.push(duplicate);
        api.versions[1].operations.clear();
        let error = run_in(&api, root.path(), false).unwrap_err().to_string();
        assert!(error.contains("operationId `listUsers` is claimed by two endpoints"), "{error}");
        assert_eq!(std::fs::read(root.path().join("generated/openapi/v1.json")).unwrap(), before);
        assert!(root.path().join("generated/openapi/v2.json").exists(), "nothing was deleted");
    }

    #[test]
    fn two_generations_give_identical_bytes() {
        let render = |files: FileSet| {
            let root = tempfile::tempdir().unwrap();
            files.write(root.path()).unwrap();
            let mut contents = Vec::new();
            for entry in std::fs::read_dir(root.path().join("generated/openapi")).unwrap() {
                let path = entry.unwrap().path();
                contents
                    .push((path.file_name().unwrap().to_owned(), std::fs::read(&path).unwrap()));
            }
            contents.sort();
            contents
        };
        let first = render(generate(&contracts::billing()).unwrap());
        let second = render(generate(&contracts::billing()).unwrap());
        assert_eq!(first.len(), 2);
        assert!(first == second, "two runs of the generator gave different bytes");
    }
}
