//! `cargo xtask serve` and `cargo xtask dev-token`: the reference server and tokens for it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use billing_server::auth::{Claims, DEFAULT_LIFETIME_SECS, DevKeys, MAX_LIFETIME_SECS};

/// Where the development key pair lives unless a flag says otherwise.
fn default_keys_dir() -> PathBuf {
    crate::project_root().join("target/dev-keys")
}

pub(crate) fn serve(args: billing_server::ServeArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(billing_server::run(args, default_keys_dir()))?;
    Ok(ExitCode::SUCCESS)
}

/// Flags of `cargo xtask dev-token`.
#[derive(Debug, clap::Args)]
pub(crate) struct DevTokenArgs {
    /// The token's subject, logged as `user_id`.
    #[arg(long, default_value = "dev-user")]
    subject: String,
    /// The scopes to grant, space-separated.
    #[arg(long, default_value = "billing:read billing:write")]
    scope: String,
    /// How long the token lives, in seconds (at most 3600).
    #[arg(long, default_value_t = DEFAULT_LIFETIME_SECS)]
    lifetime: i64,
    /// Where the development key pair lives [default: target/dev-keys in the workspace].
    #[arg(long, value_name = "DIR")]
    keys_dir: Option<PathBuf>,
}

pub(crate) fn dev_token(args: &DevTokenArgs) -> anyhow::Result<ExitCode> {
    if !(1..=MAX_LIFETIME_SECS).contains(&args.lifetime) {
        anyhow::bail!(
            "--lifetime {} is outside 1..={MAX_LIFETIME_SECS}: the server refuses tokens that live longer than an hour",
            args.lifetime
        );
    }
    let dir = args.keys_dir.clone().unwrap_or_else(default_keys_dir);
    let keys = DevKeys::load_or_create(&dir)?;
    let scopes: Vec<&str> = args.scope.split_whitespace().collect();
    let token = keys.mint(&Claims::new(&args.subject, &scopes, args.lifetime))?;
    println!(
        "A development token for `{}` with the scopes `{}`, valid for {} s, signed by the key in {}.",
        args.subject,
        scopes.join(" "),
        args.lifetime,
        dir.display()
    );
    println!("Use it as `Authorization: Bearer <token>`; the token is the last line:");
    println!("{token}");
    Ok(ExitCode::SUCCESS)
}
