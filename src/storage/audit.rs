//! SQL for the audit log.

use super::Transaction;
use super::sql::args;
use crate::host::clock::Millis;
use crate::model::UserId;
use crate::model::audit::{AuditEvent, Event};
use crate::wire::error::Result;

/// Appends an event, and deletes a few of the oldest ones if they are past the retention.
pub(crate) fn insert(
    tx: &Transaction,
    at: Millis,
    user_id: Option<UserId>,
    event: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (at, user_id, event) VALUES (?1, ?2, ?3)",
        args![at, user_id, event],
    )?;
    prune(tx, at - tx.audit_retention)
}

/// When `user_id`'s events of this kind happened, for those after `since`.
pub(crate) fn times_since(
    tx: &Transaction,
    user_id: UserId,
    event: Event,
    since: Millis,
) -> Result<Vec<Millis>> {
    tx.query(
        "SELECT at FROM audit_log WHERE user_id = ?1 AND event = ?2 AND at > ?3",
        args![user_id, event.as_str(), since],
        |r| r.get(0),
    )
}

/// Deletes up to a few of the oldest events if they happened before `before`: done with every
/// new event, it keeps the log within its retention without a sweep that grows with it
/// (each event written deletes up to four expired ones, so the log cannot outgrow it).
fn prune(tx: &Transaction, before: Millis) -> Result<()> {
    tx.execute(
        "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ?1 ORDER BY at LIMIT 4)",
        args![before],
    )?;
    Ok(())
}

/// Events newest first, skipping `offset`, at most `limit`, optionally of one user.
pub(crate) fn list(
    tx: &Transaction,
    user_id: Option<UserId>,
    offset: i64,
    limit: i64,
) -> Result<Vec<AuditEvent>> {
    let (sql, args) = match user_id {
        Some(user_id) => (
            "SELECT id, at, user_id, event FROM audit_log WHERE user_id = ?1 \
             ORDER BY id DESC LIMIT ?2 OFFSET ?3",
            args![user_id, limit, offset],
        ),
        None => (
            "SELECT id, at, user_id, event FROM audit_log ORDER BY id DESC LIMIT ?1 OFFSET ?2",
            args![limit, offset],
        ),
    };
    tx.query(sql, args, event_from_row)
}

/// Events with an id above `after`, oldest first, at most `limit`, optionally of one user:
/// pages that neither skip nor repeat an event while others are written.
pub(crate) fn after(
    tx: &Transaction,
    user_id: Option<UserId>,
    after: i64,
    limit: i64,
) -> Result<Vec<AuditEvent>> {
    match user_id {
        Some(user_id) => tx.query(
            "SELECT id, at, user_id, event FROM audit_log WHERE user_id = ?1 AND id > ?2 \
             ORDER BY id LIMIT ?3",
            args![user_id, after, limit],
            event_from_row,
        ),
        None => tx.query(
            "SELECT id, at, user_id, event FROM audit_log WHERE id > ?1 ORDER BY id LIMIT ?2",
            args![after, limit],
            event_from_row,
        ),
    }
}

fn event_from_row(r: &super::sql::Row<'_>) -> Result<AuditEvent> {
    Ok(AuditEvent {
        id: r.get(0)?,
        at: crate::host::clock::iso8601(r.get(1)?),
        user_id: r.get(2)?,
        event: r.get(3)?,
    })
}
