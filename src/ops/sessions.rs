//! Login sessions: login, logout, and authenticating a session token (SPEC section 4).

use crate::Store;
use crate::host::clock::Millis;
use crate::model::UserId;
use crate::model::{Actor, Credential};
use crate::ops::audit::{self, Event};
use crate::security::attempts;
use crate::security::entropy;
use crate::security::hashing::Verified;
use crate::security::secret::Secret;
use crate::storage::credentials;
use crate::storage::lockouts::{self, Attempts};
use crate::storage::users;
use crate::wire::error::{Error, Result};
use crate::wire::validate;
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// A session idles out after 30 minutes without use.
pub const IDLE_TIMEOUT: Millis = 30 * 60 * 1000;
/// A session ends 12 hours after login, used or not.
pub const ABSOLUTE_TIMEOUT: Millis = 12 * 60 * 60 * 1000;
/// `last_seen_at` is written at most this often, so reads stay reads.
const TOUCH_EVERY: Millis = 60 * 1000;

/// A new login session. The token is shown once; only its digest is stored.
#[derive(Debug)]
pub struct LoginSession {
    /// The session token (64 hex characters, 256 random bits).
    pub token: Secret,
    /// The user logged in.
    pub user_id: UserId,
    /// The session's id.
    pub session_id: i64,
}

/// The wire body: `{"session":{"token","userId"}}`.
impl Serialize for LoginSession {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        struct Session<'a>(&'a LoginSession);
        impl Serialize for Session<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                let mut session = s.serialize_struct("Session", 2)?;
                session.serialize_field("token", self.0.token.expose())?;
                session.serialize_field("userId", &self.0.user_id)?;
                session.end()
            }
        }
        crate::wire::reply::Named("session", Session(self)).serialize(s)
    }
}

/// Writes a login whose password was verified: a new session with `digest`, and the rehash
/// if one was made. Failures written while the password was being checked may have locked
/// the address, so the lock is checked again here: a right guess counts only if it came in
/// under the limit.
fn record_login(
    tx: &crate::storage::Transaction,
    config: &crate::Config,
    attempts: Attempts<'_>,
    user: &crate::model::UserRecord,
    rehash: Option<&str>,
    digest: &[u8],
    now: Millis,
) -> Result<i64> {
    attempts::ensure_unlocked(tx, attempts, now)?;
    let current = users::get(tx, user.id)?;
    if current.and_then(|u| u.password_hash) != user.password_hash {
        return Err(Error::invalid_credentials()); // changed while we verified
    }
    if let Some(phc) = rehash {
        users::rehash(tx, user.id, phc)?;
    }
    lockouts::clear_failures(tx, attempts)?;
    credentials::prune_sessions(
        tx,
        user.id,
        now - config.session_idle_timeout_ms,
        now - config.session_absolute_timeout_ms,
    )?;
    users::set_last_login(tx, user.id, now)?;
    audit::record(tx, now, Some(user.id), Event::LoginSucceeded)?;
    credentials::insert_session(tx, user.id, digest, now)
}

