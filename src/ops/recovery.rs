//! The three-step lost-password reset (SPEC sections 3 and 4): demand by email, open a reset
//! session with the mailed hash, set the new password inside that session.

use crate::Store;
use crate::host::clock::Millis;
use crate::ops::audit::{self, Event};
use crate::ops::outbox::{self, Letter};
use crate::security::entropy;
use crate::security::hashing::Verified;
use crate::security::secret::Secret;
use crate::storage::Transaction;
use crate::storage::lockouts::{self, Attempts};
use crate::storage::recovery::{self, ResetTable};
use crate::storage::users;
use crate::wire::body::Body;
use crate::wire::error::{Error, Result};
use crate::wire::reply::Done;
use crate::wire::validate;
use serde_json::Value;

/// A reset hash is valid for one hour.
pub const HASH_TTL: Millis = 60 * 60 * 1000;
/// A reset session is valid for 15 minutes.
pub const SESSION_TTL: Millis = 15 * 60 * 1000;
/// At most this many reset mails per address per hour; later demands are dropped silently.
pub const MAILS_PER_HOUR: i64 = 3;

/// `{"newPassword1","newPassword2"}`, sent inside a reset session.
#[derive(Debug, Clone)]
pub struct ResetPassword {
    /// The new password.
    pub new_password1: Secret,
    /// The new password again.
    pub new_password2: Secret,
}

impl ResetPassword {
    /// Reads a reset-password body.
    pub fn from_json(v: Value) -> Result<ResetPassword> {
        let mut b = Body::new(v)?;
        let (p1, p2) = (b.secret("newPassword1"), b.secret("newPassword2"));
        b.finish()?;
        Ok(ResetPassword {
            new_password1: p1.unwrap_or_default(),
            new_password2: p2.unwrap_or_default(),
        })
    }
}

/// Reads a reset-demand body `{"email"}` and returns the trimmed address.
pub fn demand_from_json(v: Value) -> Result<String> {
    let mut b = Body::new(v)?;
    let email = b.string("email", true).map(|e| e.trim().to_owned());
    if let Some(problem) = email.as_deref().and_then(|e| validate::email("email", e)) {
        b.problem(problem);
    }
    b.finish()?;
    Ok(email.unwrap_or_default())
}

fn invalid_link() -> Error {
    Error::bad_request("The password reset link is invalid or has expired.")
}

fn invalid_session() -> Error {
    Error::bad_request("The password reset session is invalid or has expired.")
}

