//! The three-step lost-password reset (SPEC sections 3 and 4): demand by email, open a reset
//! session with the mailed hash, set the new password inside the session.

mod common;

use common::*;
use serde_json::json;
use userstore::UserId;
use userstore::{ChangePassword, ResetPassword, Secret, demand_from_json};

fn reset(
    e: &Env,
    session: &Secret,
    new1: &str,
    new2: &str,
) -> Result<serde_json::Value, serde_json::Value> {
    e.store
        .reset_password(
            session.expose(),
            &ResetPassword {
                new_password1: Secret::new(new1),
                new_password2: Secret::new(new2),
            },
        )
        .map(wire)
        .map_err(|err| err.to_value())
}

fn bad_link() -> serde_json::Value {
    bad_request("The password reset link is invalid or has expired.")
}

fn bad_session() -> serde_json::Value {
    bad_request("The password reset session is invalid or has expired.")
}

#[test]
fn the_whole_flow() {
    let e = jane_doe();
    assert_eq!(
        e.store.demand_password_reset(JANE).unwrap().wire(),
        json!({"ok": 1})
    );
    let mails = e.mails_to(JANE, "password_reset");
    assert_eq!(mails.len(), 1);
    let hash = hash_of(&mails[0]);
    assert!(is_lower_hex(&hash, 32), "{hash}");
    assert_eq!(mails[0].subject, "Reset your password");
    assert_eq!(
        mails[0].body.as_deref().unwrap(),
        format!(
            "Hello Jane Doe,\n\nSomeone asked to reset the password of this account. To choose a new password, open this link within one hour:\n\nhttp://127.0.0.1:8080/reset-password?hash={hash}\n\nIf it was not you, ignore this mail; your password stays as it is.\n"
        )
    );
    e.advance(60);
    let session = e.store.open_reset_session(&hash).unwrap();
    assert!(is_lower_hex(session.expose(), 64), "32 random bytes as hex");
    e.advance(60);
    assert_eq!(reset(&e, &session, PW2, PW2).unwrap(), json!({"ok": 1}));
    assert_eq!(e.login_err(JANE, PW), invalid_credentials());
    e.login(JANE, PW2);
    let done = e.mails_to(JANE, "password_reset_done");
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].subject, "Your password was reset");
    assert_eq!(
        done[0].body.as_deref(),
        Some(
            "Hello Jane Doe,\n\nThe password of your account was reset and every session was signed out. The account had no API token to revoke.\n\nIf it was not you, reset your password again and contact support.\n"
        )
    );
    assert_eq!(
        e.audit(UserId(1)),
        [
            "reset_demanded",
            "reset_session_opened",
            "reset_done",
            "login_failed",
            "login_succeeded"
        ]
    );
}

#[test]
fn the_link_follows_the_configured_template() {
    let e = env_with(|mut c| {
        c.base_url = "https://app.example".into();
        c.reset_link_template = "{baseUrl}/#/lost-password/{hash}?from=mail".into();
        c
    });
    e.user("Jane Doe", JANE, Some(PW));
    e.store.demand_password_reset(JANE).unwrap().wire();
    let body = e.mails_to(JANE, "password_reset")[0].body.clone().unwrap();
    let start = body.find("https://app.example/#/lost-password/").unwrap();
    let hash = &body[start + 36..start + 68];
    assert!(is_lower_hex(hash, 32));
    assert_eq!(&body[start + 68..start + 78], "?from=mail");
    e.store.open_reset_session(hash).unwrap();
    assert_eq!(
        body_of(userstore::Config::from_json(
            r#"{"resetLinkTemplate":"{baseUrl}/reset"}"#
        )),
        validation(&["resetLinkTemplate must contain {hash}."])
    );
}

fn body_of<T>(r: userstore::Result<T>) -> serde_json::Value {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_value(),
    }
}

#[test]
fn addresses_are_matched_case_insensitively_and_trimmed() {
    let e = jane_doe();
    e.store
        .demand_password_reset("  JANE@Example.com ")
        .unwrap()
        .wire();
    assert_eq!(e.mails_to(JANE, "password_reset").len(), 1);
}

