//! SQL for the mail outbox.

use super::Transaction;
use super::sql::args;
use crate::host::clock::{Millis, iso8601};
use crate::model::UserId;
use crate::model::mail::Mail;
use crate::wire::error::Result;

/// A mail to queue.
pub(crate) struct NewMail<'a> {
    /// The account the mail is about.
    pub user_id: UserId,
    pub kind: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// Queues a mail, due at once.
pub(crate) fn insert(tx: &Transaction, mail: &NewMail<'_>, now: Millis) -> Result<i64> {
    tx.query_value(
        "INSERT INTO outbox (user_id, kind, recipient, subject, body, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        args![
            mail.user_id,
            mail.kind,
            mail.recipient,
            mail.subject,
            mail.body,
            now
        ],
    )
}

/// The columns [`mail`] reads, in its order.
const MAIL_COLUMNS: &str = "id, kind, recipient, subject, body, created_at, acknowledged_at";

/// A mail from a row of [`MAIL_COLUMNS`].
fn mail(r: &super::sql::Row<'_>) -> Result<Mail> {
    Ok(Mail {
        id: r.get(0)?,
        kind: r.get(1)?,
        to: r.get(2)?,
        subject: r.get(3)?,
        body: r.get(4)?,
        created_at: iso8601(r.get(5)?),
        acknowledged_at: r.get::<Option<Millis>>(6)?.map(iso8601),
    })
}

/// Mails after id `after`, oldest first; only unacknowledged ones unless `all`.
pub(crate) fn list(tx: &Transaction, all: bool, after: i64, limit: i64) -> Result<Vec<Mail>> {
    tx.query(
        &format!(
            "SELECT {MAIL_COLUMNS} FROM outbox \
             WHERE id > ?1 AND (?2 OR acknowledged_at IS NULL) ORDER BY id LIMIT ?3"
        ),
        args![after, all, limit],
        mail,
    )
}

/// Claims up to `limit` pending mails due at `now`, oldest first, for a delivery attempt: each
/// counts the attempt and is not due again before `lease_until`. On PostgreSQL the rows are
/// locked `SKIP LOCKED`, so couriers of several servers claim different mails rather than
/// wait for each other. Returns each mail with the number of its attempt (1 for the first).
pub(crate) fn claim(
    tx: &Transaction,
    now: Millis,
    lease_until: Millis,
    limit: i64,
) -> Result<Vec<(Mail, i64)>> {
    let lock = tx.dialect().pick("", " FOR UPDATE SKIP LOCKED");
    let due = tx.query(
        &format!(
            "SELECT {MAIL_COLUMNS}, attempts FROM outbox \
             WHERE acknowledged_at IS NULL AND next_attempt_at <= ?1 \
             ORDER BY next_attempt_at, id LIMIT ?2{lock}"
        ),
        args![now, limit],
        |r| Ok((mail(r)?, r.get::<i64>(7)? + 1)),
    )?;
    for (mail, _) in &due {
        tx.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2 WHERE id = ?1",
            args![mail.id, lease_until],
        )?;
    }
    Ok(due)
}

/// Makes a pending mail due again at `at`, if `attempt` is still its latest attempt. False
/// when there is no such pending mail at that attempt.
pub(crate) fn defer(tx: &Transaction, id: i64, attempt: i64, at: Millis) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE outbox SET next_attempt_at = ?3 \
         WHERE id = ?1 AND attempts = ?2 AND acknowledged_at IS NULL",
        args![id, attempt, at],
    )? > 0)
}

/// How many mails wait for delivery.
pub(crate) fn pending(tx: &Transaction) -> Result<i64> {
    tx.query_value(
        "SELECT count(*) FROM outbox WHERE acknowledged_at IS NULL",
        args![],
    )
}

/// Marks a mail delivered and erases its body. False when there is no such pending mail.
pub(crate) fn acknowledge(tx: &Transaction, id: i64, now: Millis) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE outbox SET body = NULL, acknowledged_at = ?2 WHERE id = ?1 AND acknowledged_at IS NULL",
        args![id, now],
    )? > 0)
}

/// Deletes every mail about account `user_id` or to `recipient` (compared case-insensitively),
/// sent or not: a deleted account's reset links and notices go nowhere, and none of its
/// addresses, former ones included, stays.
pub(crate) fn forget(tx: &Transaction, user_id: UserId, recipient: &str) -> Result<usize> {
    tx.execute(
        "DELETE FROM outbox WHERE user_id = ?1 OR lower(recipient) = lower(?2)",
        args![user_id, recipient],
    )
}
