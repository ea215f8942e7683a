//! `cargo xtask load`: a load test of the billing service's critical path, creating and listing
//! invoices (`POST` and `GET /v2/invoices`). A benchmark: it reports numbers and judges none.
//!
//! The load comes from `wrk` (Debian's `wrk`), a C event loop with Lua scripts for the bearer
//! header, the JSON body and counting statuses. It runs in one thread beside the server, so that
//! on a small machine the generator takes as little CPU from the server as it can; a Rust
//! generator on reqwest would need a release build of its own to be as light.
//!
//! Each row runs the release build of `billing-server` afresh on `127.0.0.1` (loopback only),
//! with its request log on `/dev/null` (still formatted and written), and a fixed number of
//! seconds and connections (at most 60 and 256). Rows:
//!
//! - the in-memory store and Postgres, the limit off (a burst of a million): create, then list
//!   the invoices the create row left (the first page of 20);
//! - the limit on as `cargo xtask serve` sets it by default (a burst of 60, one more per
//!   second), one token, buckets in memory and in Redis: list, with the share answered `429`.
//!
//! Postgres and Redis are `--database-url` and `--redis-url`, or throwaway servers started here
//! (charter-testing) when Debian's `postgresql` and `redis-server` are installed; without
//! either, its rows say why they were not measured.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, bail};
use charter_server::auth::{Claims, DevKeys, JwtConfig};

/// `cargo xtask load`.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Task {
    /// Load-test creating and listing invoices with wrk against the release server, on memory,
    /// Postgres, and with the rate limit on (memory and Redis buckets): requests/s, p50/p99
    /// latency, the share answered 429. Reports numbers, asserts nothing.
    Load(Args),
}

/// Flags of `cargo xtask load`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Seconds each row sends requests for.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=60))]
    duration: u64,
    /// Connections kept open by the load generator.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..=256))]
    connections: u64,
    /// A Postgres database the rows may fill [default: a throwaway one, when Postgres is
    /// installed].
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
    /// A Redis for the rate limit's buckets [default: a throwaway one, when redis-server is
    /// installed].
    #[arg(long, value_name = "URL")]
    redis_url: Option<String>,
}

