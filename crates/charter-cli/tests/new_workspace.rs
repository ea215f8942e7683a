//! `charter new` writes a workspace that works as its README says, offline, on this checkout:
//! `cargo xtask openapi`, `cargo test --workspace`, a first commit, `cargo xtask diff-contract`
//! and `.ci/run` (the tests, `cargo xtask openapi --check`, `diff-contract`) all succeed;
//! nothing in it names the example this repository is built around; and a second `charter new` into the now non-empty
//! directory exits 2 and changes nothing.
//!
//! The new workspace builds with this checkout's build directory as its `build-dir`, so the
//! dependencies it shares with Charter (the same versions, from the copied lock file, with the
//! same profile) are compiled once for both and kept between runs. `cargo test` releases the
//! build directory's lock before it runs test binaries, so the nested cargo does not wait for
//! the outer one. The new workspace's own binaries (its `xtask`, say) go to a separate
//! `target-dir`, `<build dir>/scaffold/target`, so they never replace Charter's binaries of the
//! same name. The workspace itself is always `<build dir>/scaffold/ws`, written afresh by each
//! run (runs take turns on `<build dir>/scaffold/lock`): at one path its crates keep their
//! build hashes, so each run replaces the last one's artifacts instead of adding its own.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

const CHARTER: &str = env!("CARGO_BIN_EXE_charter");

/// This Charter checkout, canonical.
fn checkout() -> PathBuf {
    fs::canonicalize(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")).unwrap()
}

/// The build directory this test was built in: the test binary is `<dir>/<profile>/deps/<name>`.
fn build_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).expect("the test binary is in <build dir>/<profile>/deps").to_owned()
}

