//! SQL for the mail outbox.

use super::Transaction;
use super::sql::args;
use crate::host::clock::Millis;
use crate::model::mail::Mail;
use crate::wire::error::Result;

/// Queues a mail.
pub(crate) fn insert(
    tx: &Transaction,
    kind: &str,
    recipient: &str,
    subject: &str,
    body: &str,
    now: Millis,
) -> Result<i64> {
    tx.query_value(
        "INSERT INTO outbox (kind, recipient, subject, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5) \
         RETURNING id",
        args![kind, recipient, subject, body, now],
    )
}

/// Mails after id `after`, oldest first; only unacknowledged ones unless `all`.
pub(crate) fn list(tx: &Transaction, all: bool, after: i64, limit: i64) -> Result<Vec<Mail>> {
    tx.query(
        "SELECT id, kind, recipient, subject, body, created_at, acknowledged_at FROM outbox \
         WHERE id > ?1 AND (?2 OR acknowledged_at IS NULL) ORDER BY id LIMIT ?3",
        args![after, all, limit],
        |r| {
            Ok(Mail {
                id: r.get(0)?,
                kind: r.get(1)?,
                to: r.get(2)?,
                subject: r.get(3)?,
                body: r.get(4)?,
                created_at: crate::host::clock::iso8601(r.get(5)?),
                acknowledged_at: r.get::<Option<Millis>>(6)?.map(crate::host::clock::iso8601),
            })
        },
    )
}

/// Marks a mail delivered and erases its body. False when there is no such pending mail.
pub(crate) fn acknowledge(tx: &Transaction, id: i64, now: Millis) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE outbox SET body = NULL, acknowledged_at = ?2 WHERE id = ?1 AND acknowledged_at IS NULL",
        args![id, now],
    )? > 0)
}

/// Deletes every mail to `recipient` (compared case-insensitively), sent or not: a deleted
/// account's reset links and notices go nowhere, and its address stays nowhere.
pub(crate) fn forget_recipient(tx: &Transaction, recipient: &str) -> Result<usize> {
    tx.execute(
        "DELETE FROM outbox WHERE lower(recipient) = lower(?1)",
        args![recipient],
    )
}
