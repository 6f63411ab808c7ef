//! SQL for users, organizations and teams.

use super::Transaction;
use super::sql::{Row, args};
use crate::host::clock::Millis;
use crate::model::{Organization, PasswordForm, Team, UserRecord};
use crate::model::{OrganizationId, TeamId, UserId};
use crate::security::secret::Secret;
use crate::wire::error::Result;

/// The column list every user query selects, in [`user_from_row`]'s order (a macro, so that
/// whole statements are `concat!`ed once at compile time).
macro_rules! user_columns {
    () => {
        "u.id, u.name, u.email, u.language, u.timezone_id, u.locale_id, u.country_id, \
         u.features, u.avatar, u.created_at, u.last_login, u.password_hash, \
         u.force_set_password, u.tfa_enabled"
    };
}

/// [`user_columns!`] for listings, which never read password hashes out of the database: the
/// hash column yields an empty string for an account with a password (NULL without), which
/// is all `hasPassword` needs.
pub(crate) const LISTED_USER_COLUMNS: &str = "u.id, u.name, u.email, u.language, u.timezone_id, \
     u.locale_id, u.country_id, u.features, u.avatar, u.created_at, u.last_login, \
     substr(u.password_hash, 1, 0), u.force_set_password, u.tfa_enabled";

/// Maps a row selected with [`user_columns!`] or [`LISTED_USER_COLUMNS`].
pub(crate) fn user_from_row(r: &Row<'_>) -> Result<UserRecord> {
    Ok(UserRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        language: r.get(3)?,
        timezone_id: r.get(4)?,
        locale_id: r.get(5)?,
        country_id: r.get(6)?,
        features: r.get(7)?,
        avatar: r.get(8)?,
        created_at: r.get(9)?,
        last_login: r.get(10)?,
        password_hash: r.get::<Option<String>>(11)?.map(Secret::from),
        force_set_password: r.get(12)?,
        tfa_enabled: r.get(13)?,
    })
}

/// A user row to insert.
pub(crate) struct NewUserRow<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub email_key: &'a str,
    pub language: &'a str,
    pub timezone_id: i64,
    pub locale_id: i64,
    pub country_id: Option<i64>,
    pub password_hash: Option<&'a str>,
    pub force_set_password: bool,
    pub created_at: Millis,
}

/// Inserts a user and returns its id.
pub(crate) fn insert(tx: &Transaction, u: &NewUserRow<'_>) -> Result<UserId> {
    tx.query_value(
        "INSERT INTO users (name, email, email_key, language, timezone_id, locale_id, country_id, \
         created_at, password_hash, force_set_password) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
         RETURNING id",
        args![
            u.name,
            u.email,
            u.email_key,
            u.language,
            u.timezone_id,
            u.locale_id,
            u.country_id,
            u.created_at,
            u.password_hash,
            u.force_set_password
        ],
    )
}

/// The user with this id.
pub(crate) fn get(tx: &Transaction, id: UserId) -> Result<Option<UserRecord>> {
    const SQL: &str = concat!("SELECT ", user_columns!(), " FROM users u WHERE u.id = ?1");
    tx.query_opt(SQL, args![id], user_from_row)
}

/// The user with this lowercase email.
pub(crate) fn by_email_key(tx: &Transaction, email_key: &str) -> Result<Option<UserRecord>> {
    const SQL: &str = concat!(
        "SELECT ",
        user_columns!(),
        " FROM users u WHERE u.email_key = ?1"
    );
    tx.query_opt(SQL, args![email_key], user_from_row)
}

/// True when another user than `except` has this lowercase email.
pub(crate) fn email_taken(tx: &Transaction, email_key: &str, except: UserId) -> Result<bool> {
    tx.query_value(
        "SELECT EXISTS (SELECT 1 FROM users WHERE email_key = ?1 AND id != ?2)",
        args![email_key, except],
    )
}

/// Writes the profile fields of `u` (name, language, timezone, locale, country) and, given the
/// new lowercase name, the membership sort keys.
pub(crate) fn update_profile(
    tx: &Transaction,
    u: &UserRecord,
    name_key: Option<&str>,
) -> Result<()> {
    tx.execute(
        "UPDATE users SET name = ?2, language = ?3, timezone_id = ?4, locale_id = ?5, country_id = ?6 \
         WHERE id = ?1",
        args![u.id, &u.name, &u.language, u.timezone_id, u.locale_id, u.country_id],
    )?;
    if let Some(name_key) = name_key {
        for sql in [
            "UPDATE organization_members SET name_key = ?2 WHERE user_id = ?1",
            "UPDATE team_members SET name_key = ?2 WHERE user_id = ?1",
        ] {
            tx.execute(sql, args![u.id, name_key])?;
        }
    }
    Ok(())
}

