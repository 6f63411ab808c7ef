//! A user's team roles at Make's paths (`/users/{userId}/user-team-roles[/{teamId}]`): read
//! by whoever may see the user in the team's organization, changed by the organization's
//! owners and admins and by the team's admins.

use super::{Editor, allowed_to_change, ensure_visible};
use crate::Store;
use crate::model::{Actor, RoleCategory, TeamId, TeamRole, UserId};
use crate::ops::admin::{grant_team_role, role_problem};
use crate::ops::audit::{self, Event};
use crate::storage::members;
use crate::storage::{Transaction, users};
use crate::wire::error::{Error, Result};
use crate::wire::reply::Named;

/// The team roles of `user_id` the caller may see, marked changeable or not; `SC404` for a
/// user the caller may not see at all.
fn visible_team_roles(tx: &Transaction, editor: &Editor, user_id: UserId) -> Result<Vec<TeamRole>> {
    ensure_visible(tx, editor, user_id)?;
    let mut roles: Vec<TeamRole> = members::team_roles_of(tx, user_id)?
        .into_iter()
        .filter(|r| editor.sees(user_id, r.organization_id))
        .collect();
    editor.mark_changeable(&mut roles);
    Ok(roles)
}

/// The role of `user_id` in `team_id` among `roles`, or `SC404`.
fn in_team(roles: Vec<TeamRole>, user_id: UserId, team_id: TeamId) -> Result<TeamRole> {
    roles
        .into_iter()
        .find(|r| r.team_id == team_id)
        .ok_or_else(|| Error::not_found(format!("User {user_id} has no role in team {team_id}.")))
}

impl Store {
    /// `GET /users/{userId}/user-team-roles`: `{"userTeamRoles":[…]}`, the user's roles in the
    /// teams of the organizations the caller is in.
    pub fn user_team_roles(&self, actor: &Actor, user_id: UserId) -> Result<Named<Vec<TeamRole>>> {
        self.db.read(|tx| {
            let editor = Editor::of(tx, actor)?;
            Ok(Named(
                "userTeamRoles",
                visible_team_roles(tx, &editor, user_id)?,
            ))
        })
    }

    /// `GET /users/{userId}/user-team-roles/{teamId}`: `{"userTeamRole":{…}}`.
    pub fn user_team_role(
        &self,
        actor: &Actor,
        user_id: UserId,
        team_id: TeamId,
    ) -> Result<Named<TeamRole>> {
        self.db.read(|tx| {
            let editor = Editor::of(tx, actor)?;
            let roles = visible_team_roles(tx, &editor, user_id)?;
            Ok(Named("userTeamRole", in_team(roles, user_id, team_id)?))
        })
    }

    /// `POST /users/{userId}/user-team-roles/{teamId}` with `{"usersRoleId"}`: sets the
    /// user's role in the team (the user needs a role in the team's organization). Owners and
    /// admins of the organization, and admins of the team, may. Returns `{"userTeamRole":{…}}`.
    pub fn set_user_team_role(
        &self,
        actor: &Actor,
        user_id: UserId,
        team_id: TeamId,
        role_id: i64,
    ) -> Result<Named<TeamRole>> {
        if let Some(p) = role_problem(role_id, RoleCategory::Team) {
            return Err(Error::validation(vec![p]));
        }
        let now = self.now();
        self.db.write(|tx| {
            let editor = Editor::of(tx, actor)?;
            let team = users::team(tx, team_id)?
                .filter(|t| editor.sees_organization(t.organization_id))
                .ok_or_else(|| Error::not_found(format!("Team {team_id} not found.")))?;
            allowed_to_change(editor.edits_team(team_id, team.organization_id), "team")?;
            ensure_visible(tx, &editor, user_id)?;
            let user = users::get(tx, user_id)?.ok_or_else(|| Error::user_not_found(user_id))?;
            grant_team_role(tx, team_id, &user, role_id)?;
            if actor.user_id().is_some() {
                audit::record(tx, now, Some(user_id), Event::RoleChanged)?;
            }
            let roles = visible_team_roles(tx, &editor, user_id)?;
            Ok(Named("userTeamRole", in_team(roles, user_id, team_id)?))
        })
    }
}
