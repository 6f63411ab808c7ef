//! What the host does to accounts (the `userstore user …` and `token …` commands): list
//! every user, set a password, require a password change, sign a user out everywhere, list
//! and revoke a user's API tokens, and copy the whole store to a backup file.
//!
//! These methods take no actor: only the host (Rust, C or JS) can call them, never HTTP.

use crate::Store;
use crate::model::UserId;
use crate::ops::audit::{self, Event};
use crate::ops::outbox::{self, Letter};
use crate::ops::passwords::replace_password;
use crate::ops::tokens::{ApiToken, ApiTokens, TokenRef};
use crate::ops::users::{UserBody, profile::user_body};
use crate::security::policy::{self, Context};
use crate::storage::{credentials, users};
use crate::wire::columns::Column;
use crate::wire::error::{Error, Result};
use crate::wire::reply::Named;
use crate::{Secret, host::clock::iso8601};
use std::path::Path;

impl Store {
    /// Every user with an id above `after`, by id, at most `limit` (1 to 1,000), with every
    /// column but the role lists. Host-only.
    pub fn users(&self, after: i64, limit: i64) -> Result<Vec<UserBody>> {
        let cols: Vec<Column> = Column::ALL
            .into_iter()
            .filter(|c| !c.needs_roles())
            .collect();
        self.db.read(|tx| {
            users::page_by_id(tx, after, limit.clamp(1, 1000))?
                .into_iter()
                .map(|u| user_body(tx, "user", u, cols.clone(), self.config.gravatar))
                .collect()
        })
    }

    /// Sets a user's password, as the host: the policy applies; every session ends, pending
    /// resets and email changes are voided, API tokens are revoked (unless the store keeps
    /// them on password changes), and the user is mailed the notice. Host-only.
    pub fn set_password(&self, user_id: UserId, password: &Secret) -> Result<()> {
        let user = self
            .db
            .read(|tx| users::get(tx, user_id))?
            .ok_or_else(|| Error::user_not_found(user_id))?;
        let ctx = Context {
            email: &user.email,
            name: &user.name,
        };
        let new = policy::check(&self.config.password_policy, password, None, &ctx, |_| {
            false
        })
        .map_err(Error::validation)?;
        let phc = self.hasher.hash_waiting(new.expose())?;
        let revoke_tokens = !self.config.keep_api_tokens_on_password_change;
        let now = self.now();
        self.db.write(|tx| {
            let user = users::get(tx, user_id)?.ok_or_else(|| Error::user_not_found(user_id))?;
            let revoked = replace_password(tx, user_id, &phc, None, revoke_tokens)?;
            let letter = Letter::PasswordChanged {
                tokens_revoked: revoke_tokens.then_some(revoked),
            };
            outbox::queue(tx, now, (user_id, &user.email), &user.name, letter)?;
            audit::record(tx, now, Some(user_id), Event::PasswordChanged)
        })
    }

    /// Makes the user choose a new password: `forceSetPassword` becomes true (as in Make, the
    /// application shows the password change next) until the password changes, and every
    /// session ends, so the user signs in again first. Host-only.
    pub fn require_password_change(&self, user_id: UserId) -> Result<()> {
        let now = self.now();
        self.db.write(|tx| {
            if !users::require_password_change(tx, user_id)? {
                return Err(Error::user_not_found(user_id));
            }
            credentials::delete_sessions_of(tx, user_id, None)?;
            audit::record(tx, now, Some(user_id), Event::PasswordChangeRequired)
        })
    }

    /// Ends every login session of the user (API tokens stay; see
    /// [`Store::revoke_api_token`]). Returns how many ended. Host-only.
    pub fn revoke_sessions(&self, user_id: UserId) -> Result<usize> {
        let now = self.now();
        self.db.write(|tx| {
            if users::get(tx, user_id)?.is_none() {
                return Err(Error::user_not_found(user_id));
            }
            let ended = credentials::delete_sessions_of(tx, user_id, None)?;
            audit::record(tx, now, Some(user_id), Event::SessionsRevoked)?;
            Ok(ended)
        })
    }

    /// The user's API tokens, without their values, oldest first. Host-only.
    pub fn api_tokens_of(&self, user_id: UserId) -> Result<ApiTokens> {
        let rows = self.db.read(|tx| {
            if users::get(tx, user_id)?.is_none() {
                return Err(Error::user_not_found(user_id));
            }
            credentials::tokens_of(tx, user_id)
        })?;
        let tokens = rows.into_iter().map(|t| ApiToken {
            id: t.id,
            scope: crate::ops::tokens::scopes(&t.scope),
            label: t.label,
            created: iso8601(t.created_at),
        });
        Ok(Named("apiTokens", tokens.collect()))
    }

    /// Revokes one of the user's API tokens, by id or creation time. Returns Make's
    /// `{"apiToken":"<created>"}`. Host-only.
    pub fn revoke_api_token(&self, user_id: UserId, which: &TokenRef) -> Result<Named<String>> {
        let now = self.now();
        self.db.write(|tx| {
            let token = credentials::tokens_of(tx, user_id)?
                .into_iter()
                .find(|t| match which {
                    TokenRef::Id(id) => t.id == *id,
                    TokenRef::Created(created) => iso8601(t.created_at) == *created,
                });
            let Some(token) = token else {
                let name = match which {
                    TokenRef::Id(id) => id.to_string(),
                    TokenRef::Created(c) => crate::wire::validate::truncate(c),
                };
                return Err(Error::not_found(format!("API token {name} not found.")));
            };
            credentials::delete_token(tx, user_id, token.id)?;
            audit::record(tx, now, Some(user_id), Event::TokenDeleted)?;
            Ok(Named("apiToken", iso8601(token.created_at)))
        })
    }

    /// Copies the whole store into a new SQLite file at `path` while it keeps serving: one
    /// consistent read (SQLite's `VACUUM INTO`), with no free pages, so nothing erased comes
    /// along. `path` must not exist; the file is made readable by its owner only (it holds
    /// password hashes and unsent reset links). SQLite only (PostgreSQL: `pg_dump`).
    /// Host-only.
    pub fn backup_to(&self, path: &Path) -> Result<()> {
        let mut new = std::fs::OpenOptions::new();
        new.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut new, 0o600);
        match new.open(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::bad_request(format!(
                    "{} exists; a backup is only written to a new file.",
                    path.display()
                )));
            }
            Err(e) => {
                return Err(Error::bad_request(format!("{}: {e}", path.display())));
            }
        }
        // VACUUM INTO fills the empty file, keeping its mode.
        let written = self.db.backup_to(path);
        if written.is_err() {
            let _ = std::fs::remove_file(path);
        }
        written
    }
}
