//! Opening and migrating store files (SPEC section 6): what is not a userstore database, or is
//! one from a newer version, is refused with a clear error and left byte for byte as it was;
//! a new file gets the current schema in WAL mode; every connection runs with foreign keys,
//! `synchronous=FULL` and a busy timeout.
//!
//! SQLite only (these tests are about SQLite files): they open files whatever backend the
//! suite runs on. PostgreSQL's opening and migrations are tested in `tests/postgres_open.rs`.

mod common;

use common::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use userstore::UserId;
use userstore::{Actor, Config, NewUser, SCHEMA_VERSION, Store};

fn config() -> Config {
    Config::insecure_fast_for_tests_only()
}

fn storage_error(detail: &str) -> serde_json::Value {
    json!({"detail": detail, "message": "Internal Server Error", "code": "SC500"})
}

/// Opens `path`, which must fail; returns the error body after checking that the file is
/// unchanged and that no journal was left beside it.
fn refused(path: &Path) -> serde_json::Value {
    let before = std::fs::read(path).unwrap();
    let err = Store::open(path, config()).unwrap_err();
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "the file was modified"
    );
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        assert!(!PathBuf::from(side).exists(), "{suffix} file left behind");
    }
    body(err)
}

/// A userstore file with one organization and one user, closed.
fn userstore_file(dir: &Path) -> PathBuf {
    let path = dir.join("users.db");
    let store = Store::open(&path, config()).unwrap();
    let org = store.create_organization("Acme").unwrap();
    let id = store
        .import_users([NewUser::new("Ada Lovelace", "ada@example.com")])
        .unwrap()[0];
    store.set_organization_role(org.id, id, 11).unwrap();
    drop(store);
    path
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "These are my notes, not a database.\n".repeat(300)).unwrap();
    assert_eq!(
        refused(&path),
        storage_error("Not a userstore database: the file is not an SQLite database.")
    );
}

#[test]
fn a_userstore_file_with_a_broken_header_is_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = userstore_file(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[..16].copy_from_slice(b"SQLite format 2\0");
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(
        refused(&path),
        storage_error("Not a userstore database: the file is not an SQLite database.")
    );
}

#[test]
fn a_userstore_file_with_a_corrupt_schema_page_is_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = userstore_file(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    // Page 1 holds the schema table after the 100-byte file header: scramble it.
    for (i, b) in bytes[100..4096].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(
        refused(&path),
        storage_error("The database file is corrupt.")
    );
}

/// Asserts that an SQLite file of another application, made by `sql`, is refused as foreign
/// and left as it was (see [`refused`]).
#[track_caller]
fn assert_foreign_file_refused(sql: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
    }
    assert_eq!(
        refused(&path),
        storage_error(
            "Not a userstore database: the SQLite database belongs to another application."
        )
    );
}

#[test]
fn a_foreign_sqlite_file_is_refused_and_unchanged() {
    assert_foreign_file_refused(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, login TEXT);
         INSERT INTO users (login) VALUES ('root');",
    );
}

#[test]
fn a_foreign_sqlite_file_with_our_schema_version_is_refused_and_unchanged() {
    assert_foreign_file_refused("CREATE TABLE t (x); PRAGMA user_version = 1;");
}

#[test]
fn a_newer_schema_version_is_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = userstore_file(dir.path());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    assert_eq!(
        refused(&path),
        storage_error(&format!(
            "The database has schema version {}, newer than this library's {SCHEMA_VERSION}; upgrade userstore.",
            SCHEMA_VERSION + 1
        ))
    );
}

#[test]
fn a_new_file_gets_the_current_schema_in_wal_mode_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = userstore_file(dir.path());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let get = |p: &str| -> rusqlite::types::Value {
            conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(get("user_version"), SCHEMA_VERSION.into());
        assert_eq!(get("application_id"), 0x7573_7472_i64.into());
        assert_eq!(get("journal_mode"), String::from("wal").into());
    }
    // Reopening migrates nothing and finds the data.
    let store = Store::open(&path, config()).unwrap();
    let page = store
        .list_users(
            &Actor::System,
            &q(&[("organizationId", "1"), ("cols[]", "name")]),
        )
        .unwrap()
        .wire();
    assert_eq!(
        page,
        json!({"users":[{"name":"Ada Lovelace"}],"pg":{"sortBy":"id","sortDir":"desc","offset":0,"limit":10}})
    );
}

