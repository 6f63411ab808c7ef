//! Storage faults: each gives a clear error on the operation that meets it, never a panic, and
//! the store works again once the fault is gone where SQLite can.
//!
//! SQLite only (these faults are a file's: read-only, full, vanished, not a database): the
//! tests open files whatever backend the suite runs on.

use serde_json::json;
use userstore::UserId;
use userstore::{Actor, Code, Config, NewUser, Store, UserPatch};

fn config() -> Config {
    Config::insecure_fast_for_tests_only()
}

fn user(i: usize) -> NewUser {
    NewUser::new(format!("User {i}"), format!("user{i}@example.com"))
}

#[test]
fn read_only_file_refuses_writes_and_serves_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    let id = {
        let store = Store::open(&path, config()).unwrap();
        store.import_users([user(1)]).unwrap()[0]
    };
    let ro = Store::open(format!("file:{}?mode=ro", path.display()), config()).unwrap();
    assert_eq!(
        ro.user(&Actor::System, id).unwrap().to_value()["user"]["name"],
        json!("User 1")
    );
    let e = ro.import_users([user(2)]).unwrap_err();
    assert_eq!(
        (e.code(), e.detail()),
        (Code::SC500, "The database is read-only.")
    );
    assert_eq!(
        e.to_json(),
        r#"{"detail":"The database is read-only.","message":"Internal Server Error","code":"SC500"}"#
    );
    // The writable store still works.
    let rw = Store::open(&path, config()).unwrap();
    rw.import_users([user(2)]).unwrap();
}

#[test]
fn full_database_fails_the_write_and_recovers_when_space_is_freed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.db");
    let mut cfg = config();
    cfg.max_database_bytes = Some(256 * 1024);
    let store = Store::open(&path, cfg).unwrap();
    let mut ids = Vec::new();
    let err = loop {
        let batch: Vec<_> = (0..50).map(|i| user(ids.len() * 50 + i)).collect();
        match store.import_users(batch) {
            Ok(new) => ids.extend(new),
            Err(e) => break e,
        }
        assert!(ids.len() < 100_000, "the limit never hit");
    };
    assert_eq!(
        (err.code(), err.detail()),
        (Code::SC500, "The database or disk is full.")
    );
    // The failed batch left nothing behind, reads still work.
    assert!(store.user(&Actor::System, *ids.last().unwrap()).is_ok());
    // Free space and write again.
    for id in ids.iter().take(200) {
        store.delete_user(*id).unwrap();
    }
    store.import_users([user(999_999)]).unwrap();
}

#[test]
fn truncated_file_gives_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trunc.db");
    {
        let store = Store::open(&path, config()).unwrap();
        store.import_users((0..2000).map(user)).unwrap();
    }
    let len = std::fs::metadata(&path).unwrap().len();
    let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    f.set_len(len / 2 + 100).unwrap(); // mid-page
    drop(f);
    let outcome = Store::open(&path, config()).and_then(|s| {
        let org = s.create_organization("Acme")?;
        for id in 1..=2000 {
            s.set_organization_role(org.id, UserId(id), 13)?;
        }
        Ok(())
    });
    let e = outcome.unwrap_err();
    assert_eq!(e.code(), Code::SC500);
    assert_eq!(e.detail(), "The database file is corrupt.");
}

#[test]
fn file_deleted_while_open_never_starts_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone.db");
    let store = Store::open(&path, config()).unwrap();
    let id = store.import_users([user(1)]).unwrap()[0];
    std::fs::remove_file(&path).unwrap();
    // The open connection keeps the unlinked file: the data is still there.
    assert_eq!(
        store.user(&Actor::System, id).unwrap().to_value()["user"]["id"],
        json!(id)
    );
    // Force the pool to open more connections: they must fail, not see an empty database.
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    let patch = UserPatch {
                        name: Some("Renamed".into()),
                        ..Default::default()
                    };
                    (0..50)
                        .map(|_| store.update_user(&Actor::System, id, &patch))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for r in h.join().unwrap() {
                if let Err(e) = r {
                    assert_eq!(
                        (e.code(), e.detail()),
                        (Code::SC500, "The database file cannot be opened.")
                    );
                }
            }
        }
    });
    assert!(!path.exists(), "no new database file was created");
}

#[test]
fn foreign_and_newer_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        b"just some text, long enough to not look like anything at all ....",
    )
    .unwrap();
    let before = std::fs::read(&text).unwrap();
    let e = Store::open(&text, config()).unwrap_err();
    assert_eq!(
        e.detail(),
        "Not a userstore database: the file is not an SQLite database."
    );
    assert_eq!(std::fs::read(&text).unwrap(), before);
}
