//! Host-privileged administration: organizations, teams, users, imports, roles.
//!
//! These methods take no actor: only the host (Rust, C or JS) can call them, never HTTP.

use crate::Store;
use crate::data::enums;
use crate::host::unicode::lowercase;
use crate::model::{Organization, RoleCategory, Team, UserRecord, role};
use crate::model::{OrganizationId, TeamId, UserId};
use crate::ops::new_user::NewUser;
use crate::security::policy::{self, Context};
use crate::storage::Transaction;
use crate::storage::members::{self, Scope};
use crate::storage::users;
use crate::wire::columns::Column;
use crate::wire::error::{Error, Result};
use crate::wire::validate;

/// The default timezone (UTC), locale (`en-US`) and language (`en`) ids of new users.
fn defaults() -> (i64, i64, &'static str) {
    let tz = enums::timezone_by_code("UTC")
        .or_else(|| enums::timezone_by_code("Etc/UTC"))
        .map_or(1, |t| t.id);
    let locale = enums::locale_by_code("en-US").map_or(1, |l| l.id);
    (tz, locale, "en")
}

impl Store {
    /// Creates an organization.
    pub fn create_organization(&self, name: &str) -> Result<Organization> {
        let name = checked_label("name", name)?;
        self.db.write(|tx| users::insert_organization(tx, &name))
    }

    /// Creates a team in an organization.
    pub fn create_team(&self, organization_id: OrganizationId, name: &str) -> Result<Team> {
        let name = checked_label("name", name)?;
        self.db.write(|tx| {
            users::organization(tx, organization_id)?.ok_or_else(|| {
                Error::not_found(format!("Organization {organization_id} not found."))
            })?;
            users::insert_team(tx, organization_id, &name)
        })
    }

    /// Creates a user; returns `{"user":{…every field…}}`.
    pub fn create_user(&self, user: NewUser) -> Result<crate::UserBody> {
        let ids = self.import_users(vec![user])?;
        let id = ids[0];
        self.db.read(|tx| {
            let u = users::get(tx, id)?.ok_or_else(|| Error::storage("The new user vanished."))?;
            crate::ops::users::user_body(tx, "user", u, Column::ALL.to_vec(), self.config.gravatar)
        })
    }

    /// Creates many users in one transaction (all or none) and returns their ids in order.
    /// Users given a `password_hash` cost no hashing: the import path for large data sets and
    /// migrations.
    pub fn import_users(
        &self,
        new_users: impl IntoIterator<Item = NewUser>,
    ) -> Result<Vec<UserId>> {
        self.import_user_list(new_users.into_iter().collect())
    }

