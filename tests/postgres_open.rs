//! Opening a PostgreSQL database (run by `scripts/test-postgres.sh`, which sets
//! `USERSTORE_TEST_POSTGRES`; without it these tests have nothing to open and say so): a new
//! schema is created under an advisory lock, once, however many stores open it at the same
//! time; a schema that is not a userstore schema, or one from a newer version, is refused with
//! a clear error and left unchanged; what only SQLite does answers a clear error.

mod common;

use common::backend;
use common::*;
use serde_json::json;
use userstore::{Config, SCHEMA_VERSION, Store};

/// The tests' server, or `None` (after saying so) when the suite runs on SQLite.
fn server() -> Option<String> {
    let admin = backend::postgres();
    if admin.is_none() {
        eprintln!("PostgreSQL only: set USERSTORE_TEST_POSTGRES (scripts/test-postgres.sh)");
    }
    admin
}

fn client(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap()
}

/// The schema's tables and the meta table's rows.
fn schema_state(url: &str) -> (Vec<String>, Vec<(String, String)>) {
    let mut c = client(url);
    let tables = c
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename COLLATE \"C\"",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let meta = match c.query("SELECT key, value FROM userstore_meta ORDER BY key", &[]) {
        Ok(rows) => rows.iter().map(|r| (r.get(0), r.get(1))).collect(),
        Err(_) => Vec::new(),
    };
    (tables, meta)
}

#[test]
fn a_new_schema_gets_every_table_and_its_version() {
    let Some(admin) = server() else { return };
    let url = backend::fresh_schema(&admin);
    Store::open(&url, Config::insecure_fast_for_tests_only()).unwrap();
    let (tables, meta) = schema_state(&url);
    assert_eq!(
        tables,
        [
            "api_tokens",
            "audit_log",
            "email_changes",
            "failed_attempts",
            "imported_hashes",
            "lockouts",
            "login_failures",
            "login_lockouts",
            "login_sessions",
            "organization_members",
            "organizations",
            "outbox",
            "reset_demands",
            "reset_hashes",
            "reset_sessions",
            "team_members",
            "teams",
            "users",
            "userstore_meta"
        ]
    );
    assert_eq!(
        meta,
        [
            ("application".to_owned(), "userstore".to_owned()),
            ("schema_version".to_owned(), SCHEMA_VERSION.to_string())
        ]
    );
    // Opening again migrates nothing and keeps the data.
    let store = Store::open(&url, Config::insecure_fast_for_tests_only()).unwrap();
    store
        .import_users([userstore::NewUser::new("Ada", "ada@example.com")])
        .unwrap();
    drop(store);
    let again = Store::open(&url, Config::insecure_fast_for_tests_only()).unwrap();
    assert_eq!(again.user_count().unwrap(), 1);
    assert_eq!(schema_state(&url).1.len(), 2);
}

#[test]
fn eight_stores_opening_one_new_schema_at_once_migrate_it_once() {
    let Some(admin) = server() else { return };
    let url = backend::fresh_schema(&admin);
    let stores: Vec<Store> = std::thread::scope(|s| {
        let opening: Vec<_> = (0..8)
            .map(|_| s.spawn(|| Store::open(&url, Config::insecure_fast_for_tests_only())))
            .collect();
        opening
            .into_iter()
            .map(|h| h.join().unwrap().unwrap())
            .collect()
    });
    assert_eq!(stores.len(), 8);
    let (_, meta) = schema_state(&url);
    assert_eq!(meta.len(), 2, "{meta:?}");
}

#[test]
fn a_schema_with_other_tables_is_refused_and_left_unchanged() {
    let Some(admin) = server() else { return };
    let url = backend::fresh_schema(&admin);
    client(&url)
        .batch_execute("CREATE TABLE invoices (id int); INSERT INTO invoices VALUES (7)")
        .unwrap();
    let before = schema_state(&url);
    let err = Store::open(&url, Config::insecure_fast_for_tests_only()).unwrap_err();
    assert_eq!(
        err.to_value(),
        json!({
            "detail": "Not a userstore database: its schema has tables and no userstore_meta table.",
            "message": "Internal Server Error",
            "code": "SC500"
        })
    );
    assert_eq!(schema_state(&url), before);
    let n: i32 = client(&url)
        .query_one("SELECT id FROM invoices", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 7);
}

