//! The settings and file maintenance of the SQLite database: pragmas set and read, the WAL
//! folded in, the whole database as an image or a backup file.

use super::Sqlite;
use crate::wire::error::{Error, Result};
use rusqlite::Connection;

impl Sqlite {
    /// The settings in force on a pooled connection, as (pragma, value) pairs: `journal_mode`,
    /// `foreign_keys`, `synchronous` (0 off, 1 normal, 2 full, 3 extra), `busy_timeout` in
    /// milliseconds, `secure_delete`.
    pub(crate) fn settings(&self) -> Result<Vec<(&'static str, String)>> {
        use rusqlite::types::Value;
        const PRAGMAS: [&str; 5] = [
            "journal_mode",
            "foreign_keys",
            "synchronous",
            "busy_timeout",
            "secure_delete",
        ];
        self.with(|conn| {
            PRAGMAS
                .into_iter()
                .map(|p| {
                    let v = conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, Value>(0))?;
                    let v = match v {
                        Value::Integer(i) => i.to_string(),
                        Value::Text(t) => t,
                        // None of these pragmas answers NULL, a real or a blob.
                        _ => String::new(),
                    };
                    Ok((p, v))
                })
                .collect()
        })
    }

    /// Copies the WAL into the database file and truncates it to zero bytes, so that content
    /// erased by the last commits is left in no file (with `secure_delete`, not in the database
    /// file either). Best effort: a reader that holds on past the busy timeout leaves the WAL
    /// in place until the next time. Nothing to do in memory.
    pub(crate) fn truncate_wal(&self) -> Result<()> {
        if self.path.is_none() {
            return Ok(());
        }
        self.with(|conn| checkpoint(conn, "TRUNCATE"))
    }

    /// The whole database as bytes (an SQLite file image).
    pub(crate) fn snapshot(&self) -> Result<Vec<u8>> {
        self.with(|conn| {
            // Fold the WAL into the main file image first.
            if self.path.is_some() {
                checkpoint(conn, "FULL")?;
            }
            Ok(conn.serialize(rusqlite::MAIN_DB)?.to_vec())
        })
    }

    /// Copies the database into a new file at `path` in one read transaction (`VACUUM
    /// INTO`): other connections keep reading and writing meanwhile.
    pub(crate) fn backup_to(&self, path: &std::path::Path) -> Result<()> {
        let path = path
            .to_str()
            .ok_or_else(|| Error::bad_request("The backup path must be valid UTF-8."))?;
        self.with(|conn| {
            conn.execute("VACUUM INTO ?1", [path])?;
            Ok(())
        })
    }
}

/// Sets `PRAGMA {name} = {value}`. The store's values are names and integers it writes itself,
/// never user input; rusqlite's `pragma_update` would also bring its value quoting and the
/// float formatting that comes with it into the WebAssembly build (about 20 KB).
pub(super) fn pragma(
    conn: &Connection,
    name: &str,
    value: impl std::fmt::Display,
) -> rusqlite::Result<()> {
    conn.execute_batch(&format!("PRAGMA {name} = {value}"))
}

/// Runs `PRAGMA wal_checkpoint({mode})`. Builds without WAL (the WebAssembly package, whose
/// VFSes have no shared memory) know no such pragma and return no row: nothing to fold then.
pub(super) fn checkpoint(conn: &Connection, mode: &str) -> Result<()> {
    let mut stmt = conn.prepare(&format!("PRAGMA wal_checkpoint({mode})"))?;
    stmt.query([])?.next()?;
    Ok(())
}
