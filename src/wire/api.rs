//! Every operation by name, with JSON in and JSON out: the one entry point the C and wasm
//! bindings translate to, so no binding repeats the dispatch.
//!
//! `args` is a JSON object: the operation's wire body plus its path or query parameters as
//! extra keys (for example `updateUser` takes `{"userId": 5, "name": "Jane"}`).

use crate::model::{Credential, SCOPES};
use crate::ops::outbox::OutboxQuery;
use crate::security::secret::Secret;
use crate::wire::body::Body;
use crate::wire::error::{Error, Result};
use crate::{
    Actor, ChangeEmail, ChangePassword, ListUsers, NewApiToken, NewUser, ResetPassword, Store,
    UserBody, UserPage, UserPatch,
};
use crate::{enums, http};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value, json};

/// Strict JSON for operation arguments: duplicate keys are refused, as in request bodies.
pub use crate::wire::body::parse_json;

/// The names [`call`] accepts.
pub const OPERATIONS: &[&str] = &[
    "createOrganization",
    "createTeam",
    "createUser",
    "importUsers",
    "deleteUser",
    "setOrganizationRole",
    "removeOrganizationRole",
    "setTeamRole",
    "removeTeamRole",
    "listUsers",
    "me",
    "getUser",
    "updateUser",
    "changeEmail",
    "confirmEmailChange",
    "changePassword",
    "demandPasswordReset",
    "openResetSession",
    "resetPassword",
    "login",
    "logout",
    "currentAuthorization",
    "createApiToken",
    "listApiTokens",
    "deleteApiToken",
    "outbox",
    "acknowledgeMail",
    "auditLog",
    "enums",
    "roles",
    "advanceClock",
    "seedDemo",
];

/// Who calls an operation. Acting as the host's system actor is always asked for by name:
/// a missing authorization is [`Caller::Anonymous`], never the system (SPEC section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller<'a> {
    /// The host itself, with every right. Never reachable over HTTP.
    System,
    /// No credentials: only what needs no caller (login, the reset steps, enums, …); every
    /// other operation answers `SC401`.
    Anonymous,
    /// An `Authorization` header value: `Bearer <session token>` or `Token <API token>`.
    Authorization(&'a str),
}

impl<'a> Caller<'a> {
    /// The caller of a binding's call: an authorization value, or anonymous when there is
    /// none (JavaScript's `null` or `undefined`, C's `NULL`).
    pub fn from_authorization(authorization: Option<&'a str>) -> Caller<'a> {
        authorization.map_or(Caller::Anonymous, Caller::Authorization)
    }

    /// The actor this caller acts as; `None` for an anonymous caller.
    pub fn actor(self, store: &Store) -> Result<Option<Actor>> {
        match self {
            Caller::System => Ok(Some(Actor::System)),
            Caller::Anonymous => Ok(None),
            Caller::Authorization(value) => http::auth_from_header(store, value).map(Some),
        }
    }
}

/// Takes `key` out of `args` as a required positive integer.
fn take_id(args: &mut Map<String, Value>, key: &str) -> Result<i64> {
    match args.remove(key) {
        Some(Value::Number(n)) if n.as_i64().is_some_and(|v| v > 0) => {
            Ok(n.as_i64().unwrap_or_default())
        }
        Some(_) => Err(Error::validation(vec![format!(
            "'{key}' must be a positive integer."
        )])),
        None => Err(Error::validation(vec![format!("'{key}' is required.")])),
    }
}

/// Reads an all-optional integer-fields object like `{"offset":0,"limit":10}`.
fn paging(args: Map<String, Value>, keys: &[&str]) -> Result<Vec<Option<i64>>> {
    let mut b = Body::new(Value::Object(args))?;
    let out = keys.iter().map(|k| b.integer(k, false)).collect();
    b.finish()?;
    Ok(out)
}

/// The arguments of an operation as a JSON object (`null` is an empty one).
fn object(args: Value) -> Result<Map<String, Value>> {
    match args {
        Value::Object(m) => Ok(m),
        Value::Null => Ok(Map::new()),
        _ => Err(Error::bad_request("The arguments must be a JSON object.")),
    }
}

/// What an operation gives back: a JSON value, or a typed body that serializes without one.
pub(crate) enum Reply {
    Value(Value),
    User(UserBody),
    Page(UserPage),
}

impl Serialize for Reply {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Reply::Value(value) => value.serialize(s),
            Reply::User(body) => body.serialize(s),
            Reply::Page(page) => page.serialize(s),
        }
    }
}

