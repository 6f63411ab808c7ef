//! Failed-attempt counting and lockouts (SPEC section 4): 5 wrong current passwords of a user
//! within 15 minutes lock its password and email changes, 10 failed logins to an address lock
//! logins to that address, each for 15 minutes. The thresholds may be lowered
//! ([`Lockout`]).
//!
//! Every lock is checked twice: before the expensive password check, and again inside the
//! transaction that writes the outcome, so attempts made in parallel cannot slip past the
//! threshold (check-then-act).

use crate::config::Lockout;
use crate::host::clock::Millis;
use crate::model::UserId;
use crate::ops::audit::{self, Event};
use crate::storage::Transaction;
use crate::storage::lockouts::{self, Attempts};
use crate::wire::error::{Error, Result};

/// Failures are counted over this window, and a lockout lasts as long: 15 minutes.
pub(crate) const WINDOW: Millis = 15 * 60 * 1000;

/// How many failures within [`WINDOW`] lock this counter.
fn threshold(attempts: Attempts<'_>, lockout: &Lockout) -> i64 {
    i64::from(match attempts {
        Attempts::Credential(_) => lockout.credential_failures,
        Attempts::Login(_) => lockout.login_failures,
    })
}

fn locked_error(until: Millis, now: Millis) -> Error {
    Error::too_many_attempts(((until - now) as u64).div_ceil(1000))
}

/// `IM011` while the counter is locked.
pub(crate) fn ensure_unlocked(tx: &Transaction, attempts: Attempts<'_>, now: Millis) -> Result<()> {
    match lockouts::locked_until(tx, attempts, now)? {
        Some(until) => Err(locked_error(until, now)),
        None => Ok(()),
    }
}

/// Records a failure (with an audit event about `user_id`, when an account is concerned) and
/// returns the error to answer: `IM102`, or `IM011` when the counter is locked, by this
/// failure or by one written since the lock was first checked. A failure against a lock
/// already in force is not counted again, so it cannot restart the count.
pub(crate) fn fail(
    tx: &Transaction,
    (attempts, lockout): (Attempts<'_>, &Lockout),
    user_id: Option<UserId>,
    now: Millis,
    event: Event,
) -> Result<Error> {
    audit::record(tx, now, user_id, event)?;
    if let Some(until) = lockouts::locked_until(tx, attempts, now)? {
        return Ok(locked_error(until, now));
    }
    let count = lockouts::record_failure(tx, attempts, now, now - WINDOW)?;
    if count >= threshold(attempts, lockout) {
        lockouts::lock(tx, attempts, now + WINDOW, now)?;
        audit::record(tx, now, user_id, Event::LockedOut)?;
        return Ok(locked_error(now + WINDOW, now));
    }
    Ok(Error::invalid_credentials())
}