#[test]
fn an_unknown_address_gets_ok_and_nothing_else() {
    let e = jane_doe();
    assert_eq!(
        e.store
            .demand_password_reset("nobody@example.com")
            .unwrap()
            .wire(),
        json!({"ok": 1})
    );
    assert!(e.mails().is_empty());
    // The demand is audited (it does the same writes as a known address) but names no user.
    let demands: Vec<Option<UserId>> = e
        .store
        .audit_log(None, 0, 100)
        .unwrap()
        .iter()
        .filter(|a| a.event == "reset_demanded")
        .map(|a| a.user_id)
        .collect();
    assert_eq!(demands, [None]);
}

#[test]
fn a_demand_body_needs_a_valid_address() {
    assert_eq!(
        demand_from_json(json!({"email": " jane@example.com "})).unwrap(),
        JANE
    );
    assert_eq!(
        body(demand_from_json(json!({"email": "jane"})).unwrap_err()),
        validation(&["'email' must be a valid email address."])
    );
    assert_eq!(
        body(demand_from_json(json!({})).unwrap_err()),
        validation(&["'email' is required."])
    );
    assert_eq!(
        body(demand_from_json(json!({"email": JANE, "hash": "x"})).unwrap_err()),
        validation(&["Unknown field 'hash'."])
    );
}

#[test]
fn a_hash_is_good_for_one_hour() {
    let e = jane_doe();
    let hash = e.demand(JANE);
    e.advance(60 * 60 - 1);
    e.store.open_reset_session(&hash).unwrap();

    let hash = e.demand(JANE);
    e.advance(60 * 60);
    assert_eq!(
        body(e.store.open_reset_session(&hash).unwrap_err()),
        bad_link()
    );
}

#[test]
fn a_used_hash_fails() {
    let e = jane_doe();
    let hash = e.demand(JANE);
    e.store.open_reset_session(&hash).unwrap();
    assert_eq!(
        body(e.store.open_reset_session(&hash).unwrap_err()),
        bad_link()
    );
}

#[test]
fn an_expired_hash_is_consumed_too() {
    let e = jane_doe();
    let hash = e.demand(JANE);
    e.advance(60 * 60);
    assert_eq!(
        body(e.store.open_reset_session(&hash).unwrap_err()),
        bad_link()
    );
    let n: i64 = e.count("SELECT count(*) FROM reset_hashes");
    assert_eq!(n, 0);
}

#[test]
fn an_older_hash_fails_after_a_newer_demand() {
    let e = jane_doe();
    let old = e.demand(JANE);
    e.advance(1);
    let new = e.demand(JANE);
    assert_ne!(old, new);
    assert_eq!(
        body(e.store.open_reset_session(&old).unwrap_err()),
        bad_link()
    );
    e.store.open_reset_session(&new).unwrap();
}

#[test]
fn malformed_and_unknown_hashes_get_the_same_answer() {
    let e = jane_doe();
    let hash = e.demand(JANE);
    for bad in [
        hash.to_uppercase(),
        hash[..31].to_owned(),
        format!("{hash}0"),
        format!(" {hash}"),
        "0".repeat(32),
        String::new(),
        "../../etc/passwd".into(),
    ] {
        assert_eq!(
            body(e.store.open_reset_session(&bad).unwrap_err()),
            bad_link(),
            "{bad:?}"
        );
    }
    e.store.open_reset_session(&hash).unwrap();
}

