//! API tokens: Make's UUID-shaped keys with scopes, stored as digests (SPEC section 4).

use crate::Store;
use crate::host::clock::iso8601;
use crate::model::UserId;
use crate::model::{Actor, Credential, SCOPES};
use crate::ops::audit::{self, Event};
use crate::security::entropy;
use crate::security::secret::Secret;
use crate::storage::credentials::{self, TokenRow};
use crate::storage::users;
use crate::wire::body::Body;
use crate::wire::error::{Error, Result};
use crate::wire::reply::{Done, Named, expose};
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

/// An API token as listed: `{"id","label","scope","createdAt"}`, never its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiToken {
    /// Its id (for `DELETE /users/me/api-tokens/{id}`).
    pub id: i64,
    /// Its name for people.
    pub label: String,
    /// Its scopes.
    pub scope: Vec<String>,
    /// When it was made, ISO 8601.
    pub created_at: String,
}

/// `{"apiTokens":[…]}`: the caller's tokens.
pub type ApiTokens = Named<Vec<ApiToken>>;

/// A token just made, the only time its value is shown:
/// `{"apiToken":{"id","token","label","scope","createdAt"}}`.
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
    /// When it was made, ISO 8601.
    pub created_at: String,
}

/// The scopes stored with a token: the JSON array of strings `create_api_token_for` wrote.
/// Read as a `Value`: a typed deserializer's error text formats floats, which would bring
/// float formatting (about 20 KB) into the WebAssembly build.
fn scopes(stored: &str) -> Vec<String> {
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

/// Only a login session (not a token) manages tokens.
fn session_user(actor: &Actor) -> Result<UserId> {
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
    pub fn create_api_token(&self, actor: &Actor, new: &NewApiToken) -> Result<NewApiTokenBody> {
        self.create_api_token_for(session_user(actor)?, new)
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
        let id = self.db.write(|tx| {
            users::get(tx, user_id)?.ok_or_else(|| Error::user_not_found(user_id))?;
            let id = credentials::insert_token(tx, user_id, &digest, &new.label, &scope, now)?;
            audit::record(tx, now, Some(user_id), Event::TokenCreated)?;
            Ok(id)
        })?;
        Ok(NewApiTokenBody {
            api_token: CreatedApiToken {
                id,
                token,
                label: new.label.clone(),
                scope: new.scope.clone(),
                created_at: iso8601(now),
            },
        })
    }

    /// `GET /users/me/api-tokens`: the caller's tokens without their values.
    pub fn list_api_tokens(&self, actor: &Actor) -> Result<ApiTokens> {
        let user_id = session_user(actor)?;
        let rows = self.db.read(|tx| credentials::tokens_of(tx, user_id))?;
        let tokens = rows.into_iter().map(|t: TokenRow| ApiToken {
            id: t.id,
            scope: scopes(&t.scope),
            label: t.label,
            created_at: iso8601(t.created_at),
        });
        Ok(Named("apiTokens", tokens.collect()))
    }

    /// `DELETE /users/me/api-tokens/{id}`: revokes one of the caller's tokens.
    pub fn delete_api_token(&self, actor: &Actor, id: i64) -> Result<Done> {
        let user_id = session_user(actor)?;
        let now = self.now();
        self.db.write(|tx| {
            if !credentials::delete_token(tx, user_id, id)? {
                return Err(Error::not_found(format!("API token {id} not found.")));
            }
            audit::record(tx, now, Some(user_id), Event::TokenDeleted)?;
            Ok(Done)
        })
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
