//! End to end (issue 21): `userstore serve` delivers its own mail. A reset demanded over HTTP
//! arrives at a real SMTP server on loopback (aiosmtpd) as a multipart mail whose link opens
//! the server's reset page, which headless Chromium follows to set the new password; login
//! then works with it and the outbox keeps no body. The SMTP server going away and coming
//! back loses no mail. The same through a webhook, its signature checked.

mod common;

use common::smtp::{Smtp, free_port};
use common::{Server, agent, cli_ok, create_user, json_lines, post_json};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::Duration;

const OLD: &str = "Blue-Otter-47";
const NEW: &str = "Green-Falcon-82";
const ADA: &str = "ada@example.com";
const FROM: &str = "Accounts <accounts@example.com>";
/// How long a mail may take to arrive.
const PATIENCE: Duration = Duration::from_secs(60);

fn create_ada(db: &Path) {
    create_user(db.to_str().unwrap(), "Ada Lovelace", ADA, OLD);
}

fn login(server: &Server, password: &str) -> u16 {
    post_json(
        server,
        "/api/v2/sessions",
        &json!({ "email": ADA, "password": password }),
    )
    .0
}

/// The link on its own line of a mail's text.
fn link_in(text: &str) -> String {
    text.lines()
        .find(|l| l.starts_with("http"))
        .expect("a link")
        .to_owned()
}

/// Every mail of the outbox, acknowledged or not.
fn outbox(db: &Path) -> Vec<Value> {
    json_lines(&cli_ok(
        &["outbox", "list", "--all", "--db", db.to_str().unwrap()],
        "",
    ))
}

/// Waits until `metric` reads `value` at `/metrics`.
fn wait_for_metric(server: &Server, line: &str) {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let text = agent()
            .get(&server.at("/metrics"))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        if text.lines().any(|l| l == line) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {line:?} in {text}"
        );
        thread::sleep(Duration::from_millis(50));
    }
}

/// Runs the headless-Chromium script `tests/mail/<script>` with `args`: what it printed, as
/// JSON.
fn browse(script: &str, args: &[&str]) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/mail")
        .join(script);
    let out = Command::new("node").arg(path).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A store holding Ada, a real SMTP server on a free port, and `userstore serve` mailing
/// through it (polling every 50 ms) with `env` besides: (the store's folder, the SMTP port,
/// the SMTP server, the server).
fn mailing_over_smtp(env: &[(&str, &str)]) -> (tempfile::TempDir, u16, Smtp, Server) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    create_ada(&db);
    let port = free_port();
    let smtp = Smtp::start(port);
    let smtp_url = format!("smtp://127.0.0.1:{port}");
    let mut all = vec![
        ("USERSTORE_MAIL_SMTP_URL", smtp_url.as_str()),
        ("USERSTORE_MAIL_FROM", FROM),
        ("USERSTORE_MAIL_POLL_INTERVAL_MS", "50"),
    ];
    all.extend_from_slice(env);
    let server = Server::start_with_env(&db, &[], &all);
    (dir, port, smtp, server)
}