/// Runs a command to completion and reports how long it took.
fn run(command: &mut Command) -> Output {
    let shown = format!("{command:?}");
    let started = Instant::now();
    let output = command.output().unwrap_or_else(|error| panic!("{shown}: {error}"));
    eprintln!("[{:>6.1} s] {shown}", started.elapsed().as_secs_f64());
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Fails with the command's output unless it exited with `code`.
#[track_caller]
fn expect_exit(output: &Output, code: i32, what: &str) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "{what}\n--- stdout\n{}\n--- stderr\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// `program` in the workspace `dir`, with cargo offline and on the shared build directory.
fn in_workspace(program: impl AsRef<std::ffi::OsStr>, dir: &Path) -> Command {
    let cargo = PathBuf::from(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // Scripts that say `cargo` get the cargo running this test.
    let mut path = std::env::var_os("PATH").unwrap_or_default();
    if let Some(bin) = cargo.parent().filter(|bin| !bin.as_os_str().is_empty()) {
        let dirs = std::iter::once(bin.to_owned()).chain(std::env::split_paths(&path));
        path = std::env::join_paths(dirs.collect::<Vec<_>>()).unwrap();
    }
    let build_dir = build_dir();
    let mut command = Command::new(program);
    command
        .current_dir(dir)
        .env("PATH", path)
        .env("CARGO_NET_OFFLINE", "true")
        .env("CARGO_BUILD_BUILD_DIR", &build_dir)
        .env("CARGO_TARGET_DIR", build_dir.join("scaffold/target"))
        .env_remove("CARGO_BUILD_TARGET_DIR");
    command
}

/// `cargo <args>` in the workspace `dir`.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    run(in_workspace(cargo, dir).args(args))
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let output = run(Command::new("git")
        .args(["-c", "user.name=Charter", "-c", "user.email=charter@example.com"])
        .args(["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir));
    expect_exit(&output, 0, &format!("git {args:?}"));
    output
}

/// Every file under `dir` but `skip`ped directories, with its contents.
fn snapshot(dir: &Path, skip: &[&str]) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, skip: &[&str], files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root).unwrap().to_owned();
            if skip.iter().any(|skipped| relative == Path::new(skipped)) {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, skip, files);
            } else {
                files.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, skip, &mut files);
    files
}

/// Every file of `ws` (but its build output, git and lock file) that names the example Charter
/// is developed on. The checkout's path is left out: it is in the manifest, and may well contain
/// `user` (`/Users/…`).
fn naming_the_example(ws: &Path, checkout: &Path) -> Vec<String> {
    let checkout_path = checkout.to_string_lossy().into_owned();
    let mut named = Vec::new();
    for (path, bytes) in snapshot(ws, &["target", ".git", "Cargo.lock"]) {
        let contents = text(&bytes).replace(&checkout_path, "").to_lowercase();
        let path_text = path.to_string_lossy().to_lowercase();
        // Assembled at run time, so that this file does not name the example either.
        for word in [["bil", "ling"].concat(), ["in", "voice"].concat(), "user".to_owned()] {
            if contents.contains(word.as_str()) || path_text.contains(word.as_str()) {
                named.push(format!("{}: `{word}`", path.display()));
            }
        }
    }
    named
}

/// `<build dir>/scaffold/<name>`, empty, with the scaffold lock held until the guard drops.
fn fresh_workspace(name: &str) -> (PathBuf, fs::File) {
    let scaffold = build_dir().join("scaffold");
    fs::create_dir_all(&scaffold).unwrap();
    let lock = fs::File::create(scaffold.join("lock")).unwrap();
    lock.lock().unwrap();
    let ws = scaffold.join(name);
    if ws.exists() {
        fs::remove_dir_all(&ws).unwrap();
    }
    (ws, lock)
}

#[test]
fn a_new_workspace_generates_tests_and_gates_offline() {
    let (ws, _lock) = fresh_workspace("ws");
    let scaffold = ws.parent().unwrap().to_owned();
    let checkout = checkout();
    let new = |extra: &[&str]| {
        run(Command::new(CHARTER)
            .arg("new")
            .arg(&ws)
            .args(["--api", "inventory", "--charter-path"])
            .arg(&checkout)
            .args(extra))
    };

    let created = new(&[]);
    expect_exit(&created, 0, "charter new");
    assert!(text(&created.stdout).starts_with("Created the inventory workspace in"));
    let written = snapshot(&ws, &[]);
    for path in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        ".cargo/config.toml",
        ".ci/run",
        ".gitignore",
        "contracts/src/v1.rs",
        "xtask/src/main.rs",
        "tests/server/src/lib.rs",
        "tests/roundtrip/src/lib.rs",
        "tests/e2e/src/lib.rs",
        "fixtures/v1/ErrorEnvelope/example.json",
        "fixtures/v1/HealthStatus/invalid/unknown.json",
    ] {
        assert!(written.contains_key(Path::new(path)), "{path} was not written");
    }

    // A second run into the now non-empty directory: exit 2, one line, nothing touched.
    let refused = new(&[]);
    expect_exit(&refused, 2, "charter new into a non-empty directory");
    let stderr = text(&refused.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert_eq!(snapshot(&ws, &[]), written, "the refused run changed the workspace");
    let staged = fs::read_dir(&scaffold).unwrap().map(|entry| entry.unwrap().file_name());
    let staged: Vec<_> = staged.filter(|name| name.to_string_lossy().starts_with(".ws")).collect();
    assert!(staged.is_empty(), "the refused run left {staged:?} beside the workspace");

    let generated = cargo(&ws, &["xtask", "openapi"]);
    expect_exit(&generated, 0, "cargo xtask openapi");
    let stdout = text(&generated.stdout);
    assert!(stdout.contains("updated generated/openapi/v1.json"), "{stdout}");
    assert!(
        stdout.contains("updated generated/clients/inventory-client-v1/src/lib.rs"),
        "{stdout}"
    );

    let tested = cargo(&ws, &["test", "--workspace"]);
    expect_exit(&tested, 0, "cargo test --workspace");
    let stdout = text(&tested.stdout);
    for line in [
        "test tests::generated_files_are_fresh ... ok",
        "test contract_documents_and_clients_read_every_schema_alike ... ok",
    ] {
        assert!(stdout.contains(line), "no `{line}` in\n{stdout}");
    }

    git(&ws, &["init", "--quiet"]);
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "--quiet", "-m", "A new workspace"]);

    let diffed = cargo(&ws, &["xtask", "diff-contract"]);
    expect_exit(&diffed, 0, "cargo xtask diff-contract against the first commit");
    assert!(text(&diffed.stdout).contains("v1 (stable): PASS"), "{}", text(&diffed.stdout));

    // CI: the tests again, then the freshness and breaking-change gates.
    let ci = run(&mut in_workspace(ws.join(".ci/run"), &ws));
    expect_exit(&ci, 0, ".ci/run");
    assert!(text(&ci.stdout).contains("generated/ is up to date"), "{}", text(&ci.stdout));

    // Nothing the workspace holds names the example Charter is developed on.
    let named = naming_the_example(&ws, &checkout);
    assert!(named.is_empty(), "the new workspace names the example:\n{}", named.join("\n"));
    fs::remove_dir_all(&ws).unwrap();
}

