//! The storage layer: the backends (SQLite, and PostgreSQL with the `postgres` feature), their
//! transactions, and all of the store's SQL.
//!
//! Nothing outside this module writes SQL. The storage functions (one file per family of
//! tables) take a [`Transaction`] and write each statement once, in the SQL both backends
//! take ([`sql`]); the backend is chosen when the store is opened ([`Db`]).

pub(crate) mod audit;
pub(crate) mod credentials;
pub(crate) mod lockouts;
pub(crate) mod members;
pub(crate) mod outbox;
#[cfg(feature = "postgres")]
mod postgres;
pub(crate) mod recovery;
pub(crate) mod sql;
mod sqlite;
pub(crate) mod users;

pub use sqlite::SCHEMA_VERSION;

use crate::config::Config;
use crate::host::clock::Millis;
use crate::wire::error::{Error, Result};
use sql::{Arg, Dialect, Row};
use std::path::Path;

/// The database of a store, on one of the backends.
// One per store, never moved around: the size of the larger variant costs nothing.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Db {
    /// An SQLite file, or an in-memory SQLite database.
    Sqlite(sqlite::Sqlite),
    /// A PostgreSQL database.
    #[cfg(feature = "postgres")]
    Postgres(postgres::Postgres),
}

/// True when `target` names a PostgreSQL database (a `postgres://` or `postgresql://` URL)
/// rather than an SQLite file.
fn is_postgres_url(target: &str) -> bool {
    target.starts_with("postgres://") || target.starts_with("postgresql://")
}

impl Db {
    /// Opens the database `target` names: a `postgres://` URL is PostgreSQL, anything else
    /// an SQLite file (created if needed). Creates or migrates its schema.
    pub(crate) fn open(target: &Path, config: &Config) -> Result<Db> {
        match target.to_str() {
            Some(url) if is_postgres_url(url) => Db::open_postgres(url, config),
            _ => Ok(Db::Sqlite(sqlite::Sqlite::open_file(target, config)?)),
        }
    }

    #[cfg(feature = "postgres")]
    fn open_postgres(url: &str, config: &Config) -> Result<Db> {
        Ok(Db::Postgres(postgres::Postgres::open(url, config)?))
    }

    #[cfg(not(feature = "postgres"))]
    fn open_postgres(_url: &str, _config: &Config) -> Result<Db> {
        Err(Error::bad_request(
            "This build of userstore has no PostgreSQL support: build it with the cargo feature `postgres`.",
        ))
    }

    /// A fresh in-memory SQLite database.
    pub(crate) fn open_memory(config: &Config) -> Result<Db> {
        Ok(Db::Sqlite(sqlite::Sqlite::open_memory(config)?))
    }

    /// An in-memory SQLite database loaded from a snapshot made by [`Db::snapshot`].
    pub(crate) fn open_snapshot(bytes: &[u8], config: &Config) -> Result<Db> {
        Ok(Db::Sqlite(sqlite::Sqlite::open_snapshot(bytes, config)?))
    }

    /// Runs `f` in a read-only transaction (a consistent snapshot; writers are not blocked).
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        match self {
            Db::Sqlite(db) => db.read(f),
            #[cfg(feature = "postgres")]
            Db::Postgres(db) => db.read(f),
        }
    }

    /// Runs `f` in a write transaction: all of it is committed, or none of it on error.
    ///
    /// On PostgreSQL `f` may run more than once: a transaction that lost a race with another
    /// process (a serialization failure) is rolled back and run again.
    pub(crate) fn write<T>(&self, f: impl FnMut(&Transaction) -> Result<T>) -> Result<T> {
        match self {
            Db::Sqlite(db) => db.write(f),
            #[cfg(feature = "postgres")]
            Db::Postgres(db) => db.write(f),
        }
    }

    /// Runs `f` as a claim on a work queue: a write transaction like [`Db::write`], but on
    /// PostgreSQL at `READ COMMITTED`, where rows locked `FOR UPDATE SKIP LOCKED` by another
    /// claimer are skipped instead of aborting one of the two. `f` must only claim rows
    /// (conditional updates of rows it locked), never check a rule across rows.
    pub(crate) fn write_queue<T>(&self, f: impl FnMut(&Transaction) -> Result<T>) -> Result<T> {
        match self {
            Db::Sqlite(db) => db.write(f),
            #[cfg(feature = "postgres")]
            Db::Postgres(db) => db.write_queue(f),
        }
    }

    /// The SQLite settings in force on a pooled connection, as (pragma, value) pairs.
    pub(crate) fn settings(&self) -> Result<Vec<(&'static str, String)>> {
        self.sqlite("Connection settings")?.settings()
    }

    /// Makes what the last commits erased (an acknowledged mail's body) leave the store's
    /// files as far as the backend allows: SQLite folds its WAL into the database file (where
    /// `secure_delete` zeroed it) and truncates the WAL; PostgreSQL vacuums the outbox, so the
    /// old row version's space is freed for reuse (it stays in the server's WAL and archives).
    pub(crate) fn erase_deleted(&self) -> Result<()> {
        match self {
            Db::Sqlite(db) => db.truncate_wal(),
            #[cfg(feature = "postgres")]
            Db::Postgres(db) => db.vacuum_outbox(),
        }
    }

    /// The schema version the database holds now (read afresh, not the one seen at open).
    pub(crate) fn schema_version(&self) -> Result<i64> {
        self.read(|tx| {
            let sql = tx.dialect().pick(
                "PRAGMA user_version",
                "SELECT value::bigint FROM userstore_meta WHERE key = 'schema_version'",
            );
            tx.query_value(sql, &[])
        })
    }

    /// The whole database as an SQLite file image.
    pub(crate) fn snapshot(&self) -> Result<Vec<u8>> {
        self.sqlite("Snapshots")?.snapshot()
    }

    /// Copies the database into a new SQLite file at `path` (`VACUUM INTO`).
    pub(crate) fn backup_to(&self, path: &std::path::Path) -> Result<()> {
        self.sqlite("Backups to a file")?.backup_to(path)
    }

    /// The SQLite database, or the error for `what`, which only SQLite has.
    #[cfg_attr(not(feature = "postgres"), allow(unused_variables))]
    fn sqlite(&self, what: &str) -> Result<&sqlite::Sqlite> {
        match self {
            Db::Sqlite(db) => Ok(db),
            #[cfg(feature = "postgres")]
            Db::Postgres(_) => Err(not_supported(what)),
        }
    }
}