#[test]
fn a_reset_mailed_over_smtp_is_followed_in_the_browser_and_no_mail_is_lost_while_smtp_is_down() {
    let (dir, port, smtp, server) = mailing_over_smtp(&[
        ("USERSTORE_MAIL_RETRY_MIN_MS", "100"),
        ("USERSTORE_MAIL_RETRY_MAX_MS", "400"),
        ("USERSTORE_MAIL_TIMEOUT_MS", "2000"),
    ]);
    let db = dir.path().join("users.db");

    // 1. The demand, over HTTP; the mail arrives by SMTP, text and HTML.
    let demand = json!({ "email": ADA });
    assert_eq!(
        post_json(&server, "/api/v2/users/password-reset-demand", &demand),
        (200, r#"{"ok":1}"#.into())
    );
    let mail = smtp.next_mail();
    assert_eq!(mail["from"], FROM);
    assert_eq!(mail["to"], ADA);
    assert_eq!(mail["envelopeTo"], json!([ADA]));
    assert_eq!(mail["subject"], "Reset your password");
    assert_eq!(mail["contentType"], "multipart/alternative");
    let text = mail["text"].as_str().unwrap();
    let link = link_in(text);
    let prefix = format!("{}/account/reset-password?hash=", server.url);
    assert!(link.starts_with(&prefix), "{link}");
    assert_eq!(link.len(), prefix.len() + 32);
    let html = mail["html"].as_str().unwrap();
    assert!(
        html.contains(&format!("<a href=\"{link}\">{link}</a>")),
        "{html}"
    );

    // 2. The link's page, in headless Chromium on a phone-sized screen, by keyboard.
    let page = browse("reset_page.mjs", &[&link, NEW]);
    assert_eq!(
        page["status"],
        "Your password was changed. You can now sign in with it."
    );
    assert_eq!(
        page["address"],
        format!("{}/account/reset-password", server.url)
    );

    // 3. The new password works, the old one does not; the reset's notice arrives too.
    assert_eq!(login(&server, NEW), 200);
    assert_eq!(login(&server, OLD), 400);
    assert_eq!(smtp.next_mail()["subject"], "Your password was reset");
    wait_for_metric(&server, "userstore_outbox_pending 0");
    let mails = outbox(&db);
    assert_eq!(mails.len(), 2);
    for m in &mails {
        assert_eq!(m["body"], Value::Null, "{m}");
        assert!(m["acknowledgedAt"].is_string(), "{m}");
    }

    // 4. The SMTP server goes away: the demand's mail waits, failing, and nothing is lost.
    smtp.stop();
    assert_eq!(
        post_json(&server, "/api/v2/users/password-reset-demand", &demand),
        (200, r#"{"ok":1}"#.into())
    );
    server.wait_for_log("mail not delivered", 2);
    wait_for_metric(&server, "userstore_outbox_pending 1");
    let smtp = Smtp::start(port);
    let mail = smtp.next_mail();
    assert_eq!(mail["subject"], "Reset your password");
    wait_for_metric(&server, "userstore_outbox_pending 0");
    wait_for_metric(
        &server,
        r#"userstore_mail_deliveries_total{outcome="delivered"} 3"#,
    );
    let (status, log) = server.terminate();
    assert!(status.success(), "{log}");
    // The log names the failures, never a body, a link or a hash.
    assert!(
        log.contains("userstore: mail not delivered mail_id=3 kind=password_reset attempt=1"),
        "{log}"
    );
    let hash = link.rsplit('=').next().unwrap();
    for secret in [hash, "hash=", NEW, OLD] {
        assert!(!log.contains(secret), "the log holds {secret:?}: {log}");
    }
}

#[test]
fn an_email_change_confirmed_through_the_mailed_link_in_the_browser() {
    let (_dir, _port, smtp, server) =
        mailing_over_smtp(&[("USERSTORE_STORE_CONFIRM_EMAIL_CHANGE", "true")]);
    // Ada asks for a new address, signed in by her session.
    let mut login = agent()
        .post(&server.at("/api/v2/sessions"))
        .header("content-type", "application/json")
        .send(json!({ "email": ADA, "password": OLD }).to_string())
        .unwrap();
    let session: Value = serde_json::from_str(&login.body_mut().read_to_string().unwrap()).unwrap();
    let token = session["session"]["token"].as_str().unwrap();
    let mut change = agent()
        .put(&server.at("/api/v2/users/1/attributes/email"))
        .header("content-type", "application/json")
        .header("authorization", &format!("Bearer {token}"))
        .send(
            json!({
                "currentEmailAddress": ADA,
                "newEmailAddress": "ada@lovelace.example",
                "currentPassword": OLD,
            })
            .to_string(),
        )
        .unwrap();
    assert_eq!(
        (
            change.status().as_u16(),
            change.body_mut().read_to_string().unwrap()
        ),
        (200, r#"{"changed":false,"emailSent":true}"#.into())
    );
    let mail = smtp.next_mail();
    assert_eq!(mail["to"], "ada@lovelace.example");
    assert_eq!(mail["subject"], "Confirm your new email address");
    let link = link_in(mail["text"].as_str().unwrap());
    assert!(
        link.starts_with(&format!("{}/account/confirm-email?token=", server.url)),
        "{link}"
    );

    let page = browse("confirm_page.mjs", &[&link]);
    assert_eq!(page["status"], "Your new email address is confirmed.");
    assert_eq!(
        page["address"],
        format!("{}/account/confirm-email", server.url)
    );

    // The new address signs in; the notices go to both.
    let status = agent()
        .post(&server.at("/api/v2/sessions"))
        .header("content-type", "application/json")
        .send(json!({ "email": "ada@lovelace.example", "password": OLD }).to_string())
        .unwrap()
        .status()
        .as_u16();
    assert_eq!(status, 200);
    let mut notices: Vec<String> = (0..2)
        .map(|_| smtp.next_mail()["to"].as_str().unwrap().to_owned())
        .collect();
    notices.sort();
    assert_eq!(notices, [ADA, "ada@lovelace.example"]);
}

/// A webhook receiver on loopback: answers the first `failures` requests 503, then 200, and
/// sends each request's signature header and body on.
fn webhook_receiver(failures: usize) -> (u16, Receiver<(String, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = channel();
    thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { break };
            let (signature, body) = read_request(&mut stream);
            let status = if n < failures {
                "503 Service Unavailable"
            } else {
                "200 OK"
            };
            let _ = stream.write_all(
                format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            );
            if tx.send((signature, body)).is_err() {
                break;
            }
        }
    });
    (port, rx)
}

/// The signature header and the body of one HTTP request.
fn read_request(stream: &mut TcpStream) -> (String, String) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let (mut length, mut signature) = (0, String::new());
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap(),
            "x-userstore-signature" => signature = value.trim().to_owned(),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (signature, String::from_utf8(body).unwrap())
}

