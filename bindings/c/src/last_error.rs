//! The last error of the calling thread (the `errno` / `dlerror` habit).
//!
//! Per thread rather than per handle: a handle is shared between threads, and another
//! thread's failure must not overwrite the error this thread is about to read. It also works
//! where there is no handle yet (a failed `userstore_open`).

use crate::failure::Failure;
use crate::infallible::infallible;
use crate::strings;
use std::cell::RefCell;
use std::ffi::{CString, c_char};

thread_local! {
    /// The JSON error body of this thread's last failed call, or `None` after a success.
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

/// Sets (on `Some`) or clears (on `None`) the calling thread's last error.
pub(crate) fn record(failure: Option<&Failure>) {
    let text = failure.map(|f| strings::c_string(f.body.clone()));
    // `try_with` fails only while the thread is being torn down; nothing to record then.
    let _ = LAST_ERROR.try_with(|slot| *slot.borrow_mut() = text);
}

/// The JSON error body of the calling thread's most recent failed call, or NULL when that
/// call succeeded (or no call was made yet).
///
/// Every function that returns a `userstore_status` sets it when it fails and clears it when
/// it succeeds; the other functions leave it alone. The body is the same text the HTTP API
/// would send: `{"detail":"…","message":"…","code":"…","suberrors":[…]?}`.
///
/// Ownership: borrowed; the library owns the string. It stays valid until the calling thread
/// next calls a function that returns a `userstore_status`, or exits; copy it to keep it. Do
/// not free it.
///
/// Thread-safety: per thread; each thread sees only its own last error, so it is correct on
/// a handle shared between threads.
#[unsafe(no_mangle)]
pub extern "C" fn userstore_last_error() -> *const c_char {
    infallible(std::ptr::null(), || {
        LAST_ERROR
            .try_with(|slot| {
                slot.borrow()
                    .as_ref()
                    .map_or(std::ptr::null(), |s| s.as_ptr())
            })
            .unwrap_or(std::ptr::null())
    })
}
