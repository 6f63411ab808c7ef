//! End to end: the real binary serves the three-step password reset over real HTTP, the
//! reset link is read from the outbox through the CLI while the server runs, and SIGTERM
//! stops the server cleanly with a request log free of secrets.

mod common;

use common::{Server, agent, cli_ok, create_user, json_lines};
use serde_json::{Value, json};

const OLD: &str = "Blue-Otter-47";
const NEW: &str = "Green-Falcon-82";

fn post(url: &str, body: &Value, cookie: Option<&str>) -> ureq::http::Response<ureq::Body> {
    let mut req = agent().post(url).header("content-type", "application/json");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send(body.to_string()).unwrap()
}

fn text(mut r: ureq::http::Response<ureq::Body>) -> (u16, String) {
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

fn set_cookies(r: &ureq::http::Response<ureq::Body>) -> Vec<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn reset_flow_over_http_with_the_outbox_read_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    let db = db.to_str().unwrap();

    let created = create_user(db, "Ada Lovelace", "ada@example.com", OLD);
    let user = &json_lines(&created)[0]["user"];
    assert_eq!(user["id"], 1);
    assert_eq!(user["email"], "ada@example.com");
    assert_eq!(user["hasPassword"], true);

    let server = Server::start(std::path::Path::new(db), &[]);

    // 1. Demand: the same answer for every address.
    let r = post(
        &server.at("/api/v2/users/password-reset-demand"),
        &json!({ "email": "ada@example.com" }),
        None,
    );
    assert_eq!(text(r), (200, r#"{"ok":1}"#.into()));

    // The mail, read through the CLI while the server runs.
    let mails = json_lines(&cli_ok(&["outbox", "list", "--db", db], ""));
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    let body = mail["body"].as_str().unwrap();
    let at = body.find("hash=").expect("a reset link") + "hash=".len();
    let hash = &body[at..at + 32];
    assert!(is_hex(hash, 32), "{hash}");
    let link = format!("{}/account/reset-password?hash={hash}", server.url);
    assert_eq!(
        mail,
        &json!({
            "id": 1,
            "kind": "password_reset",
            "to": "ada@example.com",
            "subject": "Reset your password",
            "body": format!("Hello Ada Lovelace,\n\nSomeone asked to reset the password of this account. To choose a new password, open this link within one hour:\n\n{link}\n\nIf it was not you, ignore this mail; your password stays as it is.\n"),
            "createdAt": mail["createdAt"],
            "acknowledgedAt": null,
        })
    );

    // 2. The hash opens a reset session, carried by the cookie.
    let r = agent()
        .get(server.at(&format!("/api/v2/users/password-reset?hash={hash}")))
        .call()
        .unwrap();
    let cookies = set_cookies(&r);
    assert_eq!(text(r), (200, r#"{"ok":1}"#.into()));
    assert_eq!(cookies.len(), 1);
    let (pair, attributes) = cookies[0].split_once("; ").unwrap();
    let session = pair.strip_prefix("userstore_reset=").unwrap();
    assert!(is_hex(session, 64), "{session}");
    assert_eq!(
        attributes,
        "HttpOnly; Secure; SameSite=Strict; Path=/api/v2/users/password-reset; Max-Age=900"
    );

    // The hash is single use.
    let r = agent()
        .get(server.at(&format!("/api/v2/users/password-reset?hash={hash}")))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);

    // 3. The new password, inside the reset session.
    let r = post(
        &server.at("/api/v2/users/password-reset"),
        &json!({ "newPassword1": NEW, "newPassword2": NEW }),
        Some(pair),
    );
    assert_eq!(
        set_cookies(&r),
        [
            "userstore_reset=; HttpOnly; Secure; SameSite=Strict; Path=/api/v2/users/password-reset; Max-Age=0"
        ]
    );
    assert_eq!(text(r), (200, r#"{"ok":1}"#.into()));

    // The new password logs in; the old one does not.
    let r = post(
        &server.at("/api/v2/sessions"),
        &json!({ "email": "ada@example.com", "password": NEW }),
        None,
    );
    let (status, login) = text(r);
    assert_eq!(status, 200, "{login}");
    let login: Value = serde_json::from_str(&login).unwrap();
    let token = login["session"]["token"].as_str().unwrap().to_owned();
    assert!(is_hex(&token, 64));
    assert_eq!(login["session"]["userId"], 1);
    let r = post(
        &server.at("/api/v2/sessions"),
        &json!({ "email": "ada@example.com", "password": OLD }),
        None,
    );
    assert_eq!(
        text(r),
        (
            400,
            r#"{"detail":"The credentials you provided are not valid.","message":"Invalid credentials","code":"IM102"}"#.into()
        )
    );

    // The user was told; acknowledging a mail erases its body.
    let mails = json_lines(&cli_ok(&["outbox", "list", "--db", db], ""));
    let kinds: Vec<&str> = mails.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["password_reset", "password_reset_done"]);
    assert_eq!(
        cli_ok(&["outbox", "ack", "--db", db, "1"], ""),
        "{\"ok\":1}\n"
    );
    let all = json_lines(&cli_ok(&["outbox", "list", "--db", db, "--all"], ""));
    assert_eq!(all[0]["body"], Value::Null);
    assert_ne!(all[0]["acknowledgedAt"], Value::Null);

    server.wait_for_log("POST /api/v2/sessions 400", 1);
    let (status, log) = server.terminate();
    assert!(status.success(), "exit status {status}: {log}");

    let requests: Vec<String> = log
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            let timed = f.len() == 5 && f[0].ends_with('Z') && f[4].ends_with("ms");
            timed.then(|| f[1..4].join(" "))
        })
        .collect();
    assert_eq!(
        requests,
        [
            "POST /api/v2/users/password-reset-demand 200",
            "GET /api/v2/users/password-reset 200",
            "GET /api/v2/users/password-reset 400",
            "POST /api/v2/users/password-reset 200",
            "POST /api/v2/sessions 200",
            "POST /api/v2/sessions 400",
        ]
    );
    assert!(
        log.ends_with("userstore: stopping after the requests in flight\n"),
        "{log}"
    );
    for secret in [
        hash,
        session,
        &token,
        OLD,
        NEW,
        "hash=",
        "cookie",
        "ada@example.com",
    ] {
        assert!(!log.contains(secret), "the log holds {secret:?}: {log}");
    }
}
