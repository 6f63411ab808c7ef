//! The one error type of the store, shaped like Make's error body.
//!
//! Every failure carries its Make code and HTTP status as data ([`Code`]), a short `message`,
//! a human `detail`, and, for validation failures, one suberror per failed rule or field. The
//! same value renders as the same JSON body over HTTP, in C, in JS and through `Display`.

use serde::Serialize;
use std::fmt;

/// A `Result` whose error defaults to the store's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Make-compatible error codes, each with its HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Code {
    /// Malformed input or failed validation (400).
    SC400,
    /// No or unknown credentials (401).
    SC401,
    /// Authenticated but not allowed (403).
    SC403,
    /// Unknown user, route or resource (404).
    SC404,
    /// Method not allowed on this route (405).
    SC405,
    /// Request body larger than the configured limit (413).
    SC413,
    /// Unsupported request content type (415).
    SC415,
    /// Rate limited, other than failed attempts (429).
    SC429,
    /// Storage failure (500); never leaks SQL or secrets.
    SC500,
    /// Too busy to answer now; retry after the `Retry-After` seconds (503).
    SC503,
    /// The account has no password, so it cannot change it or its email (403).
    IM001,
    /// Too many failed attempts; retry later (429).
    IM011,
    /// Invalid credentials (400).
    IM102,
}

impl Code {
    /// The HTTP status that goes with this code.
    pub fn status(self) -> u16 {
        match self {
            Code::SC400 | Code::IM102 => 400,
            Code::SC401 => 401,
            Code::SC403 | Code::IM001 => 403,
            Code::SC404 => 404,
            Code::SC405 => 405,
            Code::SC413 => 413,
            Code::SC415 => 415,
            Code::SC429 | Code::IM011 => 429,
            Code::SC500 => 500,
            Code::SC503 => 503,
        }
    }

    /// The code as it appears in the `code` field of an error body.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::SC400 => "SC400",
            Code::SC401 => "SC401",
            Code::SC403 => "SC403",
            Code::SC404 => "SC404",
            Code::SC405 => "SC405",
            Code::SC413 => "SC413",
            Code::SC415 => "SC415",
            Code::SC429 => "SC429",
            Code::SC500 => "SC500",
            Code::SC503 => "SC503",
            Code::IM001 => "IM001",
            Code::IM011 => "IM011",
            Code::IM102 => "IM102",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One failed validation rule, as `{"message": …}` in an error body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suberror {
    /// What failed, for a person.
    pub message: String,
}

/// An error of the store: a Make code, a message, a detail and, for validation, suberrors.
///
/// `Display` prints the exact JSON error body. Nothing secret is ever put in an error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.to_json())]
pub struct Error {
    code: Code,
    message: String,
    detail: String,
    suberrors: Vec<Suberror>,
    retry_after: Option<u64>,
}

/// The JSON error body: `{"detail","message","code","suberrors"?}`.
#[derive(Serialize)]
struct Body<'a> {
    detail: &'a str,
    message: &'a str,
    code: &'a str,
    #[serde(skip_serializing_if = "<[Suberror]>::is_empty")]
    suberrors: &'a [Suberror],
}