#[test]
fn an_empty_file_becomes_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path, config()).unwrap();
    store.create_organization("Acme").unwrap();
}

#[test]
fn file_connections_use_wal_foreign_keys_full_sync_and_a_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("s.db"), config()).unwrap();
    let settings = store.connection_settings().unwrap();
    let get = |name: &str| {
        settings
            .iter()
            .find(|(p, _)| *p == name)
            .map(|(_, v)| v.as_str())
            .unwrap()
    };
    assert_eq!(get("journal_mode"), "wal");
    assert_eq!(get("foreign_keys"), "1");
    assert_eq!(get("synchronous"), "2", "FULL");
    assert_eq!(get("busy_timeout"), "5000");
    assert_eq!(get("secure_delete"), "1", "erased mail bodies are zeroed");
}

#[test]
fn memory_stores_enforce_foreign_keys_too() {
    let store = Store::open_in_memory(config()).unwrap();
    let settings = store.connection_settings().unwrap();
    assert!(
        settings.contains(&("foreign_keys", "1".to_string())),
        "{settings:?}"
    );
    assert!(
        settings.contains(&("secure_delete", "1".to_string())),
        "{settings:?}"
    );
}

#[test]
fn foreign_keys_are_enforced_deleting_a_user_removes_what_hangs_off_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let store = Store::open(&path, config()).unwrap();
    let org = store.create_organization("Acme").unwrap();
    let team = store.create_team(org.id, "Ops").unwrap();
    let id = store
        .create_user(NewUser::new("Ada Lovelace", "ada@example.com").password(PW))
        .unwrap()
        .to_value()["user"]["id"]
        .as_i64()
        .unwrap();
    store.set_organization_role(org.id, UserId(id), 13).unwrap();
    store.set_team_role(team.id, UserId(id), 2).unwrap();
    store
        .login("ada@example.com", &userstore::Secret::new(PW))
        .unwrap();
    store
        .demand_password_reset("ada@example.com")
        .unwrap()
        .wire();
    store.delete_user(UserId(id)).unwrap();
    let conn = raw(&store.snapshot().unwrap());
    for table in [
        "organization_members",
        "team_members",
        "login_sessions",
        "reset_hashes",
    ] {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0, "{table} still has rows of the deleted user");
    }
    assert_eq!(
        body(store.delete_user(UserId(id)).unwrap_err()),
        not_found(&format!("User {id} not found."))
    );
}

#[test]
fn an_operation_happens_whole_or_not_at_all() {
    let e = env();
    e.user("Ada Lovelace", "ada@example.com", None);
    let err = e
        .store
        .import_users([
            NewUser::new("Alan Turing", "alan@example.com"),
            NewUser::new("Ada Again", "ADA@example.com"),
        ])
        .unwrap_err();
    assert_eq!(
        body(err),
        validation(&["The email address ADA@example.com is already in use."])
    );
    let n: i64 = e.count("SELECT count(*) FROM users");
    assert_eq!(n, 1, "the batch was not rolled back");
}

#[test]
fn a_snapshot_reopens_with_the_same_data() {
    if backend::sqlite_only("snapshots are SQLite images") {
        return;
    }
    let e = env();
    let org = e.store.create_organization("Acme").unwrap();
    let id = e.user("Ada Lovelace", "ada@example.com", Some(PW));
    e.store.set_organization_role(org.id, id, 11).unwrap();
    let bytes = e.store.snapshot().unwrap();
    let copy = Store::open_snapshot(&bytes, config()).unwrap();
    let listing = q(&[("organizationId", "1")]);
    assert_eq!(
        copy.list_users(&Actor::System, &listing).unwrap().wire(),
        e.store.list_users(&Actor::System, &listing).unwrap().wire()
    );
    copy.login("ada@example.com", &userstore::Secret::new(PW))
        .unwrap();
}