    /// [`Store::import_users`], not generic: one copy of it whatever the callers pass.
    fn import_user_list(&self, new_users: Vec<NewUser>) -> Result<Vec<UserId>> {
        let (tz, locale, lang) = defaults();
        let mut prepared = Vec::new();
        for (i, u) in new_users.into_iter().enumerate() {
            let email = u.email.trim().to_owned();
            let mut problems = Vec::new();
            problems.extend(validate::name(&u.name));
            problems.extend(validate::email("email", &email));
            let language = u.language.clone().unwrap_or_else(|| lang.to_owned());
            problems.extend(validate::language(&language));
            // Codes are matched case-insensitively; the enum's own spelling is stored.
            let language = enums::language(&language).map_or(language, |l| l.code.to_owned());
            let timezone_id = u.timezone_id.unwrap_or(tz);
            problems.extend(validate::timezone_id(timezone_id));
            let locale_id = u.locale_id.unwrap_or(locale);
            problems.extend(validate::locale_id(locale_id));
            problems.extend(u.country_id.and_then(validate::country_id));
            // Never null (Make's SDK types it as always present): the configured default,
            // else the locale's region.
            let country_id = u
                .country_id
                .or(self.config.default_country_id)
                .unwrap_or_else(|| enums::locale_country(locale_id));
            problems.extend(
                u.organization_roles
                    .iter()
                    .filter_map(|&(_, r)| role_problem(r, RoleCategory::Organization)),
            );
            problems.extend(
                u.team_roles
                    .iter()
                    .filter_map(|&(_, r)| role_problem(r, RoleCategory::Team)),
            );
            let hash = match (&u.password, &u.password_hash) {
                (Some(_), Some(_)) => {
                    problems.push("Give either 'password' or 'passwordHash', not both.".into());
                    None
                }
                (Some(pw), None) => {
                    let ctx = Context {
                        email: &email,
                        name: &u.name,
                    };
                    match policy::check(&self.config.password_policy, pw, None, &ctx, |_| false) {
                        Ok(new) => Some(self.hasher.hash_waiting(new.expose())?),
                        Err(p) => {
                            problems.extend(p);
                            None
                        }
                    }
                }
                (None, Some(phc)) => match self.hasher.import_problem(phc.expose()) {
                    None => Some(phc.expose().to_owned()),
                    Some(problem) => {
                        problems.push(problem.into());
                        None
                    }
                },
                (None, None) => None,
            };
            if !problems.is_empty() {
                if i > 0 {
                    problems
                        .iter_mut()
                        .for_each(|p| *p = format!("User {}: {p}", i + 1));
                }
                return Err(Error::validation(problems));
            }
            prepared.push((u, email, language, timezone_id, locale_id, country_id, hash));
        }
        let now = self.now();
        self.db.write(|tx| {
            let mut ids = Vec::with_capacity(prepared.len());
            for (u, email, language, timezone_id, locale_id, country_id, hash) in &prepared {
                let key = validate::email_key(email);
                if users::email_taken(tx, &key, UserId(0))? {
                    return Err(Error::validation(vec![format!(
                        "The email address {email} is already in use."
                    )]));
                }
                let id = users::insert(
                    tx,
                    &users::NewUserRow {
                        name: &u.name,
                        email,
                        email_key: &key,
                        language,
                        timezone_id: *timezone_id,
                        locale_id: *locale_id,
                        country_id: Some(*country_id),
                        password_hash: hash.as_deref(),
                        force_set_password: false,
                        created_at: now,
                    },
                )?;
                ids.push(id);
                if u.password_hash.is_some() {
                    users::mark_hash_imported(tx, id)?;
                }
                if !(u.organization_roles.is_empty() && u.team_roles.is_empty()) {
                    let record = users::get(tx, id)?.ok_or_else(|| Error::user_not_found(id))?;
                    for &(organization_id, role_id) in &u.organization_roles {
                        grant_organization_role(tx, organization_id, &record, role_id)?;
                    }
                    for &(team_id, role_id) in &u.team_roles {
                        grant_team_role(tx, team_id, &record, role_id)?;
                    }
                }
            }
            Ok(ids)
        })
    }

    /// The id of the user with this email address (compared case-insensitively): for host
    /// tools that know people by address.
    pub fn user_id_by_email(&self, email: &str) -> Result<Option<UserId>> {
        let key = validate::email_key(email.trim());
        Ok(self
            .db
            .read(|tx| users::by_email_key(tx, &key))?
            .map(|u| u.id))
    }

    /// How many users the store holds.
    pub fn user_count(&self) -> Result<i64> {
        self.db.read(users::count)
    }

    /// Deletes a user with everything attached (roles, sessions, tokens, reset hashes).
    pub fn delete_user(&self, user_id: UserId) -> Result<()> {
        self.db.write(|tx| {
            if users::delete(tx, user_id)? {
                Ok(())
            } else {
                Err(Error::user_not_found(user_id))
            }
        })
    }

