//! `charter new DIR --api NAME`: a new contract-first workspace built on Charter's crates.
//!
//! The workspace is rendered from the files under `templates/` (embedded, listed in
//! [`templates::TEMPLATES`]) with the API's name filled in, written into a temporary directory
//! beside `DIR` and renamed into place, so a failure leaves nothing half-written. Nothing about
//! the run (time, user, machine) reaches the files: the same flags write the same bytes.
//!
//! With `--charter-path` the workspace depends on a Charter checkout by absolute path and starts
//! from the checkout's lock file (its registry packages only, see [`lock`]), so it builds
//! offline with the crate versions Charter is tested with; without it, on the published crates
//! by version.

mod lock;
mod templates;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use self::templates::{OPTIONAL, Placeholders, TEMPLATES, When};

const EXAMPLES: &str = "\
Example:
  charter new inventory --api inventory
  cd inventory
  cargo xtask openapi       # generated/: the OpenAPI document and the client crate of v1
  cargo test --workspace    # fixtures round trips, the service, end to end, freshness

The new workspace holds a contract with one stable version (v1: items, listed by page,
created, read back; scopes <NAME>:read and <NAME>:write), the service on charter-server with
an in-memory store (tests/server), round-trip and end-to-end tests, fixtures for every schema,
a README, and .ci/run for CI. --postgres adds a Postgres store (cargo xtask serve
--database-url), --redis documents the rate limit in Redis (--redis-url); either adds service
tests against a throwaway Postgres or Redis, run by `cargo xtask test-services`. Until the
first `cargo xtask openapi`, generated/clients/ holds a placeholder crate that the command
replaces: cargo cannot load a workspace whose members depend on a crate that does not exist
yet.

Exit codes: 0 written, 2 usage error (bad name, DIR exists and is not empty, not a Charter
checkout) with nothing written.";

/// Flags of `charter new`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    /// The directory to create the workspace in; it must not exist, or be empty.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// The API's name: lowercase letters, digits and single hyphens, starting with a letter
    /// (e.g. `inventory`). It names the scopes (`<NAME>:read`, `<NAME>:write`), the crates
    /// (`<NAME>-contracts`, `<NAME>-client-v1`) and the title.
    #[arg(long, value_name = "NAME")]
    api: String,
    /// Depend on the Charter checkout at CHECKOUT by path instead of on the published crates,
    /// starting from its Cargo.lock: builds offline, with the versions Charter is tested with.
    #[arg(long, value_name = "CHECKOUT")]
    charter_path: Option<PathBuf>,
    /// Give the service a Postgres store besides the in-memory default (`cargo xtask serve
    /// --database-url`): migrations in the service, `409` for a taken item name, a `database`
    /// health check, and service tests against a throwaway Postgres (`cargo xtask
    /// test-services`).
    #[arg(long)]
    postgres: bool,
    /// Test and document the rate limit in Redis (`cargo xtask serve --redis-url`): a service
    /// test of two instances sharing one Redis (`cargo xtask test-services`).
    #[arg(long)]
    redis: bool,
}

/// What the flags add to a workspace.
#[derive(Clone, Copy, Debug, Default)]
struct Services {
    postgres: bool,
    redis: bool,
}

impl Services {
    fn any(self) -> bool {
        self.postgres || self.redis
    }

    fn wants(self, when: When) -> bool {
        match when {
            When::Postgres => self.postgres,
            When::Redis => self.redis,
        }
    }
}

/// The Charter crates a new workspace depends on, all at this command's version.
const CHARTER_CRATES: [&str; 4] =
    ["charter-contract", "charter-roundtrip", "charter-server", "charter-xtask"];

/// The Charter crate the service tests of `--postgres` and `--redis` start servers with.
const CHARTER_TESTING: &str = "charter-testing";

/// Writes the workspace, prints where and what to run next.
pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let name = ApiName::parse(&args.api)?;
    check_target(&args.dir)?;
    let charter = args.charter_path.as_deref().map(CharterCheckout::open).transpose()?;
    let services = Services { postgres: args.postgres, redis: args.redis };
    let files = render(&name, charter.as_ref(), services);
    write_atomically(&args.dir, &files)?;
    println!(
        "Created the {} workspace in {} ({} files). Next:\n  cd {}\n  cargo xtask openapi\n  \
         cargo test --workspace",
        name.0,
        args.dir.display(),
        files.len(),
        args.dir.display()
    );
    if services.any() {
        println!("  cargo xtask test-services   # needs: apt-get install postgresql redis-server");
    }
    Ok(ExitCode::SUCCESS)
}

/// A valid API name.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ApiName(String);

impl ApiName {
    /// Checks `text`: lowercase ASCII letters, digits and hyphens, a letter first, no hyphen
    /// last or twice in a row (each part becomes a word of the title).
    fn parse(text: &str) -> anyhow::Result<Self> {
        let valid = text.starts_with(|c: char| c.is_ascii_lowercase())
            && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !text.ends_with('-')
            && !text.contains("--")
            && text.len() <= 64;
        if !valid {
            bail!(
                "`{text}` is not an API name: use lowercase letters, digits and single hyphens, \
                 starting with a letter and at most 64 long, e.g. `inventory` or `stock-keeping`"
            );
        }
        Ok(ApiName(text.to_owned()))
    }

