//! The Make router: finds the operation whose route matches (method, path), reads its
//! arguments from the path, query, body and cookies as its route says, runs it through
//! [`api::run`] and writes the answer with its cookies.

use super::{PREFIX, RESET_COOKIE, Request, Response, SESSION_COOKIE, auth, client, query};
use crate::wire::api::{self, Cookie, OPERATIONS, Route, Source};
use crate::wire::args::Args;
use crate::wire::error::{Code, Error, Result};
use crate::wire::operations::{Access, Operation};
use crate::wire::parse_json;
use crate::wire::reply::{Done, Reply};
use crate::{Secret, Store};
use serde_json::{Map, Value};

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

/// A path parameter that is an id: a positive integer written in plain digits.
fn id(s: &str) -> Option<i64> {
    s.parse::<i64>()
        .ok()
        .filter(|&n| n > 0 && s.bytes().all(|b| b.is_ascii_digit()))
}

/// The path parameters of `segments` when they match the route pattern `pattern`.
fn matches(pattern: &str, segments: &[String]) -> Option<Map<String, Value>> {
    let parts: Vec<&str> = pattern[1..].split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut params = Map::new();
    for (part, segment) in parts.into_iter().zip(segments) {
        let Some(param) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) else {
            if part != segment {
                return None;
            }
            continue;
        };
        let value = match param.split_once(':') {
            Some((_, "*")) => Value::from(segment.as_str()),
            Some((_, words)) => words
                .split('|')
                .any(|w| w == segment)
                .then(|| Value::from(segment.as_str()))?,
            None => Value::from(id(segment)?),
        };
        params.insert(param.split(':').next().unwrap_or(param).to_owned(), value);
    }
    Some(params)
}

/// The operations whose route path matches `path`, with their route and path parameters.
fn matching(path: &str) -> Vec<(&'static Operation, Route, Map<String, Value>)> {
    let Some(segments) = segments(path) else {
        return Vec::new();
    };
    OPERATIONS
        .iter()
        .filter_map(|op| {
            let route = op.route?;
            Some((op, route, matches(route.path, &segments)?))
        })
        .collect()
}

/// The operation `req` asks for; `Err` is the 404 or 405 to answer.
fn find(req: &Request) -> std::result::Result<(&'static Operation, Route, Args), Response> {
    let candidates = matching(&req.path);
    if candidates.is_empty() {
        return Err(Response::error(&Error::not_found("No such route.")));
    }
    let method = req.method.to_ascii_uppercase();
    // In one order whatever the table's: GET, POST, PUT, PATCH, DELETE.
    let allow = || {
        let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
            .into_iter()
            .filter(|m| candidates.iter().any(|(_, r, _)| r.method == *m));
        methods.collect::<Vec<_>>().join(", ")
    };
    match candidates.iter().find(|(_, r, _)| r.method == method) {
        Some((op, route, params)) => {
            let args = Args::new(Value::Object(params.clone())).map_err(|e| Response::error(&e))?;
            Ok((op, *route, args))
        }
        None => Err(Response::error(&Error::new(
            Code::SC405,
            "Method Not Allowed",
            format!(
                "{} is not allowed here; use {}.",
                crate::wire::validate::truncate(&method),
                allow()
            ),
        ))
        .with_header("allow", allow())),
    }
}

/// Takes one request from the client's bucket when the route is a credential route and the
/// host named the client; `SC429` when the bucket is empty.
fn throttle(store: &Store, req: &Request, route: Route) -> Result<()> {
    match client::key(req, &store.trusted_proxies) {
        Some(client) if route.throttled => store.throttle.take(&client, store.now()),
        _ => Ok(()),
    }
}

/// [`throttle`] for a request not yet routed: a route that does not exist or does not answer
/// the method costs nothing here (the router answers it).
pub(super) fn admit(store: &Store, req: &Request) -> Result<()> {
    match find(req) {
        Ok((_, route, _)) => throttle(store, req, route),
        Err(_) => Ok(()),
    }
}

/// The name and route path of the operation `req` asks for (see [`super::operation_of`]).
pub(super) fn operation_of(req: &Request) -> Option<(&'static str, &'static str)> {
    find(req).ok().map(|(op, route, _)| (op.name, route.path))
}

/// Routes one request; every failure comes back as a response with the error body.
pub(super) fn route(store: &Store, req: &Request) -> std::result::Result<Response, Response> {
    if req.body.len() > store.config.max_body_bytes {
        let e = Error::payload_too_large(store.config.max_body_bytes);
        return Err(Response::error(&e));
    }
    let (op, route, args) = find(req)?;
    answer(store, req, op, route, args).map_err(|e| Response::error(&e))
}

