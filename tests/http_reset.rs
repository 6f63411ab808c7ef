//! Router tests of the three lost-password routes: `POST /users/password-reset-demand`,
//! `GET /users/password-reset?hash=` (the `userstore_reset` cookie) and
//! `POST /users/password-reset`. Each asserts the exact status, headers and body.

mod common_http;

use common_http::*;
use serde_json::{Value, json};
use userstore::http::Response;

const RESET_COOKIE_ATTRS: &str =
    "HttpOnly; Secure; SameSite=Strict; Path=/api/v2/users/password-reset";

/// The `SC400` body for a missing, used or expired reset session.
fn session_invalid() -> Value {
    bad_request("The password reset session is invalid or has expired.")
}

/// `POST /users/password-reset` with the `cookie` header and the new password as `new1` and
/// `new2`.
fn post_reset(api: &Api, cookie: &str, new1: &str, new2: &str) -> Response {
    api.send(
        req("POST", "/api/v2/users/password-reset")
            .header("cookie", cookie)
            .json(&json!({"newPassword1": new1, "newPassword2": new2})),
    )
}

// ------------------------------------------------ POST /users/password-reset-demand

#[test]
fn reset_demand_answers_the_same_for_known_and_unknown_addresses() {
    let t = two();
    for email in ["JANE@example.com", "nobody@example.com"] {
        let res = t.api.send(
            req("POST", "/api/v2/users/password-reset-demand").json(&json!({"email": email})),
        );
        expect(&res, 200, json!({"ok": 1}));
    }
    assert_eq!(
        mail_list(&t.api),
        [mail(
            "password_reset",
            "jane@example.com",
            "Reset your password"
        )]
    );
    let link = t.api.mails()[0].body.clone().unwrap();
    assert!(
        link.contains("http://127.0.0.1:8080/reset-password?hash="),
        "{link}"
    );
}

#[test]
fn reset_demand_mails_at_most_three_times_an_hour() {
    let t = two();
    for _ in 0..5 {
        let res = t.api.send(
            req("POST", "/api/v2/users/password-reset-demand")
                .json(&json!({"email": "jane@example.com"})),
        );
        expect(&res, 200, json!({"ok": 1}));
    }
    assert_eq!(t.api.mails().len(), 3);
}

#[test]
fn reset_demand_validates_its_body() {
    let t = two();
    let res = t.api.send(
        req("POST", "/api/v2/users/password-reset-demand").json(&json!({"email": "not an email"})),
    );
    expect(
        &res,
        400,
        validation(&["'email' must be a valid email address."]),
    );
    let res = t
        .api
        .send(req("POST", "/api/v2/users/password-reset-demand").json(&json!({})));
    expect(&res, 400, validation(&["'email' is required."]));
}

// ------------------------------------------------- GET /users/password-reset?hash=

#[test]
fn reset_session_sets_the_cookie_once_per_hash() {
    let t = two();
    let hash = t.api.reset_hash("jane@example.com");
    assert!(
        hash.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    let res = t
        .api
        .send(get(&format!("/api/v2/users/password-reset?hash={hash}")));
    expect_with(&res, 200, &[("set-cookie", "<any>")], json!({"ok": 1}));
    let cookie = res.header("set-cookie").unwrap();
    let value = cookie
        .strip_prefix("userstore_reset=")
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    assert_eq!(value.len(), 64);
    assert!(
        value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    assert_eq!(
        cookie,
        format!("userstore_reset={value}; {RESET_COOKIE_ATTRS}; Max-Age=900")
    );
    // Single use.
    t.api.expect_reset_link_dead(&hash);
}

#[test]
fn reset_session_refuses_missing_malformed_voided_and_expired_hashes() {
    let t = two();
    expect(
        &t.api.send(get("/api/v2/users/password-reset")),
        400,
        bad_request("The password reset link is invalid or has expired."),
    );
    t.api
        .expect_reset_link_dead("fab680b60044adb766128e713e44e15b");
    let old = t.api.reset_hash("jane@example.com");
    let new = t.api.reset_hash("jane@example.com");
    t.api.expect_reset_link_dead(&new.to_uppercase());
    t.api.expect_reset_link_dead(&old);
    t.api.advance(3600);
    t.api.expect_reset_link_dead(&new);
}

// ------------------------------------------------------ POST /users/password-reset

#[test]
fn reset_password_without_the_cookie_is_400() {
    let t = two();
    let res = t.api.send(
        req("POST", "/api/v2/users/password-reset")
            .json(&json!({"newPassword1": PW2, "newPassword2": PW2})),
    );
    expect(&res, 400, session_invalid());
    // A login session is no reset session.
    let res = t.api.send(
        req("POST", "/api/v2/users/password-reset")
            .bearer(&t.jane)
            .header("cookie", &format!("userstore_session={}", t.jane))
            .json(&json!({"newPassword1": PW2, "newPassword2": PW2})),
    );
    expect(&res, 400, session_invalid());
}

#[test]
fn reset_password_sets_the_password_clears_the_cookie_and_ends_every_session() {
    let t = two();
    let session = t.api.reset_session(&t.api.reset_hash("jane@example.com"));
    let cookie = format!("userstore_reset={session}");
    // A policy failure leaves the reset session usable.
    let res = post_reset(&t.api, &cookie, PW2, "Green-Heron-59");
    expect(
        &res,
        400,
        validation(&["'newPassword2' must be the same as 'newPassword1'."]),
    );
    let res = post_reset(&t.api, &format!("theme=dark; {cookie}; lang=en"), PW2, PW2);
    expect_with(
        &res,
        200,
        &[(
            "set-cookie",
            &format!("userstore_reset=; {RESET_COOKIE_ATTRS}; Max-Age=0"),
        )],
        json!({"ok": 1}),
    );
    let res = post_reset(&t.api, &cookie, "Red-Falcon-69", "Red-Falcon-69");
    expect(&res, 400, session_invalid());
    let res = t.api.send(get("/api/v2/users/me").bearer(&t.jane));
    expect(&res, 401, unauthorized());
    t.api.login("jane@example.com", PW2);
    assert_eq!(
        mail_list(&t.api).last().unwrap(),
        &mail(
            "password_reset_done",
            "jane@example.com",
            "Your password was reset"
        )
    );
}

#[test]
fn reset_password_session_expires_after_fifteen_minutes() {
    let t = two();
    let session = t.api.reset_session(&t.api.reset_hash("jane@example.com"));
    t.api.advance(900);
    let res = post_reset(&t.api, &format!("userstore_reset={session}"), PW2, PW2);
    expect(&res, 400, session_invalid());
}

#[test]
fn reset_password_lifts_the_login_lockout() {
    let t = two();
    for _ in 0..9 {
        t.api
            .expect_login_refused("jane@example.com", "Wrong-Pass-1");
    }
    let res = t.api.send(
        req("POST", "/api/v2/sessions")
            .json(&json!({"email": "jane@example.com", "password": "Wrong-Pass-1"})),
    );
    expect_with(&res, 429, &[("retry-after", "900")], too_many(900));
    let session = t.api.reset_session(&t.api.reset_hash("jane@example.com"));
    let res = post_reset(&t.api, &format!("userstore_reset={session}"), PW2, PW2);
    assert_eq!(res.status, 200, "{}", text(&res));
    t.api.login("jane@example.com", PW2);
}
