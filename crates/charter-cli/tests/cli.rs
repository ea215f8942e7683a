//! The `charter` binary, tested as data: each `tests/cases/<name>.case` holds the arguments,
//! the files to put in a fresh temporary directory (outside the repository), the expected exit
//! status, stdout and stderr. `CHARTER_BLESS=1 cargo test -p charter-cli --test cli` rewrites
//! the expectations for review.
//!
//! A case file is a header, then sections:
//!
//! ```text
//! # What the case shows (comment lines start with `#`).
//! args: diff old.yaml new.yaml --format json
//! copy: old.yaml fixtures/diff/<rule>/base.yaml   # a file of the Charter repository
//! status: 1
//! --- file waivers.toml                           # a file written as is
//! [[waiver]]
//! …
//! --- stdout
//! …
//! --- stderr
//! …
//! ```
//!
//! Arguments are split on white space; `copy` sources are relative to the root of the Charter
//! repository, where the differ's rule fixtures are. The binary runs with the temporary
//! directory as its working directory and `NO_COLOR=1`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One parsed case file.
#[derive(Debug, Default)]
struct Case {
    comments: Vec<String>,
    args: Vec<String>,
    copies: Vec<(String, String)>,
    files: Vec<(String, String)>,
    status: i32,
    stdout: String,
    stderr: String,
}

/// Which part of a case file a line belongs to.
enum Section {
    Header,
    File(usize),
    Stdout,
    Stderr,
}

impl Case {
    fn parse(path: &Path) -> Case {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let mut case = Case::default();
        let mut section = Section::Header;
        for (number, line) in text.lines().enumerate() {
            let place = || format!("{}:{}", path.display(), number + 1);
            if let Some(name) = line.strip_prefix("--- file ") {
                case.files.push((name.trim().to_owned(), String::new()));
                section = Section::File(case.files.len() - 1);
                continue;
            }
            match line {
                "--- stdout" => {
                    section = Section::Stdout;
                    continue;
                }
                "--- stderr" => {
                    section = Section::Stderr;
                    continue;
                }
                _ => {}
            }
            let body = match section {
                Section::Header => {
                    if line.starts_with('#') || line.trim().is_empty() {
                        case.comments.push(line.to_owned());
                    } else if let Some(args) = line.strip_prefix("args:") {
                        case.args = args.split_whitespace().map(str::to_owned).collect();
                    } else if let Some(copy) = line.strip_prefix("copy:") {
                        let (to, from) = copy
                            .trim()
                            .split_once(char::is_whitespace)
                            .unwrap_or_else(|| panic!("{}: `copy: TO FROM`", place()));
                        case.copies.push((to.to_owned(), from.trim().to_owned()));
                    } else if let Some(status) = line.strip_prefix("status:") {
                        case.status = status
                            .trim()
                            .parse()
                            .unwrap_or_else(|_| panic!("{}: `status: N`", place()));
                    } else {
                        panic!("{}: unknown header line {line:?}", place());
                    }
                    continue;
                }
                Section::File(index) => &mut case.files[index].1,
                Section::Stdout => &mut case.stdout,
                Section::Stderr => &mut case.stderr,
            };
            body.push_str(line);
            body.push('\n');
        }
        case
    }

    /// The case file, with `actual` as the expectation.
    fn render(&self, actual: &Actual) -> String {
        let mut out = String::new();
        for comment in &self.comments {
            let _ = writeln!(out, "{comment}");
        }
        let _ = writeln!(out, "args: {}", self.args.join(" "));
        for (to, from) in &self.copies {
            let _ = writeln!(out, "copy: {to} {from}");
        }
        let _ = writeln!(out, "status: {}", actual.status);
        for (name, contents) in &self.files {
            let _ = write!(out, "--- file {name}\n{contents}");
        }
        let _ = write!(out, "--- stdout\n{}--- stderr\n{}", actual.stdout, actual.stderr);
        out
    }
}

/// What the binary did.
struct Actual {
    status: i32,
    stdout: String,
    stderr: String,
}

/// The root of the Charter repository.
fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(case: &Case) -> Actual {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (to, from) in &case.copies {
        let to = dir.path().join(to);
        std::fs::create_dir_all(to.parent().expect("a file in the directory")).expect("mkdir");
        std::fs::copy(repository().join(from), &to)
            .unwrap_or_else(|error| panic!("copy {from}: {error}"));
    }
    for (name, contents) in &case.files {
        let to = dir.path().join(name);
        std::fs::create_dir_all(to.parent().expect("a file in the directory")).expect("mkdir");
        std::fs::write(&to, contents).expect("write file");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(&case.args)
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("run charter");
    Actual {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn every_case_gives_its_status_stdout_and_stderr() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/cases")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "case"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 10, "{} cases", paths.len());
    let bless = std::env::var_os("CHARTER_BLESS").is_some();
    let mut failures = Vec::new();
    for path in &paths {
        let case = Case::parse(path);
        let actual = run(&case);
        for (stream, text) in [("stdout", &actual.stdout), ("stderr", &actual.stderr)] {
            assert!(
                text.is_empty() || text.ends_with('\n'),
                "{}: {stream} does not end with a newline: {text:?}",
                path.display()
            );
        }
        if bless {
            std::fs::write(path, case.render(&actual)).expect("write case");
            continue;
        }
        if actual.status != case.status
            || actual.stdout != case.stdout
            || actual.stderr != case.stderr
        {
            failures.push(format!(
                "{}: charter {}\n--- expected status {}, stdout:\n{}--- stderr:\n{}\
                 --- actual status {}, stdout:\n{}--- stderr:\n{}",
                path.display(),
                case.args.join(" "),
                case.status,
                case.stdout,
                case.stderr,
                actual.status,
                actual.stdout,
                actual.stderr
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\n(run `CHARTER_BLESS=1 cargo test -p charter-cli --test cli` and review the diff)",
        failures.join("\n\n")
    );
}
