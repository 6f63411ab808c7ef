//! The route table: which (method, path) runs which operation.

use super::{PREFIX, RESET_COOKIE, Request, Response, SESSION_COOKIE, auth, client, query};
use crate::error::{Code, Error, Result};
use crate::model::{Actor, Credential, ROLES, SCOPES};
use crate::wire::{self, Body, parse_json};
use crate::{
    ChangeEmail, ChangePassword, ListUsers, NewApiToken, ResetPassword, Store, UserPatch, enums,
};
use serde_json::{Value, json};

/// A matched route, with its path parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Users,
    Me,
    MeAuthorization,
    MeTokens,
    MeToken(i64),
    Roles,
    User(i64),
    UserEmail(i64),
    UserPassword(i64),
    ResetDemand,
    Reset,
    EmailConfirmation,
    Enum(&'static str),
    Sessions,
    CurrentSession,
}

impl Route {
    /// The methods this route answers.
    fn methods(self) -> &'static [&'static str] {
        match self {
            Route::MeTokens => &["GET", "POST"],
            Route::Reset => &["GET", "POST"],
            Route::User(_) => &["PATCH"],
            Route::UserEmail(_) | Route::UserPassword(_) => &["PUT"],
            Route::ResetDemand | Route::EmailConfirmation | Route::Sessions => &["POST"],
            Route::MeToken(_) | Route::CurrentSession => &["DELETE"],
            _ => &["GET"],
        }
    }

    /// The credential routes, throttled per client before any work (SPEC section 4): login,
    /// the reset demand, opening a reset session and setting the new password, and the
    /// password and email changes.
    fn is_credential(self) -> bool {
        matches!(
            self,
            Route::Sessions
                | Route::ResetDemand
                | Route::Reset
                | Route::UserPassword(_)
                | Route::UserEmail(_)
        )
    }
}

/// Splits and decodes the path below [`PREFIX`]; `None` for anything that is not a clean
/// route path (`..`, encoded slashes, empty segments).
fn segments(path: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix(PREFIX)?.strip_prefix('/')?;
    rest.split('/')
        .map(|raw| {
            let s = query::decode(raw).ok()?;
            let clean = !s.is_empty()
                && s != "."
                && s != ".."
                && !s.contains(['/', '\\'])
                && !raw.contains('+');
            clean.then_some(s)
        })
        .collect()
}

fn id(s: &str) -> Option<i64> {
    s.parse::<i64>()
        .ok()
        .filter(|&n| n > 0 && s.bytes().all(|b| b.is_ascii_digit()))
}

fn match_route(path: &str) -> Option<Route> {
    let segs = segments(path)?;
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    Some(match s.as_slice() {
        ["users"] => Route::Users,
        ["users", "me"] => Route::Me,
        ["users", "me", "current-authorization"] => Route::MeAuthorization,
        ["users", "me", "api-tokens"] => Route::MeTokens,
        ["users", "me", "api-tokens", t] => Route::MeToken(id(t)?),
        ["users", "roles"] => Route::Roles,
        ["users", "password-reset-demand"] => Route::ResetDemand,
        ["users", "password-reset"] => Route::Reset,
        ["users", "email-confirmation"] => Route::EmailConfirmation,
        ["users", u] => Route::User(id(u)?),
        ["users", u, "attributes", "email"] => Route::UserEmail(id(u)?),
        ["users", u, "attributes", "password"] => Route::UserPassword(id(u)?),
        ["enums", "timezones"] => Route::Enum("timezones"),
        ["enums", "countries"] => Route::Enum("countries"),
        ["enums", "locales"] => Route::Enum("locales"),
        ["enums", "languages"] => Route::Enum("languages"),
        ["sessions"] => Route::Sessions,
        ["sessions", "current"] => Route::CurrentSession,
        _ => return None,
    })
}

/// The request body as a JSON value, after the content-type check.
fn json_body(req: &Request) -> Result<Value> {
    let ct = req.header_value("content-type").unwrap_or("");
    let mime = ct.split(';').next().unwrap_or("").trim();
    if !mime.eq_ignore_ascii_case("application/json") {
        return Err(Error::new(
            Code::SC415,
            "Unsupported Media Type",
            "The request body must be JSON (content-type: application/json).",
        ));
    }
    parse_json(&req.body)
}

/// The decoded query pairs, wiped when the request is answered (a reset link's hash travels
/// in one).
struct Pairs(Vec<(String, String)>);

impl Drop for Pairs {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        for (key, value) in &mut self.0 {
            key.zeroize();
            value.zeroize();
        }
    }
}

/// A `set-cookie` value, written once into a buffer of its final size (`value` is a session
/// token: a growing buffer would free copies of it unwiped).
fn cookie(name: &str, value: &str, path: &str, max_age: i64) -> String {
    let attributes = format!("; HttpOnly; Secure; SameSite=Strict; Path={path}; Max-Age={max_age}");
    let mut out = String::with_capacity(name.len() + 1 + value.len() + attributes.len());
    for part in [name, "=", value, &attributes] {
        out.push_str(part);
    }
    out
}

/// A 200 response with `body` written as JSON.
fn ok(body: impl serde::Serialize) -> Result<Response> {
    Ok(Response::json_bytes(200, serde_json::to_vec(&body)?))
}

