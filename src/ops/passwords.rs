//! Changing a password while logged in (`PUT /users/{userId}/attributes/password`).

use crate::Store;
use crate::host::unicode::nfkc;
use crate::model::UserId;
use crate::model::{Actor, Credential, UserRecord};
use crate::ops::audit::{self, Event};
use crate::ops::outbox::{self, Letter};
use crate::ops::users::may_act_on;
use crate::security::attempts;
use crate::security::hashing::Verified;
use crate::security::policy::{self, Context};
use crate::security::secret::Secret;
use crate::storage::credentials;
use crate::storage::lockouts::{self, Attempts};
use crate::storage::recovery;
use crate::storage::users;
use crate::wire::body::Body;
use crate::wire::error::{Code, Error, Result};
use crate::wire::reply::Changed;
use serde_json::Value;

/// `{"currentPassword","newPassword1","newPassword2"}`.
#[derive(Debug, Clone)]
pub struct ChangePassword {
    /// The password now in force.
    pub current_password: Secret,
    /// The new password.
    pub new_password1: Secret,
    /// The new password again.
    pub new_password2: Secret,
}

impl ChangePassword {
    /// Reads a change-password body.
    pub fn from_json(v: Value) -> Result<ChangePassword> {
        let mut b = Body::new(v)?;
        let (current, new1, new2) = (
            b.secret("currentPassword"),
            b.secret("newPassword1"),
            b.secret("newPassword2"),
        );
        b.finish()?;
        Ok(ChangePassword {
            current_password: current.unwrap_or_default(),
            new_password1: new1.unwrap_or_default(),
            new_password2: new2.unwrap_or_default(),
        })
    }
}

/// An account whose current password was just verified, with what the check found.
pub(crate) struct CurrentChecked {
    /// The account as it was read.
    pub user: UserRecord,
    /// A new hash of the same password when the stored one has weaker parameters than
    /// configured, to write with the change.
    pub rehash: Option<String>,
}

impl Store {
    /// Checks the actor's current password (and, with `also`, another credential such as the
    /// current email) for a change to `user_id`'s account. Wrong ones count towards the
    /// lockout: 5 within 15 minutes give `IM011` for 15 minutes.
    pub(crate) fn verify_current(
        &self,
        actor: &Actor,
        user_id: UserId,
        password: &Secret,
        what: &str,
        also: impl FnOnce(&UserRecord) -> bool,
    ) -> Result<CurrentChecked> {
        let now = self.now();
        let (user, form) = self.db.read(|tx| {
            let u = may_act_on(tx, actor, user_id, "user:write")?;
            if u.password_hash.is_none() {
                return Err(Error::new(
                    Code::IM001,
                    "Access denied",
                    format!("The user cannot change the {what}."),
                ));
            }
            attempts::ensure_unlocked(tx, Attempts::Credential(u.id), now)?;
            let form = users::hash_form(tx, u.id)?;
            Ok((u, form))
        })?;
        let phc = user.password_hash.as_ref().expect("checked above");
        let verified = self.hasher.verify(phc.expose(), password.expose(), form)?;
        if verified != Verified::No && also(&user) {
            let rehash = match verified {
                Verified::YesRehash => Some(self.hasher.hash(password.expose())?),
                _ => None,
            };
            return Ok(CurrentChecked { user, rehash });
        }
        let err = self.db.write(|tx| {
            attempts::fail(
                tx,
                (Attempts::Credential(user.id), &self.config.lockout),
                Some(user.id),
                now,
                Event::CredentialCheckFailed,
            )
        })?;
        Err(err)
    }

