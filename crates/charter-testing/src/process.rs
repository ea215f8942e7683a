//! What the throwaway servers share: a free port, finding a program, running one as another
//! user, and the watchdog that stops a server when its owner goes away.
//!
//! The watchdog is a small `sh` script holding the read end of a pipe whose write end only the
//! owner ([`Watchdog`]) holds. When the owner drops it, panics, or its process dies (even by
//! SIGKILL), the pipe closes, `cat` returns, and the script runs the stop command and removes
//! the directory. So a server shared by every test of a process (a `static`, never dropped)
//! still goes away with the process.

use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};

use crate::Error;

/// A free TCP port on 127.0.0.1, as the kernel picks one. Another process may take it before
/// the server binds it; the servers retry with another port when binding fails.
pub(crate) fn free_port() -> Result<u16, Error> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|a| a.port())
        .map_err(|error| Error::Failed {
            step: "binding 127.0.0.1:0 to find a free port".into(),
            detail: error.to_string(),
        })
}

/// The path of `program`: on `PATH`, else in the first of `extra_dirs` (globs of one `*`
/// component are expanded, the highest name first) that has it.
pub(crate) fn find(
    program: &'static str,
    extra_dirs: &[&str],
    install: &'static str,
) -> Result<PathBuf, Error> {
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).map(|dir| dir.join(program)).collect::<Vec<_>>())
        .unwrap_or_default();
    let extra = extra_dirs.iter().flat_map(|pattern| expand(pattern)).map(|dir| dir.join(program));
    on_path
        .into_iter()
        .chain(extra)
        .find(|candidate| candidate.is_file())
        .ok_or(Error::Missing { program, install })
}

/// `pattern` with at most one `*` component expanded, the highest version first (`16` before
/// `9`; names that are not numbers after those that are).
fn expand(pattern: &str) -> Vec<PathBuf> {
    let Some((before, after)) = pattern.split_once("/*/") else {
        return vec![PathBuf::from(pattern)];
    };
    let mut names: Vec<(Option<u64>, String)> = std::fs::read_dir(before)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .map(|name| (name.parse().ok(), name))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names.reverse();
    names.into_iter().map(|(_, name)| Path::new(before).join(name).join(after)).collect()
}

/// Whether this process runs as root (uid 0): Postgres then runs as the `postgres` user.
pub(crate) fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}

/// `program args`, as `user` through `runuser` when given.
pub(crate) fn command_as(user: Option<&str>, program: &Path) -> Command {
    match user {
        Some(user) => {
            let mut command = Command::new("runuser");
            command.args(["-u", user, "--"]).arg(program);
            command
        }
        None => Command::new(program),
    }
}

/// Runs `command` to completion; a failure says what ran and what it printed.
pub(crate) fn run(mut command: Command) -> Result<Output, Error> {
    let step = describe(&command);
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|error| Error::Failed { step: step.clone(), detail: error.to_string() })?;
    if !output.status.success() {
        return Err(Error::Failed {
            step,
            detail: format!(
                "{}: {}{}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim(),
                String::from_utf8_lossy(&output.stdout).trim()
            ),
        });
    }
    Ok(output)
}

/// `program arg arg …`, for messages.
pub(crate) fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `stop` (a shell command) and removes `dir` once the owner goes away.
pub(crate) struct Watchdog {
    stdin: Option<ChildStdin>,
    child: Child,
}

impl Watchdog {
    /// A watchdog that, when dropped or orphaned, runs `stop` with `sh -c` and then removes
    /// `dir` and everything in it.
    pub(crate) fn new(stop: &str, dir: &Path) -> Result<Self, Error> {
        let script = r#"cat >/dev/null; sh -c "$1" >/dev/null 2>&1; rm -rf -- "$2""#;
        let mut child = Command::new("sh")
            .args(["-c", script, "watchdog", stop])
            .arg(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| Error::Failed {
                step: "starting the watchdog shell (sh)".into(),
                detail: error.to_string(),
            })?;
        let stdin = child.stdin.take();
        Ok(Watchdog { stdin, child })
    }

    /// Stops the server and removes its directory now, waiting for both.
    pub(crate) fn fire(&mut self) {
        if let Some(mut stdin) = self.stdin.take() {
            let _ = stdin.flush();
        }
        let _ = self.child.wait();
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.fire();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_program_is_an_error_saying_how_to_install_it() {
        let error = find("charter-no-such-server", &["/nonexistent/*/bin"], "apt-get install x")
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "`charter-no-such-server` is not installed, and the service tests need a real \
             server: install it with `apt-get install x` (Debian, as root) and run them again"
        );
    }

    #[test]
    fn programs_are_found_on_path_then_in_the_extra_directories_highest_first() {
        let root = tempfile::tempdir().unwrap();
        for version in ["9", "15", "16"] {
            let bin = root.path().join(version).join("bin");
            std::fs::create_dir_all(&bin).unwrap();
            std::fs::write(bin.join("initdb"), "").unwrap();
        }
        let pattern = format!("{}/*/bin", root.path().display());
        let found = find("initdb-not-on-path", &[&pattern], "x").unwrap_err().to_string();
        assert!(found.contains("initdb-not-on-path"), "{found}");
        std::fs::write(root.path().join("16/bin/initdb-not-on-path"), "").unwrap();
        std::fs::write(root.path().join("9/bin/initdb-not-on-path"), "").unwrap();
        // Versions compare as numbers: 16 is newer than 9.
        assert_eq!(
            find("initdb-not-on-path", &[&pattern], "x").unwrap(),
            root.path().join("16/bin/initdb-not-on-path")
        );
        assert_eq!(expand("/no/glob/here"), [PathBuf::from("/no/glob/here")]);
    }
}
