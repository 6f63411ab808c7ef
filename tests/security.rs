//! SPEC section 4, "Security behaviour": one test per item, named after it.

mod common;

use common::*;
use serde_json::json;
use std::path::Path;
use std::sync::Arc;
use userstore::UserId;
use userstore::model::UserRecord;
use userstore::outbox::OutboxQuery;
use userstore::policy::{self, Context};
use userstore::{
    Actor, ChangeEmail, ChangePassword, Config, HashParams, ManualClock, NewApiToken, NewUser,
    PolicyConfig, ResetPassword, Secret, Store,
};

/// A file store in `dir` on a manual clock, with Jane (1).
fn file_fixture(dir: &Path) -> Env {
    let clock = ManualClock::new(T0);
    let config = Config::insecure_fast_for_tests_only().with_clock(Arc::new(clock.clone()));
    let store = Store::open(dir.join("users.db"), config).unwrap();
    let e = Env {
        store,
        clock,
        pg: None,
    };
    e.user("Jane Doe", JANE, Some(PW));
    e
}

/// Every file in `dir` (the database, its WAL and shared-memory files), by name.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|f| {
            let f = f.unwrap();
            (
                f.file_name().to_string_lossy().into_owned(),
                std::fs::read(f.path()).unwrap(),
            )
        })
        .collect()
}

/// Asserts that `secret` appears in no table, and on SQLite in no file of `dir` and in no
/// snapshot byte.
fn assert_nowhere(e: &Env, dir: Option<&Path>, secret: &str) {
    for (place, value) in e.raw().every_value() {
        assert!(
            !value.contains(secret),
            "{secret} found in {place}: {value}"
        );
    }
    if e.pg.is_some() {
        return;
    }
    let snapshot = e.store.snapshot().unwrap();
    assert_eq!(
        find_bytes(&snapshot, secret.as_bytes()),
        None,
        "{secret} in the snapshot bytes"
    );
    if let Some(dir) = dir {
        for (name, bytes) in files(dir) {
            assert_eq!(
                find_bytes(&bytes, secret.as_bytes()),
                None,
                "{secret} in {name}"
            );
        }
    }
}

/// The digests stored in `table`.
fn digests(e: &Env, table: &str) -> Vec<Vec<u8>> {
    e.raw().blobs(&format!("SELECT digest FROM {table}"))
}

fn change(current: &str, new: &str) -> ChangePassword {
    ChangePassword {
        current_password: Secret::new(current),
        new_password1: Secret::new(new),
        new_password2: Secret::new(new),
    }
}

fn reset_to(new: &str) -> ResetPassword {
    ResetPassword {
        new_password1: Secret::new(new),
        new_password2: Secret::new(new),
    }
}

/// Asserts that `session` resets no password (any more): `SC400`, the reset session is
/// invalid or expired.
#[track_caller]
fn assert_reset_session_dead(e: &Env, session: &str) {
    assert_eq!(
        body(e.store.reset_password(session, &reset_to(PW3)).unwrap_err()),
        bad_request("The password reset session is invalid or has expired.")
    );
}

// ---- Hashing -------------------------------------------------------------------------------

#[test]
fn hashing_is_argon2id_m19456_t2_p1_with_a_random_16_byte_salt() {
    let clock = ManualClock::new(T0);
    let e = Env::open(Config::default().with_clock(Arc::new(clock.clone())), clock);
    let id = e.user("Jane Doe", JANE, Some(PW));
    let phc = e.stored_hash(id).unwrap();
    let parts: Vec<&str> = phc.split('$').collect();
    assert_eq!(parts[1..4], ["argon2id", "v=19", "m=19456,t=2,p=1"]);
    assert_eq!(parts[4].len(), 22, "16 bytes of salt");
    assert_eq!(HashParams::default(), HashParams::OWASP);
    assert_eq!(
        (
            HashParams::OWASP.memory_kib,
            HashParams::OWASP.iterations,
            HashParams::OWASP.parallelism
        ),
        (19456, 2, 1)
    );
}

/// A store with the default hashing where Jane's hash was made by the fast profile (m=8, t=1).
fn jane_with_an_old_hash() -> Env {
    let clock = ManualClock::new(T0);
    let e = Env::open(Config::default().with_clock(Arc::new(clock.clone())), clock);
    let old = jane_doe().stored_hash(UserId(1)).unwrap();
    let mut u = NewUser::new("Jane Doe", JANE);
    u.password_hash = Some(Secret::new(old));
    e.store.import_users([u]).unwrap();
    e
}

/// Jane's stored hash has the default parameters.
#[track_caller]
fn assert_rehashed(e: &Env) {
    let phc = e.stored_hash(UserId(1)).unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
}

