//! SQL for organization and team roles, and the index-driven users listing.

use super::Transaction;
use super::sql::{Arg, Dialect, args};
use crate::host::unicode::lowercase;
use crate::model::{OrganizationId, TeamId, UserId};
use crate::model::{OrganizationRole, TeamRole, UserRecord};
use crate::wire::error::Result;

/// Where a listing looks: one organization's or one team's members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Members of an organization.
    Organization(OrganizationId),
    /// Members of a team.
    Team(TeamId),
}

/// Sort key of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SortKey {
    Id,
    Name,
    Email,
}

/// One page request, already validated.
pub(crate) struct PageQuery<'a> {
    pub scope: Scope,
    pub role_id: Option<i64>,
    /// Lowercase substring of the name.
    pub name: Option<&'a str>,
    /// Lowercase substring of the email.
    pub email: Option<&'a str>,
    /// Only members of this team of the organization; `0`: members of none of its teams.
    pub in_team: Option<i64>,
    /// Only users with this two-factor status (`0` off, `1` on, `2` enforced).
    pub tfa_status: Option<i64>,
    pub sort: SortKey,
    pub descending: bool,
    /// Keyset paging: only the members after this one in the order (then `offset` is 0).
    pub after: Option<After<'a>>,
    /// Keyset paging: read each member's sort key too, to make the page's cursor of.
    pub keys: bool,
    pub offset: i64,
    pub limit: i64,
}

/// A position in a listing's order: the member's sort key (unused in the id order) and id.
#[derive(Debug, Clone, Copy)]
pub(crate) struct After<'a> {
    pub key: &'a str,
    pub id: i64,
}

/// Builds the page query's SQL in `dialect` from fixed fragments (no input ever goes into the
/// text). Its placeholders are numbered in the order of [`page_args`]: the scope's id, then
/// the role id, name, email, team and two-factor status of the filters given, then the
/// keyset position's key and id, then limit and offset.
///
/// A deferred join: the page's ids are found first in the membership index that carries the
/// sort key (`…_by_name`, `…_by_email`, or the primary key for ids), skipping `offset` entries
/// of that narrow index without touching a user row; only the page's users are then read.
/// A join of every skipped member to its user row would cost a row fetch per skipped user.
/// A keyset page (`after`) starts with a range search of that index instead of a skip: a row
/// value comparison `(key, user_id) > (?, ?)` (`<` descending).
pub(crate) fn page_sql(q: &PageQuery<'_>, dialect: Dialect) -> String {
    let (table, scope_col, _) = q.scope.table();
    let dir = if q.descending { " DESC" } else { " ASC" };
    // The sort key's column (none: the id alone).
    let key = match q.sort {
        SortKey::Id => None,
        SortKey::Name => Some("name_key"),
        SortKey::Email => Some("email_key"),
    };
    // Substring tests: `instr` in SQLite, `strpos` in PostgreSQL (neither has the other).
    let contains = dialect.pick("instr", "strpos");
    // The one filter on the user row, which is then read for each candidate; enforced
    // two-factor authentication (2): no such user in this store.
    let tfa = q.tfa_status.filter(|&t| t != 2);
    // Written piece by piece rather than by `format!`: each format costs code in the
    // WebAssembly build.
    let mut sql = Text(String::with_capacity(640), 1);
    sql.push(&["SELECT ", super::users::LISTED_USER_COLUMNS, ", p.role_id"]);
    if q.keys {
        sql.push(&[", p.k"]);
    }
    sql.push(&[" FROM (SELECT m.user_id, m.role_id"]);
    // The sort key as the index holds it (a keyset cursor is made of it); none in id order.
    match key {
        Some(key) => sql.push(&[", m.", key, " AS k"]),
        None => sql.push(&[", NULL AS k"]),
    }
    sql.push(&[" FROM ", table, " m"]);
    if tfa.is_some() {
        sql.push(&[" JOIN users f ON f.id = m.user_id"]);
    }
    sql.push(&[" WHERE m.", scope_col, " = ?1"]);
    if q.role_id.is_some() {
        sql.mark(" AND m.role_id = ");
    }
    if q.name.is_some() {
        sql.push(&[" AND ", contains]);
        sql.mark("(m.name_key, ");
        sql.push(&[") > 0"]);
    }
    if q.email.is_some() {
        sql.push(&[" AND ", contains]);
        sql.mark("(m.email_key, ");
        sql.push(&[") > 0"]);
    }
    match q.in_team {
        Some(0) => sql.push(&[
            " AND NOT EXISTS (SELECT 1 FROM team_members x JOIN teams t ON t.id = x.team_id \
             WHERE t.organization_id = ?1 AND x.user_id = m.user_id)",
        ]),
        Some(_) => {
            sql.mark(" AND EXISTS (SELECT 1 FROM team_members x WHERE x.team_id = ");
            sql.push(&[" AND x.user_id = m.user_id)"]);
        }
        None => {}
    }
    match q.tfa_status {
        Some(2) => sql.push(&[" AND 1 = 0"]),
        Some(_) => sql.mark(" AND f.tfa_enabled = "),
        None => {}
    }
    if q.after.is_some() {
        let op = if q.descending { " < " } else { " > " };
        match key {
            Some(key) => {
                sql.push(&[" AND (m.", key, ", m.user_id)", op]);
                sql.mark("(");
                sql.mark(", ");
                sql.push(&[")"]);
            }
            None => sql.mark(&[" AND m.user_id", op].concat()),
        }
    }
    sql.push(&[" ORDER BY "]);
    if let Some(key) = key {
        sql.push(&["m.", key, dir, ", "]);
    }
    sql.push(&["m.user_id", dir]);
    sql.mark(" LIMIT ");
    sql.mark(" OFFSET ");
    sql.push(&[") p JOIN users u ON u.id = p.user_id ORDER BY "]);
    if key.is_some() {
        sql.push(&["p.k", dir, ", "]);
    }
    sql.push(&["p.user_id", dir]);
    sql.0
}

