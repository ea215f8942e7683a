//! The billing server on a real Postgres, as a process: what only a database shows.
//!
//! Run with `cargo xtask test-services` (`--features services`); each test starts the
//! `billing-server` binary with `--database-url` on a throwaway Postgres it starts itself
//! (charter-testing), and fails, never skips, when Postgres is not installed.

#![cfg(all(unix, feature = "services"))]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use charter_server::auth::{Claims, DevKeys, JwtConfig};
use charter_testing::Postgres;
use serde_json::{Value, json};

/// A `billing-server` process on a database.
struct Server {
    child: Child,
    address: String,
    stderr: BufReader<std::process::ChildStderr>,
    token: String,
    log: PathBuf,
    /// What it wrote to standard error before `listening on`.
    startup: String,
}

impl Server {
    /// Starts the binary on `url`, with keys and its JSON log in `dir`, and waits until it
    /// listens.
    fn start(url: &str, dir: &Path) -> Server {
        let log = dir.join("requests.log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_billing-server"))
            .args(["--addr", "127.0.0.1:0", "--database-url", url, "--keys-dir"])
            .arg(dir.join("keys"))
            .args(["--rate-limit-burst", "1000", "--rate-limit-per-second", "1000"])
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut startup = String::new();
        let address = loop {
            let mut line = String::new();
            assert!(stderr.read_line(&mut line).unwrap() > 0, "exited before listening: {startup}");
            if let Some(address) = line.trim().strip_prefix("listening on http://") {
                break address.to_owned();
            }
            startup.push_str(&line);
        };
        let token = DevKeys::load_or_create(&dir.join("keys"))
            .unwrap()
            .mint(&Claims::new(
                &JwtConfig::for_api(contracts::api().name),
                "ada",
                &[contracts::READ.name, contracts::WRITE.name],
                300,
            ))
            .unwrap();
        Server { child, address, stderr, token, log, startup }
    }

    /// `method path` with `body`, over a fresh connection: the status and the JSON body.
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        call(&self.address, &self.token, method, path, body)
    }

    /// Waits for the process to exit, at most 20 s.
    fn wait(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What it wrote to standard error after `listening on`, once it has exited.
    fn rest_of_stderr(&mut self) -> String {
        let mut rest = String::new();
        self.stderr.read_to_string(&mut rest).unwrap();
        rest
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request with `Connection: close`: the status and the JSON body (`null` when
/// there is none).
fn call(
    address: &str,
    token: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.get(9..12).and_then(|code| code.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn shared_database() -> (&'static Postgres, String) {
    let postgres = Postgres::shared().unwrap();
    let url = postgres.fresh_database().unwrap();
    (postgres, url)
}

fn database_name(url: &str) -> &str {
    url.rsplit('/').next().unwrap()
}

#[test]
fn concurrent_creates_of_one_email_give_one_user_and_conflicts() {
    let (postgres, url) = shared_database();
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&url, dir.path());
    let racers = 8;
    let barrier = Arc::new(Barrier::new(racers));
    let statuses: Vec<(u16, Value)> = std::thread::scope(|scope| {
        let racing: Vec<_> = (0..racers)
            .map(|n| {
                let barrier = Arc::clone(&barrier);
                let server = &server;
                scope.spawn(move || {
                    // The same address in different case: one user, whatever the spelling.
                    let email = if n % 2 == 0 { "ada@example.com" } else { "ADA@example.com" };
                    let body = json!({"email": email, "given_name": "Ada", "family_name": format!("Racer {n}")});
                    barrier.wait();
                    server.call("POST", "/v2/users", Some(&body))
                })
            })
            .collect();
        racing.into_iter().map(|racer| racer.join().unwrap()).collect()
    });
    let created = statuses.iter().filter(|(status, _)| *status == 201).count();
    let conflicts: Vec<&Value> =
        statuses.iter().filter(|(status, _)| *status == 409).map(|(_, body)| body).collect();
    assert_eq!((created, conflicts.len()), (1, racers - 1), "{statuses:?}");
    for body in conflicts {
        assert_eq!(body["error"]["code"], "conflict", "{body}");
    }
    let rows = postgres.psql(database_name(&url), "SELECT count(*) FROM users").unwrap();
    assert_eq!(rows, "1", "one row, never two");
}

#[test]
fn sigkill_and_restart_keep_every_record_exactly() {
    let (postgres, url) = shared_database();
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(&url, dir.path());
    assert!(server.startup.contains("applied the migrations"), "{}", server.startup);
    let (status, user) = server.call(
        "POST",
        "/v2/users",
        Some(
            &json!({"email": "grace@example.com", "given_name": "Grace", "family_name": "Hopper"}),
        ),
    );
    assert_eq!(status, 201, "{user}");
    let user_id = user["id"].as_str().unwrap().to_owned();
    // The largest amount the contract allows, and one in /v1's decimal shape.
    let (status, large) = server.call(
        "POST",
        "/v2/invoices",
        Some(&json!({"user_id": user_id, "amount": {"minor_units": 100_000_000_000_i64, "currency": "EUR"},
                     "memo": "the largest", "due_date": "2027-02-28"})),
    );
    assert_eq!(status, 201, "{large}");
    let (status, decimal) = server.call(
        "POST",
        "/v1/invoices",
        Some(&json!({"user_id": user_id, "amount": 19.99, "currency": "CHF",
                     "memo": "", "due_date": "2026-12-31"})),
    );
    assert_eq!(status, 201, "{decimal}");

    // SIGKILL: no graceful stop, no pool closed, nothing flushed by the server.
    server.child.kill().unwrap();
    assert!(!server.wait().success());
    drop(server);

    let again = Server::start(&url, dir.path());
    let (status, user_again) = again.call("GET", &format!("/v2/users/{user_id}"), None);
    assert_eq!((status, &user_again), (200, &user));
    let (status, large_again) =
        again.call("GET", &format!("/v2/invoices/{}", large["id"].as_str().unwrap()), None);
    assert_eq!((status, &large_again), (200, &large), "ids, money and instants read back exactly");
    let (status, decimal_again) =
        again.call("GET", &format!("/v1/invoices/{}", decimal["id"].as_str().unwrap()), None);
    assert_eq!((status, &decimal_again), (200, &decimal));
    assert_eq!(decimal_again["amount"], json!(19.99));
    let (_, list) = again.call("GET", "/v2/invoices?limit=10", None);
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2), "{list}");

    let database = database_name(&url);
    let stored = postgres
        .psql(database, "SELECT amount_minor, currency FROM invoices ORDER BY seq")
        .unwrap();
    assert_eq!(stored, "100000000000|EUR\n1999|CHF", "money is stored as exact minor units");
    let migrations = postgres.psql(database, "SELECT version FROM schema_migrations").unwrap();
    assert_eq!(migrations, "0001_users_and_invoices", "the restart applied nothing twice");
    assert!(!again.startup.contains("applied the migrations"), "{}", again.startup);
}

#[test]
fn health_fails_while_the_database_is_down_without_saying_why() {
    // Its own server: stopping the shared one would fail the other tests.
    let postgres = Postgres::start().unwrap();
    let url = postgres.create_database("health").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&url, dir.path());
    let (status, health) = server.call("GET", "/health", None);
    assert_eq!(status, 200, "{health}");
    assert_eq!(health["status"], "ok", "{health}");
    assert_eq!(health["checks"][0]["name"], "database", "{health}");

    postgres.stop().unwrap();
    let (_, down) = server.call("GET", "/health", None);
    assert_eq!(down["status"], "failing", "{down}");
    assert_eq!(
        down["checks"][0],
        json!({"name": "database", "status": "failing", "duration_ms": down["checks"][0]["duration_ms"]})
    );
    let (status, refused) = server.call(
        "POST",
        "/v2/users",
        Some(&json!({"email": "down@example.com", "given_name": "Down"})),
    );
    assert_eq!((status, &refused["error"]["code"]), (500, &json!("internal")), "{refused}");
    let answers = format!("{down}{refused}");
    for secret in ["database:", "connect", "refused", "127.0.0.1", &postgres.port().to_string()] {
        assert!(!answers.contains(secret), "the answer leaks `{secret}`: {answers}");
    }
    let log = std::fs::read_to_string(&server.log).unwrap();
    assert!(log.contains("health check failed"), "the cause is in the log: {log}");
    assert!(log.contains("database:"), "the request's cause is in the log: {log}");

    postgres.resume().unwrap();
    let (_, back) = server.call("GET", "/health", None);
    assert_eq!(back["status"], "ok", "the pool reconnects once the database is back: {back}");
    let (status, created) = server.call(
        "POST",
        "/v2/users",
        Some(&json!({"email": "back@example.com", "given_name": "Back"})),
    );
    assert_eq!(status, 201, "{created}");
}

#[test]
fn sigterm_answers_the_request_in_flight_then_closes_the_pool() {
    let (postgres, url) = shared_database();
    let database = database_name(&url).to_owned();
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(&url, dir.path());
    let (status, list) = server.call("GET", "/v2/users", None);
    assert_eq!(status, 200, "{list} {}", std::fs::read_to_string(&server.log).unwrap());
    let connections = format!(
        "SELECT count(*) FROM pg_stat_activity \
         WHERE datname = '{database}' AND application_name = 'billing-server'"
    );
    assert_ne!(postgres.psql("postgres", &connections).unwrap(), "0", "the pool is open");

    let body = r#"{"email": "late@example.com", "given_name": "Late"}"#;
    let (first, second) = body.split_at(20);
    let mut request = TcpStream::connect(&server.address).unwrap();
    write!(
        request,
        "POST /v2/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{first}",
        server.token,
        body.len()
    )
    .unwrap();
    request.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let signal = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status();
    assert!(signal.unwrap().success());
    std::thread::sleep(Duration::from_millis(300));

    // The handler runs only now, after the signal: the pool must still be open for it.
    request.write_all(second.as_bytes()).unwrap();
    let mut response = String::new();
    request.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = request.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 201 Created"), "answered: {response:?}");

    assert!(server.wait().success());
    let rest = server.rest_of_stderr();
    let stopped = rest.find("stopped").unwrap_or_else(|| panic!("{rest}"));
    let closed = rest.find("closed the database pool").unwrap_or_else(|| panic!("{rest}"));
    assert!(stopped < closed, "the pool closes after the requests in flight: {rest}");
    let stored = postgres.psql(&database, "SELECT email FROM users").unwrap();
    assert_eq!(stored, "late@example.com");
    assert_eq!(postgres.psql("postgres", &connections).unwrap(), "0", "no connection is left");
}

#[test]
fn a_hung_database_gives_500_and_failing_health_instead_of_hanging() {
    // Its own server: freezing the shared one would stall the other tests.
    let postgres = Postgres::start().unwrap();
    let url = postgres.create_database("hung").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&url, dir.path());
    let (status, _) = server.call("GET", "/v2/users", None);
    assert_eq!(status, 200, "a pooled connection exists before the database hangs");

    // Accepting connections, answering nothing: the call's 30 s read timeout would fail the
    // test if the server waited for it.
    postgres.freeze().unwrap();
    let (status, hung) = server.call("GET", "/v2/users", None);
    assert_eq!((status, &hung["error"]["code"]), (500, &json!("internal")), "{hung}");
    let (_, health) = server.call("GET", "/health", None);
    assert_eq!(health["status"], "failing", "{health}");
    let log = std::fs::read_to_string(&server.log).unwrap();
    assert!(log.contains("\"error\":\"database: "), "the log says what failed: {log}");

    postgres.thaw().unwrap();
    let (status, list) = server.call("GET", "/v2/users", None);
    assert_eq!(status, 200, "the connection left mid-query is not reused: {list}");
    let (_, health) = server.call("GET", "/health", None);
    assert_eq!(health["status"], "ok", "{health}");
}

