//! `DELETE /users` (Make's "Delete current user"): what deleting one's own account takes away,
//! on SQLite and on PostgreSQL (issue 20).

mod common;

use common::*;
use serde_json::json;
use userstore::{DeleteAccount, NewApiToken, UserId};

#[test]
fn deleting_ones_account_takes_everything_away_and_keeps_an_audit_entry_without_personal_data() {
    let e = jane_doe();
    let joe = e.user("Joe Bloggs", "joe@example.com", Some(PW));
    let org = e.store.create_organization("Acme").unwrap();
    let team = e.store.create_team(org.id, "Ops").unwrap();
    e.store
        .set_organization_role(org.id, UserId(1), 13)
        .unwrap();
    e.store.set_team_role(team.id, UserId(1), 2).unwrap();
    e.store.set_organization_role(org.id, joe, 11).unwrap();
    let (session, me) = e.login(JANE, PW);
    let token = NewApiToken {
        label: "ci".into(),
        scope: vec!["user:write".into()],
    };
    e.store.create_api_token(&me, &token).unwrap();
    e.demand(JANE); // a reset hash, a demand and a mail with the link
    e.login_err(JANE, PW2); // a failed attempt

    let deleted = e
        .store
        .delete_account(
            &me,
            &DeleteAccount {
                current_password: Some(PW.into()),
            },
        )
        .unwrap();
    assert_eq!(wire(deleted), json!({"user": 1}));

    assert!(!e.session_ok(&session.token));
    for (table, column) in [
        ("users", "id"),
        ("organization_members", "user_id"),
        ("team_members", "user_id"),
        ("login_sessions", "user_id"),
        ("api_tokens", "user_id"),
        ("reset_hashes", "user_id"),
        ("reset_sessions", "user_id"),
        ("email_changes", "user_id"),
        ("failed_attempts", "user_id"),
        ("lockouts", "user_id"),
    ] {
        let sql = format!("SELECT count(*) FROM {table} WHERE {column} = 1");
        assert_eq!(e.count(&sql), 0, "{table}");
    }
    // Nothing stored names her any more; Joe and the organization stay.
    let everything = e.raw().every_value();
    let left: Vec<_> = everything
        .iter()
        .filter(|(_, v)| v.to_lowercase().contains("jane"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(e.count("SELECT count(*) FROM organization_members"), 1);
    // The audit log keeps her former id and what happened, nothing else.
    assert_eq!(e.audit(UserId(1)).last().unwrap(), "account_deleted");
    assert_eq!(e.login_err(JANE, PW), invalid_credentials());
}

#[test]
fn an_account_without_a_password_is_deleted_without_one() {
    let e = env();
    let sam = e.user("Sam Sso", "sam@example.com", None);
    let created = e
        .store
        .create_api_token_for(
            sam,
            &NewApiToken {
                label: "provisioning".into(),
                scope: vec!["user:write".into()],
            },
        )
        .unwrap();
    let actor = e
        .store
        .authenticate_api_token(created.api_token.token.expose())
        .unwrap();
    assert_eq!(
        wire(
            e.store
                .delete_account(&actor, &DeleteAccount::default())
                .unwrap()
        ),
        json!({"user": sam})
    );
    assert_eq!(e.count("SELECT count(*) FROM users"), 0);
}

#[test]
fn a_pending_email_change_is_forgotten_with_the_account() {
    let e = env_with(|c| userstore::Config {
        confirm_email_change: true,
        ..c
    });
    assert_eq!(e.user("Jane Doe", JANE, Some(PW)), UserId(1));
    let (_, me) = e.login(JANE, PW);
    assert_eq!(
        change_email(&e, &me, JANE, "jd@elsewhere.test", PW).unwrap(),
        json!({"changed": false, "emailSent": true})
    );
    assert_eq!(
        e.mails_to("jd@elsewhere.test", "email_confirmation").len(),
        1
    );
    e.store
        .delete_account(
            &me,
            &DeleteAccount {
                current_password: Some(PW.into()),
            },
        )
        .unwrap();
    let everything = e.raw().every_value();
    let left: Vec<_> = everything
        .iter()
        .filter(|(_, v)| v.to_lowercase().contains("jane") || v.contains("elsewhere"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn the_notice_to_a_former_address_is_forgotten_with_the_account() {
    let e = jane_doe();
    let (_, me) = e.login(JANE, PW);
    assert_eq!(
        change_email(&e, &me, JANE, "jd@elsewhere.test", PW).unwrap(),
        json!({"changed": true, "emailSent": true})
    );
    // The notice to the former address, which the account no longer has.
    assert_eq!(e.mails_to(JANE, "email_changed").len(), 1);
    let (_, me) = e.login("jd@elsewhere.test", PW);
    e.store
        .delete_account(
            &me,
            &DeleteAccount {
                current_password: Some(PW.into()),
            },
        )
        .unwrap();
    let everything = e.raw().every_value();
    let left: Vec<_> = everything
        .iter()
        .filter(|(_, v)| v.to_lowercase().contains("jane") || v.contains("elsewhere"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
