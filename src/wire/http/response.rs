//! HTTP responses of the router.

use crate::wire::error::Error;
use serde_json::Value;
use zeroize::Zeroize;

/// An HTTP response: status, headers (lowercase names) and body bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// Header (name, value) pairs; names are lowercase.
    pub headers: Vec<(String, String)>,
    /// Body bytes (JSON for every API route).
    pub body: Vec<u8>,
}

/// A response's body (a session or API token) and headers (the session cookie) are wiped when
/// it is dropped.
impl Drop for Response {
    fn drop(&mut self) {
        self.body.zeroize();
        for (_, value) in &mut self.headers {
            value.zeroize();
        }
    }
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Bodies and cookies can carry tokens: show only the status and header names.
        f.debug_struct("Response")
            .field("status", &self.status)
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl Response {
    /// A JSON response.
    pub fn json(status: u16, body: &Value) -> Response {
        Response::json_bytes(status, body.to_string().into_bytes())
    }

    /// A response with an already serialized JSON body.
    pub fn json_bytes(status: u16, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![
                (
                    "content-type".into(),
                    "application/json; charset=utf-8".into(),
                ),
                ("cache-control".into(), "no-store".into()),
            ],
            body,
        }
    }

    /// The error body with its status (and `retry-after` when the error says when).
    pub fn error(e: &Error) -> Response {
        let mut r = Response::json_bytes(e.status(), e.to_json().into_bytes());
        if let Some(secs) = e.retry_after() {
            r.headers.push(("retry-after".into(), secs.to_string()));
        }
        r
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.to_ascii_lowercase(), value.into()));
        self
    }

    /// The first value of a header (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (`Value::Null` when it is not JSON).
    pub fn json_body(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}
