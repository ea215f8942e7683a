//! Files a task generates: written atomically, or checked fresh with a unified diff.
//!
//! A [`FileSet`] is everything one generator owns: the files it produces and the directories it
//! owns outright, where any other file is stale and gets deleted. Writing puts every new file
//! next to its target under a temporary name first and renames only when all are written, so an
//! interrupted run leaves each file either old or new, never half-written.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use similar::TextDiff;

/// How many lines of diff to print per stale file before eliding the rest.
const MAX_DIFF_LINES: usize = 200;

/// The files one generator produces, relative to the workspace root.
#[derive(Debug, Default)]
pub struct FileSet {
    files: Vec<(PathBuf, String)>,
    owned_dirs: Vec<PathBuf>,
}

/// What [`FileSet::check`] found.
#[derive(Debug, Default)]
pub struct Staleness {
    /// Files whose content would change, with a unified diff each (new files included).
    pub changed: Vec<(PathBuf, String)>,
    /// Files in an owned directory that the generator no longer produces.
    pub extra: Vec<PathBuf>,
}

impl Staleness {
    /// Whether nothing would change.
    #[must_use]
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.extra.is_empty()
    }

    /// The diffs and the list of extra files, ready to print.
    #[must_use]
    pub fn report(&self) -> String {
        let mut out = String::new();
        for (_, diff) in &self.changed {
            out.push_str(diff);
        }
        for path in &self.extra {
            let _ = writeln!(
                out,
                "--- a/{}\n(would be deleted: nothing generates it any more)",
                path.display()
            );
        }
        out
    }
}

impl FileSet {
    /// Adds a file with its full content.
    pub fn add(&mut self, path: impl Into<PathBuf>, contents: String) {
        self.files.push((path.into(), contents));
    }

    /// The files of the set, in the order they were added.
    pub fn files(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.files.iter().map(|(path, contents)| (path.as_path(), contents.as_str()))
    }

    /// Declares that every file under `dir` belongs to this set.
    pub fn own_dir(&mut self, dir: impl Into<PathBuf>) {
        self.owned_dirs.push(dir.into());
    }

    /// Compares the set with what is on disk under `root`; writes nothing.
    ///
    /// # Errors
    /// When a file or an owned directory cannot be read; the message names it.
    pub fn check(&self, root: &Path) -> io::Result<Staleness> {
        let changed = self
            .changed(root)?
            .into_iter()
            .map(|(path, current, contents)| (path.clone(), unified_diff(path, &current, contents)))
            .collect();
        Ok(Staleness { changed, extra: self.extra_files(root)? })
    }

    /// The files whose content under `root` differs from the set's, with what is there now
    /// (empty for a missing file).
    fn changed(&self, root: &Path) -> io::Result<Vec<(&PathBuf, String, &String)>> {
        let mut changed = Vec::new();
        for (path, contents) in &self.files {
            let current = match fs::read_to_string(root.join(path)) {
                Ok(current) => current,
                Err(error) if error.kind() == io::ErrorKind::NotFound => String::new(),
                Err(error) => return Err(annotate(error, path)),
            };
            if &current != contents {
                changed.push((path, current, contents));
            }
        }
        Ok(changed)
    }

    /// Writes the files that changed under `root` and deletes stale files in owned directories.
    /// Returns the paths written or deleted.
    ///
    /// # Errors
    /// When a file cannot be read, written or deleted; the message names it. Files written
    /// under a temporary name are removed again when a later one fails.
    pub fn write(&self, root: &Path) -> io::Result<Vec<PathBuf>> {
        let changed = self.changed(root)?;
        let extra = self.extra_files(root)?;
        let mut pending = Vec::new();
        let result = (|| {
            for (path, _, contents) in changed {
                let target = root.join(path);
                let dir = target.parent().unwrap_or(root);
                fs::create_dir_all(dir).map_err(|error| annotate(error, dir))?;
                let temporary = temporary_path(&target);
                fs::write(&temporary, contents).map_err(|error| annotate(error, &temporary))?;
                pending.push((temporary, target, path));
            }
            Ok(())
        })();
        if let Err(error) = result {
            for (temporary, _, _) in &pending {
                let _ = fs::remove_file(temporary);
            }
            return Err(error);
        }
        let mut touched = Vec::new();
        for (temporary, target, path) in pending {
            fs::rename(&temporary, &target).map_err(|error| annotate(error, &target))?;
            touched.push(path.clone());
        }
        for extra in extra {
            fs::remove_file(root.join(&extra)).map_err(|error| annotate(error, &extra))?;
            touched.push(extra);
        }
        Ok(touched)
    }

