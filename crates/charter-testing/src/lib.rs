//! Throwaway servers for a service's tests: a real Postgres or Redis, started by the test
//! itself on `127.0.0.1` and a free port, in a temporary directory, and stopped (the directory
//! removed) when the test ends, also when it panics, and also when the test process is killed.
//!
//! ```no_run
//! let postgres = charter_testing::Postgres::start().unwrap();
//! let url = postgres.create_database("orders_test").unwrap(); // postgres://postgres@127.0.0.1:PORT/orders_test
//! let redis = charter_testing::Redis::start().unwrap();
//! let url = redis.url(); // redis://127.0.0.1:PORT/
//! ```
//!
//! Both run the servers Debian packages (`apt-get install postgresql redis-server`). A missing
//! server is an [`Error`] that says how to install it: nothing here skips a test.
//!
//! - [`postgres`]: initdb into the temporary directory, `postgres` as the `postgres` user when
//!   the test runs as root (initdb and postgres refuse root), trust authentication on loopback.
//! - [`redis`]: `redis-server` without persistence.
//! - [`process`]: what both share: free ports, finding binaries, and the watchdog that stops a
//!   server when its owner goes away.

pub mod postgres;
mod process;
pub mod redis;

pub use postgres::Postgres;
pub use redis::Redis;

/// Why a throwaway server could not start or stop.
/// Its `Debug` is its message, so that `unwrap()` in a test prints how to fix it.
#[derive(Clone)]
pub enum Error {
    /// A program the server needs is not installed.
    Missing {
        /// The program looked for, e.g. `initdb`.
        program: &'static str,
        /// The command that installs it.
        install: &'static str,
    },
    /// A step failed: what was run, and what it said.
    Failed {
        /// The step, e.g. `initdb -D /tmp/...`.
        step: String,
        /// Its exit status and output, or the I/O error.
        detail: String,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Missing { program, install } => write!(
                f,
                "`{program}` is not installed, and the service tests need a real server: \
                 install it with `{install}` (Debian, as root) and run them again"
            ),
            Error::Failed { step, detail } => write!(f, "{step} failed: {detail}"),
        }
    }
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}
