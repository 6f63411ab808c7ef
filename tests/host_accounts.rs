//! What the host does to accounts (issue 21, the admin CLI's core): list every user, set a
//! password, require a password change, sign a user out everywhere, list and revoke a user's
//! API tokens, back the store up to a file. On SQLite and on PostgreSQL.

mod common;

use common::*;
use serde_json::json;
use userstore::{Actor, Config, NewApiToken, Secret, Store, TokenRef, UserId};

const NEW_PW: &str = "Green-Falcon-82";

#[test]
fn every_user_is_listed_by_id_in_pages_without_role_lists() {
    let e = jane_doe();
    e.user("Joe Bloggs", "joe@example.com", None);
    e.user("Ann Lee", "ann@example.com", None);
    let page = |after, limit| -> Vec<serde_json::Value> {
        e.store
            .users(after, limit)
            .unwrap()
            .iter()
            .map(|u| u.to_value()["user"].clone())
            .collect()
    };
    let first = page(0, 2);
    assert_eq!(
        first.iter().map(|u| u["email"].clone()).collect::<Vec<_>>(),
        [json!(JANE), json!("joe@example.com")]
    );
    assert_eq!(first[0]["id"], 1);
    assert_eq!(first[0]["hasPassword"], true);
    assert_eq!(first[1]["hasPassword"], false);
    assert!(first[0].get("userOrganizationRoles").is_none());
    assert!(first[0].get("passwordHash").is_none());
    let rest = page(2, 10);
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0]["name"], "Ann Lee");
    assert!(page(3, 10).is_empty());
}

#[test]
fn the_host_sets_a_password_under_the_policy_and_every_session_ends() {
    let e = jane_doe();
    let (session, _) = e.login(JANE, PW);
    assert_eq!(
        body(
            e.store
                .set_password(UserId(1), &Secret::new("short"))
                .unwrap_err()
        )["code"],
        "SC400"
    );
    assert!(
        e.session_ok(&session.token),
        "a refused password changes nothing"
    );
    e.store
        .set_password(UserId(1), &Secret::new(NEW_PW))
        .unwrap();
    assert!(!e.session_ok(&session.token));
    assert_eq!(e.login_err(JANE, PW), invalid_credentials());
    e.login(JANE, NEW_PW);
    assert_eq!(e.mails_to(JANE, "password_changed").len(), 1);
    assert_eq!(
        body(
            e.store
                .set_password(UserId(9), &Secret::new(NEW_PW))
                .unwrap_err()
        )["code"],
        "SC404"
    );
}

#[test]
fn a_required_password_change_shows_until_the_password_changes_and_signs_out() {
    let e = jane_doe();
    let (session, _) = e.login(JANE, PW);
    e.store.require_password_change(UserId(1)).unwrap();
    assert!(!e.session_ok(&session.token));
    let (_, me) = e.login(JANE, PW);
    let shown = |actor: &Actor| {
        e.store
            .me(actor, &["forceSetPassword".into()])
            .unwrap()
            .to_value()["authUser"]["forceSetPassword"]
            .clone()
    };
    assert_eq!(shown(&me), true);
    e.store
        .set_password(UserId(1), &Secret::new(NEW_PW))
        .unwrap();
    let (_, me) = e.login(JANE, NEW_PW);
    assert_eq!(shown(&me), false);
    let events: Vec<String> = e
        .store
        .audit_log(Some(UserId(1)), 0, 100)
        .unwrap()
        .into_iter()
        .map(|ev| ev.event)
        .collect();
    assert!(
        events.contains(&"password_change_required".to_owned()),
        "{events:?}"
    );
}

#[test]
fn a_required_change_survives_the_rehash_of_an_imported_hash_at_login() {
    let e = env();
    let mut u = userstore::NewUser::new("Lara Vel", "lara@example.com");
    u.password_hash = Some(Secret::new(
        bcrypt::hash_with_salt(PW, 4, [1; 16])
            .unwrap()
            .format_for_version(bcrypt::Version::TwoY),
    ));
    let id = e.store.import_users([u]).unwrap()[0];
    e.store.require_password_change(id).unwrap();
    // The first login replaces the bcrypt hash by argon2id; the requirement stays.
    let (_, me) = e.login("lara@example.com", PW);
    assert!(e.stored_hash(id).unwrap().starts_with("$argon2id$"));
    assert_eq!(
        e.store
            .me(&me, &["forceSetPassword".into()])
            .unwrap()
            .to_value()["authUser"]["forceSetPassword"],
        true
    );
}

