//! The route table: which (method, path) runs which operation.

use super::{PREFIX, RESET_COOKIE, Request, Response, SESSION_COOKIE, auth, client, query};
use crate::wire::body::parse_json;
use crate::wire::error::{Code, Error, Result};
use crate::{Secret, Store, api};
use serde_json::{Map, Value};

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

/// The request body as a JSON object, after the content-type check.
fn json_body(req: &Request) -> Result<Map<String, Value>> {
    let ct = req.header_value("content-type").unwrap_or("");
    let mime = ct.split(';').next().unwrap_or("").trim();
    if !mime.eq_ignore_ascii_case("application/json") {
        return Err(Error::new(
            Code::SC415,
            "Unsupported Media Type",
            "The request body must be JSON (content-type: application/json).",
        ));
    }
    match parse_json(&req.body)? {
        Value::Object(map) => Ok(map),
        _ => Err(Error::bad_request(
            "The request body must be a JSON object.",
        )),
    }
}

/// The decoded query pairs, wiped when the request is answered (a reset link's hash travels
/// in one).
struct Pairs(Vec<(String, String)>);

impl Pairs {
    /// The pairs as the arguments object of an operation: repeated `cols[]` gather into an
    /// array; of any other key repeated, the last value counts, as in a listing.
    fn as_object(&mut self) -> Value {
        let mut map = Map::new();
        let mut cols = Vec::new();
        for (k, v) in std::mem::take(&mut self.0) {
            if k == "cols[]" {
                cols.push(Value::String(v));
            } else {
                map.insert(k, Value::String(v));
            }
        }
        if !cols.is_empty() {
            map.insert("cols".into(), Value::Array(cols));
        }
        Value::Object(map)
    }
}

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

/// Takes one request from the client's bucket when `route` is a credential route and the host
/// named the client; `SC429` when the bucket is empty.
fn throttle(store: &Store, req: &Request, route: Route) -> Result<()> {
    match client::key(req, &store.trusted_proxies) {
        Some(client) if route.is_credential() => store.throttle.take(&client, store.now()),
        _ => Ok(()),
    }
}

/// [`throttle`] for a request not yet routed: a route that does not exist or does not answer
/// the method costs nothing here (the router answers it).
pub(super) fn admit(store: &Store, req: &Request) -> Result<()> {
    match match_route(&req.path) {
        Some(route)
            if route
                .methods()
                .contains(&req.method.to_ascii_uppercase().as_str()) =>
        {
            throttle(store, req, route)
        }
        _ => Ok(()),
    }
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
                crate::wire::validate::truncate(&method)
            ),
        ))
        .with_header("allow", allow));
    }
    throttle(store, req, route)?;
    let mut q = Pairs(query::parse(&req.query)?);
    let (op, source) = operation(route, &method);
    // The caller first (a request without credentials gets 401 before its body is read); the
    // operations that act for nobody ignore credentials.
    let actor = if api::WITHOUT_CALLER.contains(&op) {
        None
    } else {
        Some(auth::actor(store, req)?)
    };
    let args = source.read(req, &mut q)?;
    let reply = api::run(store, actor, op, args)?;
    let reset_path = || format!("{PREFIX}/users/password-reset");
    match op {
        // The reset session travels in its cookie, not in the body.
        "openResetSession" => {
            let mut reply = reply.into_value()?;
            let session = Secret::new(take_string(&mut reply, "resetSession"));
            let max_age = crate::SESSION_TTL / 1000;
            Ok(json_response(reply)?.with_header(
                "set-cookie",
                cookie(RESET_COOKIE, session.expose(), &reset_path(), max_age),
            ))
        }
        "resetPassword" => Ok(json_response(reply)?
            .with_header("set-cookie", cookie(RESET_COOKIE, "", &reset_path(), 0))),
        "login" => {
            let reply = reply.into_value()?;
            let token = Secret::new(reply["session"]["token"].as_str().unwrap_or_default());
            let max_age = crate::ABSOLUTE_TIMEOUT / 1000;
            Ok(json_response(reply)?.with_header(
                "set-cookie",
                cookie(SESSION_COOKIE, token.expose(), PREFIX, max_age),
            ))
        }
        "logout" => {
            Ok(json_response(reply)?
                .with_header("set-cookie", cookie(SESSION_COOKIE, "", PREFIX, 0)))
        }
        _ => Ok(Response::json_bytes(200, reply.into_json()?)),
    }
}

/// A 200 response with the reply's JSON body.
fn json_response(reply: impl Into<api::Reply>) -> Result<Response> {
    Ok(Response::json_bytes(200, reply.into().into_json()?))
}

