//! The PostgreSQL backend: a pool of connections to one database (given as a libpq URL, with
//! any number of hosts), transactions that retry when they lose a race with another process,
//! and the translated schema's migrations.
//!
//! Writes run `SERIALIZABLE`: every rule the store checks in a transaction (single-use reset
//! hashes, failure counters, unique addresses) holds across processes as it does in one
//! SQLite file. A transaction that PostgreSQL aborts to keep that promise (a serialization
//! failure or a deadlock) is rolled back and run again, a bounded number of times with
//! jittered waits; then the caller gets `503` with `Retry-After`. Reads run `REPEATABLE READ,
//! READ ONLY`: one consistent snapshot, never waiting for a writer.

mod convert;
mod schema;

pub(crate) use convert::value;

use super::sql::Arg;
use super::{Transaction, TxConn};
use crate::config::Config;
use crate::host::clock::Millis;
use crate::wire::error::{Error, Result};
use postgres::error::SqlState;
use postgres::{Client, NoTls, Statement};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

/// Most connections one store keeps open to the database.
const MAX_CONNECTIONS: usize = 8;

/// How many times a transaction that lost a race is run in all before the caller is told to
/// come back later.
const MAX_ATTEMPTS: u32 = 40;

/// How long a connection attempt may take when the URL does not say (`connect_timeout`): a
/// host that is down must not hold a request for the operating system's minutes.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A pool of connections to one PostgreSQL database.
pub(crate) struct Postgres {
    config: postgres::Config,
    pool: Mutex<Pool>,
    returned: Condvar,
    audit_retention: Millis,
}

struct Pool {
    idle: Vec<Session>,
    open: usize,
}

/// One connection, with its prepared statements. Interior mutability: storage functions
/// share a `&Transaction`, and the client needs `&mut` for each statement.
pub(crate) struct Session {
    client: RefCell<Client>,
    statements: RefCell<HashMap<String, Statement>>,
    /// How the last failed statement failed, for the transaction loop to decide.
    failure: Cell<Option<Failure>>,
}

/// What a failed statement means for its transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// Lost a race (serialization failure, deadlock): run the transaction again.
    Race,
    /// The connection is gone (the server stopped, a failover): the caller retries later.
    Gone,
    /// Anything else: a storage error.
    Other,
}

impl Postgres {
    /// Connects to the database `url` names, and creates or migrates its schema.
    pub(crate) fn open(url: &str, config: &Config) -> Result<Postgres> {
        let mut pg_config = postgres::Config::from_str(url).map_err(|_| {
            Error::bad_request(
                "The PostgreSQL URL is not valid (expected postgres://user:password@host:port/database?options).",
            )
        })?;
        if pg_config.get_connect_timeout().is_none() {
            pg_config.connect_timeout(CONNECT_TIMEOUT);
        }
        if pg_config.get_application_name().is_none() {
            pg_config.application_name("userstore");
        }
        let db = Postgres {
            config: pg_config,
            pool: Mutex::new(Pool {
                idle: Vec::new(),
                open: 0,
            }),
            returned: Condvar::new(),
            audit_retention: Millis::from(config.audit_retention_days) * 24 * 60 * 60 * 1000,
        };
        let session = db.connect()?;
        schema::migrate(&mut session.client.borrow_mut())?;
        let mut pool = db.pool.lock().unwrap_or_else(PoisonError::into_inner);
        pool.idle.push(session);
        pool.open = 1;
        drop(pool);
        Ok(db)
    }

    fn connect(&self) -> Result<Session> {
        let client = self.config.connect(NoTls).map_err(|e| {
            // The error may name the host and user, never the password; keep it off the
            // wire anyway.
            let _ = e;
            unavailable()
        })?;
        Ok(Session {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            failure: Cell::new(None),
        })
    }

    /// A connection from the pool (a new one if none is idle and there is room), waiting for
    /// one to come back otherwise.
    fn take(&self) -> Result<Session> {
        let mut pool = self.pool.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(session) = pool.idle.pop() {
                if !session.client.borrow().is_closed() {
                    return Ok(session);
                }
                pool.open -= 1;
                continue;
            }
            if pool.open < MAX_CONNECTIONS {
                pool.open += 1;
                drop(pool);
                return self.connect().inspect_err(|_| {
                    self.pool
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .open -= 1;
                });
            }
            pool = self
                .returned
                .wait(pool)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Puts a connection back, or closes it if it is broken.
    fn give_back(&self, session: Session) {
        let mut pool = self.pool.lock().unwrap_or_else(PoisonError::into_inner);
        if session.client.borrow().is_closed() || session.failure.get() == Some(Failure::Gone) {
            pool.open -= 1;
        } else {
            pool.idle.push(session);
        }
        self.returned.notify_one();
    }

    /// `VACUUM outbox`: frees the space of the row versions that acknowledged mails left
    /// behind (their bodies), so it is reused soon rather than when autovacuum gets there.
    pub(crate) fn vacuum_outbox(&self) -> Result<()> {
        let session = self.take()?;
        let done = session.batch("VACUUM outbox");
        self.give_back(session);
        done
    }

    /// Runs `f` in a `REPEATABLE READ, READ ONLY` transaction.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut f = Some(f);
        self.transaction(
            "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
            &mut |tx| f.take().expect("a read runs once")(tx),
            1,
        )
    }