#[test]
fn two_instances_starting_at_once_apply_the_migrations_once() {
    let (postgres, url) = shared_database();
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let barrier = Barrier::new(2);
    let mut servers: Vec<Server> = std::thread::scope(|scope| {
        let starting: Vec<_> = dirs
            .iter()
            .map(|dir| {
                let (barrier, url) = (&barrier, &url);
                scope.spawn(move || {
                    barrier.wait();
                    Server::start(url, dir.path())
                })
            })
            .collect();
        starting.into_iter().map(|server| server.join().unwrap()).collect()
    });
    let migrations =
        postgres.psql(database_name(&url), "SELECT version FROM schema_migrations").unwrap();
    assert_eq!(migrations, "0001_users_and_invoices");
    // Both serve the same data.
    let (status, created) = servers[0].call(
        "POST",
        "/v2/users",
        Some(&json!({"email": "twice@example.com", "given_name": "Twice"})),
    );
    assert_eq!(status, 201, "{created}");
    let (status, read) =
        servers[1].call("GET", &format!("/v2/users/{}", created["id"].as_str().unwrap()), None);
    assert_eq!((status, &read), (200, &created));
    let applied: Vec<&str> = servers
        .iter()
        .filter(|server| server.startup.contains("applied the migrations 0001_users_and_invoices"))
        .map(|server| server.startup.as_str())
        .collect();
    assert_eq!(
        applied.len(),
        1,
        "one instance applies, the other waits and finds them: {applied:?}"
    );
    servers.clear();
}
