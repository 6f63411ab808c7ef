//! Hostile input against every route: each gets a 4xx error body of the SPEC form and leaves
//! the database byte-for-byte as it was.

use serde_json::{Value, json};
use userstore::http::Request;
use userstore::{Config, ManualClock, NewUser, Store};
use userstore::{OrganizationId, UserId};

struct World {
    store: Store,
    user_id: i64,
    org_id: OrganizationId,
    bearer: String,
}

const PASSWORD: &str = "Blue-Otter-47";

fn world() -> World {
    let clock = ManualClock::new(1_767_225_600_000);
    let store = Store::open_in_memory(
        Config::insecure_fast_for_tests_only().with_clock(std::sync::Arc::new(clock)),
    )
    .unwrap();
    let org = store.create_organization("Acme").unwrap();
    let user = store
        .create_user(NewUser::new("Jane Doe", "jane@example.com").password(PASSWORD))
        .unwrap();
    let user_id = user.to_value()["user"]["id"].as_i64().unwrap();
    store
        .set_organization_role(org.id, UserId(user_id), 11)
        .unwrap();
    let login = store.login("jane@example.com", &PASSWORD.into()).unwrap();
    World {
        bearer: format!("Bearer {}", login.token.expose()),
        store,
        user_id,
        org_id: org.id,
    }
}

