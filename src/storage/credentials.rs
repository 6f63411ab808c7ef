//! SQL for login sessions and API tokens, looked up and stored by their SHA-256 digests.

use super::Transaction;
use super::sql::{Row, args};
use crate::host::clock::Millis;
use crate::model::UserId;
use crate::wire::error::Result;

/// A login session row.
pub(crate) struct SessionRow {
    pub id: i64,
    pub user_id: UserId,
    pub created_at: Millis,
    pub last_seen_at: Millis,
}

/// Creates a login session.
pub(crate) fn insert_session(
    tx: &Transaction,
    user_id: UserId,
    digest: &[u8],
    now: Millis,
) -> Result<i64> {
    tx.query_value(
        "INSERT INTO login_sessions (user_id, digest, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3) \
         RETURNING id",
        args![user_id, digest, now],
    )
}

/// The login session with this digest.
pub(crate) fn session(tx: &Transaction, digest: &[u8]) -> Result<Option<SessionRow>> {
    tx.query_opt(
        "SELECT id, user_id, created_at, last_seen_at FROM login_sessions WHERE digest = ?1",
        args![digest],
        |r| {
            Ok(SessionRow {
                id: r.get(0)?,
                user_id: r.get(1)?,
                created_at: r.get(2)?,
                last_seen_at: r.get(3)?,
            })
        },
    )
}

/// Marks a session as used now.
pub(crate) fn touch_session(tx: &Transaction, id: i64, now: Millis) -> Result<()> {
    tx.execute(
        "UPDATE login_sessions SET last_seen_at = ?2 WHERE id = ?1",
        args![id, now],
    )?;
    Ok(())
}

/// Ends one session.
pub(crate) fn delete_session(tx: &Transaction, id: i64) -> Result<()> {
    tx.execute("DELETE FROM login_sessions WHERE id = ?1", args![id])?;
    Ok(())
}

/// Deletes the user's sessions that idled out (last used before `idle_before`) or ended
/// (created before `created_before`).
pub(crate) fn prune_sessions(
    tx: &Transaction,
    user_id: UserId,
    idle_before: Millis,
    created_before: Millis,
) -> Result<()> {
    tx.execute(
        "DELETE FROM login_sessions WHERE user_id = ?1 AND (last_seen_at <= ?2 OR created_at <= ?3)",
        args![user_id, idle_before, created_before],
    )?;
    Ok(())
}

/// Ends every session of the user except `keep`; returns how many ended.
pub(crate) fn delete_sessions_of(
    tx: &Transaction,
    user_id: UserId,
    keep: Option<i64>,
) -> Result<usize> {
    tx.execute(
        "DELETE FROM login_sessions WHERE user_id = ?1 AND id IS DISTINCT FROM ?2",
        args![user_id, keep],
    )
}

/// An API token row.
pub(crate) struct TokenRow {
    pub id: i64,
    pub user_id: UserId,
    pub label: String,
    pub scope: String,
    pub created_at: Millis,
}

fn token_from_row(r: &Row<'_>) -> Result<TokenRow> {
    Ok(TokenRow {
        id: r.get(0)?,
        user_id: r.get(1)?,
        label: r.get(2)?,
        scope: r.get(3)?,
        created_at: r.get(4)?,
    })
}

/// Stores a new API token.
pub(crate) fn insert_token(
    tx: &Transaction,
    user_id: UserId,
    digest: &[u8],
    label: &str,
    scope: &str,
    now: Millis,
) -> Result<i64> {
    tx.query_value(
        "INSERT INTO api_tokens (user_id, digest, label, scope, created_at) VALUES (?1, ?2, ?3, ?4, ?5) \
         RETURNING id",
        args![user_id, digest, label, scope, now],
    )
}

/// The API token with this digest.
pub(crate) fn token(tx: &Transaction, digest: &[u8]) -> Result<Option<TokenRow>> {
    tx.query_opt(
        "SELECT id, user_id, label, scope, created_at FROM api_tokens WHERE digest = ?1",
        args![digest],
        token_from_row,
    )
}

/// The user's API tokens, newest first.
pub(crate) fn tokens_of(tx: &Transaction, user_id: UserId) -> Result<Vec<TokenRow>> {
    tx.query(
        "SELECT id, user_id, label, scope, created_at FROM api_tokens WHERE user_id = ?1 ORDER BY id DESC",
        args![user_id],
        token_from_row,
    )
}

/// Deletes one of the user's tokens. False when the user has no such token.
pub(crate) fn delete_token(tx: &Transaction, user_id: UserId, id: i64) -> Result<bool> {
    Ok(tx.execute(
        "DELETE FROM api_tokens WHERE id = ?1 AND user_id = ?2",
        args![id, user_id],
    )? > 0)
}

/// Revokes every API token of the user; returns how many there were.
pub(crate) fn delete_tokens_of(tx: &Transaction, user_id: UserId) -> Result<usize> {
    tx.execute("DELETE FROM api_tokens WHERE user_id = ?1", args![user_id])
}

/// When the user's newest token was made.
pub(crate) fn latest_token_time(tx: &Transaction, user_id: UserId) -> Result<Option<Millis>> {
    tx.query_value(
        "SELECT MAX(created_at) FROM api_tokens WHERE user_id = ?1",
        args![user_id],
    )
}