#[test]
fn a_password_verified_under_older_parameters_is_rehashed() {
    let e = jane_with_an_old_hash();
    e.store.login(JANE, &Secret::new(PW)).unwrap();
    assert_rehashed(&e);
}

/// The current password checked for an email change is verified like a login, so an old hash
/// is brought up to date there too.
#[test]
fn a_password_verified_for_an_email_change_is_rehashed_too() {
    let e = jane_with_an_old_hash();
    let req = ChangeEmail {
        current_email_address: JANE.into(),
        new_email_address: "jane.new@example.com".into(),
        current_password: Secret::new(PW),
    };
    e.store
        .change_email(&Actor::System, UserId(1), &req)
        .unwrap()
        .wire();
    assert_rehashed(&e);
}

/// A hash imported from a system that does not normalize is of the password as typed: it
/// verifies as typed (one verification), and is replaced at the first login by a hash of the
/// NFKC form, after which the NFKC spelling works too.
#[test]
fn an_imported_hash_of_the_typed_password_verifies_and_moves_to_nfkc() {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let typed = "Pro\u{FB01}le-2026!";
    let salt = SaltString::encode_b64(&[9; 16]).unwrap();
    let params = argon2::Params::new(19456, 2, 1, None).unwrap();
    let phc = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password(typed.as_bytes(), &salt)
        .unwrap()
        .to_string();
    let e = env();
    let mut u = NewUser::new("Jane Doe", JANE);
    u.password_hash = Some(Secret::new(phc.clone()));
    e.store.import_users([u]).unwrap();
    assert_eq!(e.login_err(JANE, "Profile-2026!"), invalid_credentials());
    e.store.login(JANE, &Secret::new(typed)).unwrap();
    let rehashed = e.stored_hash(UserId(1)).unwrap();
    assert_ne!(rehashed, phc);
    e.store.login(JANE, &Secret::new("Profile-2026!")).unwrap();
    e.store.login(JANE, &Secret::new(typed)).unwrap();
}

#[test]
fn the_insecure_fast_profile_is_explicitly_named_for_tests() {
    let c = Config::insecure_fast_for_tests_only();
    assert!(c.insecure_fast_hashing_for_tests_only);
    assert_eq!(
        c.effective_hash_params(),
        HashParams::INSECURE_FAST_FOR_TESTS_ONLY
    );
    assert!(!Config::default().insecure_fast_hashing_for_tests_only);
    assert_eq!(
        Config::from_json("{}").unwrap().effective_hash_params(),
        HashParams::OWASP
    );
}