/// Strings that no field accepts as they are.
fn nasty_strings() -> Vec<String> {
    let mut v: Vec<String> = [
        "'; DROP TABLE users; --",
        "\" OR \"\"=\"",
        "' OR '1'='1",
        "1; DELETE FROM users",
        "%' OR 1=1 --",
        "\\'; SELECT * FROM users --",
        "`rm -rf /`",
        "a\u{0}b",
        "\u{202E}evil",
        "zero\u{200B}width",
        "<script>alert(1)</script>",
        "line\nbreak",
        " leading",
        "trailing ",
        "",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("a".repeat(251));
    v.push("é".repeat(300));
    v.push("x".repeat(1024 * 1024 - 100));
    v
}

/// Numbers that no id or enum field accepts.
fn nasty_numbers() -> Vec<Value> {
    vec![
        json!(0),
        json!(-1),
        json!(i64::MAX),
        json!(1e308),
        json!(1.5),
        json!("113"),
        json!(true),
        json!([]),
        json!({}),
        Value::Null,
    ]
}

fn req(
    method: &str,
    path: &str,
    query: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
    auth: Option<&str>,
) -> Request {
    let mut r = Request::new(method, path);
    r.query = query.to_owned();
    if let Some(ct) = content_type {
        r = r.header("content-type", ct);
    }
    if let Some(a) = auth {
        r = r.header("authorization", a);
    }
    r.body = body;
    r
}

fn json_req(method: &str, path: &str, body: &Value, auth: Option<&str>) -> Request {
    req(
        method,
        path,
        "",
        Some("application/json"),
        body.to_string().into_bytes(),
        auth,
    )
}

/// Every hostile request of the table.
fn table(w: &World) -> Vec<Request> {
    let me = w.user_id;
    let auth = Some(w.bearer.as_str());
    let mut out = Vec::new();
    let user_path = format!("/api/v2/users/{me}");
    let email_path = format!("/api/v2/users/{me}/attributes/email");
    let password_path = format!("/api/v2/users/{me}/attributes/password");
    for s in nasty_strings() {
        for field in ["name", "language"] {
            out.push(json_req("PATCH", &user_path, &json!({ field: s }), auth));
        }
        out.push(json_req(
            "PUT",
            &email_path,
            &json!({"currentEmailAddress": "jane@example.com", "newEmailAddress": s, "currentPassword": PASSWORD}),
            auth,
        ));
        out.push(json_req(
            "POST",
            "/api/v2/users/password-reset-demand",
            &json!({ "email": s }),
            None,
        ));
        out.push(json_req(
            "POST",
            "/api/v2/sessions",
            &json!({ "email": s, "password": PASSWORD }),
            None,
        ));
        let q = format!("hash={}", urlencode(&s));
        out.push(req(
            "GET",
            "/api/v2/users/password-reset",
            &q,
            None,
            Vec::new(),
            None,
        ));
        let mut r = json_req(
            "POST",
            "/api/v2/users/password-reset",
            &json!({"newPassword1": "Green-Heron-58", "newPassword2": "Green-Heron-58"}),
            None,
        );
        if !s.contains(['\n', '\0']) && s.len() < 10_000 {
            r = r.header("cookie", &format!("userstore_reset={s}"));
        }
        out.push(r);
        for key in [
            "organizationId",
            "pg[sortBy]",
            "pg[sortDir]",
            "pg[offset]",
            "pg[limit]",
            "cols[]",
        ] {
            let q = format!(
                "organizationId={}&{}={}",
                w.org_id,
                urlencode(key),
                urlencode(&s)
            );
            let q = if key == "organizationId" {
                format!("organizationId={}", urlencode(&s))
            } else {
                q
            };
            out.push(req("GET", "/api/v2/users", &q, None, Vec::new(), auth));
        }
        out.push(json_req(
            "POST",
            "/api/v2/users/me/api-tokens",
            &json!({"label": "ok", "scope": [s]}),
            auth,
        ));
    }
    // Passwords with combining marks, NUL, RTL overrides, huge sizes: refused by the policy.
    for p in [
        "e\u{0301}\u{0301}\u{0301}",
        "Aa1!\u{0}",
        "\u{202E}Aa1!xyz",
        &"Aa1!".repeat(100),
        "Password1!",
    ] {
        out.push(json_req(
            "PUT",
            &password_path,
            &json!({"currentPassword": PASSWORD, "newPassword1": p, "newPassword2": p}),
            auth,
        ));
    }
    for n in nasty_numbers() {
        for field in ["timezoneId", "localeId", "countryId"] {
            out.push(json_req("PATCH", &user_path, &json!({ field: n }), auth));
        }
    }
    // Ids in paths that are not ids, and paths that try to escape.
    for id in [
        "0",
        "-1",
        "abc",
        "1e3",
        "9223372036854775808",
        "%00",
        "1%2f2",
        "..",
        "%2e%2e",
        "1;DROP",
    ] {
        out.push(json_req(
            "PATCH",
            &format!("/api/v2/users/{id}"),
            &json!({"name": "X"}),
            auth,
        ));
        out.push(req(
            "DELETE",
            &format!("/api/v2/users/me/api-tokens/{id}"),
            "",
            None,
            Vec::new(),
            auth,
        ));
    }
    for path in [
        "/api/v2/../etc/passwd",
        "/api/v2/users/%2e%2e/users",
        "/api/v2//users",
        "/api/v2/users/",
        "/api/v3/users",
        "/etc/passwd",
    ] {
        out.push(req("GET", path, "", None, Vec::new(), auth));
    }
    // Broken JSON bodies and content types against every body route.
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let bodies: Vec<(Option<&str>, Vec<u8>)> = vec![
        (
            Some("application/json"),
            br#"{"name":"A","name":"B"}"#.to_vec(),
        ),
        (Some("application/json"), deep.into_bytes()),
        (Some("application/json"), b"{".to_vec()),
        (Some("application/json"), b"".to_vec()),
        (Some("application/json"), b"[]".to_vec()),
        (Some("application/json"), b"\"str\"".to_vec()),
        (Some("application/json"), b"{} trailing".to_vec()),
        (
            Some("application/json"),
            b"{\"name\":\"\xff\xfe\"}".to_vec(),
        ),
        (Some("application/json"), br#"{"name":"\ud800"}"#.to_vec()),
        (
            Some("application/x-www-form-urlencoded"),
            b"name=A".to_vec(),
        ),
        (Some("application/json"), vec![b' '; 2 * 1024 * 1024]),
    ];
    // Signed in by the session cookie alone, a body that is not typed JSON is a cross-site
    // form's (the CSRF defence: 415).
    let cookie = format!("userstore_session={}", &w.bearer["Bearer ".len()..]);
    let forms: [(Option<&str>, &[u8]); 2] = [
        (Some("text/plain"), br#"{"name":"A"}"#),
        (None, br#"{"name":"A"}"#),
    ];
    let body_routes = [
        ("PATCH", user_path.as_str()),
        ("PUT", email_path.as_str()),
        ("PUT", password_path.as_str()),
        ("POST", "/api/v2/users/password-reset-demand"),
        ("POST", "/api/v2/sessions"),
        ("POST", "/api/v2/users/me/api-tokens"),
    ];
    for (method, path) in body_routes {
        for (ct, body) in &bodies {
            out.push(req(method, path, "", *ct, body.clone(), auth));
        }
        if path.starts_with(&user_path) || path.ends_with("api-tokens") {
            for (ct, body) in forms {
                out.push(req(method, path, "", ct, body.to_vec(), None).header("cookie", &cookie));
            }
        }
    }
    out
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The body is exactly `{"detail","message","code"[,"suberrors":[{"message"}…]]}` and the
/// code fits the status.
fn assert_error_body(status: u16, body: &Value, what: &str) {
    let o = body
        .as_object()
        .unwrap_or_else(|| panic!("{what}: not an object: {body}"));
    let keys: Vec<&str> = o.keys().map(String::as_str).collect();
    assert!(
        keys == ["detail", "message", "code"] || keys == ["detail", "message", "code", "suberrors"],
        "{what}: keys {keys:?}"
    );
    assert!(
        o["detail"].is_string() && o["message"].is_string(),
        "{what}"
    );
    let code = o["code"].as_str().unwrap();
    let expected = match code {
        "IM102" => 400,
        "IM001" => 403,
        "IM011" => 429,
        c => c
            .strip_prefix("SC")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
    };
    assert_eq!(expected, status, "{what}: code {code} with status {status}");
    if let Some(s) = o.get("suberrors") {
        let s = s.as_array().unwrap();
        assert!(
            !s.is_empty()
                && s.iter().all(|e| e
                    .as_object()
                    .is_some_and(|m| m.len() == 1 && m["message"].is_string())),
            "{what}"
        );
    }
}

#[test]
fn every_hostile_input_gets_a_4xx_error_and_changes_nothing() {
    let w = world();
    let requests = table(&w);
    assert!(requests.len() >= 200, "only {} inputs", requests.len());
    let before = w.store.snapshot().unwrap();
    for (i, r) in requests.iter().enumerate() {
        let res = w.store.handle(r);
        let what = format!("input {i}: {} {} ?{:.60}", r.method, r.path, r.query);
        assert!(
            (400..500).contains(&res.status),
            "{what}: status {} body {}",
            res.status,
            String::from_utf8_lossy(&res.body[..res.body.len().min(300)])
        );
        assert_error_body(res.status, &res.json_body(), &what);
        assert_eq!(
            res.header("content-type"),
            Some("application/json; charset=utf-8"),
            "{what}"
        );
    }
    assert!(
        w.store.snapshot().unwrap() == before,
        "the database changed"
    );
    println!("{} hostile inputs refused", requests.len());
}

#[test]
fn sql_metacharacters_in_filters_are_just_text() {
    let w = world();
    for s in nasty_strings().into_iter().take(7) {
        for key in ["name", "email"] {
            let q = format!("organizationId={}&{key}={}", w.org_id, urlencode(&s));
            let res = w.store.handle(&req(
                "GET",
                "/api/v2/users",
                &q,
                None,
                Vec::new(),
                Some(&w.bearer),
            ));
            assert_eq!(res.status, 200, "{s}");
            assert_eq!(res.json_body()["users"], json!([]), "{s}");
        }
    }
    // The table is still there and whole.
    let res = w.store.handle(&req(
        "GET",
        "/api/v2/users",
        &format!("organizationId={}&cols[]=id", w.org_id),
        None,
        Vec::new(),
        Some(&w.bearer),
    ));
    assert_eq!(res.json_body()["users"], json!([{ "id": w.user_id }]));
}
