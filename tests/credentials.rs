//! Passwords (SPEC sections 3 and 4): argon2id hashing and rehash, the password policy, and
//! changing the password with its lockout, revocations, mail and audit event. Login sessions
//! are in `sessions.rs`, the email change in `change_email.rs`, the outbox in `outbox.rs`.

mod common;

use argon2::password_hash::{PasswordHasher, SaltString};
use common::*;
use serde_json::json;
use std::sync::Arc;
use userstore::UserId;
use userstore::{
    Actor, ChangePassword, Config, HashParams, ManualClock, NewUser, PolicyConfig, Secret,
};

/// A PHC string of `password` made with exactly these argon2id parameters.
fn phc(password: &str, m: u32, t: u32, p: u32) -> String {
    let params = argon2::Params::new(m, t, p, None).unwrap();
    let salt = SaltString::encode_b64(&[7u8; 16]).unwrap();
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password(password.as_bytes(), &salt)
        .unwrap()
        .to_string()
}

/// An in-memory store with the real (default) hashing parameters.
fn real_store() -> Env {
    let clock = ManualClock::new(T0);
    Env::open(Config::default().with_clock(Arc::new(clock.clone())), clock)
}

// ---- hashing -------------------------------------------------------------------------------

#[test]
fn passwords_are_stored_as_argon2id_phc_strings_with_owasp_parameters() {
    let e = real_store();
    let a = e.user("Jane Doe", JANE, Some(PW));
    let b = e.user("John Roe", "john@example.com", Some(PW));
    let (ha, hb) = (e.stored_hash(a).unwrap(), e.stored_hash(b).unwrap());
    for h in [&ha, &hb] {
        let parts: Vec<&str> = h.split('$').collect();
        assert_eq!(
            parts[..4],
            ["", "argon2id", "v=19", "m=19456,t=2,p=1"],
            "{h}"
        );
        assert_eq!(parts[4].len(), 22, "a 16-byte salt in unpadded base64: {h}");
        assert_eq!(parts[5].len(), 43, "a 32-byte hash: {h}");
        assert!(!h.contains(PW));
    }
    assert_ne!(ha, hb, "every hash has its own salt");
    e.store.login(JANE, &Secret::new(PW)).unwrap();
}

#[test]
fn stronger_parameters_can_be_configured() {
    let clock = ManualClock::new(T0);
    let mut config = Config::default().with_clock(Arc::new(clock.clone()));
    config.hashing = HashParams {
        memory_kib: 19456,
        iterations: 3,
        parallelism: 1,
    };
    let e = Env::open(config, clock);
    let id = e.user("Jane Doe", JANE, Some(PW));
    assert!(
        e.stored_hash(id)
            .unwrap()
            .starts_with("$argon2id$v=19$m=19456,t=3,p=1$")
    );
}

