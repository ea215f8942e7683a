//! `cargo xtask serve` and `cargo xtask dev-token`: the workspace's server, and tokens for it.
//!
//! The server is the workspace's own (registered with [`Project::server`](crate::Project::server));
//! this module runs it on a tokio runtime with the development key pair in `target/dev-keys` of
//! the workspace, where `dev-token` signs its tokens too.

use std::future::Future;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::ExitCode;

use anyhow::Context as _;
use charter_contract::Api;
#[cfg(doc)]
use charter_server::ServeArgs;
use charter_server::auth::{Claims, DEFAULT_LIFETIME_SECS, DevKeys, JwtConfig, MAX_LIFETIME_SECS};

/// Where the development key pair lives in a workspace unless a flag says otherwise.
pub const DEV_KEYS_DIR: &str = "target/dev-keys";

/// A server's future.
type ServeFuture = Pin<Box<dyn Future<Output = anyhow::Result<()>>>>;

/// Starts a server from its parsed flags and the keys directory.
type StartFn = dyn Fn(&clap::ArgMatches, PathBuf) -> Result<ServeFuture, clap::Error>;

/// A server registered with [`Project::server`](crate::Project::server): how its flags are
/// declared, and how it starts from them as parsed.
pub(crate) struct Server {
    /// Adds the server's flags to the `serve` command.
    pub(crate) flags: fn(clap::Command) -> clap::Command,
    /// Reads the flags into the server's type and starts it with the keys directory.
    pub(crate) run: Box<StartFn>,
}

/// The flags of `serve` as parsed, for the server's own type to read: they are declared by
/// [`Server::flags`] (or [`ServeArgs`] when there is no server), not by this type.
#[derive(Clone, Debug)]
pub(crate) struct ServeFlags(clap::ArgMatches);

impl clap::FromArgMatches for ServeFlags {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        Ok(ServeFlags(matches.clone()))
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0 = matches.clone();
        Ok(())
    }
}

impl clap::Args for ServeFlags {
    fn augment_args(command: clap::Command) -> clap::Command {
        command
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        command
    }
}

/// Runs `server` with `flags` until it returns (on SIGTERM or Ctrl-C for a Charter server).
pub(crate) fn serve(server: &Server, root: &Path, flags: &ServeFlags) -> anyhow::Result<ExitCode> {
    let running = (server.run)(&flags.0, root.join(DEV_KEYS_DIR))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(running)?;
    Ok(ExitCode::SUCCESS)
}

/// Flags of `cargo xtask dev-token`.
#[derive(Debug, clap::Args)]
pub(crate) struct DevTokenArgs {
    /// The token's subject, logged as `user_id`.
    #[arg(long, default_value = "dev-user")]
    subject: String,
    /// A scope to grant; repeat the flag or separate scopes with spaces (`--scope ""` grants
    /// none) [default: every scope the API declares].
    #[arg(long = "scope", value_name = "SCOPE")]
    scopes: Vec<String>,
    /// How long the token lives, in seconds (at most 3600).
    #[arg(long, default_value_t = DEFAULT_LIFETIME_SECS)]
    lifetime: i64,
    /// Where the development key pair lives [default: target/dev-keys in the workspace].
    #[arg(long, value_name = "DIR")]
    keys_dir: Option<PathBuf>,
}

/// Mints a token that `api`'s server accepts with its default issuer and audience, signed with
/// the key pair of the workspace at `root`, and prints it to `out` on the last line.
pub(crate) fn dev_token(
    api: &Api,
    root: &Path,
    args: &DevTokenArgs,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    if !(1..=MAX_LIFETIME_SECS).contains(&args.lifetime) {
        anyhow::bail!(
            "--lifetime {} is outside 1..={MAX_LIFETIME_SECS}: the server refuses tokens that \
             live longer than an hour",
            args.lifetime
        );
    }
    let declared: Vec<&str> = api.all_scopes().iter().map(|scope| scope.name).collect();
    let scopes = requested_scopes(&args.scopes, &declared);
    for scope in &scopes {
        if !declared.contains(scope) {
            eprintln!(
                "note: `{scope}` is not a scope of the {}, whose scopes are `{}`: the token \
                 grants nothing with it",
                api.title,
                declared.join(" ")
            );
        }
    }
    let dir = args.keys_dir.clone().unwrap_or_else(|| root.join(DEV_KEYS_DIR));
    let keys = DevKeys::load_or_create(&dir)?;
    // What the server trusts by default: the development issuer, the API's name as audience.
    let config = JwtConfig::for_api(api.name);
    let token = keys.mint(&Claims::new(&config, &args.subject, &scopes, args.lifetime))?;
    writeln!(
        out,
        "A development token for `{}` with the scopes `{}`, valid for {} s, signed by the key in {}.",
        args.subject,
        scopes.join(" "),
        args.lifetime,
        dir.display()
    )?;
    writeln!(out, "Use it as `Authorization: Bearer <token>`; the token is the last line:")?;
    writeln!(out, "{token}")?;
    Ok(ExitCode::SUCCESS)
}

/// The scopes asked for (each `--scope` may hold several, space-separated), without repeats;
/// every declared scope when none is asked for.
fn requested_scopes<'a>(flags: &'a [String], declared: &[&'a str]) -> Vec<&'a str> {
    if flags.is_empty() {
        return declared.to_vec();
    }
    let mut scopes: Vec<&str> = Vec::new();
    for scope in flags.iter().flat_map(|flag| flag.split_whitespace()) {
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    scopes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_default_to_the_declared_ones_and_split_on_spaces() {
        let declared = ["notes:read", "notes:write", "notes:admin"];
        let flags =
            |flags: &[&str]| flags.iter().map(|flag| (*flag).to_owned()).collect::<Vec<_>>();
        assert_eq!(requested_scopes(&[], &declared), declared);
        let given = flags(&["notes:read  notes:write", "notes:read", "x"]);
        assert_eq!(requested_scopes(&given, &declared), ["notes:read", "notes:write", "x"]);
        assert!(requested_scopes(&flags(&[""]), &declared).is_empty(), "--scope \"\" grants none");
    }
}