/// `sha256=` and the hex HMAC-SHA256 of `body` under `key`.
fn hmac_hex(key: &[u8], body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[test]
fn a_reset_delivered_by_a_signed_webhook_is_retried_until_accepted_and_followed() {
    const SECRET: &str = "a shared secret of the receiver";
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    create_ada(&db);
    let (port, requests) = webhook_receiver(1);
    let hook = format!("http://127.0.0.1:{port}/mail");
    let server = Server::start_with_env(
        &db,
        &[],
        &[
            ("USERSTORE_MAIL_WEBHOOK_URL", &hook),
            ("USERSTORE_MAIL_WEBHOOK_SECRET", SECRET),
            ("USERSTORE_MAIL_FROM", FROM),
            ("USERSTORE_MAIL_POLL_INTERVAL_MS", "50"),
            ("USERSTORE_MAIL_RETRY_MIN_MS", "100"),
        ],
    );
    assert_eq!(
        post_json(
            &server,
            "/api/v2/users/password-reset-demand",
            &json!({ "email": ADA })
        ),
        (200, r#"{"ok":1}"#.into())
    );
    // Refused once (503), then delivered: the same mail, both times signed.
    let (first_signature, first) = requests.recv_timeout(PATIENCE).unwrap();
    let (signature, body) = requests.recv_timeout(PATIENCE).unwrap();
    assert_eq!(first, body);
    assert_eq!(first_signature, signature);
    assert_eq!(signature, hmac_hex(SECRET.as_bytes(), body.as_bytes()));
    assert_ne!(signature, hmac_hex(b"another key", body.as_bytes()));
    let mail: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(mail["id"], 1);
    assert_eq!(mail["kind"], "password_reset");
    assert_eq!(mail["from"], "Accounts <accounts@example.com>");
    assert_eq!(mail["to"], ADA);
    assert_eq!(mail["subject"], "Reset your password");
    let link = link_in(mail["text"].as_str().unwrap());
    assert!(mail["html"].as_str().unwrap().contains(&link));
    wait_for_metric(&server, "userstore_outbox_pending 0");
    wait_for_metric(
        &server,
        r#"userstore_mail_deliveries_total{outcome="failed"} 1"#,
    );

    // The link's hash opens a reset session through the server's API, as the page does.
    let hash = link.rsplit_once("hash=").unwrap().1;
    let mut opened = agent()
        .get(&server.at(&format!("/api/v2/users/password-reset?hash={hash}")))
        .call()
        .unwrap();
    assert_eq!(opened.status(), 200);
    let cookie = opened
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let _ = opened.body_mut().read_to_string();
    let mut reset = agent()
        .post(&server.at("/api/v2/users/password-reset"))
        .header("content-type", "application/json")
        .header("cookie", &cookie)
        .send(json!({ "newPassword1": NEW, "newPassword2": NEW }).to_string())
        .unwrap();
    assert_eq!(
        (
            reset.status().as_u16(),
            reset.body_mut().read_to_string().unwrap()
        ),
        (200, r#"{"ok":1}"#.into())
    );
    assert_eq!(login(&server, NEW), 200);
    let (_, notice) = requests.recv_timeout(PATIENCE).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&notice).unwrap()["kind"],
        "password_reset_done"
    );
}

#[test]
fn a_mail_refused_max_attempts_times_is_given_up_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    create_ada(&db);
    let (port, requests) = webhook_receiver(usize::MAX);
    let hook = format!("http://127.0.0.1:{port}/mail");
    let server = Server::start_with_env(
        &db,
        &[],
        &[
            ("USERSTORE_MAIL_WEBHOOK_URL", &hook),
            (
                "USERSTORE_MAIL_WEBHOOK_SECRET",
                "a shared secret of the receiver",
            ),
            ("USERSTORE_MAIL_FROM", FROM),
            ("USERSTORE_MAIL_POLL_INTERVAL_MS", "20"),
            ("USERSTORE_MAIL_RETRY_MIN_MS", "50"),
            ("USERSTORE_MAIL_MAX_ATTEMPTS", "2"),
        ],
    );
    let demand = json!({ "email": ADA });
    assert_eq!(
        post_json(&server, "/api/v2/users/password-reset-demand", &demand).0,
        200
    );
    for _ in 0..2 {
        requests.recv_timeout(PATIENCE).unwrap();
    }
    wait_for_metric(
        &server,
        r#"userstore_mail_deliveries_total{outcome="abandoned"} 1"#,
    );
    assert!(
        requests.recv_timeout(Duration::from_secs(1)).is_err(),
        "no third attempt"
    );
    wait_for_metric(&server, "userstore_outbox_pending 1");
    server.wait_for_log("mail given up", 1);
    // It stays for the operator, body and all.
    let mails = outbox(&db);
    assert_eq!(mails.len(), 1);
    assert!(mails[0]["body"].as_str().unwrap().contains("hash="));
}