/// `--postgres --redis`: the store trait with a Postgres implementation, `--database-url`, and
/// service tests. `cargo xtask openapi` and `cargo test --workspace` pass offline without
/// Postgres or Redis; the workspace's own `cargo xtask test-services` needs both, so it runs
/// only with this package's `services` feature (Charter's `cargo xtask test-services`).
#[test]
fn a_new_workspace_with_postgres_and_redis_tests_its_services() {
    let (ws, _lock) = fresh_workspace("ws-services");
    let checkout = checkout();
    let created = run(Command::new(CHARTER)
        .arg("new")
        .arg(&ws)
        .args(["--api", "inventory", "--postgres", "--redis", "--charter-path"])
        .arg(&checkout));
    expect_exit(&created, 0, "charter new --postgres --redis");
    assert!(text(&created.stdout).contains("cargo xtask test-services"));
    for path in [
        "tests/server/src/store.rs",
        "tests/server/src/postgres.rs",
        "tests/server/migrations/0001_items.sql",
        "tests/e2e/tests/postgres.rs",
        "tests/e2e/tests/redis.rs",
    ] {
        assert!(ws.join(path).is_file(), "{path} was not written");
    }
    let ci = fs::read_to_string(ws.join(".ci/run")).unwrap();
    for line in ["postgresql", "redis-server", "cargo xtask test-services"] {
        assert!(ci.contains(line), "no `{line}` in .ci/run:\n{ci}");
    }

    let generated = cargo(&ws, &["xtask", "openapi"]);
    expect_exit(&generated, 0, "cargo xtask openapi");
    let document = fs::read_to_string(ws.join("generated/openapi/v1.json")).unwrap();
    assert!(document.contains("\"409\""), "createItem documents its 409");

    let tested = cargo(&ws, &["test", "--workspace"]);
    expect_exit(&tested, 0, "cargo test --workspace");
    let stdout = text(&tested.stdout);
    for line in [
        "test tests::generated_files_are_fresh ... ok",
        "test tests::every_operation_of_the_contract_has_a_handler ... ok",
        "test an_item_created_through_the_client_reads_back ... ok",
    ] {
        assert!(stdout.contains(line), "no `{line}` in\n{stdout}");
    }
    assert!(!stdout.contains("one_budget"), "a service test ran without its feature");

    let help = cargo(&ws, &["xtask", "serve", "--help"]);
    expect_exit(&help, 0, "cargo xtask serve --help");
    for flag in ["--database-url", "--redis-url"] {
        assert!(text(&help.stdout).contains(flag), "{flag}: {}", text(&help.stdout));
    }

    if cfg!(feature = "services") {
        let services = cargo(&ws, &["xtask", "test-services"]);
        expect_exit(&services, 0, "cargo xtask test-services");
        let stdout = text(&services.stdout);
        for line in [
            "test one_name_created_twice_at_once_gives_one_201_and_one_409 ... ok",
            "test items_read_back_and_a_second_instance_sees_them ... ok",
            "test health_checks_the_database ... ok",
            "test two_instances_sharing_redis_give_a_client_one_budget ... ok",
        ] {
            assert!(stdout.contains(line), "no `{line}` in\n{stdout}");
        }
    }

    let named = naming_the_example(&ws, &checkout);
    assert!(named.is_empty(), "the new workspace names the example:\n{}", named.join("\n"));
    fs::remove_dir_all(&ws).unwrap();
}
