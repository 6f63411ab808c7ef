//! Changing the email (SPEC sections 3 and 4): credentials, field rules, mails to both
//! addresses, voided reset links, and the confirm-first mode with its 24-hour link.

mod common;

use common::*;
use serde_json::json;
use userstore::UserId;
use userstore::{Actor, ChangeEmail, Secret};

// ---- change email --------------------------------------------------------------------------

#[test]
fn changing_the_email_mails_both_addresses_and_moves_the_login() {
    let e = jane_doe();
    let org = e.store.create_organization("Acme").unwrap();
    e.store
        .set_organization_role(org.id, UserId(1), 13)
        .unwrap();
    let (_, me) = e.login(JANE, PW);
    assert_eq!(
        change_email(&e, &me, "Jane@EXAMPLE.com", "  Jane.New@Example.org ", PW).unwrap(),
        json!({"changed": true, "emailSent": true})
    );
    assert_eq!(e.email(UserId(1)), "Jane.New@Example.org");
    assert_eq!(e.login_err(JANE, PW), invalid_credentials());
    e.login("jane.new@example.org", PW);
    let old = e.mails_to(JANE, "email_changed");
    assert_eq!(old.len(), 1);
    assert_eq!(
        old[0].body.as_deref(),
        Some(
            "Hello Jane Doe,\n\nThe email address of your account was changed to Jane.New@Example.org.\n\nIf it was not you, contact support.\n"
        )
    );
    let new = e.mails_to("Jane.New@Example.org", "email_changed");
    assert_eq!(new.len(), 1);
    assert_eq!(new[0].subject, "Your email address was changed");
    assert_eq!(
        new[0].body.as_deref(),
        Some("Hello Jane Doe,\n\nThis is now the email address of your account.\n")
    );
    assert!(e.audit(UserId(1)).contains(&"email_changed".to_string()));
    // Listings filter and sort by the new address.
    let page = e
        .store
        .list_users(
            &Actor::System,
            &q(&[
                ("organizationId", "1"),
                ("email", "new@example.ORG"),
                ("cols[]", "email"),
            ]),
        )
        .unwrap()
        .wire();
    assert_eq!(page["users"], json!([{"email": "Jane.New@Example.org"}]));
}

#[test]
fn email_change_refusals() {
    let e = jane_doe();
    e.user("John Roe", "john@example.com", Some(PW));
    let (_, me) = e.login(JANE, PW);
    assert_eq!(
        change_email(&e, &me, JANE, "JOHN@example.com", PW).unwrap_err(),
        validation(&["The new email address is already in use."])
    );
    assert_eq!(
        change_email(&e, &me, JANE, "Jane@Example.com", PW).unwrap_err(),
        validation(&["The new email address is the same as the current one."])
    );
    for (bad, message) in [
        (
            "not-an-address",
            "'newEmailAddress' must be a valid email address.",
        ),
        (
            "a b@example.com",
            "'newEmailAddress' must be a valid email address.",
        ),
        ("jane@", "'newEmailAddress' must be a valid email address."),
        ("", "'newEmailAddress' must not be empty."),
        ("   ", "'newEmailAddress' must not be empty."),
    ] {
        assert_eq!(
            change_email(&e, &me, JANE, bad, PW).unwrap_err(),
            validation(&[message]),
            "{bad:?}"
        );
    }
    let long = format!("{}@example.com", "a".repeat(243));
    assert_eq!(
        change_email(&e, &me, JANE, &long, PW).unwrap_err(),
        validation(&["'newEmailAddress' must be at most 254 characters long."])
    );
    assert_eq!(
        body(
            ChangeEmail::from_json(
                json!({"currentEmailAddress": JANE, "newEmailAddress": "x@", "currentPassword": PW})
            )
            .unwrap_err()
        ),
        validation(&["'newEmailAddress' must be a valid email address."])
    );
    assert_eq!(
        body(ChangeEmail::from_json(json!({"newEmailAddress": "x@example.com"})).unwrap_err()),
        validation(&[
            "'currentEmailAddress' is required.",
            "'currentPassword' is required."
        ])
    );
    assert_eq!(e.email(UserId(1)), JANE);
    e.login(JANE, PW);
}

#[test]
fn an_account_without_a_password_cannot_change_its_email() {
    let e = jane_doe();
    let id = e.user("No Password", "nopw@example.com", None);
    let err = e
        .store
        .change_email(
            &Actor::System,
            id,
            &ChangeEmail {
                current_email_address: "nopw@example.com".into(),
                new_email_address: "new@example.com".into(),
                current_password: Secret::new(""),
            },
        )
        .unwrap_err();
    assert_eq!(
        body(err),
        json!({"detail": "The user cannot change the email.", "message": "Access denied", "code": "IM001"})
    );
}

/// Another account is refused: named as forbidden when the caller shares an organization
/// with it (it can see it listed), answered like a missing account otherwise (SPEC §4: an id
/// the caller may not see answers like an id that does not exist).
#[test]
fn only_the_user_may_change_its_email() {
    let e = jane_doe();
    let john_id = e.user("John Roe", "john@example.com", Some(PW));
    let (_, john) = e.login("john@example.com", PW);
    assert_eq!(
        change_email(&e, &john, JANE, "stolen@example.com", PW).unwrap_err(),
        json!({"detail": "User 1 not found.", "message": "Not Found", "code": "SC404"})
    );
    let org = e.store.create_organization("Acme").unwrap();
    e.store
        .set_organization_role(org.id, UserId(1), 13)
        .unwrap();
    e.store.set_organization_role(org.id, john_id, 13).unwrap();
    assert_eq!(
        change_email(&e, &john, JANE, "stolen@example.com", PW).unwrap_err(),
        forbidden("You may change only your own account.")
    );
}

