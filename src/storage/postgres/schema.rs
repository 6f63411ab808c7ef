//! The PostgreSQL schema's versioned, forward-only migrations, recorded in the table
//! `userstore_meta` and applied under an advisory lock, so that servers starting at once
//! migrate one after the other.

use super::super::SCHEMA_VERSION;
use crate::wire::error::{Error, Result};
use postgres::Client;

/// The migrations, as (the version they bring the schema to, their SQL). PostgreSQL support
/// began at version 4: its first migration makes the whole schema of that version.
const MIGRATIONS: &[(i64, &str)] = &[
    (4, include_str!("schema.sql")),
    (5, include_str!("schema_5.sql")),
    (6, include_str!("schema_6.sql")),
];

const _: () = assert!(
    MIGRATIONS[MIGRATIONS.len() - 1].0 == SCHEMA_VERSION,
    "every SQLite migration has its PostgreSQL translation"
);

/// The key of the advisory lock migrations hold: "ustr", as SQLite's `application_id`.
const LOCK_KEY: i64 = 0x7573_7472;

/// The meta table and the value of its `application` row.
const META: &str = "CREATE TABLE userstore_meta (key text PRIMARY KEY, value text NOT NULL)";
const APPLICATION: &str = "userstore";

/// Checks that the database's current schema (the first of the `search_path`) is empty or a
/// userstore schema of a version this library knows, and migrates it, all in one transaction:
/// a database it refuses is left unchanged.
pub(super) fn migrate(client: &mut Client) -> Result<()> {
    // READ COMMITTED, whatever the server's default: each statement sees what a process that
    // held the lock before committed (a snapshot taken before the lock would not).
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::ReadCommitted)
        .start()
        .map_err(storage)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])
        .map_err(storage)?;
    let has_meta: bool = tx
        // In the current schema only: a userstore in a later schema of the search_path is
        // another store.
        .query_one(
            "SELECT to_regclass(quote_ident(current_schema()) || '.userstore_meta') IS NOT NULL",
            &[],
        )
        .map_err(storage)?
        .get(0);
    let version = if has_meta {
        let rows = tx
            .query("SELECT key, value FROM userstore_meta", &[])
            .map_err(storage)?;
        let get = |key: &str| {
            rows.iter()
                .find(|r| r.get::<_, &str>(0) == key)
                .map(|r| r.get::<_, String>(1))
        };
        if get("application").as_deref() != Some(APPLICATION) {
            return Err(not_userstore("its userstore_meta table is another's"));
        }
        let version = get("schema_version")
            .and_then(|v| v.parse::<i64>().ok())
            .filter(|v| *v >= MIGRATIONS[0].0)
            .ok_or_else(|| not_userstore("its schema version is not one userstore writes"))?;
        if version > SCHEMA_VERSION {
            return Err(Error::storage(format!(
                "The database has schema version {version}, newer than this library's {SCHEMA_VERSION}; upgrade userstore."
            )));
        }
        version
    } else {
        let schema: Option<String> = tx
            .query_one("SELECT current_schema()", &[])
            .map_err(storage)?
            .get(0);
        if schema.is_none() {
            return Err(Error::storage(
                "The database has no schema to create the store in (none of its search_path exists).",
            ));
        }
        let tables: i64 = tx
            .query_one(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
                &[],
            )
            .map_err(storage)?
            .get(0);
        if tables > 0 {
            return Err(not_userstore(
                "its schema has tables and no userstore_meta table",
            ));
        }
        tx.batch_execute(META).map_err(storage)?;
        tx.execute(
            "INSERT INTO userstore_meta (key, value) VALUES ('application', $1)",
            &[&APPLICATION],
        )
        .map_err(storage)?;
        0
    };
    for (to, sql) in MIGRATIONS.iter().filter(|(to, _)| *to > version) {
        tx.batch_execute(sql).map_err(storage)?;
        tx.execute(
            "INSERT INTO userstore_meta (key, value) VALUES ('schema_version', $1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&to.to_string()],
        )
        .map_err(storage)?;
    }
    tx.commit().map_err(storage)
}

fn not_userstore(why: &str) -> Error {
    Error::storage(format!("Not a userstore database: {why}."))
}

/// An error while opening: the database cannot be reached, or refused a statement.
fn storage(e: postgres::Error) -> Error {
    if e.is_closed() || e.code().is_none() {
        Error::unavailable(1)
    } else {
        Error::storage("The database refused the store's schema statements.")
    }
}
