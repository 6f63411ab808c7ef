//! API tokens: Make's UUID-shaped keys with scopes, stored as digests (SPEC section 4).

use crate::Store;
use crate::host::clock::iso8601;
use crate::model::{Actor, Credential, SCOPES};
use crate::ops::admin::user_not_found;
use crate::ops::audit::{self, Event};
use crate::security::entropy;
use crate::storage::credentials::{self, TokenRow};
use crate::storage::users;
use crate::wire::body::Body;
use crate::wire::error::{Error, Result};
use serde_json::{Value, json};

/// A request to create an API token: `{"label","scope":[…]}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    /// A name for people.
    pub label: String,
    /// Scopes among `user:read`, `user:write`, `organization:read`.
    pub scope: Vec<String>,
}

impl NewApiToken {
    /// Reads and checks a create-token body.
    pub fn from_json(v: Value) -> Result<NewApiToken> {
        let mut b = Body::new(v)?;
        let label = b.string("label", true);
        let scope = b.strings("scope", true).unwrap_or_default();
        // A missing or mistyped label is already reported; the rule applies to a given one.
        if let Some(l) = &label
            && (!(1..=100).contains(&l.chars().count()) || l.chars().any(char::is_control))
        {
            b.problem("'label' must be 1 to 100 characters without control characters.".into());
        }
        for s in &scope {
            if !SCOPES.contains(&s.as_str()) {
                b.problem(format!(
                    "Unknown scope '{}'; scopes are {}.",
                    crate::wire::validate::truncate(s),
                    SCOPES.join(", ")
                ));
            }
        }
        b.finish()?;
        Ok(NewApiToken {
            label: label.unwrap_or_default(),
            scope,
        })
    }
}

fn describe(t: &TokenRow) -> Value {
    let scope: Value = serde_json::from_str(&t.scope).unwrap_or_else(|_| json!([]));
    json!({ "id": t.id, "label": t.label, "scope": scope, "createdAt": iso8601(t.created_at) })
}

/// Only a login session (not a token) manages tokens.
fn session_user(actor: &Actor) -> Result<i64> {
    match actor {
        Actor::User {
            user_id,
            credential: Credential::Session(_),
        } => Ok(*user_id),
        Actor::User { .. } => Err(Error::forbidden(
            "API tokens are managed from a login session.",
        )),
        Actor::System => Err(Error::bad_request("The system actor has no user.")),
    }
}

impl Store {
    /// `POST /users/me/api-tokens`: creates a token. The returned body is the only place the
    /// token value ever appears: `{"apiToken":{"id","token","label","scope","createdAt"}}`.
    pub fn create_api_token(&self, actor: &Actor, new: &NewApiToken) -> Result<Value> {
        self.create_api_token_for(session_user(actor)?, new)
    }

    /// Creates a token for user `user_id` without a login session: the host's way (an admin
    /// CLI, a provisioning script) to hand a user an API key. Host-only, never over HTTP.
    /// Same body as [`Store::create_api_token`]; `SC404` for an unknown user.
    pub fn create_api_token_for(&self, user_id: i64, new: &NewApiToken) -> Result<Value> {
        let token = entropy::random_uuid_v4()?;
        let digest = entropy::digest(token.expose());
        let now = self.now();
        let scope = serde_json::to_string(&new.scope)?;
        let id = self.db.write(|tx| {
            users::get(tx, user_id)?.ok_or_else(|| user_not_found(user_id))?;
            let id = credentials::insert_token(tx, user_id, &digest, &new.label, &scope, now)?;
            audit::record(tx, now, Some(user_id), Event::TokenCreated)?;
            Ok(id)
        })?;
        Ok(json!({ "apiToken": {
            "id": id, "token": token.expose(), "label": new.label, "scope": new.scope, "createdAt": iso8601(now)
        }}))
    }

    /// `GET /users/me/api-tokens`: the caller's tokens without their values.
    pub fn list_api_tokens(&self, actor: &Actor) -> Result<Value> {
        let user_id = session_user(actor)?;
        let rows = self.db.read(|tx| credentials::tokens_of(tx, user_id))?;
        Ok(json!({ "apiTokens": rows.iter().map(describe).collect::<Vec<_>>() }))
    }

    /// `DELETE /users/me/api-tokens/{id}`: revokes one of the caller's tokens.
    pub fn delete_api_token(&self, actor: &Actor, id: i64) -> Result<Value> {
        let user_id = session_user(actor)?;
        let now = self.now();
        self.db.write(|tx| {
            if !credentials::delete_token(tx, user_id, id)? {
                return Err(Error::not_found(format!("API token {id} not found.")));
            }
            audit::record(tx, now, Some(user_id), Event::TokenDeleted)?;
            Ok(json!({ "ok": 1 }))
        })
    }

    /// Finds the user and scopes of an API token (`Authorization: Token …`).
    pub fn authenticate_api_token(&self, token: &str) -> Result<Actor> {
        let digest = entropy::digest(token.trim());
        let row = self
            .db
            .read(|tx| credentials::token(tx, &digest))?
            .ok_or_else(Error::unauthorized)?;
        // The stored scope is the JSON array of strings `create_api_token` wrote. Read as a
        // `Value`: a typed deserializer's error text formats floats, which would bring float
        // formatting (about 20 KB) into the WebAssembly build.
        let scope = match serde_json::from_str(&row.scope) {
            Ok(Value::Array(items)) => items
                .into_iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(Actor::User {
            user_id: row.user_id,
            credential: Credential::Token { id: row.id, scope },
        })
    }
}
