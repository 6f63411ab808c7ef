//! Login sessions (SPEC section 4): login and `lastLogin`, one answer for every failed login,
//! the 30-minute idle and 12-hour absolute limits, logout, and the 10-failures lockout.

mod common;

use common::*;
use serde_json::json;
use userstore::UserId;
use userstore::{Actor, Credential, Secret};

// ---- login and sessions --------------------------------------------------------------------

#[test]
fn login_gives_a_session_and_sets_last_login() {
    let e = jane_doe();
    assert_eq!(
        e.store.user(&Actor::System, UserId(1)).unwrap().to_value()["user"]["lastLogin"],
        json!(null)
    );
    e.advance(61);
    let s = e
        .store
        .login(" JANE@Example.COM ", &Secret::new(PW))
        .unwrap();
    assert!(is_lower_hex(s.token.expose(), 64), "256 random bits as hex");
    assert_eq!(s.user_id, UserId(1));
    assert_eq!(
        s.wire(),
        json!({"session": {"token": s.token.expose(), "userId": 1}})
    );
    assert_eq!(
        e.store.authenticate_session(s.token.expose()).unwrap(),
        Actor::User {
            user_id: UserId(1),
            credential: Credential::Session(s.session_id)
        }
    );
    assert_eq!(
        e.store.user(&Actor::System, UserId(1)).unwrap().to_value()["user"]["lastLogin"],
        "2023-11-14T22:14:21.000Z"
    );
    assert_eq!(e.audit(UserId(1)), ["login_succeeded"]);
}

#[test]
fn unknown_email_wrong_password_and_no_password_answer_alike() {
    let e = jane_doe();
    e.user("No Password", "nopw@example.com", None);
    assert_eq!(e.login_err(JANE, PW2), invalid_credentials());
    assert_eq!(e.login_err("nobody@example.com", PW), invalid_credentials());
    assert_eq!(e.login_err("nopw@example.com", PW), invalid_credentials());
    assert_eq!(e.login_err("not an address", PW), invalid_credentials());
    assert_eq!(e.login_err(JANE, ""), invalid_credentials());
}

#[test]
fn a_session_idles_out_after_30_minutes() {
    let e = jane_doe();
    let (s, _) = e.login(JANE, PW);
    e.advance(30 * 60 - 1);
    assert!(e.session_ok(&s.token), "29:59 after login");
    e.advance(30 * 60 - 1);
    assert!(e.session_ok(&s.token), "29:59 after the last use");
    e.advance(30 * 60);
    assert!(!e.session_ok(&s.token), "30:00 after the last use");
    e.advance(-60);
    assert!(!e.session_ok(&s.token), "an expired session is gone");

    let (s, _) = e.login(JANE, PW);
    e.advance(30 * 60);
    assert!(!e.session_ok(&s.token), "30:00 after login, never used");
}

#[test]
fn the_configuration_shortens_the_session_lifetimes() {
    let e = env_with(|c| userstore::Config {
        session_idle_timeout_ms: 5 * 60 * 1000,
        session_absolute_timeout_ms: 20 * 60 * 1000,
        ..c
    });
    e.user("Jane Doe", JANE, Some(PW));
    let (s, _) = e.login(JANE, PW);
    e.advance(5 * 60 - 1);
    assert!(e.session_ok(&s.token), "4:59 after login");
    e.advance(5 * 60);
    assert!(!e.session_ok(&s.token), "5:00 after the last use");
    let (s, _) = e.login(JANE, PW);
    for _ in 0..4 {
        e.advance(4 * 60);
        assert!(e.session_ok(&s.token));
    }
    e.advance(4 * 60);
    assert!(!e.session_ok(&s.token), "20 minutes after login");
}

#[test]
fn a_busy_session_outlives_a_one_minute_idle_timeout() {
    let e = env_with(|c| userstore::Config {
        session_idle_timeout_ms: 60 * 1000,
        ..c
    });
    e.user("Jane Doe", JANE, Some(PW));
    let (s, _) = e.login(JANE, PW);
    for second in (20..=300).step_by(20) {
        e.advance(20);
        assert!(e.session_ok(&s.token), "used every 20 s, at {second} s");
    }
    e.advance(60);
    assert!(!e.session_ok(&s.token), "a minute unused");
}

