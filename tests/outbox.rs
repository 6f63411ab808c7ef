//! The mail outbox (SPEC section 5): the host lists and acknowledges mail; it is durable.

mod common;

use common::*;
use serde_json::json;
use userstore::outbox::OutboxQuery;
use userstore::{Config, NewUser, Store};

// ---- outbox --------------------------------------------------------------------------------

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
