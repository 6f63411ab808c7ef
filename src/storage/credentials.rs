//! SQL for login sessions, API tokens, reset hashes and sessions, email confirmations, failed
//! attempts and lockouts. Every token is looked up and stored by its SHA-256 digest.

use super::Transaction;
use crate::host::clock::Millis;
use crate::wire::error::Result;
use rusqlite::{OptionalExtension, params};

/// A login session row.
pub(crate) struct SessionRow {
    pub id: i64,
    pub user_id: i64,
    pub created_at: Millis,
    pub last_seen_at: Millis,
}

/// Creates a login session.
pub(crate) fn insert_session(
    tx: &Transaction,
    user_id: i64,
    digest: &[u8],
    now: Millis,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO login_sessions (user_id, digest, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)",
    )?
    .execute(params![user_id, digest, now])?;
    Ok(tx.last_insert_rowid())
}

/// The login session with this digest.
pub(crate) fn session(tx: &Transaction, digest: &[u8]) -> Result<Option<SessionRow>> {
    Ok(tx
        .prepare_cached(
            "SELECT id, user_id, created_at, last_seen_at FROM login_sessions WHERE digest = ?1",
        )?
        .query_row([digest], |r| {
            Ok(SessionRow {
                id: r.get(0)?,
                user_id: r.get(1)?,
                created_at: r.get(2)?,
                last_seen_at: r.get(3)?,
            })
        })
        .optional()?)
}

/// Marks a session as used now.
pub(crate) fn touch_session(tx: &Transaction, id: i64, now: Millis) -> Result<()> {
    tx.prepare_cached("UPDATE login_sessions SET last_seen_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}

/// Ends one session.
pub(crate) fn delete_session(tx: &Transaction, id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM login_sessions WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Deletes the user's sessions that idled out (last used before `idle_before`) or ended
/// (created before `created_before`).
pub(crate) fn prune_sessions(
    tx: &Transaction,
    user_id: i64,
    idle_before: Millis,
    created_before: Millis,
) -> Result<()> {
    tx.prepare_cached(
        "DELETE FROM login_sessions WHERE user_id = ?1 AND (last_seen_at <= ?2 OR created_at <= ?3)",
    )?
    .execute(params![user_id, idle_before, created_before])?;
    Ok(())
}

/// Ends every session of the user except `keep`.
pub(crate) fn delete_sessions_of(tx: &Transaction, user_id: i64, keep: Option<i64>) -> Result<()> {
    tx.prepare_cached("DELETE FROM login_sessions WHERE user_id = ?1 AND id IS NOT ?2")?
        .execute(params![user_id, keep])?;
    Ok(())
}

/// An API token row.
pub(crate) struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub label: String,
    pub scope: String,
    pub created_at: Millis,
}

fn token_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TokenRow> {
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
    user_id: i64,
    digest: &[u8],
    label: &str,
    scope: &str,
    now: Millis,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO api_tokens (user_id, digest, label, scope, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![user_id, digest, label, scope, now])?;
    Ok(tx.last_insert_rowid())
}

/// The API token with this digest.
pub(crate) fn token(tx: &Transaction, digest: &[u8]) -> Result<Option<TokenRow>> {
    Ok(tx
        .prepare_cached(
            "SELECT id, user_id, label, scope, created_at FROM api_tokens WHERE digest = ?1",
        )?
        .query_row([digest], token_from_row)
        .optional()?)
}

/// The user's API tokens, newest first.
pub(crate) fn tokens_of(tx: &Transaction, user_id: i64) -> Result<Vec<TokenRow>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, user_id, label, scope, created_at FROM api_tokens WHERE user_id = ?1 ORDER BY id DESC",
    )?;
    super::rows(&mut stmt, [user_id], token_from_row)
}

/// Deletes one of the user's tokens. False when the user has no such token.
pub(crate) fn delete_token(tx: &Transaction, user_id: i64, id: i64) -> Result<bool> {
    Ok(tx
        .prepare_cached("DELETE FROM api_tokens WHERE id = ?1 AND user_id = ?2")?
        .execute(params![id, user_id])?
        > 0)
}

/// Revokes every API token of the user; returns how many there were.
pub(crate) fn delete_tokens_of(tx: &Transaction, user_id: i64) -> Result<usize> {
    Ok(tx
        .prepare_cached("DELETE FROM api_tokens WHERE user_id = ?1")?
        .execute([user_id])?)
}

/// The two kinds of short-lived reset credentials.
#[derive(Clone, Copy)]
pub(crate) enum ResetTable {
    /// Mailed reset hashes.
    Hash,
    /// Reset sessions opened from a hash.
    Session,
}

