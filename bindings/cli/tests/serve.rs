//! `userstore serve` over real sockets: static files, the API's 404/405/413 answers, the
//! request log, and graceful shutdown.

mod common;

use common::{Server, agent, raw};
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::thread;
use std::time::Duration;

const NOT_FOUND_ROUTE: &str = r#"{"detail":"No such route.","message":"Not Found","code":"SC404"}"#;

/// A temp dir with `users.db`, `www/` (a few files) and `secret.txt` beside `www/`.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    fs::create_dir_all(www.join("pkg")).unwrap();
    fs::write(www.join("index.html"), "<!doctype html><h1>demo</h1>").unwrap();
    fs::write(www.join("app.js"), "console.log(1);").unwrap();
    fs::write(www.join("pkg/userstore.mjs"), "export {};").unwrap();
    fs::write(www.join("pkg/userstore_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    fs::write(www.join("style.css"), "h1{}").unwrap();
    fs::write(dir.path().join("secret.txt"), "outside secret").unwrap();
    dir
}

fn start(dir: &Path) -> Server {
    let www = dir.join("www");
    Server::start(&dir.join("users.db"), &["--www", www.to_str().unwrap()])
}

fn get(server: &Server, target: &str) -> common::Raw {
    raw(server.port(), &format!("GET {target} HTTP/1.1"), b"")
}

#[test]
fn serves_static_files_with_their_content_types() {
    let dir = site();
    let server = start(dir.path());
    for (path, content_type, body) in [
        (
            "/",
            "text/html; charset=utf-8",
            &b"<!doctype html><h1>demo</h1>"[..],
        ),
        (
            "/index.html",
            "text/html; charset=utf-8",
            b"<!doctype html><h1>demo</h1>",
        ),
        (
            "/app.js",
            "text/javascript; charset=utf-8",
            b"console.log(1);",
        ),
        (
            "/pkg/userstore.mjs",
            "text/javascript; charset=utf-8",
            b"export {};",
        ),
        (
            "/pkg/userstore_bg.wasm",
            "application/wasm",
            b"\0asm\x01\0\0\0",
        ),
        ("/style.css", "text/css; charset=utf-8", b"h1{}"),
        (
            "/app.js?v=2",
            "text/javascript; charset=utf-8",
            b"console.log(1);",
        ),
    ] {
        let r = get(&server, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(content_type), "{path}");
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(r.body, body, "{path}");
    }
    let r = get(&server, "/pkg");
    assert_eq!((r.status, r.header("location")), (301, Some("/pkg/")));
    let r = raw(
        server.port(),
        "POST /index.html HTTP/1.1\r\nContent-Length: 0",
        b"",
    );
    assert_eq!((r.status, r.header("allow")), (405, Some("GET, HEAD")));
}

#[test]
fn never_serves_a_file_outside_www() {
    let dir = site();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        dir.path().join("www/link.txt"),
    )
    .unwrap();
    let server = start(dir.path());
    for path in [
        "/../secret.txt",
        "/pkg/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/pkg/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/pkg%2f..%2f..%2fsecret.txt",
        "/%2fsecret.txt",
        "/..%5csecret.txt",
        "/link.txt",
        "/missing.html",
        "/..",
    ] {
        let r = get(&server, path);
        assert_eq!((r.status, r.text()), (404, "Not Found\n".into()), "{path}");
    }
    // Below /api/v2 the router answers, with its own 404.
    for path in [
        "/api/v2/../../secret.txt",
        "/api/v2/%2e%2e/%2e%2e/secret.txt",
    ] {
        let r = get(&server, path);
        assert_eq!(
            (r.status, r.text()),
            (404, NOT_FOUND_ROUTE.into()),
            "{path}"
        );
    }
}

