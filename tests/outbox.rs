//! The mail outbox (SPEC section 5): the host lists and acknowledges mail; it is durable.

mod common;

use common::*;
use serde_json::json;
use userstore::outbox::OutboxQuery;
use userstore::{Config, NewUser, Store};

// ---- outbox --------------------------------------------------------------------------------

#[test]
fn a_mail_id_is_never_given_again_after_its_mail_was_deleted() {
    // Webhook receivers take the id as an idempotency key: a reused id would be dropped.
    let e = jane_doe();
    e.user("Joe Bloggs", "joe@example.com", Some(PW));
    e.demand(JANE);
    e.demand("joe@example.com");
    let joes = e.mails_to("joe@example.com", "password_reset")[0].id;
    let (_, joe) = e.login("joe@example.com", PW);
    e.store
        .delete_account(
            &joe,
            &userstore::DeleteAccount {
                current_password: Some(PW.into()),
            },
        )
        .unwrap();
    e.demand(JANE);
    let newest = e.mails().last().unwrap().id;
    assert!(
        newest > joes,
        "mail {newest} reuses the id of a deleted mail ({joes})"
    );
}

#[test]
fn a_courier_claims_due_mail_once_per_lease_and_retries_what_failed() {
    use std::time::Duration;
    let e = jane_doe();
    e.demand(JANE);
    e.demand(JANE);
    assert_eq!(e.store.pending_mail().unwrap(), 2);
    // The demanded links are written at the claim, oldest first; each claim is an attempt.
    let first = e.store.claim_mail(1, Duration::from_secs(60)).unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].attempt, 1);
    assert_eq!(first[0].mail.kind, "password_reset");
    assert!(first[0].mail.body.as_deref().unwrap().contains("hash="));
    let second = e.store.claim_mail(10, Duration::from_secs(60)).unwrap();
    assert_eq!(second.len(), 1, "the leased mail is not claimed again");
    assert!(second[0].mail.id > first[0].mail.id);
    assert!(
        e.store
            .claim_mail(10, Duration::from_secs(60))
            .unwrap()
            .is_empty()
    );
    // The first was delivered; the second failed and is tried again in 5 seconds.
    e.store.acknowledge_mail(first[0].mail.id).unwrap();
    e.store
        .retry_mail(second[0].mail.id, 1, Duration::from_secs(5))
        .unwrap();
    assert_eq!(e.store.pending_mail().unwrap(), 1);
    e.advance(4);
    assert!(
        e.store
            .claim_mail(10, Duration::from_secs(60))
            .unwrap()
            .is_empty()
    );
    e.advance(1);
    let again = e.store.claim_mail(10, Duration::from_secs(60)).unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!((again[0].mail.id, again[0].attempt), (second[0].mail.id, 2));
    // A courier that died holding it (or is too slow): the mail is due again when the lease
    // is over, and the stale courier can no longer move it.
    e.advance(60);
    let after_crash = e.store.claim_mail(10, Duration::from_secs(60)).unwrap();
    assert_eq!(after_crash[0].attempt, 3);
    let id = second[0].mail.id;
    assert_eq!(
        body(e.store.retry_mail(id, 2, Duration::ZERO).unwrap_err()),
        json!({"detail": format!("No pending mail with id {id} at attempt 2."), "message": "Not Found", "code": "SC404"})
    );
    assert!(
        e.store
            .claim_mail(10, Duration::from_secs(60))
            .unwrap()
            .is_empty(),
        "attempt 3's lease holds"
    );
    e.store.acknowledge_mail(id).unwrap();
    assert_eq!(e.store.pending_mail().unwrap(), 0);
    // An acknowledged mail cannot be retried.
    assert_eq!(
        body(e.store.retry_mail(id, 3, Duration::ZERO).unwrap_err()),
        json!({"detail": format!("No pending mail with id {id} at attempt 3."), "message": "Not Found", "code": "SC404"})
    );
}

#[test]
fn the_host_reads_and_acknowledges_mail() {
    let e = jane_doe();
    e.demand(JANE);
    e.demand(JANE);
    let pending = e.store.outbox(OutboxQuery::default()).unwrap();
    assert_eq!(pending.len(), 2);
    e.advance(5);
    e.store.acknowledge_mail(pending[0].id).unwrap();
    let pending_now = e.store.outbox(OutboxQuery::default()).unwrap();
    assert_eq!(
        pending_now.iter().map(|m| m.id).collect::<Vec<_>>(),
        [pending[1].id]
    );
    let all = e.mails();
    assert_eq!(
        serde_json::to_value(&all[0]).unwrap(),
        json!({
            "id": pending[0].id,
            "kind": "password_reset",
            "to": JANE,
            "subject": "Reset your password",
            "body": null,
            "createdAt": T0_ISO,
            "acknowledgedAt": "2023-11-14T22:13:25.000Z"
        })
    );
    assert_eq!(
        body(e.store.acknowledge_mail(pending[0].id).unwrap_err()),
        not_found(&format!("No pending mail with id {}.", pending[0].id))
    );
    let after = e
        .store
        .outbox(OutboxQuery {
            all: true,
            after: pending[0].id,
            limit: 1,
        })
        .unwrap();
    assert_eq!(
        after.iter().map(|m| m.id).collect::<Vec<_>>(),
        [pending[1].id]
    );
}

#[test]
fn the_outbox_is_durable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.db");
    {
        let store = Store::open(&path, Config::insecure_fast_for_tests_only()).unwrap();
        store
            .import_users([NewUser::new("Jane Doe", JANE).password(PW)])
            .unwrap();
        store.demand_password_reset(JANE).unwrap();
    }
    let store = Store::open(&path, Config::insecure_fast_for_tests_only()).unwrap();
    let pending = store.outbox(OutboxQuery::default()).unwrap();
    assert_eq!(
        pending
            .iter()
            .map(|m| (m.kind.as_str(), m.to.as_str()))
            .collect::<Vec<_>>(),
        [("password_reset", JANE)]
    );
    assert!(
        pending[0]
            .body
            .as_deref()
            .unwrap()
            .contains("/reset-password?hash=")
    );
}