/// Takes the string at `key` out of a JSON object (empty when absent).
fn take_string(value: &mut Value, key: &str) -> String {
    match value.as_object_mut().and_then(|o| o.remove(key)) {
        Some(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Where an operation's arguments come from.
enum Args {
    /// Nothing.
    None,
    /// The query string (`cols[]` gathered into `cols`).
    Query,
    /// The JSON body.
    Body,
    /// The JSON body with a path parameter added.
    BodyWith(&'static str, i64),
    /// A path parameter alone.
    Path(&'static str, Value),
    /// The reset link's `hash` query parameter.
    ResetHash,
    /// The JSON body with the reset session of the `userstore_reset` cookie.
    BodyWithResetSession,
}

/// The operation a route runs, and where its arguments come from.
fn operation(route: Route, method: &str) -> (&'static str, Args) {
    match (route, method) {
        (Route::Users, _) => ("listUsers", Args::Query),
        (Route::Me, _) => ("me", Args::Query),
        (Route::MeAuthorization, _) => ("currentAuthorization", Args::None),
        (Route::MeTokens, "GET") => ("listApiTokens", Args::None),
        (Route::MeTokens, _) => ("createApiToken", Args::Body),
        (Route::MeToken(id), _) => ("deleteApiToken", Args::Path("id", id.into())),
        (Route::Roles, _) => ("roles", Args::None),
        (Route::User(id), _) => ("updateUser", Args::BodyWith("userId", id)),
        (Route::UserEmail(id), _) => ("changeEmail", Args::BodyWith("userId", id)),
        (Route::UserPassword(id), _) => ("changePassword", Args::BodyWith("userId", id)),
        (Route::ResetDemand, _) => ("demandPasswordReset", Args::Body),
        (Route::Reset, "GET") => ("openResetSession", Args::ResetHash),
        (Route::Reset, _) => ("resetPassword", Args::BodyWithResetSession),
        (Route::EmailConfirmation, _) => ("confirmEmailChange", Args::Body),
        (Route::Enum(kind), _) => ("enums", Args::Path("kind", kind.into())),
        (Route::Sessions, _) => ("login", Args::Body),
        (Route::CurrentSession, _) => ("logout", Args::None),
    }
}

impl Args {
    /// The arguments object, as `api::call` takes it: path parameters, query and body in one.
    fn read(self, req: &Request, q: &mut Pairs) -> Result<Value> {
        let one =
            |key: &str, value: Value| Value::Object(Map::from_iter([(key.to_owned(), value)]));
        Ok(match self {
            Args::None => Value::Object(Map::new()),
            Args::Query => q.as_object(),
            Args::Body => Value::Object(json_body(req)?),
            Args::BodyWith(key, id) => with_key(json_body(req)?, key, id.into())?,
            Args::Path(key, value) => one(key, value),
            // A link without its hash is as invalid as one with a wrong hash.
            Args::ResetHash => one("hash", query::get(&q.0, "hash").unwrap_or("").into()),
            Args::BodyWithResetSession => {
                let session = req.cookie(RESET_COOKIE).ok_or_else(|| {
                    Error::bad_request("The password reset session is invalid or has expired.")
                })?;
                with_key(json_body(req)?, "resetSession", session.into())?
            }
        })
    }
}

/// The body object with a path parameter added; a body that sends the parameter itself is
/// refused, as the operation's own reader would refuse a field it does not know.
fn with_key(mut body: Map<String, Value>, key: &str, value: Value) -> Result<Value> {
    if body.contains_key(key) {
        return Err(Error::validation(vec![format!("Unknown field '{key}'.")]));
    }
    body.insert(key.to_owned(), value);
    Ok(Value::Object(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every route runs an operation that `api::call` (and so C and JS) knows by the same
    /// name: the router adds no operation of its own.
    #[test]
    fn every_route_runs_a_named_operation() {
        let paths = [
            "users",
            "users/me",
            "users/me/current-authorization",
            "users/me/api-tokens",
            "users/me/api-tokens/7",
            "users/roles",
            "users/5",
            "users/5/attributes/email",
            "users/5/attributes/password",
            "users/password-reset-demand",
            "users/password-reset",
            "users/email-confirmation",
            "enums/timezones",
            "sessions",
            "sessions/current",
        ];
        let mut seen = Vec::new();
        for path in paths {
            let route = match_route(&format!("{PREFIX}/{path}")).expect(path);
            for method in route.methods() {
                let (op, _) = operation(route, method);
                assert!(api::OPERATIONS.contains(&op), "{method} {path}: {op}");
                seen.push(op);
            }
        }
        assert_eq!(seen.len(), 17, "{seen:?}");
    }
}
