//! Requests per second of a write-heavy mix through real `userstore serve` processes: one
//! server on an SQLite file, then 1, 2 and 4 servers on one PostgreSQL database
//! (`BENCH_POSTGRES`, a server URL; scripts/bench.sh starts a throwaway one). Eight client
//! threads, each logged in as its own user, send 80% `PATCH /api/v2/users/{id}` (a rename) and
//! 20% `GET /api/v2/users/me` over keep-alive connections, spread over the servers, for
//! `BENCH_SECONDS` (default 4) after a warm-up. Prints a markdown table; `BENCH_JSON=path`
//! also writes the rows as JSON. Everything (clients, servers, database) shares this machine's
//! cores: the figures show how the backends compare here, not a cluster's capacity.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_userstore");
const CLIENTS: usize = 8;
const PW: &str = "Bench-Pass-2026!";

/// A running server and its port.
struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(db: &str) -> Server {
    let mut child = Command::new(BIN)
        .args(["serve", "--db", db, "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line.trim().rsplit(':').next().unwrap().parse().unwrap();
    Server(child, port)
}

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn new(port: u16) -> Conn {
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_nodelay(true).unwrap();
        Conn {
            reader: BufReader::new(stream),
        }
    }

    /// Sends a request and returns (status, body).
    fn send(&mut self, method: &str, path: &str, auth: Option<&str>, body: &str) -> (u16, String) {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        );
        if let Some(token) = auth {
            head.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        head.push_str("\r\n");
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body.as_bytes()).unwrap();
        let mut status_line = String::new();
        self.reader.read_line(&mut status_line).unwrap();
        let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).unwrap();
        (status, String::from_utf8(body).unwrap())
    }
}

/// Creates the clients' users (one each) in `db`.
fn create_users(db: &str) {
    for i in 0..CLIENTS {
        let mut child = Command::new(BIN)
            .args([
                "user",
                "create",
                "--db",
                db,
                "--name",
                &format!("Client {i}"),
                "--email",
                &format!("client{i}@example.com"),
                "--password-stdin",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{PW}\n").as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success());
    }
}

/// Requests per second of the mix against `servers` (all on one database with the clients'
/// users), over `seconds`.
fn measure(servers: &[Server], seconds: f64) -> f64 {
    let done = AtomicU64::new(0);
    let counting = AtomicBool::new(false);
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        for i in 0..CLIENTS {
            let port = servers[i % servers.len()].1;
            let (done, counting, stop) = (&done, &counting, &stop);
            s.spawn(move || {
                let mut conn = Conn::new(port);
                let login = format!(r#"{{"email":"client{i}@example.com","password":"{PW}"}}"#);
                let (status, body) = conn.send("POST", "/api/v2/sessions", None, &login);
                assert_eq!(status, 200, "{body}");
                let at = body.find(r#""token":""#).unwrap() + 9;
                let token = body[at..at + 64].to_owned();
                let id = i + 1;
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let (status, body) = if n.is_multiple_of(5) {
                        conn.send("GET", "/api/v2/users/me", Some(&token), "")
                    } else {
                        let rename = format!(r#"{{"name":"Client {i} {n}"}}"#);
                        conn.send(
                            "PATCH",
                            &format!("/api/v2/users/{id}"),
                            Some(&token),
                            &rename,
                        )
                    };
                    assert_eq!(status, 200, "{body}");
                    if counting.load(Ordering::Relaxed) {
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
        std::thread::sleep(Duration::from_millis(1000));
        counting.store(true, Ordering::Relaxed);
        let start = Instant::now();
        std::thread::sleep(Duration::from_secs_f64(seconds));
        counting.store(false, Ordering::Relaxed);
        let elapsed = start.elapsed().as_secs_f64();
        stop.store(true, Ordering::Relaxed);
        done.load(Ordering::Relaxed) as f64 / elapsed
    })
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let seconds: f64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4.0);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("servers.db").display().to_string();
    create_users(&file);
    let sqlite = measure(&[start(&file)], seconds);
    let mut rows = vec![("1 server, SQLite file".to_owned(), sqlite)];
    match std::env::var("BENCH_POSTGRES") {
        Ok(admin) => {
            let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
            for n in [1, 2, 4] {
                let schema = format!("servers{n}_{}", std::process::id());
                client
                    .batch_execute(&format!("CREATE SCHEMA {schema}"))
                    .unwrap();
                let url = format!("{admin}?options=-csearch_path%3D{schema}");
                create_users(&url);
                let servers: Vec<Server> = (0..n).map(|_| start(&url)).collect();
                let plural = if n == 1 { "server" } else { "servers" };
                rows.push((
                    format!("{n} {plural}, one PostgreSQL"),
                    measure(&servers, seconds),
                ));
            }
        }
        Err(_) => eprintln!("servers: BENCH_POSTGRES is not set; SQLite only"),
    }
    println!(
        "| write-heavy mix (80% PATCH, 20% GET me), {CLIENTS} clients | requests/s | vs 1 SQLite server |"
    );
    println!("|---|---|---|");
    for (figure, rps) in &rows {
        println!("| {figure} | {rps:.0} | {:.2}x |", rps / sqlite);
    }
    if let Ok(path) = std::env::var("BENCH_JSON") {
        let json: Vec<String> = rows
            .iter()
            .map(|(f, rps)| format!(r#"{{"figure":"{f}","rps":{rps:.1}}}"#))
            .collect();
        std::fs::write(path, format!("[{}]", json.join(","))).unwrap();
    }
}