#[test]
fn changing_the_email_voids_reset_links() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    let hash = e.demand(JANE);
    change_email(&e, &me, JANE, "jane2@example.com", PW).unwrap();
    assert_eq!(
        body(e.store.open_reset_session(&hash).unwrap_err()),
        bad_request("The password reset link is invalid or has expired.")
    );
}

/// Asserts that `token` confirms nothing (any more): `SC400`, the link is invalid or expired.
#[track_caller]
fn assert_confirmation_dead(e: &Env, token: &str) {
    assert_eq!(
        body(e.store.confirm_email_change(token).unwrap_err()),
        bad_request("The email confirmation link is invalid or has expired.")
    );
}

fn confirm_first() -> (Env, Actor) {
    let e = env_with(|mut c| {
        c.confirm_email_change = true;
        c.base_url = "https://app.example".into();
        c
    });
    e.user("Jane Doe", JANE, Some(PW));
    let (_, me) = e.login(JANE, PW);
    (e, me)
}

#[test]
fn confirm_first_keeps_the_change_pending_until_the_link_is_used() {
    let (e, me) = confirm_first();
    assert_eq!(
        change_email(&e, &me, JANE, "jane2@example.com", PW).unwrap(),
        json!({"changed": false, "emailSent": true})
    );
    assert_eq!(e.email(UserId(1)), JANE);
    let mails = e.mails_to("jane2@example.com", "email_confirmation");
    assert_eq!(mails.len(), 1);
    let token = token_of(&mails[0]);
    assert!(is_lower_hex(&token, 32), "{token}");
    assert_eq!(mails[0].subject, "Confirm your new email address");
    assert_eq!(
        mails[0].body.as_deref().unwrap(),
        format!(
            "Hello Jane Doe,\n\nTo make this the email address of your account, open this link within 24 hours:\n\nhttps://app.example/confirm-email?token={token}\n"
        )
    );
    assert!(
        e.mails_to(JANE, "email_changed").is_empty(),
        "nothing changed yet"
    );
    e.advance(24 * 60 * 60 - 1);
    assert_eq!(
        e.store.confirm_email_change(&token).unwrap().wire(),
        json!({"changed": true})
    );
    assert_eq!(e.email(UserId(1)), "jane2@example.com");
    assert_eq!(e.mails_to(JANE, "email_changed").len(), 1);
    assert_eq!(e.mails_to("jane2@example.com", "email_changed").len(), 1);
    // Single use.
    assert_confirmation_dead(&e, &token);
    assert_eq!(
        e.audit(UserId(1))[1..],
        ["email_change_requested", "email_changed"]
    );
}

#[test]
fn a_confirmation_link_expires_after_24_hours() {
    let (e, me) = confirm_first();
    change_email(&e, &me, JANE, "jane2@example.com", PW).unwrap();
    let token = token_of(&e.mails_to("jane2@example.com", "email_confirmation")[0]);
    e.advance(24 * 60 * 60);
    assert_confirmation_dead(&e, &token);
    assert_eq!(e.email(UserId(1)), JANE);
}

#[test]
fn a_newer_confirmation_voids_the_older_one() {
    let (e, me) = confirm_first();
    change_email(&e, &me, JANE, "first@example.com", PW).unwrap();
    let first = token_of(&e.mails_to("first@example.com", "email_confirmation")[0]);
    change_email(&e, &me, JANE, "second@example.com", PW).unwrap();
    let second = token_of(&e.mails_to("second@example.com", "email_confirmation")[0]);
    assert_confirmation_dead(&e, &first);
    e.store.confirm_email_change(&second).unwrap().wire();
    assert_eq!(e.email(UserId(1)), "second@example.com");
}

#[test]
fn an_address_taken_while_pending_is_refused_at_confirmation() {
    let (e, me) = confirm_first();
    change_email(&e, &me, JANE, "wanted@example.com", PW).unwrap();
    let token = token_of(&e.mails_to("wanted@example.com", "email_confirmation")[0]);
    e.user("Quick Taker", "Wanted@example.com", None);
    assert_eq!(
        body(e.store.confirm_email_change(&token).unwrap_err()),
        validation(&["The new email address is already in use."])
    );
    assert_eq!(e.email(UserId(1)), JANE);
}

#[test]
fn a_password_reset_or_change_voids_a_pending_email_change() {
    // Someone who knew the password asked to move the account to their address; the owner
    // then resets (or changes) the password. The pending link must die with the old password.
    let (e, me) = confirm_first();
    change_email(&e, &me, JANE, "thief@example.com", PW).unwrap();
    let token = token_of(&e.mails_to("thief@example.com", "email_confirmation")[0]);
    let session = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    e.store
        .reset_password(
            session.expose(),
            &userstore::ResetPassword {
                new_password1: Secret::new(PW2),
                new_password2: Secret::new(PW2),
            },
        )
        .unwrap()
        .wire();
    assert_confirmation_dead(&e, &token);
    assert_eq!(e.email(UserId(1)), JANE);

    let (_, me) = e.login(JANE, PW2);
    change_email(&e, &me, JANE, "thief@example.com", PW2).unwrap();
    let token = token_of(&e.mails_to("thief@example.com", "email_confirmation")[1]);
    change_password(&e, &me, PW2, PW3, PW3).unwrap();
    assert_confirmation_dead(&e, &token);
    assert_eq!(e.email(UserId(1)), JANE);
}
