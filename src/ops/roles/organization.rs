//! A user's organization roles at Make's paths (`/users/{userId}/user-organization-roles…`,
//! `/organizations/{organizationId}/user-organization-roles`): read by the organization's
//! members, changed or removed by its owners and admins (never the owner: only a transfer,
//! by the owner, changes who owns it).

use super::{Editor, allowed_to_change, ensure_visible};
use crate::Store;
use crate::model::{
    ADMIN, Actor, ORG_TRANSFER, OWNER, OrganizationId, OrganizationRole, RoleCategory, UserId,
    permits,
};
use crate::ops::admin::role_problem;
use crate::ops::audit::{self, Event};
use crate::ops::users::{MAX_LIMIT, Paging};
use crate::storage::members::{self, Scope};
use crate::storage::{Transaction, users};
use crate::wire::body::Body;
use crate::wire::error::{Error, Result};
use crate::wire::reply::Named;
use crate::wire::validate::truncate;
use serde::Serialize;
use serde_json::{Map, Value};

/// The columns of an organization role entry, in Make's order.
const COLUMNS: [&str; 6] = [
    "userId",
    "organizationId",
    "usersRoleId",
    "invitation",
    "organizationTeamsCount",
    "joinedTeamsCount",
];

/// Reads `cols[]` of an organization role entry: all when none.
fn columns(b: &mut Body) -> Vec<&'static str> {
    let asked = b.strings("cols", false).unwrap_or_default();
    for c in &asked {
        if !COLUMNS.contains(&c.as_str()) {
            b.problem(format!("Unknown column '{}' in 'cols[]'.", truncate(c)));
        }
    }
    COLUMNS
        .into_iter()
        .filter(|c| asked.is_empty() || asked.iter().any(|a| a == c))
        .collect()
}

/// An organization role entry with `cols`; `teams` = (teams of the organization, teams of it
/// the user is in).
fn entry(r: &OrganizationRole, cols: &[&str], teams: (i64, i64)) -> Value {
    let mut m = Map::new();
    for &c in cols {
        let v = match c {
            "userId" => Value::from(r.user_id.0),
            "organizationId" => Value::from(r.organization_id.0),
            "usersRoleId" => Value::from(r.users_role_id),
            "organizationTeamsCount" => Value::from(teams.0),
            "joinedTeamsCount" => Value::from(teams.1),
            _ => Value::Null,
        };
        m.insert(c.to_owned(), v);
    }
    Value::Object(m)
}

/// A request about one organization role: `cols[]`, and for a change `usersRoleId` (absent:
/// remove the user from the organization) with Make's `confirmed` and `deleteConnections`
/// (this store keeps no connections, so they change nothing).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrganizationRoleRequest {
    cols: Vec<&'static str>,
    users_role_id: Option<i64>,
}

impl OrganizationRoleRequest {
    /// Reads the request.
    pub fn from_json(v: Value) -> Result<OrganizationRoleRequest> {
        let mut b = Body::new(v)?;
        let cols = columns(&mut b);
        let users_role_id = b.integer_or_text("usersRoleId", false);
        b.boolean_or_text("confirmed");
        b.boolean_or_text("deleteConnections");
        b.finish()?;
        Ok(OrganizationRoleRequest {
            cols,
            users_role_id,
        })
    }

    /// True when it asks for a change of role (`usersRoleId`).
    pub fn changes(&self) -> bool {
        self.users_role_id.is_some()
    }
}

/// `{"userOrganizationRoles":[…],"pg":{…}}`: a page of an organization's members.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationMembers {
    /// The members with their roles.
    pub user_organization_roles: Vec<Value>,
    /// The paging, by user id ascending.
    pub pg: Paging,
}

/// The role of `user_id` in `organization_id` and the organization's existence, as the
/// caller may see them: `SC404` otherwise.
fn visible_role(
    tx: &Transaction,
    editor: &Editor,
    user_id: UserId,
    organization_id: OrganizationId,
) -> Result<OrganizationRole> {
    ensure_visible(tx, editor, user_id)?;
    let role = members::role(tx, Scope::Organization(organization_id), user_id)?
        .filter(|_| editor.sees(user_id, organization_id));
    role.map(|users_role_id| OrganizationRole {
        user_id,
        organization_id,
        users_role_id,
        invitation: None,
    })
    .ok_or_else(|| {
        Error::not_found(format!(
            "User {user_id} has no role in organization {organization_id}."
        ))
    })
}

