//! Router tests of the credential routes: the API tokens (`GET/POST /users/me/api-tokens`,
//! `DELETE /users/me/api-tokens/{created}` as Make names them, or `/{id}`), login (`POST /sessions`) and logout
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
            "scope": ["user:read", "organization:read"], "created": T0_ISO}}),
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
            {"id": 2, "label": "Zapier ✓", "scope": [], "created": "2026-01-01T00:01:00.000Z"},
            {"id": 1, "label": "CI", "scope": ["user:read", "organization:read"], "created": T0_ISO}
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
fn api_token_deletion_by_created_timestamp_or_id_revokes_it() {
    let t = two();
    let (_, first) = t.api.api_token(&t.jane, &["organization:read"]);
    // Made in the same millisecond: the second is named by the next one.
    let (id, second) = t.api.api_token(&t.jane, &["organization:read"]);
    t.api.expect_get(
        &t.jane,
        "/api/v2/users/me/api-tokens",
        200,
        json!({"apiTokens": [
            {"id": 2, "label": "test", "scope": ["organization:read"], "created": "2026-01-01T00:00:00.001Z"},
            {"id": 1, "label": "test", "scope": ["organization:read"], "created": T0_ISO}
        ]}),
    );
    let delete = |which: &str| {
        t.api
            .send(req("DELETE", &format!("/api/v2/users/me/api-tokens/{which}")).bearer(&t.jane))
    };
    // Make's form: the timestamp, as listed.
    expect(&delete(T0_ISO), 200, json!({"apiToken": T0_ISO}));
    expect(
        &t.api.send(get("/api/v2/users/me").token(&first)),
        401,
        unauthorized(),
    );
    expect(
        &delete(T0_ISO),
        404,
        not_found("API token 2026-01-01T00:00:00.000Z not found."),
    );
    // The id works too.
    expect(
        &delete(&id.to_string()),
        200,
        json!({"apiToken": "2026-01-01T00:00:00.001Z"}),
    );
    expect(
        &t.api.send(get("/api/v2/users/me").token(&second)),
        401,
        unauthorized(),
    );
    expect(
        &delete(&id.to_string()),
        404,
        not_found(&format!("API token {id} not found.")),
    );
    expect(
        &delete("yesterday"),
        404,
        not_found("API token yesterday not found."),
    );
    t.api.expect_get(
        &t.jane,
        "/api/v2/users/me/api-tokens",
        200,
        json!({"apiTokens": []}),
    );
}

/// Make's scopes: listing tokens needs `user:read`, making and deleting them `user:write`; a
/// token never makes a token with a scope it lacks, and nobody reaches another's tokens.
#[test]
fn api_tokens_are_managed_with_makes_scopes_and_only_ones_own() {
    let t = two();
    let (id, writer) = t.api.api_token(&t.jane, &["user:read", "user:write"]);
    let (_, reader) = t.api.api_token(&t.jane, &["user:read"]);
    let joe = t.api.login("joe@example.com", PW);
    let res = t
        .api
        .send(req("DELETE", &format!("/api/v2/users/me/api-tokens/{id}")).bearer(&joe));
    expect(&res, 404, not_found(&format!("API token {id} not found.")));
    let res = t
        .api
        .send(get("/api/v2/users/me/api-tokens").token(&reader));
    assert_eq!(res.json_body()["apiTokens"].as_array().unwrap().len(), 2);
    let create = |token: &str, scope: Value| {
        t.api.send(
            req("POST", "/api/v2/users/me/api-tokens")
                .token(token)
                .json(&json!({"label": "more", "scope": scope})),
        )
    };
    expect(
        &create(&reader, json!(["user:read"])),
        403,
        forbidden("The token lacks the scope user:write."),
    );
    expect(
        &create(&writer, json!(["user:read", "organization:read"])),
        403,
        forbidden("A token cannot give a new token the scope organization:read, which it lacks."),
    );
    let res = create(&writer, json!(["user:read"]));
    expect(
        &res,
        200,
        json!({"apiToken": {"id": 3, "token": "<any>", "label": "more", "scope": ["user:read"],
            "created": "2026-01-01T00:00:00.002Z"}}),
    );
    let res = t
        .api
        .send(req("DELETE", "/api/v2/users/me/api-tokens/3").token(&reader));
    expect(
        &res,
        403,
        forbidden("The token lacks the scope user:write."),
    );
    let res = t
        .api
        .send(req("DELETE", "/api/v2/users/me/api-tokens/3").token(&writer));
    expect(&res, 200, json!({"apiToken": "2026-01-01T00:00:00.002Z"}));
    for r in [
        get("/api/v2/users/me/api-tokens"),
        req("POST", "/api/v2/users/me/api-tokens").json(&json!({"label": "x", "scope": []})),
        req("DELETE", &format!("/api/v2/users/me/api-tokens/{id}")),
    ] {
        expect(&t.api.send(r), 401, unauthorized());
    }
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
