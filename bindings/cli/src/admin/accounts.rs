//! `userstore user list|show|delete|set-password|require-password-change|revoke-sessions`,
//! `userstore token list|revoke` and `userstore audit export`: the host's account work, each
//! a typed method of the core.

use super::{emit, open, read_secret_line};
use crate::{Db, Failure};
use serde_json::json;
use userstore::{Actor, Error, Store, TokenRef, UserId};

/// Users listed per query.
const PAGE: i64 = 500;

/// A user named on the command line: an id (digits) or an email address.
pub fn user_id(store: &Store, user: &str) -> Result<UserId, Failure> {
    if !user.is_empty() && user.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(UserId(user.parse()?));
    }
    Ok(store
        .user_id_by_email(user)?
        .ok_or_else(|| Error::not_found(format!("No user has the email address {user}.")))?)
}

/// `userstore user list`: every user, by id, one line each.
pub fn list(db: &Db) -> Result<(), Failure> {
    let store = open(db)?;
    let mut after = 0;
    loop {
        let page = store.users(after, PAGE)?;
        for user in &page {
            emit(&user.to_value()["user"])?;
        }
        match page.last() {
            Some(last) if page.len() as i64 == PAGE => {
                after = last.to_value()["user"]["id"].as_i64().unwrap_or(i64::MAX);
            }
            _ => return Ok(()),
        }
    }
}

/// `userstore user show USER`: every column, roles included.
pub fn show(db: &Db, user: &str) -> Result<(), Failure> {
    let store = open(db)?;
    let id = user_id(&store, user)?;
    emit(&store.user(&Actor::System, id)?)
}

/// `userstore user delete USER`.
pub fn delete(db: &Db, user: &str) -> Result<(), Failure> {
    let store = open(db)?;
    let id = user_id(&store, user)?;
    store.delete_user(id)?;
    emit(&json!({ "deleted": id.0 }))
}

/// `userstore user set-password USER`: the password from the first line of stdin only.
pub fn set_password(db: &Db, user: &str) -> Result<(), Failure> {
    let store = open(db)?;
    let id = user_id(&store, user)?;
    let password = read_secret_line()?;
    store.set_password(id, &password)?;
    emit(&json!({ "ok": 1 }))
}

/// `userstore user require-password-change USER`.
pub fn require_password_change(db: &Db, user: &str) -> Result<(), Failure> {
    let store = open(db)?;
    let id = user_id(&store, user)?;
    store.require_password_change(id)?;
    emit(&json!({ "ok": 1 }))
}

/// `userstore user revoke-sessions USER`: prints how many sessions ended.
pub fn revoke_sessions(db: &Db, user: &str) -> Result<(), Failure> {
    let store = open(db)?;
    let id = user_id(&store, user)?;
    emit(&json!({ "revoked": store.revoke_sessions(id)? }))
}

/// `userstore token list USER`: the user's tokens without their values, one line each.
pub fn tokens(db: &Db, user: &str) -> Result<(), Failure> {
    let store = open(db)?;
    let id = user_id(&store, user)?;
    for token in store.api_tokens_of(id)?.1 {
        emit(&token)?;
    }
    Ok(())
}

/// `userstore token revoke USER TOKEN`: the token by id or by its `created` time.
pub fn revoke_token(db: &Db, user: &str, token: &str) -> Result<(), Failure> {
    let store = open(db)?;
    let id = user_id(&store, user)?;
    let which = match token.parse::<i64>() {
        Ok(n) => TokenRef::Id(n),
        Err(_) => TokenRef::Created(token.to_owned()),
    };
    emit(&store.revoke_api_token(id, &which)?)
}

/// `userstore audit-export [--user ID]`: every event, oldest first, one line each, paged by
/// id (events written meanwhile come at the end, none twice).
pub fn export_audit(db: &Db, user: Option<i64>) -> Result<(), Failure> {
    let store = open(db)?;
    let user = user.map(UserId);
    let mut after = 0;
    loop {
        let page = store.audit_log_after(user, after, PAGE)?;
        for event in &page {
            emit(event)?;
        }
        match page.last() {
            Some(last) if page.len() as i64 == PAGE => after = last.id,
            _ => return Ok(()),
        }
    }
}