    /// Runs `f` in a `SERIALIZABLE` transaction, again when it loses a race.
    pub(crate) fn write<T>(&self, mut f: impl FnMut(&Transaction) -> Result<T>) -> Result<T> {
        self.transaction("BEGIN ISOLATION LEVEL SERIALIZABLE", &mut f, MAX_ATTEMPTS)
    }

    fn transaction<T>(
        &self,
        begin: &str,
        f: &mut dyn FnMut(&Transaction) -> Result<T>,
        attempts: u32,
    ) -> Result<T> {
        for attempt in 1..=attempts {
            let session = self.take()?;
            session.failure.set(None);
            let outcome = session.run(begin, self.audit_retention, f);
            let failure = session.failure.get();
            self.give_back(session);
            match (outcome, failure) {
                (Ok(value), _) => return Ok(value),
                (Err(_), Some(Failure::Race)) if attempt < attempts => {
                    std::thread::sleep(backoff(attempt));
                }
                (Err(_), Some(Failure::Race)) => return Err(Error::busy(1)),
                (Err(_), Some(Failure::Gone)) => return Err(unavailable()),
                (Err(e), _) => return Err(e),
            }
        }
        unreachable!("the last attempt returns")
    }
}

/// A jittered wait before attempt `attempt + 1`: up to 1 ms, 2 ms, 4 ms, … 64 ms.
fn backoff(attempt: u32) -> Duration {
    let ceiling = 1u64 << attempt.min(6);
    Duration::from_micros(rand::random_range(100..=ceiling * 1000))
}

/// `503` for a database that cannot be reached now (stopped, failing over).
fn unavailable() -> Error {
    Error::unavailable(1)
}

impl Session {
    /// Begins with `begin`, runs `f`, and commits if it succeeded; rolls back otherwise.
    fn run<T>(
        &self,
        begin: &str,
        audit_retention: Millis,
        f: &mut dyn FnMut(&Transaction) -> Result<T>,
    ) -> Result<T> {
        self.batch(begin)?;
        let tx = Transaction {
            conn: TxConn::Postgres(self),
            audit_retention,
        };
        let outcome = f(&tx).and_then(|value| self.batch("COMMIT").map(|()| value));
        if outcome.is_err() && !self.client.borrow().is_closed() {
            // Nothing was committed; a failed rollback closes the connection (give_back
            // drops it), which rolls back too.
            let _ = self.client.borrow_mut().batch_execute("ROLLBACK");
        }
        outcome
    }

    fn batch(&self, sql: &str) -> Result<()> {
        let done = self.client.borrow_mut().batch_execute(sql);
        done.map_err(|e| self.failed(&e))
    }

    /// Runs a statement; returns how many rows it changed.
    pub(crate) fn execute(&self, sql: &str, args: &[Arg<'_>]) -> Result<usize> {
        let statement = self.statement(sql)?;
        let done = self
            .client
            .borrow_mut()
            .execute(&statement, &convert::params(args));
        done.map(|n| n as usize).map_err(|e| self.failed(&e))
    }

    /// Calls `f` on each row of a query until it returns `false`.
    pub(crate) fn each(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        f: &mut dyn FnMut(&super::sql::Row<'_>) -> Result<bool>,
    ) -> Result<()> {
        let statement = self.statement(sql)?;
        let rows = self
            .client
            .borrow_mut()
            .query(&statement, &convert::params(args));
        for row in rows.map_err(|e| self.failed(&e))? {
            if !f(&super::sql::Row::Postgres(&row))? {
                break;
            }
        }
        Ok(())
    }

    /// The prepared statement for `sql` (its `?N` placeholders as `$N`), prepared once per
    /// connection.
    fn statement(&self, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.statements.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let prepared = self
            .client
            .borrow_mut()
            .prepare(&convert::placeholders(sql));
        let statement = prepared.map_err(|e| self.failed(&e))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// Records how a statement failed and gives the store's error for it (never the SQL, the
    /// values or the server's message, which can quote them).
    fn failed(&self, e: &postgres::Error) -> Error {
        let failure = classify(e);
        self.failure.set(Some(failure));
        match failure {
            Failure::Race => Error::busy(1),
            Failure::Gone => unavailable(),
            Failure::Other => Error::storage(match e.code() {
                Some(c) if *c == SqlState::DISK_FULL => "The database or disk is full.",
                _ => "Storage failure.",
            }),
        }
    }
}

/// What an error of the client means for the transaction it happened in.
fn classify(e: &postgres::Error) -> Failure {
    if e.is_closed() {
        return Failure::Gone;
    }
    match e.code() {
        Some(c)
            if *c == SqlState::T_R_SERIALIZATION_FAILURE
                || *c == SqlState::T_R_DEADLOCK_DETECTED
                // A unique key inserted by a concurrent transaction: run again, and the
                // transaction sees it (an "address taken" answer, not a 500).
                || *c == SqlState::UNIQUE_VIOLATION =>
        {
            Failure::Race
        }
        // The server is shutting down, or this one is a standby now / no longer the primary.
        Some(c)
            if *c == SqlState::ADMIN_SHUTDOWN
                || *c == SqlState::CRASH_SHUTDOWN
                || *c == SqlState::CANNOT_CONNECT_NOW
                || *c == SqlState::READ_ONLY_SQL_TRANSACTION =>
        {
            Failure::Gone
        }
        Some(_) => Failure::Other,
        // No SQLSTATE: an I/O error or a protocol failure on the connection.
        None => Failure::Gone,
    }
}
