//! Listing users: Make's query (`ListUsers`), its checks, and the page it answers.

use super::access::may_list;
use super::cursor::{self, Cursor};
use crate::Store;
use crate::host::unicode::lowercase;
use crate::model::{Actor, RoleCategory, UserRecord, role};
use crate::model::{OrganizationId, TeamId, UserId};
use crate::ops::roles::Editor;
use crate::storage::Transaction;
use crate::storage::members::{self, After, Member, PageQuery, Scope, SortKey};
use crate::wire::columns::{Column, Roles, UserView};
use crate::wire::error::{Error, Result};
use crate::wire::validate;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

/// Largest `pg[limit]`.
pub const MAX_LIMIT: i64 = 10_000;

/// A list-users request, in Make's query form (`teamId`, `organizationId`, `name`, `email`,
/// `teamRoleId`, `organizationRoleId`, `cols[]`, `pg[sortBy]`, `pg[sortDir]`, `pg[offset]`,
/// `pg[limit]`), and keyset paging beyond Make's listing: `pg[showLast]=true` asks for the
/// cursor `pg.last` after the page's last user, and `pg[last]=<cursor>` starts the page there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListUsers {
    params: Vec<(String, String)>,
}

impl ListUsers {
    /// From decoded query-string pairs; repeated `cols[]` pairs add columns.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        ListUsers {
            params: pairs.into_iter().collect(),
        }
    }

    /// From a JSON object: `{"teamId"|"organizationId", "name", "email", "teamRoleId",
    /// "organizationRoleId", "cols": [...], "pg": {"sortBy","sortDir","offset","limit","last",
    /// "showLast"}}`.
    pub fn from_json(v: &Value) -> Result<Self> {
        let obj = v
            .as_object()
            .ok_or_else(|| Error::bad_request("The query must be a JSON object."))?;
        let mut params = Vec::new();
        let scalar = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        for (k, v) in obj {
            match (k.as_str(), v) {
                ("cols" | "cols[]", Value::Array(items)) => {
                    params.extend(items.iter().map(|c| ("cols[]".to_owned(), scalar(c))));
                }
                ("pg", Value::Object(pg)) => {
                    // A `null` member is absent, as at the top level.
                    params.extend(
                        pg.iter()
                            .filter(|(_, pv)| !pv.is_null())
                            .map(|(pk, pv)| (format!("pg[{pk}]"), scalar(pv))),
                    );
                }
                (_, Value::Null) => {}
                _ => params.push((k.clone(), scalar(v))),
            }
        }
        Ok(ListUsers { params })
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A validated listing.
struct Listing {
    scope: Scope,
    role_id: Option<i64>,
    name: Option<String>,
    email: Option<String>,
    in_team: Option<i64>,
    tfa_status: Option<i64>,
    cols: Vec<Column>,
    sort: SortKey,
    descending: bool,
    /// Keyset paging: the page starts after this position, and echoes `last`.
    keyset: Option<Option<Cursor>>,
    offset: i64,
    limit: i64,
}

impl Listing {
    /// The storage query of this listing.
    fn page_query(&self) -> PageQuery<'_> {
        PageQuery {
            scope: self.scope,
            role_id: self.role_id,
            name: self.name.as_deref(),
            email: self.email.as_deref(),
            in_team: self.in_team,
            tfa_status: self.tfa_status,
            sort: self.sort,
            descending: self.descending,
            after: self
                .keyset
                .as_ref()
                .and_then(Option::as_ref)
                .map(|c| After {
                    key: c.key.as_deref().unwrap_or(""),
                    id: c.id,
                }),
            keys: self.keyset.is_some(),
            offset: self.offset,
            limit: self.limit,
        }
    }
}

const KNOWN_PARAMS: [&str; 15] = [
    "teamId",
    "organizationId",
    "name",
    "email",
    "teamRoleId",
    "organizationRoleId",
    "filterByTeamId",
    "tfaStatus",
    "cols[]",
    "pg[sortBy]",
    "pg[sortDir]",
    "pg[offset]",
    "pg[limit]",
    "pg[last]",
    "pg[showLast]",
];

