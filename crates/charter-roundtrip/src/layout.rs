//! Where fixtures live and how they are read.
//!
//! ```text
//! fixtures/
//!   v1/                      a version folder: `v` and digits, like the documents' names
//!     User/                  a schema folder, named after a component schema
//!       ada.json             a valid case: the schema and the types must accept it
//!       invalid/
//!         missing-email.json an invalid case: the schema and the contract type must reject it
//!   diff/                    not a version folder: ignored here (the differ's fixtures)
//! ```
//!
//! Anything else inside a version folder (a stray file, a `notes.txt` among cases, an
//! `invalids/` typo) is a [`Problem`], so a case can never be skipped silently.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// What a fixture must do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Expectation {
    /// The schema, the contract type and the client accept it, and it round-trips unchanged.
    Valid,
    /// The schema and the contract type both reject it.
    Invalid,
}

/// One fixture file, read.
#[derive(Clone, Debug)]
pub struct Fixture {
    /// The file, relative to the workspace root, e.g. `fixtures/v1/User/ada.json`.
    pub path: PathBuf,
    /// The version folder, e.g. `v1`.
    pub version: String,
    /// The schema folder, e.g. `User`.
    pub schema: String,
    /// Whether it must be accepted or rejected.
    pub expectation: Expectation,
    /// Its content.
    pub value: Value,
}

/// A `fixtures/<version>/<Schema>/` folder, whatever it holds.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchemaFolder {
    /// The version folder's name.
    pub version: String,
    /// The schema folder's name.
    pub schema: String,
    /// The folder, relative to the workspace root.
    pub path: PathBuf,
}

/// Something in the fixture tree that cannot be used as a fixture.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    /// The file is not JSON.
    #[error("{}:{line}:{column}: not valid JSON: {message}", path.display())]
    NotJson {
        /// The file.
        path: PathBuf,
        /// The 1-based line of the error.
        line: usize,
        /// The 1-based column of the error.
        column: usize,
        /// serde_json's explanation, without its position.
        message: String,
    },
    /// The file or folder could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Unreadable {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// An entry where the layout has no place for it.
    #[error("{}: {what} does not belong here; {hint}", path.display())]
    Misplaced {
        /// The entry.
        path: PathBuf,
        /// What it is, e.g. `a file`.
        what: &'static str,
        /// Where such entries go.
        hint: &'static str,
    },
}

/// Every fixture under a `fixtures/` directory, and every problem met reading them.
#[derive(Debug, Default)]
pub struct FixtureSet {
    /// The version folders found, e.g. `["v1", "v2"]`, sorted.
    pub versions: Vec<String>,
    /// Every schema folder found, sorted, including empty ones.
    pub folders: Vec<SchemaFolder>,
    /// Every fixture that could be read, sorted by path.
    pub fixtures: Vec<Fixture>,
    /// Every entry that could not be used, sorted by path.
    pub problems: Vec<Problem>,
}

impl FixtureSet {
    /// Reads `root/fixtures`, where `root` is the workspace root. Paths in fixtures and
    /// problems are relative to `root`. A missing `fixtures/` holds nothing.
    #[must_use]
    pub fn read(root: &Path) -> FixtureSet {
        let mut set = FixtureSet::default();
        let fixtures_dir = PathBuf::from("fixtures");
        for (name, path, is_dir) in set.entries(root, &fixtures_dir) {
            if is_dir && is_version_name(&name) {
                set.versions.push(name.clone());
                set.read_version(root, &name, &path);
            }
        }
        set.versions.sort();
        set.folders.sort();
        set.fixtures.sort_by(|a, b| a.path.cmp(&b.path));
        set.problems.sort_by_key(|problem| problem_path(problem).to_path_buf());
        set
    }