#[test]
fn a_snapshot_of_a_file_store_reopens_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = userstore_file(dir.path());
    let store = Store::open(&path, config()).unwrap();
    let copy = Store::open_snapshot(&store.snapshot().unwrap(), config()).unwrap();
    let listing = q(&[("organizationId", "1"), ("cols[]", "email")]);
    assert_eq!(
        copy.list_users(&Actor::System, &listing).unwrap().wire(),
        json!({"users":[{"email":"ada@example.com"}],"pg":{"sortBy":"id","sortDir":"desc","offset":0,"limit":10}})
    );
    // The copy is independent of the file.
    copy.create_organization("Copy only").unwrap();
    drop(copy);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM organizations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_snapshot_of_something_else_is_refused() {
    let err = Store::open_snapshot(b"definitely not SQLite", config()).unwrap_err();
    assert_eq!(err.code(), userstore::Code::SC500);
    assert_eq!(
        body(err),
        storage_error("Not a userstore database: the file is not an SQLite database.")
    );
}

#[test]
fn weaker_security_settings_are_refused_at_open() {
    let mut c = Config::default();
    c.hashing.iterations = 1;
    c.password_policy.min_length = 8;
    assert_eq!(
        body(Store::open_in_memory(c).unwrap_err()),
        validation(&[
            "hashing must be at least m=19456 KiB, t=2, p=1.",
            "passwordPolicy.minLength must be between 9 and 256."
        ])
    );
}

/// The migrations of this library, in order, as `src/storage/schema.rs` applies them.
const MIGRATIONS: [&str; 6] = [
    include_str!("../src/storage/sqlite/schema.sql"),
    include_str!("../src/storage/sqlite/schema_2.sql"),
    include_str!("../src/storage/sqlite/schema_3.sql"),
    include_str!("../src/storage/sqlite/schema_4.sql"),
    include_str!("../src/storage/sqlite/schema_5.sql"),
    include_str!("../src/storage/sqlite/schema_6.sql"),
];

/// Every object of a database (type, name, table, SQL text) but SQLite's own, by type and name.
fn schema_objects(conn: &rusqlite::Connection) -> Vec<(String, String, String, Option<String>)> {
    conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema \
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// A new store runs `schema_current.sql` instead of the migrations: it must make exactly what
/// they make, object for object and character for character (an older store migrated to
/// this version is checked against it). `UPDATE_SCHEMA=1` writes the file anew from the
/// migrations (tables, then indexes, each in the order the migrations left them).
#[test]
fn a_new_store_has_exactly_the_schema_the_migrations_make() {
    let migrated = rusqlite::Connection::open_in_memory().unwrap();
    for sql in MIGRATIONS {
        migrated.execute_batch(sql).unwrap();
    }
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        let sql: Vec<String> = migrated
            .prepare(
                "SELECT sql || ';' FROM sqlite_schema WHERE sql IS NOT NULL \
                 AND name NOT LIKE 'sqlite_%' ORDER BY type <> 'table', rowid",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let header = "-- GENERATED from schema.sql, schema_2.sql, … by tests/open.rs \
                      (UPDATE_SCHEMA=1): a new store's schema.\n";
        std::fs::write(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/src/storage/sqlite/schema_current.sql"
            ),
            format!("{header}{}\n", sql.join("\n")),
        )
        .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    drop(Store::open(&path, config()).unwrap());
    let new = rusqlite::Connection::open(&path).unwrap();
    let (made, expected) = (schema_objects(&new), schema_objects(&migrated));
    assert_eq!(made.len(), 42, "the tables and indexes of version 6");
    assert_eq!(made, expected);
}

/// A store file at schema `version` (its first migrations applied by hand), with `rows` then
/// run on it, opened and so migrated by the store; returns the migrated file.
fn migrated_from(dir: &tempfile::TempDir, version: usize, rows: &str) -> std::path::PathBuf {
    let path = dir.path().join(format!("v{version}.db"));
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..version] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(&format!(
            "PRAGMA application_id = 1970500722; PRAGMA user_version = {version}; {rows}"
        ))
        .unwrap();
    }
    drop(Store::open(&path, Config::insecure_fast_for_tests_only()).unwrap());
    // Opened again, the migrated schema is checked against a new store's.
    drop(Store::open(&path, Config::insecure_fast_for_tests_only()).unwrap());
    path
}

