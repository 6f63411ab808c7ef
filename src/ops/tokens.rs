//! API tokens: Make's UUID-shaped keys with scopes, stored as digests (SPEC section 4).

use crate::Store;
use crate::host::clock::iso8601;
use crate::model::UserId;
use crate::model::{Actor, Credential, SCOPES};
use crate::ops::audit::{self, Event};
use crate::ops::users::require_scope;
use crate::security::entropy;
use crate::security::secret::Secret;
use crate::storage::credentials;
use crate::storage::users;
use crate::wire::body::Body;
use crate::wire::error::{Error, Result};
use crate::wire::reply::{Named, expose};
use serde::Serialize;
use serde_json::Value;

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

/// An API token as listed, in Make's shape: `{"id","label","scope","created"}`, never its
/// value. `created` identifies it in `DELETE /users/me/api-tokens/{created}` as in Make
/// (unique per user: two tokens made in the same millisecond get consecutive ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// Its id (`DELETE /users/me/api-tokens/{id}` works too).
    pub id: i64,
    /// Its name for people.
    pub label: String,
    /// Its scopes.
    pub scope: Vec<String>,
    /// When it was made, ISO 8601 with milliseconds.
    pub created: String,
}

/// `{"apiTokens":[…]}`: the caller's tokens.
pub type ApiTokens = Named<Vec<ApiToken>>;

/// A token just made, the only time its value is shown:
/// `{"apiToken":{"id","token","label","scope","created"}}`.
#[derive(Debug, Serialize)]
pub struct NewApiTokenBody {
    /// The token.
    #[serde(rename = "apiToken")]
    pub api_token: CreatedApiToken,
}

/// The `apiToken` of a [`NewApiTokenBody`].
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiToken {
    /// Its id.
    pub id: i64,
    /// The value, for `Authorization: Token …`.
    #[serde(serialize_with = "expose")]
    pub token: Secret,
    /// Its name for people.
    pub label: String,
    /// Its scopes.
    pub scope: Vec<String>,
    /// When it was made, ISO 8601 with milliseconds.
    pub created: String,
}

/// Which token `DELETE /users/me/api-tokens/{…}` names: Make's `created` timestamp, or the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenRef {
    /// The token's id.
    Id(i64),
    /// The token's `created` timestamp, as listed (`2026-01-01T00:00:00.000Z`).
    Created(String),
}

/// The scopes stored with a token: the JSON array of strings `create_api_token_for` wrote.
/// Read as a `Value`: a typed deserializer's error text formats floats, which would bring
/// float formatting (about 20 KB) into the WebAssembly build.
pub(crate) fn scopes(stored: &str) -> Vec<String> {
    match serde_json::from_str(stored) {
        Ok(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The user whose tokens the caller manages: any signed-in user (a token with the scope the
/// route asks); the host has no tokens of its own.
fn token_owner(actor: &Actor) -> Result<UserId> {
    actor
        .user_id()
        .ok_or_else(|| Error::bad_request("The system actor has no user."))
}

impl Store {
    /// `POST /users/me/api-tokens`: creates a token. The returned body is the only place the
    /// token value ever appears: `{"apiToken":{"id","token","label","scope","createdAt"}}`.
    /// A token may only make tokens with scopes it holds itself (no way up from `user:write`).
    pub fn create_api_token(&self, actor: &Actor, new: &NewApiToken) -> Result<NewApiTokenBody> {
        require_scope(actor, "user:write")?;
        if let Some(more) = new.scope.iter().find(|s| !actor.has_scope(s)) {
            return Err(Error::forbidden(format!(
                "A token cannot give a new token the scope {more}, which it lacks."
            )));
        }
        self.create_api_token_for(token_owner(actor)?, new)
    }

    /// Creates a token for user `user_id` without a login session: the host's way (an admin
    /// CLI, a provisioning script) to hand a user an API key. Host-only, never over HTTP.
    /// Same body as [`Store::create_api_token`]; `SC404` for an unknown user.
    pub fn create_api_token_for(
        &self,
        user_id: UserId,
        new: &NewApiToken,
    ) -> Result<NewApiTokenBody> {
        let token = entropy::random_uuid_v4()?;
        let digest = entropy::digest(token.expose());
        let now = self.now();
        let scope = serde_json::to_string(&new.scope)?;
        let (id, created) = self.db.write(|tx| {
            users::get(tx, user_id)?.ok_or_else(|| Error::user_not_found(user_id))?;
            // `created` names the token (Make deletes by it): one per millisecond per user.
            let created = credentials::latest_token_time(tx, user_id)?
                .map_or(now, |latest| now.max(latest + 1));
            let id = credentials::insert_token(tx, user_id, &digest, &new.label, &scope, created)?;
            audit::record(tx, now, Some(user_id), Event::TokenCreated)?;
            Ok((id, created))
        })?;
        Ok(NewApiTokenBody {
            api_token: CreatedApiToken {
                id,
                token,
                label: new.label.clone(),
                scope: new.scope.clone(),
                created: iso8601(created),
            },
        })
    }

    /// `GET /users/me/api-tokens`: the caller's tokens without their values.
    pub fn list_api_tokens(&self, actor: &Actor) -> Result<ApiTokens> {
        require_scope(actor, "user:read")?;
        self.api_tokens_of(token_owner(actor)?)
    }

    /// `DELETE /users/me/api-tokens/{created}` (or `/{id}`): revokes one of the caller's
    /// tokens. Returns Make's `{"apiToken":"<created>"}`.
    pub fn delete_api_token(&self, actor: &Actor, which: &TokenRef) -> Result<Named<String>> {
        require_scope(actor, "user:write")?;
        self.revoke_api_token(token_owner(actor)?, which)
    }

    /// Finds the user and scopes of an API token (`Authorization: Token …`).
    pub fn authenticate_api_token(&self, token: &str) -> Result<Actor> {
        let digest = entropy::digest(token.trim());
        let row = self
            .db
            .read(|tx| credentials::token(tx, &digest))?
            .ok_or_else(Error::unauthorized)?;
        Ok(Actor::User {
            user_id: row.user_id,
            credential: Credential::Token {
                id: row.id,
                scope: scopes(&row.scope),
            },
        })
    }
}