    /// The fixtures of one schema of one version.
    pub fn of<'a>(
        &'a self,
        version: &'a str,
        schema: &'a str,
    ) -> impl Iterator<Item = &'a Fixture> {
        self.fixtures.iter().filter(move |f| f.version == version && f.schema == schema)
    }

    fn read_version(&mut self, root: &Path, version: &str, dir: &Path) {
        for (name, path, is_dir) in self.entries(root, dir) {
            if !is_dir {
                self.problems.push(Problem::Misplaced {
                    path,
                    what: "a file",
                    hint: "a version folder holds one folder per schema, named after it",
                });
                continue;
            }
            self.folders.push(SchemaFolder {
                version: version.to_owned(),
                schema: name.clone(),
                path: path.clone(),
            });
            self.read_cases(root, version, &name, &path, Expectation::Valid);
        }
    }

    fn read_cases(
        &mut self,
        root: &Path,
        version: &str,
        schema: &str,
        dir: &Path,
        expectation: Expectation,
    ) {
        for (name, path, is_dir) in self.entries(root, dir) {
            match (is_dir, expectation) {
                (true, Expectation::Valid) if name == "invalid" => {
                    self.read_cases(root, version, schema, &path, Expectation::Invalid);
                }
                (true, _) => self.problems.push(Problem::Misplaced {
                    path,
                    what: "a folder",
                    hint: "a schema folder holds `<case>.json` files and one `invalid/` folder",
                }),
                (false, _) if !name.ends_with(".json") => self.problems.push(Problem::Misplaced {
                    path,
                    what: "a file without the `.json` extension",
                    hint: "every case is a `<case>.json` file",
                }),
                (false, _) => match read_json(root, &path) {
                    Ok(value) => self.fixtures.push(Fixture {
                        path,
                        version: version.to_owned(),
                        schema: schema.to_owned(),
                        expectation,
                        value,
                    }),
                    Err(problem) => self.problems.push(problem),
                },
            }
        }
    }

    /// The entries of `root/dir` as (name, path relative to root, is a directory), sorted by
    /// name; an unreadable directory is a problem and has none.
    fn entries(&mut self, root: &Path, dir: &Path) -> Vec<(String, PathBuf, bool)> {
        let read = match fs::read_dir(root.join(dir)) {
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Vec::new(),
            Err(source) => {
                self.problems.push(Problem::Unreadable { path: dir.to_path_buf(), source });
                return Vec::new();
            }
        };
        let mut entries = Vec::new();
        for entry in read {
            let entry = match entry {
                Ok(entry) => entry,
                Err(source) => {
                    self.problems.push(Problem::Unreadable { path: dir.to_path_buf(), source });
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = dir.join(&name);
            match entry.file_type() {
                Ok(kind) => entries.push((name, path, kind.is_dir())),
                Err(source) => self.problems.push(Problem::Unreadable { path, source }),
            }
        }
        entries.sort();
        entries
    }
}

/// Whether a folder under `fixtures/` names a version: `v` followed by digits, as the
/// documents in `generated/openapi/` are named. Other folders (`diff/`) belong to other tests.
#[must_use]
pub fn is_version_name(name: &str) -> bool {
    name.strip_prefix('v')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads `root/path` as JSON; the error names `path` with a line and column.
///
/// # Errors
/// When the file cannot be read or is not JSON.
pub fn read_json(root: &Path, path: &Path) -> Result<Value, Problem> {
    let text = fs::read_to_string(root.join(path))
        .map_err(|source| Problem::Unreadable { path: path.to_path_buf(), source })?;
    serde_json::from_str(&text).map_err(|error| Problem::NotJson {
        path: path.to_path_buf(),
        line: error.line(),
        column: error.column(),
        message: without_position(&error.to_string()),
    })
}

/// serde_json's message without the ` at line L column C` it appends.
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

fn problem_path(problem: &Problem) -> &Path {
    match problem {
        Problem::NotJson { path, .. }
        | Problem::Unreadable { path, .. }
        | Problem::Misplaced { path, .. } => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn reads_valid_and_invalid_cases_and_ignores_non_version_folders() {
        let root = tempfile::tempdir().unwrap();
        write(root.path(), "fixtures/v1/User/ada.json", "{\"a\": 1}");
        write(root.path(), "fixtures/v1/User/invalid/empty.json", "{}");
        write(root.path(), "fixtures/v1/Empty/.keep-out/x.json", "1");
        write(root.path(), "fixtures/diff/whatever/old.yaml", "not json");
        write(root.path(), "fixtures/README.md", "# notes");

        let set = FixtureSet::read(root.path());
        assert_eq!(set.versions, ["v1"]);
        let paths: Vec<_> = set.fixtures.iter().map(|f| (f.path.clone(), f.expectation)).collect();
        assert_eq!(
            paths,
            [
                (PathBuf::from("fixtures/v1/User/ada.json"), Expectation::Valid),
                (PathBuf::from("fixtures/v1/User/invalid/empty.json"), Expectation::Invalid),
            ]
        );
        assert_eq!(set.folders.len(), 2, "{:?}", set.folders);
        let problems: Vec<String> = set.problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("fixtures/v1/Empty/.keep-out: a folder"), "{problems:?}");
    }

    #[test]
    fn a_file_that_is_not_json_is_reported_with_line_and_column() {
        let root = tempfile::tempdir().unwrap();
        write(root.path(), "fixtures/v2/Money/broken.json", "{\n  \"minor_units\": 12,\n}\n");
        let set = FixtureSet::read(root.path());
        assert!(set.fixtures.is_empty());
        let message = set.problems[0].to_string();
        assert_eq!(message, "fixtures/v2/Money/broken.json:3:1: not valid JSON: trailing comma");
    }

    #[test]
    fn misplaced_files_are_problems() {
        let root = tempfile::tempdir().unwrap();
        write(root.path(), "fixtures/v1/stray.json", "{}");
        write(root.path(), "fixtures/v1/User/notes.txt", "hello");
        write(root.path(), "fixtures/v1/User/invalids/x.json", "{}");
        let set = FixtureSet::read(root.path());
        let problems: Vec<String> = set.problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("fixtures/v1/User/invalids: a folder"), "{problems:?}");
        assert!(problems[1].starts_with("fixtures/v1/User/notes.txt: a file without"));
        assert!(problems[2].starts_with("fixtures/v1/stray.json: a file does not belong"));
    }

    #[test]
    fn version_names() {
        assert!(is_version_name("v1"));
        assert!(is_version_name("v12"));
        assert!(!is_version_name("v"));
        assert!(!is_version_name("diff"));
        assert!(!is_version_name("v1-old"));
    }
}
