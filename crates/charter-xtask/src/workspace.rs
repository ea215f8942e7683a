//! Which workspace a task works on: the one the current directory is in.
//!
//! Like cargo, [`find_root`] walks up from a directory to the first `Cargo.toml` with a
//! `[workspace]` table. It never looks at where the xtask binary was built
//! (`CARGO_MANIFEST_DIR`), so an installed or copied xtask reports on the workspace it runs in.
//! It reads the manifests itself rather than asking `cargo locate-project`, which fails while a
//! listed member is missing: exactly the state a new workspace is in before the first
//! `cargo xtask openapi` has generated its client crates.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why no workspace root was found.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// No `Cargo.toml` with a `[workspace]` table at or above the directory.
    #[error(
        "no Cargo workspace at or above {}: run `cargo xtask` inside a workspace (a directory \
         whose Cargo.toml has a [workspace] table)",
        .0.display()
    )]
    NotFound(PathBuf),
    /// A manifest on the way up cannot be read.
    #[error("{}: cannot read: {source}", path.display())]
    Unreadable {
        /// The manifest.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// A manifest on the way up is not TOML.
    #[error("{}:{line}:{column}: not valid TOML: {message}", path.display())]
    Invalid {
        /// The manifest.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the parser said.
        message: String,
    },
}

/// The root of the workspace `dir` is in: the nearest directory at or above `dir` whose
/// `Cargo.toml` has a `[workspace]` table. A relative `dir` is taken from the current directory.
///
/// # Errors
/// When there is no such directory, or a `Cargo.toml` on the way up cannot be read or parsed.
pub fn find_root(dir: &Path) -> Result<PathBuf, WorkspaceError> {
    let start = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    for candidate in start.ancestors() {
        let path = candidate.join("Cargo.toml");
        if read_manifest(&path)?.is_some_and(|manifest| manifest.contains_key("workspace")) {
            return Ok(candidate.to_path_buf());
        }
    }
    Err(WorkspaceError::NotFound(start))
}

/// The `[workspace] members` of the manifest in `root`, as written; `None` when `root` has no
/// manifest with a `[workspace]` table.
pub(crate) fn members(root: &Path) -> Result<Option<Vec<String>>, WorkspaceError> {
    let Some(manifest) = read_manifest(&root.join("Cargo.toml"))? else {
        return Ok(None);
    };
    let Some(workspace) = manifest.get("workspace") else {
        return Ok(None);
    };
    let members = workspace
        .get("members")
        .and_then(toml::Value::as_array)
        .map(|members| members.iter().filter_map(toml::Value::as_str).map(String::from).collect())
        .unwrap_or_default();
    Ok(Some(members))
}

/// The manifest at `path` parsed, or `None` when there is no file.
fn read_manifest(path: &Path) -> Result<Option<toml::Table>, WorkspaceError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(error)
            if matches!(error.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) =>
        {
            return Ok(None);
        }
        Err(source) => return Err(WorkspaceError::Unreadable { path: path.to_path_buf(), source }),
    };
    text.parse::<toml::Table>().map(Some).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |rest| rest.chars().count()) + 1;
        WorkspaceError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message: error.message().trim_end().to_owned(),
        }
    })
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
    fn the_nearest_manifest_with_a_workspace_table_is_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "Cargo.toml", "[workspace]\nmembers = [\"app\", \"generated/clients/*\"]\n");
        write(root, "app/Cargo.toml", "[package]\nname = \"app\"\n");
        fs::create_dir_all(root.join("app/src/deep")).unwrap();
        write(root, "tools/fuzz/Cargo.toml", "[package]\nname = \"fuzz\"\n[workspace]\n");

        assert_eq!(find_root(root).unwrap(), root);
        assert_eq!(find_root(&root.join("app/src/deep")).unwrap(), root, "a package is skipped");
        assert_eq!(find_root(&root.join("tools/fuzz")).unwrap(), root.join("tools/fuzz"));
        assert_eq!(members(root).unwrap().unwrap(), ["app", "generated/clients/*"]);
        assert_eq!(members(&root.join("app")).unwrap(), None, "a package is no workspace");
        assert_eq!(members(&root.join("tools/fuzz")).unwrap(), Some(Vec::new()));
    }

    #[test]
    fn outside_any_workspace_is_one_line_naming_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "lone/Cargo.toml", "[package]\nname = \"lone\"\n");
        let error = find_root(&dir.path().join("lone")).unwrap_err().to_string();
        assert_eq!(
            error,
            format!(
                "no Cargo workspace at or above {}: run `cargo xtask` inside a workspace (a \
                 directory whose Cargo.toml has a [workspace] table)",
                dir.path().join("lone").display()
            )
        );
    }

    #[test]
    fn a_broken_manifest_on_the_way_up_is_named_with_its_position() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "Cargo.toml", "[workspace]\nmembers = [\"a\"\n");
        let error = find_root(dir.path()).unwrap_err().to_string();
        let manifest = dir.path().join("Cargo.toml");
        let expected = "2:15: not valid TOML: unclosed array, expected `]`";
        assert_eq!(error, format!("{}:{expected}", manifest.display()));
    }
}
