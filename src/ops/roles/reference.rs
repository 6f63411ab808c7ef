//! The roles as reference data: `GET /users/roles` with Make's query, one role, and the
//! permissions roles are made of. The same for everyone: the roles are built in.

use crate::model::{PERMISSIONS, Permission, ROLES, Role, RoleCategory};
use crate::wire::body::Body;
use crate::wire::error::{Error, Result};
use crate::wire::reply::Named;
use crate::wire::validate::truncate;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

/// The columns of a role, in the order of Make's SDK `Role` type.
const ROLE_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "identifier",
    "category",
    "subsidiary",
    "managementType",
    "description",
    "permissions",
];

/// `GET /users/roles` as Make's SDK asks it: `category`, `roleId`, `excludeRole[]`, `cols[]`,
/// and `organizationId` or `teamId` (whose custom roles Make adds; this store has none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RolesQuery {
    category: Option<RoleCategory>,
    role_id: Option<i64>,
    exclude: Vec<i64>,
    cols: Vec<String>,
}

impl RolesQuery {
    /// Reads the query (from the query string, values may be text).
    pub fn from_json(v: Value) -> Result<RolesQuery> {
        let mut b = Body::new(v)?;
        let category = b.string("category", false);
        let role_id = b.integer_or_text("roleId", false);
        let exclude = b.integers_or_text("excludeRole").unwrap_or_default();
        let cols = b.strings("cols", false).unwrap_or_default();
        let organization = b.integer_or_text("organizationId", false);
        let team = b.integer_or_text("teamId", false);
        if organization.is_some() && team.is_some() {
            b.problem("'organizationId' and 'teamId' cannot be used together.".into());
        }
        let category = match category.as_deref() {
            None => None,
            Some("organization") => Some(RoleCategory::Organization),
            Some("team") => Some(RoleCategory::Team),
            Some(_) => {
                b.problem("'category' must be organization or team.".into());
                None
            }
        };
        for c in &cols {
            if c != "*" && !ROLE_COLUMNS.contains(&c.as_str()) {
                b.problem(format!("Unknown column '{}' in 'cols[]'.", truncate(c)));
            }
        }
        b.finish()?;
        Ok(RolesQuery {
            category,
            role_id,
            exclude,
            cols,
        })
    }
}

/// A role seen through the columns asked for (all when none or `*`): serializes straight
/// into the output, like a user (no JSON tree).
struct RoleView<'a> {
    role: &'a Role,
    cols: &'a [String],
}

impl Serialize for RoleView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let all = self.cols.is_empty() || self.cols.iter().any(|c| c == "*");
        let shown = |c: &str| all || self.cols.iter().any(|x| x == c);
        let r = self.role;
        let mut m = s.serialize_map(None)?;
        for c in ROLE_COLUMNS.into_iter().filter(|c| shown(c)) {
            match c {
                "id" => m.serialize_entry(c, &r.id)?,
                "name" => m.serialize_entry(c, r.name)?,
                "identifier" => m.serialize_entry(c, r.identifier)?,
                "category" => m.serialize_entry(c, &r.category)?,
                "subsidiary" => m.serialize_entry(c, &r.subsidiary)?,
                "managementType" => m.serialize_entry(c, r.management_type)?,
                "description" => m.serialize_entry(c, r.description)?,
                _ => m.serialize_entry(c, r.permissions)?,
            }
        }
        m.end()
    }
}

/// The roles a query selects, with its columns.
pub struct RolesPage(RolesQuery);

impl Serialize for RolesPage {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let q = &self.0;
        let roles = ROLES
            .iter()
            .filter(|r| q.category.is_none_or(|c| c == r.category))
            .filter(|r| q.role_id.is_none_or(|id| id == r.id))
            .filter(|r| !q.exclude.contains(&r.id))
            .map(|role| RoleView {
                role,
                cols: &q.cols,
            });
        Named("usersRoles", roles.collect::<Vec<_>>()).serialize(s)
    }
}

/// `{"usersRoles":[…]}`: the roles the query selects, team roles first, by id.
pub(crate) fn list(q: RolesQuery) -> RolesPage {
    RolesPage(q)
}

/// `{"usersRole":{…}}`: one role; `SC404` for an id that is no role.
pub(crate) fn one(id: i64) -> Result<Named<Role>> {
    ROLES
        .iter()
        .find(|r| r.id == id)
        .map(|r| Named("usersRole", *r))
        .ok_or_else(|| Error::not_found(format!("Role {id} not found.")))
}

/// `{"usersRolesPermissions":[…]}`: the permissions roles of `category` may carry (all
/// without it).
pub(crate) fn permissions(category: Option<&str>) -> Result<Named<Vec<Permission>>> {
    let category = match category {
        None => None,
        Some("organization") => Some(RoleCategory::Organization),
        Some("team") => Some(RoleCategory::Team),
        Some(_) => {
            return Err(Error::validation(vec![
                "'roleCategory' must be organization or team.".into(),
            ]));
        }
    };
    let list = PERMISSIONS
        .iter()
        .filter(|p| category.is_none_or(|c| c == p.role_category))
        .copied();
    Ok(Named("usersRolesPermissions", list.collect()))
}
