//! The host's description of a new user (`NewUser`): built in Rust or read from Make-style
//! JSON, for `Store::create_user` and `Store::import_users` (`ops/admin.rs`).

use crate::model::{OrganizationId, TeamId};
use crate::security::secret::Secret;
use crate::wire::body::Body;
use crate::wire::error::Result;
use serde_json::Value;

/// A user to create.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    /// Display name (SPEC name rules).
    pub name: String,
    /// Email address (trimmed, unique case-insensitively).
    pub email: String,
    /// A password to set; must pass the password policy.
    pub password: Option<Secret>,
    /// An existing argon2 PHC string to import instead of a password (no hashing cost).
    pub password_hash: Option<Secret>,
    /// Language code (default `en`).
    pub language: Option<String>,
    /// Timezone id (default UTC).
    pub timezone_id: Option<i64>,
    /// Locale id (default `en-US`).
    pub locale_id: Option<i64>,
    /// Country id (default none).
    pub country_id: Option<i64>,
    /// Organization roles to grant, as (organization id, role id).
    pub organization_roles: Vec<(OrganizationId, i64)>,
    /// Team roles to grant, as (team id, role id); each needs an organization role in the
    /// team's organization (granted here or before).
    pub team_roles: Vec<(TeamId, i64)>,
}

impl NewUser {
    /// A user with a name and email and every other field at its default.
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Self {
        NewUser {
            name: name.into(),
            email: email.into(),
            ..Default::default()
        }
    }

    /// Sets the password.
    pub fn password(mut self, password: impl Into<Secret>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// Reads `{"name","email","password"?,"passwordHash"?,"language"?,"timezoneId"?,
    /// "localeId"?,"countryId"?}`.
    pub fn from_json(v: Value) -> Result<NewUser> {
        let mut b = Body::new(v)?;
        let u = NewUser {
            name: b.string("name", true).unwrap_or_default(),
            email: b.string("email", true).unwrap_or_default(),
            password: b.string("password", false).map(Secret::from),
            password_hash: b.string("passwordHash", false).map(Secret::from),
            language: b.string("language", false),
            timezone_id: b.integer("timezoneId", false),
            locale_id: b.integer("localeId", false),
            country_id: b.integer("countryId", false),
            organization_roles: roles(
                &mut b,
                "organizationRoles",
                "organizationId",
                OrganizationId,
            ),
            team_roles: roles(&mut b, "teamRoles", "teamId", TeamId),
        };
        b.finish()?;
        Ok(u)
    }
}

/// Reads `[{"<scope_key>": id, "usersRoleId": role}, …]` into (id, role) pairs.
fn roles<I>(b: &mut Body, key: &str, scope_key: &str, id: fn(i64) -> I) -> Vec<(I, i64)> {
    let mut out = Vec::new();
    for item in b.array(key, false).unwrap_or_default() {
        let parsed = Body::new(item).ok().and_then(|mut r| {
            let pair = (
                id(r.integer(scope_key, true)?),
                r.integer("usersRoleId", true)?,
            );
            r.finish().ok().map(|()| pair)
        });
        match parsed {
            Some(pair) => out.push(pair),
            None => b.problem(format!(
                "'{key}' items must be {{\"{scope_key}\": id, \"usersRoleId\": id}}."
            )),
        }
    }
    out
}
