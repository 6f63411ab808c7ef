//! The status every fallible function returns, and its mapping from core errors.

use crate::infallible::infallible;
use std::ffi::{c_char, c_int};
use userstore_core::Error;

/// The outcome of a call: `USERSTORE_OK` (0) or the class of the failure.
///
/// The classes after `USERSTORE_PANIC` follow the HTTP status of the error (see
/// `userstore_status_http`); the exact Make code (`SC400`, `IM102`, …) is in the JSON error
/// body.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum userstore_status {
    /// Success.
    USERSTORE_OK = 0,
    /// An argument was refused before reaching the store: a required pointer was NULL, a
    /// string was not valid UTF-8, an input was larger than `USERSTORE_MAX_INPUT_BYTES`, or an
    /// index was out of range. Error body code `SC400`.
    USERSTORE_INVALID_ARGUMENT = 1,
    /// The store handle is NULL, already closed, or was never returned by `userstore_open*`.
    /// Error body code `SC400`.
    USERSTORE_INVALID_HANDLE = 2,
    /// The library failed unexpectedly (a Rust panic was caught); the handle stays usable.
    /// Error body code `SC500`.
    USERSTORE_PANIC = 3,
    /// HTTP 400: malformed input, failed validation (`SC400`) or invalid credentials (`IM102`).
    USERSTORE_BAD_REQUEST = 4,
    /// HTTP 401: no or unknown credentials (`SC401`).
    USERSTORE_UNAUTHORIZED = 5,
    /// HTTP 403: not allowed (`SC403`), or the account has no password (`IM001`).
    USERSTORE_FORBIDDEN = 6,
    /// HTTP 404: unknown user, resource, route or operation (`SC404`).
    USERSTORE_NOT_FOUND = 7,
    /// HTTP 405: the route does not answer this method (`SC405`).
    USERSTORE_METHOD_NOT_ALLOWED = 8,
    /// HTTP 413: the request body is larger than the configured limit (`SC413`).
    USERSTORE_PAYLOAD_TOO_LARGE = 9,
    /// HTTP 415: unsupported request content type (`SC415`).
    USERSTORE_UNSUPPORTED_MEDIA_TYPE = 10,
    /// HTTP 429: too many failed attempts (`IM011`) or rate limited (`SC429`).
    USERSTORE_TOO_MANY_REQUESTS = 11,
    /// HTTP 500: storage failure (`SC500`); the detail never holds SQL or data.
    USERSTORE_STORAGE = 12,
    /// HTTP 503: too busy to take the call now, for example when the password hashing stage
    /// is full (`SC503`); retry after the seconds of the error's `Retry-After`.
    USERSTORE_BUSY = 13,
}

use userstore_status::*;

/// Every status with its name and the HTTP status of its error body, in one table.
const TABLE: [(userstore_status, &str, u16); 14] = [
    (USERSTORE_OK, "USERSTORE_OK\0", 200),
    (
        USERSTORE_INVALID_ARGUMENT,
        "USERSTORE_INVALID_ARGUMENT\0",
        400,
    ),
    (USERSTORE_INVALID_HANDLE, "USERSTORE_INVALID_HANDLE\0", 400),
    (USERSTORE_PANIC, "USERSTORE_PANIC\0", 500),
    (USERSTORE_BAD_REQUEST, "USERSTORE_BAD_REQUEST\0", 400),
    (USERSTORE_UNAUTHORIZED, "USERSTORE_UNAUTHORIZED\0", 401),
    (USERSTORE_FORBIDDEN, "USERSTORE_FORBIDDEN\0", 403),
    (USERSTORE_NOT_FOUND, "USERSTORE_NOT_FOUND\0", 404),
    (
        USERSTORE_METHOD_NOT_ALLOWED,
        "USERSTORE_METHOD_NOT_ALLOWED\0",
        405,
    ),
    (
        USERSTORE_PAYLOAD_TOO_LARGE,
        "USERSTORE_PAYLOAD_TOO_LARGE\0",
        413,
    ),
    (
        USERSTORE_UNSUPPORTED_MEDIA_TYPE,
        "USERSTORE_UNSUPPORTED_MEDIA_TYPE\0",
        415,
    ),
    (
        USERSTORE_TOO_MANY_REQUESTS,
        "USERSTORE_TOO_MANY_REQUESTS\0",
        429,
    ),
    (USERSTORE_STORAGE, "USERSTORE_STORAGE\0", 500),
    (USERSTORE_BUSY, "USERSTORE_BUSY\0", 503),
];