/// [`call`] with the result as JSON text, which is what the bindings hand on. Users and
/// listings are written straight from their typed bodies, without building a JSON tree.
///
/// A reply that carries a token (`login`, `createApiToken`, `openResetSession`) is written into
/// a buffer large enough that it never grows (growing would free a copy unwiped), and its JSON
/// tree is wiped afterwards; the text returned is the caller's to wipe.
pub fn call_json(store: &Store, caller: Caller<'_>, op: &str, args: Value) -> Result<String> {
    let text = dispatch(store, caller, op, args)?.into_json()?;
    Ok(String::from_utf8(text).expect("serde_json writes UTF-8"))
}

impl From<Value> for Reply {
    fn from(value: Value) -> Reply {
        Reply::Value(value)
    }
}

impl Reply {
    /// The reply as a JSON tree.
    pub(crate) fn into_value(self) -> Result<Value> {
        match self {
            Reply::Value(value) => Ok(value),
            typed => Ok(serde_json::to_value(typed)?),
        }
    }

    /// The reply as JSON bytes. One that carries a token (`login`, `createApiToken`,
    /// `openResetSession`) is written into a buffer large enough that it never grows (growing
    /// would free a copy unwiped), and its JSON tree is wiped afterwards; the bytes are the
    /// caller's to wipe.
    pub(crate) fn into_json(mut self) -> Result<Vec<u8>> {
        let mut text = Vec::with_capacity(4096);
        serde_json::to_writer(&mut text, &self)?;
        if let Reply::Value(value) = &mut self {
            crate::wire::body::wipe(value);
        }
        Ok(text)
    }
}

/// Runs operation `op` as `caller`.
pub fn call(store: &Store, caller: Caller<'_>, op: &str, args: Value) -> Result<Value> {
    dispatch(store, caller, op, args)?.into_value()
}

fn dispatch(store: &Store, caller: Caller<'_>, op: &str, args: Value) -> Result<Reply> {
    run(store, caller.actor(store)?, op, args)
}

