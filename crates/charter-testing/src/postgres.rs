//! A throwaway Postgres: `initdb` into a temporary directory, `postgres` on 127.0.0.1 and a free
//! port with trust authentication for the `postgres` role, stopped and removed when the value
//! is dropped (or its process ends).
//!
//! Each test can have its own server ([`Postgres::start`], about a second), or its own database
//! on the one server of the test process ([`Postgres::shared`] and
//! [`Postgres::fresh_database`], a few milliseconds).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::Error;
use crate::process::{Watchdog, command_as, find, free_port, is_root, run};

/// How to install the server on Debian.
const INSTALL: &str = "apt-get update && apt-get install -y postgresql";
/// Where Debian installs the server's programs (not on `PATH`).
const DEBIAN_DIRS: &[&str] = &["/usr/lib/postgresql/*/bin"];
/// The superuser role, with trust authentication on loopback.
pub const USER: &str = "postgres";

/// A running throwaway Postgres server.
pub struct Postgres {
    port: u16,
    dir: PathBuf,
    bin: PathBuf,
    user: Option<&'static str>,
    databases: AtomicU32,
    watchdog: Mutex<Watchdog>,
}

impl std::fmt::Debug for Postgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Postgres").field("port", &self.port).field("dir", &self.dir).finish()
    }
}

impl Postgres {
    /// Creates a cluster in a new temporary directory and starts it on 127.0.0.1 and a free
    /// port. As root, the cluster belongs to, and the server runs as, the `postgres` user.
    ///
    /// # Errors
    /// [`Error::Missing`] when Postgres is not installed (with the command that installs it),
    /// [`Error::Failed`] when initdb or the server fails (with what they printed).
    pub fn start() -> Result<Self, Error> {
        let initdb = find("initdb", DEBIAN_DIRS, INSTALL)?;
        // The programs beside the real initdb (PATH may hold a link to it).
        let initdb = std::fs::canonicalize(&initdb).unwrap_or(initdb);
        let bin = initdb.parent().map(Path::to_path_buf).unwrap_or_default();
        for program in ["pg_ctl", "psql"] {
            if !bin.join(program).is_file() {
                return Err(Error::Missing {
                    program: if program == "psql" { "psql" } else { "pg_ctl" },
                    install: INSTALL,
                });
            }
        }
        let user = is_root().then_some(USER);
        let dir = tempfile::Builder::new()
            .prefix("charter-postgres-")
            .tempdir()
            .map_err(|error| Error::Failed {
                step: "creating a temporary directory".into(),
                detail: error.to_string(),
            })?
            .keep();
        let data = dir.join("data");
        // From here on the watchdog removes the directory whatever happens.
        // A frozen server (see `freeze`) is thawed first, or it could not stop.
        let stop = format!(
            "[ -f '{data}/postmaster.pid' ] && pid=$(head -n 1 '{data}/postmaster.pid') && \
             {{ kill -CONT $pid $(pgrep -P $pid) 2>/dev/null; \
             {as_user}'{pg_ctl}' stop -D '{data}' -m immediate; }}",
            data = data.display(),
            as_user = user.map_or(String::new(), |user| format!("runuser -u {user} -- ")),
            pg_ctl = bin.join("pg_ctl").display(),
        );
        let watchdog = Watchdog::new(&stop, &dir)?;
        if let Some(user) = user {
            let mut chown = Command::new("chown");
            chown.arg(format!("{user}:")).arg(&dir);
            run(chown)?;
        }
        let mut initdb_command = command_as(user, &initdb);
        initdb_command.arg("-D").arg(&data).args([
            "-U",
            USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ]);
        run(initdb_command)?;
        let mut postgres = Postgres {
            port: 0,
            dir,
            bin,
            user,
            databases: AtomicU32::new(0),
            watchdog: Mutex::new(watchdog),
        };
        let mut last = None;
        for _ in 0..3 {
            postgres.port = free_port()?;
            match postgres.resume() {
                Ok(()) => return Ok(postgres),
                // Another process took the port between the pick and the bind: pick again.
                Err(error) => last = Some(error),
            }
        }
        Err(last
            .unwrap_or(Error::Failed { step: "starting postgres".into(), detail: String::new() }))
    }