#[test]
fn a_lower_lockout_threshold_locks_logins_sooner() {
    let e = env_with(|c| userstore::Config {
        lockout: userstore::Lockout {
            login_failures: 3,
            credential_failures: 3,
        },
        ..c
    });
    e.user("Jane Doe", JANE, Some(PW));
    for _ in 0..2 {
        assert_eq!(e.login_err(JANE, "Wrong-Pass-99"), invalid_credentials());
    }
    assert_eq!(e.login_err(JANE, "Wrong-Pass-99")["code"], "IM011");
    assert_eq!(
        e.login_err(JANE, PW)["code"],
        "IM011",
        "locked for the right password too"
    );
}

#[test]
fn a_session_ends_12_hours_after_login_however_busy() {
    let e = jane_doe();
    let (s, _) = e.login(JANE, PW);
    for _ in 0..35 {
        e.advance(20 * 60);
        assert!(e.session_ok(&s.token));
    }
    // 11:40 now.
    e.advance(20 * 60 - 1);
    assert!(e.session_ok(&s.token), "11:59:59");
    e.advance(1);
    assert!(!e.session_ok(&s.token), "12:00:00");
}

#[test]
fn logout_ends_the_session() {
    let e = jane_doe();
    let (s, me) = e.login(JANE, PW);
    let (other, _) = e.login(JANE, PW);
    e.store.logout(&me).unwrap();
    assert!(!e.session_ok(&s.token));
    assert!(e.session_ok(&other.token));
    assert_eq!(
        body(e.store.logout(&Actor::System).unwrap_err()),
        bad_request("Only a login session can log out.")
    );
    assert_eq!(
        e.audit(UserId(1)),
        ["login_succeeded", "login_succeeded", "logged_out"]
    );
}

#[test]
fn ten_failed_logins_in_15_minutes_lock_login_for_15_minutes() {
    let e = jane_doe();
    for _ in 0..9 {
        assert_eq!(e.login_err(JANE, PW2), invalid_credentials());
        e.advance(10);
    }
    // 90 s after the first failure: the tenth locks.
    let locked = e.store.login(JANE, &Secret::new(PW2)).unwrap_err();
    assert_eq!((locked.status(), locked.retry_after()), (429, Some(900)));
    assert_eq!(body(locked), too_many(900));
    // The right password does not help while locked.
    assert_eq!(e.login_err(JANE, PW), too_many(900));
    e.advance(15 * 60 - 1);
    assert_eq!(e.login_err(JANE, PW), too_many(1));
    e.advance(1);
    e.store.login(JANE, &Secret::new(PW)).unwrap();
    let audit = e.audit(UserId(1));
    assert_eq!(audit.iter().filter(|a| *a == "login_failed").count(), 10);
    assert_eq!(audit[10..], ["locked_out", "login_succeeded"]);
}

#[test]
fn failed_logins_older_than_15_minutes_do_not_count() {
    let e = jane_doe();
    for _ in 0..9 {
        assert_eq!(e.login_err(JANE, PW2), invalid_credentials());
    }
    e.advance(15 * 60);
    assert_eq!(
        e.login_err(JANE, PW2),
        invalid_credentials(),
        "the nine are 15:00 old"
    );

    let e = jane_doe();
    for _ in 0..9 {
        assert_eq!(e.login_err(JANE, PW2), invalid_credentials());
    }
    e.advance(15 * 60 - 1);
    assert_eq!(
        e.login_err(JANE, PW2),
        too_many(900),
        "the nine are 14:59 old"
    );
}

#[test]
fn a_successful_login_clears_the_failure_count() {
    let e = jane_doe();
    for _ in 0..9 {
        assert_eq!(e.login_err(JANE, PW2), invalid_credentials());
    }
    e.login(JANE, PW);
    for _ in 0..9 {
        assert_eq!(e.login_err(JANE, PW2), invalid_credentials());
    }
}

#[test]
fn a_login_lockout_does_not_lock_password_changes_and_vice_versa() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    for _ in 0..10 {
        e.store.login(JANE, &Secret::new(PW2)).unwrap_err();
    }
    assert_eq!(e.login_err(JANE, PW), too_many(900));
    assert_eq!(
        change_password(&e, &me, PW, PW2, PW2).unwrap(),
        json!({"changed": true})
    );

    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    for _ in 0..5 {
        change_password(&e, &me, PW3, PW2, PW2).unwrap_err();
    }
    assert_eq!(
        change_password(&e, &me, PW, PW2, PW2).unwrap_err(),
        too_many(900)
    );
    e.login(JANE, PW);
}
