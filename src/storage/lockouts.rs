//! SQL for the counters of failed attempts and the lockouts they lead to.

use super::Transaction;
use super::sql::{Arg, args};
use crate::host::clock::Millis;
use crate::model::UserId;
use crate::wire::error::Result;

/// A counter of failed attempts, with the lockout it leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attempts<'a> {
    /// Wrong current passwords or emails in a user's password or email changes.
    Credential(UserId),
    /// Failed logins to an address (its email key), whether or not an account has it.
    Login(&'a str),
}

impl Attempts<'_> {
    /// The key the counter's rows carry.
    fn key(&self) -> Arg<'_> {
        match *self {
            Attempts::Credential(user_id) => user_id.into(),
            Attempts::Login(email_key) => email_key.into(),
        }
    }

    /// The statement for this counter: `credential`'s on the users' table of attempts,
    /// `login`'s on the addresses'.
    fn sql(&self, credential: &'static str, login: &'static str) -> &'static str {
        match self {
            Attempts::Credential(_) => credential,
            Attempts::Login(_) => login,
        }
    }
}

/// The end of the lockout of this counter, if one is in force at `now`.
pub(crate) fn locked_until(
    tx: &Transaction,
    attempts: Attempts<'_>,
    now: Millis,
) -> Result<Option<Millis>> {
    let sql = attempts.sql(
        "SELECT locked_until FROM lockouts WHERE user_id = ?1 AND kind = 'credential' AND locked_until > ?2",
        "SELECT locked_until FROM login_lockouts WHERE email_key = ?1 AND locked_until > ?2",
    );
    tx.query_opt(sql, args![attempts.key(), now], |r| r.get(0))
}

/// Records a failure at `now`; returns how many failures the counter has after `since`.
/// Failures from before `since` are forgotten, for every address at once in the case of
/// logins, so the table stays small whatever addresses are tried.
pub(crate) fn record_failure(
    tx: &Transaction,
    attempts: Attempts<'_>,
    now: Millis,
    since: Millis,
) -> Result<i64> {
    let key = attempts.key();
    let [insert, count] = match attempts {
        Attempts::Credential(_) => {
            tx.execute(
                "DELETE FROM failed_attempts WHERE user_id = ?1 AND kind = 'credential' AND at <= ?2",
                args![key, since],
            )?;
            [
                "INSERT INTO failed_attempts (user_id, kind, at) VALUES (?1, 'credential', ?2)",
                "SELECT count(*) FROM failed_attempts WHERE user_id = ?1 AND kind = 'credential'",
            ]
        }
        Attempts::Login(_) => {
            tx.execute("DELETE FROM login_failures WHERE at <= ?1", args![since])?;
            [
                "INSERT INTO login_failures (email_key, at) VALUES (?1, ?2)",
                "SELECT count(*) FROM login_failures WHERE email_key = ?1",
            ]
        }
    };
    tx.execute(insert, args![key, now])?;
    tx.query_value(count, args![key])
}

/// Locks the counter until `until` and resets it. Expired login lockouts of every address
/// are forgotten on the way.
pub(crate) fn lock(
    tx: &Transaction,
    attempts: Attempts<'_>,
    until: Millis,
    now: Millis,
) -> Result<()> {
    let sql = match attempts {
        Attempts::Credential(_) => {
            "INSERT INTO lockouts (user_id, kind, locked_until) VALUES (?1, 'credential', ?2) \
             ON CONFLICT (user_id, kind) DO UPDATE SET locked_until = excluded.locked_until"
        }
        Attempts::Login(_) => {
            tx.execute(
                "DELETE FROM login_lockouts WHERE locked_until <= ?1",
                args![now],
            )?;
            "INSERT INTO login_lockouts (email_key, locked_until) VALUES (?1, ?2) \
             ON CONFLICT (email_key) DO UPDATE SET locked_until = excluded.locked_until"
        }
    };
    tx.execute(sql, args![attempts.key(), until])?;
    clear_failures(tx, attempts)
}

/// Forgets the counter's failures.
pub(crate) fn clear_failures(tx: &Transaction, attempts: Attempts<'_>) -> Result<()> {
    delete(
        tx,
        attempts,
        "DELETE FROM failed_attempts WHERE user_id = ?1 AND kind = 'credential'",
        "DELETE FROM login_failures WHERE email_key = ?1",
    )
}

/// Lifts the counter's lockout.
pub(crate) fn unlock(tx: &Transaction, attempts: Attempts<'_>) -> Result<()> {
    delete(
        tx,
        attempts,
        "DELETE FROM lockouts WHERE user_id = ?1 AND kind = 'credential'",
        "DELETE FROM login_lockouts WHERE email_key = ?1",
    )
}

/// Runs the counter's statement of the two (one for a user's credential counter, one for an
/// address's login counter), bound to its key.
fn delete(
    tx: &Transaction,
    attempts: Attempts<'_>,
    credential: &'static str,
    login: &'static str,
) -> Result<()> {
    tx.execute(attempts.sql(credential, login), args![attempts.key()])?;
    Ok(())
}
