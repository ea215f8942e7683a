//! The library behind a Charter workspace's `cargo xtask`: the tasks know no API, the
//! workspace's `xtask/src/main.rs` names its own.
//!
//! ```no_run
//! use charter_contract::{Api, Stability, StandardErrors, Version};
//!
//! /// In a real workspace: the contract crate's `api()`.
//! fn api() -> Api {
//!     Api::new::<StandardErrors>("notes", "Notes API")
//!         .version(Version::new("v1", Stability::Beta, "0.1.0"))
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     charter_xtask::Project::new(api).main()
//! }
//! ```
//!
//! [`Project::server`] adds the workspace's server for `cargo xtask serve`,
//! [`Project::generated_file`] a file `cargo xtask openapi` generates besides documents and
//! clients, [`Project::services`] the packages `cargo xtask test-services` tests, and
//! [`Project::main_with`] tasks of the workspace's own.
//!
//! | task | module | what it does |
//! | --- | --- | --- |
//! | `openapi` | [`openapi`], [`versions`] | documents and client crates (versions, changelogs) under `generated/`, or `--check` them |
//! | `diff-contract` | `diff_contract` | the breaking-change gate against a base git ref |
//! | `fixtures` | `fixtures` | fixture coverage, and starting fixtures for what is missing |
//! | `serve`, `dev-token` | [`serve`] | the workspace's server, and bearer tokens for it |
//! | `test-services` | `test_services` | the tests behind the packages' `services` feature (real Postgres, Redis) |
//!
//! Every task works on the workspace the current directory is in ([`workspace::find_root`]),
//! never on the one the xtask was built in. Exit codes: **0** done, **1** something is stale or
//! blocks, **2** a usage or input error, told in one line on standard error.

mod diff_contract;
mod fixtures;
pub mod generated;
mod locate;
pub mod openapi;
pub mod serve;
mod test_services;
pub mod versions;
pub mod workspace;

use std::ffi::OsString;
use std::future::Future;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use charter_contract::Api;
use clap::{Args as _, CommandFactory as _, FromArgMatches as _, Parser, Subcommand};

pub use charter_server::ServeArgs;
pub use generated::{FileSet, Staleness};
pub use openapi::{CLIENTS_INDEX, DOCUMENTS_DIR, GenerateError, client_releases, document_path};
pub use serve::DEV_KEYS_DIR;
pub use workspace::WorkspaceError;

/// A workspace's `cargo xtask`: its API, and optionally its server and extra generated files.
pub struct Project {
    api: Box<dyn Fn() -> Api>,
    server: Option<serve::Server>,
    extra_files: Vec<openapi::ExtraFile>,
    services: Vec<String>,
}

impl Project {
    /// The tasks over the API `api` builds (typically the contract crate's `api` function).
    #[must_use]
    pub fn new(api: impl Fn() -> Api + 'static) -> Self {
        Project { api: Box::new(api), server: None, extra_files: Vec::new(), services: Vec::new() }
    }

    /// The server `cargo xtask serve` runs: an async function of its flags and the default
    /// directory of the development key pair (`target/dev-keys` in the workspace, where
    /// `cargo xtask dev-token` signs). It should return on SIGTERM or Ctrl-C. Without one,
    /// `serve` is hidden and refused.
    ///
    /// The flags are [`ServeArgs`], or the server's own `clap::Args` type that flattens them
    /// and adds its own (e.g. `--database-url`): `serve --help` lists whatever the type has.
    #[must_use]
    pub fn server<A, F, Fut>(mut self, server: F) -> Self
    where
        A: clap::Args + 'static,
        F: Fn(A, PathBuf) -> Fut + 'static,
        Fut: Future<Output = anyhow::Result<()>> + 'static,
    {
        self.server = Some(serve::Server {
            flags: A::augment_args,
            run: Box::new(move |matches, keys_dir| {
                let args = A::from_arg_matches(matches)?;
                Ok(Box::pin(server(args, keys_dir)))
            }),
        });
        self
    }