#[test]
fn at_most_three_mails_per_address_per_hour() {
    let e = jane_doe();
    let mut hashes = Vec::new();
    for _ in 0..3 {
        hashes.push(e.demand(JANE));
        e.advance(1);
    }
    // 3 s after the first mail: more demands are answered alike, and mail nothing.
    for _ in 0..5 {
        assert_eq!(
            e.store.demand_password_reset(JANE).unwrap().wire(),
            json!({"ok": 1})
        );
    }
    e.advance(60 * 60 - 4);
    // 59:59 after the first mail.
    assert_eq!(
        e.store.demand_password_reset(JANE).unwrap().wire(),
        json!({"ok": 1})
    );
    assert_eq!(e.mails_to(JANE, "password_reset").len(), 3);
    // Each mailed link voided the one before; the dropped demands voided nothing.
    assert_eq!(
        body(e.store.open_reset_session(&hashes[0]).unwrap_err()),
        bad_link()
    );
    assert_eq!(
        body(e.store.open_reset_session(&hashes[1]).unwrap_err()),
        bad_link()
    );
    e.store.open_reset_session(&hashes[2]).unwrap();
    e.advance(1);
    // 60:00 after the first mail, it is out of the hour: one more may go.
    assert_eq!(
        e.store.demand_password_reset(JANE).unwrap().wire(),
        json!({"ok": 1})
    );
    assert_eq!(e.mails_to(JANE, "password_reset").len(), 4);
    assert_eq!(
        e.store.demand_password_reset(JANE).unwrap().wire(),
        json!({"ok": 1})
    );
    assert_eq!(
        e.mails_to(JANE, "password_reset").len(),
        4,
        "the second and third are still in the hour"
    );
    let last = hash_of(e.mails_to(JANE, "password_reset").last().unwrap());
    e.store.open_reset_session(&last).unwrap();
}

#[test]
fn the_last_mailed_link_survives_dropped_demands() {
    let e = jane_doe();
    let mut last = String::new();
    for _ in 0..3 {
        last = e.demand(JANE);
    }
    e.store.demand_password_reset(JANE).unwrap().wire();
    e.store.open_reset_session(&last).unwrap();
}

#[test]
fn the_mail_limit_is_per_address() {
    let e = jane_doe();
    e.user("John Roe", "john@example.com", Some(PW));
    for _ in 0..3 {
        e.demand(JANE);
    }
    e.demand("john@example.com");
    assert_eq!(e.mails_to("john@example.com", "password_reset").len(), 1);
}

#[test]
fn demands_never_lock_anything() {
    let e = jane_doe();
    let (s, me) = e.login(JANE, PW);
    for _ in 0..30 {
        e.store.demand_password_reset(JANE).unwrap().wire();
    }
    assert!(e.session_ok(&s.token));
    e.login(JANE, PW);
    let change = ChangePassword {
        current_password: Secret::new(PW),
        new_password1: Secret::new(PW2),
        new_password2: Secret::new(PW2),
    };
    e.store
        .change_password(&me, UserId(1), &change)
        .unwrap()
        .wire();
}

#[test]
fn a_reset_session_lasts_15_minutes() {
    let e = jane_doe();
    let session = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    e.advance(15 * 60 - 1);
    assert_eq!(reset(&e, &session, PW2, PW2).unwrap(), json!({"ok": 1}));

    e.advance(1);
    let session = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    e.advance(15 * 60);
    assert_eq!(reset(&e, &session, PW3, PW3).unwrap_err(), bad_session());
    e.login(JANE, PW2);
}

#[test]
fn a_reset_session_is_single_use() {
    let e = jane_doe();
    let session = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    reset(&e, &session, PW2, PW2).unwrap();
    assert_eq!(reset(&e, &session, PW3, PW3).unwrap_err(), bad_session());
    e.login(JANE, PW2);
}

#[test]
fn unknown_reset_sessions_are_refused() {
    let e = jane_doe();
    for bad in ["", "0", &"a".repeat(64)] {
        assert_eq!(
            reset(&e, &Secret::new(bad), PW2, PW2).unwrap_err(),
            bad_session()
        );
    }
    let hash = e.demand(JANE);
    assert_eq!(
        reset(&e, &Secret::new(&hash), PW2, PW2).unwrap_err(),
        bad_session(),
        "the mailed hash is not a reset session"
    );
}

#[test]
fn a_policy_failure_leaves_the_session_usable() {
    let e = jane_doe();
    let session = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    assert_eq!(
        reset(&e, &session, PW2, PW3).unwrap_err(),
        validation(&["'newPassword2' must be the same as 'newPassword1'."])
    );
    assert_eq!(
        reset(&e, &session, "qzxv", "qzxv").unwrap_err(),
        validation(&[
            "The password must be at least 9 characters long.",
            "The password must contain at least one uppercase letter.",
            "The password must contain at least one number.",
            "The password must contain at least one special character.",
        ])
    );
    assert_eq!(
        reset(&e, &session, PW, PW).unwrap_err(),
        validation(&["The new password must differ from the current one."])
    );
    assert_eq!(
        reset(&e, &session, "Jane-Doe-2024!", "Jane-Doe-2024!").unwrap_err(),
        validation(&[
            "The password must not contain your email address.",
            "The password must not contain your name."
        ])
    );
    assert_eq!(reset(&e, &session, PW2, PW2).unwrap(), json!({"ok": 1}));
    e.login(JANE, PW2);
}

