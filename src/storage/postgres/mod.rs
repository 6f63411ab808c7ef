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

/// How long an operation waits for a free connection before it answers "busy".
const POOL_WAIT: Duration = Duration::from_secs(30);

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
    /// A unique key that another transaction may have inserted meanwhile: run again, a few
    /// times.
    Conflict,
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
        // libpq's environment variable, so that the password need not be in the URL (and so
        // in a command line that every local user can read).
        if pg_config.get_password().is_none()
            && let Ok(password) = std::env::var("PGPASSWORD")
        {
            pg_config.password(password);
        }
        if pg_config.get_ssl_mode() == postgres::config::SslMode::Require {
            return Err(Error::bad_request(
                "This build of userstore connects to PostgreSQL without TLS: use a Unix socket, loopback or a private network, and sslmode=disable or prefer.",
            ));
        }
        // A host that vanished (a failover) is noticed on idle connections too.
        pg_config.keepalives(true);
        pg_config.keepalives_idle(Duration::from_secs(30));
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
        // The client's error may name the host and the user: it stays here.
        let client = self.config.connect(NoTls).map_err(|_| unavailable())?;
        Ok(Session {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            failure: Cell::new(None),
        })
    }

    /// A connection from the pool (a new one if none is idle and there is room), waiting up
    /// to [`POOL_WAIT`] for one to come back otherwise. The lease gives it back when dropped,
    /// also when the operation panics.
    fn take(&self) -> Result<Lease<'_>> {
        let deadline = std::time::Instant::now() + POOL_WAIT;
        let mut pool = self.pool.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(session) = pool.idle.pop() {
                if !session.client.borrow().is_closed() {
                    return Ok(self.lease(session));
                }
                pool.open -= 1;
                continue;
            }
            if pool.open < MAX_CONNECTIONS {
                pool.open += 1;
                drop(pool);
                return match self.connect() {
                    Ok(session) => Ok(self.lease(session)),
                    Err(e) => {
                        self.forget_one();
                        Err(e)
                    }
                };
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return Err(Error::busy(1));
            }
            pool = self
                .returned
                .wait_timeout(pool, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn lease(&self, session: Session) -> Lease<'_> {
        session.failure.set(None);
        Lease {
            db: self,
            session: Some(session),
        }
    }

    /// Counts one connection less (closed, or never opened) and wakes a waiter, who may open
    /// one now.
    fn forget_one(&self) {
        self.pool
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .open -= 1;
        self.returned.notify_one();
    }

    /// `VACUUM outbox`: frees the space of the row versions that acknowledged mails left
    /// behind (their bodies), so it is reused soon rather than when autovacuum gets there.
    /// Best effort: the acknowledgment is committed whatever this does.
    pub(crate) fn vacuum_outbox(&self) -> Result<()> {
        if let Ok(lease) = self.take() {
            let _ = lease.session().batch("VACUUM outbox");
        }
        Ok(())
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

    /// Runs `f` in a `READ COMMITTED` transaction, again when it loses a race: for a work
    /// queue whose rows are claimed `FOR UPDATE SKIP LOCKED`, where `SERIALIZABLE` would have
    /// concurrent claimers abort each other rather than skip each other's rows.
    pub(crate) fn write_queue<T>(&self, mut f: impl FnMut(&Transaction) -> Result<T>) -> Result<T> {
        self.transaction("BEGIN ISOLATION LEVEL READ COMMITTED", &mut f, MAX_ATTEMPTS)
    }

    fn transaction<T>(
        &self,
        begin: &str,
        f: &mut dyn FnMut(&Transaction) -> Result<T>,
        attempts: u32,
    ) -> Result<T> {
        for attempt in 1..=attempts {
            let lease = self.take()?;
            let outcome = lease.session().run(begin, self.audit_retention, f);
            let failure = lease.session().failure.get();
            drop(lease);
            match (outcome, failure) {
                (Ok(value), _) => return Ok(value),
                (Err(_), Some(Failure::Race)) if attempt < attempts => {}
                // A key another transaction inserted: run once more to see it; a conflict
                // that persists is not a race.
                (Err(_), Some(Failure::Conflict)) if attempt < attempts.min(3) => {}
                (Err(_), Some(Failure::Race)) => return Err(Error::busy(1)),
                (Err(_), Some(Failure::Gone)) => return Err(unavailable()),
                (Err(_), Some(Failure::Conflict)) => {
                    return Err(Error::storage("Storage failure."));
                }
                (Err(e), _) => return Err(e),
            }
            std::thread::sleep(backoff(attempt));
        }
        unreachable!("the last attempt returns")
    }
}

/// A connection of the pool, lent to one transaction; dropping it gives it back (closed if it
/// is broken or was in the middle of something when its holder panicked).
struct Lease<'a> {
    db: &'a Postgres,
    session: Option<Session>,
}

impl Lease<'_> {
    fn session(&self) -> &Session {
        self.session.as_ref().expect("leased until dropped")
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        let Some(session) = self.session.take() else {
            return;
        };
        let usable = !std::thread::panicking()
            && !session.client.borrow().is_closed()
            && session.failure.get() != Some(Failure::Gone);
        if usable {
            let mut pool = self.db.pool.lock().unwrap_or_else(PoisonError::into_inner);
            pool.idle.push(session);
            drop(pool);
            self.db.returned.notify_one();
        } else {
            // Closing the connection rolls back whatever it had open.
            drop(session);
            self.db.forget_one();
        }
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
        let outcome = f(&tx).and_then(|value| {
            // A statement that failed aborted the transaction, even if `f` went on: PostgreSQL
            // would answer COMMIT with a rollback, and the caller must not hear "done".
            if self.failure.get().is_some() {
                return Err(Error::storage("Storage failure."));
            }
            self.batch("COMMIT").map(|()| value)
        });
        if outcome.is_err()
            && !self.client.borrow().is_closed()
            && self.client.borrow_mut().batch_execute("ROLLBACK").is_err()
        {
            // Not known to be out of the transaction: the lease closes the connection.
            self.failure.set(Some(Failure::Gone));
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
            Failure::Race | Failure::Conflict => Error::busy(1),
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
                || *c == SqlState::T_R_DEADLOCK_DETECTED =>
        {
            Failure::Race
        }
        // A unique key inserted by a concurrent transaction: run again, and the transaction
        // sees it (an "address taken" answer, not a 500).
        Some(c) if *c == SqlState::UNIQUE_VIOLATION => Failure::Conflict,
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
        // No SQLSTATE: an I/O error on the connection, or the client's own (a value that does
        // not fit its column, a bug): only the first means the connection is gone.
        None => {
            let io = std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>());
            if io { Failure::Gone } else { Failure::Other }
        }
    }
}