    fn extra_files(&self, root: &Path) -> io::Result<Vec<PathBuf>> {
        let produced: BTreeSet<&Path> = self.files.iter().map(|(path, _)| path.as_path()).collect();
        let mut extra = Vec::new();
        for dir in &self.owned_dirs {
            for file in walk(root, dir)? {
                if !produced.contains(file.as_path()) {
                    extra.push(file);
                }
            }
        }
        extra.sort();
        Ok(extra)
    }
}

/// Every file under `root/dir`, as paths relative to `root`, in sorted order. A missing
/// directory has none.
fn walk(root: &Path, dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(root.join(&dir)) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(annotate(error, &dir)),
        };
        for entry in entries {
            let entry = entry?;
            let path = dir.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn temporary_path(target: &Path) -> PathBuf {
    let name =
        target.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

fn annotate(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// A unified diff from `old` to `new` with git-style headers, elided after 200 lines.
#[must_use]
pub fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let diff = TextDiff::from_lines(old, new);
    let old_header =
        if old.is_empty() { "/dev/null".to_owned() } else { format!("a/{}", path.display()) };
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&old_header, &format!("b/{}", path.display()))
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= MAX_DIFF_LINES {
        return text;
    }
    let mut out = lines[..MAX_DIFF_LINES].join("\n");
    let _ = writeln!(
        out,
        "\n… {} more lines of diff for {}",
        lines.len() - MAX_DIFF_LINES,
        path.display()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> FileSet {
        let mut set = FileSet::default();
        for (path, contents) in files {
            set.add(*path, (*contents).to_owned());
        }
        set.own_dir("out");
        set
    }

    #[test]
    fn check_reports_changed_new_and_extra_files_and_writes_nothing() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir_all(root.path().join("out")).unwrap();
        fs::write(root.path().join("out/a.json"), "old\n").unwrap();
        fs::write(root.path().join("out/gone.json"), "x\n").unwrap();
        let files = set(&[("out/a.json", "new\n"), ("out/b.json", "b\n")]);

        let staleness = files.check(root.path()).unwrap();
        assert!(!staleness.is_fresh());
        let report = staleness.report();
        assert!(report.contains("--- a/out/a.json\n+++ b/out/a.json\n"), "{report}");
        assert!(report.contains("-old\n+new\n"), "{report}");
        assert!(report.contains("--- /dev/null\n+++ b/out/b.json"), "{report}");
        assert!(report.contains("out/gone.json\n(would be deleted"), "{report}");
        assert_eq!(fs::read_to_string(root.path().join("out/a.json")).unwrap(), "old\n");
        assert!(!root.path().join("out/b.json").exists());
    }

    #[test]
    fn write_makes_the_set_fresh_and_leaves_no_temporary_files() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir_all(root.path().join("out/sub")).unwrap();
        fs::write(root.path().join("out/sub/gone.json"), "x\n").unwrap();
        let files = set(&[("out/a.json", "a\n"), ("out/sub/b.json", "b\n")]);

        let touched = files.write(root.path()).unwrap();
        assert_eq!(touched.len(), 3, "{touched:?}");
        assert!(files.check(root.path()).unwrap().is_fresh());
        assert_eq!(
            walk(root.path(), Path::new("out")).unwrap(),
            [PathBuf::from("out/a.json"), PathBuf::from("out/sub/b.json")]
        );
        assert!(files.write(root.path()).unwrap().is_empty(), "a second write touches nothing");
    }

    #[test]
    fn long_diffs_are_elided() {
        let new: String = (0..1000).map(|i| format!("{i}\n")).collect();
        let diff = unified_diff(Path::new("big.json"), "", &new);
        assert!(diff.lines().count() <= MAX_DIFF_LINES + 2);
        assert!(diff.contains("more lines of diff for big.json"));
    }
}
