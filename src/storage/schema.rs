//! Versioned, forward-only migrations keyed by `PRAGMA user_version`.

use crate::error::{Error, Result};
use rusqlite::Connection;

/// `PRAGMA application_id` of a userstore database: "ustr".
pub(crate) const APPLICATION_ID: i64 = 0x7573_7472;

/// The migrations, in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("schema.sql"),
    include_str!("schema_2.sql"),
    include_str!("schema_3.sql"),
];

/// The schema version this library writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Checks that `conn` holds a userstore database (or nothing at all) of a version this library
/// knows, without writing anything. Returns the version found (0 for an empty database).
pub(crate) fn check(conn: &Connection) -> Result<i64> {
    let probe = || -> rusqlite::Result<(i64, i64, i64)> {
        let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok((app, version, objects))
    };
    let (app, version, objects) = probe().map_err(open_error)?;
    if app == 0 && version == 0 && objects == 0 {
        return Ok(0);
    }
    if app != APPLICATION_ID {
        return Err(not_userstore(
            "the SQLite database belongs to another application",
        ));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::storage(format!(
            "The database has schema version {version}, newer than this library's {SCHEMA_VERSION}; upgrade userstore."
        )));
    }
    Ok(version)
}

/// The error for a failure while opening a database: SQLite's "not a database" means the file
/// is not a userstore database at all; anything else is a storage error.
pub(crate) fn open_error(e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            not_userstore("the file is not an SQLite database")
        }
        _ => Error::from(e),
    }
}

fn not_userstore(why: &str) -> Error {
    Error::storage(format!("Not a userstore database: {why}."))
}

/// Applies every migration after `from`, each in its own transaction.
pub(crate) fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another connection may have migrated while we waited for the write lock.
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if current > i as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        super::pragma(&tx, "application_id", APPLICATION_ID)?;
        super::pragma(&tx, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