#[test]
fn security_settings_can_only_be_made_stronger() {
    for weaker in [
        r#"{"hashing":{"memoryKib":19455,"iterations":2,"parallelism":1}}"#,
        r#"{"hashing":{"memoryKib":19456,"iterations":1,"parallelism":1}}"#,
        r#"{"hashing":{"memoryKib":19456,"iterations":2,"parallelism":0}}"#,
    ] {
        assert_eq!(
            body(Config::from_json(weaker).unwrap_err()),
            validation(&["hashing must be at least m=19456 KiB, t=2, p=1."]),
            "{weaker}"
        );
    }
    assert_eq!(
        body(Config::from_json(r#"{"passwordPolicy":{"minLength":8}}"#).unwrap_err()),
        validation(&["passwordPolicy.minLength must be between 9 and 256."])
    );
    Config::from_json(r#"{"hashing":{"memoryKib":65536,"iterations":3,"parallelism":2},"passwordPolicy":{"minLength":12}}"#).unwrap();
}

// ---- Password policy -----------------------------------------------------------------------

#[test]
fn password_policy_is_makes_rule_plus_blocklist_and_personal_data() {
    let e = env();
    let refused = |pw: &str| {
        body(
            e.store
                .import_users([NewUser::new("Jane Doe", "jane.doe@example.com").password(pw)])
                .unwrap_err(),
        )
    };
    assert_eq!(
        refused("aaaaaaaa"),
        validation(&[
            "The password must be at least 9 characters long.",
            "The password must contain at least one uppercase letter.",
            "The password must contain at least one number.",
            "The password must contain at least one special character.",
            "The password is too common; choose one that is harder to guess.",
        ])
    );
    assert_eq!(
        refused("ILoveYou1!"),
        validation(&["The password is too common; choose one that is harder to guess."])
    );
    assert_eq!(
        refused("Jane.Doe-1990"),
        validation(&[
            "The password must not contain your email address.",
            "The password must not contain your name."
        ])
    );
    let too_long = format!("Aa1!{}", "z".repeat(253));
    assert_eq!(
        refused(&too_long),
        validation(&["The password must be at most 256 characters long."])
    );
    e.user("Jane Doe", "jane.doe@example.com", Some("Blue-Otter-47"));
}

#[test]
fn the_blocklist_has_at_least_10000_entries_and_is_case_insensitive() {
    assert!(userstore::blocklist::len() >= 10_000);
    for pw in [
        "password",
        "PASSWORD",
        "Qwerty123",
        "iloveyou",
        "ＰＡＳＳＷＯＲＤ",
    ] {
        assert!(userstore::blocklist::contains(pw), "{pw}");
    }
    assert!(!userstore::blocklist::contains("Blue-Otter-47"));
}

#[test]
fn the_policy_can_drop_composition_and_raise_the_minimum() {
    let strict = PolicyConfig {
        min_length: 20,
        composition: false,
    };
    let ctx = Context {
        email: "al@example.com",
        name: "Al",
    };
    let check = |pw: &str| policy::check(&strict, &Secret::new(pw), None, &ctx, |_| false);
    assert!(check("lowercase words only here").is_ok());
    assert_eq!(
        check("lowercase words").unwrap_err(),
        ["The password must be at least 20 characters long."]
    );
}

// ---- Failed attempts -----------------------------------------------------------------------

#[test]
fn five_wrong_current_passwords_in_15_minutes_give_im011_for_15_minutes() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    for _ in 0..4 {
        assert_eq!(
            body(
                e.store
                    .change_password(&me, UserId(1), &change(PW3, PW2))
                    .unwrap_err()
            ),
            invalid_credentials()
        );
    }
    let err = e
        .store
        .change_password(&me, UserId(1), &change(PW3, PW2))
        .unwrap_err();
    assert_eq!((err.code().as_str(), err.status()), ("IM011", 429));
    e.advance(15 * 60 - 1);
    assert_eq!(
        body(
            e.store
                .change_password(&me, UserId(1), &change(PW, PW2))
                .unwrap_err()
        ),
        too_many(1)
    );
    e.advance(1);
    e.store
        .change_password(&me, UserId(1), &change(PW, PW2))
        .unwrap()
        .wire();
}

#[test]
fn ten_failed_logins_in_15_minutes_lock_login_for_15_minutes() {
    let e = jane_doe();
    for _ in 0..9 {
        assert_eq!(e.login_err(JANE, PW3), invalid_credentials());
    }
    assert_eq!(e.login_err(JANE, PW3), too_many(900));
    assert_eq!(e.login_err(JANE, PW), too_many(900));
    e.advance(15 * 60);
    e.login(JANE, PW);
}

#[test]
fn a_successful_reset_clears_both_lockouts() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    for _ in 0..10 {
        e.store.login(JANE, &Secret::new(PW3)).unwrap_err();
    }
    for _ in 0..5 {
        e.store
            .change_password(&me, UserId(1), &change(PW3, PW2))
            .unwrap_err();
    }
    let session = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    e.store
        .reset_password(session.expose(), &reset_to(PW2))
        .unwrap()
        .wire();
    let (_, me) = e.login(JANE, PW2);
    e.store
        .change_password(&me, UserId(1), &change(PW2, PW3))
        .unwrap()
        .wire();
}

#[test]
fn a_reset_demand_never_locks_anything() {
    let e = jane_doe();
    for _ in 0..50 {
        e.store.demand_password_reset(JANE).unwrap().wire();
    }
    let (_, me) = e.login(JANE, PW);
    e.store
        .change_password(&me, UserId(1), &change(PW, PW2))
        .unwrap()
        .wire();
}

// ---- Reset hash ----------------------------------------------------------------------------

#[test]
fn reset_hash_is_32_lowercase_hex_and_never_stored() {
    let dir = tempfile::tempdir().unwrap();
    let e = file_fixture(dir.path());
    let mut hashes = Vec::new();
    for _ in 0..3 {
        let hash = e.demand(JANE);
        assert!(is_lower_hex(&hash, 32), "{hash}");
        hashes.push(hash);
    }
    assert_ne!(hashes[0], hashes[1]);
    // Only the SHA-256 digest of the live hash is stored; the hash itself is only in the mail.
    assert_eq!(digests(&e, "reset_hashes"), [sha256(&hashes[2])]);
    for (place, value) in e.raw().every_value() {
        if place != "outbox.4" && place != "outbox.body" {
            for hash in &hashes {
                assert!(!value.contains(hash.as_str()), "{hash} in {place}");
            }
        }
    }
    // Once the mails are delivered, the hashes are nowhere: not in a table, not in a file.
    e.store.open_reset_session(&hashes[2]).unwrap();
    for m in e.store.outbox(OutboxQuery::default()).unwrap() {
        e.store.acknowledge_mail(m.id).unwrap();
    }
    for hash in &hashes {
        assert_nowhere(&e, Some(dir.path()), hash);
    }
}

#[test]
fn reset_hash_is_valid_one_hour_and_single_use() {
    let e = jane_doe();
    let hash = e.demand(JANE);
    e.advance(60 * 60 - 1);
    e.store.open_reset_session(&hash).unwrap();
    assert_eq!(
        body(e.store.open_reset_session(&hash).unwrap_err()),
        bad_request("The password reset link is invalid or has expired.")
    );
    let hash = e.demand(JANE);
    e.advance(60 * 60);
    assert_eq!(
        body(e.store.open_reset_session(&hash).unwrap_err()),
        bad_request("The password reset link is invalid or has expired.")
    );
}

#[test]
fn a_newer_demand_voids_older_hashes() {
    let e = jane_doe();
    let old = e.demand(JANE);
    let new = e.demand(JANE);
    assert_eq!(
        body(e.store.open_reset_session(&old).unwrap_err()),
        bad_request("The password reset link is invalid or has expired.")
    );
    e.store.open_reset_session(&new).unwrap();
}

#[test]
fn a_password_or_email_change_voids_all_reset_hashes() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    let hash = e.demand(JANE);
    e.store
        .change_password(&me, UserId(1), &change(PW, PW2))
        .unwrap()
        .wire();
    assert!(e.store.open_reset_session(&hash).is_err());
    let hash = e.demand(JANE);
    change_email(&e, &me, JANE, "jane2@example.com", PW2).unwrap();
    assert!(e.store.open_reset_session(&hash).is_err());
    assert!(digests(&e, "reset_hashes").is_empty());
}