#[test]
fn after_a_reset_every_session_fails_and_lockouts_are_cleared() {
    let e = jane_doe();
    let (s1, me) = e.login(JANE, PW);
    let (s2, _) = e.login(JANE, PW);
    // Lock both login and credential changes.
    for _ in 0..10 {
        e.store.login(JANE, &Secret::new(PW3)).unwrap_err();
    }
    assert_eq!(e.login_err(JANE, PW), too_many(900));
    let wrong = ChangePassword {
        current_password: Secret::new(PW3),
        new_password1: Secret::new(PW2),
        new_password2: Secret::new(PW2),
    };
    for _ in 0..5 {
        e.store.change_password(&me, UserId(1), &wrong).unwrap_err();
    }
    assert_eq!(
        body(e.store.change_password(&me, UserId(1), &wrong).unwrap_err()),
        too_many(900)
    );

    let session = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    reset(&e, &session, PW2, PW2).unwrap();
    assert!(!e.session_ok(&s1.token));
    assert!(!e.session_ok(&s2.token));
    let (_, me) = e.login(JANE, PW2);
    let right = ChangePassword {
        current_password: Secret::new(PW2),
        new_password1: Secret::new(PW3),
        new_password2: Secret::new(PW3),
    };
    assert_eq!(
        e.store
            .change_password(&me, UserId(1), &right)
            .unwrap()
            .wire(),
        json!({"changed": true})
    );
}

#[test]
fn a_reset_voids_the_other_outstanding_hashes_and_sessions() {
    let e = jane_doe();
    let first = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    let second = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    let hash = e.demand(JANE);
    reset(&e, &second, PW2, PW2).unwrap();
    assert_eq!(reset(&e, &first, PW3, PW3).unwrap_err(), bad_session());
    assert_eq!(
        body(e.store.open_reset_session(&hash).unwrap_err()),
        bad_link()
    );
}

#[test]
fn an_account_without_a_password_can_set_one_by_reset() {
    let e = env();
    e.user("No Password", "nopw@example.com", None);
    let session = e
        .store
        .open_reset_session(&e.demand("nopw@example.com"))
        .unwrap();
    reset(&e, &session, PW, PW).unwrap();
    e.login("nopw@example.com", PW);
    assert_eq!(
        e.store
            .user(&userstore::Actor::System, UserId(1))
            .unwrap()
            .to_value()["user"]["hasPassword"],
        true
    );
}

#[test]
fn a_reset_session_only_resets_its_own_user() {
    let e = jane_doe();
    e.user("John Roe", "john@example.com", Some(PW));
    let session = e
        .store
        .open_reset_session(&e.demand("john@example.com"))
        .unwrap();
    reset(&e, &session, PW2, PW2).unwrap();
    e.login(JANE, PW);
    e.login("john@example.com", PW2);
}

/// Rows per table, for comparing what two operations wrote.
fn row_counts(e: &Env) -> Vec<(String, i64)> {
    let mut raw = e.raw();
    raw.tables()
        .into_iter()
        .map(|t| {
            let n = raw.count(&format!("SELECT count(*) FROM \"{t}\""));
            (t, n)
        })
        .collect()
}

/// What one demand for `email` added, table by table (tables it left alone are omitted).
fn written_by_demand(e: &Env, email: &str) -> Vec<(String, i64)> {
    let before = row_counts(e);
    assert_eq!(
        e.store.demand_password_reset(email).unwrap().wire(),
        json!({"ok": 1})
    );
    row_counts(e)
        .into_iter()
        .zip(before)
        .filter(|((_, after), (_, before))| after != before)
        .map(|((table, after), (_, before))| (table, after - before))
        .collect()
}

