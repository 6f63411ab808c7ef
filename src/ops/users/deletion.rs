//! A user deleting their own account (`DELETE /users`, Make's "Delete current user").

use crate::Store;
use crate::model::{Actor, OWNER, UserId};
use crate::ops::audit::{self, Event};
use crate::ops::passwords::ensure_still_current;
use crate::security::secret::Secret;
use crate::storage::lockouts::{self, Attempts};
use crate::storage::{members, outbox, recovery, users};
use crate::wire::body::Body;
use crate::wire::error::{Error, Result};
use crate::wire::reply::Named;
use crate::wire::validate;
use serde_json::Value;

/// Make's body: `{"currentPassword"?, "deleteConnections"?, "tfaCode"?}`. The password is
/// required when the account has one; this store keeps no connections and no second factor,
/// so the other two change nothing.
#[derive(Debug, Clone, Default)]
pub struct DeleteAccount {
    /// The password now in force.
    pub current_password: Option<Secret>,
}

impl DeleteAccount {
    /// Reads the body.
    pub fn from_json(v: Value) -> Result<DeleteAccount> {
        let mut b = Body::new(v)?;
        let current_password = b.string("currentPassword", false).map(Secret::from);
        b.boolean("deleteConnections");
        b.string("tfaCode", false);
        b.finish()?;
        Ok(DeleteAccount { current_password })
    }
}

impl Store {
    /// `DELETE /users`: deletes the caller's own account with its sessions, API tokens,
    /// memberships, reset hashes and sessions, pending email changes, reset demands, failed
    /// logins to its address and every mail to it; the audit log keeps an `account_deleted` entry with the former id
    /// only. An organization's owner must hand the ownership on first. A wrong
    /// password counts toward the lockout like a password change. Returns `{"user":<id>}`.
    pub fn delete_account(&self, actor: &Actor, req: &DeleteAccount) -> Result<Named<UserId>> {
        let Some(user_id) = actor.user_id() else {
            return Err(Error::bad_request("The system actor has no user."));
        };
        let user = self
            .db
            .read(|tx| super::may_act_on(tx, actor, user_id, "user:write"))?;
        let user = match (&user.password_hash, &req.current_password) {
            (None, _) => user,
            (Some(_), None) => {
                return Err(Error::validation(vec![
                    "'currentPassword' is required.".into(),
                ]));
            }
            (Some(_), Some(password)) => {
                self.verify_current(actor, user_id, password, "password", |_| true)?
                    .user
            }
        };
        let now = self.now();
        self.db.write(|tx| {
            ensure_still_current(tx, &user, now)?;
            if let Some(owned) = members::organization_roles_of(tx, user_id)?
                .into_iter()
                .find(|r| r.users_role_id == OWNER)
            {
                return Err(Error::bad_request(format!(
                    "You own organization {}: transfer its ownership before deleting your account.",
                    owned.organization_id
                )));
            }
            // The address as it is now (read in this transaction), and any it was asked to
            // change to: the mail to each, and what is counted against each, goes.
            let current = users::get(tx, user_id)?.ok_or_else(|| Error::user_not_found(user_id))?;
            let mut addresses = recovery::pending_new_emails(tx, user_id)?;
            addresses.push(current.email);
            for address in &addresses {
                outbox::forget(tx, user_id, address)?;
                let key = validate::email_key(address);
                recovery::forget_demands(tx, &key)?;
                lockouts::clear_failures(tx, Attempts::Login(&key))?;
                lockouts::unlock(tx, Attempts::Login(&key))?;
            }
            users::delete(tx, user_id)?;
            audit::record(tx, now, Some(user_id), Event::AccountDeleted)?;
            Ok(Named("user", user_id))
        })
    }
}