#[test]
fn api_errors_404_405_and_413() {
    let dir = site();
    let server = start(dir.path());
    for path in [
        "/api/v2",
        "/api/v2/",
        "/api/v2/nope",
        "/api/v2/users/me/nope",
        "/api/v2/users/0",
    ] {
        let r = get(&server, path);
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(
            r.header("content-type"),
            Some("application/json; charset=utf-8")
        );
        assert_eq!(r.text(), NOT_FOUND_ROUTE, "{path}");
    }
    let r = raw(server.port(), "PUT /api/v2/users HTTP/1.1", b"");
    assert_eq!((r.status, r.header("allow")), (405, Some("GET, DELETE")));
    assert_eq!(
        r.text(),
        r#"{"detail":"PUT is not allowed here; use GET, DELETE.","message":"Method Not Allowed","code":"SC405"}"#
    );

    // 2 MiB through a real client: it sends the whole body and reads the 413.
    let body = format!(
        r#"{{"email":"{}@example.com"}}"#,
        "a".repeat(2 * 1024 * 1024)
    );
    let mut r = agent()
        .post(server.at("/api/v2/users/password-reset-demand"))
        .header("content-type", "application/json")
        .send(body)
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
    assert_eq!(
        r.body_mut().read_to_string().unwrap(),
        r#"{"detail":"The request body is larger than 1048576 bytes.","message":"Payload Too Large","code":"SC413"}"#
    );

    // A body that claims a terabyte gets the same 413 as soon as the limit is passed (and
    // does not take the server down).
    let mut stream = TcpStream::connect(("127.0.0.1", server.port())).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let head = "POST /api/v2/users/password-reset-demand HTTP/1.1\r\nHost: x\r\n\
                Content-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n";
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&vec![b' '; 1024 * 1024 + 64]).unwrap();
    let mut got = Vec::new();
    let mut buf = [0; 4096];
    while !got.windows(5).any(|w| w == b"SC413") {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "closed without an answer");
        got.extend_from_slice(&buf[..n]);
    }
    assert!(got.starts_with(b"HTTP/1.1 413 Payload Too Large\r\n"));
    drop(stream);
    let r = get(&server, "/api/v2/users/roles");
    assert_eq!(r.status, 200);
}

#[test]
fn the_request_log_has_method_path_status_and_duration_only() {
    let dir = site();
    let server = start(dir.path());
    let hash = "fab680b60044adb766128e713e44e15b";
    get(
        &server,
        &format!("/api/v2/users/password-reset?hash={hash}"),
    );
    let login = br#"{"email":"ada@example.com","password":"Pa55-word-xyz"}"#;
    let head = format!(
        "POST /api/v2/sessions HTTP/1.1\r\nContent-Type: application/json\r\n\
         Authorization: Bearer 0123456789abcdef\r\nContent-Length: {}",
        login.len()
    );
    assert_eq!(raw(server.port(), &head, login).status, 400);
    get(&server, "/app.js?token=abc");
    get(&server, "/nope");
    server.wait_for_log("GET /nope 404", 1);
    let log = server.stderr();
    let mut lines: Vec<&str> = log.lines().collect();
    // What the server said at start: no mail transport is configured.
    assert_eq!(
        lines.remove(0),
        "userstore: no [mail] transport: mail stays in the outbox for the host"
    );
    assert_eq!(lines.len(), 4, "{log}");
    let expected = [
        "GET /api/v2/users/password-reset 400",
        "POST /api/v2/sessions 400",
        "GET /app.js 200",
        "GET /nope 404",
    ];
    for (line, expected) in lines.iter().zip(expected) {
        let fields: Vec<&str> = line.split(' ').collect();
        assert_eq!(fields.len(), 5, "{line}");
        // 2026-01-02T03:04:05.678Z
        assert_eq!(fields[0].len(), 24, "{line}");
        assert!(
            fields[0].ends_with('Z') && fields[0].as_bytes()[10] == b'T',
            "{line}"
        );
        assert_eq!(fields[1..4].join(" "), expected);
        let ms = fields[4].strip_suffix("ms").unwrap();
        assert!(ms.parse::<f64>().is_ok(), "{line}");
    }
    for secret in [
        hash,
        "hash",
        "0123456789abcdef",
        "Pa55-word-xyz",
        "ada@",
        "token",
        "abc",
    ] {
        assert!(!log.contains(secret), "the log holds {secret:?}: {log}");
    }
}