/// Runs operation `op` as `actor` (`None`: anonymous); the one place every front door (the
/// bindings' `call`, the HTTP router) reaches the operations through.
pub(crate) fn run(store: &Store, actor: Option<Actor>, op: &str, args: Value) -> Result<Reply> {
    let mut a = object(args)?;
    if let Some(value) = without_caller(store, op, &mut a)? {
        return Ok(Reply::Value(value));
    }
    let Some(actor) = actor else {
        return Err(if OPERATIONS.contains(&op) {
            Error::unauthorized()
        } else {
            unknown(op)
        });
    };
    let host_only = |actor: &Actor| match actor {
        Actor::System => Ok(()),
        _ => Err(Error::forbidden("Only the host may do this.")),
    };
    let ok = || json!({ "ok": 1 });
    let rest = |a: Map<String, Value>| Value::Object(a);
    match op {
        "createOrganization"
        | "createTeam"
        | "setOrganizationRole"
        | "removeOrganizationRole"
        | "setTeamRole"
        | "removeTeamRole"
        | "createUser"
        | "importUsers"
        | "deleteUser"
        | "outbox"
        | "acknowledgeMail"
        | "auditLog"
        | "advanceClock"
        | "seedDemo" => host_only(&actor)?,
        _ => {}
    }
    match op {
        "createUser" => {
            return Ok(Reply::User(
                store.create_user(NewUser::from_json(rest(a))?)?,
            ));
        }
        "listUsers" => {
            let query = ListUsers::from_json(&rest(a))?;
            return Ok(Reply::Page(store.list_users_page(&actor, &query)?));
        }
        "me" => {
            let mut b = Body::new(rest(a))?;
            let cols = b.strings("cols", false).unwrap_or_default();
            b.finish()?;
            return Ok(Reply::User(store.me(&actor, &cols)?));
        }
        "getUser" => {
            let id = take_id(&mut a, "userId")?;
            Body::new(rest(a))?.finish()?;
            return Ok(Reply::User(store.user(&actor, id)?));
        }
        "updateUser" => {
            let id = take_id(&mut a, "userId")?;
            let patch = UserPatch::from_json(rest(a))?;
            return Ok(Reply::User(store.update_user(&actor, id, &patch)?));
        }
        _ => {}
    }
    let value = match op {
        "createOrganization" => {
            let mut b = Body::new(rest(a))?;
            let name = b.string("name", true).unwrap_or_default();
            b.finish()?;
            Ok(json!({ "organization": store.create_organization(&name)? }))
        }
        "createTeam" => {
            let organization_id = take_id(&mut a, "organizationId")?;
            let mut b = Body::new(rest(a))?;
            let name = b.string("name", true).unwrap_or_default();
            b.finish()?;
            Ok(json!({ "team": store.create_team(organization_id, &name)? }))
        }
        "importUsers" => {
            let users = match a.remove("users") {
                Some(Value::Array(items)) => items
                    .into_iter()
                    .map(NewUser::from_json)
                    .collect::<Result<Vec<_>>>()?,
                _ => {
                    return Err(Error::validation(vec![
                        "'users' must be an array of users.".into(),
                    ]));
                }
            };
            Body::new(rest(a))?.finish()?;
            Ok(json!({ "ids": store.import_users(users)? }))
        }
        "deleteUser" => {
            store.delete_user(take_id(&mut a, "userId")?)?;
            Ok(ok())
        }
        "setOrganizationRole" | "setTeamRole" | "removeOrganizationRole" | "removeTeamRole" => {
            let scope_key = if op.contains("Organization") {
                "organizationId"
            } else {
                "teamId"
            };
            let scope_id = take_id(&mut a, scope_key)?;
            let user_id = take_id(&mut a, "userId")?;
            match op {
                "setOrganizationRole" => store.set_organization_role(
                    scope_id,
                    user_id,
                    take_id(&mut a, "usersRoleId")?,
                )?,
                "setTeamRole" => {
                    store.set_team_role(scope_id, user_id, take_id(&mut a, "usersRoleId")?)?
                }
                "removeOrganizationRole" => store.remove_organization_role(scope_id, user_id)?,
                _ => store.remove_team_role(scope_id, user_id)?,
            }
            Body::new(rest(a))?.finish()?;
            Ok(ok())
        }
        "changeEmail" => {
            let id = take_id(&mut a, "userId")?;
            store.change_email(&actor, id, &ChangeEmail::from_json(rest(a))?)
        }
        "changePassword" => {
            let id = take_id(&mut a, "userId")?;
            store.change_password(&actor, id, &ChangePassword::from_json(rest(a))?)
        }
        "logout" => {
            store.logout(&actor)?;
            Ok(ok())
        }
        "currentAuthorization" => Ok(current_authorization(&actor)),
        "createApiToken" => store.create_api_token(&actor, &NewApiToken::from_json(rest(a))?),
        "listApiTokens" => store.list_api_tokens(&actor),
        "deleteApiToken" => {
            let id = take_id(&mut a, "id")?;
            store.delete_api_token(&actor, id)
        }
        "outbox" => {
            let all = matches!(a.remove("all"), Some(Value::Bool(true)));
            let p = paging(a, &["after", "limit"])?;
            let d = OutboxQuery::default();
            let q = OutboxQuery {
                all,
                after: p[0].unwrap_or(d.after),
                limit: p[1].unwrap_or(d.limit),
            };
            Ok(json!({ "mails": store.outbox(q)? }))
        }
        "acknowledgeMail" => {
            store.acknowledge_mail(take_id(&mut a, "id")?)?;
            Ok(ok())
        }
        "auditLog" => {
            let p = paging(a, &["userId", "offset", "limit"])?;
            Ok(json!({ "events": store.audit_log(p[0], p[1].unwrap_or(0), p[2].unwrap_or(100))? }))
        }
        "advanceClock" => {
            let p = paging(a, &["seconds"])?;
            store.advance_clock(p[0].unwrap_or(0))?;
            Ok(ok())
        }
        "seedDemo" => {
            Body::new(rest(a))?.finish()?;
            let seeded = store.seed_demo()?;
            Ok(json!({ "seeded": seeded, "login": store.demo_login()? }))
        }
        _ => Err(unknown(op)),
    };
    value.map(Reply::Value)
}

