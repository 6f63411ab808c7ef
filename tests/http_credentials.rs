//! Router tests of the credential routes: the API tokens (`GET/POST /users/me/api-tokens`,
//! `DELETE /users/me/api-tokens/{id}`), login (`POST /sessions`) and logout
//! (`DELETE /sessions/current`). Each asserts the exact status, headers and body.

mod common_http;

use common_http::*;
use serde_json::{Value, json};

const SESSION_COOKIE_ATTRS: &str = "HttpOnly; Secure; SameSite=Strict; Path=/api/v2";

// ------------------------------------------- GET/POST/DELETE /users/me/api-tokens

#[test]
fn api_tokens_are_shown_once_and_listed_without_their_value() {
    let t = two();
    t.api.expect_get(
        &t.jane,
        "/api/v2/users/me/api-tokens",
        200,
        json!({"apiTokens": []}),
    );
    let res = t.api.send(
        req("POST", "/api/v2/users/me/api-tokens")
            .bearer(&t.jane)
            .json(&json!({"label": "CI", "scope": ["user:read", "organization:read"]})),
    );
    expect(
        &res,
        200,
        json!({"apiToken": {"id": 1, "token": "<any>", "label": "CI",
            "scope": ["user:read", "organization:read"], "createdAt": T0_ISO}}),
    );
    let token = res.json_body()["apiToken"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(is_uuid_v4(&token), "{token}");
    t.api.advance(60);
    let res = t.api.send(
        req("POST", "/api/v2/users/me/api-tokens")
            .bearer(&t.jane)
            .json(&json!({"label": "Zapier ✓", "scope": []})),
    );
    assert_eq!(res.status, 200);
    let res = t
        .api
        .send(get("/api/v2/users/me/api-tokens").bearer(&t.jane));
    expect(
        &res,
        200,
        json!({"apiTokens": [
            {"id": 2, "label": "Zapier ✓", "scope": [], "createdAt": "2026-01-01T00:01:00.000Z"},
            {"id": 1, "label": "CI", "scope": ["user:read", "organization:read"], "createdAt": T0_ISO}
        ]}),
    );
    assert!(!text(&res).contains(&token));
    let res = t.api.send(get("/api/v2/users/me?cols[]=id").token(&token));
    expect(&res, 200, json!({"authUser": {"id": 1}}));
    // Another user's list is their own.
    let joe = t.api.login("joe@example.com", PW);
    t.api.expect_get(
        &joe,
        "/api/v2/users/me/api-tokens",
        200,
        json!({"apiTokens": []}),
    );
}

#[test]
fn api_token_creation_validates_label_and_scope() {
    let t = two();
    let send = |body: Value| {
        t.api.send(
            req("POST", "/api/v2/users/me/api-tokens")
                .bearer(&t.jane)
                .json(&body),
        )
    };
    expect(
        &send(json!({"label": "", "scope": ["user:read", "admin"]})),
        400,
        validation(&[
            "'label' must be 1 to 100 characters without control characters.",
            "Unknown scope 'admin'; scopes are user:read, user:write, organization:read.",
        ]),
    );
    expect(
        &send(json!({"label": "x".repeat(101), "scope": "user:read"})),
        400,
        validation(&[
            "'scope' must be an array of strings.",
            "'label' must be 1 to 100 characters without control characters.",
        ]),
    );
    expect(
        &send(json!({})),
        400,
        validation(&["'label' is required.", "'scope' is required."]),
    );
    t.api.expect_get(
        &t.jane,
        "/api/v2/users/me/api-tokens",
        200,
        json!({"apiTokens": []}),
    );
}

#[test]
fn api_token_deletion_revokes_it() {
    let t = two();
    let (id, token) = t.api.api_token(&t.jane, &["user:read"]);
    let res = t
        .api
        .send(req("DELETE", &format!("/api/v2/users/me/api-tokens/{id}")).bearer(&t.jane));
    expect(&res, 200, json!({"ok": 1}));
    let res = t.api.send(get("/api/v2/users/me").token(&token));
    expect(&res, 401, unauthorized());
    let res = t
        .api
        .send(req("DELETE", &format!("/api/v2/users/me/api-tokens/{id}")).bearer(&t.jane));
    expect(&res, 404, not_found(&format!("API token {id} not found.")));
    t.api.expect_get(
        &t.jane,
        "/api/v2/users/me/api-tokens",
        200,
        json!({"apiTokens": []}),
    );
}

#[test]
fn api_tokens_are_managed_only_from_ones_own_login_session() {
    let t = two();
    let (id, token) = t.api.api_token(&t.jane, &["user:read", "user:write"]);
    let joe = t.api.login("joe@example.com", PW);
    let res = t
        .api
        .send(req("DELETE", &format!("/api/v2/users/me/api-tokens/{id}")).bearer(&joe));
    expect(&res, 404, not_found(&format!("API token {id} not found.")));
    let refused = forbidden("API tokens are managed from a login session.");
    let res = t.api.send(get("/api/v2/users/me/api-tokens").token(&token));
    expect(&res, 403, refused.clone());
    let res = t.api.send(
        req("POST", "/api/v2/users/me/api-tokens")
            .token(&token)
            .json(&json!({"label": "more", "scope": ["user:read"]})),
    );
    expect(&res, 403, refused.clone());
    let res = t
        .api
        .send(req("DELETE", &format!("/api/v2/users/me/api-tokens/{id}")).token(&token));
    expect(&res, 403, refused);
    for r in [
        get("/api/v2/users/me/api-tokens"),
        req("POST", "/api/v2/users/me/api-tokens").json(&json!({"label": "x", "scope": []})),
        req("DELETE", &format!("/api/v2/users/me/api-tokens/{id}")),
    ] {
        expect(&t.api.send(r), 401, unauthorized());
    }
    // Still there and still working.
    let res = t.api.send(get("/api/v2/users/me?cols[]=id").token(&token));
    expect(&res, 200, json!({"authUser": {"id": 1}}));
}

// ---------------------------------------------------------------- POST /sessions

#[test]
fn login_answers_the_token_and_sets_the_session_cookie() {
    let t = two();
    let res = t.api.send(
        req("POST", "/api/v2/sessions").json(&json!({"email": " JOE@example.com", "password": PW})),
    );
    expect_with(
        &res,
        200,
        &[("set-cookie", "<any>")],
        json!({"session": {"token": "<any>", "userId": 2}}),
    );
    let token = res.json_body()["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(token.len(), 64);
    assert_eq!(
        res.header("set-cookie").unwrap(),
        format!("userstore_session={token}; {SESSION_COOKIE_ATTRS}; Max-Age=43200")
    );
    // The cookie alone authenticates.
    let res = t.api.send(
        get("/api/v2/users/me?cols[]=id&cols[]=lastLogin")
            .header("cookie", &format!("userstore_session={token}")),
    );
    expect(
        &res,
        200,
        json!({"authUser": {"id": 2, "lastLogin": T0_ISO}}),
    );
}

#[test]
fn login_failures_look_alike_and_lock_after_ten() {
    let t = two();
    let send = |email: &str, password: &str| {
        t.api.send(
            req("POST", "/api/v2/sessions").json(&json!({"email": email, "password": password})),
        )
    };
    expect(&send("nobody@example.com", PW), 400, invalid_credentials());
    for _ in 0..9 {
        expect(
            &send("joe@example.com", "Wrong-Pass-1"),
            400,
            invalid_credentials(),
        );
    }
    expect_with(
        &send("joe@example.com", "Wrong-Pass-1"),
        429,
        &[("retry-after", "900")],
        too_many(900),
    );
    expect_with(
        &send("joe@example.com", PW),
        429,
        &[("retry-after", "900")],
        too_many(900),
    );
    t.api.advance(900);
    assert_eq!(send("joe@example.com", PW).status, 200);
    expect(
        &t.api
            .send(req("POST", "/api/v2/sessions").json(&json!({"email": "joe@example.com"}))),
        400,
        validation(&["'password' is required."]),
    );
}

#[test]
fn sessions_idle_out_after_thirty_minutes() {
    let t = two();
    t.api.advance(29 * 60);
    t.api.expect_get(
        &t.jane,
        "/api/v2/users/me?cols[]=id",
        200,
        json!({"authUser": {"id": 1}}),
    );
    t.api.advance(30 * 60);
    t.api
        .expect_get(&t.jane, "/api/v2/users/me?cols[]=id", 401, unauthorized());
}

#[test]
fn sessions_end_twelve_hours_after_login_however_busy() {
    let t = two();
    for _ in 0..24 {
        t.api.advance(29 * 60);
        t.api.expect_get(
            &t.jane,
            "/api/v2/users/me?cols[]=id",
            200,
            json!({"authUser": {"id": 1}}),
        );
    }
    t.api.advance(12 * 3600 - 24 * 29 * 60 - 1);
    t.api.expect_get(
        &t.jane,
        "/api/v2/users/me?cols[]=id",
        200,
        json!({"authUser": {"id": 1}}),
    );
    t.api.advance(1);
    t.api
        .expect_get(&t.jane, "/api/v2/users/me?cols[]=id", 401, unauthorized());
}

// ------------------------------------------------------- DELETE /sessions/current

#[test]
fn logout_ends_the_session_and_clears_the_cookie() {
    let t = two();
    let res = t.api.send(
        req("DELETE", "/api/v2/sessions/current")
            .header("cookie", &format!("userstore_session={}", t.jane)),
    );
    expect_with(
        &res,
        200,
        &[(
            "set-cookie",
            &format!("userstore_session=; {SESSION_COOKIE_ATTRS}; Max-Age=0"),
        )],
        json!({"ok": 1}),
    );
    t.api
        .expect_get(&t.jane, "/api/v2/users/me", 401, unauthorized());
    let res = t
        .api
        .send(req("DELETE", "/api/v2/sessions/current").bearer(&t.jane));
    expect(&res, 401, unauthorized());
}

#[test]
fn logout_needs_a_login_session() {
    let t = two();
    let (_, token) = t.api.api_token(&t.jane, &["user:read"]);
    let res = t
        .api
        .send(req("DELETE", "/api/v2/sessions/current").token(&token));
    expect(&res, 400, bad_request("Only a login session can log out."));
    let res = t.api.send(req("DELETE", "/api/v2/sessions/current"));
    expect(&res, 401, unauthorized());
}