    /// `PUT /users/{userId}/attributes/password`. Returns `{"changed":true}`; revokes the user's
    /// other sessions and API tokens (unless `keep_api_tokens_on_password_change`), voids
    /// reset hashes and sessions and any pending email change, mails the user.
    pub fn change_password(
        &self,
        actor: &Actor,
        user_id: UserId,
        req: &ChangePassword,
    ) -> Result<Changed> {
        let user = self
            .verify_current(actor, user_id, &req.current_password, "password", |_| true)?
            .user;
        let current = nfkc(req.current_password.expose());
        let phc = self.hash_new_password(&user, &req.new_password1, &req.new_password2, |p| {
            Ok(p == current.as_str())
        })?;
        let keep = match actor {
            Actor::User {
                credential: Credential::Session(id),
                ..
            } => Some(*id),
            _ => None,
        };
        let revoke_tokens = !self.config.keep_api_tokens_on_password_change;
        let now = self.now();
        self.db.write(|tx| {
            ensure_still_current(tx, &user, now)?;
            let revoked = replace_password(tx, user.id, &phc, keep, revoke_tokens)?;
            lockouts::clear_failures(tx, Attempts::Credential(user.id))?;
            let letter = Letter::PasswordChanged {
                tokens_revoked: revoke_tokens.then_some(revoked),
            };
            outbox::queue(tx, now, (user.id, &user.email), &user.name, letter)?;
            audit::record(tx, now, Some(user.id), Event::PasswordChanged)?;
            Ok(Changed { changed: true })
        })
    }
}

/// Inside the transaction that writes a change made with the current password: the password
/// is still the one verified, and no lock was set by failures written in the meantime.
pub(crate) fn ensure_still_current(
    tx: &crate::storage::Transaction,
    user: &UserRecord,
    now: crate::host::clock::Millis,
) -> Result<()> {
    attempts::ensure_unlocked(tx, Attempts::Credential(user.id), now)?;
    let fresh = users::get(tx, user.id)?;
    if fresh.and_then(|u| u.password_hash) != user.password_hash {
        return Err(Error::invalid_credentials()); // changed while we verified
    }
    Ok(())
}

impl Store {
    /// Checks a new password (and its confirmation) against the policy for `user`, and hashes
    /// it. `same_as_current` tells whether it equals the password in force.
    pub(crate) fn hash_new_password(
        &self,
        user: &UserRecord,
        new1: &Secret,
        new2: &Secret,
        same_as_current: impl FnOnce(&str) -> Result<bool>,
    ) -> Result<String> {
        let ctx = Context {
            email: &user.email,
            name: &user.name,
        };
        // The comparison may need a hash verification, which can fail (a full hashing
        // stage); the policy asks a plain yes or no.
        let mut failed = None;
        let new = policy::check(&self.config.password_policy, new1, Some(new2), &ctx, |p| {
            same_as_current(p).unwrap_or_else(|e| {
                failed = Some(e);
                false
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        self.hasher.hash(new.map_err(Error::validation)?.expose())
    }
}

/// Puts a new password hash in force, in the operation's transaction: ends the user's login
/// sessions but `keep`, revokes the user's API tokens when `revoke_tokens`, and voids every
/// reset hash, reset session and pending email change (each was granted under the old
/// password). Returns how many API tokens were revoked.
pub(crate) fn replace_password(
    tx: &crate::storage::Transaction,
    user_id: UserId,
    phc: &str,
    keep: Option<i64>,
    revoke_tokens: bool,
) -> Result<usize> {
    users::set_password_hash(tx, user_id, phc)?;
    credentials::delete_sessions_of(tx, user_id, keep)?;
    recovery::void_resets(tx, user_id)?;
    recovery::void_email_changes(tx, user_id)?;
    if revoke_tokens {
        credentials::delete_tokens_of(tx, user_id)
    } else {
        Ok(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, NewUser};

    /// A password or email change verified while parallel wrong guesses locked the account
    /// finds the lock when it writes, and refuses (check-then-act).
    #[test]
    fn a_change_is_refused_when_parallel_failures_locked_the_account_meanwhile() {
        let store = Store::open_in_memory(Config::insecure_fast_for_tests_only()).unwrap();
        store
            .import_users([NewUser::new("Jane Doe", "jane@example.com").password("Blue-Otter-47")])
            .unwrap();
        let user = store
            .db
            .read(|tx| users::get(tx, UserId(1)))
            .unwrap()
            .unwrap();
        let wrong = ChangePassword {
            current_password: Secret::new("Wrong-Guess-99!"),
            new_password1: Secret::new("Green-Heron-58"),
            new_password2: Secret::new("Green-Heron-58"),
        };
        for _ in 0..5 {
            let _ = store.change_password(&Actor::System, UserId(1), &wrong);
        }
        let now = store.now();
        let refused = store
            .db
            .write(|tx| ensure_still_current(tx, &user, now))
            .unwrap_err();
        assert_eq!(refused.code(), Code::IM011);
    }
}