impl Error {
    /// An error with a code, a short message and a detail.
    pub fn new(code: Code, message: impl Into<String>, detail: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            detail: detail.into(),
            suberrors: Vec::new(),
            retry_after: None,
        }
    }

    /// `SC400` "Bad Request" with the given detail.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(Code::SC400, "Bad Request", detail)
    }

    /// `SC400` "Validation failed" with one suberror per failed rule.
    pub fn validation(problems: Vec<String>) -> Self {
        let detail = problems.join(" ");
        Error {
            suberrors: problems
                .into_iter()
                .map(|message| Suberror { message })
                .collect(),
            ..Self::new(Code::SC400, "Validation failed", detail)
        }
    }

    /// `SC401`: no or unknown credentials.
    pub fn unauthorized() -> Self {
        Self::new(
            Code::SC401,
            "Unauthorized",
            "Missing, expired or unknown credentials.",
        )
    }

    /// `SC403`: authenticated but not allowed.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(Code::SC403, "Forbidden", detail)
    }

    /// `SC404` for a missing resource.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(Code::SC404, "Not Found", detail)
    }

    /// `SC404` for a user id (also what a user the caller may not see answers).
    pub(crate) fn user_not_found(user_id: crate::model::UserId) -> Self {
        Self::not_found(format!("User {user_id} not found."))
    }

    /// `IM102`: invalid credentials (the same body whatever was wrong).
    pub fn invalid_credentials() -> Self {
        Self::new(
            Code::IM102,
            "Invalid credentials",
            "The credentials you provided are not valid.",
        )
    }

    /// `IM011`: too many failed attempts; `retry_after` seconds until the next try.
    pub fn too_many_attempts(retry_after: u64) -> Self {
        Error {
            retry_after: Some(retry_after),
            ..Self::new(
                Code::IM011,
                "Too many failed attempts",
                format!(
                    "Too many failed attempts. Try again in {}.",
                    seconds(retry_after)
                ),
            )
        }
    }

    /// `SC413`: a request body larger than `limit` bytes.
    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            Code::SC413,
            "Payload Too Large",
            format!("The request body is larger than {limit} bytes."),
        )
    }

    /// `SC429`: this client sent too many requests of this kind; `retry_after` seconds until
    /// the next one is accepted.
    pub fn rate_limited(retry_after: u64) -> Self {
        Error {
            retry_after: Some(retry_after),
            ..Self::new(
                Code::SC429,
                "Too Many Requests",
                format!(
                    "Too many requests from this client. Try again in {}.",
                    seconds(retry_after)
                ),
            )
        }
    }

    /// `SC503`: the server is too busy to take this request now; retry after
    /// `retry_after` seconds.
    pub fn busy(retry_after: u64) -> Self {
        Error {
            retry_after: Some(retry_after),
            ..Self::new(
                Code::SC503,
                "Service Unavailable",
                format!("The server is busy. Try again in {}.", seconds(retry_after)),
            )
        }
    }

    /// `SC503`: the database cannot be reached now (stopped, or failing over to a standby);
    /// retry after `retry_after` seconds.
    pub fn unavailable(retry_after: u64) -> Self {
        Error {
            retry_after: Some(retry_after),
            ..Self::new(
                Code::SC503,
                "Service Unavailable",
                format!(
                    "The database is not available. Try again in {}.",
                    seconds(retry_after)
                ),
            )
        }
    }

    /// `SC500`: a storage failure, described without SQL or data.
    pub fn storage(detail: impl Into<String>) -> Self {
        Self::new(Code::SC500, "Internal Server Error", detail)
    }

    /// The Make code.
    pub fn code(&self) -> Code {
        self.code
    }

    /// The HTTP status of the code.
    pub fn status(&self) -> u16 {
        self.code.status()
    }

    /// The short message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The human-readable detail.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// One entry per failed rule (validation errors only).
    pub fn suberrors(&self) -> &[Suberror] {
        &self.suberrors
    }

    /// Seconds until a retry may succeed (`IM011`, `SC429`, `SC503`).
    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }

    /// The exact JSON error body.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&Body {
            detail: &self.detail,
            message: &self.message,
            code: self.code.as_str(),
            suberrors: &self.suberrors,
        })
        .expect("error bodies always serialize")
    }

    /// The JSON error body as a `serde_json::Value`.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.to_json()).expect("error bodies are JSON")
    }
}

/// "1 second", "5 seconds".
fn seconds(n: u64) -> String {
    if n == 1 {
        "1 second".into()
    } else {
        format!("{n} seconds")
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        let detail = match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => "The database is busy; try again.",
            Some(C::DiskFull) => "The database or disk is full.",
            Some(C::ReadOnly) => "The database is read-only.",
            Some(C::NotADatabase) => "The file is not a database.",
            Some(C::DatabaseCorrupt) => "The database file is corrupt.",
            Some(C::CannotOpen) => "The database file cannot be opened.",
            Some(C::SystemIoFailure) => "The database file could not be read or written.",
            _ => "Storage failure.",
        };
        Error::storage(detail)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        // Only the position: serde's own text can quote the input, which may hold a secret.
        Error::bad_request(format!(
            "Malformed JSON at line {} column {}.",
            e.line(),
            e.column()
        ))
    }
}
