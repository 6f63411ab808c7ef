//! The user object's columns (`cols[]`) and how a user renders as JSON.

use crate::data::enums;
use crate::host::clock::iso8601;
use crate::model::{OrganizationRole, TeamRole, UserRecord};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

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
    /// `emailNotifications`: always `null` (this store keeps no notification settings).
    EmailNotifications,
    /// `usersAdminsRoleId`: always `null` (this store has no platform administrators).
    UsersAdminsRoleId,
    /// `isAffiliatePartner`: always `false` (no affiliate programme).
    IsAffiliatePartner,
    /// `hasAddedApp`: always `false` (no apps).
    HasAddedApp,
    /// `supportEligible`: always `false` (no support plans).
    SupportEligible,
}

impl Column {
    /// Every column, in the order a full user object shows them.
    pub const ALL: [Column; 22] = [
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
        Column::EmailNotifications,
        Column::UsersAdminsRoleId,
        Column::IsAffiliatePartner,
        Column::HasAddedApp,
        Column::SupportEligible,
    ];

    /// The columns a listing shows when `cols[]` is not given: the first nine of
    /// [`Column::ALL`], from `id` to `avatar`.
    pub const DEFAULT: &[Column] = Column::ALL.split_at(9).0;

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
            Column::EmailNotifications => "emailNotifications",
            Column::UsersAdminsRoleId => "usersAdminsRoleId",
            Column::IsAffiliatePartner => "isAffiliatePartner",
            Column::HasAddedApp => "hasAddedApp",
            Column::SupportEligible => "supportEligible",
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
                    crate::wire::validate::truncate(n)
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

/// A user seen through a set of columns: serializes to the user object with exactly those
/// fields, in that order, straight into the output (no intermediate JSON tree).
pub struct UserView<'a> {
    /// The user.
    pub user: &'a UserRecord,
    /// The columns to show, in order.
    pub cols: &'a [Column],
    /// The user's roles (needed only for the role columns).
    pub(crate) roles: &'a Roles,
    /// Show Gravatar URLs made from the address ([`Config::gravatar`](crate::Config)).
    pub(crate) gravatar: bool,
}

/// The user's country: the stored one, else (a user made before countries were always set)
/// the region of the user's locale, else the United States (the default locale's).
fn country_id(u: &UserRecord) -> i64 {
    u.country_id
        .unwrap_or_else(|| enums::locale_country(u.locale_id))
}

/// The avatar of a user without one of its own: Make's Gravatar URL form, from the MD5 of the
/// trimmed lowercase address (Gravatar's rule), or with `gravatar` off Gravatar's generic
/// picture, which publishes nothing about the address.
fn avatar(email: &str, gravatar: bool) -> String {
    use md5::{Digest, Md5};
    if !gravatar {
        return "https://secure.gravatar.com/avatar/?d=mm".to_owned();
    }
    let digest = Md5::digest(crate::host::unicode::lowercase(email.trim()).as_bytes());
    // Into a buffer, digit by digit: a listing writes one per user, and `hex` with `format!`
    // (or `hex::encode_to_slice`'s iterator chain, in the size-optimized WebAssembly build)
    // cost several times more.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut url = String::with_capacity(76);
    url.push_str("https://secure.gravatar.com/avatar/");
    for byte in digest {
        url.push(char::from(DIGITS[usize::from(byte >> 4)]));
        url.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
    url.push_str(".jpg?d=mm");
    url
}

impl Serialize for UserView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let u = self.user;
        let mut m = s.serialize_map(Some(self.cols.len()))?;
        for &c in self.cols {
            let key = c.as_str();
            match c {
                Column::Id => m.serialize_entry(key, &u.id)?,
                Column::Name => m.serialize_entry(key, &u.name)?,
                Column::Email => m.serialize_entry(key, &u.email)?,
                Column::Language => m.serialize_entry(key, &u.language)?,
                Column::TimezoneId => m.serialize_entry(key, &u.timezone_id)?,
                Column::LocaleId => m.serialize_entry(key, &u.locale_id)?,
                Column::CountryId => m.serialize_entry(key, &country_id(u))?,
                // Parsed as a `Value`, not borrowed as a `RawValue`: serde_json's `RawValue`
                // visitor brings typed-error formatting (floats included, about 20 KB) into the
                // WebAssembly build. The stored object is small (`{}` for most users).
                // Most users have none: `{}` is written without being parsed.
                Column::Features if u.features == "{}" => m.serialize_entry(key, &Map::new())?,
                Column::Features => match serde_json::from_str::<Value>(&u.features) {
                    Ok(features @ Value::Object(_)) => m.serialize_entry(key, &features)?,
                    _ => m.serialize_entry(key, &Map::new())?,
                },
                Column::Avatar => match &u.avatar {
                    Some(url) => m.serialize_entry(key, url)?,
                    None => m.serialize_entry(key, &avatar(&u.email, self.gravatar))?,
                },
                Column::Timezone => {
                    m.serialize_entry(key, &enums::timezone(u.timezone_id).map(|t| t.code))?
                }
                Column::Locale => {
                    m.serialize_entry(key, &enums::locale(u.locale_id).map(|l| l.code))?
                }
                Column::LastLogin => m.serialize_entry(key, &u.last_login.map(iso8601))?,
                Column::HasPassword => m.serialize_entry(key, &u.password_hash.is_some())?,
                Column::ForceSetPassword => m.serialize_entry(key, &u.force_set_password)?,
                Column::TfaEnabled => m.serialize_entry(key, &u.tfa_enabled)?,
                Column::UserOrganizationRoles => {
                    m.serialize_entry(key, &self.roles.organization)?
                }
                Column::UserTeamRoles => m.serialize_entry(key, &self.roles.team)?,
                Column::EmailNotifications | Column::UsersAdminsRoleId => {
                    m.serialize_entry(key, &())?
                }
                Column::IsAffiliatePartner | Column::HasAddedApp | Column::SupportEligible => {
                    m.serialize_entry(key, &false)?
                }
            }
        }
        m.end()
    }
}
