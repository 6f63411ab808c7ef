//! `userstore_call`: any operation of the store by name, JSON in and JSON out.

use crate::failure::Failure;
use crate::status::userstore_status;
use crate::{guard, handle, out, strings, userstore_store};
use serde_json::Value;
use std::ffi::c_char;
use userstore_core::api::{self, Caller};

/// Runs one operation by name, with JSON arguments, and returns its JSON result.
///
/// - `authorization`: an `Authorization` header value acting as that user:
///   `"Bearer <session token>"` or `"Token <api token>"`. NULL is an anonymous caller: only
///   what needs no caller (`login`, the reset steps, `enums`, …) runs, everything else gives
///   `USERSTORE_UNAUTHORIZED`, so forwarding a request's missing header grants nothing. The
///   host acts as its privileged system actor through `userstore_call_as_system`.
/// - `op`: the operation, for example `"listUsers"`, `"updateUser"`, `"changePassword"`,
///   `"demandPasswordReset"`, `"openResetSession"`, `"resetPassword"`, `"login"`,
///   `"outbox"`, `"advanceClock"` (the full list is `userstore::api::OPERATIONS`).
/// - `args_json`: a JSON object, the operation's wire body plus its path and query parameters
///   as extra keys (`{"userId":5,"name":"Jane"}`); NULL means no arguments.
///
/// On `USERSTORE_OK`, `*out_json` is the operation's success body exactly as the HTTP API
/// sends it (for example `{"user":{…}}`). On any other status (except a NULL `out_json`),
/// `*out_json` is the JSON error body `{"detail","message","code","suberrors"?}`, and the
/// status gives its class (`userstore_status_http` gives the HTTP status).
///
/// Ownership: unless `out_json` itself is NULL (then nothing runs and the status is
/// `USERSTORE_INVALID_ARGUMENT`), `*out_json` is set on every return, success or failure; the
/// caller owns that string and frees it with `userstore_string_free`. Inputs are only read
/// during the call.
///
/// Thread-safety: safe to call from several threads at once on the same handle.
///
/// # Safety
/// Pointer arguments are NULL or valid; strings NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userstore_call(
    store: *const userstore_store,
    authorization: *const c_char,
    op: *const c_char,
    args_json: *const c_char,
    out_json: *mut *mut c_char,
) -> userstore_status {
    unsafe {
        answer(out_json, || {
            let authorization = strings::optional(authorization, "authorization")?;
            run(
                store,
                Caller::from_authorization(authorization),
                op,
                args_json,
            )
        })
    }
}

/// Runs one operation by name as the host's privileged system actor: every right over every
/// account. For the host's own code (administration, provisioning, reading the outbox), never
/// for credentials that came with a request.
///
/// Arguments, results, statuses, ownership and thread-safety are those of `userstore_call`.
///
/// # Safety
/// Pointer arguments are NULL or valid; strings NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userstore_call_as_system(
    store: *const userstore_store,
    op: *const c_char,
    args_json: *const c_char,
    out_json: *mut *mut c_char,
) -> userstore_status {
    unsafe { answer(out_json, || run(store, Caller::System, op, args_json)) }
}

/// Runs `call` and writes its success or error body to `out_json`.
///
/// # Safety
/// `out_json` is NULL or valid for a write.
unsafe fn answer(
    out_json: *mut *mut c_char,
    call: impl FnOnce() -> Result<String, Failure>,
) -> userstore_status {
    let slot = match guard::run(|| unsafe { out::slot(out_json, "out_json") }) {
        Ok(slot) => slot,
        Err(failure) => return failure.status,
    };
    let (status, text) = match guard::run(call) {
        Ok(body) => (userstore_status::USERSTORE_OK, body),
        Err(failure) => (failure.status, failure.body),
    };
    *slot = strings::into_owned(text);
    status
}

/// Reads the arguments, runs the operation and renders its result.
///
/// # Safety
/// As for [`userstore_call`].
unsafe fn run(
    store: *const userstore_store,
    caller: Caller<'_>,
    op: *const c_char,
    args_json: *const c_char,
) -> Result<String, Failure> {
    let store = handle::get(store)?;
    let op = unsafe { strings::required(op, "op") }?;
    let args = match unsafe { strings::optional(args_json, "args_json") }? {
        Some(text) => serde_json::from_str(text).map_err(userstore_core::Error::from)?,
        None => Value::Null,
    };
    Ok(api::call_json(&store, caller, op, args)?)
}