#[test]
fn a_version_1_file_is_migrated_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = migrated_from(
        &dir,
        1,
        "INSERT INTO reset_demands (rowid, email_key, at)
             VALUES (5, 'jane@example.com', 1), (9, 'joe@example.com', 2);",
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!((version, SCHEMA_VERSION), (6, 6));
    // Demands recorded before version 2 were all mailed ones, and their mails were written
    // when they were made (version 3 defers them): none waits to be mailed. The tables are
    // rebuilt, not altered: rows keep their rowids.
    type Demand = (i64, String, i64, i64, Option<i64>, Option<String>);
    let rows: Vec<Demand> = conn
        .prepare(
            "SELECT rowid, email_key, at, mailed, user_id, link FROM reset_demands ORDER BY rowid",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            (5, "jane@example.com".to_owned(), 1, 1, None, None),
            (9, "joe@example.com".to_owned(), 2, 1, None, None)
        ]
    );
    // The scratch table is gone and the indexes are back.
    let objects: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE tbl_name LIKE 'reset_demands%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        objects,
        [
            "reset_demands",
            "reset_demands_by_email",
            "reset_demands_by_time",
            "reset_demands_by_user"
        ]
    );
}

#[test]
fn a_version_2_file_keeps_which_demands_were_mailed() {
    let dir = tempfile::tempdir().unwrap();
    let path = migrated_from(
        &dir,
        2,
        "INSERT INTO reset_demands (rowid, email_key, at, mailed)
             VALUES (3, 'jane@example.com', 1, 0), (4, 'jane@example.com', 2, 1);",
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    let rows: Vec<(i64, i64)> = conn
        .prepare("SELECT rowid, mailed FROM reset_demands ORDER BY rowid")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows, [(3, 0), (4, 1)]);
}

/// Version 4 counts failed logins per address: a version 3 file's login failures and lockout
/// move to the user's address, and the lock holds after the upgrade.
#[test]
fn a_version_3_file_moves_login_failures_and_lockouts_to_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let far = 4_000_000_000_000_i64; // a lockout still in force for years
    let path = migrated_from(
        &dir,
        3,
        &format!(
            "INSERT INTO users (id, name, email, email_key, language, timezone_id, locale_id, created_at)
                 VALUES (1, 'Jane Doe', 'Jane@Example.com', 'jane@example.com', 'en', 150, 248, 0);
             INSERT INTO failed_attempts (user_id, kind, at) VALUES (1, 'login', 7), (1, 'credential', 8);
             INSERT INTO lockouts (user_id, kind, locked_until) VALUES (1, 'login', {far});"
        ),
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    let rows = |sql: &str| -> Vec<(String, i64)> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        rows("SELECT email_key, at FROM login_failures"),
        [("jane@example.com".to_owned(), 7)]
    );
    assert_eq!(
        rows("SELECT email_key, locked_until FROM login_lockouts"),
        [("jane@example.com".to_owned(), far)]
    );
    assert_eq!(
        rows("SELECT kind, at FROM failed_attempts"),
        [("credential".to_owned(), 8)]
    );
    drop(conn);
    let store = Store::open(&path, config()).unwrap();
    let err = store
        .login("JANE@example.com", &"whatever".into())
        .unwrap_err();
    assert_eq!(err.code(), userstore::Code::IM011);
}

/// Version 5 lets the server deliver the outbox: a version 4 file's pending and delivered
/// mail keep their rows, with no account, no attempt, and due at once.
#[test]
fn a_version_4_files_mail_is_due_for_the_courier_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = migrated_from(
        &dir,
        4,
        "INSERT INTO outbox (id, kind, recipient, subject, body, created_at, acknowledged_at)
             VALUES (1, 'password_changed', 'jane@example.com', 'S', NULL, 1, 2),
                    (2, 'password_changed', 'jane@example.com', 'S', 'Hello', 3, NULL);",
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    /// id, user_id, attempts, next_attempt_at, body.
    type Mail = (i64, Option<i64>, i64, i64, Option<String>);
    let rows: Vec<Mail> = conn
        .prepare("SELECT id, user_id, attempts, next_attempt_at, body FROM outbox ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [(1, None, 0, 0, None), (2, None, 0, 0, Some("Hello".into()))]
    );
    drop(conn);
    let store = Store::open(&path, config()).unwrap();
    let claimed = store
        .claim_mail(10, std::time::Duration::from_secs(60))
        .unwrap();
    assert_eq!(
        claimed
            .iter()
            .map(|d| (d.mail.id, d.attempt))
            .collect::<Vec<_>>(),
        [(2, 1)]
    );
}

