//! Failed-attempt counting and lockouts (SPEC section 4).

use crate::audit::{self, Event};
use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::storage::Transaction;
use crate::storage::credentials::{self, AttemptKind};

/// Failures are counted over this window, and a lockout lasts as long: 15 minutes.
pub(crate) const WINDOW: Millis = 15 * 60 * 1000;

/// How many failures within [`WINDOW`] lock this kind of attempt.
fn threshold(kind: AttemptKind) -> i64 {
    match kind {
        AttemptKind::Credential => 5,
        AttemptKind::Login => 10,
    }
}

fn locked_error(until: Millis, now: Millis) -> Error {
    Error::too_many_attempts(((until - now) as u64).div_ceil(1000))
}

/// `IM011` while the user is locked out of this kind of attempt.
pub(crate) fn ensure_unlocked(
    tx: &Transaction,
    user_id: i64,
    kind: AttemptKind,
    now: Millis,
) -> Result<()> {
    match credentials::locked_until(tx, user_id, kind, now)? {
        Some(until) => Err(locked_error(until, now)),
        None => Ok(()),
    }
}

/// Records a failure and returns the error to answer: `IM102`, or `IM011` when this failure
/// reached the threshold and locked the user out.
pub(crate) fn fail(
    tx: &Transaction,
    user_id: i64,
    kind: AttemptKind,
    now: Millis,
    event: Event,
) -> Result<Error> {
    audit::record(tx, now, Some(user_id), event)?;
    let count = credentials::record_failure(tx, user_id, kind, now, now - WINDOW)?;
    if count >= threshold(kind) {
        credentials::lock(tx, user_id, kind, now + WINDOW)?;
        audit::record(tx, now, Some(user_id), Event::LockedOut)?;
        return Ok(locked_error(now + WINDOW, now));
    }
    Ok(Error::invalid_credentials())
}