    /// The name as a Rust identifier part: `stock-keeping` → `stock_keeping`.
    fn snake(&self) -> String {
        self.0.replace('-', "_")
    }

    /// The name as a title: `stock-keeping` → `Stock Keeping`.
    fn title(&self) -> String {
        self.0
            .split('-')
            .map(|word| {
                let mut chars = word.chars();
                chars.next().map(|first| first.to_ascii_uppercase().to_string()).unwrap_or_default()
                    + chars.as_str()
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Refuses a `dir` that exists and is not an empty directory.
fn check_target(dir: &Path) -> anyhow::Result<()> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "{} is not empty: give `charter new` a new or empty directory",
                    dir.display()
                );
            }
            Ok(())
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) if dir.exists() => {
            bail!("{} exists and is not a directory: give `charter new` a new one", dir.display())
        }
        Err(error) => Err(error).with_context(|| format!("cannot read {}", dir.display())),
    }
}

/// A Charter checkout to depend on by path.
#[derive(Debug)]
struct CharterCheckout {
    /// Its root, absolute and canonical.
    root: PathBuf,
    /// Its `Cargo.lock`.
    lock: String,
}

impl CharterCheckout {
    /// Checks that `path` holds Charter's crates and a lock file.
    fn open(path: &Path) -> anyhow::Result<Self> {
        let root = fs::canonicalize(path)
            .with_context(|| format!("--charter-path {}: no such directory", path.display()))?;
        if let Some(missing) = CHARTER_CRATES
            .iter()
            .chain([&CHARTER_TESTING])
            .find(|name| !root.join("crates").join(name).join("Cargo.toml").is_file())
        {
            bail!(
                "--charter-path {}: not a Charter checkout (no crates/{missing}/Cargo.toml)",
                path.display()
            );
        }
        let lock = fs::read_to_string(root.join("Cargo.lock")).with_context(|| {
            format!("--charter-path {}: cannot read its Cargo.lock", path.display())
        })?;
        Ok(CharterCheckout { root, lock })
    }
}

/// One file of the new workspace.
#[derive(Debug, PartialEq, Eq)]
struct File {
    /// Relative to the workspace root, `/`-separated.
    path: String,
    contents: String,
    executable: bool,
}

/// Every file of the workspace for `name`, in a fixed order.
fn render(name: &ApiName, charter: Option<&CharterCheckout>, services: Services) -> Vec<File> {
    let placeholders = Placeholders {
        name: name.0.clone(),
        name_snake: name.snake(),
        title: name.title(),
        charter_dependencies: charter_dependencies(
            charter.map(|checkout| &*checkout.root),
            services.any(),
        ),
        postgres: services.postgres,
        redis: services.redis,
    };
    let file = |template: &templates::Template| File {
        path: placeholders.fill(template.path),
        contents: placeholders.fill(template.text),
        executable: template.executable,
    };
    let mut files: Vec<File> = TEMPLATES.iter().map(file).collect();
    for (_, template) in OPTIONAL.iter().filter(|(when, _)| services.wants(*when)) {
        let optional = file(template);
        match files.iter_mut().find(|file| file.path == optional.path) {
            Some(replaced) => *replaced = optional,
            None => files.push(optional),
        }
    }
    if let Some(checkout) = charter {
        files.push(File {
            path: "Cargo.lock".to_owned(),
            contents: lock::registry_packages(&checkout.lock),
            executable: false,
        });
    }
    files
}