fn answer(
    store: &Store,
    req: &Request,
    op: &Operation,
    route: Route,
    mut args: Args,
) -> Result<Response> {
    throttle(store, req, route)?;
    let mut q = Pairs(query::parse(&req.query)?);
    // The caller first (a request without credentials gets 401 before its body is read); the
    // operations that act for nobody ignore credentials.
    let actor = match op.access() {
        Access::Anyone => None,
        _ => Some(auth::actor(store, req)?),
    };
    // The CSRF defence: what a cross-site form could send must say `application/json`,
    // which no form can. That is a request signed in by the session cookie alone, and a login
    // (it would sign the browser in to the sender's account). A form can only `POST`, so a
    // cookie-signed `POST` without a body needs the type too.
    let by_cookie = actor.is_some() && req.header_value("authorization").is_none();
    let form_forbidden = by_cookie || route.cookie == Cookie::Session;
    if form_forbidden && route.method == "POST" && !is_json(req) {
        return Err(form_refused());
    }
    read(route.source, req, form_forbidden, &mut q, &mut args)?;
    let reply = api::run(store, actor.as_ref(), op, args)?;
    let reset_path = || format!("{PREFIX}/users/password-reset");
    let token = |reply: &Reply| reply.cookie().map_or("", Secret::expose).to_owned();
    Ok(match route.cookie {
        Cookie::None => json(reply)?,
        Cookie::Session => {
            let max_age = store.config.session_absolute_timeout_ms / 1000;
            let cookie = cookie(SESSION_COOKIE, &Secret::new(token(&reply)), PREFIX, max_age);
            json(reply)?.with_header("set-cookie", cookie)
        }
        Cookie::EndSession => {
            let cookie = cookie(SESSION_COOKIE, &Secret::new(""), PREFIX, 0);
            json(reply)?.with_header("set-cookie", cookie)
        }
        // The reset session travels in its cookie, not in the body.
        Cookie::Reset => {
            let max_age = crate::SESSION_TTL / 1000;
            let session = Secret::new(token(&reply));
            json(Reply::new(Done))?.with_header(
                "set-cookie",
                cookie(RESET_COOKIE, &session, &reset_path(), max_age),
            )
        }
        Cookie::EndReset => {
            let cookie = cookie(RESET_COOKIE, &Secret::new(""), &reset_path(), 0);
            json(reply)?.with_header("set-cookie", cookie)
        }
    })
}

/// A 200 response with the reply's JSON body.
fn json(reply: Reply) -> Result<Response> {
    Ok(Response::json_bytes(200, reply.into_json()?))
}

/// Adds the arguments `source` names to the path parameters in `args`.
fn read(
    source: Source,
    req: &Request,
    form_forbidden: bool,
    q: &mut Pairs,
    args: &mut Args,
) -> Result<()> {
    match source {
        Source::None => Ok(()),
        Source::Query => args.add_all(q.as_object()),
        // A link without its hash is as invalid as one with a wrong hash.
        Source::QueryParameter(key) => {
            let value = query::get(&q.0, key).unwrap_or("");
            args.add_all(Map::from_iter([(key.to_owned(), value.into())]))
        }
        Source::Body => args.add_all(json_body(req, form_forbidden)?),
        Source::QueryAndBody => {
            args.add_all(q.as_object())?;
            args.add_all(json_body(req, form_forbidden)?)
        }
        Source::BodyAndCookie(cookie, key) => {
            let value = req.cookie(cookie).ok_or_else(|| {
                Error::bad_request("The password reset session is invalid or has expired.")
            })?;
            args.add_all(json_body(req, form_forbidden)?)?;
            args.add_all(Map::from_iter([(key.to_owned(), value.into())]))
        }
    }
}

/// True when the request says its body is `application/json` (parameters and letter case
/// aside).
fn is_json(req: &Request) -> bool {
    let ct = req.header_value("content-type").unwrap_or("");
    let mime = ct.split(';').next().unwrap_or("").trim();
    mime.eq_ignore_ascii_case("application/json")
}

/// The `SC415` of a body a cross-site form could have sent.
fn form_refused() -> Error {
    Error::new(
        Code::SC415,
        "Unsupported Media Type",
        "A request signed in by cookie, or signing in, must send its body as application/json.",
    )
}

