//! One user as the API shows it (`UserBody`), read or with its profile updated.

use super::access::may_act_on;
use crate::Store;
use crate::data::enums;
use crate::host::unicode::lowercase;
use crate::model::UserId;
use crate::model::{Actor, UserRecord};
use crate::ops::roles::Editor;
use crate::storage::Transaction;
use crate::storage::members::{self};
use crate::storage::users;
use crate::wire::body::Body;
use crate::wire::columns::{Column, Roles, UserView};
use crate::wire::error::{Error, Result};
use crate::wire::validate;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

/// Loads the roles of a user (for the role columns), team roles marked changeable as the user
/// themself may change them.
fn roles_of(tx: &Transaction, user_id: UserId) -> Result<Roles> {
    let mut team = members::team_roles_of(tx, user_id)?;
    Editor::of_user(tx, Some(user_id))?.mark_changeable(&mut team);
    Ok(Roles {
        organization: members::organization_roles_of(tx, user_id)?,
        team,
    })
}

/// The body of a single-user operation, `{"user": {…}}` (or `{"authUser": {…}}` for
/// [`Store::me`]): the user with its columns, in order. It serializes straight into the output
/// without a JSON tree; [`UserBody::to_value`] gives the tree.
#[derive(Debug)]
pub struct UserBody {
    /// The key the user object sits under: `user` or `authUser`.
    pub key: &'static str,
    /// The user.
    pub user: UserRecord,
    /// The columns the user object shows, in order.
    pub cols: Vec<Column>,
    /// The user's roles, when a role column asks for them.
    roles: Roles,
    /// Show Gravatar URLs made from the address.
    gravatar: bool,
}

impl UserBody {
    /// The body as a JSON value.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("user bodies have string keys only")
    }
}

impl Serialize for UserBody {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let user = UserView {
            user: &self.user,
            cols: &self.cols,
            roles: &self.roles,
            gravatar: self.gravatar,
        };
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(self.key, &user)?;
        m.end()
    }
}

/// The body `{"<key>": user}` with the user's `cols`, loading roles only when a column needs
/// them; `gravatar` as [`Config::gravatar`](crate::Config).
pub(crate) fn user_body(
    tx: &Transaction,
    key: &'static str,
    user: UserRecord,
    cols: Vec<Column>,
    gravatar: bool,
) -> Result<UserBody> {
    let roles = if cols.iter().any(|c| c.needs_roles()) {
        roles_of(tx, user.id)?
    } else {
        Roles::default()
    };
    Ok(UserBody {
        key,
        user,
        cols,
        roles,
        gravatar,
    })
}

/// Profile changes: every field optional; absent means unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserPatch {
    /// New name.
    pub name: Option<String>,
    /// New language code.
    pub language: Option<String>,
    /// New timezone id.
    pub timezone_id: Option<i64>,
    /// New locale id.
    pub locale_id: Option<i64>,
    /// New country id.
    pub country_id: Option<i64>,
}

impl UserPatch {
    /// Reads a `PATCH /users/{userId}` body, reporting every problem (unknown fields, nulls,
    /// wrong types, field rules) as its own suberror.
    pub fn from_json(v: Value) -> Result<UserPatch> {
        let mut b = Body::new(v)?;
        let p = UserPatch {
            name: b.string("name", false),
            language: b.string("language", false),
            timezone_id: b.integer("timezoneId", false),
            locale_id: b.integer("localeId", false),
            country_id: b.integer("countryId", false),
        };
        for problem in p.problems() {
            b.problem(problem);
        }
        b.finish()?;
        Ok(p)
    }

    /// The field rules (SPEC section 2) the given fields break, one message per problem. A
    /// patch built in Rust rather than read from JSON is checked with these too.
    pub(crate) fn problems(&self) -> Vec<String> {
        [
            self.name.as_deref().and_then(validate::name),
            self.language.as_deref().and_then(validate::language),
            self.timezone_id.and_then(validate::timezone_id),
            self.locale_id.and_then(validate::locale_id),
            self.country_id.and_then(validate::country_id),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

impl Store {
    /// `GET /users/me`: the caller's own user, with the asked columns (default: all).
    /// Returns `{"authUser":{…}}`.
    pub fn me(&self, actor: &Actor, cols: &[String]) -> Result<UserBody> {
        let Some(user_id) = actor.user_id() else {
            return Err(Error::bad_request("The system actor has no user."));
        };
        let cols = if cols.is_empty() {
            Column::ALL.to_vec()
        } else {
            Column::parse_list(cols).map_err(|p| Error::validation(vec![p]))?
        };
        self.db.read(|tx| {
            let u = may_act_on(tx, actor, user_id, "organization:read")?;
            user_body(tx, "authUser", u, cols, self.config.gravatar)
        })
    }

    /// A user by id with every column, for the host. Returns `{"user":{…}}`.
    pub fn user(&self, actor: &Actor, user_id: UserId) -> Result<UserBody> {
        self.db.read(|tx| {
            let u = may_act_on(tx, actor, user_id, "user:read")?;
            user_body(tx, "user", u, Column::ALL.to_vec(), self.config.gravatar)
        })
    }

    /// `PATCH /users/{userId}`: changes the given profile fields. Returns `{"user":{…every
    /// field…}}`.
    pub fn update_user(
        &self,
        actor: &Actor,
        user_id: UserId,
        patch: &UserPatch,
    ) -> Result<UserBody> {
        let problems = patch.problems();
        if !problems.is_empty() {
            return Err(Error::validation(problems));
        }
        self.db.write(|tx| {
            let mut u = may_act_on(tx, actor, user_id, "user:write")?;
            // The membership tables keep a copy of the lowercase name for ordering: rewritten
            // only when it changes.
            let mut name_key = None;
            if let Some(name) = &patch.name {
                let key = lowercase(name);
                if key != lowercase(&u.name) {
                    name_key = Some(key);
                }
                u.name = name.clone();
            }
            // Codes are matched case-insensitively; the enum's own spelling is stored.
            if let Some(language) = patch.language.as_deref().and_then(enums::language) {
                u.language = language.code.to_owned();
            }
            u.timezone_id = patch.timezone_id.unwrap_or(u.timezone_id);
            u.locale_id = patch.locale_id.unwrap_or(u.locale_id);
            if patch.country_id.is_some() {
                u.country_id = patch.country_id;
            }
            users::update_profile(tx, &u, name_key.as_deref())?;
            user_body(tx, "user", u, Column::ALL.to_vec(), self.config.gravatar)
        })
    }
}