/// Runs `task` in the workspace at `root`.
pub(crate) fn run(task: Task, root: &Path) -> anyhow::Result<ExitCode> {
    let Task::Load(args) = task;
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!(
            "error: `wrk` is not installed; install it with `apt-get install -y wrk` (Debian, as \
             root) and run `cargo xtask load` again"
        );
        return Ok(ExitCode::from(2));
    }
    let work = root.join("target/load");
    std::fs::create_dir_all(&work).with_context(|| format!("cannot create {}", work.display()))?;
    let server = build(root)?;
    let keys = work.join("keys");
    let token = dev_token(&keys)?;

    // Throwaway servers live until the end of the run; kept in these bindings.
    let (database, _postgres) = match &args.database_url {
        Some(url) => (Ok(url.clone()), None),
        None => match charter_testing::Postgres::start() {
            Ok(postgres) => match postgres.create_database("load") {
                Ok(url) => (Ok(url), Some(postgres)),
                Err(error) => (Err(error.to_string()), None),
            },
            Err(error) => (Err(error.to_string()), None),
        },
    };
    let (redis, _redis) = match &args.redis_url {
        Some(url) => (Ok(url.clone()), None),
        None => match charter_testing::Redis::start() {
            Ok(redis) => (Ok(redis.url()), Some(redis)),
            Err(error) => (Err(error.to_string()), None),
        },
    };

    let bench = Bench { server, keys, token, work, args: &args };
    let mut rows = Vec::new();
    let off = Limit { burst: "1000000", per_second: "1000000", redis: None };
    for (store, url) in [("memory", Ok(None)), ("postgres", database.clone().map(Some))] {
        match url {
            Ok(url) => {
                rows.extend(bench.row(store, url.as_deref(), &off, &[Call::Create, Call::List])?)
            }
            Err(why) => rows.push(Row::skipped(store, "off", &why)),
        }
    }
    let on = Limit { burst: "60", per_second: "1", redis: None };
    rows.extend(bench.row("memory", None, &on, &[Call::List])?);
    match &redis {
        Ok(url) => {
            let on = Limit { redis: Some(url.as_str()), ..on };
            rows.extend(bench.row("memory", None, &on, &[Call::List])?);
        }
        Err(why) => rows.push(Row::skipped("memory", "60/s burst, Redis", why)),
    }

    println!(
        "\n{} s per row, {} connections, wrk with 1 thread, release build, loopback:\n",
        args.duration, args.connections
    );
    println!("| store | rate limit | request | requests/s | p50 | p99 | 2xx | 429 | other |");
    println!("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for row in &rows {
        println!("{row}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds the release server and answers its path.
fn build(root: &Path) -> anyhow::Result<PathBuf> {
    eprintln!("building the release billing-server");
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--release", "--quiet", "--package", "billing-server", "--bin"])
        .arg("billing-server")
        .current_dir(root)
        .status()
        .context("cannot run cargo build")?;
    if !status.success() {
        bail!("cargo build --release --package billing-server failed ({status})");
    }
    Ok(root.join("target/release/billing-server"))
}

/// A token with both scopes, signed by the development key pair in `keys` (made when missing),
/// valid for an hour: longer than any run.
fn dev_token(keys: &Path) -> anyhow::Result<String> {
    let pair = DevKeys::load_or_create(keys)?;
    let claims = Claims::new(
        &JwtConfig::for_api(contracts::api().name),
        "load-test",
        &[contracts::READ.name, contracts::WRITE.name],
        3600,
    );
    Ok(pair.mint(&claims)?)
}

/// The rate limit a row runs with.
#[derive(Clone, Copy)]
struct Limit<'a> {
    burst: &'a str,
    per_second: &'a str,
    redis: Option<&'a str>,
}

impl Limit<'_> {
    fn label(&self) -> String {
        if self.burst == "1000000" {
            return "off".to_owned();
        }
        let buckets = if self.redis.is_some() { "Redis" } else { "memory" };
        format!("{}/s burst {}, {buckets}", self.per_second, self.burst)
    }
}

/// A request the load repeats.
#[derive(Clone, Copy, Debug)]
enum Call {
    Create,
    List,
}

impl Call {
    fn label(self) -> &'static str {
        match self {
            Call::Create => "POST /v2/invoices",
            Call::List => "GET /v2/invoices",
        }
    }
}

/// What a row needs.
struct Bench<'a> {
    server: PathBuf,
    keys: PathBuf,
    token: String,
    work: PathBuf,
    args: &'a Args,
}