impl ResetTable {
    fn name(self) -> &'static str {
        match self {
            ResetTable::Hash => "reset_hashes",
            ResetTable::Session => "reset_sessions",
        }
    }
}

/// Stores a reset hash or session digest.
pub(crate) fn insert_reset(
    tx: &Transaction,
    table: ResetTable,
    user_id: i64,
    digest: &[u8],
    expires_at: Millis,
) -> Result<()> {
    tx.prepare_cached(&format!(
        "INSERT INTO {} (user_id, digest, expires_at) VALUES (?1, ?2, ?3)",
        table.name()
    ))?
    .execute(params![user_id, digest, expires_at])?;
    Ok(())
}

/// Deletes the row with this digest and returns its (user, expiry), if there was one.
pub(crate) fn take_reset(
    tx: &Transaction,
    table: ResetTable,
    digest: &[u8],
) -> Result<Option<(i64, Millis)>> {
    Ok(tx
        .prepare_cached(&format!(
            "DELETE FROM {} WHERE digest = ?1 RETURNING user_id, expires_at",
            table.name()
        ))?
        .query_row([digest], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The (user, expiry) of the row with this digest, leaving it in place.
pub(crate) fn peek_reset(
    tx: &Transaction,
    table: ResetTable,
    digest: &[u8],
) -> Result<Option<(i64, Millis)>> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT user_id, expires_at FROM {} WHERE digest = ?1",
            table.name()
        ))?
        .query_row([digest], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Voids every reset hash and reset session of the user, and the demands still waiting to be
/// mailed (they would make new hashes).
pub(crate) fn void_resets(tx: &Transaction, user_id: i64) -> Result<()> {
    for table in [ResetTable::Hash, ResetTable::Session] {
        tx.prepare_cached(&format!("DELETE FROM {} WHERE user_id = ?1", table.name()))?
            .execute([user_id])?;
    }
    tx.prepare_cached("UPDATE reset_demands SET user_id = NULL, link = NULL WHERE user_id = ?1")?
        .execute([user_id])?;
    Ok(())
}

/// Voids only the user's reset hashes (a newer demand replaces them).
pub(crate) fn void_reset_hashes(tx: &Transaction, user_id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM reset_hashes WHERE user_id = ?1")?
        .execute([user_id])?;
    Ok(())
}

/// Forgets every address's recorded reset demands from before `since` (so the table stays
/// small whatever addresses are tried) and returns how many this address has left.
pub(crate) fn recent_demands(tx: &Transaction, email_key: &str, since: Millis) -> Result<i64> {
    tx.prepare_cached("DELETE FROM reset_demands WHERE at <= ?1")?
        .execute([since])?;
    Ok(tx
        .prepare_cached("SELECT count(*) FROM reset_demands WHERE email_key = ?1 AND mailed")?
        .query_row([email_key], |r| r.get(0))?)
}

/// Records a reset demand of an address at `now`. `mail_to` is the user to mail a link to
/// (later, see [`take_demands_to_mail`]); only such demands count toward the limit. `link` is
/// the reset link template with the base URL filled in. One statement for every demand, so a
/// known and an unknown address write the same.
pub(crate) fn record_demand(
    tx: &Transaction,
    email_key: &str,
    now: Millis,
    mail_to: Option<i64>,
    link: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO reset_demands (email_key, at, mailed, user_id, link) VALUES (?1, ?2, ?3 IS NOT NULL, ?3, ?4)",
    )?
    .execute(params![email_key, now, mail_to, link])?;
    Ok(())
}

/// Whether any demand waits to be mailed.
pub(crate) fn any_demand_to_mail(tx: &Transaction) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM reset_demands WHERE user_id IS NOT NULL)")?
        .query_row([], |r| r.get(0))?)
}

/// A reset demand waiting for its mail.
pub(crate) struct DemandToMail {
    /// The user to mail.
    pub user_id: i64,
    /// When the demand was made.
    pub at: Millis,
    /// The demand's link template, `{hash}` still in it.
    pub link: String,
}

/// The demands waiting to be mailed, oldest first; they are no longer waiting afterwards (and
/// keep no link template: nothing shaped like a reset link stays behind a delivered mail).
pub(crate) fn take_demands_to_mail(tx: &Transaction) -> Result<Vec<DemandToMail>> {
    let mut stmt = tx.prepare_cached(
        "SELECT user_id, at, link FROM reset_demands WHERE user_id IS NOT NULL ORDER BY at, rowid",
    )?;
    let waiting = super::rows(&mut stmt, [], |r| {
        Ok(DemandToMail {
            user_id: r.get(0)?,
            at: r.get(1)?,
            link: r.get(2)?,
        })
    })?;
    if !waiting.is_empty() {
        tx.prepare_cached(
            "UPDATE reset_demands SET user_id = NULL, link = NULL WHERE user_id IS NOT NULL",
        )?
        .execute([])?;
    }
    Ok(waiting)
}

