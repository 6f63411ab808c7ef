//! The wrapper every fallible entry point runs in: no panic crosses into C, and the calling
//! thread's last error follows the outcome. (Entry points that cannot fail use
//! [`infallible`](crate::infallible::infallible).)

use crate::failure::Failure;
use crate::last_error;
use crate::status::userstore_status;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Runs the body of a fallible entry point.
///
/// A panic becomes [`Failure::panic`]. The thread's last error is set to the failure's body,
/// or cleared on success.
pub(crate) fn run<T>(body: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    // The store's state is transactional, so a panic leaves nothing half-written behind.
    let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| Err(Failure::panic()));
    last_error::record(outcome.as_ref().err());
    outcome
}

/// [`run`] for entry points that return only a status.
pub(crate) fn status(body: impl FnOnce() -> Result<(), Failure>) -> userstore_status {
    match run(body) {
        Ok(()) => userstore_status::USERSTORE_OK,
        Err(failure) => failure.status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infallible::infallible;
    use crate::last_error::userstore_last_error;
    use std::ffi::CStr;

    /// The calling thread's last error as text.
    fn last_error() -> Option<String> {
        let ptr = userstore_last_error();
        (!ptr.is_null()).then(|| {
            unsafe { CStr::from_ptr(ptr) }
                .to_string_lossy()
                .into_owned()
        })
    }

    #[test]
    fn a_panic_becomes_a_status_and_an_error_body() {
        let s = status(|| panic!("a bug"));
        assert_eq!(s, userstore_status::USERSTORE_PANIC);
        assert_eq!(
            last_error().as_deref(),
            Some(
                r#"{"detail":"The userstore library failed unexpectedly.","message":"Internal Server Error","code":"SC500"}"#
            )
        );
        assert_eq!(infallible(7, || panic!("a bug")), 7);
    }

    #[test]
    fn success_clears_the_last_error_and_infallible_calls_keep_it() {
        assert_eq!(
            status(|| Err(Failure::null("x"))),
            userstore_status::USERSTORE_INVALID_ARGUMENT
        );
        infallible((), || ());
        assert!(last_error().is_some_and(|e| e.contains("'x' must not be NULL.")));
        assert_eq!(status(|| Ok(())), userstore_status::USERSTORE_OK);
        assert_eq!(last_error(), None);
    }
}