    /// A file `cargo xtask openapi` generates and checks besides documents and clients, at
    /// `path` relative to the workspace root, e.g. a catalogue the workspace publishes.
    #[must_use]
    pub fn generated_file(
        mut self,
        path: impl Into<PathBuf>,
        contents: impl Fn() -> String + 'static,
    ) -> Self {
        self.extra_files
            .push(openapi::ExtraFile { path: path.into(), contents: Box::new(contents) });
        self
    }

    /// The packages with service tests, for `cargo xtask test-services`: tests that need real
    /// servers (e.g. a throwaway Postgres or Redis they start themselves), behind each
    /// package's `services` feature so that `cargo test --workspace` compiles none of them.
    /// The task runs every integration test of these packages with the feature on, and fails
    /// when a test binary runs no test or ignores one. Without packages, the task is hidden and
    /// refused.
    #[must_use]
    pub fn services(mut self, packages: &[&str]) -> Self {
        self.services.extend(packages.iter().map(|&package| package.to_owned()));
        self
    }

    /// Everything `cargo xtask openapi` generates for the workspace at `root` (whose git base
    /// gives the client crates' versions, [`versions`]), in memory: check it against the
    /// workspace with [`FileSet::check`] (a freshness test), or write it with [`FileSet::write`].
    ///
    /// # Errors
    /// When the contract is inconsistent, a document cannot become a client, or a generated
    /// file's path leaves the workspace.
    pub fn generate(&self, root: &Path) -> Result<FileSet, GenerateError> {
        Ok(openapi::generate(&(self.api)(), &self.extra_files, root)?.0)
    }

    /// Parses the process's arguments, runs the task in the workspace of the current
    /// directory, and returns the exit code.
    #[must_use]
    pub fn main(self) -> ExitCode {
        self.main_with(|task: NoExtraTasks, _: &Path| match task {})
    }

    /// [`Project::main`] with the workspace's own tasks besides Charter's: `E` is a clap
    /// `Subcommand` enum (each variant's `///` doc is its help), and `run` runs one with the
    /// workspace root.
    ///
    /// ```no_run
    /// # fn api() -> charter_contract::Api { charter_contract::Api::new::<charter_contract::StandardErrors>("notes", "Notes API") }
    /// /// Tasks of this workspace only.
    /// #[derive(clap::Subcommand)]
    /// enum Extra {
    ///     /// Say hello from the workspace root.
    ///     Hello,
    /// }
    ///
    /// fn main() -> std::process::ExitCode {
    ///     charter_xtask::Project::new(api).main_with(|task: Extra, root: &std::path::Path| {
    ///         match task {
    ///             Extra::Hello => println!("hello from {}", root.display()),
    ///         }
    ///         Ok(std::process::ExitCode::SUCCESS)
    ///     })
    /// }
    /// ```
    #[must_use]
    pub fn main_with<E: Subcommand>(
        self,
        run: impl FnOnce(E, &Path) -> anyhow::Result<ExitCode>,
    ) -> ExitCode {
        let cli = match self.parse(std::env::args_os()) {
            Ok(cli) => cli,
            Err(error) => {
                let _ = error.print();
                return exit_code_of(&error);
            }
        };
        let current_dir = match std::env::current_dir() {
            Ok(dir) => dir,
            Err(error) => {
                eprintln!("error: cannot read the current directory: {error}");
                return ExitCode::from(2);
            }
        };
        self.dispatch(cli, &current_dir, &mut io::stdout(), run)
    }