fn parse_listing(q: &ListUsers) -> Result<Listing> {
    let mut problems = Vec::new();
    let mut int = |key: &str| -> Option<i64> {
        let raw = q.get(key)?;
        match raw.trim().parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                problems.push(format!("'{key}' must be an integer."));
                None
            }
        }
    };
    let team_id = int("teamId");
    let organization_id = int("organizationId");
    let team_role_id = int("teamRoleId");
    let organization_role_id = int("organizationRoleId");
    let in_team = int("filterByTeamId");
    let tfa_status = int("tfaStatus");
    let offset = int("pg[offset]");
    let limit = int("pg[limit]");
    let scope = match (
        team_id,
        organization_id,
        q.get("teamId"),
        q.get("organizationId"),
    ) {
        (_, _, Some(_), Some(_)) => {
            return Err(Error::bad_request(
                "teamId and organizationId cannot be used together",
            ));
        }
        (Some(t), None, _, _) => Some(Scope::Team(TeamId(t))),
        (None, Some(o), _, _) => Some(Scope::Organization(OrganizationId(o))),
        (None, None, None, None) => {
            return Err(Error::bad_request(
                "Missing required parameter teamId or organizationId",
            ));
        }
        _ => None, // a malformed id, already a problem
    };
    if q.get("teamRoleId").is_some() && q.get("teamId").is_none() {
        return Err(Error::bad_request(
            "teamRoleId can be used only together with teamId",
        ));
    }
    if q.get("filterByTeamId").is_some() && q.get("organizationId").is_none() {
        return Err(Error::bad_request(
            "filterByTeamId can be used only together with organizationId",
        ));
    }
    if in_team.is_some_and(|t| t < 0) {
        problems.push("'filterByTeamId' must be a team id, or 0 for users in no team.".into());
    }
    if tfa_status.is_some_and(|t| !(0..=2).contains(&t)) {
        problems.push("'tfaStatus' must be 0, 1 or 2.".into());
    }
    if q.get("organizationRoleId").is_some() && q.get("organizationId").is_none() {
        return Err(Error::bad_request(
            "organizationRoleId can be used only together with organizationId",
        ));
    }
    for (id, category, key) in [
        (team_role_id, RoleCategory::Team, "teamRoleId"),
        (
            organization_role_id,
            RoleCategory::Organization,
            "organizationRoleId",
        ),
    ] {
        if let Some(id) = id.filter(|&id| role(id, category).is_none()) {
            problems.push(format!(
                "'{key}' must be {} role id (got {id}).",
                match category {
                    RoleCategory::Team => "a team",
                    RoleCategory::Organization => "an organization",
                }
            ));
        }
    }
    let sort = match q.get("pg[sortBy]") {
        None | Some("id") => SortKey::Id,
        Some("name") => SortKey::Name,
        Some("email") => SortKey::Email,
        Some(_) => {
            problems.push("'pg[sortBy]' must be one of id, name, email.".into());
            SortKey::Id
        }
    };
    let descending = match q.get("pg[sortDir]") {
        None | Some("desc") => true,
        Some("asc") => false,
        Some(_) => {
            problems.push("'pg[sortDir]' must be asc or desc.".into());
            true
        }
    };
    if offset.is_some_and(|o| o < 0) {
        problems.push("'pg[offset]' must be 0 or more.".into());
    }
    if limit.is_some_and(|l| !(1..=MAX_LIMIT).contains(&l)) {
        problems.push(format!("'pg[limit]' must be between 1 and {MAX_LIMIT}."));
    }
    // No name or email holds a control character (and PostgreSQL refuses a NUL in text).
    for key in ["name", "email"] {
        if q.get(key)
            .is_some_and(|term| term.chars().any(char::is_control))
        {
            problems.push(format!("'{key}' must not contain control characters."));
        }
    }
    let keyset = match (q.get("pg[last]"), q.get("pg[showLast]")) {
        (Some(_), _) | (None, Some("true")) if offset.is_some() => {
            problems.push(
                "Keyset paging ('pg[last]', 'pg[showLast]') and 'pg[offset]' cannot be used together."
                    .into(),
            );
            None
        }
        (Some(text), None | Some("true")) => {
            let cursor = cursor::parse(sort, text);
            if cursor.is_none() {
                problems.push(format!(
                    "'pg[last]' must be the 'last' of a listing sorted by {}.",
                    sort_name(sort)
                ));
            }
            Some(cursor)
        }
        (None, Some("true")) => Some(None),
        (None, None | Some("false")) => None,
        _ => {
            problems.push("'pg[showLast]' must be true when 'pg[last]' is given, or false.".into());
            None
        }
    };
    let col_names: Vec<String> = q
        .params
        .iter()
        .filter(|(k, _)| k == "cols[]")
        .map(|(_, v)| v.clone())
        .collect();
    let cols = Column::parse_list(&col_names).unwrap_or_else(|p| {
        problems.push(p);
        Vec::new()
    });
    for (k, _) in &q.params {
        if !KNOWN_PARAMS.contains(&k.as_str()) {
            problems.push(format!("Unknown parameter '{}'.", validate::truncate(k)));
        }
    }
    if !problems.is_empty() {
        return Err(Error::validation(problems));
    }
    let lower = |s: &str| Some(lowercase(s)).filter(|s| !s.is_empty());
    Ok(Listing {
        scope: scope.expect("scope is set when there are no problems"),
        role_id: team_role_id.or(organization_role_id),
        name: q.get("name").and_then(lower),
        email: q.get("email").and_then(lower),
        in_team,
        tfa_status,
        cols,
        sort,
        descending,
        keyset,
        offset: offset.unwrap_or(0),
        limit: limit.unwrap_or(10),
    })
}