/// (teams of the organization, teams of it the user is in).
fn team_counts(
    tx: &Transaction,
    organization_id: OrganizationId,
    user_id: UserId,
) -> Result<(i64, i64)> {
    Ok((
        members::teams_count(tx, organization_id)?,
        members::joined_teams(tx, organization_id, user_id)?,
    ))
}

impl Store {
    /// `GET /users/{userId}/user-organization-roles`: `{"userOrganizationRoles":[…]}`, the
    /// user's roles in the organizations the caller is in.
    pub fn user_organization_roles(
        &self,
        actor: &Actor,
        user_id: UserId,
    ) -> Result<Named<Vec<OrganizationRole>>> {
        self.db.read(|tx| {
            let editor = Editor::of(tx, actor)?;
            ensure_visible(tx, &editor, user_id)?;
            let roles = members::organization_roles_of(tx, user_id)?
                .into_iter()
                .filter(|r| editor.sees(user_id, r.organization_id));
            Ok(Named("userOrganizationRoles", roles.collect()))
        })
    }

    /// `GET /users/{userId}/user-organization-roles/{organizationId}`:
    /// `{"userOrganizationRole":{…}}` with the columns asked (all by default, the team counts
    /// included).
    pub fn user_organization_role(
        &self,
        actor: &Actor,
        user_id: UserId,
        organization_id: OrganizationId,
        req: &OrganizationRoleRequest,
    ) -> Result<Named<Value>> {
        self.db.read(|tx| {
            let editor = Editor::of(tx, actor)?;
            let role = visible_role(tx, &editor, user_id, organization_id)?;
            let teams = team_counts(tx, organization_id, user_id)?;
            Ok(Named(
                "userOrganizationRole",
                entry(&role, &req.cols, teams),
            ))
        })
    }

    /// `POST /users/{userId}/user-organization-roles/{organizationId}`: with `usersRoleId`,
    /// changes the user's role; with an empty body, removes the user from the organization
    /// and its teams. Owners and admins may, never to or from Owner (see
    /// [`Store::transfer_ownership`]). Returns `{"userOrganizationRole":{…}}`: the role as it
    /// is now, or as it was for a removal.
    pub fn update_user_organization_role(
        &self,
        actor: &Actor,
        user_id: UserId,
        organization_id: OrganizationId,
        req: &OrganizationRoleRequest,
    ) -> Result<Named<Value>> {
        if let Some(p) = req
            .users_role_id
            .and_then(|r| role_problem(r, RoleCategory::Organization))
        {
            return Err(Error::validation(vec![p]));
        }
        let now = self.now();
        self.db.write(|tx| {
            let editor = Editor::of(tx, actor)?;
            let mut role = visible_role(tx, &editor, user_id, organization_id)?;
            allowed_to_change(editor.edits_organization(organization_id), "organization")?;
            if role.users_role_id == OWNER || req.users_role_id == Some(OWNER) {
                return Err(Error::forbidden(
                    "You cannot change the organization Owner with this endpoint; the owner transfers the ownership.",
                ));
            }
            let teams = team_counts(tx, organization_id, user_id)?;
            let scope = Scope::Organization(organization_id);
            match req.users_role_id {
                Some(new) => {
                    members::update_role(tx, scope, user_id, new)?;
                    role.users_role_id = new;
                }
                None => {
                    members::remove_role(tx, scope, user_id)?;
                }
            }
            if actor.user_id().is_some() {
                audit::record(tx, now, Some(user_id), Event::RoleChanged)?;
            }
            Ok(Named("userOrganizationRole", entry(&role, &req.cols, teams)))
        })
    }

