//! Roles: the reference list (`GET /users/roles`, one role, the permissions), who may change
//! whose role ([`Editor`]), and the Make routes that read and change a user's team roles
//! ([`team`]) and organization roles ([`organization`]).

pub(crate) mod organization;
mod reference;
pub(crate) mod team;

pub use reference::RolesQuery;
pub(crate) use reference::{list, one, permissions};

use crate::model::{Actor, OrganizationId, TeamId, TeamRole, UserId};
use crate::model::{ORG_EDIT, ORG_VIEW, TEAM_EDIT, permits};
use crate::storage::Transaction;
use crate::storage::{members, users};
use crate::wire::error::{Error, Result};

/// What the caller may do with roles: its own organization and team roles (a user has few:
/// plain lists, searched in order), read once per operation. The host may do everything.
pub(crate) struct Editor {
    user_id: Option<UserId>,
    organizations: Vec<(OrganizationId, i64)>,
    teams: Vec<(TeamId, i64)>,
}

impl Editor {
    /// The rights of `actor`.
    pub(crate) fn of(tx: &Transaction, actor: &Actor) -> Result<Editor> {
        Editor::of_user(tx, actor.user_id())
    }

    /// The rights of a user (`None`: the host).
    pub(crate) fn of_user(tx: &Transaction, user_id: Option<UserId>) -> Result<Editor> {
        let Some(user_id) = user_id else {
            return Ok(Editor {
                user_id: None,
                organizations: Vec::new(),
                teams: Vec::new(),
            });
        };
        let organizations = members::organization_roles_of(tx, user_id)?
            .into_iter()
            .map(|r| (r.organization_id, r.users_role_id))
            .collect();
        let teams = members::team_roles_of(tx, user_id)?
            .into_iter()
            .map(|r| (r.team_id, r.users_role_id))
            .collect();
        Ok(Editor {
            user_id: Some(user_id),
            organizations,
            teams,
        })
    }

    /// The caller's organization role there.
    pub(crate) fn organization_role(&self, organization_id: OrganizationId) -> Option<i64> {
        find(&self.organizations, organization_id)
    }

    /// True for the host, and for a user whose organization role grants `permission`.
    fn in_organization(&self, organization_id: OrganizationId, permission: &str) -> bool {
        self.user_id.is_none() || permits(self.organization_role(organization_id), permission)
    }

    /// May the caller see the members of the organization? (any role there)
    pub(crate) fn sees_organization(&self, organization_id: OrganizationId) -> bool {
        self.in_organization(organization_id, ORG_VIEW)
    }

    /// May the caller see what concerns `user_id` in the organization? (themself always)
    pub(crate) fn sees(&self, user_id: UserId, organization_id: OrganizationId) -> bool {
        self.user_id == Some(user_id) || self.sees_organization(organization_id)
    }

    /// May the caller change organization roles there? (owners and admins)
    pub(crate) fn edits_organization(&self, organization_id: OrganizationId) -> bool {
        self.in_organization(organization_id, ORG_EDIT)
    }

    /// May the caller change team roles in the team? (owners and admins of its organization,
    /// admins of the team)
    pub(crate) fn edits_team(&self, team_id: TeamId, organization_id: OrganizationId) -> bool {
        self.in_organization(organization_id, TEAM_EDIT)
            || permits(find(&self.teams, team_id), TEAM_EDIT)
    }

    /// Marks each team role the caller may change.
    pub(crate) fn mark_changeable(&self, roles: &mut [TeamRole]) {
        for r in roles {
            r.changeable = self.edits_team(r.team_id, r.organization_id);
        }
    }
}

/// The role held in `place`, from a list of (place, role).
fn find<P: PartialEq>(roles: &[(P, i64)], place: P) -> Option<i64> {
    roles.iter().find(|(p, _)| *p == place).map(|&(_, r)| r)
}

/// `SC404` unless the user exists and the caller may see them: the host, the user, or a
/// member of an organization the user is in (SPEC section 4: an account the caller may not
/// see answers like one that does not exist).
fn ensure_visible(tx: &Transaction, editor: &Editor, user_id: UserId) -> Result<()> {
    let exists = users::get(tx, user_id)?.is_some();
    let seen = editor.user_id.is_none_or(|me| me == user_id)
        || members::organization_roles_of(tx, user_id)?
            .iter()
            .any(|r| editor.sees_organization(r.organization_id));
    if exists && seen {
        Ok(())
    } else {
        Err(Error::user_not_found(user_id))
    }
}

/// `SC403` "You may not change roles in this {place}." unless `allowed`.
fn allowed_to_change(allowed: bool, place: &str) -> Result<()> {
    if allowed {
        Ok(())
    } else {
        Err(Error::forbidden(format!(
            "You may not change roles in this {place}."
        )))
    }
}