/// A database from outside whose schema differs from what the migrations make (here a trigger
/// that would run its author's SQL on every login) is refused, and left as it was.
#[test]
fn a_database_with_an_added_trigger_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.db");
    drop(Store::open(&path, config()).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER steal AFTER INSERT ON login_sessions BEGIN
                 INSERT INTO organizations (name) VALUES ('stolen ' || hex(new.digest));
             END;",
        )
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let refused = storage_error(
        "Not a userstore database: its schema has trigger 'steal', which userstore does not make.",
    );
    assert_eq!(body(Store::open(&path, config()).unwrap_err()), refused);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // The same database as a snapshot.
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(
        body(Store::open_snapshot(&bytes, config()).unwrap_err()),
        refused
    );
    // A missing index is refused too.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("DROP TRIGGER steal; DROP INDEX login_sessions_by_user;")
            .unwrap();
    }
    assert_eq!(
        body(Store::open(&path, config()).unwrap_err()),
        storage_error("Not a userstore database: its schema lacks index 'login_sessions_by_user'.")
    );
}

/// A migration, once released, never changes: the schema check compares a database with what
/// the migrations make, so an edited migration would refuse every database it already made.
/// A change to the schema is a new migration.
#[test]
fn applied_migrations_never_change() {
    use sha2::{Digest, Sha256};
    let pinned = [
        "9087435a9fac5eab923f75b5fffb42d9ed5932797a827ea9a59c72e92a170cf3",
        "5525d58cf52f62da7b07a348d99787b189cd1527474043ac1c0d377f529fa545",
        "82ec00c561666d32d494c51305e920cc338c7f93936f33490d423d951cc021ce",
        "4d961c2fe123346d4c886404b247e2a2404d58e99009d5a3224b56dc1269370b",
    ];
    for (i, (sql, pin)) in MIGRATIONS.iter().zip(pinned).enumerate() {
        let digest: String = Sha256::digest(sql.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            digest,
            pin,
            "migration {} changed; add a new one instead",
            i + 1
        );
    }
}

/// The names of SQLite's statistics tables are skipped exactly: a trigger whose name only
/// looks like one is still found.
#[test]
fn a_trigger_named_like_sqlites_own_tables_is_refused_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.db");
    drop(Store::open(&path, config()).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "ANALYZE; CREATE TRIGGER sqlitexstat_x AFTER INSERT ON audit_log BEGIN
                 DELETE FROM audit_log;
             END;",
        )
        .unwrap();
    assert_eq!(
        body(Store::open(&path, config()).unwrap_err()),
        storage_error(
            "Not a userstore database: its schema has trigger 'sqlitexstat_x', which userstore does not make."
        )
    );
    // ANALYZE's own table alone is no reason to refuse.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("DROP TRIGGER sqlitexstat_x;")
        .unwrap();
    drop(Store::open(&path, config()).unwrap());
}

/// A schema version no userstore writes (`PRAGMA user_version` is a signed 32-bit number) is
/// refused, not trusted.
#[test]
fn a_negative_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.db");
    drop(Store::open(&path, config()).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = -1;")
        .unwrap();
    assert_eq!(
        body(Store::open(&path, config()).unwrap_err()),
        storage_error("Not a userstore database: its schema version is not one userstore writes.")
    );
}

/// `Store::ready` (the server's `/readyz`): the database answers and holds this library's
/// schema, on either backend.
#[test]
fn a_fresh_store_is_ready_with_this_librarys_schema() {
    let e = env();
    assert_eq!(e.store.ready().unwrap(), userstore::SCHEMA_VERSION);
}
