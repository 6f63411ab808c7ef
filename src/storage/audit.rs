//! SQL for the audit log.

use super::Transaction;
use crate::audit::AuditEvent;
use crate::clock::Millis;
use crate::error::Result;
use rusqlite::params;

/// Appends an event.
pub(crate) fn insert(
    tx: &Transaction,
    at: Millis,
    user_id: Option<i64>,
    event: &str,
) -> Result<()> {
    tx.prepare_cached("INSERT INTO audit_log (at, user_id, event) VALUES (?1, ?2, ?3)")?
        .execute(params![at, user_id, event])?;
    Ok(())
}

/// Events newest first, skipping `offset`, at most `limit`, optionally of one user.
pub(crate) fn list(
    tx: &Transaction,
    user_id: Option<i64>,
    offset: i64,
    limit: i64,
) -> Result<Vec<AuditEvent>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, at, user_id, event FROM audit_log WHERE (?1 IS NULL OR user_id = ?1) \
         ORDER BY id DESC LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt.query_map(params![user_id, limit, offset], |r| {
        Ok(AuditEvent {
            id: r.get(0)?,
            at: crate::clock::iso8601(r.get(1)?),
            user_id: r.get(2)?,
            event: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
