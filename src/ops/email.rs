//! Changing the email address (`PUT /users/{userId}/attributes/email`), directly or, in
//! confirm-first mode, once a link mailed to the new address is used.

use crate::Store;
use crate::host::clock::Millis;
use crate::model::Actor;
use crate::model::UserId;
use crate::ops::audit::{self, Event};
use crate::ops::outbox::{self, Letter};
use crate::security::entropy;
use crate::security::secret::Secret;
use crate::storage::Transaction;
use crate::storage::{recovery, users};
use crate::wire::body::Body;
use crate::wire::error::{Error, Result};
use crate::wire::reply::Changed;
use crate::wire::validate;
use serde::Serialize;
use serde_json::Value;

/// A confirmation link is good for 24 hours.
pub const CONFIRM_TTL: Millis = 24 * 60 * 60 * 1000;
/// At most this many email changes (confirm-first: change requests) per account per hour: each
/// mails an address the caller chose, so they are not a way to send mail to anyone at will.
pub const EMAIL_CHANGES_PER_HOUR: i64 = 5;
const HOUR: Millis = 60 * 60 * 1000;

/// `SC429` when the account made [`EMAIL_CHANGES_PER_HOUR`] changes (or, in confirm-first
/// mode, requests) within the last hour, with the seconds until the oldest of them is an hour
/// old.
fn ensure_under_change_limit(
    tx: &Transaction,
    user_id: UserId,
    confirm_first: bool,
    now: Millis,
) -> Result<()> {
    let event = if confirm_first {
        Event::EmailChangeRequested
    } else {
        Event::EmailChanged
    };
    let recent = crate::storage::audit::times_since(tx, user_id, event, now - HOUR)?;
    if recent.len() as i64 >= EMAIL_CHANGES_PER_HOUR {
        let oldest = recent.iter().min().copied().unwrap_or(now);
        let wait = (oldest + HOUR - now).max(1000);
        return Err(Error::rate_limited((wait as u64).div_ceil(1000)));
    }
    Ok(())
}

/// `{"currentEmailAddress","newEmailAddress","currentPassword"}`.
#[derive(Debug, Clone)]
pub struct ChangeEmail {
    /// The address now in force (compared case-insensitively).
    pub current_email_address: String,
    /// The new address.
    pub new_email_address: String,
    /// The current password.
    pub current_password: Secret,
}

impl ChangeEmail {
    /// Reads a change-email body; the new address is trimmed and checked for syntax.
    pub fn from_json(v: Value) -> Result<ChangeEmail> {
        let mut b = Body::new(v)?;
        let current = b.string("currentEmailAddress", true);
        let new = b
            .string("newEmailAddress", true)
            .map(|s| s.trim().to_owned());
        let password = b.secret("currentPassword");
        if let Some(problem) = new
            .as_deref()
            .and_then(|n| validate::email("newEmailAddress", n))
        {
            b.problem(problem);
        }
        b.finish()?;
        Ok(ChangeEmail {
            current_email_address: current.unwrap_or_default(),
            new_email_address: new.unwrap_or_default(),
            current_password: password.unwrap_or_default(),
        })
    }
}

/// Moves the user to `new_email` and mails both addresses.
fn apply(tx: &Transaction, now: Millis, user_id: UserId, new_email: &str) -> Result<()> {
    let u = users::get(tx, user_id)?.ok_or_else(|| Error::user_not_found(user_id))?;
    let key = validate::email_key(new_email);
    if users::email_taken(tx, &key, user_id)? {
        return Err(Error::validation(vec![
            "The new email address is already in use.".into(),
        ]));
    }
    users::set_email(tx, user_id, new_email, &key)?;
    recovery::void_resets(tx, user_id)?;
    outbox::queue(
        tx,
        now,
        (user_id, &u.email),
        &u.name,
        Letter::EmailChangedOld { new_email },
    )?;
    outbox::queue(
        tx,
        now,
        (user_id, new_email),
        &u.name,
        Letter::EmailChangedNew,
    )?;
    audit::record(tx, now, Some(user_id), Event::EmailChanged)
}

