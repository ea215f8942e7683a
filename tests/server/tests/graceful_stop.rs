//! SIGTERM stops the server only after the requests in flight are answered.
//!
//! The test starts the real binary, opens a request whose body is still being sent, signals the
//! process, then finishes the body: the request must still be answered, new connections must be
//! refused, and the process must exit cleanly.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use charter_server::auth::{Claims, DevKeys, JwtConfig};

#[test]
fn sigterm_finishes_in_flight_requests_then_exits() {
    let keys_dir = tempfile::tempdir().unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_billing-server"))
        .args(["--addr", "127.0.0.1:0", "--keys-dir"])
        .arg(keys_dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(server.stderr.take().unwrap());
    let address = loop {
        let mut line = String::new();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "the server exited before listening");
        if let Some(address) = line.trim().strip_prefix("listening on http://") {
            break address.to_owned();
        }
    };
    let token = DevKeys::load_or_create(keys_dir.path())
        .unwrap()
        .mint(&Claims::new(
            &JwtConfig::for_api(contracts::api().name),
            "ada",
            &[contracts::WRITE.name],
            60,
        ))
        .unwrap();

    let body = r#"{"email": "ada@example.com", "name": "Ada Lovelace"}"#;
    let (first_half, second_half) = body.split_at(20);
    let mut request = TcpStream::connect(&address).unwrap();
    write!(
        request,
        "POST /v1/users HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{first_half}",
        body.len()
    )
    .unwrap();
    request.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));

    let status = Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert!(status.success());
    std::thread::sleep(Duration::from_millis(300));
    assert!(TcpStream::connect(&address).is_err(), "new connections are refused once stopping");

    request.write_all(second_half.as_bytes()).unwrap();
    let mut response = String::new();
    request.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = request.read_to_string(&mut response);
    assert!(
        response.starts_with("HTTP/1.1 201 Created"),
        "the request in flight was answered: {response:?}"
    );
    assert!(response.contains("ada@example.com"), "{response}");

    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = server.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "the server did not exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("stopped"), "{rest}");
}