/// One page of a listing: the users, the columns they show, and the echoed paging.
#[derive(Debug)]
pub struct UserPage {
    /// The users of the page, in order.
    pub users: Vec<UserRecord>,
    /// Each user's roles, when a role column was asked for (else empty).
    roles: Vec<Roles>,
    /// The columns each user shows.
    pub cols: Vec<Column>,
    /// The paging, as echoed in `pg`.
    pub pg: Paging,
    /// Show Gravatar URLs made from the addresses.
    gravatar: bool,
}

/// The `pg` object of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Paging {
    /// `id`, `name` or `email`.
    pub sort_by: &'static str,
    /// `asc` or `desc`.
    pub sort_dir: &'static str,
    /// Users skipped (offset paging only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    /// Most users returned.
    pub limit: i64,
    /// Keyset paging only: the cursor after the page's last user, the next page's `pg[last]`
    /// (the request's own when the page is empty; `null` when there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<Option<String>>,
    /// Keyset paging only: `true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show_last: Option<bool>,
}

impl Serialize for UserPage {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        struct Users<'a>(&'a UserPage);
        impl Serialize for Users<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                let page = self.0;
                let none = Roles::default();
                s.collect_seq(page.users.iter().enumerate().map(|(i, user)| UserView {
                    user,
                    cols: &page.cols,
                    roles: page.roles.get(i).unwrap_or(&none),
                    gravatar: page.gravatar,
                }))
            }
        }
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("users", &Users(self))?;
        m.serialize_entry("pg", &self.pg)?;
        m.end()
    }
}

/// The `pg[sortBy]` name of a sort key.
fn sort_name(sort: SortKey) -> &'static str {
    match sort {
        SortKey::Id => "id",
        SortKey::Name => "name",
        SortKey::Email => "email",
    }
}