#[test]
fn without_www_only_the_api_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("www");
    let server = Server::start(
        &dir.path().join("users.db"),
        &["--www", missing.to_str().unwrap()],
    );
    assert_eq!(get(&server, "/").status, 404);
    assert_eq!(get(&server, "/api/v2/users/roles").status, 200);
    assert!(
        server.stderr().starts_with(&format!(
            "userstore: note: {} does not exist, so only the API is served",
            missing.display()
        )),
        "{}",
        server.stderr()
    );
}

#[test]
fn sigterm_lets_a_request_in_flight_finish_and_exits_0() {
    let dir = site();
    let server = start(dir.path());
    let body = br#"{"email":"ada@example.com"}"#;
    let mut stream = TcpStream::connect(("127.0.0.1", server.port())).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let head = format!(
        "POST /api/v2/users/password-reset-demand HTTP/1.1\r\nHost: x\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body[..10]).unwrap();
    thread::sleep(Duration::from_millis(200));
    server.signal("TERM");
    server.wait_for_log("userstore: stopping", 1);
    stream.write_all(&body[10..]).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let r = common::parse_response(&response);
    assert_eq!((r.status, r.text()), (200, r#"{"ok":1}"#.into()));
    let (status, log) = server.finish();
    assert!(status.success(), "{status}: {log}");
    assert!(
        log.contains("POST /api/v2/users/password-reset-demand 200"),
        "{log}"
    );
}

#[test]
fn ctrl_c_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(&dir.path().join("users.db"), &[]);
    server.signal("INT");
    assert!(server.wait().success());
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("users.db"), &[]);
    let port = server.port().to_string();
    let out = common::cli(
        &[
            "serve",
            "--db",
            dir.path().join("other.db").to_str().unwrap(),
            "--port",
            &port,
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("userstore: Address already in use"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The server names the client (its peer address) to the router: past the burst of 10, its
/// logins get `SC429` with `Retry-After`, before any password is hashed, while its other
/// requests go on.
#[test]
fn a_client_flooding_login_is_throttled() {
    let dir = site();
    let server = start(dir.path());
    // Another address each time, so that no address locks: only the client is counted.
    let attempt = |i: usize| {
        let login = format!(r#"{{"email":"nobody{i}@example.com","password":"Wrong-Guess-99!"}}"#);
        let head = format!(
            "POST /api/v2/sessions HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}",
            login.len()
        );
        raw(server.port(), &head, login.as_bytes())
    };
    let statuses: Vec<u16> = (0..10).map(|i| attempt(i).status).collect();
    assert_eq!(statuses, [400; 10]);
    let refused = attempt(10);
    assert_eq!(refused.status, 429);
    assert_eq!(refused.header("retry-after"), Some("6"));
    let body: serde_json::Value = serde_json::from_slice(&refused.body).unwrap();
    assert_eq!(body["code"], "SC429");
    assert_eq!(get(&server, "/api/v2/users/roles").status, 200);
}

/// The operator's probes: `/healthz` while the process answers, `/readyz` while the database
/// answers and holds this build's schema (503 with what is wrong otherwise).
#[test]
fn health_and_readiness_probes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    let server = Server::start(&db, &[]);
    let version = userstore::SCHEMA_VERSION;
    let r = get(&server, "/healthz");
    assert_eq!((r.status, r.text()), (200, r#"{"status":"ok"}"#.to_owned()));
    let r = get(&server, "/readyz");
    assert_eq!(
        (r.status, r.text()),
        (
            200,
            format!(r#"{{"status":"ready","schemaVersion":{version}}}"#)
        )
    );
    let r = raw(server.port(), "POST /readyz HTTP/1.1", b"");
    assert_eq!((r.status, r.header("allow")), (405, Some("GET, HEAD")));
    // Another program moves the schema on under the running server.
    let moved = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); \
             c.execute('PRAGMA user_version = 99'); c.commit()",
            db.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(moved.success());
    let r = get(&server, "/readyz");
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("5"));
    assert_eq!(
        r.text(),
        format!(
            r#"{{"status":"unavailable","detail":"The database has schema version 99; this library writes {version}."}}"#
        )
    );
    // The process still answers.
    assert_eq!(get(&server, "/healthz").status, 200);
}