/// The `[workspace.dependencies]` lines of Charter's crates (charter-testing too with
/// `testing`): by path into `checkout`, or by this command's version.
fn charter_dependencies(checkout: Option<&Path>, testing: bool) -> String {
    CHARTER_CRATES
        .iter()
        .chain(testing.then_some(&CHARTER_TESTING))
        .map(|name| match checkout {
            Some(root) => {
                let path = root.join("crates").join(name);
                format!("{name} = {{ path = {} }}", toml_string(&path.to_string_lossy()))
            }
            None => format!("{name} = \"{}\"", env!("CARGO_PKG_VERSION")),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Writes `files` into a fresh directory beside `dir` and renames it to `dir`; on any failure
/// the fresh directory is removed and `dir` is left as it was.
fn write_atomically(dir: &Path, files: &[File]) -> anyhow::Result<()> {
    let parent = match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = dir.file_name().with_context(|| {
        format!("{} does not end in a directory name: give `charter new` one", dir.display())
    })?;
    fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let staging =
        parent.join(format!(".{}.charter-new-{}", base.to_string_lossy(), std::process::id()));
    let outcome = write_all(&staging, files).and_then(|()| {
        if dir.is_dir() {
            // Checked empty before: `rename` does not replace a directory everywhere.
            fs::remove_dir(dir).with_context(|| format!("cannot replace {}", dir.display()))?;
        }
        fs::rename(&staging, dir)
            .with_context(|| format!("cannot move the new workspace to {}", dir.display()))
    });
    if outcome.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    outcome
}

/// Writes `files` under `root`, which must not exist yet.
fn write_all(root: &Path, files: &[File]) -> anyhow::Result<()> {
    fs::create_dir(root).with_context(|| format!("cannot create {}", root.display()))?;
    for file in files {
        let path = root.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, &file.contents)
            .with_context(|| format!("cannot write {}", path.display()))?;
        if file.executable {
            make_executable(&path)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn make_executable(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot make {} executable", path.display()))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> anyhow::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lowercase_words_joined_by_single_hyphens() {
        for good in ["inventory", "stock-keeping", "v2", "a1-b2"] {
            assert!(ApiName::parse(good).is_ok(), "{good} was refused");
        }
        for bad in ["", "Inventory", "1st", "-a", "a-", "a--b", "a_b", "a b", "ä", &"a".repeat(65)]
        {
            let error = ApiName::parse(bad).unwrap_err().to_string();
            assert!(error.contains("is not an API name"), "{bad}: {error}");
            assert!(!error.contains('\n'), "one line: {error}");
        }
    }

    #[test]
    fn titles_and_identifiers_come_from_the_name() {
        let name = ApiName::parse("stock-keeping").unwrap();
        assert_eq!((name.title(), name.snake()), ("Stock Keeping".into(), "stock_keeping".into()));
    }

    #[test]
    fn every_template_is_filled_and_names_only_the_api() {
        let inventory = ApiName::parse("inventory").unwrap();
        let files = render(&inventory, None, Services::default());
        assert_eq!(files.len(), TEMPLATES.len());
        let both = render(&inventory, None, Services { postgres: true, redis: true });
        assert_eq!(both.len(), TEMPLATES.len() + OPTIONAL.len() - 1, "lib.rs is replaced");
        for file in files.iter().chain(&both) {
            for text in [&file.path, &file.contents] {
                assert!(!text.contains("{{"), "{}: a placeholder is left", file.path);
                let lower = text.to_lowercase();
                // Assembled at run time, so that this file does not name the example either.
                for word in [["bil", "ling"].concat(), ["in", "voice"].concat(), "user".to_owned()]
                {
                    assert!(!lower.contains(word.as_str()), "{} names `{word}`", file.path);
                }
            }
        }
        let manifest = files.iter().find(|file| file.path == "Cargo.toml").unwrap();
        assert!(manifest.contents.contains("charter-xtask = \"0.1.0\""), "{}", manifest.contents);
        assert!(
            files
                .iter()
                .any(|file| file.path == "generated/clients/inventory-client-v1/Cargo.toml")
        );
    }

    #[test]
    fn the_same_flags_write_the_same_bytes() {
        let name = ApiName::parse("inventory").unwrap();
        assert_eq!(
            render(&name, None, Services::default()),
            render(&name, None, Services::default())
        );
    }

    #[test]
    fn third_party_versions_are_the_ones_charter_is_built_with() {
        // A new workspace resolves offline from Charter's lock file only if it asks for what
        // Charter asks for: every dependency both declare must read the same.
        let charter =
            fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml")).unwrap();
        fn dependencies(manifest: &str) -> Vec<&str> {
            let section = manifest.split("[workspace.dependencies]").nth(1).unwrap_or_default();
            section.lines().take_while(|line| !line.starts_with('[')).collect()
        }
        let declared = |line: &str| line.split_once(" = ").map(|(name, _)| name.to_owned());
        let charter = dependencies(&charter);
        let template = templates::TEMPLATES.iter().find(|t| t.path == "Cargo.toml").unwrap();
        let mut compared = 0;
        for line in dependencies(template.text).into_iter().filter(|line| !line.contains("{{")) {
            let Some(name) = declared(line) else { continue };
            if let Some(theirs) = charter.iter().find(|l| declared(l).as_ref() == Some(&name)) {
                assert_eq!(line, *theirs, "templates/Cargo.toml.tmpl and Charter's Cargo.toml");
                compared += 1;
            }
        }
        assert!(compared >= 10, "only {compared} dependencies compared");
    }

    #[test]
    fn paths_are_quoted_for_toml() {
        assert_eq!(toml_string(r#"C:\a "b""#), r#""C:\\a \"b\"""#);
    }

    #[test]
    fn a_non_empty_directory_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("keep"), "mine").unwrap();
        let error = check_target(dir.path()).unwrap_err().to_string();
        assert!(error.ends_with("is not empty: give `charter new` a new or empty directory"));
        assert!(check_target(&dir.path().join("new")).is_ok());
        let empty = dir.path().join("empty");
        fs::create_dir(&empty).unwrap();
        let files = render(&ApiName::parse("inventory").unwrap(), None, Services::default());
        write_atomically(&empty, &files).unwrap();
        assert!(empty.join("contracts/src/v1.rs").is_file());
        let names: Vec<_> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "no staging directory left: {names:?}");
    }
}
