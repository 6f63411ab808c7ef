//! The Make-compatible HTTP routes, as one pure function from a request to a response.
//!
//! No HTTP framework lives here: the native server, the wasm `handle(Request)` and the C
//! `userstore_request` all pass (method, path, query, headers, body) to [`handle`], so the
//! wire format is written once.

mod auth;
pub mod client;
pub mod query;
mod response;
mod router;

pub use auth::from_authorization as auth_from_header;
pub use response::Response;

use crate::Store;
use zeroize::Zeroize;

/// Name of the cookie that carries a login session.
pub const SESSION_COOKIE: &str = "userstore_session";
/// Name of the cookie that carries a password-reset session.
pub const RESET_COOKIE: &str = "userstore_reset";
/// Every route lives under this prefix.
pub const PREFIX: &str = "/api/v2";

/// An HTTP request as the router sees it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path, still percent-encoded, without the query (`/api/v2/users`).
    pub path: String,
    /// The query string without `?` (`teamId=1&pg%5Blimit%5D=5`).
    pub query: String,
    /// Header (name, value) pairs; names compare case-insensitively.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
    /// The address of the peer that sent the request, as the host saw it (`203.0.113.9` or
    /// `203.0.113.9:51234`); `None` when the host does not know it. The credential routes
    /// are throttled per client key, which is this address or, behind a configured trusted
    /// proxy, the first untrusted `X-Forwarded-For` hop ([`client`]). Without it they are
    /// not throttled.
    pub client: Option<String>,
}

/// A request's body (a password, a new password), headers (credentials, cookies) and query (a
/// reset hash) are wiped when it is dropped.
impl Drop for Request {
    fn drop(&mut self) {
        self.body.zeroize();
        self.query.zeroize();
        for (_, value) in &mut self.headers {
            value.zeroize();
        }
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Queries, headers and bodies can carry secrets: show only the method and path.
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Request {
    /// A request with a method and a path (which may carry `?query`).
    pub fn new(method: &str, target: &str) -> Request {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        Request {
            method: method.to_owned(),
            path: path.to_owned(),
            query: query.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
            client: None,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets a JSON body and its content type.
    pub fn json(mut self, body: &serde_json::Value) -> Request {
        self.body = body.to_string().into_bytes();
        self.header("content-type", "application/json")
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of a cookie.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("cookie"))
            .flat_map(|(_, v)| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }
}

/// Throttles a credential-route request of `req.client` before any other work: `Err` is the
/// `429` to answer. [`handle`] does the same itself; a host that can answer on its event loop
/// calls this there first, so a flood of throttled requests takes none of its workers, then
/// hands the admitted request to [`handle`] with `client` cleared (it is counted once).
pub fn admit(store: &Store, req: &Request) -> std::result::Result<(), Response> {
    router::admit(store, req).map_err(|e| Response::error(&e))
}

/// The operation a request of the API asks for, as its name and its route path below
/// [`PREFIX`] (`("getUser", "/users/{userId}")`); `None` when no route answers the path and
/// method. For hosts that count or log requests by route, with a bounded set of labels.
pub fn operation_of(req: &Request) -> Option<(&'static str, &'static str)> {
    router::operation_of(req)
}

/// Serves one request.
pub fn handle(store: &Store, req: &Request) -> Response {
    router::route(store, req).unwrap_or_else(|error| error)
}

impl Store {
    /// Serves one HTTP request of the Make-compatible API (see [`handle`]).
    pub fn handle(&self, req: &Request) -> Response {
        handle(self, req)
    }
}