/// The roles of each listed user in the listing's organization and its teams, in page order
/// (SPEC section 4: a listing shows no membership in another organization). An
/// organization's listing has its members' roles from its page; a team's listing reads them.
fn listed_roles(
    tx: &Transaction,
    actor: &Actor,
    scope: Scope,
    organization_id: OrganizationId,
    page: &[Member],
) -> Result<Vec<Roles>> {
    let ids: Vec<UserId> = page.iter().map(|m| m.user.id).collect();
    let position: std::collections::HashMap<UserId, usize> =
        ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let mut roles: Vec<Roles> = ids.iter().map(|_| Roles::default()).collect();
    if let Scope::Organization(_) = scope {
        for (member, roles) in page.iter().zip(&mut roles) {
            let role = members::organization_role(member.user.id, organization_id, member.role);
            roles.organization.push(role);
        }
    } else {
        for r in members::organization_roles_of_users(tx, organization_id, &ids)? {
            roles[position[&r.user_id]].organization.push(r);
        }
    }
    let mut team = members::team_roles_of_users(tx, organization_id, &ids)?;
    Editor::of(tx, actor)?.mark_changeable(&mut team);
    for r in team {
        roles[position[&r.user_id]].team.push(r);
    }
    Ok(roles)
}

impl Store {
    /// `GET /users`: one page of a team's or an organization's users, with the columns asked
    /// for. It serializes to the wire body `{"users":[…],"pg":{…}}`.
    pub fn list_users(&self, actor: &Actor, query: &ListUsers) -> Result<UserPage> {
        let l = parse_listing(query)?;
        self.db.read(|tx| {
            let organization_id = may_list(tx, actor, l.scope)?;
            // Members of one team: as much as listing that team, which the caller must be
            // allowed (and the team must be the organization's).
            if let Some(team) = l.in_team.filter(|&t| t != 0) {
                let in_organization = crate::storage::users::team(tx, TeamId(team))?
                    .is_some_and(|t| t.organization_id == organization_id);
                if !in_organization {
                    return Err(Error::not_found(format!("Team {team} not found.")));
                }
                may_list(tx, actor, Scope::Team(TeamId(team)))?;
            }
            let page = members::page(tx, &l.page_query())?;
            let roles = if l.cols.iter().any(|c| c.needs_roles()) {
                listed_roles(tx, actor, l.scope, organization_id, &page)?
            } else {
                Vec::new()
            };
            let keyset = l.keyset.as_ref();
            let last = keyset.map(|given| match page.last() {
                Some(member) => Some(cursor::after(l.sort, member)),
                None => given.as_ref().map(|c| c.text(l.sort)),
            });
            Ok(UserPage {
                users: page.into_iter().map(|m| m.user).collect(),
                roles,
                cols: l.cols,
                gravatar: self.config.gravatar,
                pg: Paging {
                    sort_by: sort_name(l.sort),
                    sort_dir: if l.descending { "desc" } else { "asc" },
                    offset: keyset.is_none().then_some(l.offset),
                    limit: l.limit,
                    show_last: keyset.map(|_| true),
                    last,
                },
            })
        })
    }

    /// The `EXPLAIN QUERY PLAN` lines of the query [`Store::list_users`] runs for `query`
    /// (validated the same way; no authorization check). For tests that show listings are
    /// index-driven: no scan of the users table, no temporary b-tree for the order.
    #[doc(hidden)]
    pub fn explain_list_users(&self, query: &ListUsers) -> Result<Vec<String>> {
        let l = parse_listing(query)?;
        self.db
            .read(|tx| members::explain_page(tx, &l.page_query()))
    }

    /// The SQL text of the page query [`Store::list_users`] runs for `query` (validated the
    /// same way), with parameters `?1` team or organization id, then the role id, name,
    /// email, team and two-factor status of the filters given (in that order), then a keyset
    /// cursor's key and id, then limit and offset. For the benchmark, whose plain-rusqlite
    /// baseline runs exactly this SQL (SQLite's dialect).
    #[doc(hidden)]
    pub fn list_users_sql(&self, query: &ListUsers) -> Result<String> {
        Ok(members::page_sql(
            &parse_listing(query)?.page_query(),
            crate::storage::sql::Dialect::Sqlite,
        ))
    }
}