/// Sets the email (and its lowercase key everywhere).
pub(crate) fn set_email(tx: &Transaction, id: UserId, email: &str, email_key: &str) -> Result<()> {
    tx.execute(
        "UPDATE users SET email = ?2, email_key = ?3 WHERE id = ?1",
        args![id, email, email_key],
    )?;
    for sql in [
        "UPDATE organization_members SET email_key = ?2 WHERE user_id = ?1",
        "UPDATE team_members SET email_key = ?2 WHERE user_id = ?1",
    ] {
        tx.execute(sql, args![id, email_key])?;
    }
    Ok(())
}

/// Sets a new password: replaces the hash and clears `forceSetPassword`.
pub(crate) fn set_password_hash(tx: &Transaction, id: UserId, phc: &str) -> Result<()> {
    tx.execute(
        "UPDATE users SET force_set_password = FALSE WHERE id = ?1",
        args![id],
    )?;
    rehash(tx, id, phc)
}

/// Replaces the hash of the same password (a stronger or NFKC one after a login), leaving
/// `forceSetPassword` as it is.
pub(crate) fn rehash(tx: &Transaction, id: UserId, phc: &str) -> Result<()> {
    tx.execute(
        "UPDATE users SET password_hash = ?2 WHERE id = ?1",
        args![id, phc],
    )?;
    // A hash the store made is of the NFKC form.
    tx.execute("DELETE FROM imported_hashes WHERE user_id = ?1", args![id])?;
    Ok(())
}

/// Marks the user's password hash as imported: possibly of the password as typed.
pub(crate) fn mark_hash_imported(tx: &Transaction, id: UserId) -> Result<()> {
    tx.execute(
        "INSERT INTO imported_hashes (user_id) VALUES (?1) ON CONFLICT DO NOTHING",
        args![id],
    )?;
    Ok(())
}

/// Sets the user's `force_set_password`. False when there is no such user.
pub(crate) fn require_password_change(tx: &Transaction, id: UserId) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE users SET force_set_password = TRUE WHERE id = ?1",
        args![id],
    )? > 0)
}

/// Users with an id above `after`, by id, at most `limit`.
pub(crate) fn page_by_id(tx: &Transaction, after: i64, limit: i64) -> Result<Vec<UserRecord>> {
    tx.query(
        concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u WHERE u.id > ?1 ORDER BY u.id LIMIT ?2"
        ),
        args![after, limit],
        user_from_row,
    )
}

/// How the user's password hash was made: `AsTyped` for an imported one.
pub(crate) fn hash_form(tx: &Transaction, id: UserId) -> Result<PasswordForm> {
    let imported: bool = tx.query_value(
        "SELECT EXISTS (SELECT 1 FROM imported_hashes WHERE user_id = ?1)",
        args![id],
    )?;
    Ok(if imported {
        PasswordForm::AsTyped
    } else {
        PasswordForm::Nfkc
    })
}

/// Records a successful login.
pub(crate) fn set_last_login(tx: &Transaction, id: UserId, at: Millis) -> Result<()> {
    tx.execute(
        "UPDATE users SET last_login = ?2 WHERE id = ?1",
        args![id, at],
    )?;
    Ok(())
}

/// The number of users.
pub(crate) fn count(tx: &Transaction) -> Result<i64> {
    tx.query_value("SELECT count(*) FROM users", args![])
}

/// Deletes a user and everything that hangs off it. False when there was no such user.
pub(crate) fn delete(tx: &Transaction, id: UserId) -> Result<bool> {
    Ok(tx.execute("DELETE FROM users WHERE id = ?1", args![id])? > 0)
}

/// Inserts an organization.
pub(crate) fn insert_organization(tx: &Transaction, name: &str) -> Result<Organization> {
    let id = tx.query_value(
        "INSERT INTO organizations (name) VALUES (?1) RETURNING id",
        args![name],
    )?;
    Ok(Organization {
        id: OrganizationId(id),
        name: name.to_owned(),
    })
}

/// The organization with this id.
pub(crate) fn organization(tx: &Transaction, id: OrganizationId) -> Result<Option<Organization>> {
    tx.query_opt(
        "SELECT id, name FROM organizations WHERE id = ?1",
        args![id],
        |r| {
            Ok(Organization {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        },
    )
}

/// Inserts a team.
pub(crate) fn insert_team(
    tx: &Transaction,
    organization_id: OrganizationId,
    name: &str,
) -> Result<Team> {
    let id = tx.query_value(
        "INSERT INTO teams (organization_id, name) VALUES (?1, ?2) RETURNING id",
        args![organization_id, name],
    )?;
    Ok(Team {
        id: TeamId(id),
        organization_id,
        name: name.to_owned(),
    })
}

/// The team with this id.
pub(crate) fn team(tx: &Transaction, id: TeamId) -> Result<Option<Team>> {
    tx.query_opt(
        "SELECT id, organization_id, name FROM teams WHERE id = ?1",
        args![id],
        |r| {
            Ok(Team {
                id: r.get(0)?,
                organization_id: r.get(1)?,
                name: r.get(2)?,
            })
        },
    )
}