impl userstore_status {
    /// The class of a core error, from its HTTP status.
    pub(crate) fn of(error: &Error) -> userstore_status {
        match error.status() {
            401 => USERSTORE_UNAUTHORIZED,
            403 => USERSTORE_FORBIDDEN,
            404 => USERSTORE_NOT_FOUND,
            405 => USERSTORE_METHOD_NOT_ALLOWED,
            413 => USERSTORE_PAYLOAD_TOO_LARGE,
            415 => USERSTORE_UNSUPPORTED_MEDIA_TYPE,
            429 => USERSTORE_TOO_MANY_REQUESTS,
            400..=499 => USERSTORE_BAD_REQUEST,
            503 => USERSTORE_BUSY,
            _ => USERSTORE_STORAGE,
        }
    }

    /// The table row of a raw status value from C (which may be any integer).
    fn row(status: c_int) -> Option<&'static (userstore_status, &'static str, u16)> {
        TABLE.iter().find(|(s, _, _)| *s as c_int == status)
    }
}

/// The name of a status, for example `"USERSTORE_NOT_FOUND"`; `"USERSTORE_UNKNOWN"` for a
/// value that is not a `userstore_status`.
///
/// Ownership: the string is static; do not free it. Thread-safety: safe from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn userstore_status_name(status: c_int) -> *const c_char {
    let name = infallible("USERSTORE_UNKNOWN\0", || {
        userstore_status::row(status).map_or("USERSTORE_UNKNOWN\0", |r| r.1)
    });
    name.as_ptr().cast()
}

/// The HTTP status that goes with a status: 200 for `USERSTORE_OK`, otherwise the status of
/// its JSON error body's code (400 for `USERSTORE_INVALID_ARGUMENT`, 500 for
/// `USERSTORE_PANIC`, …); 0 for a value that is not a `userstore_status`.
///
/// Useful to forward a `userstore_call` error as an HTTP response. Thread-safety: safe from
/// any thread.
#[unsafe(no_mangle)]
pub extern "C" fn userstore_status_http(status: c_int) -> u16 {
    infallible(0, || userstore_status::row(status).map_or(0, |r| r.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_status_in_order() {
        for (i, (status, name, _)) in TABLE.iter().enumerate() {
            assert_eq!(*status as usize, i);
            assert_eq!(name.trim_end_matches('\0'), format!("{status:?}"));
        }
    }

    #[test]
    fn core_errors_map_by_http_status() {
        let cases = [
            (Error::bad_request("x"), USERSTORE_BAD_REQUEST),
            (Error::invalid_credentials(), USERSTORE_BAD_REQUEST),
            (Error::unauthorized(), USERSTORE_UNAUTHORIZED),
            (Error::forbidden("x"), USERSTORE_FORBIDDEN),
            (Error::not_found("x"), USERSTORE_NOT_FOUND),
            (Error::too_many_attempts(5), USERSTORE_TOO_MANY_REQUESTS),
            (Error::storage("x"), USERSTORE_STORAGE),
            (Error::rate_limited(5), USERSTORE_TOO_MANY_REQUESTS),
            (Error::busy(1), USERSTORE_BUSY),
        ];
        for (error, status) in cases {
            assert_eq!(userstore_status::of(&error), status);
            assert_eq!(userstore_status_http(status as c_int), error.status());
        }
    }
}