// ---- Reset demand --------------------------------------------------------------------------

#[test]
fn unknown_and_known_addresses_get_byte_identical_answers() {
    let e = jane_doe();
    let known = e.store.demand_password_reset(JANE).unwrap().wire();
    let unknown = e
        .store
        .demand_password_reset("nobody@example.com")
        .unwrap()
        .wire();
    assert_eq!(
        serde_json::to_vec(&known).unwrap(),
        serde_json::to_vec(&unknown).unwrap()
    );
    assert_eq!(serde_json::to_string(&known).unwrap(), r#"{"ok":1}"#);
    // Only the known address gets a mail; both are audited, the unknown one without a user.
    let mails = e.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, JANE);
    let audit = e.store.audit_log(None, 0, 100).unwrap();
    let audit: Vec<_> = audit
        .iter()
        .map(|a| (a.user_id, a.event.as_str()))
        .collect();
    assert_eq!(
        audit,
        [
            (None, "reset_demanded"),
            (Some(UserId(1)), "reset_demanded")
        ]
    );
    // And over the limit, still the same answer.
    for _ in 0..5 {
        assert_eq!(
            serde_json::to_vec(&e.store.demand_password_reset(JANE).unwrap().wire()).unwrap(),
            serde_json::to_vec(&unknown).unwrap()
        );
    }
}

#[test]
fn at_most_three_reset_mails_per_address_per_hour() {
    let e = jane_doe();
    for _ in 0..10 {
        e.store.demand_password_reset(JANE).unwrap().wire();
    }
    assert_eq!(e.mails_to(JANE, "password_reset").len(), 3);
    e.advance(60 * 60 - 1);
    e.store.demand_password_reset(JANE).unwrap().wire();
    assert_eq!(e.mails_to(JANE, "password_reset").len(), 3);
    e.advance(1);
    for _ in 0..10 {
        e.store.demand_password_reset(JANE).unwrap().wire();
    }
    assert_eq!(e.mails_to(JANE, "password_reset").len(), 6);
}

// ---- Reset session -------------------------------------------------------------------------

#[test]
fn reset_session_is_32_random_bytes_stored_as_a_digest() {
    let dir = tempfile::tempdir().unwrap();
    let e = file_fixture(dir.path());
    let a = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    let b = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    for s in [&a, &b] {
        assert!(is_lower_hex(s.expose(), 64));
    }
    assert_ne!(a, b);
    let mut stored = digests(&e, "reset_sessions");
    stored.sort();
    let mut expected = vec![sha256(a.expose()), sha256(b.expose())];
    expected.sort();
    assert_eq!(stored, expected);
    assert_nowhere(&e, Some(dir.path()), a.expose());
    assert_nowhere(&e, Some(dir.path()), b.expose());
}

#[test]
fn reset_session_lasts_15_minutes_and_is_single_use() {
    let e = jane_doe();
    let s = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    e.advance(15 * 60 - 1);
    e.store
        .reset_password(s.expose(), &reset_to(PW2))
        .unwrap()
        .wire();
    assert_reset_session_dead(&e, s.expose());
    let s = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    e.advance(15 * 60);
    assert_reset_session_dead(&e, s.expose());
}

