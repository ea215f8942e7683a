//! A throwaway Redis: `redis-server` on 127.0.0.1 and a free port, without persistence, its
//! working directory temporary, stopped and removed when the value is dropped (or its process
//! ends).

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::Error;
use crate::process::{Watchdog, describe, find, free_port};

/// How to install the server on Debian.
const INSTALL: &str = "apt-get update && apt-get install -y redis-server";

/// A running throwaway Redis server.
pub struct Redis {
    port: u16,
    dir: PathBuf,
    program: PathBuf,
    server: Mutex<Option<Child>>,
    watchdog: Mutex<Watchdog>,
}

impl std::fmt::Debug for Redis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redis").field("port", &self.port).field("dir", &self.dir).finish()
    }
}

impl Redis {
    /// Starts `redis-server` on 127.0.0.1 and a free port, and waits until it answers `PING`.
    ///
    /// # Errors
    /// [`Error::Missing`] when redis-server is not installed (with the command that installs
    /// it), [`Error::Failed`] when it does not start.
    pub fn start() -> Result<Self, Error> {
        let program = find("redis-server", &[], INSTALL)?;
        let dir = tempfile::Builder::new()
            .prefix("charter-redis-")
            .tempdir()
            .map_err(|error| Error::Failed {
                step: "creating a temporary directory".into(),
                detail: error.to_string(),
            })?
            .keep();
        let pid_file = dir.join("redis.pid");
        let stop =
            format!("[ -f '{pid}' ] && kill -KILL \"$(cat '{pid}')\"", pid = pid_file.display());
        let watchdog = Watchdog::new(&stop, &dir)?;
        let mut redis = Redis {
            port: 0,
            dir,
            program,
            server: Mutex::new(None),
            watchdog: Mutex::new(watchdog),
        };
        let mut last = None;
        for _ in 0..3 {
            redis.port = free_port()?;
            match redis.resume() {
                Ok(()) => return Ok(redis),
                Err(error) => last = Some(error),
            }
        }
        Err(last.unwrap_or(Error::Failed {
            step: "starting redis-server".into(),
            detail: String::new(),
        }))
    }

    /// The port the server listens on, on 127.0.0.1.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's URL, `redis://127.0.0.1:PORT/`.
    #[must_use]
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Stops the server (SIGKILL: nothing is kept), so that a test can see what its service
    /// does without Redis. [`Redis::resume`] starts an empty one on the same port.
    pub fn stop(&self) {
        let mut server = self.server.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(mut child) = server.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server (again) on its port, and waits until it answers `PING`.
    ///
    /// # Errors
    /// When it exits or does not answer within 10 seconds; the error holds its log.
    pub fn resume(&self) -> Result<(), Error> {
        self.stop();
        let log = self.dir.join("redis.log");
        let mut command = Command::new(&self.program);
        command
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .arg("--dir")
            .arg(&self.dir)
            .arg("--pidfile")
            .arg(self.dir.join("redis.pid"))
            .arg("--logfile")
            .arg(&log);
        let step = describe(&command);
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| Error::Failed { step: step.clone(), detail: error.to_string() })?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if ping(self.port) {
                break;
            }
            let exited = child.try_wait().ok().flatten();
            if exited.is_some() || Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::Failed {
                    step,
                    detail: format!(
                        "{}\nthe server's log:\n{}",
                        exited
                            .map_or("no PONG within 10 s".to_owned(), |status| status.to_string()),
                        std::fs::read_to_string(&log).unwrap_or_default()
                    ),
                });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        *self.server.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(child);
        Ok(())
    }
}

/// Whether a Redis server on `port` answers `PING` with `PONG`.
fn ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut reply = [0u8; 7];
    stream.write_all(b"PING\r\n").is_ok()
        && stream.read_exact(&mut reply).is_ok()
        && &reply == b"+PONG\r\n"
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.stop();
        if let Ok(watchdog) = self.watchdog.get_mut() {
            watchdog.fire();
        }
    }
}