#[test]
fn a_schema_from_a_newer_version_is_refused_and_left_unchanged() {
    let Some(admin) = server() else { return };
    let url = backend::fresh_schema(&admin);
    Store::open(&url, Config::insecure_fast_for_tests_only()).unwrap();
    let newer = SCHEMA_VERSION + 1;
    client(&url)
        .execute(
            "UPDATE userstore_meta SET value = $1 WHERE key = 'schema_version'",
            &[&newer.to_string()],
        )
        .unwrap();
    let before = schema_state(&url);
    let err = Store::open(&url, Config::insecure_fast_for_tests_only()).unwrap_err();
    assert_eq!(
        err.detail(),
        format!(
            "The database has schema version {newer}, newer than this library's {SCHEMA_VERSION}; upgrade userstore."
        )
    );
    assert_eq!(schema_state(&url), before);
}

#[test]
fn what_only_sqlite_does_is_a_clear_error() {
    let Some(_) = server() else { return };
    let e = env();
    for err in [
        e.store.snapshot().unwrap_err(),
        e.store.connection_settings().unwrap_err(),
    ] {
        assert_eq!(err.status(), 400);
        assert!(
            err.detail()
                .ends_with("are not supported by this backend (PostgreSQL); they are SQLite's."),
            "{}",
            err.detail()
        );
    }
    assert_eq!(
        e.store.snapshot().unwrap_err().detail(),
        "Snapshots are not supported by this backend (PostgreSQL); they are SQLite's."
    );
}

#[test]
fn a_bad_url_or_an_unreachable_server_is_a_clear_error() {
    let Some(_) = server() else { return };
    let err = Store::open("postgres://[::1", Config::insecure_fast_for_tests_only()).unwrap_err();
    assert_eq!(
        err.detail(),
        "The PostgreSQL URL is not valid (expected postgres://user:password@host:port/database?options)."
    );
    // A port nothing listens on: 503, the URL (and its password) nowhere in the error.
    let err = Store::open(
        "postgres://someone:s3cret-pw@127.0.0.1:1/db?connect_timeout=2",
        Config::insecure_fast_for_tests_only(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_value(),
        json!({
            "detail": "The database is not available. Try again in 1 second.",
            "message": "Service Unavailable",
            "code": "SC503"
        })
    );
    assert_eq!(err.retry_after(), Some(1));
}

#[test]
fn a_store_in_a_later_schema_of_the_search_path_is_not_taken_for_this_one() {
    let Some(admin) = server() else { return };
    let later = backend::fresh_schema(&admin);
    Store::open(&later, Config::insecure_fast_for_tests_only())
        .unwrap()
        .import_users([userstore::NewUser::new("Other", "other@example.com")])
        .unwrap();
    let later_schema = later.rsplit("%3D").next().unwrap().to_owned();
    let first = backend::fresh_schema(&admin);
    let both = format!("{first}%2C{later_schema}");
    let store = Store::open(&both, Config::insecure_fast_for_tests_only()).unwrap();
    assert_eq!(store.user_count().unwrap(), 0, "a store of its own");
    assert_eq!(schema_state(&first).1.len(), 2, "made in the first schema");
}

#[test]
fn tls_is_refused_with_a_clear_error() {
    let Some(admin) = server() else { return };
    let err = Store::open(
        format!("{admin}?sslmode=require"),
        Config::insecure_fast_for_tests_only(),
    )
    .unwrap_err();
    assert_eq!(
        err.detail(),
        "This build of userstore connects to PostgreSQL without TLS: use a Unix socket, loopback or a private network, and sslmode=disable or prefer."
    );
}