#[test]
fn reset_session_cannot_log_in_or_change_email() {
    let e = jane_doe();
    let s = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    // It is no login session and no API token...
    assert_eq!(
        body(e.store.authenticate_session(s.expose()).unwrap_err()),
        unauthorized()
    );
    assert_eq!(
        body(e.store.authenticate_api_token(s.expose()).unwrap_err()),
        unauthorized()
    );
    // ...nor a password.
    assert_eq!(e.login_err(JANE, s.expose()), invalid_credentials());
    // So nothing can act with it: the only actor a host could build from a reset request is
    // the reset itself. The email is unchanged, and the session still resets the password.
    assert_eq!(e.email(UserId(1)), JANE);
    e.store
        .reset_password(s.expose(), &reset_to(PW2))
        .unwrap()
        .wire();
    // Conversely, a login session token is no reset session.
    let (login, _) = e.login(JANE, PW2);
    assert_reset_session_dead(&e, login.token.expose());
}

#[test]
fn reset_session_is_bound_to_its_user() {
    let e = jane_doe();
    e.user("John Roe", "john@example.com", Some(PW));
    let s = e
        .store
        .open_reset_session(&e.demand("john@example.com"))
        .unwrap();
    e.store
        .reset_password(s.expose(), &reset_to(PW2))
        .unwrap()
        .wire();
    e.login("john@example.com", PW2);
    e.login(JANE, PW);
}

// ---- After a reset, a password change, an email change -------------------------------------

#[test]
fn after_a_reset_every_session_is_revoked_lockouts_cleared_and_the_user_notified() {
    let e = jane_doe();
    let sessions: Vec<_> = (0..3).map(|_| e.login(JANE, PW).0).collect();
    for _ in 0..10 {
        e.store.login(JANE, &Secret::new(PW3)).unwrap_err();
    }
    let s = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    e.store
        .reset_password(s.expose(), &reset_to(PW2))
        .unwrap()
        .wire();
    for s in &sessions {
        assert!(!e.session_ok(&s.token));
    }
    e.login(JANE, PW2);
    assert_eq!(e.mails_to(JANE, "password_reset_done").len(), 1);
}

#[test]
fn after_a_password_change_other_sessions_end_resets_are_voided_and_the_user_notified() {
    let e = jane_doe();
    let (mine, me) = e.login(JANE, PW);
    let (other, _) = e.login(JANE, PW);
    let s = e.store.open_reset_session(&e.demand(JANE)).unwrap();
    e.store
        .change_password(&me, UserId(1), &change(PW, PW2))
        .unwrap()
        .wire();
    assert!(e.session_ok(&mine.token));
    assert!(!e.session_ok(&other.token));
    assert!(e.store.reset_password(s.expose(), &reset_to(PW3)).is_err());
    assert!(digests(&e, "reset_sessions").is_empty());
    assert_eq!(e.mails_to(JANE, "password_changed").len(), 1);
}

#[test]
fn after_an_email_change_both_addresses_are_notified_and_hashes_voided() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    let hash = e.demand(JANE);
    assert_eq!(
        change_email(&e, &me, JANE, "jane2@example.com", PW).unwrap(),
        json!({"changed": true, "emailSent": true})
    );
    assert_eq!(e.mails_to(JANE, "email_changed").len(), 1);
    assert_eq!(e.mails_to("jane2@example.com", "email_changed").len(), 1);
    assert!(e.store.open_reset_session(&hash).is_err());
}

#[test]
fn confirm_first_mode_keeps_the_change_pending_until_the_link_is_used() {
    let e = env_with(|mut c| {
        c.confirm_email_change = true;
        c
    });
    e.user("Jane Doe", JANE, Some(PW));
    let (_, me) = e.login(JANE, PW);
    assert_eq!(
        change_email(&e, &me, JANE, "jane2@example.com", PW).unwrap(),
        json!({"changed": false, "emailSent": true})
    );
    let mail = &e.mails_to("jane2@example.com", "email_confirmation")[0];
    let token = token_of(mail);
    assert_eq!(digests(&e, "email_changes"), [sha256(&token)]);
    assert_eq!(e.email(UserId(1)), JANE);
    e.store.acknowledge_mail(mail.id).unwrap();
    assert_nowhere(&e, None, &token);
    e.store.confirm_email_change(&token).unwrap().wire();
    assert_eq!(e.email(UserId(1)), "jane2@example.com");
}

// ---- Login sessions and API tokens ---------------------------------------------------------

#[test]
fn sessions_and_api_tokens_are_stored_as_digests_only() {
    let dir = tempfile::tempdir().unwrap();
    let e = file_fixture(dir.path());
    let (s, me) = e.login(JANE, PW);
    let created = e
        .store
        .create_api_token(
            &me,
            &NewApiToken {
                label: "ci".into(),
                scope: vec!["user:read".into()],
            },
        )
        .unwrap()
        .wire();
    let token = created["apiToken"]["token"].as_str().unwrap().to_owned();
    assert_eq!(digests(&e, "login_sessions"), [sha256(s.token.expose())]);
    assert_eq!(digests(&e, "api_tokens"), [sha256(&token)]);
    assert_nowhere(&e, Some(dir.path()), s.token.expose());
    assert_nowhere(&e, Some(dir.path()), &token);
    // The listing never shows the value again.
    let listed = e.store.list_api_tokens(&me).unwrap().wire();
    assert_eq!(
        listed,
        json!({"apiTokens": [{"id": created["apiToken"]["id"], "label": "ci", "scope": ["user:read"], "created": T0_ISO}]})
    );
}