#[test]
fn the_insecure_profile_is_named_as_such_and_only_it_is_weaker() {
    let e = jane_doe();
    assert!(
        e.stored_hash(UserId(1))
            .unwrap()
            .starts_with("$argon2id$v=19$m=8,t=1,p=1$")
    );
    assert_eq!(
        Config::insecure_fast_for_tests_only().effective_hash_params(),
        HashParams::INSECURE_FAST_FOR_TESTS_ONLY
    );
    assert_eq!(Config::default().effective_hash_params(), HashParams::OWASP);
    assert_eq!(
        body(
            Config::from_json(r#"{"hashing":{"memoryKib":19456,"iterations":1,"parallelism":1}}"#)
                .unwrap_err()
        ),
        validation(&["hashing must be at least m=19456 KiB, t=2, p=1."])
    );
}

#[test]
fn a_hash_imported_with_t1_is_rehashed_with_t2_at_the_next_login() {
    let e = real_store();
    let old = phc(PW, 19456, 1, 1);
    assert!(old.starts_with("$argon2id$v=19$m=19456,t=1,p=1$"));
    let mut u = NewUser::new("Jane Doe", JANE);
    u.password_hash = Some(Secret::new(old.clone()));
    let id = e.store.import_users([u]).unwrap()[0];
    assert_eq!(e.stored_hash(id).unwrap(), old, "imported as is");
    // A failed login changes nothing.
    assert_eq!(e.login_err(JANE, PW2), invalid_credentials());
    assert_eq!(e.stored_hash(id).unwrap(), old);
    e.store.login(JANE, &Secret::new(PW)).unwrap();
    let new = e.stored_hash(id).unwrap();
    assert!(new.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{new}");
    assert_ne!(new.split('$').nth(4), old.split('$').nth(4), "a fresh salt");
    e.store.login(JANE, &Secret::new(PW)).unwrap();
    assert_eq!(e.stored_hash(id).unwrap(), new, "no second rehash");
    assert_eq!(e.login_err(JANE, PW2), invalid_credentials());
}

#[test]
fn weaker_memory_or_an_older_variant_is_rehashed_too() {
    let e = real_store();
    let mut argon2i = NewUser::new("Ivy Old", "ivy@example.com");
    let params = argon2::Params::new(19456, 2, 1, None).unwrap();
    let salt = SaltString::encode_b64(&[9u8; 16]).unwrap();
    argon2i.password_hash = Some(Secret::new(
        argon2::Argon2::new(argon2::Algorithm::Argon2i, argon2::Version::V0x13, params)
            .hash_password(PW.as_bytes(), &salt)
            .unwrap()
            .to_string(),
    ));
    let mut small = NewUser::new("Sam Small", "sam@example.com");
    small.password_hash = Some(Secret::new(phc(PW, 4096, 3, 1)));
    let ids = e.store.import_users([argon2i, small]).unwrap();
    for (id, email) in ids.iter().zip(["ivy@example.com", "sam@example.com"]) {
        e.store.login(email, &Secret::new(PW)).unwrap();
        assert!(
            e.stored_hash(*id)
                .unwrap()
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{email}"
        );
    }
}

#[test]
fn a_stronger_hash_is_never_downgraded() {
    let e = jane_doe(); // the fast profile
    let strong = phc(PW, 19456, 2, 1);
    let mut u = NewUser::new("John Roe", "john@example.com");
    u.password_hash = Some(Secret::new(strong.clone()));
    let id = e.store.import_users([u]).unwrap()[0];
    e.store.login("john@example.com", &Secret::new(PW)).unwrap();
    assert_eq!(e.stored_hash(id).unwrap(), strong);
}

#[test]
fn an_import_must_be_an_argon2_bcrypt_or_django_hash() {
    let e = env();
    let any = "'passwordHash' must be an argon2 PHC string, a bcrypt hash or a Django pbkdf2_sha256 hash.";
    for (bad, problem) in [
        (
            "$2b$10$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz012",
            "'passwordHash' is not a well-formed bcrypt hash.",
        ),
        (
            "pbkdf2_sha256$870000$salt$notbase64",
            "'passwordHash' is not a well-formed Django pbkdf2_sha256 hash.",
        ),
        ("md5$salt$0123456789abcdef", any),
        ("plain text", any),
        ("", any),
    ] {
        let mut u = NewUser::new("Jane Doe", JANE);
        u.password_hash = Some(Secret::new(bad));
        assert_eq!(
            body(e.store.import_users([u]).unwrap_err()),
            validation(&[problem]),
            "{bad:?}"
        );
    }
    let mut both = NewUser::new("Jane Doe", JANE).password(PW);
    both.password_hash = Some(Secret::new(phc(PW, 8, 1, 1)));
    assert_eq!(
        body(e.store.import_users([both]).unwrap_err()),
        validation(&["Give either 'password' or 'passwordHash', not both."])
    );
}

#[test]
fn bcrypt_and_django_hashes_are_verified_at_the_first_login_and_become_argon2id() {
    let e = real_store();
    // Laravel writes $2y$, Devise and Rails $2a$ or $2b$; Django pbkdf2_sha256 (made by
    // Python's hashlib.pbkdf2_hmac('sha256', PW, b'seasalt', 1000), base64).
    let bcrypt = bcrypt::hash_with_salt(PW, 4, [3; 16])
        .unwrap()
        .format_for_version(bcrypt::Version::TwoY);
    let django = "pbkdf2_sha256$1000$seasalt$hDG5ahQWkMY9GGrBn0tTh2590oouHXGpOneGwks6qiQ=";
    let users: Vec<NewUser> = [
        ("Lara Vel", "lara@example.com", bcrypt.as_str()),
        ("Django Rein", "django@example.com", django),
    ]
    .into_iter()
    .map(|(name, email, hash)| {
        let mut u = NewUser::new(name, email);
        u.password_hash = Some(Secret::new(hash));
        u
    })
    .collect();
    let ids = e.store.import_users(users).unwrap();
    for (id, email, imported) in [
        (ids[0], "lara@example.com", bcrypt.as_str()),
        (ids[1], "django@example.com", django),
    ] {
        assert_eq!(e.login_err(email, PW2), invalid_credentials());
        assert_eq!(
            e.stored_hash(id).unwrap(),
            imported,
            "a failure changes nothing"
        );
        e.store.login(email, &Secret::new(PW)).unwrap();
        let now = e.stored_hash(id).unwrap();
        assert!(
            now.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{email}: {now}"
        );
        e.store.login(email, &Secret::new(PW)).unwrap();
        assert_eq!(e.stored_hash(id).unwrap(), now, "no second rehash");
    }
}

// ---- password policy -----------------------------------------------------------------------

#[test]
fn each_failed_policy_rule_is_its_own_suberror() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    let long = format!("Aa1!{}", "x".repeat(253));
    let cases: [(&str, &str, &[&str]); 7] = [
        (
            "abc",
            "abd",
            &[
                "The password must be at least 9 characters long.",
                "The password must contain at least one uppercase letter.",
                "The password must contain at least one number.",
                "The password must contain at least one special character.",
                "'newPassword2' must be the same as 'newPassword1'.",
            ],
        ),
        (
            "Password1!",
            "Password1!",
            &["The password is too common; choose one that is harder to guess."],
        ),
        (
            "QWERTYUIOP",
            "QWERTYUIOP",
            &[
                "The password must contain at least one number.",
                "The password must contain at least one special character.",
                "The password is too common; choose one that is harder to guess.",
            ],
        ),
        (
            "xJane.Doe#2024",
            "xJane.Doe#2024",
            &[
                "The password must not contain your email address.",
                "The password must not contain your name.",
            ],
        ),
        (
            "My-jane-99!x",
            "My-jane-99!x",
            &[
                "The password must not contain your email address.",
                "The password must not contain your name.",
            ],
        ),
        (
            &long,
            &long,
            &["The password must be at most 256 characters long."],
        ),
        (
            PW,
            PW,
            &["The new password must differ from the current one."],
        ),
    ];
    for (new1, new2, messages) in cases {
        assert_eq!(
            change_password(&e, &me, PW, new1, new2).unwrap_err(),
            validation(messages),
            "{new1:?}"
        );
    }
    // None of these counted as a failed attempt, and the password is unchanged.
    e.store.login(JANE, &Secret::new(PW)).unwrap();
    assert_eq!(
        change_password(&e, &me, PW, PW2, PW2).unwrap(),
        json!({"changed": true})
    );
}

#[test]
fn a_password_must_not_contain_the_email_local_part_or_the_name() {
    let e = env();
    let refused = |name: &str, email: &str, pw: &str| {
        body(
            e.store
                .import_users([NewUser::new(name, email).password(pw)])
                .unwrap_err(),
        )
    };
    assert_eq!(
        refused("Al Bo", "albatross@example.com", "Albatross#2024x"),
        validation(&["The password must not contain your email address."])
    );
    assert_eq!(
        refused("Margaret Smith", "m.smith@example.com", "xSMITH#2024q"),
        validation(&["The password must not contain your name."])
    );
    // Parts under 4 characters are allowed.
    e.user("Al Bo", "al@example.com", Some("Al-Bo-Zq#2024"));
}

#[test]
fn length_is_counted_in_code_points_after_nfkc_and_never_truncated() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    // 8 code points as typed; the ligature "ﬃ" is "ffi" under NFKC: 10.
    let typed = "Abc!\u{FB03}xy1";
    assert_eq!(typed.chars().count(), 8);
    assert_eq!(
        change_password(&e, &me, PW, typed, typed).unwrap(),
        json!({"changed": true})
    );
    e.store.login(JANE, &Secret::new("Abc!ffixy1")).unwrap();
    // 256 is the most, and every character counts.
    let max = format!("Aa1!{}", "xq".repeat(126));
    assert_eq!(max.chars().count(), 256);
    let (_, me) = e.login(JANE, typed);
    assert_eq!(
        change_password(&e, &me, typed, &max, &max).unwrap(),
        json!({"changed": true})
    );
    let cut = &max[..255];
    assert_eq!(
        e.login_err(JANE, cut),
        invalid_credentials(),
        "never truncated"
    );
    e.store.login(JANE, &Secret::new(&max)).unwrap();
}

