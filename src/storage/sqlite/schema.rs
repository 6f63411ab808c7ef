//! Versioned, forward-only migrations keyed by `PRAGMA user_version`.

use crate::data::packed::Packed;
use crate::wire::error::{Error, Result};
use rusqlite::Connection;
use std::sync::OnceLock;

/// `PRAGMA application_id` of a userstore database: "ustr".
pub(crate) const APPLICATION_ID: i64 = 0x7573_7472;

/// The schema version this library writes.
pub const SCHEMA_VERSION: i64 = 6;

/// The schema of a new store at [`SCHEMA_VERSION`]: the objects the migrations leave, as
/// `sqlite_schema` holds their text, in one script (tests/sqlite_schema.rs keeps it so). A new
/// store runs it in one transaction rather than every migration in turn: about 15 ms less
/// of a WebAssembly cold start.
const CURRENT: &str = include_str!("schema_current.sql");

/// The migrations (`schema.sql`, `schema_2.sql`, …), packed by `build.rs`: only an older
/// store or snapshot needs them.
static MIGRATIONS: Packed = Packed::new(include_bytes!(concat!(
    env!("OUT_DIR"),
    "/sqlite-migrations.sql.lzma"
)));

/// Migration `version` (1 to [`SCHEMA_VERSION`]), which brings the schema from `version - 1`
/// to `version`; 1 makes the first schema.
fn migration(version: i64) -> &'static str {
    static SPLIT: OnceLock<Vec<&'static str>> = OnceLock::new();
    let split = SPLIT.get_or_init(|| MIGRATIONS.text().split_terminator('\0').collect());
    split[version as usize - 1]
}

/// One object of a schema: (type, name, table, SQL text), as `sqlite_schema` lists it.
type Object = (String, String, String, Option<String>);

/// The objects of a database, in a stable order. SQLite's statistics tables (`ANALYZE`) are
/// left out, by their exact names: SQLite makes them itself and they hold no code.
fn objects(conn: &Connection) -> Result<Vec<Object>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE NOT (type = 'table' AND \
         name IN ('sqlite_stat1', 'sqlite_stat2', 'sqlite_stat3', 'sqlite_stat4')) \
         ORDER BY type, name",
    )?;
    super::rows(&mut stmt, [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
}

/// The objects the migrations up to `version` make, built once per version in memory (from
/// [`CURRENT`] for this version).
fn expected(version: i64) -> Result<&'static [Object]> {
    static BUILT: [OnceLock<Vec<Object>>; SCHEMA_VERSION as usize] =
        [const { OnceLock::new() }; SCHEMA_VERSION as usize];
    let slot = &BUILT[version as usize - 1];
    if let Some(objects) = slot.get() {
        return Ok(objects);
    }
    let conn = Connection::open_in_memory()?;
    if version == SCHEMA_VERSION {
        conn.execute_batch(CURRENT)?;
    } else {
        for v in 1..=version {
            conn.execute_batch(migration(v))?;
        }
    }
    let made = objects(&conn)?;
    Ok(slot.get_or_init(|| made))
}

/// Refuses a userstore database of `version` whose schema is not exactly what this library's
/// migrations make: a database from outside (a snapshot, a copied file) could carry a trigger
/// or a view that runs SQL of its author's choosing whenever the store writes.
fn check_objects(conn: &Connection, version: i64) -> Result<()> {
    let found = objects(conn)?;
    let expected = expected(version)?;
    if let Some(extra) = found.iter().find(|o| !expected.contains(o)) {
        return Err(not_userstore(&format!(
            "its schema has {} '{}', which userstore does not make",
            extra.0,
            crate::wire::validate::truncate(&extra.1)
        )));
    }
    if let Some(missing) = expected.iter().find(|o| !found.contains(o)) {
        return Err(not_userstore(&format!(
            "its schema lacks {} '{}'",
            missing.0, missing.1
        )));
    }
    Ok(())
}

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
    if version < 1 {
        return Err(not_userstore(
            "its schema version is not one userstore writes",
        ));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::storage(format!(
            "The database has schema version {version}, newer than this library's {SCHEMA_VERSION}; upgrade userstore."
        )));
    }
    check_objects(conn, version)?;
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

/// Brings a database of version `from` to [`SCHEMA_VERSION`]: an empty one by [`CURRENT`],
/// an older one by every migration after `from`, each in its own transaction.
pub(crate) fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    if from == 0 {
        return step(conn, 0, SCHEMA_VERSION, CURRENT);
    }
    for to in from + 1..=SCHEMA_VERSION {
        step(conn, to - 1, to, migration(to))?;
    }
    Ok(())
}

/// Runs `sql` to bring the schema from version `from` to `to`, unless another connection did
/// so while this one waited for the write lock.
fn step(conn: &mut Connection, from: i64, to: i64, sql: &str) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > from {
        return Ok(());
    }
    tx.execute_batch(sql)?;
    super::pragma(&tx, "application_id", APPLICATION_ID)?;
    super::pragma(&tx, "user_version", to)?;
    tx.commit()?;
    Ok(())
}