/// Stores a pending email change.
pub(crate) fn insert_email_change(
    tx: &Transaction,
    user_id: i64,
    new_email: &str,
    digest: &[u8],
    expires_at: Millis,
) -> Result<()> {
    tx.prepare_cached("DELETE FROM email_changes WHERE user_id = ?1")?
        .execute([user_id])?;
    tx.prepare_cached("INSERT INTO email_changes (user_id, new_email, digest, expires_at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![user_id, new_email, digest, expires_at])?;
    Ok(())
}

/// Voids the user's pending email change, if any (its confirmation link stops working).
pub(crate) fn void_email_changes(tx: &Transaction, user_id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM email_changes WHERE user_id = ?1")?
        .execute([user_id])?;
    Ok(())
}

/// Deletes the pending change with this digest and returns (user, new email, expiry).
pub(crate) fn take_email_change(
    tx: &Transaction,
    digest: &[u8],
) -> Result<Option<(i64, String, Millis)>> {
    Ok(tx
        .prepare_cached(
            "DELETE FROM email_changes WHERE digest = ?1 RETURNING user_id, new_email, expires_at",
        )?
        .query_row([digest], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// A counter of failed attempts, with the lockout it leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attempts<'a> {
    /// Wrong current passwords or emails in a user's password or email changes.
    Credential(i64),
    /// Failed logins to an address (its email key), whether or not an account has it.
    Login(&'a str),
}

impl Attempts<'_> {
    /// The key the counter's rows carry.
    fn key(&self) -> &dyn rusqlite::ToSql {
        match self {
            Attempts::Credential(user_id) => user_id,
            Attempts::Login(email_key) => email_key,
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
    Ok(tx
        .prepare_cached(sql)?
        .query_row(params![attempts.key(), now], |r| r.get(0))
        .optional()?)
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
            tx.prepare_cached(
                "DELETE FROM failed_attempts WHERE user_id = ?1 AND kind = 'credential' AND at <= ?2",
            )?
            .execute(params![key, since])?;
            [
                "INSERT INTO failed_attempts (user_id, kind, at) VALUES (?1, 'credential', ?2)",
                "SELECT count(*) FROM failed_attempts WHERE user_id = ?1 AND kind = 'credential'",
            ]
        }
        Attempts::Login(_) => {
            tx.prepare_cached("DELETE FROM login_failures WHERE at <= ?1")?
                .execute([since])?;
            [
                "INSERT INTO login_failures (email_key, at) VALUES (?1, ?2)",
                "SELECT count(*) FROM login_failures WHERE email_key = ?1",
            ]
        }
    };
    tx.prepare_cached(insert)?.execute(params![key, now])?;
    Ok(tx.prepare_cached(count)?.query_row([key], |r| r.get(0))?)
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
            tx.prepare_cached("DELETE FROM login_lockouts WHERE locked_until <= ?1")?
                .execute([now])?;
            "INSERT INTO login_lockouts (email_key, locked_until) VALUES (?1, ?2) \
             ON CONFLICT (email_key) DO UPDATE SET locked_until = excluded.locked_until"
        }
    };
    tx.prepare_cached(sql)?
        .execute(params![attempts.key(), until])?;
    clear_failures(tx, attempts)
}

/// Forgets the counter's failures.
pub(crate) fn clear_failures(tx: &Transaction, attempts: Attempts<'_>) -> Result<()> {
    let sql = attempts.sql(
        "DELETE FROM failed_attempts WHERE user_id = ?1 AND kind = 'credential'",
        "DELETE FROM login_failures WHERE email_key = ?1",
    );
    tx.prepare_cached(sql)?.execute([attempts.key()])?;
    Ok(())
}

/// Lifts the counter's lockout.
pub(crate) fn unlock(tx: &Transaction, attempts: Attempts<'_>) -> Result<()> {
    let sql = attempts.sql(
        "DELETE FROM lockouts WHERE user_id = ?1 AND kind = 'credential'",
        "DELETE FROM login_lockouts WHERE email_key = ?1",
    );
    tx.prepare_cached(sql)?.execute([attempts.key()])?;
    Ok(())
}
