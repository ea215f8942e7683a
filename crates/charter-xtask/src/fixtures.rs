//! `cargo xtask fixtures`: the fixture coverage table, and starting fixtures for what is missing.
//!
//! Prints, for every component schema of every emitted document, how many valid and invalid
//! fixtures `fixtures/<version>/<Schema>/` holds. For each schema without a valid fixture it
//! writes `example.json`, and for each without an invalid one `invalid/<case>.json`, built from
//! the document's schema (see `charter_roundtrip::scaffold`): starting points for a person to edit
//! into realistic payloads. It never overwrites a file.
//!
//! Exit codes: 0 when nothing is stale (whatever was scaffolded), 1 when fixture folders name a
//! schema or version no document has (a person must rename or delete them), 2 when a document or
//! fixture cannot be read (the message names the file, with line and column for bad JSON).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use charter_contract::Api;
use charter_roundtrip::{Coverage, Document, FixtureSet, scaffold};
use serde_json::Value;

/// Flags of `cargo xtask fixtures`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print the table and the files that would be scaffolded, but write nothing.
    #[arg(long)]
    dry_run: bool,
}

/// Runs the task for `api` in the workspace at `root`, reporting to `out`.
pub(crate) fn run(
    api: &Api,
    root: &Path,
    args: &Args,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let names: BTreeMap<String, BTreeSet<String>> = api
        .versions
        .iter()
        .map(|v| (v.name.to_owned(), v.schemas.iter().map(|s| s.name.to_string()).collect()))
        .collect();
    run_in(root, args, &names, out)
}