impl Store {
    /// Logs in with email and password. Every failure answers the same for an unknown
    /// address as for a known one, after the same work (a dummy verification) and the same
    /// writes: `IM102`, and `IM011` once 10 failures to that address within 15 minutes lock
    /// it for 15 minutes, whether or not an account has it.
    pub fn login(&self, email: &str, password: &Secret) -> Result<LoginSession> {
        let now = self.now();
        let email = email.trim();
        if validate::email("email", email).is_some() {
            // No account can have this address: nothing to look up, count or hide.
            return Err(Error::invalid_credentials());
        }
        let key = validate::email_key(email);
        let attempts = Attempts::Login(&key);
        self.hasher.ensure_dummy()?;
        let (user, form) = self.db.read(|tx| {
            attempts::ensure_unlocked(tx, attempts, now)?;
            let user = users::by_email_key(tx, &key)?;
            // Asked for every address, known or not: the same reads either way.
            let form = users::hash_form(tx, user.as_ref().map_or(UserId(0), |u| u.id))?;
            Ok((user, form))
        })?;
        let verified = match user.as_ref().and_then(|u| u.password_hash.as_ref()) {
            Some(phc) => self.hasher.verify(phc.expose(), password.expose(), form)?,
            None => {
                self.hasher.verify_dummy(password.expose())?;
                Verified::No
            }
        };
        let user = match user {
            Some(user) if verified != Verified::No => user,
            user => {
                let user_id = user.map(|u| u.id);
                let err = self.db.write(|tx| {
                    let counted = (attempts, &self.config.lockout);
                    attempts::fail(tx, counted, user_id, now, Event::LoginFailed)
                })?;
                return Err(err);
            }
        };
        let rehash = match verified {
            Verified::YesRehash => Some(self.hasher.hash(password.expose())?),
            _ => None,
        };
        let token = entropy::random_hex::<32>()?;
        let digest = entropy::digest(token.expose());
        let session_id = self.db.write(|tx| {
            record_login(
                tx,
                &self.config,
                attempts,
                &user,
                rehash.as_deref(),
                &digest,
                now,
            )
        })?;
        Ok(LoginSession {
            token,
            user_id: user.id,
            session_id,
        })
    }

    /// Finds the user of a session token, ending the session if it has expired.
    pub fn authenticate_session(&self, token: &str) -> Result<Actor> {
        let now = self.now();
        let digest = entropy::digest(token);
        let row = self
            .db
            .read(|tx| credentials::session(tx, &digest))?
            .ok_or_else(Error::unauthorized)?;
        let expired = now - row.last_seen_at >= self.config.session_idle_timeout_ms
            || now - row.created_at >= self.config.session_absolute_timeout_ms;
        if expired {
            self.db
                .write(|tx| credentials::delete_session(tx, row.id))?;
            return Err(Error::unauthorized());
        }
        // At least five touches per idle timeout, so a session in use never idles out.
        let touch_every = TOUCH_EVERY.min(self.config.session_idle_timeout_ms / 5);
        if now - row.last_seen_at >= touch_every {
            self.db
                .write(|tx| credentials::touch_session(tx, row.id, now))?;
        }
        Ok(Actor::User {
            user_id: row.user_id,
            credential: Credential::Session(row.id),
        })
    }

    /// Ends the actor's login session.
    pub fn logout(&self, actor: &Actor) -> Result<()> {
        let Actor::User {
            user_id,
            credential: Credential::Session(id),
        } = actor
        else {
            return Err(Error::bad_request("Only a login session can log out."));
        };
        let now = self.now();
        self.db.write(|tx| {
            credentials::delete_session(tx, *id)?;
            audit::record(tx, now, Some(*user_id), Event::LoggedOut)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, NewUser};

    /// The failures of guesses made in parallel lock the address while a right guess is still
    /// being verified: its write finds the lock and refuses (check-then-act).
    #[test]
    fn a_right_guess_is_refused_when_parallel_failures_locked_the_address_meanwhile() {
        let store = Store::open_in_memory(Config::insecure_fast_for_tests_only()).unwrap();
        let pw = "Blue-Otter-47";
        store
            .import_users([NewUser::new("Jane Doe", "jane@example.com").password(pw)])
            .unwrap();
        let now = store.now();
        let user = store
            .db
            .read(|tx| users::by_email_key(tx, "jane@example.com"))
            .unwrap()
            .unwrap();
        // Verified, then ten failures land before the write.
        for _ in 0..10 {
            let _ = store.login("jane@example.com", &Secret::new("Wrong-Guess-99!"));
        }
        let attempts = Attempts::Login("jane@example.com");
        let refused = store
            .db
            .write(|tx| record_login(tx, &store.config, attempts, &user, None, b"digest", now))
            .unwrap_err();
        assert_eq!(refused.code(), crate::Code::IM011);
    }
}