#[test]
fn session_tokens_have_at_least_128_random_bits() {
    let e = jane_doe();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..50 {
        let s = e.store.login(JANE, &Secret::new(PW)).unwrap();
        assert!(is_lower_hex(s.token.expose(), 64), "256 bits as hex");
        assert!(seen.insert(s.token.expose().to_owned()));
    }
}

#[test]
fn sessions_idle_out_after_30_minutes_and_end_after_12_hours() {
    let e = jane_doe();
    let (idle, _) = e.login(JANE, PW);
    let (busy, _) = e.login(JANE, PW);
    e.advance(30 * 60 - 1);
    assert!(e.session_ok(&idle.token));
    e.advance(30 * 60);
    assert!(!e.session_ok(&idle.token));
    assert!(!e.session_ok(&busy.token), "unused since login, 59:59 ago");

    let (busy, _) = e.login(JANE, PW);
    for _ in 0..24 {
        e.advance(29 * 60);
        assert!(e.session_ok(&busy.token));
    }
    // 11:36 now.
    e.advance(24 * 60 - 1);
    assert!(e.session_ok(&busy.token));
    e.advance(1);
    assert!(!e.session_ok(&busy.token));
}

#[test]
fn api_token_has_make_uuid_shape() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    let mut seen = std::collections::HashSet::new();
    for _ in 0..20 {
        let created = e
            .store
            .create_api_token(
                &me,
                &NewApiToken {
                    label: "key".into(),
                    scope: vec!["user:read".into()],
                },
            )
            .unwrap()
            .wire();
        let t = created["apiToken"]["token"].as_str().unwrap().to_owned();
        let parts: Vec<&str> = t.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12],
            "{t}"
        );
        assert!(parts.iter().all(|p| is_lower_hex(p, p.len())), "{t}");
        assert!(parts[2].starts_with('4'), "version 4: {t}");
        assert!(
            matches!(&parts[3][..1], "8" | "9" | "a" | "b"),
            "RFC 4122 variant: {t}"
        );
        assert!(seen.insert(t.clone()));
        e.store.authenticate_api_token(&t).unwrap();
    }
}

#[test]
fn api_tokens_carry_scopes_and_can_be_revoked() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    let created = e
        .store
        .create_api_token(
            &me,
            &NewApiToken {
                label: "reader".into(),
                scope: vec!["user:read".into()],
            },
        )
        .unwrap()
        .wire();
    let t = created["apiToken"]["token"].as_str().unwrap();
    let reader = e.store.authenticate_api_token(t).unwrap();
    // Make's scopes: `GET /users/me` asks for organization:read, which a reader lacks.
    assert_eq!(
        body(e.store.me(&reader, &["id".into()]).unwrap_err()),
        forbidden("The token lacks the scope organization:read.")
    );
    assert_eq!(
        e.store.list_api_tokens(&reader).unwrap().1[0].label,
        "reader"
    );
    assert_eq!(
        body(
            e.store
                .update_user(&reader, UserId(1), &userstore::UserPatch::default())
                .unwrap_err()
        ),
        forbidden("The token lacks the scope user:write.")
    );
    assert_eq!(
        body(
            e.store
                .create_api_token(
                    &reader,
                    &NewApiToken {
                        label: "more".into(),
                        scope: vec!["user:write".into()],
                    },
                )
                .unwrap_err()
        ),
        forbidden("The token lacks the scope user:write.")
    );
    assert_eq!(
        body(NewApiToken::from_json(json!({"label": "x", "scope": ["admin"]})).unwrap_err()),
        validation(&[
            "Unknown scope 'admin'; scopes are user:read, user:write, organization:read."
        ])
    );
    let id = created["apiToken"]["id"].as_i64().unwrap();
    assert_eq!(
        e.store
            .delete_api_token(&me, &userstore::TokenRef::Id(id))
            .unwrap()
            .wire(),
        json!({"apiToken": created["apiToken"]["created"]})
    );
    assert_eq!(
        body(e.store.authenticate_api_token(t).unwrap_err()),
        unauthorized()
    );
    assert_eq!(
        body(
            e.store
                .delete_api_token(&me, &userstore::TokenRef::Id(id))
                .unwrap_err()
        ),
        not_found(&format!("API token {id} not found."))
    );
    assert_eq!(e.audit(UserId(1))[1..], ["token_created", "token_deleted"]);
}

