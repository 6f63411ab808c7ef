//! Router tests of the account-attribute routes: `PUT /users/{id}/attributes/email` and
//! `PUT /users/{id}/attributes/password`. Each asserts the exact status, headers and body.

mod common_http;

use common_http::*;
use serde_json::{Value, json};
use userstore::UserId;

fn email_body(current: &str, new: &str, password: &str) -> Value {
    json!({"currentEmailAddress": current, "newEmailAddress": new, "currentPassword": password})
}

fn password_body(current: &str, new1: &str, new2: &str) -> Value {
    json!({"currentPassword": current, "newPassword1": new1, "newPassword2": new2})
}

/// Asserts that `PUT /users/{id}/attributes/{attribute}` changes only the caller's own account
/// ([`two`]): with `body`, Jane gets `SC404` for Joe (2) as for user 99 while they share no
/// organization, `SC403` for Joe once they do, and no
/// credentials get `SC401` (for user 2 and for user 1); with `own`, a body fit for Jane's own
/// account, her API token without `user:write` gets `SC403`.
#[track_caller]
fn expect_only_own_account(attribute: &str, body: &Value, own: &Value) {
    let t = two();
    let route = |id: &str| format!("/api/v2/users/{id}/attributes/{attribute}");
    let res = t
        .api
        .send(req("PUT", &route("2")).bearer(&t.jane).json(body));
    expect(&res, 404, not_found("User 2 not found."));
    share_an_organization(&t.api.store, &[UserId(1), UserId(2)]);
    let res = t
        .api
        .send(req("PUT", &route("2")).bearer(&t.jane).json(body));
    expect(
        &res,
        403,
        forbidden("You may change only your own account."),
    );
    let res = t
        .api
        .send(req("PUT", &route("99")).bearer(&t.jane).json(body));
    expect(&res, 404, not_found("User 99 not found."));
    for id in ["2", "1"] {
        let res = t.api.send(req("PUT", &route(id)).json(body));
        expect(&res, 401, unauthorized());
    }
    let (_, read) = t.api.api_token(&t.jane, &["user:read"]);
    let res = t.api.send(req("PUT", &route("1")).token(&read).json(own));
    expect(
        &res,
        403,
        forbidden("The token lacks the scope user:write."),
    );
}

/// Asserts that `PUT /users/{id}/attributes/{attribute}` with `body` is `IM001` for an account
/// without a password, called with a host-made API token of `scope`.
#[track_caller]
fn expect_im001_without_a_password(attribute: &str, scope: &[&str], body: &Value) {
    let api = api();
    let id = api.passwordless("Sso User", "sso@example.com");
    let token = api.host_token(id, scope);
    let res = api.send(
        req("PUT", &format!("/api/v2/users/{id}/attributes/{attribute}"))
            .token(&token)
            .json(body),
    );
    expect(
        &res,
        403,
        error(
            "IM001",
            "Access denied",
            &format!("The user cannot change the {attribute}."),
        ),
    );
}

// ------------------------------------------------ PUT /users/{id}/attributes/email

#[test]
fn change_email_moves_the_account_and_mails_both_addresses() {
    let t = two();
    let hash = t.api.reset_hash("jane@example.com");
    let res = t.api.send(
        req("PUT", "/api/v2/users/1/attributes/email")
            .bearer(&t.jane)
            .json(&email_body(
                " JANE@example.com",
                " jane.new@example.com ",
                PW,
            )),
    );
    expect(&res, 200, json!({"changed": true, "emailSent": true}));
    assert_eq!(
        mail_list(&t.api),
        [
            mail("password_reset", "jane@example.com", "Reset your password"),
            mail(
                "email_changed",
                "jane@example.com",
                "Your email address was changed"
            ),
            mail(
                "email_changed",
                "jane.new@example.com",
                "Your email address was changed"
            ),
        ]
    );
    let to_old = t.api.mails()[1].body.clone().unwrap();
    assert!(to_old.contains("jane.new@example.com"), "{to_old}");

    t.api.expect_get(
        &t.jane,
        "/api/v2/users/me?cols[]=email",
        200,
        json!({"authUser": {"email": "jane.new@example.com"}}),
    );
    // The old reset link died with the old address; logins use the new one.
    t.api.expect_reset_link_dead(&hash);
    t.api.login("JANE.NEW@example.com", PW);
    t.api.expect_login_refused("jane@example.com", PW);
}