/// The request body as a JSON object. Make's documented requests send JSON under curl's
/// default form type (`curl -d '{…}'`), so the content type is not looked at, except when
/// `form_forbidden` (see [`answer`]): then it must be `application/json`.
fn json_body(req: &Request, form_forbidden: bool) -> Result<Map<String, Value>> {
    if form_forbidden && !is_json(req) {
        return Err(form_refused());
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
    /// The pairs as arguments: repeated `key[]` pairs gather into an array under `key`
    /// (`cols[]`, `excludeRole[]`); of any other key repeated, the last value counts, as in a
    /// listing.
    fn as_object(&mut self) -> Map<String, Value> {
        let mut map = Map::new();
        for (k, v) in std::mem::take(&mut self.0) {
            match k.strip_suffix("[]") {
                Some(array) => {
                    let entry = map
                        .entry(array.to_owned())
                        .or_insert_with(|| Value::Array(Vec::new()));
                    match entry {
                        Value::Array(items) => items.push(Value::String(v)),
                        // `key=…` and `key[]=…` both: refused by the operation's reader.
                        other => *other = Value::Null,
                    }
                }
                None => {
                    map.insert(k, Value::String(v));
                }
            }
        }
        map
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
fn cookie(name: &str, value: &Secret, path: &str, max_age: i64) -> String {
    let attributes = format!("; HttpOnly; Secure; SameSite=Strict; Path={path}; Max-Age={max_age}");
    let value = value.expose();
    let mut out = String::with_capacity(name.len() + 1 + value.len() + attributes.len());
    for part in [name, "=", value, &attributes] {
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each Make route runs the operation of the same name in `api::call` (and so in C and
    /// JS): the router adds no operation of its own, and every route of the table is here.
    #[test]
    fn every_route_runs_its_named_operation() {
        let routes = [
            ("GET", "users", "listUsers"),
            ("GET", "users/me", "me"),
            (
                "GET",
                "users/me/current-authorization",
                "currentAuthorization",
            ),
            ("GET", "users/me/api-tokens", "listApiTokens"),
            ("POST", "users/me/api-tokens", "createApiToken"),
            ("DELETE", "users/me/api-tokens/7", "deleteApiToken"),
            (
                "DELETE",
                "users/me/api-tokens/2026-01-01T00:00:00.000Z",
                "deleteApiToken",
            ),
            ("DELETE", "users", "deleteAccount"),
            ("GET", "users/roles", "roles"),
            ("GET", "users/roles/11", "role"),
            ("GET", "users/roles/permissions", "rolePermissions"),
            ("GET", "users/5/user-team-roles", "userTeamRoles"),
            ("GET", "users/5/user-team-roles/2", "userTeamRole"),
            ("POST", "users/5/user-team-roles/2", "setUserTeamRole"),
            (
                "GET",
                "users/5/user-organization-roles",
                "userOrganizationRoles",
            ),
            (
                "GET",
                "users/5/user-organization-roles/3",
                "userOrganizationRole",
            ),
            (
                "POST",
                "users/5/user-organization-roles/3",
                "updateUserOrganizationRole",
            ),
            (
                "POST",
                "users/5/user-organization-roles/3/transfer",
                "transferOrganizationOwnership",
            ),
            (
                "GET",
                "organizations/3/user-organization-roles",
                "organizationUserRoles",
            ),
            ("PATCH", "users/5", "updateUser"),
            ("PUT", "users/5/attributes/email", "changeEmail"),
            ("PUT", "users/5/attributes/password", "changePassword"),
            ("POST", "users/password-reset-demand", "demandPasswordReset"),
            ("GET", "users/password-reset", "openResetSession"),
            ("POST", "users/password-reset", "resetPassword"),
            ("POST", "users/email-confirmation", "confirmEmailChange"),
            ("GET", "enums/timezones", "enums"),
            ("GET", "enums/languages", "enums"),
            ("GET", "enums/imt-regions", "enums"),
            ("GET", "enums/user-api-tokes-scopes", "enums"),
            ("POST", "sessions", "login"),
            ("DELETE", "sessions/current", "logout"),
        ];
        for (method, path, name) in routes {
            let req = Request::new(method, &format!("{PREFIX}/{path}"));
            let (op, _, _) = find(&req).unwrap_or_else(|_| panic!("{method} {path}"));
            assert_eq!(op.name, name, "{method} {path}");
        }
        let routed = OPERATIONS.iter().filter(|op| op.route.is_some()).count();
        // The second token path and the three more enums are routes of listed operations.
        assert_eq!(
            routed,
            routes.len() - 4,
            "a route of the table is not listed here"
        );
        for path in [
            "enums/weekdays",
            "users/0",
            "users/-1",
            "users/me/api-tokens/x/y",
            "users/roles/x",
        ] {
            let req = Request::new("GET", &format!("{PREFIX}/{path}"));
            assert!(find(&req).is_err(), "{path}");
        }
    }
}