#[test]
fn login_answers_an_unknown_email_like_a_wrong_password() {
    let e = jane_doe();
    let wrong = e.store.login(JANE, &Secret::new(PW3)).unwrap_err();
    let unknown = e
        .store
        .login("nobody@example.com", &Secret::new(PW3))
        .unwrap_err();
    assert_eq!(wrong, unknown);
    assert_eq!(wrong.to_json(), unknown.to_json());
    assert_eq!(wrong.to_string(), invalid_credentials().to_string());
}

// ---- Authorization -------------------------------------------------------------------------

#[test]
fn a_caller_may_change_only_its_own_account() {
    let e = jane_doe();
    let john_id = e.user("John Roe", "john@example.com", Some(PW));
    share_an_organization(&e.store, &[UserId(1), john_id]);
    let (_, john) = e.login("john@example.com", PW);
    let mine = forbidden("You may change only your own account.");
    let patch = userstore::UserPatch {
        name: Some("Hacked".into()),
        ..Default::default()
    };
    assert_eq!(
        body(e.store.update_user(&john, UserId(1), &patch).unwrap_err()),
        mine
    );
    assert_eq!(
        body(
            e.store
                .change_password(&john, UserId(1), &change(PW, PW2))
                .unwrap_err()
        ),
        mine
    );
    assert_eq!(
        change_email(&e, &john, JANE, "x@example.com", PW).unwrap_err(),
        mine
    );
    assert_eq!(body(e.store.user(&john, UserId(1)).unwrap_err()), mine);
    // None of that counted against Jane.
    assert!(e.audit(UserId(1)).is_empty());
    e.login(JANE, PW);
}

#[test]
fn listing_needs_a_role_in_that_team_or_organization() {
    let e = jane_doe();
    let org = e.store.create_organization("Acme").unwrap();
    let (_, me) = e.login(JANE, PW);
    let query = q(&[("organizationId", "1")]);
    assert_eq!(
        body(e.store.list_users(&me, &query).unwrap_err()),
        forbidden("You have no role in this team or organization.")
    );
    e.store
        .set_organization_role(org.id, UserId(1), 13)
        .unwrap();
    e.store.list_users(&me, &query).unwrap().wire();
    e.store.remove_organization_role(org.id, UserId(1)).unwrap();
    assert!(e.store.list_users(&me, &query).is_err());
}

#[test]
fn the_system_actor_may_act_on_any_account() {
    let e = jane_doe();
    let patch = userstore::UserPatch {
        name: Some("Jane Host".into()),
        ..Default::default()
    };
    e.store
        .update_user(&Actor::System, UserId(1), &patch)
        .unwrap();
    e.store
        .change_password(&Actor::System, UserId(1), &change(PW, PW2))
        .unwrap()
        .wire();
    e.store.create_organization("Acme").unwrap();
    e.store
        .list_users(&Actor::System, &q(&[("organizationId", "1")]))
        .unwrap()
        .wire();
}

// ---- Secrets -------------------------------------------------------------------------------

#[test]
fn debug_output_never_shows_secrets() {
    const SECRET: &str = "Very-Secret-9931";
    let e = jane_doe();
    let mut printed: Vec<String> = Vec::new();
    let mut show = |what: &dyn std::fmt::Debug| {
        printed.push(format!("{what:?}"));
        printed.push(format!("{what:#?}"));
    };
    show(&Secret::new(SECRET));
    show(&Some(Secret::new(SECRET)));
    show(&change(SECRET, SECRET));
    show(&reset_to(SECRET));
    show(&ChangeEmail {
        current_email_address: JANE.into(),
        new_email_address: "x@example.com".into(),
        current_password: Secret::new(SECRET),
    });
    let mut u = NewUser::new("Jane Doe", "x@example.com").password(SECRET);
    u.password_hash = Some(Secret::new(SECRET));
    show(&u);
    show(&UserRecord {
        id: UserId(1),
        name: "Jane".into(),
        email: JANE.into(),
        language: "en".into(),
        timezone_id: 150,
        locale_id: 248,
        country_id: None,
        features: "{}".into(),
        avatar: None,
        created_at: 0,
        last_login: None,
        password_hash: Some(Secret::new(SECRET)),
        force_set_password: false,
        tfa_enabled: false,
    });
    let new = policy::check(
        &PolicyConfig::default(),
        &Secret::new(SECRET),
        None,
        &Context {
            email: "x@example.com",
            name: "X",
        },
        |_| false,
    )
    .unwrap();
    show(&new);
    // Values the store hands out: a login session, a reset session, a mail with a link.
    let session = e.store.login(JANE, &Secret::new(PW)).unwrap();
    let session_token = session.token.expose().to_owned();
    show(&session);
    let hash = e.demand(JANE);
    let reset_session = e.store.open_reset_session(&hash).unwrap();
    let reset_token = reset_session.expose().to_owned();
    show(&reset_session);
    show(&e.mails());
    show(&e.store);
    show(&e.store.config());
    show(&e.store.login(JANE, &Secret::new(SECRET)).unwrap_err());
    for text in &printed {
        for secret in [SECRET, PW, &session_token, &hash, &reset_token] {
            assert!(!text.contains(secret), "{secret} shown in {text}");
        }
    }
    assert_eq!(format!("{:?}", Secret::new(SECRET)), "Secret(***)");
}