    /// The server every test of this process shares, started on first use. It stops, and its
    /// directory goes, when the process ends. Give each test its own database with
    /// [`Postgres::fresh_database`].
    ///
    /// # Errors
    /// As [`Postgres::start`], for every caller when the first start failed.
    pub fn shared() -> Result<&'static Postgres, Error> {
        static SHARED: OnceLock<Result<Postgres, Error>> = OnceLock::new();
        SHARED.get_or_init(Postgres::start).as_ref().map_err(Clone::clone)
    }

    /// The port the server listens on, on 127.0.0.1.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The temporary directory holding the cluster (`data/`), its socket and its log.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The URL of `database` for the `postgres` role, e.g.
    /// `postgres://postgres@127.0.0.1:5433/postgres`.
    #[must_use]
    pub fn url(&self, database: &str) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{database}", self.port)
    }

    /// Creates the database `name` (letters, digits and `_`) and returns its URL.
    ///
    /// # Errors
    /// When the name is not a plain identifier, or `CREATE DATABASE` fails (it exists, the
    /// server is stopped).
    pub fn create_database(&self, name: &str) -> Result<String, Error> {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(Error::Failed {
                step: format!("creating the database `{name}`"),
                detail: "use only ASCII letters, digits and `_` in a test database's name".into(),
            });
        }
        self.psql("postgres", &format!("CREATE DATABASE {name}"))?;
        Ok(self.url(name))
    }

    /// A new, empty database with a name no other call in this process returned, and its URL.
    ///
    /// # Errors
    /// As [`Postgres::create_database`].
    pub fn fresh_database(&self) -> Result<String, Error> {
        let n = self.databases.fetch_add(1, Ordering::Relaxed);
        self.create_database(&format!("test_{}_{n}", std::process::id()))
    }

    /// Runs `sql` in `database` with `psql` and returns what it prints, unaligned and without
    /// headers: one line per row, columns separated by `|`. For tests that look at rows
    /// directly.
    ///
    /// # Errors
    /// When psql fails: the SQL is wrong, the server is stopped.
    pub fn psql(&self, database: &str, sql: &str) -> Result<String, Error> {
        let mut psql = Command::new(self.bin.join("psql"));
        psql.args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", USER])
            .args(["-p", &self.port.to_string(), "-d", database, "-c", sql]);
        let output = run(psql)?;
        Ok(String::from_utf8_lossy(&output.stdout).trim_end().to_owned())
    }

    /// Stops the server (fast shutdown: clients are disconnected), keeping its data, so that a
    /// test can see what its service does without a database. [`Postgres::resume`] starts it
    /// again on the same port.
    ///
    /// # Errors
    /// When `pg_ctl stop` fails.
    pub fn stop(&self) -> Result<(), Error> {
        let mut stop = command_as(self.user, &self.bin.join("pg_ctl"));
        stop.arg("stop").arg("-D").arg(self.dir.join("data")).args(["-m", "fast", "-w"]);
        run(stop).map(drop)
    }

    /// Freezes the server (SIGSTOP to it and its backends): it accepts connections and answers
    /// nothing, like a hung database or a lost network. [`Postgres::thaw`] lets it go on; a
    /// frozen server is thawed before it is stopped.
    ///
    /// # Errors
    /// When the server is not running or the signal cannot be sent.
    pub fn freeze(&self) -> Result<(), Error> {
        self.signal_all("-STOP")
    }

    /// Lets a frozen server go on (SIGCONT).
    ///
    /// # Errors
    /// As [`Postgres::freeze`].
    pub fn thaw(&self) -> Result<(), Error> {
        self.signal_all("-CONT")
    }

    /// Sends `signal` to the postmaster and its children.
    fn signal_all(&self, signal: &str) -> Result<(), Error> {
        let pid_file = self.dir.join("data/postmaster.pid");
        let text = std::fs::read_to_string(&pid_file).map_err(|error| Error::Failed {
            step: format!("reading {}", pid_file.display()),
            detail: format!("{error} (is the server running?)"),
        })?;
        let pid = text.lines().next().unwrap_or_default().trim().to_owned();
        // The postmaster first, so that it starts no backend the list below would miss.
        let mut kill = Command::new("kill");
        kill.arg(signal).arg(&pid);
        run(kill)?;
        let mut children = Command::new("pgrep");
        children.args(["-P", &pid]);
        let children =
            run(children).map(|output| String::from_utf8_lossy(&output.stdout).into_owned())?;
        // A backend may exit between pgrep and kill (a client that just left): not an error.
        for child in children.split_whitespace() {
            let _ = Command::new("kill").arg(signal).arg(child).stderr(Stdio::null()).status();
        }
        Ok(())
    }

    /// Starts the server (again) on its port, and waits until it accepts connections.
    ///
    /// # Errors
    /// When `pg_ctl start` fails, e.g. the port is taken; the error holds the server's log.
    pub fn resume(&self) -> Result<(), Error> {
        let log = self.dir.join("postgres.log");
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c full_page_writes=off",
            self.port,
            self.dir.display()
        );
        let mut start = command_as(self.user, &self.bin.join("pg_ctl"));
        start
            .arg("start")
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("-l")
            .arg(&log)
            .args(["-w", "-t", "60", "-o", &options]);
        run(start).map(drop).map_err(|error| match error {
            Error::Failed { step, detail } => Error::Failed {
                step,
                detail: format!(
                    "{detail}\nthe server's log:\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                ),
            },
            missing @ Error::Missing { .. } => missing,
        })
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self.thaw();
        if let Ok(watchdog) = self.watchdog.get_mut() {
            watchdog.fire();
        }
    }
}