/// The answer to an email change: `{"changed":true,"emailSent":true}`, or in confirm-first
/// mode `{"changed":false,"emailSent":true}` until the mailed link is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailChange {
    /// The address is changed now.
    pub changed: bool,
    /// A mail went out (the notice to the old address, or the link to the new one).
    pub email_sent: bool,
}

impl Store {
    /// `PUT /users/{userId}/attributes/email`. Returns `{"changed":true,"emailSent":true}`, or
    /// in confirm-first mode `{"changed":false,"emailSent":true}` until the link is used.
    pub fn change_email(
        &self,
        actor: &Actor,
        user_id: UserId,
        req: &ChangeEmail,
    ) -> Result<EmailChange> {
        // A request built in Rust rather than read from JSON gets the same trimming and checks.
        let new_email = req.new_email_address.trim();
        if let Some(problem) = validate::email("newEmailAddress", new_email) {
            return Err(Error::validation(vec![problem]));
        }
        let given = validate::email_key(req.current_email_address.trim());
        let checked = self.verify_current(actor, user_id, &req.current_password, "email", |u| {
            validate::email_key(&u.email) == given
        })?;
        let user = &checked.user;
        let new_key = validate::email_key(new_email);
        if new_key == validate::email_key(&user.email) {
            return Err(Error::validation(vec![
                "The new email address is the same as the current one.".into(),
            ]));
        }
        let now = self.now();
        // Inside each write: the password is still the one verified, no lock was set since,
        // the change limit holds, and a hash with old parameters is brought up to date.
        let still_current = |tx: &Transaction| {
            crate::ops::passwords::ensure_still_current(tx, user, now)?;
            ensure_under_change_limit(tx, user.id, self.config.confirm_email_change, now)?;
            match &checked.rehash {
                Some(phc) => users::rehash(tx, user.id, phc),
                None => Ok(()),
            }
        };
        if !self.config.confirm_email_change {
            self.db.write(|tx| {
                still_current(tx)?;
                apply(tx, now, user.id, new_email)
            })?;
            return Ok(EmailChange {
                changed: true,
                email_sent: true,
            });
        }
        let token = entropy::random_hex::<16>()?;
        let template = self
            .config
            .email_confirm_link_template
            .replace("{baseUrl}", &self.config.base_url);
        let link = Secret::fill_in(&template, "{token}", token.expose());
        self.db.write(|tx| {
            still_current(tx)?;
            if users::email_taken(tx, &new_key, user.id)? {
                return Err(Error::validation(vec![
                    "The new email address is already in use.".into(),
                ]));
            }
            let digest = entropy::digest(token.expose());
            recovery::insert_email_change(tx, user.id, new_email, &digest, now + CONFIRM_TTL)?;
            outbox::queue(
                tx,
                now,
                (user.id, new_email),
                &user.name,
                Letter::EmailConfirmation {
                    link: link.expose(),
                },
            )?;
            audit::record(tx, now, Some(user.id), Event::EmailChangeRequested)
        })?;
        Ok(EmailChange {
            changed: false,
            email_sent: true,
        })
    }

    /// Uses an email-confirmation token (confirm-first mode): the pending change takes effect.
    /// Returns `{"changed":true}`; an unknown, used or expired token is a 400.
    pub fn confirm_email_change(&self, token: &str) -> Result<Changed> {
        let now = self.now();
        let digest = entropy::digest(token.trim());
        let invalid =
            || Error::bad_request("The email confirmation link is invalid or has expired.");
        self.db
            .write(|tx| match recovery::take_email_change(tx, &digest)? {
                Some((user_id, new_email, expires_at)) if now < expires_at => {
                    apply(tx, now, user_id, &new_email)?;
                    Ok(Changed { changed: true })
                }
                _ => Err(invalid()),
            })
    }
}
