//! The durable mail outbox (SPEC section 5). The store sends nothing itself: the host reads
//! pending mail, delivers it, and acknowledges it, which erases the body. A host that
//! delivers continuously (the `userstore` server's courier) claims due mail with
//! [`Store::claim_mail`] and, when a delivery fails, retries later with [`Store::retry_mail`].

use crate::Store;
use crate::host::clock::Millis;
use crate::model::UserId;
use crate::storage::outbox::NewMail;
use crate::storage::{Transaction, recovery};
use crate::wire::error::{Error, Result};
use std::time::Duration;

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

    /// Claims up to `limit` (1 to 1,000) pending mails that are due, oldest first, for a
    /// delivery attempt. Host-only. A claimed mail is not due again before `lease` has
    /// passed: the courier acknowledges it when the transport accepted it
    /// ([`Store::acknowledge_mail`]), or sets when to try again ([`Store::retry_mail`]); if the
    /// courier dies in between, the mail is claimed again once the lease is over (delivery is
    /// at least once). Several servers on one PostgreSQL database claim different mails.
    ///
    /// Reset links demanded since the last read are written first, as for [`Store::outbox`].
    pub fn claim_mail(&self, limit: usize, lease: Duration) -> Result<Vec<Delivery>> {
        // The demanded links are written under the store's usual rules (SERIALIZABLE on
        // PostgreSQL: one server writes each), and only when there are some.
        if self.db.read(recovery::any_demand_to_mail)? {
            let now = self.now();
            self.db.write(|tx| self.mail_demanded_links(tx, now))?;
        }
        let now = self.now();
        let lease_until = now.saturating_add(i64::try_from(lease.as_millis()).unwrap_or(i64::MAX));
        let limit = limit.clamp(1, 1000) as i64;
        let claimed = self
            .db
            .write_queue(|tx| crate::storage::outbox::claim(tx, now, lease_until, limit))?;
        Ok(claimed
            .into_iter()
            .map(|(mail, attempt)| Delivery { mail, attempt })
            .collect())
    }

    /// Makes a pending mail due again after `delay`, after attempt `attempt` of its delivery
    /// failed. Host-only. Refused (`SC404`) when the mail was delivered meanwhile or claimed
    /// again by another courier (its lease was over): only the holder of the latest attempt
    /// moves it.
    pub fn retry_mail(&self, id: i64, attempt: i64, delay: Duration) -> Result<()> {
        let at = self
            .now()
            .saturating_add(i64::try_from(delay.as_millis()).unwrap_or(i64::MAX));
        self.db.write_queue(|tx| {
            if crate::storage::outbox::defer(tx, id, attempt, at)? {
                Ok(())
            } else {
                Err(Error::not_found(format!(
                    "No pending mail with id {id} at attempt {attempt}."
                )))
            }
        })
    }

    /// How many mails wait for delivery. Host-only.
    pub fn pending_mail(&self) -> Result<i64> {
        self.db.read(crate::storage::outbox::pending)
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

/// A mail claimed for a delivery attempt ([`Store::claim_mail`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The mail, its body included.
    pub mail: Mail,
    /// Which attempt this is: 1 for the first.
    pub attempt: i64,
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

/// Queues `letter` about account `user_id` for `to` in the operation's transaction.
pub(crate) fn queue(
    tx: &crate::storage::Transaction,
    now: Millis,
    (user_id, to): (UserId, &str),
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
    let mail = NewMail {
        user_id,
        kind,
        recipient: to,
        subject,
        body: &text,
    };
    crate::storage::outbox::insert(tx, &mail, now)?;
    Ok(())
}
