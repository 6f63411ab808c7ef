//! Who is calling: `Authorization: Token …` (API token), `Authorization: Bearer …` or the
//! session cookie (login session). Never the system actor.

use super::{Request, SESSION_COOKIE};
use crate::Store;
use crate::model::Actor;
use crate::wire::error::{Error, Result};

/// Resolves an `Authorization` header value (`Token …` or `Bearer …`) to an actor.
pub fn from_authorization(store: &Store, value: &str) -> Result<Actor> {
    let (scheme, credential) = value
        .trim()
        .split_once(' ')
        .ok_or_else(Error::unauthorized)?;
    match scheme.to_ascii_lowercase().as_str() {
        "token" => store.authenticate_api_token(credential.trim()),
        "bearer" => store.authenticate_session(credential.trim()),
        _ => Err(Error::unauthorized()),
    }
}

/// The authenticated caller of a request, or `SC401`.
pub fn actor(store: &Store, req: &Request) -> Result<Actor> {
    if let Some(value) = req.header_value("authorization") {
        return from_authorization(store, value);
    }
    match req.cookie(SESSION_COOKIE) {
        Some(token) => store.authenticate_session(token),
        None => Err(Error::unauthorized()),
    }
}