    /// Gives a user a role (11 to 15) in an organization, replacing any role it had there.
    pub fn set_organization_role(
        &self,
        organization_id: OrganizationId,
        user_id: UserId,
        role_id: i64,
    ) -> Result<()> {
        if let Some(p) = role_problem(role_id, RoleCategory::Organization) {
            return Err(Error::validation(vec![p]));
        }
        self.db.write(|tx| {
            let u = users::get(tx, user_id)?.ok_or_else(|| Error::user_not_found(user_id))?;
            grant_organization_role(tx, organization_id, &u, role_id)
        })
    }

    /// Takes a user out of an organization (and out of its teams).
    pub fn remove_organization_role(
        &self,
        organization_id: OrganizationId,
        user_id: UserId,
    ) -> Result<()> {
        self.remove_role(Scope::Organization(organization_id), user_id)
    }

    /// Gives a user a role (1 to 5) in a team. The user needs a role in the team's
    /// organization first.
    pub fn set_team_role(&self, team_id: TeamId, user_id: UserId, role_id: i64) -> Result<()> {
        if let Some(p) = role_problem(role_id, RoleCategory::Team) {
            return Err(Error::validation(vec![p]));
        }
        self.db.write(|tx| {
            let u = users::get(tx, user_id)?.ok_or_else(|| Error::user_not_found(user_id))?;
            grant_team_role(tx, team_id, &u, role_id)
        })
    }

    /// Takes a user out of a team.
    pub fn remove_team_role(&self, team_id: TeamId, user_id: UserId) -> Result<()> {
        self.remove_role(Scope::Team(team_id), user_id)
    }

    /// Takes a user out of an organization or a team; `SC404` when there was no role.
    fn remove_role(&self, scope: Scope, user_id: UserId) -> Result<()> {
        self.db.write(|tx| {
            if members::remove_role(tx, scope, user_id)? {
                return Ok(());
            }
            let place = match scope {
                Scope::Organization(id) => format!("organization {id}"),
                Scope::Team(id) => format!("team {id}"),
            };
            Err(Error::not_found(format!(
                "User {user_id} has no role in {place}."
            )))
        })
    }
}

/// Organization and team names follow the user-name rules.
fn checked_label(field: &str, name: &str) -> Result<String> {
    match validate::name(name) {
        None => Ok(name.to_owned()),
        Some(p) => Err(Error::validation(vec![p.replacen(
            "'name'",
            &format!("'{field}'"),
            1,
        )])),
    }
}

/// The problem with a role id of this category, if any.
pub(crate) fn role_problem(role_id: i64, category: RoleCategory) -> Option<String> {
    role(role_id, category).is_none().then(|| match category {
        RoleCategory::Organization => {
            format!("'usersRoleId' must be an organization role (11 to 15), not {role_id}.")
        }
        RoleCategory::Team => format!("'usersRoleId' must be a team role (1 to 5), not {role_id}."),
    })
}

/// Sets an organization role inside the caller's transaction.
fn grant_organization_role(
    tx: &Transaction,
    organization_id: OrganizationId,
    u: &UserRecord,
    role_id: i64,
) -> Result<()> {
    users::organization(tx, organization_id)?
        .ok_or_else(|| Error::not_found(format!("Organization {organization_id} not found.")))?;
    members::set_role(
        tx,
        Scope::Organization(organization_id),
        u,
        role_id,
        &lowercase(&u.name),
    )
}

/// Sets a team role inside the caller's transaction; the user needs a role in the team's
/// organization.
pub(crate) fn grant_team_role(
    tx: &Transaction,
    team_id: TeamId,
    u: &UserRecord,
    role_id: i64,
) -> Result<()> {
    let team = users::team(tx, team_id)?
        .ok_or_else(|| Error::not_found(format!("Team {team_id} not found.")))?;
    if members::role(tx, Scope::Organization(team.organization_id), u.id)?.is_none() {
        return Err(Error::bad_request(format!(
            "User {} needs a role in organization {} before a role in its team {team_id}.",
            u.id, team.organization_id
        )));
    }
    members::set_role(tx, Scope::Team(team_id), u, role_id, &lowercase(&u.name))
}
