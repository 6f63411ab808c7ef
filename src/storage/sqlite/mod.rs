//! The SQLite backend: a small pool of connections to one file (or one in-memory database),
//! its transactions, settings and migrations.

mod schema;
mod settings;

pub use schema::SCHEMA_VERSION;

use super::{Transaction, TxConn};
use crate::config::{Config, Synchronous};
use crate::host::clock::Millis;
use crate::wire::error::{Error, Result};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use settings::pragma;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

/// Most connections a file store keeps open at once (readers run in parallel under WAL).
const MAX_FILE_CONNECTIONS: usize = 8;

/// A small pool of SQLite connections to one database.
pub(crate) struct Sqlite {
    /// The file, or `None` for an in-memory database (one connection).
    path: Option<PathBuf>,
    idle: Mutex<Pool>,
    returned: Condvar,
    /// Held for the length of each write transaction.
    writer: Mutex<()>,
    synchronous: Synchronous,
    busy_timeout: Duration,
    max_database_bytes: Option<u64>,
    audit_retention: Millis,
}

struct Pool {
    idle: Vec<Connection>,
    open: usize,
}

/// A connection taken from the pool; dropping it puts it back.
struct Taken<'a> {
    db: &'a Sqlite,
    conn: Option<Connection>,
}

impl Drop for Taken<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let mut pool = self.db.idle.lock().unwrap_or_else(PoisonError::into_inner);
            pool.idle.push(conn);
            self.db.returned.notify_one();
        }
    }
}

/// Rolls back, when it is dropped, whatever the connection has not committed (also on a
/// panic).
struct RollbackGuard<'c>(&'c Connection);

impl Drop for RollbackGuard<'_> {
    fn drop(&mut self) {
        if !self.0.is_autocommit() {
            // Best effort, as in rusqlite: a failed rollback leaves nothing committed, and
            // SQLite rolls back when the connection is next used or closed.
            let _ = self.0.execute_batch("ROLLBACK");
        }
    }
}

/// Begins with `begin`, runs `f`, and commits if it succeeded. Unlike rusqlite's
/// `Transaction`, which parses its `BEGIN` and `COMMIT` anew each time, it runs them as
/// cached statements.
fn run(
    conn: &Connection,
    audit_retention: Millis,
    begin: &str,
    f: &mut dyn FnMut(&Transaction) -> Result<()>,
) -> Result<()> {
    conn.prepare_cached(begin)?.execute([])?;
    let _guard = RollbackGuard(conn);
    let tx = Transaction {
        conn: TxConn::Sqlite(conn),
        audit_retention,
    };
    f(&tx)?;
    conn.prepare_cached("COMMIT")?.execute([])?;
    Ok(())
}

impl Sqlite {
    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub(crate) fn open_file(path: &Path, config: &Config) -> Result<Sqlite> {
        let db = Sqlite::new(Some(path.to_path_buf()), config);
        let conn = db.connect(true)?;
        db.finish_open(conn)
    }

    /// A fresh in-memory database.
    pub(crate) fn open_memory(config: &Config) -> Result<Sqlite> {
        let db = Sqlite::new(None, config);
        let conn = Connection::open_in_memory()?;
        db.configure(&conn)?;
        db.finish_open(conn)
    }

    /// An in-memory database loaded from a snapshot made by [`Sqlite::snapshot`].
    pub(crate) fn open_snapshot(bytes: &[u8], config: &Config) -> Result<Sqlite> {
        let db = Sqlite::new(None, config);
        let mut conn = Connection::open_in_memory()?;
        // A snapshot of a file store says "WAL" in its header (read and write versions, bytes
        // 18 and 19, are 2), which an in-memory database cannot open: mark it as a
        // rollback-journal database (1), as SQLite's documentation prescribes.
        let mut image = bytes.to_vec();
        if image.len() >= 100 && image.starts_with(b"SQLite format 3\0") && image[18..20] == [2, 2]
        {
            image[18..20].copy_from_slice(&[1, 1]);
        }
        conn.deserialize_read_exact(rusqlite::MAIN_DB, &image[..], image.len(), false)
            .map_err(|_| Error::bad_request("The snapshot is not a database."))?;
        db.configure(&conn).map_err(schema::open_error)?;
        pragma(&conn, "journal_mode", "MEMORY").map_err(schema::open_error)?;
        db.finish_open(conn)
    }

    fn new(path: Option<PathBuf>, config: &Config) -> Sqlite {
        Sqlite {
            path,
            idle: Mutex::new(Pool {
                idle: Vec::new(),
                open: 0,
            }),
            returned: Condvar::new(),
            writer: Mutex::new(()),
            synchronous: config.synchronous,
            busy_timeout: Duration::from_millis(u64::from(config.busy_timeout_ms)),
            max_database_bytes: config.max_database_bytes,
            audit_retention: Millis::from(config.audit_retention_days) * 24 * 60 * 60 * 1000,
        }
    }

    /// Checks, migrates and pools the first connection.
    fn finish_open(self, mut conn: Connection) -> Result<Sqlite> {
        let version = schema::check(&conn)?;
        if self.path.is_some() {
            pragma(&conn, "journal_mode", "WAL")?;
        }
        schema::migrate(&mut conn, version)?;
        {
            let mut pool = self.idle.lock().expect("pool lock");
            pool.idle.push(conn);
            pool.open = 1;
        }
        Ok(self)
    }

