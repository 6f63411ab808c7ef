//! The roles and what each may do: Make's role ids and the shape of Make's SDK `Role` and
//! `RolePermission` types (`src/endpoints/roles.ts`), with the permissions this store checks.
//! A role's `permissions` are not decoration: every rule about who may see or change whom
//! asks [`permits`].

use serde::Serialize;

/// Whether a role is held in an organization or in a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RoleCategory {
    /// An organization role (ids 11 to 15).
    Organization,
    /// A team role (ids 1 to 5).
    Team,
}

/// A user role, as `GET /users/roles` lists it (Make's SDK `Role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: &'static str,
    /// Its machine-readable name.
    pub identifier: &'static str,
    /// Organization or team role.
    pub category: RoleCategory,
    /// Whether someone who is not an organization owner or admin may give it (a team admin
    /// gives team roles in their team).
    pub subsidiary: bool,
    /// Always `system_locked`: the roles are built in, none is custom.
    pub management_type: &'static str,
    /// What the role is for.
    pub description: &'static str,
    /// The names of the [`PERMISSIONS`] it grants.
    pub permissions: &'static [&'static str],
}

/// A permission, as `GET /users/roles/permissions` lists it (Make's SDK `RolePermission`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Permission {
    /// Its id.
    pub id: i64,
    /// Its name, as roles list it.
    pub name: &'static str,
    /// What it allows, in a sentence.
    pub note: &'static str,
    /// What it is about: `organization` or `team`.
    pub category: &'static str,
    /// Which roles may carry it.
    pub role_category: RoleCategory,
    /// Its name for people.
    pub label: &'static str,
    /// Always false: there is no custom role editor to hide it from.
    pub custom_roles_hidden: bool,
    /// The permissions it needs along with it.
    pub requires: &'static [&'static str],
}

/// The organization owner's role id.
pub(crate) const OWNER: i64 = 11;
/// The organization admin's role id (what a transferring owner becomes).
pub(crate) const ADMIN: i64 = 12;

/// See the organization's users, their organization roles and their teams.
pub(crate) const ORG_VIEW: &str = "organization users view";
/// Change organization roles and remove users from the organization (never the owner).
pub(crate) const ORG_EDIT: &str = "organization roles edit";
/// Hand the organization's ownership to another member.
pub(crate) const ORG_TRANSFER: &str = "organization ownership transfer";
/// See a team's users and their team roles.
pub(crate) const TEAM_VIEW: &str = "team users view";
/// Change the team roles of a team's users.
pub(crate) const TEAM_EDIT: &str = "team roles edit";

/// Every permission a role can grant.
pub const PERMISSIONS: [Permission; 5] = {
    use RoleCategory::{Organization as O, Team as T};
    const fn p(
        id: i64,
        name: &'static str,
        role_category: RoleCategory,
        label: &'static str,
        note: &'static str,
        requires: &'static [&'static str],
    ) -> Permission {
        Permission {
            id,
            name,
            note,
            category: match role_category {
                O => "organization",
                T => "team",
            },
            role_category,
            label,
            custom_roles_hidden: false,
            requires,
        }
    }
    [
        p(
            1,
            ORG_VIEW,
            O,
            "View organization users",
            "List the organization's users with their organization and team roles.",
            &[],
        ),
        p(
            2,
            ORG_EDIT,
            O,
            "Edit organization roles",
            "Change a user's organization role or remove a user from the organization, except the owner.",
            &[ORG_VIEW],
        ),
        p(
            3,
            ORG_TRANSFER,
            O,
            "Transfer organization ownership",
            "Make another member the owner of the organization.",
            &[ORG_EDIT],
        ),
        p(
            4,
            TEAM_VIEW,
            T,
            "View team users",
            "List the team's users with their team roles.",
            &[],
        ),
        p(
            5,
            TEAM_EDIT,
            T,
            "Edit team roles",
            "Change the team role of a user of the team.",
            &[TEAM_VIEW],
        ),
    ]
};

/// Every role, team roles first.
pub const ROLES: [Role; 10] = {
    use RoleCategory::{Organization as O, Team as T};
    const fn r(
        id: i64,
        name: &'static str,
        identifier: &'static str,
        category: RoleCategory,
        description: &'static str,
        permissions: &'static [&'static str],
    ) -> Role {
        Role {
            id,
            name,
            identifier,
            category,
            subsidiary: matches!(category, T),
            management_type: "system_locked",
            description,
            permissions,
        }
    }
    const EVERYTHING: &[&str] = &[ORG_VIEW, ORG_EDIT, ORG_TRANSFER, TEAM_VIEW, TEAM_EDIT];
    [
        r(
            1,
            "Team admin",
            "team_admin",
            T,
            "Manages the team: sees its users and sets their team roles.",
            &[TEAM_VIEW, TEAM_EDIT],
        ),
        r(
            2,
            "Team member",
            "team_member",
            T,
            "Works in the team; sees its users.",
            &[TEAM_VIEW],
        ),
        r(
            3,
            "Team monitoring",
            "team_monitoring",
            T,
            "Watches the team; sees its users.",
            &[TEAM_VIEW],
        ),
        r(
            4,
            "Team operator",
            "team_operator",
            T,
            "Operates in the team; sees its users.",
            &[TEAM_VIEW],
        ),
        r(
            5,
            "Team restricted member",
            "team_restricted_member",
            T,
            "Takes part in the team with restricted rights; sees its users.",
            &[TEAM_VIEW],
        ),
        r(
            11,
            "Owner",
            "owner",
            O,
            "Owns the organization: everything an admin does, and hands the ownership on.",
            EVERYTHING,
        ),
        r(
            12,
            "Admin",
            "admin",
            O,
            "Manages the organization: its users' organization roles and every team's roles.",
            &[ORG_VIEW, ORG_EDIT, TEAM_VIEW, TEAM_EDIT],
        ),
        r(
            13,
            "Member",
            "member",
            O,
            "Belongs to the organization; sees its users.",
            &[ORG_VIEW],
        ),
        r(
            14,
            "Accountant",
            "accountant",
            O,
            "Looks after the organization's accounts; sees its users.",
            &[ORG_VIEW],
        ),
        r(
            15,
            "App developer",
            "app_developer",
            O,
            "Builds apps for the organization; sees its users.",
            &[ORG_VIEW],
        ),
    ]
};

/// The role with this id in this category.
pub fn role(id: i64, category: RoleCategory) -> Option<&'static Role> {
    ROLES.iter().find(|r| r.id == id && r.category == category)
}

/// True when the role `role_id` (of either category) grants `permission`. An organization
/// role's team permissions hold in every team of the organization.
pub fn permits(role_id: Option<i64>, permission: &str) -> bool {
    role_id.is_some_and(|id| {
        ROLES
            .iter()
            .any(|r| r.id == id && r.permissions.contains(&permission))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_permission_a_role_names_exists_in_its_category_with_what_it_requires() {
        for r in ROLES {
            for name in r.permissions {
                let p = PERMISSIONS.iter().find(|p| p.name == *name).unwrap();
                // Organization roles may carry team permissions (for every team).
                assert!(r.category == RoleCategory::Organization || p.role_category == r.category);
                for needed in p.requires {
                    assert!(r.permissions.contains(needed), "{} {name}", r.name);
                }
            }
        }
    }
}
