//! The operator's view of a running server (issue 21): `/metrics` after known traffic shows
//! the exact counts, `--log-format json` writes one JSON object a line with request ids, and
//! `config check` prints the effective settings or names the bad key.

mod common;

use common::{Server, agent, cli, cli_ok, create_user, post_json};
use serde_json::{Value, json};

const PW: &str = "Blue-Otter-47";

/// POSTs `body`: the status and the body's error code (empty when it has none).
fn post(server: &Server, path: &str, body: &Value) -> (u16, String) {
    let (status, text) = post_json(server, path, body);
    let code = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v["code"].as_str().map(str::to_owned))
        .unwrap_or_default();
    (status, code)
}

fn get(server: &Server, path: &str) -> (u16, String) {
    let mut r = agent().get(&server.at(path)).call().unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

#[test]
fn metrics_after_known_traffic_show_the_exact_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    let db = db.to_str().unwrap();
    create_user(db, "Ada Lovelace", "ada@example.com", PW);
    // 12 credential requests per client, and no refill within the test.
    let server = Server::start_with_env(
        dir.path().join("users.db").as_path(),
        &[],
        &[
            ("USERSTORE_STORE_RATE_LIMIT_BURST", "12"),
            ("USERSTORE_STORE_RATE_LIMIT_PER_MINUTE", "1"),
        ],
    );
    let login = |password: &str| {
        post(
            &server,
            "/api/v2/sessions",
            &json!({ "email": "ada@example.com", "password": password }),
        )
    };
    assert_eq!(
        post(
            &server,
            "/api/v2/users/password-reset-demand",
            &json!({ "email": "ada@example.com" })
        ),
        (200, String::new())
    );
    assert_eq!(login(PW), (200, String::new()));
    let wrong: Vec<(u16, String)> = (0..10).map(|_| login("Wrong-Pass-99")).collect();
    let mut expected = vec![(400, "IM102".to_owned()); 9];
    expected.push((429, "IM011".into()));
    assert_eq!(wrong, expected);
    assert_eq!(login(PW), (429, "SC429".into()));
    assert_eq!(get(&server, "/healthz").0, 200);
    assert_eq!(get(&server, "/api/v2/users/7/user-team-roles").0, 401);
    assert_eq!(get(&server, "/api/v2/nope").0, 404);
    assert_eq!(get(&server, "/nope").0, 404);
    // Any token is a method to HTTP; the label set stays bounded.
    for method in ["FOO1", "FOO2"] {
        let r = common::raw(server.port(), &format!("{method} /nope HTTP/1.1"), b"");
        assert_eq!(r.status, 404);
    }
    // The demand's mail is written when the outbox is read.
    cli_ok(&["outbox", "list", "--db", db], "");

    let mut r = agent().get(&server.at("/metrics")).call().unwrap();
    assert_eq!(
        r.headers().get("content-type").unwrap(),
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    let text = r.body_mut().read_to_string().unwrap();
    let has = |line: &str| text.lines().any(|l| l == line);
    for line in [
        r#"userstore_http_requests_total{route="/api/v2/users/password-reset-demand",method="POST",status="200"} 1"#,
        r#"userstore_http_requests_total{route="/api/v2/sessions",method="POST",status="200"} 1"#,
        r#"userstore_http_requests_total{route="/api/v2/sessions",method="POST",status="400"} 9"#,
        r#"userstore_http_requests_total{route="/api/v2/sessions",method="POST",status="429"} 2"#,
        r#"userstore_http_requests_total{route="/healthz",method="GET",status="200"} 1"#,
        r#"userstore_http_requests_total{route="/api/v2/users/{userId}/user-team-roles",method="GET",status="401"} 1"#,
        r#"userstore_http_requests_total{route="unmatched",method="GET",status="404"} 2"#,
        r#"userstore_http_requests_total{route="unmatched",method="other",status="404"} 2"#,
        r#"userstore_http_request_duration_seconds_count{route="/api/v2/sessions"} 12"#,
        r#"userstore_logins_total{outcome="success"} 1"#,
        r#"userstore_logins_total{outcome="failure"} 9"#,
        r#"userstore_logins_total{outcome="locked"} 1"#,
        r#"userstore_logins_total{outcome="throttled"} 1"#,
        "userstore_lockouts_total 1",
        "userstore_reset_demands_total 1",
        "userstore_outbox_pending 1",
        "# EOF",
    ] {
        assert!(has(line), "no {line:?} in\n{text}");
    }
    // The scrape itself is counted from the next one on, and no label holds a path as sent.
    assert!(
        !text.contains("/users/7") && !text.contains("FOO"),
        "{text}"
    );
}

#[test]
fn json_logs_parse_line_by_line_with_request_ids_and_no_query() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("users.db"), &["--log-format", "json"]);
    let r = agent()
        .get(&server.at("/healthz"))
        .header("x-request-id", "trace-42")
        .call()
        .unwrap();
    assert_eq!(r.headers().get("x-request-id").unwrap(), "trace-42");
    let r = agent()
        .get(&server.at("/api/v2/users/password-reset?hash=0123456789abcdef"))
        .call()
        .unwrap();
    let made = r
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(made.len(), 32);
    assert!(made.bytes().all(|b| b.is_ascii_hexdigit()), "{made}");
    server.wait_for_log("password-reset", 1);
    let (status, log) = server.terminate();
    assert!(status.success(), "{log}");
    let entries: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let requests: Vec<&Value> = entries
        .iter()
        .filter(|e| e["message"] == "request")
        .collect();
    assert_eq!(requests.len(), 2, "{log}");
    let fields = |e: &Value| {
        json!({
            "request_id": e["request_id"], "method": e["method"], "route": e["route"],
            "path": e["path"], "status": e["status"], "level": e["level"],
        })
    };
    assert_eq!(
        fields(requests[0]),
        json!({"request_id": "trace-42", "method": "GET", "route": "/healthz",
               "path": "/healthz", "status": 200, "level": "INFO"})
    );
    assert_eq!(
        fields(requests[1]),
        json!({"request_id": made, "method": "GET", "route": "/api/v2/users/password-reset",
               "path": "/api/v2/users/password-reset", "status": 400, "level": "INFO"})
    );
    for e in &requests {
        assert!(e["duration_ms"].is_number(), "{e}");
        assert!(e["timestamp"].is_string(), "{e}");
    }
    assert_eq!(
        entries.last().unwrap()["message"],
        "stopping after the requests in flight"
    );
    assert!(
        !log.contains("0123456789abcdef") && !log.contains("hash"),
        "{log}"
    );
}