#[test]
fn change_email_needs_the_current_email_and_password() {
    let t = two();
    let res = t.api.send(
        req("PUT", "/api/v2/users/1/attributes/email")
            .bearer(&t.jane)
            .json(&email_body("joe@example.com", "jane2@example.com", PW)),
    );
    expect(&res, 400, invalid_credentials());
    let res = t.api.send(
        req("PUT", "/api/v2/users/1/attributes/email")
            .bearer(&t.jane)
            .json(&email_body("jane@example.com", "jane2@example.com", PW2)),
    );
    expect(&res, 400, invalid_credentials());
    assert_eq!(mail_list(&t.api), []);
}

#[test]
fn change_email_refuses_the_same_a_taken_or_an_invalid_address() {
    let t = two();
    let send = |body: Value| {
        t.api.send(
            req("PUT", "/api/v2/users/1/attributes/email")
                .bearer(&t.jane)
                .json(&body),
        )
    };
    let res = send(email_body("jane@example.com", "JANE@example.com", PW));
    expect(
        &res,
        400,
        validation(&["The new email address is the same as the current one."]),
    );
    let res = send(email_body("jane@example.com", "Joe@Example.com", PW));
    expect(
        &res,
        400,
        validation(&["The new email address is already in use."]),
    );
    let res = send(email_body("jane@example.com", "jane at example", PW));
    expect(
        &res,
        400,
        validation(&["'newEmailAddress' must be a valid email address."]),
    );
    let res = send(json!({"newEmailAddress": 5, "extra": true}));
    expect(
        &res,
        400,
        validation(&[
            "'currentEmailAddress' is required.",
            "'newEmailAddress' must be a string.",
            "'currentPassword' is required.",
            "Unknown field 'extra'.",
        ]),
    );
    assert_eq!(mail_list(&t.api), []);
}

#[test]
fn change_email_is_only_for_ones_own_account() {
    expect_only_own_account(
        "email",
        &email_body("joe@example.com", "joe2@example.com", PW),
        &email_body("jane@example.com", "jane2@example.com", PW),
    );
}

#[test]
fn change_email_of_a_passwordless_account_is_im001() {
    expect_im001_without_a_password(
        "email",
        &["user:read", "user:write"],
        &email_body("sso@example.com", "sso2@example.com", "anything"),
    );
}

#[test]
fn change_email_locks_after_five_wrong_passwords_with_retry_after() {
    let t = two();
    let send = |password: &str| {
        t.api.send(
            req("PUT", "/api/v2/users/1/attributes/email")
                .bearer(&t.jane)
                .json(&email_body(
                    "jane@example.com",
                    "jane2@example.com",
                    password,
                )),
        )
    };
    expect_lock_after_five_wrong_passwords(send);
    t.api.advance(600);
    expect_with(&send(PW), 429, &[("retry-after", "300")], too_many(300));
    t.api.advance(300);
    expect(&send(PW), 200, json!({"changed": true, "emailSent": true}));
}

#[test]
fn change_email_in_confirm_first_mode_waits_for_the_link() {
    let t = two_with(|mut c| {
        c.confirm_email_change = true;
        c
    });
    let res = t.api.send(
        req("PUT", "/api/v2/users/1/attributes/email")
            .bearer(&t.jane)
            .json(&email_body("jane@example.com", "jane2@example.com", PW)),
    );
    expect(&res, 200, json!({"changed": false, "emailSent": true}));
    assert_eq!(
        mail_list(&t.api),
        [mail(
            "email_confirmation",
            "jane2@example.com",
            "Confirm your new email address"
        )]
    );
    let body = t.api.mails()[0].body.clone().unwrap();
    let start = body.find("token=").unwrap() + 6;
    let token = &body[start..start + 32];
    expect_confirmation_dead(&t.api, &"0".repeat(32));
    let res = t
        .api
        .send(req("POST", "/api/v2/users/email-confirmation").json(&json!({"token": token})));
    expect(&res, 200, json!({"changed": true}));
    expect_confirmation_dead(&t.api, token);
    t.api.expect_get(
        &t.jane,
        "/api/v2/users/me?cols[]=email",
        200,
        json!({"authUser": {"email": "jane2@example.com"}}),
    );
}

