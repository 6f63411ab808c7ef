//! Helpers shared by the CLI tests: running the real `userstore` binary, a started server,
//! and two HTTP clients (ureq, and raw bytes over TCP for paths a client would clean up).

#![allow(dead_code)] // each test file uses its own part of these helpers

pub mod smtp;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The binary under test, built by cargo for this test run.
pub const BIN: &str = env!("CARGO_BIN_EXE_userstore");

/// How long a server may take to start or to stop.
const PATIENCE: Duration = Duration::from_secs(60);

/// Runs `userstore ARGS…` with `stdin` and waits for it.
pub fn cli(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the userstore binary starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Runs `userstore ARGS…`, expects success, and returns stdout.
pub fn cli_ok(args: &[&str], stdin: &str) -> String {
    let out = cli(args, stdin);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "userstore {args:?} failed: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// The lines of a JSON Lines output, parsed.
pub fn json_lines(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Collects what a child writes on one of its pipes.
fn collect(pipe: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            let mut t = sink.lock().unwrap();
            t.push_str(&line);
            t.push('\n');
        }
    });
    text
}

/// A running `userstore serve` on a free port.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `userstore serve --db DB --port 0 EXTRA…` and waits for its listening line.
    pub fn start(db: &Path, extra: &[&str]) -> Server {
        Server::start_with_env(db, extra, &[])
    }

    /// [`Server::start`] with the environment variables `env` set.
    pub fn start_with_env(db: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--db", db.to_str().unwrap(), "--port", "0"])
            .args(extra)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the userstore binary starts");
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let deadline = Instant::now() + PATIENCE;
        let url = loop {
            let found = stdout
                .lock()
                .unwrap()
                .lines()
                .find_map(|l| l.strip_prefix("userstore listening on ").map(str::to_owned));
            if let Some(url) = found {
                break url;
            }
            if let Some(status) = child.try_wait().unwrap() {
                panic!("the server exited ({status}): {}", stderr.lock().unwrap());
            }
            assert!(Instant::now() < deadline, "the server did not start");
            thread::sleep(Duration::from_millis(20));
        };
        Server {
            child,
            url,
            stdout,
            stderr,
        }
    }

    /// `URL` + `path`.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.url.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// What it printed on stdout so far.
    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    /// Its stdout once it has at least `n` lines.
    pub fn stdout_lines(&self, n: usize) -> String {
        let deadline = Instant::now() + PATIENCE;
        while self.stdout().lines().count() < n {
            assert!(
                Instant::now() < deadline,
                "fewer than {n} lines: {}",
                self.stdout()
            );
            thread::sleep(Duration::from_millis(10));
        }
        self.stdout()
    }

    /// What it printed on stderr so far (the request log).
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until the request log has `n` lines that contain `needle`.
    pub fn wait_for_log(&self, needle: &str, n: usize) {
        let deadline = Instant::now() + PATIENCE;
        while self.stderr().lines().filter(|l| l.contains(needle)).count() < n {
            assert!(Instant::now() < deadline, "no log line {needle:?}");
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sends SIGTERM and waits for the exit; returns the status and all of stderr.
    pub fn terminate(self) -> (ExitStatus, String) {
        self.signal("TERM");
        self.finish()
    }

    /// Waits for the exit; returns the status and all of stderr.
    pub fn finish(mut self) -> (ExitStatus, String) {
        let status = self.wait();
        // The pipe threads finish once the process is gone.
        thread::sleep(Duration::from_millis(100));
        (status, self.stderr())
    }

    /// Sends a signal by name (`TERM`, `INT`).
    pub fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{name} failed");
    }

    /// Waits for the process to exit.
    pub fn wait(&mut self) -> ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `userstore user create` of `name` and `email` in the store `db`, the password on standard
/// input; its output (one JSON line).
pub fn create_user(db: &str, name: &str, email: &str, password: &str) -> String {
    cli_ok(
        &[
            "user",
            "create",
            "--db",
            db,
            "--name",
            name,
            "--email",
            email,
            "--password-stdin",
        ],
        &format!("{password}\n"),
    )
}

/// POSTs `body` as JSON to `path` of `server`: the status and the body's text.
pub fn post_json(server: &Server, path: &str, body: &serde_json::Value) -> (u16, String) {
    let mut r = agent()
        .post(&server.at(path))
        .header("content-type", "application/json")
        .send(body.to_string())
        .unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

/// An HTTP client that returns 4xx and 5xx responses instead of failing on them.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// A response read off the wire: status, headers (lowercase names) and body.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Raw {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `head` (request line and headers, without the final blank line) and `body` as they
/// are, with `Connection: close`, and reads the whole response.
pub fn raw(port: u16, head: &str, body: &[u8]) -> Raw {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let head = format!("{head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    parse_response(&bytes)
}

/// Parses an HTTP/1.1 response with a `Content-Length`.
pub fn parse_response(bytes: &[u8]) -> Raw {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = std::str::from_utf8(&bytes[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|l| {
            let (k, v) = l.split_once(':').unwrap();
            (k.trim().to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    Raw {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    }
}