#[test]
fn a_demand_for_a_known_address_writes_what_an_unknown_address_writes() {
    // SPEC §4: the same work for known and unknown addresses. A demand only records itself;
    // the reset hash and the mail are made later, when the host reads the outbox, so the time
    // of a demand cannot tell the two apart, whether the address gets a mail or not.
    let e = jane_doe();
    let unknown = written_by_demand(&e, "nobody@example.com");
    let mailed = written_by_demand(&e, JANE);
    assert_eq!(mailed, unknown);
    assert_eq!(
        unknown,
        [("audit_log".to_owned(), 1), ("reset_demands".to_owned(), 1)]
    );
    // The mail is written when the host reads the outbox, with a link that works.
    let hash = hash_of(
        &e.mails_to(JANE, "password_reset")
            .pop()
            .expect("a reset mail"),
    );
    e.store.open_reset_session(&hash).unwrap();
}

#[test]
fn a_dropped_demand_for_a_known_address_writes_what_an_unknown_address_writes() {
    // Past the hourly mail limit a known address mails nothing; it must still write exactly
    // what an unknown one writes.
    let e = jane_doe();
    for _ in 0..3 {
        e.demand(JANE);
    }
    let unknown = written_by_demand(&e, "nobody@example.com");
    let dropped = written_by_demand(&e, JANE);
    assert_eq!(dropped, unknown);
    assert_eq!(
        unknown,
        [("audit_log".to_owned(), 1), ("reset_demands".to_owned(), 1)]
    );
    // The dropped demands do not count toward the limit: an hour after the first mail, the
    // owner gets a link again.
    for _ in 0..20 {
        written_by_demand(&e, JANE);
    }
    e.advance(60 * 60);
    e.demand(JANE);
}

#[test]
fn a_demand_still_waiting_for_its_mail_is_voided_by_a_password_change() {
    // SPEC §4: a password change voids outstanding reset hashes; a demand whose mail is not
    // written yet is one of them, so no link is ever made for it.
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    e.store.demand_password_reset(JANE).unwrap().wire();
    let change = ChangePassword {
        current_password: Secret::new(PW),
        new_password1: Secret::new(PW2),
        new_password2: Secret::new(PW2),
    };
    e.store
        .change_password(&me, UserId(1), &change)
        .unwrap()
        .wire();
    assert!(e.mails_to(JANE, "password_reset").is_empty());
    assert_eq!(e.mails_to(JANE, "password_changed").len(), 1);
    let hashes: i64 = e.count("SELECT count(*) FROM reset_hashes");
    assert_eq!(hashes, 0);
}

#[test]
fn a_link_mailed_late_is_valid_for_the_rest_of_its_demands_hour() {
    let e = jane_doe();
    let last_link = |e: &Env| {
        hash_of(
            &e.mails_to(JANE, "password_reset")
                .pop()
                .expect("a reset mail"),
        )
    };
    // The host reads the outbox half an hour after the demand: the link ends an hour after
    // the demand, not after the mail.
    e.store.demand_password_reset(JANE).unwrap().wire();
    e.advance(30 * 60);
    let late = last_link(&e);
    e.advance(30 * 60);
    assert_eq!(
        body(e.store.open_reset_session(&late).unwrap_err()),
        bad_link()
    );
    e.store.demand_password_reset(JANE).unwrap().wire();
    e.advance(30 * 60);
    let late = last_link(&e);
    e.advance(30 * 60 - 1);
    e.store.open_reset_session(&late).unwrap();
    // A demand whose hour is over before the outbox is read gets no mail at all.
    let before = e.mails_to(JANE, "password_reset").len();
    e.store.demand_password_reset(JANE).unwrap().wire();
    e.advance(60 * 60);
    assert_eq!(e.mails_to(JANE, "password_reset").len(), before);
}

#[test]
fn a_demand_for_a_deleted_user_gets_no_mail() {
    let e = jane_doe();
    e.store.demand_password_reset(JANE).unwrap().wire();
    e.store.delete_user(UserId(1)).unwrap();
    assert!(e.mails_to(JANE, "password_reset").is_empty());
}