/// A reset hash has exactly Make's shape: 32 lowercase hex characters.
fn is_reset_hash(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Store {
    /// `POST /users/password-reset-demand`. Always `{"ok":1}`, with the same work for known
    /// and unknown addresses: the demand is only recorded. For a known address (at most 3 per
    /// hour) the reset hash and its mail are made when the host next reads the
    /// [`outbox`](Store::outbox), off the caller's clock; a newer link voids older ones.
    pub fn demand_password_reset(&self, email: &str) -> Result<Done> {
        let key = validate::email_key(email.trim());
        let now = self.now();
        let link = self
            .config
            .reset_link_template
            .replace("{baseUrl}", &self.config.base_url);
        self.db.write(|tx| {
            let user = users::by_email_key(tx, &key)?;
            // Every demand is recorded, but the limit counts mailed ones only: a flood of
            // dropped demands cannot keep the owner from getting a link once the hour of the
            // earliest mail has passed.
            let mailed = recovery::recent_demands(tx, &key, now - HASH_TTL)?;
            audit::record(tx, now, user.as_ref().map(|u| u.id), Event::ResetDemanded)?;
            let mail_to = user.filter(|_| mailed < MAILS_PER_HOUR).map(|u| u.id);
            recovery::record_demand(tx, &key, now, mail_to, &link)
        })?;
        Ok(Done)
    }

    /// Makes the reset hash and the mail of every demand waiting for one, in the order they
    /// were made (so the newest link is the one left valid), with the link template of the
    /// process that took the demand. A link is valid until an hour after its demand; a demand
    /// whose hour is over, or whose user is gone, gets nothing.
    pub(crate) fn mail_demanded_links(&self, tx: &Transaction, now: Millis) -> Result<()> {
        for demand in recovery::take_demands_to_mail(tx)? {
            let expires_at = demand.at + HASH_TTL;
            let Some(user) = users::get(tx, demand.user_id)?.filter(|_| now < expires_at) else {
                continue;
            };
            let hash = entropy::random_hex::<16>()?;
            let link = Secret::fill_in(&demand.link, "{hash}", hash.expose());
            recovery::void_reset_hashes(tx, user.id)?;
            let digest = entropy::digest(hash.expose());
            recovery::insert_reset(tx, ResetTable::Hash, user.id, &digest, expires_at)?;
            let letter = Letter::ResetLink {
                link: link.expose(),
            };
            outbox::queue(tx, now, (user.id, &user.email), &user.name, letter)?;
        }
        Ok(())
    }

    /// `GET /users/password-reset?hash=…`: consumes a valid hash and opens a 15-minute reset
    /// session. Returns the session token (the `userstore_reset` cookie over HTTP); an
    /// unknown, used or expired hash gives one and the same 400.
    pub fn open_reset_session(&self, hash: &str) -> Result<Secret> {
        if !is_reset_hash(hash) {
            return Err(invalid_link());
        }
        let now = self.now();
        let digest = entropy::digest(hash);
        let session = entropy::random_hex::<32>()?;
        let session_digest = entropy::digest(session.expose());
        let opened = self.db.write(|tx| {
            let Some((user_id, expires_at)) = recovery::take_reset(tx, ResetTable::Hash, &digest)?
            else {
                return Ok(false);
            };
            if now >= expires_at {
                return Ok(false); // consumed all the same
            }
            recovery::insert_reset(
                tx,
                ResetTable::Session,
                user_id,
                &session_digest,
                now + SESSION_TTL,
            )?;
            audit::record(tx, now, Some(user_id), Event::ResetSessionOpened)?;
            Ok(true)
        })?;
        if opened {
            Ok(session)
        } else {
            Err(invalid_link())
        }
    }

    /// `POST /users/password-reset` inside a reset session. Returns `{"ok":1}`; ends the reset
    /// session, every login session and every API token of the user, voids any pending email
    /// change, clears lockouts, mails the user. A policy failure leaves the reset session usable until it
    /// expires.
    pub fn reset_password(&self, session: &str, req: &ResetPassword) -> Result<Done> {
        let now = self.now();
        let digest = entropy::digest(session);
        let found =
            self.db.read(
                |tx| match recovery::peek_reset(tx, ResetTable::Session, &digest)? {
                    Some((user_id, expires_at)) if now < expires_at => {
                        match users::get(tx, user_id)? {
                            Some(u) => Ok(Some((users::hash_form(tx, u.id)?, u))),
                            None => Ok(None),
                        }
                    }
                    _ => Ok(None),
                },
            )?;
        let (form, user) = found.ok_or_else(invalid_session)?;
        let phc =
            self.hash_new_password(
                &user,
                &req.new_password1,
                &req.new_password2,
                |p| match &user.password_hash {
                    Some(phc) => Ok(self.hasher.verify(phc.expose(), p, form)? != Verified::No),
                    None => Ok(false),
                },
            )?;
        let email_key = validate::email_key(&user.email);
        self.db.write(|tx| {
            match recovery::take_reset(tx, ResetTable::Session, &digest)? {
                Some((user_id, expires_at)) if user_id == user.id && now < expires_at => {}
                _ => return Err(invalid_session()),
            }
            let revoked = crate::ops::passwords::replace_password(tx, user.id, &phc, None, true)?;
            for attempts in [Attempts::Credential(user.id), Attempts::Login(&email_key)] {
                lockouts::clear_failures(tx, attempts)?;
                lockouts::unlock(tx, attempts)?;
            }
            let letter = Letter::PasswordReset {
                tokens_revoked: revoked,
            };
            outbox::queue(tx, now, (user.id, &user.email), &user.name, letter)?;
            audit::record(tx, now, Some(user.id), Event::ResetDone)?;
            Ok(Done)
        })
    }
}
