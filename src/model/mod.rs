//! The data model: organizations, teams, users, roles, and who is acting.

pub mod audit;
mod ids;
pub mod mail;
mod roles;

pub use ids::{OrganizationId, TeamId, UserId};
pub(crate) use roles::{ADMIN, ORG_EDIT, ORG_TRANSFER, ORG_VIEW, OWNER, TEAM_EDIT, TEAM_VIEW};
pub use roles::{PERMISSIONS, Permission, ROLES, Role, RoleCategory, permits, role};

use crate::host::clock::Millis;
use crate::security::secret::Secret;
use serde::Serialize;

/// An organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organization {
    /// Its id.
    pub id: OrganizationId,
    /// Its name.
    pub name: String,
}

/// A team inside an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    /// Its id.
    pub id: TeamId,
    /// The organization it belongs to.
    pub organization_id: OrganizationId,
    /// Its name.
    pub name: String,
}

/// A user as stored (the password hash stays inside a [`Secret`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Its id.
    pub id: UserId,
    /// Display name.
    pub name: String,
    /// Email address as entered (trimmed).
    pub email: String,
    /// ISO 639-1 language code.
    pub language: String,
    /// Timezone enum id.
    pub timezone_id: i64,
    /// Locale enum id.
    pub locale_id: i64,
    /// Country enum id, if chosen.
    pub country_id: Option<i64>,
    /// Feature flags, a JSON object of booleans.
    pub features: String,
    /// Avatar URL.
    pub avatar: Option<String>,
    /// Creation time.
    pub created_at: Millis,
    /// Last successful login.
    pub last_login: Option<Millis>,
    /// argon2id PHC string, if the account has a password.
    pub password_hash: Option<Secret>,
    /// The user must set a password at next login.
    pub force_set_password: bool,
    /// Two-factor authentication (reserved, always false).
    pub tfa_enabled: bool,
}

/// What a stored password hash was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PasswordForm {
    /// The NFKC form of the password: every hash this store makes.
    Nfkc,
    /// The password as typed: a hash imported from another system, which may not normalize.
    AsTyped,
}

/// One organization role of a user (Make's `userOrganizationRoles` entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationRole {
    /// The user.
    pub user_id: UserId,
    /// The organization.
    pub organization_id: OrganizationId,
    /// The role (11 to 15).
    pub users_role_id: i64,
    /// Always `null`: this store has no pending invitations, only members.
    pub invitation: Option<()>,
}

/// One team role of a user (Make's `userTeamRoles` entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamRole {
    /// The user.
    pub user_id: UserId,
    /// The team.
    pub team_id: TeamId,
    /// The role (1 to 5).
    pub users_role_id: i64,
    /// Whether the caller may change this role (an owner or admin of the team's
    /// organization, or an admin of the team).
    pub changeable: bool,
    /// Always `false`: no single sign-on provisioning is pending in this store.
    pub sso_pending: bool,
    /// The team's organization (not shown).
    #[serde(skip)]
    pub organization_id: OrganizationId,
}

/// API token scopes.
pub const SCOPES: [&str; 3] = ["user:read", "user:write", "organization:read"];

/// How an authenticated user proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A login session (its row id).
    Session(i64),
    /// An API token (its row id) with its scopes.
    Token {
        /// The token's row id.
        id: i64,
        /// The scopes it carries.
        scope: Vec<String>,
    },
}

/// Who performs an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The host itself, with every right. Reachable from Rust, C and JS; never over HTTP.
    System,
    /// An authenticated user.
    User {
        /// The user's id.
        user_id: UserId,
        /// How they authenticated.
        credential: Credential,
    },
}

impl Actor {
    /// The user id, for a user actor.
    pub fn user_id(&self) -> Option<UserId> {
        match self {
            Actor::System => None,
            Actor::User { user_id, .. } => Some(*user_id),
        }
    }

    /// True when the actor may use `scope`: the system and sessions may do anything their
    /// roles allow; API tokens only what their scopes name.
    pub fn has_scope(&self, scope: &str) -> bool {
        match self {
            Actor::User {
                credential: Credential::Token { scope: s, .. },
                ..
            } => s.iter().any(|x| x == scope),
            _ => true,
        }
    }
}
