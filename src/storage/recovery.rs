//! SQL for the reset hashes and reset sessions, the reset demands still to mail, and the
//! pending email confirmations. Every token is looked up and stored by its SHA-256 digest.

use super::Transaction;
use super::sql::args;
use crate::host::clock::Millis;
use crate::model::UserId;
use crate::wire::error::Result;

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
    user_id: UserId,
    digest: &[u8],
    expires_at: Millis,
) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO {} (user_id, digest, expires_at) VALUES (?1, ?2, ?3)",
            table.name()
        ),
        args![user_id, digest, expires_at],
    )?;
    Ok(())
}

/// The user and expiry of a reset hash or session, if its row exists.
pub(crate) type ResetRow = Option<(UserId, Millis)>;

/// Deletes the row with this digest and returns it, if there was one.
pub(crate) fn take_reset(tx: &Transaction, table: ResetTable, digest: &[u8]) -> Result<ResetRow> {
    let sql = "DELETE FROM {} WHERE digest = ?1 RETURNING user_id, expires_at";
    reset_row(tx, &sql.replace("{}", table.name()), digest)
}

/// The row with this digest, left in place.
pub(crate) fn peek_reset(tx: &Transaction, table: ResetTable, digest: &[u8]) -> Result<ResetRow> {
    let sql = "SELECT user_id, expires_at FROM {} WHERE digest = ?1";
    reset_row(tx, &sql.replace("{}", table.name()), digest)
}

/// The row that `sql` gives for `digest`, if any.
fn reset_row(tx: &Transaction, sql: &str, digest: &[u8]) -> Result<ResetRow> {
    tx.query_opt(sql, args![digest], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// Voids every reset hash and reset session of the user, and the demands still waiting to be
/// mailed (they would make new hashes).
pub(crate) fn void_resets(tx: &Transaction, user_id: UserId) -> Result<()> {
    for table in [ResetTable::Hash, ResetTable::Session] {
        tx.execute(
            &format!("DELETE FROM {} WHERE user_id = ?1", table.name()),
            args![user_id],
        )?;
    }
    tx.execute(
        "UPDATE reset_demands SET user_id = NULL, link = NULL WHERE user_id = ?1",
        args![user_id],
    )?;
    Ok(())
}

/// Voids only the user's reset hashes (a newer demand replaces them).
pub(crate) fn void_reset_hashes(tx: &Transaction, user_id: UserId) -> Result<()> {
    tx.execute(
        "DELETE FROM reset_hashes WHERE user_id = ?1",
        args![user_id],
    )?;
    Ok(())
}

/// Forgets every address's recorded reset demands from before `since` (so the table stays
/// small whatever addresses are tried) and returns how many this address has left.
pub(crate) fn recent_demands(tx: &Transaction, email_key: &str, since: Millis) -> Result<i64> {
    tx.execute("DELETE FROM reset_demands WHERE at <= ?1", args![since])?;
    tx.query_value(
        "SELECT count(*) FROM reset_demands WHERE email_key = ?1 AND mailed",
        args![email_key],
    )
}

/// Records a reset demand of an address at `now`. `mail_to` is the user to mail a link to
/// (later, see [`take_demands_to_mail`]); only such demands count toward the limit. `link` is
/// the reset link template with the base URL filled in. One statement for every demand, so a
/// known and an unknown address write the same.
pub(crate) fn record_demand(
    tx: &Transaction,
    email_key: &str,
    now: Millis,
    mail_to: Option<UserId>,
    link: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO reset_demands (email_key, at, mailed, user_id, link) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![email_key, now, mail_to.is_some(), mail_to, link],
    )?;
    Ok(())
}

/// Whether any demand waits to be mailed.
pub(crate) fn any_demand_to_mail(tx: &Transaction) -> Result<bool> {
    tx.query_value(
        "SELECT EXISTS (SELECT 1 FROM reset_demands WHERE user_id IS NOT NULL)",
        args![],
    )
}

/// A reset demand waiting for its mail.
pub(crate) struct DemandToMail {
    /// The user to mail.
    pub user_id: UserId,
    /// When the demand was made.
    pub at: Millis,
    /// The demand's link template, `{hash}` still in it.
    pub link: String,
}

/// The demands waiting to be mailed, oldest first; they are no longer waiting afterwards (and
/// keep no link template: nothing shaped like a reset link stays behind a delivered mail).
pub(crate) fn take_demands_to_mail(tx: &Transaction) -> Result<Vec<DemandToMail>> {
    // In the order they were made: SQLite's rowid, PostgreSQL's identity column.
    let sql = tx.dialect().pick(
        "SELECT user_id, at, link FROM reset_demands WHERE user_id IS NOT NULL ORDER BY at, rowid",
        "SELECT user_id, at, link FROM reset_demands WHERE user_id IS NOT NULL ORDER BY at, id",
    );
    let waiting = tx.query(sql, args![], |r| {
        Ok(DemandToMail {
            user_id: r.get(0)?,
            at: r.get(1)?,
            link: r.get(2)?,
        })
    })?;
    if !waiting.is_empty() {
        tx.execute(
            "UPDATE reset_demands SET user_id = NULL, link = NULL WHERE user_id IS NOT NULL",
            args![],
        )?;
    }
    Ok(waiting)
}

/// Stores a pending email change.
pub(crate) fn insert_email_change(
    tx: &Transaction,
    user_id: UserId,
    new_email: &str,
    digest: &[u8],
    expires_at: Millis,
) -> Result<()> {
    void_email_changes(tx, user_id)?;
    tx.execute(
        "INSERT INTO email_changes (user_id, new_email, digest, expires_at) VALUES (?1, ?2, ?3, ?4)",
        args![user_id, new_email, digest, expires_at],
    )?;
    Ok(())
}

/// Voids the user's pending email change, if any (its confirmation link stops working).
pub(crate) fn void_email_changes(tx: &Transaction, user_id: UserId) -> Result<()> {
    tx.execute(
        "DELETE FROM email_changes WHERE user_id = ?1",
        args![user_id],
    )?;
    Ok(())
}

/// Deletes the pending change with this digest and returns (user, new email, expiry).
pub(crate) fn take_email_change(
    tx: &Transaction,
    digest: &[u8],
) -> Result<Option<(UserId, String, Millis)>> {
    tx.query_opt(
        "DELETE FROM email_changes WHERE digest = ?1 RETURNING user_id, new_email, expires_at",
        args![digest],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Forgets every reset demand recorded for an address.
pub(crate) fn forget_demands(tx: &Transaction, email_key: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM reset_demands WHERE email_key = ?1",
        args![email_key],
    )?;
    Ok(())
}

/// The addresses the user asked to change to, awaiting confirmation.
pub(crate) fn pending_new_emails(tx: &Transaction, user_id: UserId) -> Result<Vec<String>> {
    tx.query(
        "SELECT new_email FROM email_changes WHERE user_id = ?1",
        args![user_id],
        |r| r.get(0),
    )
}
