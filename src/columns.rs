//! The user object's columns (`cols[]`) and how a user renders as JSON.

use crate::clock::iso8601;
use crate::enums;
use crate::model::{OrganizationRole, TeamRole, UserRecord};
use serde_json::{Map, Value, json};

/// A column of the user object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// `id`
    Id,
    /// `name`
    Name,
    /// `email`
    Email,
    /// `language`
    Language,
    /// `timezoneId`
    TimezoneId,
    /// `localeId`
    LocaleId,
    /// `countryId`
    CountryId,
    /// `features`
    Features,
    /// `avatar`
    Avatar,
    /// `timezone` (IANA code)
    Timezone,
    /// `locale` (locale code)
    Locale,
    /// `lastLogin`
    LastLogin,
    /// `hasPassword`
    HasPassword,
    /// `forceSetPassword`
    ForceSetPassword,
    /// `tfaEnabled`
    TfaEnabled,
    /// `userOrganizationRoles`
    UserOrganizationRoles,
    /// `userTeamRoles`
    UserTeamRoles,
}

impl Column {
    /// Every column, in the order a full user object shows them.
    pub const ALL: [Column; 17] = [
        Column::Id,
        Column::Name,
        Column::Email,
        Column::Language,
        Column::TimezoneId,
        Column::LocaleId,
        Column::CountryId,
        Column::Features,
        Column::Avatar,
        Column::Timezone,
        Column::Locale,
        Column::LastLogin,
        Column::HasPassword,
        Column::ForceSetPassword,
        Column::TfaEnabled,
        Column::UserOrganizationRoles,
        Column::UserTeamRoles,
    ];

    /// The columns a listing shows when `cols[]` is not given.
    pub const DEFAULT: [Column; 9] = [
        Column::Id,
        Column::Name,
        Column::Email,
        Column::Language,
        Column::TimezoneId,
        Column::LocaleId,
        Column::CountryId,
        Column::Features,
        Column::Avatar,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Name => "name",
            Column::Email => "email",
            Column::Language => "language",
            Column::TimezoneId => "timezoneId",
            Column::LocaleId => "localeId",
            Column::CountryId => "countryId",
            Column::Features => "features",
            Column::Avatar => "avatar",
            Column::Timezone => "timezone",
            Column::Locale => "locale",
            Column::LastLogin => "lastLogin",
            Column::HasPassword => "hasPassword",
            Column::ForceSetPassword => "forceSetPassword",
            Column::TfaEnabled => "tfaEnabled",
            Column::UserOrganizationRoles => "userOrganizationRoles",
            Column::UserTeamRoles => "userTeamRoles",
        }
    }

    /// The column with this wire name.
    pub fn parse(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// Parses a `cols[]` list: no list gives the defaults; an unknown name is an error
    /// message; duplicates are dropped.
    pub fn parse_list(names: &[String]) -> Result<Vec<Column>, String> {
        if names.is_empty() {
            return Ok(Column::DEFAULT.to_vec());
        }
        let mut cols = Vec::new();
        for n in names {
            let c = Column::parse(n).ok_or_else(|| {
                format!(
                    "Unknown column '{}' in 'cols[]'.",
                    crate::validate::truncate(n)
                )
            })?;
            if !cols.contains(&c) {
                cols.push(c);
            }
        }
        Ok(cols)
    }

    /// True for the columns that need the user's roles loaded.
    pub fn needs_roles(self) -> bool {
        matches!(self, Column::UserOrganizationRoles | Column::UserTeamRoles)
    }
}

/// A user's roles, loaded only when a column asks for them.
#[derive(Debug, Default)]
pub(crate) struct Roles {
    pub organization: Vec<OrganizationRole>,
    pub team: Vec<TeamRole>,
}

/// Renders a user with the given columns, in that order.
pub(crate) fn render(u: &UserRecord, cols: &[Column], roles: &Roles) -> Value {
    let mut m = Map::new();
    for &c in cols {
        let v = match c {
            Column::Id => json!(u.id),
            Column::Name => json!(u.name),
            Column::Email => json!(u.email),
            Column::Language => json!(u.language),
            Column::TimezoneId => json!(u.timezone_id),
            Column::LocaleId => json!(u.locale_id),
            Column::CountryId => json!(u.country_id),
            Column::Features => serde_json::from_str(&u.features).unwrap_or_else(|_| json!({})),
            Column::Avatar => json!(u.avatar),
            Column::Timezone => json!(enums::timezone(u.timezone_id).map(|t| t.code)),
            Column::Locale => json!(enums::locale(u.locale_id).map(|l| l.code)),
            Column::LastLogin => json!(u.last_login.map(iso8601)),
            Column::HasPassword => json!(u.password_hash.is_some()),
            Column::ForceSetPassword => json!(u.force_set_password),
            Column::TfaEnabled => json!(u.tfa_enabled),
            Column::UserOrganizationRoles => json!(roles.organization),
            Column::UserTeamRoles => json!(roles.team),
        };
        m.insert(c.as_str().to_owned(), v);
    }
    Value::Object(m)
}
