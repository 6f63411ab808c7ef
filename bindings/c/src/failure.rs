//! The binding's error value: a status for C plus the JSON error body that goes with it.

use crate::status::userstore_status;
use userstore_core::{Code, Error};

/// A failed call: the status the function returns and the JSON error body (the same shape as
/// the HTTP API's, `{"detail","message","code","suberrors"?}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    /// What the function returns.
    pub(crate) status: userstore_status,
    /// The JSON error body.
    pub(crate) body: String,
}

impl Failure {
    /// A failure with a status and a core error for its body.
    fn new(status: userstore_status, error: &Error) -> Failure {
        Failure {
            status,
            body: error.to_json(),
        }
    }

    /// `USERSTORE_INVALID_ARGUMENT` with `detail` (a `SC400` body).
    pub(crate) fn invalid_argument(detail: String) -> Failure {
        Failure::new(
            userstore_status::USERSTORE_INVALID_ARGUMENT,
            &Error::bad_request(detail),
        )
    }

    /// `USERSTORE_INVALID_ARGUMENT` for a required pointer argument that is NULL.
    pub(crate) fn null(argument: &str) -> Failure {
        Failure::invalid_argument(format!("'{argument}' must not be NULL."))
    }

    /// `USERSTORE_INVALID_HANDLE`: NULL, closed or unknown store handle.
    pub(crate) fn invalid_handle() -> Failure {
        Failure::new(
            userstore_status::USERSTORE_INVALID_HANDLE,
            &Error::bad_request("The store handle is NULL, closed or unknown."),
        )
    }

    /// `USERSTORE_PANIC`: a caught Rust panic (a `SC500` body that says nothing more).
    pub(crate) fn panic() -> Failure {
        Failure::new(
            userstore_status::USERSTORE_PANIC,
            &Error::new(
                Code::SC500,
                "Internal Server Error",
                "The userstore library failed unexpectedly.",
            ),
        )
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure::new(userstore_status::of(&error), &error)
    }
}
