//! Who may see whom: the checks before a listing and before any operation on one user
//! (SPEC section 4: an account the caller may not see answers like one that does not exist).

use crate::model::{Actor, ORG_VIEW, TEAM_VIEW, UserRecord, permits};
use crate::model::{OrganizationId, UserId};
use crate::storage::Transaction;
use crate::storage::members::{self, Scope};
use crate::storage::users;
use crate::wire::error::{Error, Result};

/// May `actor` list the members of `scope`? (a role there; for a team, also an owner or admin
/// of its organization) Returns the organization the listing is in.
pub(crate) fn may_list(tx: &Transaction, actor: &Actor, scope: Scope) -> Result<OrganizationId> {
    let (organization_id, team_id) = match scope {
        Scope::Organization(id) => {
            users::organization(tx, id)?
                .ok_or_else(|| Error::not_found(format!("Organization {id} not found.")))?;
            (id, None)
        }
        Scope::Team(id) => {
            let t = users::team(tx, id)?
                .ok_or_else(|| Error::not_found(format!("Team {id} not found.")))?;
            (t.organization_id, Some(id))
        }
    };
    let Some(user_id) = actor.user_id() else {
        return Ok(organization_id);
    };
    require_scope(actor, "user:read")?;
    // What each role may see is its permissions (model/roles.rs): any organization role
    // sees the organization; a team's roles, and the organization's owners and admins, see
    // the team.
    let org_role = members::role(tx, Scope::Organization(organization_id), user_id)?;
    let allowed = match team_id {
        None => permits(org_role, ORG_VIEW),
        Some(t) => {
            permits(members::role(tx, Scope::Team(t), user_id)?, TEAM_VIEW)
                || permits(org_role, TEAM_VIEW)
        }
    };
    if allowed {
        Ok(organization_id)
    } else {
        Err(Error::forbidden(
            "You have no role in this team or organization.",
        ))
    }
}

/// May `actor` act on the account `user_id` with `scope`? (only the user itself, or the host)
pub(crate) fn may_act_on(
    tx: &Transaction,
    actor: &Actor,
    user_id: UserId,
    scope: &str,
) -> Result<UserRecord> {
    let user = users::get(tx, user_id)?;
    match actor.user_id() {
        // Another account: refused, and named only if the caller can see it in a listing; an
        // account the caller may not see answers like one that does not exist.
        Some(me) if me != user_id => {
            return Err(match user {
                Some(_)
                    if actor.has_scope("user:read")
                        && members::share_an_organization(tx, me, user_id)? =>
                {
                    Error::forbidden("You may change only your own account.")
                }
                _ => Error::user_not_found(user_id),
            });
        }
        _ => {}
    }
    require_scope(actor, scope)?;
    user.ok_or_else(|| Error::user_not_found(user_id))
}

/// `SC403` unless `actor` holds `scope` (Make's scope of the operation; the table declares the
/// same for every front door, and these checks keep the typed Rust methods as strict).
pub(crate) fn require_scope(actor: &Actor, scope: &str) -> Result<()> {
    if actor.has_scope(scope) {
        Ok(())
    } else {
        Err(Error::forbidden(format!(
            "The token lacks the scope {scope}."
        )))
    }
}
