//! The durable mail outbox (SPEC section 5). The store sends nothing itself: the host reads
//! pending mail, delivers it, and acknowledges it, which erases the body.

use crate::Store;
use crate::host::clock::Millis;
use crate::storage::{Transaction, recovery};
use crate::wire::error::{Error, Result};

pub use crate::model::mail::Mail;

/// Which mail to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxQuery {
    /// Include acknowledged mail (without bodies).
    pub all: bool,
    /// Only mail with an id above this.
    pub after: i64,
    /// At most this many (1 to 10,000).
    pub limit: i64,
}

impl Default for OutboxQuery {
    fn default() -> Self {
        OutboxQuery {
            all: false,
            after: 0,
            limit: 100,
        }
    }
}

impl Store {
    /// Mail in the outbox, oldest first. Host-only.
    ///
    /// Reset links demanded since the last read are written first (see
    /// [`Store::demand_password_reset`]): only then is this a write.
    pub fn outbox(&self, q: OutboxQuery) -> Result<Vec<Mail>> {
        let list = |tx: &Transaction| {
            crate::storage::outbox::list(tx, q.all, q.after.max(0), q.limit.clamp(1, 10_000))
        };
        let read = self.db.read(|tx| {
            if recovery::any_demand_to_mail(tx)? {
                Ok(None)
            } else {
                list(tx).map(Some)
            }
        })?;
        match read {
            Some(mails) => Ok(mails),
            None => {
                let now = self.now();
                self.db.write(|tx| {
                    self.mail_demanded_links(tx, now)?;
                    list(tx)
                })
            }
        }
    }

    /// Marks a mail delivered and erases its body. Host-only.
    ///
    /// On SQLite the body is erased from the database file and, by a WAL checkpoint, from the
    /// write-ahead log too, so a delivered reset link exists nowhere in the store's files. On
    /// PostgreSQL the outbox is vacuumed; the old row version can remain in the server's WAL
    /// and archives (README, "When one machine is not enough").
    pub fn acknowledge_mail(&self, id: i64) -> Result<()> {
        let now = self.now();
        self.db.write(|tx| {
            if crate::storage::outbox::acknowledge(tx, id, now)? {
                Ok(())
            } else {
                Err(Error::not_found(format!("No pending mail with id {id}.")))
            }
        })?;
        self.db.erase_deleted()
    }
}

/// The mails the store writes.
pub(crate) enum Letter<'a> {
    ResetLink {
        link: &'a str,
    },
    /// `tokens_revoked`: how many API tokens the change revoked, `None` when the store is
    /// configured to keep them.
    PasswordChanged {
        tokens_revoked: Option<usize>,
    },
    PasswordReset {
        tokens_revoked: usize,
    },
    EmailChangedOld {
        new_email: &'a str,
    },
    EmailChangedNew,
    EmailConfirmation {
        link: &'a str,
    },
}

/// How many API tokens a password change or reset revoked, as a sentence.
fn tokens_sentence(n: usize) -> String {
    match n {
        0 => "The account had no API token to revoke.".into(),
        1 => "Its 1 API token was revoked.".into(),
        n => format!("All {n} of its API tokens were revoked."),
    }
}

/// Queues `letter` for `to` in the operation's transaction.
pub(crate) fn queue(
    tx: &crate::storage::Transaction,
    now: Millis,
    to: &str,
    name: &str,
    letter: Letter<'_>,
) -> Result<()> {
    let (kind, subject, text) = match letter {
        Letter::ResetLink { link } => (
            "password_reset",
            "Reset your password",
            format!(
                "Hello {name},\n\nSomeone asked to reset the password of this account. To choose a new password, open this link within one hour:\n\n{link}\n\nIf it was not you, ignore this mail; your password stays as it is.\n"
            ),
        ),
        Letter::PasswordChanged { tokens_revoked } => (
            "password_changed",
            "Your password was changed",
            format!(
                "Hello {name},\n\nThe password of your account was just changed, and your other sessions were signed out. {}\n\nIf it was not you, reset your password now.\n",
                match tokens_revoked {
                    Some(n) => tokens_sentence(n),
                    None => "Your API tokens were kept.".into(),
                }
            ),
        ),
        Letter::PasswordReset { tokens_revoked } => (
            "password_reset_done",
            "Your password was reset",
            format!(
                "Hello {name},\n\nThe password of your account was reset and every session was signed out. {}\n\nIf it was not you, reset your password again and contact support.\n",
                tokens_sentence(tokens_revoked)
            ),
        ),
        Letter::EmailChangedOld { new_email } => (
            "email_changed",
            "Your email address was changed",
            format!(
                "Hello {name},\n\nThe email address of your account was changed to {new_email}.\n\nIf it was not you, contact support.\n"
            ),
        ),
        Letter::EmailChangedNew => (
            "email_changed",
            "Your email address was changed",
            format!("Hello {name},\n\nThis is now the email address of your account.\n"),
        ),
        Letter::EmailConfirmation { link } => (
            "email_confirmation",
            "Confirm your new email address",
            format!(
                "Hello {name},\n\nTo make this the email address of your account, open this link within 24 hours:\n\n{link}\n"
            ),
        ),
    };
    crate::storage::outbox::insert(tx, kind, to, subject, &text, now)?;
    Ok(())
}