/// SQL text being written, and the number of its last placeholder.
struct Text(String, usize);

impl Text {
    fn push(&mut self, parts: &[&str]) {
        for part in parts {
            self.0.push_str(part);
        }
    }

    /// `text`, then the next placeholder (`?2`, `?3`, …).
    fn mark(&mut self, text: &str) {
        self.1 += 1;
        self.0.push_str(text);
        self.0.push('?');
        self.0.push_str(&self.1.to_string());
    }
}

/// A listed member: the user, their role in the organization or team, and (keyset paging)
/// their sort key as the membership index holds it (none in the id order).
pub(crate) struct Member {
    pub user: UserRecord,
    pub role: i64,
    pub key: Option<String>,
}

/// One page of members, in order.
pub(crate) fn page(tx: &Transaction, q: &PageQuery<'_>) -> Result<Vec<Member>> {
    tx.query(&page_sql(q, tx.dialect()), &page_args(q), |r| {
        Ok(Member {
            user: super::users::user_from_row(r)?,
            role: r.get(LISTED_COLUMNS)?,
            key: if q.keys {
                r.get(LISTED_COLUMNS + 1)?
            } else {
                None
            },
        })
    })
}

/// How many columns [`super::users::LISTED_USER_COLUMNS`] has: the role and key come next.
const LISTED_COLUMNS: usize = 14;

/// The arguments of [`page_sql`]'s statement, in its placeholders' order.
fn page_args<'q>(q: &PageQuery<'q>) -> Vec<Arg<'q>> {
    let (_, _, scope_id) = q.scope.table();
    let mut args = vec![Arg::from(scope_id)];
    args.extend(q.role_id.map(Arg::from));
    args.extend(q.name.map(Arg::from));
    args.extend(q.email.map(Arg::from));
    args.extend(q.in_team.filter(|&t| t != 0).map(Arg::from));
    args.extend(q.tfa_status.filter(|&t| t != 2).map(|t| Arg::from(t == 1)));
    if let Some(after) = q.after {
        if q.sort != SortKey::Id {
            args.push(Arg::from(after.key));
        }
        args.push(Arg::from(after.id));
    }
    args.extend([Arg::from(q.limit), Arg::from(q.offset)]);
    args
}

/// The `EXPLAIN QUERY PLAN` lines (the `detail` column) of the page query, with the same SQL
/// and parameters as [`page`], to show that a listing is index-driven.
/// SQLite only.
pub(crate) fn explain_page(tx: &Transaction, q: &PageQuery<'_>) -> Result<Vec<String>> {
    let conn = tx.sqlite("Query plans")?;
    let mut stmt = conn.prepare(&format!(
        "EXPLAIN QUERY PLAN {}",
        page_sql(q, Dialect::Sqlite)
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(page_args(q)))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(row.get::<_, String>(3)?);
    }
    Ok(out)
}

impl Scope {
    /// The membership table, its scope column and the scope's id.
    fn table(self) -> (&'static str, &'static str, i64) {
        match self {
            Scope::Organization(id) => ("organization_members", "organization_id", id.0),
            Scope::Team(id) => ("team_members", "team_id", id.0),
        }
    }
}

/// The user's role in the organization or team.
pub(crate) fn role(tx: &Transaction, scope: Scope, user_id: UserId) -> Result<Option<i64>> {
    let (table, column, id) = scope.table();
    tx.query_opt(
        &format!("SELECT role_id FROM {table} WHERE {column} = ?1 AND user_id = ?2"),
        args![id, user_id],
        |r| r.get(0),
    )
}