#[test]
fn composition_rules_can_be_turned_off_and_the_minimum_raised() {
    let e = env_with(|mut c| {
        c.password_policy = PolicyConfig {
            min_length: 15,
            composition: false,
        };
        c
    });
    e.user("Al Bo", "al@example.com", Some("correct horse battery"));
    assert_eq!(
        body(
            e.store
                .import_users([NewUser::new("Al Bo", "al2@example.com").password("short horse")])
                .unwrap_err()
        ),
        validation(&["The password must be at least 15 characters long."])
    );
    assert_eq!(
        body(
            e.store
                .import_users(
                    [NewUser::new("Al Bo", "al2@example.com").password("QAZWSXEDCRFVTGB")]
                )
                .unwrap_err()
        ),
        validation(&["The password is too common; choose one that is harder to guess."])
    );
}

#[test]
fn change_password_bodies_need_all_three_fields() {
    assert_eq!(
        body(ChangePassword::from_json(json!({"newPassword1": PW2, "extra": 1})).unwrap_err()),
        validation(&[
            "'currentPassword' is required.",
            "'newPassword2' is required.",
            "Unknown field 'extra'.",
        ])
    );
    assert_eq!(
        body(
            ChangePassword::from_json(
                json!({"currentPassword": 1, "newPassword1": null, "newPassword2": PW2})
            )
            .unwrap_err()
        ),
        validation(&[
            "'currentPassword' must be a string.",
            "'newPassword1' must not be null."
        ])
    );
}