#[test]
fn revoking_sessions_ends_each_one_and_keeps_api_tokens() {
    let e = jane_doe();
    let (a, _) = e.login(JANE, PW);
    let (b, actor) = e.login(JANE, PW);
    let token = e
        .store
        .create_api_token(
            &actor,
            &NewApiToken::from_json(json!({"label": "ci", "scope": ["user:read"]})).unwrap(),
        )
        .unwrap();
    assert_eq!(e.store.revoke_sessions(UserId(1)).unwrap(), 2);
    assert!(!e.session_ok(&a.token) && !e.session_ok(&b.token));
    let listed = wire(e.store.api_tokens_of(UserId(1)).unwrap());
    assert_eq!(listed["apiTokens"][0]["label"], "ci");
    assert_eq!(listed["apiTokens"].as_array().unwrap().len(), 1);
    let id = listed["apiTokens"][0]["id"].as_i64().unwrap();
    let created = listed["apiTokens"][0]["created"].clone();
    assert_eq!(
        wire(
            e.store
                .revoke_api_token(UserId(1), &TokenRef::Id(id))
                .unwrap()
        ),
        json!({ "apiToken": created })
    );
    assert!(
        e.store
            .authenticate_api_token(token_value(&token).as_str())
            .is_err()
    );
    assert_eq!(
        body(
            e.store
                .revoke_api_token(UserId(1), &TokenRef::Id(id))
                .unwrap_err()
        ),
        json!({"detail": format!("API token {id} not found."), "message": "Not Found", "code": "SC404"})
    );
    assert_eq!(
        body(e.store.revoke_sessions(UserId(9)).unwrap_err())["code"],
        "SC404"
    );
}

/// The token value of a creation reply.
fn token_value(created: &userstore::NewApiTokenBody) -> String {
    wire(created)["apiToken"]["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn a_backup_is_a_new_file_holding_the_store_while_it_serves() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(
        dir.path().join("live.db"),
        Config::insecure_fast_for_tests_only(),
    )
    .unwrap();
    let mut u = userstore::NewUser::new("Jane Doe", JANE);
    u.password = Some(PW.into());
    store.import_users([u]).unwrap();
    let backup = dir.path().join("backup.db");
    store.backup_to(&backup).unwrap();
    // The live store goes on; the backup has what it had.
    store
        .import_users([userstore::NewUser::new("Joe Bloggs", "joe@example.com")])
        .unwrap();
    let copy = Store::open(&backup, Config::insecure_fast_for_tests_only()).unwrap();
    assert_eq!(copy.user_count().unwrap(), 1);
    copy.login(JANE, &Secret::new(PW)).unwrap();
    assert_eq!(
        body(store.backup_to(&backup).unwrap_err())["detail"],
        format!(
            "{} exists; a backup is only written to a new file.",
            backup.display()
        )
    );
}

#[test]
fn the_audit_log_pages_by_id_oldest_first() {
    let e = jane_doe();
    e.user("Joe Bloggs", "joe@example.com", Some(PW));
    e.login(JANE, PW);
    e.login("joe@example.com", PW);
    e.login(JANE, PW);
    let page = |user: Option<UserId>, after, limit| -> Vec<(i64, Option<i64>, String)> {
        e.store
            .audit_log_after(user, after, limit)
            .unwrap()
            .into_iter()
            .map(|ev| (ev.id, ev.user_id.map(|u| u.0), ev.event))
            .collect()
    };
    let all = page(None, 0, 100);
    assert_eq!(all.len(), 3);
    assert!(all.windows(2).all(|w| w[0].0 < w[1].0), "{all:?}");
    assert_eq!(page(None, 0, 2), all[..2]);
    assert_eq!(page(None, all[1].0, 2), all[2..]);
    let janes = page(Some(UserId(1)), 0, 100);
    assert_eq!(
        janes
            .iter()
            .map(|e| (e.1, e.2.as_str()))
            .collect::<Vec<_>>(),
        [(Some(1), "login_succeeded"), (Some(1), "login_succeeded")]
    );
}