/// Sets (inserts or replaces) the user's role in the organization or team, with the user's
/// sort keys.
pub(crate) fn set_role(
    tx: &Transaction,
    scope: Scope,
    user: &UserRecord,
    role_id: i64,
    name_key: &str,
) -> Result<()> {
    let (table, column, id) = scope.table();
    tx.execute(
        &format!(
            "INSERT INTO {table} ({column}, user_id, role_id, name_key, email_key) \
             VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT ({column}, user_id) DO UPDATE SET role_id = excluded.role_id"
        ),
        args![id, user.id, role_id, name_key, &lowercase(&user.email)],
    )?;
    Ok(())
}

/// Removes the user's role in the organization or team; leaving an organization also
/// leaves its teams. False when the user had no role there.
pub(crate) fn remove_role(tx: &Transaction, scope: Scope, user_id: UserId) -> Result<bool> {
    if let Scope::Organization(organization_id) = scope {
        tx.execute(
            "DELETE FROM team_members WHERE user_id = ?2 \
             AND team_id IN (SELECT id FROM teams WHERE organization_id = ?1)",
            args![organization_id, user_id],
        )?;
    }
    let (table, column, id) = scope.table();
    Ok(tx.execute(
        &format!("DELETE FROM {table} WHERE {column} = ?1 AND user_id = ?2"),
        args![id, user_id],
    )? > 0)
}

/// Every organization role of the user, by organization id.
pub(crate) fn organization_roles_of(
    tx: &Transaction,
    user_id: UserId,
) -> Result<Vec<OrganizationRole>> {
    tx.query(
        "SELECT organization_id, role_id FROM organization_members WHERE user_id = ?1 ORDER BY organization_id",
        args![user_id],
        |r| {
            Ok(organization_role(user_id, r.get(0)?, r.get(1)?))
        },
    )
}