/// The error for what the PostgreSQL backend does not do.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
fn not_supported(what: &str) -> Error {
    Error::bad_request(format!(
        "{what} are not supported by this backend (PostgreSQL); they are SQLite's."
    ))
}

/// An open transaction: what every storage function takes. Whatever is not committed when
/// it ends is rolled back, also on a panic.
pub(crate) struct Transaction<'c> {
    conn: TxConn<'c>,
    /// How long audit events are kept (see [`audit::insert`]).
    pub(crate) audit_retention: Millis,
}

/// The connection a [`Transaction`] runs on.
enum TxConn<'c> {
    Sqlite(&'c rusqlite::Connection),
    #[cfg(feature = "postgres")]
    Postgres(&'c postgres::Session),
}

impl Transaction<'_> {
    /// The dialect of the backend.
    pub(crate) fn dialect(&self) -> Dialect {
        match self.conn {
            TxConn::Sqlite(_) => Dialect::Sqlite,
            #[cfg(feature = "postgres")]
            TxConn::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs a statement; returns how many rows it changed.
    pub(crate) fn execute(&self, sql: &str, args: &[Arg<'_>]) -> Result<usize> {
        match self.conn {
            TxConn::Sqlite(c) => Ok(c
                .prepare_cached(sql)?
                .execute(rusqlite::params_from_iter(args))?),
            #[cfg(feature = "postgres")]
            TxConn::Postgres(s) => s.execute(sql, args),
        }
    }

    /// Every row of a query, each read by `read`.
    pub(crate) fn query<T>(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        mut read: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each(sql, args, &mut |row| {
            out.push(read(row)?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// The first row of a query, read by `read`, if there is one.
    pub(crate) fn query_opt<T>(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut read = Some(read);
        let mut out = None;
        self.each(sql, args, &mut |row| {
            out = Some(read.take().expect("reads one row")(row)?);
            Ok(false)
        })?;
        Ok(out)
    }

    /// The first column of the first row of a query that always gives one (`count(*)`,
    /// `EXISTS`).
    pub(crate) fn query_value<T: sql::Column>(&self, sql: &str, args: &[Arg<'_>]) -> Result<T> {
        self.query_opt(sql, args, |r| r.get(0))?
            .ok_or_else(|| Error::storage("Storage failure."))
    }

    /// Calls `f` on each row of a query until it returns `false`. Not generic: one copy of the
    /// row loop in the program, whatever the rows are read as.
    fn each(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        f: &mut dyn FnMut(&Row<'_>) -> Result<bool>,
    ) -> Result<()> {
        match self.conn {
            TxConn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
                while let Some(row) = rows.next()? {
                    if !f(&Row::Sqlite(row))? {
                        break;
                    }
                }
                Ok(())
            }
            #[cfg(feature = "postgres")]
            TxConn::Postgres(s) => s.each(sql, args, f),
        }
    }

    /// The SQLite connection, for what only SQLite does (`EXPLAIN QUERY PLAN`).
    #[cfg_attr(not(feature = "postgres"), allow(unused_variables))]
    pub(crate) fn sqlite(&self, what: &str) -> Result<&rusqlite::Connection> {
        match self.conn {
            TxConn::Sqlite(c) => Ok(c),
            #[cfg(feature = "postgres")]
            TxConn::Postgres(_) => Err(not_supported(what)),
        }
    }
}

#[cfg(test)]
mod tests;