    /// Opens a connection to the file. Only the first may create it: if the file disappears
    /// while the store is open, later connections fail instead of starting an empty database.
    fn connect(&self, create: bool) -> Result<Connection> {
        let path = self
            .path
            .as_deref()
            .expect("only file stores open more connections");
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags)?;
        self.configure(&conn).map_err(schema::open_error)?;
        Ok(conn)
    }

    /// Applies the per-connection settings. This is the first thing that reads the file, so
    /// its errors go through [`schema::open_error`].
    fn configure(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.busy_timeout(self.busy_timeout)?;
        pragma(conn, "foreign_keys", "ON")?;
        let sync = match self.synchronous {
            Synchronous::Normal => "NORMAL",
            Synchronous::Full => "FULL",
            Synchronous::Extra => "EXTRA",
        };
        pragma(conn, "synchronous", sync)?;
        // Deleted and overwritten content (an acknowledged mail's reset link) is zeroed in the
        // pages rather than left in free space.
        pragma(conn, "secure_delete", "ON")?;
        // An SQLite built without a setting ignores its pragma: refuse to run without them.
        for pragma in ["foreign_keys", "secure_delete"] {
            let on: bool = conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))?;
            if !on {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISUSE),
                    Some(format!(
                        "this SQLite build does not support PRAGMA {pragma}"
                    )),
                ));
            }
        }
        if let Some(bytes) = self.max_database_bytes {
            let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
            let pages = i64::try_from(bytes).unwrap_or(i64::MAX) / page_size.max(1);
            pragma(conn, "max_page_count", pages.max(1))?;
        }
        // Room for every cached statement of the store (about 60 sites plus the listing's shapes).
        conn.set_prepared_statement_cache_capacity(128);
        // Plans that do not depend on bound values. Without this, SQLite marks a statement
        // whose plan looked at a parameter (`LIMIT ?`, `col = ?` in an ordered query) to be
        // compiled again when its bindings are cleared, which rusqlite does each time it puts a
        // statement back in its cache: every cached listing and role query was re-parsed and
        // re-planned on every use. The store's plans come from its indexes, never from values.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        // A database may come from outside (a snapshot, a copied file): no SQL function in its
        // schema runs with the store's rights, and nothing can corrupt it through the schema
        // table or shadow tables. Its schema is also compared with ours (`schema::check`).
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
        Ok(())
    }

    /// Takes a connection, runs `f`, and puts the connection back, also when `f` panics.
    ///
    /// Not generic, like everything between an operation and its SQL (the pool, `BEGIN`,
    /// `COMMIT`): one copy of it in the program rather than one per operation (about 30 KB
    /// of the WebAssembly module). [`Sqlite::with`] is the typed front.
    fn with_conn(&self, f: &mut dyn FnMut(&mut Connection) -> Result<()>) -> Result<()> {
        let conn = {
            let mut pool = self.idle.lock().expect("pool lock");
            loop {
                if let Some(c) = pool.idle.pop() {
                    break c;
                }
                if self.path.is_some() && pool.open < MAX_FILE_CONNECTIONS {
                    pool.open += 1;
                    drop(pool);
                    match self.connect(false) {
                        Ok(c) => break c,
                        Err(e) => {
                            self.idle.lock().expect("pool lock").open -= 1;
                            return Err(e);
                        }
                    }
                }
                pool = self.returned.wait(pool).expect("pool lock");
            }
        };
        let mut taken = Taken {
            db: self,
            conn: Some(conn),
        };
        f(taken.conn.as_mut().expect("taken until dropped"))
    }

    /// Runs `f` in a read transaction (a consistent snapshot; writers are not blocked).
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        self.transaction("BEGIN DEFERRED", f)
    }

    /// Runs `f` in a write transaction: all of it is committed, or none of it on error.
    ///
    /// Writers of this process queue on a mutex first, so SQLite's busy handler (which is
    /// not fair) only arbitrates between processes, never starves a thread, and reads never
    /// wait for it.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let _writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.transaction("BEGIN IMMEDIATE", f)
    }

    /// Runs `f` in a transaction begun with `begin`: the typed shim around the one untyped
    /// path ([`run`]).
    fn transaction<T>(&self, begin: &str, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut f = Some(f);
        let mut out = None;
        let retention = self.audit_retention;
        self.with_conn(&mut |conn| {
            run(conn, retention, begin, &mut |tx| {
                let f = f.take().expect("a transaction runs its body once");
                out = Some(f(tx)?);
                Ok(())
            })
        })?;
        Ok(out.expect("set when the transaction succeeded"))
    }

    /// Runs `f` on a pooled connection and gives back what it returns.
    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut f = Some(f);
        let mut out = None;
        self.with_conn(&mut |conn| {
            out = Some(f.take().expect("runs once")(conn)?);
            Ok(())
        })?;
        Ok(out.expect("set on success"))
    }
}

/// Every row `stmt` gives for `params`, each read by `read`. A plain loop: `query_map` with
/// `collect` would bring its own copy of the iterator machinery into every query.
fn rows<T>(
    stmt: &mut rusqlite::Statement<'_>,
    params: impl rusqlite::Params,
    mut read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(read(row)?);
    }
    Ok(out)
}