#[test]
fn errors_never_show_secrets() {
    const SECRET: &str = "Very-Secret-9931";
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    let mut errors = vec![
        e.store.login(JANE, &Secret::new(SECRET)).unwrap_err(),
        e.store
            .change_password(&me, UserId(1), &change(SECRET, SECRET))
            .unwrap_err(),
        e.store
            .change_password(&me, UserId(1), &change(PW, "Very-Secret"))
            .unwrap_err(),
        e.store
            .reset_password(SECRET, &reset_to(SECRET))
            .unwrap_err(),
        e.store.open_reset_session(SECRET).unwrap_err(),
        e.store.authenticate_session(SECRET).unwrap_err(),
        e.store.authenticate_api_token(SECRET).unwrap_err(),
        userstore::api::parse_json(format!(r#"{{"currentPassword":"{SECRET}"#).as_bytes())
            .unwrap_err(),
        userstore::api::parse_json(format!(r#"{{"currentPassword":{SECRET}}}"#).as_bytes())
            .unwrap_err(),
        ChangePassword::from_json(json!({"currentPassword": SECRET, "newPassword1": 5}))
            .unwrap_err(),
    ];
    let mut bad_hash = NewUser::new("Jane Doe", "other@example.com");
    bad_hash.password_hash = Some(Secret::new(SECRET));
    errors.push(e.store.import_users([bad_hash]).unwrap_err());
    for err in &errors {
        for text in [err.to_json(), err.to_string(), format!("{err:?}")] {
            assert!(!text.contains(SECRET), "{text}");
            assert!(!text.contains("Very-Secret"), "{text}");
        }
    }
}

#[test]
fn audit_log_never_holds_secrets() {
    let e = jane_doe();
    let (s, me) = e.login(JANE, PW);
    e.store.login(JANE, &Secret::new(PW3)).unwrap_err();
    let hash = e.demand(JANE);
    let rs = e.store.open_reset_session(&hash).unwrap();
    e.store
        .reset_password(rs.expose(), &reset_to(PW2))
        .unwrap()
        .wire();
    let (_, me2) = e.login(JANE, PW2);
    let token = e
        .store
        .create_api_token(
            &me2,
            &NewApiToken {
                label: "t".into(),
                scope: vec![],
            },
        )
        .unwrap()
        .wire()["apiToken"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    drop(me);
    let log = serde_json::to_string(&e.store.audit_log(None, 0, 1000).unwrap()).unwrap();
    for secret in [PW, PW2, PW3, s.token.expose(), &hash, rs.expose(), &token] {
        assert!(!log.contains(secret), "{secret} in the audit log");
    }
    assert_eq!(
        e.audit(UserId(1)),
        [
            "login_succeeded",
            "login_failed",
            "reset_demanded",
            "reset_session_opened",
            "reset_done",
            "login_succeeded",
            "token_created"
        ]
    );
    let page = e.store.audit_log(Some(UserId(1)), 2, 2).unwrap();
    assert_eq!(
        page.iter().map(|a| a.event.as_str()).collect::<Vec<_>>(),
        ["reset_done", "reset_session_opened"]
    );
}

#[test]
fn acknowledged_mail_body_is_erased() {
    let dir = tempfile::tempdir().unwrap();
    let e = file_fixture(dir.path());
    let hash = e.demand(JANE);
    let (_, me) = e.login(JANE, PW);
    e.store
        .change_password(&me, UserId(1), &change(PW, PW2))
        .unwrap()
        .wire();
    let mails = e.store.outbox(OutboxQuery::default()).unwrap();
    assert_eq!(mails.len(), 2);
    let changed_body = mails[1].body.clone().unwrap();
    for m in &mails {
        e.store.acknowledge_mail(m.id).unwrap();
    }
    assert!(e.mails().iter().all(|m| m.body.is_none()));
    assert!(e.store.outbox(OutboxQuery::default()).unwrap().is_empty());
    let n: i64 = e.count("SELECT count(*) FROM outbox WHERE body IS NOT NULL");
    assert_eq!(n, 0);
    assert_nowhere(&e, Some(dir.path()), &hash);
    assert_nowhere(&e, Some(dir.path()), "reset-password?hash=");
    assert_nowhere(&e, Some(dir.path()), &changed_body);
}