fn unknown(op: &str) -> Error {
    Error::not_found(format!(
        "Unknown operation '{}'.",
        crate::wire::validate::truncate(op)
    ))
}

/// The operations that act for nobody (signing in, the reset steps, confirming an email
/// change, the enums and roles): the same for every caller, whose credentials they ignore.
pub(crate) const WITHOUT_CALLER: [&str; 7] = [
    "confirmEmailChange",
    "demandPasswordReset",
    "openResetSession",
    "resetPassword",
    "login",
    "enums",
    "roles",
];

/// Runs one of the [`WITHOUT_CALLER`] operations; `Ok(None)` for any other.
fn without_caller(store: &Store, op: &str, a: &mut Map<String, Value>) -> Result<Option<Value>> {
    if !WITHOUT_CALLER.contains(&op) {
        return Ok(None);
    }
    let mut body = || Body::new(Value::Object(std::mem::take(a)));
    let value = match op {
        "confirmEmailChange" => {
            let mut b = body()?;
            let token = b.secret("token").unwrap_or_default();
            b.finish()?;
            store.confirm_email_change(token.expose())?
        }
        "demandPasswordReset" => {
            let email = crate::demand_from_json(Value::Object(std::mem::take(a)))?;
            store.demand_password_reset(&email)?
        }
        "openResetSession" => {
            let mut b = body()?;
            let hash = b.secret("hash").unwrap_or_default();
            b.finish()?;
            let session = store.open_reset_session(hash.expose())?;
            json!({ "ok": 1, "resetSession": session.expose() })
        }
        "resetPassword" => {
            let session = match a.remove("resetSession") {
                Some(Value::String(s)) => Secret::new(s),
                _ => {
                    return Err(Error::bad_request(
                        "The password reset session is invalid or has expired.",
                    ));
                }
            };
            let req = ResetPassword::from_json(Value::Object(std::mem::take(a)))?;
            store.reset_password(session.expose(), &req)?
        }
        "login" => {
            let mut b = body()?;
            let email = b.string("email", true).unwrap_or_default();
            let password = b.secret("password").unwrap_or_default();
            b.finish()?;
            store.login(&email, &password)?.to_json()
        }
        "enums" => {
            let mut b = body()?;
            let kind = b.string("kind", true);
            // A missing kind is already reported; the rule applies to a given one.
            if let Some(k) = &kind
                && !["timezones", "countries", "locales", "languages"].contains(&k.as_str())
            {
                b.problem("'kind' must be timezones, countries, locales or languages.".into());
            }
            b.finish()?;
            enum_body(&kind.unwrap_or_default())
        }
        "roles" => json!({ "usersRoles": crate::model::ROLES }),
        _ => return Ok(None),
    };
    Ok(Some(value))
}

/// `{"authorization":{"authUsed","scope"}}` for the caller.
fn current_authorization(actor: &Actor) -> Value {
    let (used, scope): (&str, Vec<String>) = match actor {
        Actor::User {
            credential: Credential::Token { scope, .. },
            ..
        } => ("token", scope.clone()),
        _ => ("session", SCOPES.iter().map(|s| s.to_string()).collect()),
    };
    json!({ "authorization": { "authUsed": used, "scope": scope } })
}

/// The body of `GET /enums/{kind}`.
fn enum_body(kind: &str) -> Value {
    match kind {
        "timezones" => json!({ "timezones": enums::timezones() }),
        "countries" => json!({ "countries": enums::countries() }),
        "locales" => json!({ "locales": enums::locales() }),
        _ => json!({ "languages": enums::languages() }),
    }
}
