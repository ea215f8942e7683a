//! The throwaway servers themselves, against the real programs: run with
//! `cargo test -p charter-testing --features services` (which `cargo xtask test-services` does).

#![cfg(feature = "services")]

use charter_testing::{Postgres, Redis};

#[test]
fn postgres_starts_answers_stops_resumes_and_is_removed_when_dropped() {
    let postgres = Postgres::start().unwrap();
    let url = postgres.create_database("servers_test").unwrap();
    assert_eq!(url, format!("postgres://postgres@127.0.0.1:{}/servers_test", postgres.port()));
    postgres
        .psql("servers_test", "CREATE TABLE t (n int); INSERT INTO t VALUES (41), (1)")
        .unwrap();
    assert_eq!(postgres.psql("servers_test", "SELECT sum(n) FROM t").unwrap(), "42");

    postgres.stop().unwrap();
    let stopped = postgres.psql("servers_test", "SELECT 1").unwrap_err().to_string();
    assert!(stopped.contains("psql"), "{stopped}");
    postgres.resume().unwrap();
    assert_eq!(postgres.psql("servers_test", "SELECT sum(n) FROM t").unwrap(), "42");

    // Frozen, it accepts connections and answers nothing; dropped frozen, it still goes away.
    postgres.freeze().unwrap();
    let mut frozen = std::net::TcpStream::connect(("127.0.0.1", postgres.port())).unwrap();
    frozen.set_read_timeout(Some(std::time::Duration::from_millis(300))).unwrap();
    std::io::Write::write_all(&mut frozen, &[0, 0, 0, 8, 4, 210, 22, 47]).unwrap();
    let mut byte = [0u8; 1];
    let read = std::io::Read::read(&mut frozen, &mut byte);
    assert!(read.is_err(), "a frozen server answers nothing: {read:?}");
    postgres.thaw().unwrap();
    assert_eq!(postgres.psql("servers_test", "SELECT sum(n) FROM t").unwrap(), "42");
    postgres.freeze().unwrap();

    let dir = postgres.dir().to_path_buf();
    assert!(dir.join("data/PG_VERSION").is_file(), "{}", dir.display());
    let port = postgres.port();
    drop(postgres);
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "stopped on drop");
    assert!(!dir.exists(), "its directory is removed on drop: {}", dir.display());
}

#[test]
fn postgres_shared_hands_out_distinct_databases() {
    let postgres = Postgres::shared().unwrap();
    let first = postgres.fresh_database().unwrap();
    let second = postgres.fresh_database().unwrap();
    assert_ne!(first, second);
    let name = second.rsplit('/').next().unwrap();
    assert_eq!(postgres.psql(name, "SELECT current_database()").unwrap(), name);
}

#[test]
fn redis_starts_stops_and_resumes_on_its_port() {
    let redis = Redis::start().unwrap();
    let port = redis.port();
    assert_eq!(redis.url(), format!("redis://127.0.0.1:{port}/"));
    let ping = || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
        stream.write_all(b"PING\r\n")?;
        let mut reply = [0u8; 7];
        stream.read_exact(&mut reply)?;
        Ok::<_, std::io::Error>(reply.to_vec())
    };
    assert_eq!(ping().unwrap(), b"+PONG\r\n");
    redis.stop();
    assert!(ping().is_err(), "stopped");
    redis.resume().unwrap();
    assert_eq!(ping().unwrap(), b"+PONG\r\n");
    drop(redis);
    assert!(ping().is_err(), "stopped on drop");
}