impl Bench<'_> {
    /// Starts a server on `database` (memory when `None`) with `limit`, makes a user, and runs
    /// wrk for each of `calls` in turn.
    fn row(
        &self,
        store: &str,
        database: Option<&str>,
        limit: &Limit<'_>,
        calls: &[Call],
    ) -> anyhow::Result<Vec<Row>> {
        let mut server = Server::start(self, database, limit)?;
        let base = format!("http://{}", server.address);
        let result = (|| {
            let user = self.create_user(&base)?;
            let mut rows = Vec::new();
            for &call in calls {
                eprintln!(
                    "{store}, limit {}: {} for {} s",
                    limit.label(),
                    call.label(),
                    self.args.duration
                );
                let counts = self.wrk(&base, call, &user)?;
                rows.push(Row {
                    store: store.to_owned(),
                    limit: limit.label(),
                    call,
                    counts: Ok(counts),
                });
            }
            Ok(rows)
        })();
        server.stop();
        result
    }

    /// Creates a user for the invoices (a new e-mail each run, as Postgres keeps them).
    fn create_user(&self, base: &str) -> anyhow::Result<String> {
        let stamp = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_nanos();
        let body = format!(
            r#"{{"email":"load-{stamp}@example.com","given_name":"Load","family_name":"Test"}}"#
        );
        let output = Command::new("curl")
            .args(["--silent", "--show-error", "--max-time", "10", "--request", "POST"])
            .args(["--header", "Content-Type: application/json", "--header"])
            .arg(format!("Authorization: Bearer {}", self.token))
            .args(["--data", &body])
            .arg(format!("{base}/v2/users"))
            .output()
            .context("cannot run curl (apt-get install -y curl)")?;
        let text = String::from_utf8_lossy(&output.stdout);
        let user: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("POST /v2/users answered: {text}"))?;
        match user["id"].as_str() {
            Some(id) => Ok(id.to_owned()),
            None => bail!("POST /v2/users answered no id: {text}"),
        }
    }

    /// Runs wrk for `call` and reads the counts its script prints.
    fn wrk(&self, base: &str, call: Call, user: &str) -> anyhow::Result<Counts> {
        let request = match call {
            Call::Create => format!(
                "wrk.method = \"POST\"\nwrk.path = \"/v2/invoices\"\n\
                 wrk.headers[\"Content-Type\"] = \"application/json\"\n\
                 wrk.body = '{{\"user_id\":\"{user}\",\"amount\":{{\"minor_units\":114000,\
                 \"currency\":\"CHF\"}},\"memo\":\"Consulting, 12 hours\",\
                 \"due_date\":\"2026-11-30\"}}'\n"
            ),
            Call::List => "wrk.method = \"GET\"\nwrk.path = \"/v2/invoices\"\n".to_owned(),
        };
        let script = self.work.join(match call {
            Call::Create => "create.lua",
            Call::List => "list.lua",
        });
        let text =
            format!("{request}wrk.headers[\"Authorization\"] = \"Bearer {}\"\n{COUNT}", self.token);
        std::fs::write(&script, text)
            .with_context(|| format!("cannot write {}", script.display()))?;
        let output = Command::new("wrk")
            .args(["--threads", "1", "--connections", &self.args.connections.to_string()])
            .args(["--duration", &format!("{}s", self.args.duration), "--timeout", "5s"])
            .arg("--script")
            .arg(&script)
            .arg(base)
            .output()
            .context("cannot run wrk")?;
        let text = String::from_utf8_lossy(&output.stdout);
        text.lines()
            .find_map(|line| line.strip_prefix("RESULT "))
            .map(Counts::parse)
            .unwrap_or_else(|| {
                bail!(
                    "wrk printed no RESULT ({}): {text}{}",
                    output.status,
                    String::from_utf8_lossy(&output.stderr)
                )
            })
    }
}

/// Counts statuses in each thread and prints one `RESULT` line at the end.
const COUNT: &str = r#"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; limited = 0; other = 0 end
function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1
  elseif status == 429 then limited = limited + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local ok, limited, other = 0, 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("ok"); limited = limited + thread:get("limited")
    other = other + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(99), ok, limited, other,
    e.connect + e.read + e.write + e.timeout))
end
"#;

/// What wrk counted.
#[derive(Debug)]
struct Counts {
    requests: u64,
    duration_us: u64,
    p50_us: u64,
    p99_us: u64,
    ok: u64,
    limited: u64,
    other: u64,
    socket_errors: u64,
}

impl Counts {
    fn parse(line: &str) -> anyhow::Result<Counts> {
        let numbers: Vec<u64> =
            line.split_whitespace()
                .map(str::parse)
                .collect::<Result<_, _>>()
                .with_context(|| format!("wrk's RESULT is not 8 numbers: {line}"))?;
        let &[requests, duration_us, p50_us, p99_us, ok, limited, other, socket_errors] =
            numbers.as_slice()
        else {
            bail!("wrk's RESULT is not 8 numbers: {line}");
        };
        Ok(Counts { requests, duration_us, p50_us, p99_us, ok, limited, other, socket_errors })
    }
}

/// One line of the table.
struct Row {
    store: String,
    limit: String,
    call: Call,
    counts: Result<Counts, String>,
}