/// Runs the task under `root`, with `names` the schema names the contracts map per version.
fn run_in(
    root: &Path,
    args: &Args,
    names: &BTreeMap<String, BTreeSet<String>>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let documents = Document::read_all(root)?;
    let fixtures = FixtureSet::read(root);
    let coverage = Coverage::new(&documents, &fixtures, Some(names));
    write!(out, "{}", coverage.table())?;
    if !fixtures.problems.is_empty() {
        let list: Vec<String> = fixtures.problems.iter().map(|p| format!("  {p}")).collect();
        bail!(
            "{} fixture file(s) cannot be used; fix them first (nothing was scaffolded):\n{}",
            list.len(),
            list.join("\n")
        );
    }

    let mut planned: Vec<(PathBuf, Value)> = Vec::new();
    for document in &documents {
        let rows = coverage.rows.iter().filter(|row| row.version == document.version);
        for row in rows {
            let folder = PathBuf::from("fixtures").join(&row.version).join(&row.schema);
            if row.valid == 0
                && let Some(value) = scaffold::valid(&document.schemas, &row.schema)
            {
                planned.push((folder.join("example.json"), value));
            }
            if row.invalid == 0
                && let Some((case, value)) = scaffold::invalid(&document.schemas, &row.schema)
            {
                planned.push((folder.join("invalid").join(format!("{case}.json")), value));
            }
        }
    }
    let mut written = 0;
    for (path, value) in &planned {
        if args.dry_run {
            writeln!(out, "would scaffold {}", path.display())?;
        } else if create_new(&root.join(path), value)? {
            writeln!(out, "scaffolded {}", path.display())?;
            written += 1;
        } else {
            writeln!(out, "left alone {} (it exists)", path.display())?;
        }
    }
    if written > 0 {
        writeln!(
            out,
            "\n{written} starting fixture(s) written: edit each into a realistic payload (an \
             invalid one should fail for one stated reason), then run the round-trip tests."
        )?;
    }
    if !coverage.stale.is_empty() || !coverage.unmapped.is_empty() {
        writeln!(out, "\nstale or unmapped fixture folders: rename or delete them.")?;
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `value` as pretty JSON to `path` unless a file is there; whether it wrote.
fn create_new(path: &Path, value: &Value) -> anyhow::Result<bool> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        Err(error) => {
            return Err(error).with_context(|| format!("{}: cannot create", path.display()));
        }
    };
    let text = serde_json::to_string_pretty(value)? + "\n";
    file.write_all(text.as_bytes()).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENT: &str = r##"{"openapi": "3.0.3", "components": {"schemas": {
        "Email": {"type": "string", "format": "email", "minLength": 3},
        "Level": {"type": "string", "enum": ["low", "high"]},
        "Person": {"type": "object", "required": ["email", "level"], "properties": {
            "email": {"allOf": [{"$ref": "#/components/schemas/Email"}]},
            "level": {"$ref": "#/components/schemas/Level"}
        }}
    }}}"##;

    fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = root.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        root
    }

    fn names() -> BTreeMap<String, BTreeSet<String>> {
        let names = ["Email", "Level", "Person"].map(String::from);
        BTreeMap::from([("v1".to_owned(), BTreeSet::from(names))])
    }

    fn run(root: &Path, dry_run: bool) -> (anyhow::Result<ExitCode>, String) {
        let mut out = Vec::new();
        let result = run_in(root, &Args { dry_run }, &names(), &mut out);
        (result, String::from_utf8(out).unwrap())
    }

    #[test]
    fn scaffolds_what_is_missing_and_never_overwrites() {
        let root = workspace(&[
            ("generated/openapi/v1.json", DOCUMENT),
            ("fixtures/v1/Email/ada.json", "\"ada@example.com\"\n"),
            ("fixtures/v1/Person/invalid/example.json", "{}\n"),
            ("fixtures/diff/ignored/x.txt", "not a fixture"),
        ]);
        let (result, out) = run(root.path(), true);
        assert_eq!(result.unwrap(), ExitCode::SUCCESS);
        assert!(out.contains("v1      Email      1       0  invalid\n"), "{out}");
        assert!(out.contains("would scaffold fixtures/v1/Person/example.json\n"), "{out}");
        assert!(!root.path().join("fixtures/v1/Person/example.json").exists(), "a dry run wrote");

        let (result, out) = run(root.path(), false);
        assert_eq!(result.unwrap(), ExitCode::SUCCESS);
        let read = |path: &str| fs::read_to_string(root.path().join(path)).unwrap();
        assert_eq!(read("fixtures/v1/Email/invalid/wrong-type.json"), "42\n");
        assert_eq!(read("fixtures/v1/Level/example.json"), "\"low\"\n");
        assert_eq!(read("fixtures/v1/Level/invalid/unknown-value.json"), "\"not_a_value\"\n");
        assert_eq!(
            read("fixtures/v1/Person/example.json"),
            "{\n  \"email\": \"someone@example.com\",\n  \"level\": \"low\"\n}\n"
        );
        assert_eq!(
            read("fixtures/v1/Person/invalid/example.json"),
            "{}\n",
            "an existing file changed"
        );
        assert!(out.contains("4 starting fixture(s) written"), "{out}");

        // Complete now: a second run writes nothing.
        let (result, out) = run(root.path(), false);
        assert_eq!(result.unwrap(), ExitCode::SUCCESS);
        assert!(!out.contains("scaffolded"), "{out}");
        assert!(out.contains("3 of 3 schemas covered"), "{out}");
    }

    #[test]
    fn a_folder_where_a_case_belongs_stops_scaffolding() {
        let root = workspace(&[("generated/openapi/v1.json", DOCUMENT)]);
        fs::create_dir_all(root.path().join("fixtures/v1/Level/example.json")).unwrap();
        let (result, out) = run(root.path(), false);
        let message = format!("{:#}", result.unwrap_err());
        assert!(
            message.contains("fixtures/v1/Level/example.json: a folder does not belong"),
            "{message}"
        );
        assert!(out.contains("version schema"), "the table comes first: {out}");
    }

    #[test]
    fn bad_json_and_stale_folders_are_reported_by_file() {
        let root = workspace(&[
            ("generated/openapi/v1.json", DOCUMENT),
            ("fixtures/v1/Email/ada.json", "\"ada@example.com\"\n,"),
        ]);
        let (result, _) = run(root.path(), false);
        let message = format!("{:#}", result.unwrap_err());
        assert!(
            message.contains("fixtures/v1/Email/ada.json:2:1: not valid JSON: trailing characters"),
            "{message}"
        );
        assert!(!root.path().join("fixtures/v1/Level").exists(), "scaffolded despite a bad file");

        let root = workspace(&[
            ("generated/openapi/v1.json", DOCUMENT),
            ("fixtures/v1/Gone/old.json", "1"),
            ("fixtures/v3/Email/a.json", "\"a@b.c\""),
        ]);
        let (result, out) = run(root.path(), false);
        assert_eq!(result.unwrap(), ExitCode::from(1));
        assert!(out.contains("stale: fixtures/v1/Gone (no document has it)"), "{out}");
        assert!(out.contains("stale: fixtures/v3 (no document has it)"), "{out}");
    }

    #[test]
    fn a_missing_document_is_an_error_naming_the_folder() {
        let root = workspace(&[]);
        let (result, _) = run(root.path(), false);
        let message = format!("{:#}", result.unwrap_err());
        assert!(message.starts_with("generated/openapi: cannot list the documents"), "{message}");
    }
}