// ---- change password -----------------------------------------------------------------------

#[test]
fn changing_the_password_keeps_the_callers_session_and_ends_the_others() {
    let e = jane_doe();
    let (mine, me) = e.login(JANE, PW);
    let (other1, _) = e.login(JANE, PW);
    let (other2, _) = e.login(JANE, PW);
    e.advance(60);
    assert_eq!(
        change_password(&e, &me, PW, PW2, PW2).unwrap(),
        json!({"changed": true})
    );
    assert!(e.session_ok(&mine.token));
    assert!(!e.session_ok(&other1.token));
    assert!(!e.session_ok(&other2.token));
    assert_eq!(e.login_err(JANE, PW), invalid_credentials());
    e.login(JANE, PW2);
    let mails = e.mails_to(JANE, "password_changed");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Your password was changed");
    assert_eq!(
        mails[0].body.as_deref(),
        Some(
            "Hello Jane Doe,\n\nThe password of your account was just changed, and your other sessions were signed out. The account had no API token to revoke.\n\nIf it was not you, reset your password now.\n"
        )
    );
    assert_eq!(mails[0].created_at, "2023-11-14T22:14:20.000Z");
    // Newest first: the login with the new password, the refused old one, the change.
    let audit = e.store.audit_log(Some(UserId(1)), 0, 3).unwrap();
    assert_eq!(
        serde_json::to_value(&audit[2]).unwrap(),
        json!({"id": audit[2].id, "at": "2023-11-14T22:14:20.000Z", "userId": 1, "event": "password_changed"})
    );
}

#[test]
fn an_account_without_a_password_cannot_change_it() {
    let e = jane_doe();
    let id = e.user("No Password", "nopw@example.com", None);
    let err = e
        .store
        .change_password(
            &Actor::System,
            id,
            &ChangePassword {
                current_password: Secret::new(""),
                new_password1: Secret::new(PW2),
                new_password2: Secret::new(PW2),
            },
        )
        .unwrap_err();
    assert_eq!(err.status(), 403);
    assert_eq!(
        body(err),
        json!({"detail": "The user cannot change the password.", "message": "Access denied", "code": "IM001"})
    );
}