/// Asserts that `token` confirms no email change: `SC400`, the link is invalid or has expired.
#[track_caller]
fn expect_confirmation_dead(api: &Api, token: &str) {
    let res =
        api.send(req("POST", "/api/v2/users/email-confirmation").json(&json!({"token": token})));
    expect(
        &res,
        400,
        bad_request("The email confirmation link is invalid or has expired."),
    );
}

// --------------------------------------------- PUT /users/{id}/attributes/password

#[test]
fn change_password_keeps_the_callers_session_and_ends_the_others() {
    let t = two();
    let other = t.api.login("jane@example.com", PW);
    let hash = t.api.reset_hash("jane@example.com");
    let res = t.api.send(
        req("PUT", "/api/v2/users/1/attributes/password")
            .bearer(&t.jane)
            .json(&password_body(PW, PW2, PW2)),
    );
    expect(&res, 200, json!({"changed": true}));
    t.api.expect_get(
        &t.jane,
        "/api/v2/users/me?cols[]=id",
        200,
        json!({"authUser": {"id": 1}}),
    );
    t.api
        .expect_get(&other, "/api/v2/users/me?cols[]=id", 401, unauthorized());
    t.api.expect_reset_link_dead(&hash);
    assert_eq!(
        mail_list(&t.api).last().unwrap(),
        &mail(
            "password_changed",
            "jane@example.com",
            "Your password was changed"
        )
    );
    t.api.expect_login_refused("jane@example.com", PW);
    t.api.login("jane@example.com", PW2);
}

#[test]
fn change_password_checks_the_current_password_and_the_policy() {
    let t = two();
    let send = |body: Value| {
        t.api.send(
            req("PUT", "/api/v2/users/1/attributes/password")
                .bearer(&t.jane)
                .json(&body),
        )
    };
    expect(
        &send(password_body("Wrong-Pass-1", PW2, PW2)),
        400,
        invalid_credentials(),
    );
    expect(
        &send(password_body(PW, "zqxj", "zqxk")),
        400,
        validation(&[
            "The password must be at least 9 characters long.",
            "The password must contain at least one uppercase letter.",
            "The password must contain at least one number.",
            "The password must contain at least one special character.",
            "'newPassword2' must be the same as 'newPassword1'.",
        ]),
    );
    expect(
        &send(password_body(PW, "Jane-Doe-2024", "Jane-Doe-2024")),
        400,
        validation(&[
            "The password must not contain your email address.",
            "The password must not contain your name.",
        ]),
    );
    expect(
        &send(password_body(PW, "Password1!", "Password1!")),
        400,
        validation(&["The password is too common; choose one that is harder to guess."]),
    );
    expect(
        &send(password_body(PW, PW, PW)),
        400,
        validation(&["The new password must differ from the current one."]),
    );
    expect(
        &send(json!({"currentPassword": PW})),
        400,
        validation(&["'newPassword1' is required.", "'newPassword2' is required."]),
    );
    assert_eq!(mail_list(&t.api), []);
}

#[test]
fn change_password_is_only_for_ones_own_account() {
    let body = password_body(PW, PW2, PW2);
    expect_only_own_account("password", &body, &body);
}

#[test]
fn change_password_of_a_passwordless_account_is_im001() {
    expect_im001_without_a_password(
        "password",
        &["user:write"],
        &password_body("anything", PW2, PW2),
    );
}

#[test]
fn change_password_locks_after_five_wrong_passwords_then_opens_again() {
    let t = two();
    let send = |current: &str| {
        t.api.send(
            req("PUT", "/api/v2/users/1/attributes/password")
                .bearer(&t.jane)
                .json(&password_body(current, PW2, PW2)),
        )
    };
    expect_lock_after_five_wrong_passwords(send);
    // The right password does not help while locked.
    expect_with(&send(PW), 429, &[("retry-after", "900")], too_many(900));
    t.api.advance(899);
    expect_with(&send(PW), 429, &[("retry-after", "1")], too_many(1));
    t.api.advance(1);
    expect(&send(PW), 200, json!({"changed": true}));
}