#[test]
fn config_check_prints_the_effective_settings_or_names_the_bad_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("userstore.toml");
    std::fs::write(
        &file,
        "[server]\ndb = \"users.db\"\nport = 9000\n\n[mail]\nfrom = \"a@example.com\"\n\
         smtp_url = \"smtps://me:hunter2hunter2@smtp.example.com\"\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let out = cli_ok(&["config", "check", "--config", file, "--port", "9001"], "");
    let shown: toml::Table = out.parse().unwrap();
    assert_eq!(shown["server"]["db"].as_str(), Some("users.db"));
    assert_eq!(shown["server"]["port"].as_integer(), Some(9001));
    assert_eq!(
        shown["mail"]["smtp_url"].as_str(),
        Some("smtps://me:****@smtp.example.com")
    );
    assert_eq!(
        shown["store"]["password_policy"]["min_length"].as_integer(),
        Some(9)
    );
    assert_eq!(
        shown["store"]["reset_link_template"].as_str(),
        Some("{baseUrl}/account/reset-password?hash={hash}")
    );
    assert!(!out.contains("hunter2"), "{out}");

    std::fs::write(dir.path().join("bad.toml"), "[store]\ngravatar = \"yes\"\n").unwrap();
    let bad = dir.path().join("bad.toml");
    let out = cli(&["config", "check", "--config", bad.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "userstore: store.gravatar: invalid type: string \"yes\", expected a boolean\n"
    );
}