#[test]
fn a_wrong_current_password_is_im102_and_five_in_15_minutes_are_im011() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    for _ in 0..4 {
        assert_eq!(
            change_password(&e, &me, PW3, PW2, PW2).unwrap_err(),
            invalid_credentials()
        );
        e.advance(60);
    }
    let err = e
        .store
        .change_password(
            &me,
            UserId(1),
            &ChangePassword {
                current_password: Secret::new(PW3),
                new_password1: Secret::new(PW2),
                new_password2: Secret::new(PW2),
            },
        )
        .unwrap_err();
    assert_eq!((err.status(), err.retry_after()), (429, Some(900)));
    assert_eq!(body(err), too_many(900));
    assert_eq!(
        change_password(&e, &me, PW, PW2, PW2).unwrap_err(),
        too_many(900),
        "even the right one"
    );
    e.advance(15 * 60 - 1);
    assert_eq!(
        change_password(&e, &me, PW, PW2, PW2).unwrap_err(),
        too_many(1)
    );
    e.advance(1);
    assert_eq!(
        change_password(&e, &me, PW, PW2, PW2).unwrap(),
        json!({"changed": true})
    );
    let audit = e.audit(UserId(1));
    assert_eq!(
        audit
            .iter()
            .filter(|a| *a == "credential_check_failed")
            .count(),
        5
    );
    assert!(audit.contains(&"locked_out".to_string()));
}

#[test]
fn wrong_current_passwords_older_than_15_minutes_do_not_count() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    for _ in 0..4 {
        change_password(&e, &me, PW3, PW2, PW2).unwrap_err();
    }
    e.advance(15 * 60);
    assert_eq!(
        change_password(&e, &me, PW3, PW2, PW2).unwrap_err(),
        invalid_credentials()
    );

    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    for _ in 0..4 {
        change_password(&e, &me, PW3, PW2, PW2).unwrap_err();
    }
    e.advance(15 * 60 - 1);
    assert_eq!(
        change_password(&e, &me, PW3, PW2, PW2).unwrap_err(),
        too_many(900)
    );
}

#[test]
fn wrong_passwords_and_wrong_emails_in_either_change_count_together() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    for _ in 0..2 {
        assert_eq!(
            change_password(&e, &me, PW3, PW2, PW2).unwrap_err(),
            invalid_credentials()
        );
    }
    assert_eq!(
        change_email(&e, &me, "someone@example.com", "new@example.com", PW).unwrap_err(),
        invalid_credentials(),
        "a wrong current email with the right password"
    );
    assert_eq!(
        change_email(&e, &me, JANE, "new@example.com", PW3).unwrap_err(),
        invalid_credentials()
    );
    assert_eq!(
        change_email(&e, &me, JANE, "new@example.com", PW3).unwrap_err(),
        too_many(900)
    );
    assert_eq!(
        change_email(&e, &me, JANE, "new@example.com", PW).unwrap_err(),
        too_many(900)
    );
}

#[test]
fn only_the_user_may_change_its_password() {
    let e = jane_doe();
    let john_id = e.user("John Roe", "john@example.com", Some(PW));
    share_an_organization(&e.store, &[UserId(1), john_id]);
    let (_, john) = e.login("john@example.com", PW);
    assert_eq!(
        change_password(&e, &john, PW, PW2, PW2).unwrap_err(),
        forbidden("You may change only your own account.")
    );
    assert_eq!(
        body(
            e.store
                .change_password(
                    &john,
                    UserId(99),
                    &ChangePassword {
                        current_password: Secret::new(PW),
                        new_password1: Secret::new(PW2),
                        new_password2: Secret::new(PW2),
                    },
                )
                .unwrap_err()
        ),
        not_found("User 99 not found.")
    );
    e.login(JANE, PW);
}

#[test]
fn changing_the_password_voids_reset_links_and_reset_sessions() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    let hash = e.demand(JANE);
    let session = e.store.open_reset_session(&hash).unwrap();
    e.advance(1);
    let hash2 = e.demand(JANE);
    assert_eq!(
        change_password(&e, &me, PW, PW2, PW2).unwrap(),
        json!({"changed": true})
    );
    assert_eq!(
        body(e.store.open_reset_session(&hash2).unwrap_err()),
        bad_request("The password reset link is invalid or has expired.")
    );
    let reset = userstore::ResetPassword {
        new_password1: Secret::new(PW3),
        new_password2: Secret::new(PW3),
    };
    assert_eq!(
        body(
            e.store
                .reset_password(session.expose(), &reset)
                .unwrap_err()
        ),
        bad_request("The password reset session is invalid or has expired.")
    );
}