/// Every team role of the user, by team id (`changeable` false: the caller decides).
pub(crate) fn team_roles_of(tx: &Transaction, user_id: UserId) -> Result<Vec<TeamRole>> {
    tx.query(
        "SELECT m.team_id, m.role_id, t.organization_id FROM team_members m \
         JOIN teams t ON t.id = m.team_id WHERE m.user_id = ?1 ORDER BY m.team_id",
        args![user_id],
        |r| Ok(team_role(user_id, r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// An organization role, with no invitation (this store has none).
pub(crate) fn organization_role(
    user_id: UserId,
    organization_id: OrganizationId,
    role: i64,
) -> OrganizationRole {
    OrganizationRole {
        user_id,
        organization_id,
        users_role_id: role,
        invitation: None,
    }
}

/// A team role, not (yet) changeable by anyone.
fn team_role(user_id: UserId, team_id: TeamId, role: i64, org: OrganizationId) -> TeamRole {
    TeamRole {
        user_id,
        team_id,
        users_role_id: role,
        changeable: false,
        sso_pending: false,
        organization_id: org,
    }
}

/// Changes the role of a member of the organization or team; false when the user is not one.
pub(crate) fn update_role(
    tx: &Transaction,
    scope: Scope,
    user_id: UserId,
    role_id: i64,
) -> Result<bool> {
    let (table, column, id) = scope.table();
    Ok(tx.execute(
        &format!("UPDATE {table} SET role_id = ?3 WHERE {column} = ?1 AND user_id = ?2"),
        args![id, user_id, role_id],
    )? > 0)
}

/// One page of an organization's members with their roles, by user id.
pub(crate) fn organization_roles_page(
    tx: &Transaction,
    organization_id: OrganizationId,
    offset: i64,
    limit: i64,
) -> Result<Vec<OrganizationRole>> {
    tx.query(
        "SELECT user_id, role_id FROM organization_members WHERE organization_id = ?1 \
         ORDER BY user_id LIMIT ?2 OFFSET ?3",
        args![organization_id, limit, offset],
        |r| Ok(organization_role(r.get(0)?, organization_id, r.get(1)?)),
    )
}

/// How many teams the organization has.
pub(crate) fn teams_count(tx: &Transaction, organization_id: OrganizationId) -> Result<i64> {
    tx.query_value(
        "SELECT COUNT(*) FROM teams WHERE organization_id = ?1",
        args![organization_id],
    )
}

/// How many teams of the organization the user is in.
pub(crate) fn joined_teams(
    tx: &Transaction,
    organization_id: OrganizationId,
    user_id: UserId,
) -> Result<i64> {
    tx.query_value(
        "SELECT COUNT(*) FROM team_members m JOIN teams t ON t.id = m.team_id \
         WHERE t.organization_id = ?1 AND m.user_id = ?2",
        args![organization_id, user_id],
    )
}

/// Most ids bound in one `IN (…)` list; longer lists are read in chunks.
const MAX_IN_LIST: usize = 512;

/// `?2, ?3, …` for `n` ids, `n` rounded up to a power of two (padded with NULLs by
/// [`in_list_args`]) so that a few statement shapes serve every page size from the statement
/// cache.
fn in_list(n: usize) -> String {
    let mut marks = String::new();
    for i in 0..n.next_power_of_two() {
        if i > 0 {
            marks.push_str(", ");
        }
        marks.push('?');
        marks.push_str(&(i + 2).to_string());
    }
    marks
}

/// `?1` the organization, then the ids of [`in_list`]'s placeholders.
fn in_list_args(organization_id: OrganizationId, ids: &[UserId]) -> Vec<Arg<'static>> {
    std::iter::once(Arg::from(organization_id))
        .chain(ids.iter().map(|&id| Arg::from(id)))
        .chain(std::iter::repeat(Arg::Null))
        .take(ids.len().next_power_of_two() + 1)
        .collect()
}

/// The organization roles in `organization_id` of the users `user_ids` (a team listing's
/// organization role column; an organization's listing has them from its page), in one
/// query per page rather than one per user.
pub(crate) fn organization_roles_of_users(
    tx: &Transaction,
    organization_id: OrganizationId,
    user_ids: &[UserId],
) -> Result<Vec<OrganizationRole>> {
    let mut roles = Vec::new();
    for chunk in user_ids.chunks(MAX_IN_LIST) {
        roles.extend(tx.query(
            &format!(
                "SELECT user_id, role_id FROM organization_members \
                 WHERE organization_id = ?1 AND user_id IN ({})",
                in_list(chunk.len())
            ),
            &in_list_args(organization_id, chunk),
            |r| Ok(organization_role(r.get(0)?, organization_id, r.get(1)?)),
        )?);
    }
    Ok(roles)
}

/// The team roles in `organization_id`'s teams of the users `user_ids` (a listing's team role
/// column), by user then team, in one query per page, holding nothing from other
/// organizations.
pub(crate) fn team_roles_of_users(
    tx: &Transaction,
    organization_id: OrganizationId,
    user_ids: &[UserId],
) -> Result<Vec<TeamRole>> {
    let mut roles = Vec::new();
    for chunk in user_ids.chunks(MAX_IN_LIST) {
        roles.extend(tx.query(
            &format!(
                // From the page's users to their teams (`team_members_by_user`, which carries
                // the team and the role, in that order), then each team's organization: a
                // CROSS JOIN keeps SQLite to that order. Led by the organization's teams
                // instead, it searched every team for every id: ten times slower for a page
                // of scattered ids.
                "SELECT m.user_id, m.team_id, m.role_id FROM team_members m \
                 CROSS JOIN teams t \
                 WHERE t.id = m.team_id AND t.organization_id = ?1 AND m.user_id IN ({}) \
                 ORDER BY m.user_id, m.team_id",
                in_list(chunk.len())
            ),
            &in_list_args(organization_id, chunk),
            |r| Ok(team_role(r.get(0)?, r.get(1)?, r.get(2)?, organization_id)),
        )?);
    }
    Ok(roles)
}

/// True when the two users hold a role in a common organization (each can see the other in
/// that organization's listing).
pub(crate) fn share_an_organization(tx: &Transaction, a: UserId, b: UserId) -> Result<bool> {
    tx.query_value(
        "SELECT EXISTS (SELECT 1 FROM organization_members x \
         JOIN organization_members y ON y.organization_id = x.organization_id \
         WHERE x.user_id = ?1 AND y.user_id = ?2)",
        args![a, b],
    )
}

/// The members of the organization who hold `role_id` there (its owners, for 11).
pub(crate) fn holders(
    tx: &Transaction,
    organization_id: OrganizationId,
    role_id: i64,
) -> Result<Vec<UserId>> {
    tx.query(
        "SELECT user_id FROM organization_members WHERE organization_id = ?1 AND role_id = ?2 \
         ORDER BY user_id",
        args![organization_id, role_id],
        |r| r.get(0),
    )
}

/// How many teams of the organization each member on a page of [`organization_roles_page`]
/// is in, in one query: (user id, count) for those in any.
pub(crate) fn joined_teams_on_page(
    tx: &Transaction,
    organization_id: OrganizationId,
    offset: i64,
    limit: i64,
) -> Result<Vec<(UserId, i64)>> {
    tx.query(
        "SELECT m.user_id, COUNT(*) FROM team_members m JOIN teams t ON t.id = m.team_id \
         WHERE t.organization_id = ?1 AND m.user_id IN (SELECT user_id FROM organization_members \
         WHERE organization_id = ?1 ORDER BY user_id LIMIT ?2 OFFSET ?3) GROUP BY m.user_id",
        args![organization_id, limit, offset],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}