/// Routes one request; every failure comes back as an [`Error`] for the error body.
pub(super) fn route(store: &Store, req: &Request) -> Result<Response> {
    if req.body.len() > store.config.max_body_bytes {
        return Err(Error::payload_too_large(store.config.max_body_bytes));
    }
    let route = match_route(&req.path).ok_or_else(|| Error::not_found("No such route."))?;
    let method = req.method.to_ascii_uppercase();
    if !route.methods().contains(&method.as_str()) {
        let allow = route.methods().join(", ");
        return Ok(Response::error(&Error::new(
            Code::SC405,
            "Method Not Allowed",
            format!(
                "{} is not allowed here; use {allow}.",
                crate::validate::truncate(&method)
            ),
        ))
        .with_header("allow", allow));
    }
    if route.is_credential()
        && let Some(client) = client::key(req, &store.trusted_proxies)
    {
        store.throttle.take(&client, store.now())?;
    }
    let mut q = Pairs(query::parse(&req.query)?);
    match (route, method.as_str()) {
        (Route::Users, _) => {
            let actor = auth::actor(store, req)?;
            ok(store.list_users_page(&actor, &ListUsers::from_pairs(std::mem::take(&mut q.0)))?)
        }
        (Route::Me, _) => {
            let cols: Vec<String> = std::mem::take(&mut q.0)
                .into_iter()
                .filter(|(k, _)| k == "cols[]")
                .map(|(_, v)| v)
                .collect();
            ok(store.me(&auth::actor(store, req)?, &cols)?)
        }
        (Route::MeAuthorization, _) => ok(current_authorization(&auth::actor(store, req)?)),
        (Route::MeTokens, "GET") => ok(store.list_api_tokens(&auth::actor(store, req)?)?),
        (Route::MeTokens, _) => {
            let actor = auth::actor(store, req)?;
            let mut created = store.create_api_token(&actor, &NewApiToken::from_json(json_body(req)?)?)?;
            let response = ok(&created);
            wire::wipe(&mut created);
            response
        }
        (Route::MeToken(id), _) => ok(store.delete_api_token(&auth::actor(store, req)?, id)?),
        (Route::Roles, _) => ok(json!({ "usersRoles": ROLES })),
        (Route::User(id), _) => {
            let actor = auth::actor(store, req)?;
            ok(store.update_user(&actor, id, &UserPatch::from_json(json_body(req)?)?)?)
        }
        (Route::UserEmail(id), _) => {
            let actor = auth::actor(store, req)?;
            ok(store.change_email(&actor, id, &ChangeEmail::from_json(json_body(req)?)?)?)
        }
        (Route::UserPassword(id), _) => {
            let actor = auth::actor(store, req)?;
            ok(store.change_password(&actor, id, &ChangePassword::from_json(json_body(req)?)?)?)
        }
        (Route::ResetDemand, _) => {
            ok(store.demand_password_reset(&crate::demand_from_json(json_body(req)?)?)?)
        }
        (Route::Reset, "GET") => {
            let hash = query::get(&q.0, "hash").unwrap_or("");
            let session = store.open_reset_session(hash)?;
            let path = format!("{PREFIX}/users/password-reset");
            let max_age = crate::SESSION_TTL / 1000;
            Ok(Response::json(200, &json!({ "ok": 1 })).with_header(
                "set-cookie",
                cookie(RESET_COOKIE, session.expose(), &path, max_age),
            ))
        }
        (Route::Reset, _) => {
            let session = req.cookie(RESET_COOKIE).ok_or_else(|| {
                Error::bad_request("The password reset session is invalid or has expired.")
            })?;
            let body = ResetPassword::from_json(json_body(req)?)?;
            let out = store.reset_password(session, &body)?;
            let path = format!("{PREFIX}/users/password-reset");
            Ok(Response::json(200, &out)
                .with_header("set-cookie", cookie(RESET_COOKIE, "", &path, 0)))
        }
        (Route::EmailConfirmation, _) => {
            let mut b = Body::new(json_body(req)?)?;
            let token = b.string("token", true).unwrap_or_default();
            b.finish()?;
            ok(store.confirm_email_change(&token)?)
        }
        (Route::Enum(kind), _) => ok(enum_body(kind)),
        (Route::Sessions, _) => {
            let mut b = Body::new(json_body(req)?)?;
            let email = b.string("email", true).unwrap_or_default();
            let password = b.secret("password").unwrap_or_default();
            b.finish()?;
            let login = store.login(&email, &password)?;
            let max_age = crate::ABSOLUTE_TIMEOUT / 1000;
            let mut body = login.to_json();
            let response = Response::json(200, &body);
            wire::wipe(&mut body);
            Ok(response.with_header(
                "set-cookie",
                cookie(SESSION_COOKIE, login.token.expose(), PREFIX, max_age),
            ))
        }
        (Route::CurrentSession, _) => {
            store.logout(&auth::actor(store, req)?)?;
            Ok(Response::json(200, &json!({ "ok": 1 }))
                .with_header("set-cookie", cookie(SESSION_COOKIE, "", PREFIX, 0)))
        }
    }
}

/// `{"authorization":{"authUsed","scope"}}` for the caller.
pub(crate) fn current_authorization(actor: &Actor) -> Value {
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
pub(crate) fn enum_body(kind: &str) -> Value {
    match kind {
        "timezones" => json!({ "timezones": enums::timezones() }),
        "countries" => json!({ "countries": enums::countries() }),
        "locales" => json!({ "locales": enums::locales() }),
        _ => json!({ "languages": enums::languages() }),
    }
}