    /// What [`Project::main`] does, with the arguments (the first is the program name), the
    /// current directory and the output given: for tests of a workspace's xtask. Help goes to
    /// `out`, errors to standard error.
    pub fn run_from<I, T>(&self, args: I, current_dir: &Path, out: &mut dyn Write) -> ExitCode
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        match self.parse(args) {
            Ok(cli) => {
                self.dispatch(cli, current_dir, out, |task: NoExtraTasks, _: &Path| match task {})
            }
            Err(error) => {
                if error.use_stderr() {
                    eprint!("{}", error.render());
                } else {
                    let _ = write!(out, "{}", error.render());
                }
                exit_code_of(&error)
            }
        }
    }

    /// The task `args` name, `serve` hidden when there is no server.
    fn parse<E, I, T>(&self, args: I) -> Result<Cli<E>, clap::Error>
    where
        E: Subcommand,
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let mut command = Cli::<E>::command();
        command = match &self.server {
            Some(server) => command.mut_subcommand("serve", server.flags),
            None => {
                command.mut_subcommand("serve", |serve| ServeArgs::augment_args(serve).hide(true))
            }
        };
        if self.services.is_empty() {
            command = command.mut_subcommand("test-services", |task| task.hide(true));
        }
        command
            .try_get_matches_from_mut(args)
            .and_then(|matches| Cli::<E>::from_arg_matches(&matches))
            .map_err(|error| error.format(&mut command))
    }

    /// Runs the task of `cli` in the workspace of `current_dir`.
    fn dispatch<E: Subcommand>(
        &self,
        cli: Cli<E>,
        current_dir: &Path,
        out: &mut dyn Write,
        extra: impl FnOnce(E, &Path) -> anyhow::Result<ExitCode>,
    ) -> ExitCode {
        let result = workspace::find_root(current_dir).map_err(anyhow::Error::from).and_then(
            |root| match cli.task {
                Task::Charter(command) => self.run_task(command, &root, out),
                Task::Extra(task) => extra(task, &root),
            },
        );
        match result {
            Ok(code) => code,
            Err(error) => {
                eprintln!("error: {error:#}");
                ExitCode::from(2)
            }
        }
    }

    fn run_task(
        &self,
        command: Command,
        root: &Path,
        out: &mut dyn Write,
    ) -> anyhow::Result<ExitCode> {
        match command {
            Command::Openapi(args) => {
                openapi::run(&(self.api)(), &self.extra_files, root, &args, out)
            }
            Command::Serve(flags) => match &self.server {
                Some(server) => serve::serve(server, root, &flags),
                None => anyhow::bail!(
                    "this workspace's xtask has no server: register one with \
                     `Project::server` in xtask/src/main.rs"
                ),
            },
            Command::DevToken(args) => serve::dev_token(&(self.api)(), root, &args, out),
            Command::TestServices(_) if self.services.is_empty() => anyhow::bail!(
                "this workspace's xtask lists no packages with service tests: name them with \
                 `Project::services` in xtask/src/main.rs"
            ),
            Command::TestServices(args) => test_services::run(&self.services, root, &args),
            Command::DiffContract(args) => diff_contract::run(&(self.api)(), root, &args),
            Command::Fixtures(args) => fixtures::run(&(self.api)(), root, &args, out),
        }
    }
}

/// 0 for help and version, 2 for a usage error.
fn exit_code_of(error: &clap::Error) -> ExitCode {
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}

/// Charter: a contract-first API toolchain. The contract's Rust types are the source of truth;
/// every task works on the workspace of the current directory.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli<E: Subcommand> {
    #[command(subcommand)]
    task: Task<E>,
}

/// Charter's tasks, then the workspace's own.
#[derive(Subcommand)]
enum Task<E: Subcommand> {
    #[command(flatten)]
    Charter(Command),
    #[command(flatten)]
    Extra(E),
}

/// No tasks besides Charter's.
#[derive(Subcommand)]
enum NoExtraTasks {}

/// Charter's tasks.
#[derive(Debug, Subcommand)]
enum Command {
    /// Generate everything under generated/ from the contract: an OpenAPI document and a client
    /// crate per version (exit 0 written, 1 stale with --check, 2 bad contract: nothing written).
    Openapi(openapi::Args),
    /// Run the workspace's server until SIGTERM or Ctrl-C (creates a development key pair first).
    Serve(serve::ServeFlags),
    /// Print a development bearer token the server accepts (on the last line).
    DevToken(serve::DevTokenArgs),
    /// Compare the contract with the documents at a base git ref (or two files) and fail on
    /// breaking changes: exit 0 nothing blocks, 1 a finding blocks, 2 usage or input error.
    DiffContract(diff_contract::Args),
    /// Print fixture coverage per version and schema, and scaffold a starting fixture (never
    /// overwriting) for each schema without one: exit 0 done, 1 stale folders, 2 unreadable input.
    Fixtures(fixtures::Args),
    /// Run the service tests, which start the servers they need themselves (e.g. a throwaway
    /// Postgres and Redis): every integration test of the workspace's service packages with
    /// their `services` feature. Fails when a test binary runs no test.
    TestServices(test_services::Args),
}