    /// `POST /users/{userId}/user-organization-roles/{organizationId}/transfer`: makes the
    /// user (a member) the organization's owner; the owner becomes an admin. Only the owner
    /// (or the host) may. Returns `{"userOrganizationRoles":[new owner, former owners…]}`.
    pub fn transfer_ownership(
        &self,
        actor: &Actor,
        user_id: UserId,
        organization_id: OrganizationId,
    ) -> Result<Named<Vec<OrganizationRole>>> {
        let now = self.now();
        self.db.write(|tx| {
            let editor = Editor::of(tx, actor)?;
            let role = visible_role(tx, &editor, user_id, organization_id)?;
            let owner = actor.user_id().is_none()
                || permits(editor.organization_role(organization_id), ORG_TRANSFER);
            if !owner {
                return Err(Error::forbidden(
                    "Only the owner of the organization may transfer its ownership.",
                ));
            }
            if role.users_role_id == OWNER {
                return Err(Error::bad_request(format!(
                    "User {user_id} already owns organization {organization_id}."
                )));
            }
            let scope = Scope::Organization(organization_id);
            let former = members::holders(tx, organization_id, OWNER)?;
            for &f in &former {
                members::update_role(tx, scope, f, ADMIN)?;
            }
            members::update_role(tx, scope, user_id, OWNER)?;
            audit::record(tx, now, Some(user_id), Event::OwnershipReceived)?;
            let row = |user_id, users_role_id| OrganizationRole {
                user_id,
                organization_id,
                users_role_id,
                invitation: None,
            };
            let mut rows = vec![row(user_id, OWNER)];
            rows.extend(former.into_iter().map(|f| row(f, ADMIN)));
            Ok(Named("userOrganizationRoles", rows))
        })
    }

    /// `GET /organizations/{organizationId}/user-organization-roles`: a page of the
    /// organization's members and their roles, by user id, with the columns asked; any member
    /// may read it. `pg[offset]` (default 0) and `pg[limit]` (default 10, at most 10000).
    pub fn organization_members(
        &self,
        actor: &Actor,
        organization_id: OrganizationId,
        query: Value,
    ) -> Result<OrganizationMembers> {
        let mut b = Body::new(query)?;
        let cols = columns(&mut b);
        // `pg[offset]=…` from a query string, or `{"pg":{"offset":…}}` from a call.
        let mut offset = b.integer_or_text("pg[offset]", false);
        let mut limit = b.integer_or_text("pg[limit]", false);
        if let Some(mut p) = b.object("pg") {
            offset = offset.or(p.integer_or_text("offset", false));
            limit = limit.or(p.integer_or_text("limit", false));
            b.absorb(p);
        }
        if offset.is_some_and(|o| o < 0) {
            b.problem("'pg[offset]' must be 0 or more.".into());
        }
        if limit.is_some_and(|l| !(1..=MAX_LIMIT).contains(&l)) {
            b.problem(format!("'pg[limit]' must be between 1 and {MAX_LIMIT}."));
        }
        b.finish()?;
        let (offset, limit) = (offset.unwrap_or(0), limit.unwrap_or(10));
        self.db.read(|tx| {
            let editor = Editor::of(tx, actor)?;
            users::organization(tx, organization_id)?
                .filter(|_| editor.sees_organization(organization_id))
                .ok_or_else(|| {
                    Error::not_found(format!("Organization {organization_id} not found."))
                })?;
            let rows = members::organization_roles_page(tx, organization_id, offset, limit)?;
            let counted =
                cols.contains(&"organizationTeamsCount") || cols.contains(&"joinedTeamsCount");
            let (teams, joined) = if counted {
                let teams = members::teams_count(tx, organization_id)?;
                (
                    teams,
                    members::joined_teams_on_page(tx, organization_id, offset, limit)?,
                )
            } else {
                (0, Vec::new())
            };
            let joined_by = |u: UserId| joined.iter().find(|(id, _)| *id == u).map_or(0, |j| j.1);
            Ok(OrganizationMembers {
                user_organization_roles: rows
                    .iter()
                    .map(|r| entry(r, &cols, (teams, joined_by(r.user_id))))
                    .collect(),
                pg: Paging {
                    sort_by: "userId",
                    sort_dir: "asc",
                    offset: Some(offset),
                    limit,
                    last: None,
                    show_last: None,
                },
            })
        })
    }
}
