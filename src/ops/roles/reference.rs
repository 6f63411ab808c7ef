//! The roles as reference data: `GET /users/roles` with Make's query, one role, and the
//! permissions roles are made of. The same for everyone: the roles are built in.

use crate::model::{PERMISSIONS, Permission, ROLES, Role, RoleCategory};
use crate::wire::body::Body;
use crate::wire::error::{Error, Result};
use crate::wire::reply::Named;
use crate::wire::validate::truncate;
use serde_json::{Map, Value};

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

/// A role with the columns asked for (all when none or `*`).
fn with_columns(role: &Role, cols: &[String]) -> Value {
    let Ok(Value::Object(all)) = serde_json::to_value(role) else {
        unreachable!("a role serializes to an object")
    };
    if cols.is_empty() || cols.iter().any(|c| c == "*") {
        return Value::Object(all);
    }
    let mut out = Map::new();
    for c in ROLE_COLUMNS {
        if cols.iter().any(|x| x == c) {
            out.insert(c.to_owned(), all[c].clone());
        }
    }
    Value::Object(out)
}

/// `{"usersRoles":[…]}`: the roles the query selects, team roles first, by id.
pub(crate) fn list(q: &RolesQuery) -> Named<Vec<Value>> {
    let roles = ROLES
        .iter()
        .filter(|r| q.category.is_none_or(|c| c == r.category))
        .filter(|r| q.role_id.is_none_or(|id| id == r.id))
        .filter(|r| !q.exclude.contains(&r.id))
        .map(|r| with_columns(r, &q.cols));
    Named("usersRoles", roles.collect())
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