impl Row {
    fn skipped(store: &str, limit: &str, why: &str) -> Row {
        Row {
            store: store.to_owned(),
            limit: limit.to_owned(),
            call: Call::List,
            counts: Err(why.to_owned()),
        }
    }
}

impl std::fmt::Display for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counts = match &self.counts {
            Ok(counts) => counts,
            Err(why) => {
                return write!(
                    f,
                    "| {} | {} | - | not measured: {why} | | | | | |",
                    self.store, self.limit
                );
            }
        };
        let seconds = counts.duration_us as f64 / 1e6;
        let share = |n: u64| {
            if counts.requests == 0 {
                "0".to_owned()
            } else {
                format!("{} ({:.1} %)", n, n as f64 * 100.0 / counts.requests as f64)
            }
        };
        let other = if counts.socket_errors > 0 {
            format!("{} (+{} socket errors)", counts.other, counts.socket_errors)
        } else {
            counts.other.to_string()
        };
        write!(
            f,
            "| {} | {} | {} | {:.0} | {:.2} ms | {:.2} ms | {} | {} | {} |",
            self.store,
            self.limit,
            self.call.label(),
            counts.requests as f64 / seconds,
            counts.p50_us as f64 / 1000.0,
            counts.p99_us as f64 / 1000.0,
            share(counts.ok),
            share(counts.limited),
            other,
        )
    }
}

/// A running release server.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(
        bench: &Bench<'_>,
        database: Option<&str>,
        limit: &Limit<'_>,
    ) -> anyhow::Result<Server> {
        let mut command = Command::new(&bench.server);
        command
            .args(["--addr", "127.0.0.1:0", "--keys-dir"])
            .arg(&bench.keys)
            .args(["--rate-limit-burst", limit.burst, "--rate-limit-per-second", limit.per_second])
            .args(["--shutdown-grace", "5"]);
        if let Some(url) = database {
            command.args(["--database-url", url]);
        }
        if let Some(url) = limit.redis {
            command.args(["--redis-url", url]);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start {}", bench.server.display()))?;
        let stderr = child.stderr.take().context("no standard error")?;
        let (found, address) = mpsc::channel();
        std::thread::spawn(move || {
            let mut found = Some(found);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                match line.strip_prefix("listening on http://") {
                    Some(address) => {
                        if let Some(found) = found.take() {
                            let _ = found.send(Ok(address.to_owned()));
                        }
                    }
                    None if found.is_some() && line.starts_with("error") => {
                        if let Some(found) = found.take() {
                            let _ = found.send(Err(line));
                        }
                    }
                    None => {}
                }
            }
        });
        match address.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok(address)) => Ok(Server { child, address }),
            Ok(Err(line)) => {
                let _ = child.kill();
                let _ = child.wait();
                bail!("billing-server did not start: {line}")
            }
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                bail!("billing-server did not say where it listens within 30 s")
            }
        }
    }

    /// SIGTERM, as a deployment stops it, then waits.
    fn stop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_wrk_counted_becomes_a_row_of_the_table() {
        let counts = Counts::parse("1000 2000000 1500 9000 900 100 0 0").unwrap();
        let row = Row {
            store: "memory".into(),
            limit: Limit { burst: "60", per_second: "1", redis: Some("redis://x") }.label(),
            call: Call::List,
            counts: Ok(counts),
        };
        assert_eq!(
            row.to_string(),
            "| memory | 1/s burst 60, Redis | GET /v2/invoices | 500 | 1.50 ms | 9.00 ms | \
             900 (90.0 %) | 100 (10.0 %) | 0 |"
        );
        let wrong = Counts::parse("1 2 three").unwrap_err().to_string();
        assert_eq!(wrong, "wrk's RESULT is not 8 numbers: 1 2 three");
        let skipped = Row::skipped("postgres", "off", "`initdb` is not installed");
        assert_eq!(
            skipped.to_string(),
            "| postgres | off | - | not measured: `initdb` is not installed | | | | | |"
        );
    }
}
