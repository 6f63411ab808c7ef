//! `userstore_request`: one HTTP request through the core's Make-compatible router.

use crate::failure::Failure;
use crate::response::userstore_response;
use crate::status::userstore_status;
use crate::{guard, handle, out, strings, userstore_store};
use std::ffi::c_char;
use userstore_core::http::{self, Request};

/// Most headers one request may carry.
pub const USERSTORE_MAX_HEADERS: usize = 1024;

/// One request header: a name (any case) and a value, both NUL-terminated UTF-8.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct userstore_header {
    /// The header name, for example `"authorization"` or `"Content-Type"`.
    pub name: *const c_char,
    /// The header value.
    pub value: *const c_char,
}

/// Serves one HTTP request of the Make-compatible API (routes under `/api/v2`, SPEC section 3),
/// so that a C web server can expose the API in one call.
///
/// - `client`: the address of the peer that sent the request, as the server saw it
///   (`"203.0.113.9"` or `"203.0.113.9:51234"`), or NULL when unknown. The credential routes
///   (login, the reset steps, password and email changes) are throttled per client before
///   any hashing (`SC429` with `retry-after`); behind a proxy listed in the configuration's
///   `trustedProxies`, the client is the first untrusted `X-Forwarded-For` hop. With NULL
///   they are not throttled.
/// - `method`: `"GET"`, `"POST"`, `"PATCH"`, `"PUT"`, `"DELETE"`.
/// - `path`: the still percent-encoded path, for example `"/api/v2/users/me"`; it may end in
///   `?query`, which is used when `query` is NULL.
/// - `query`: the query string without `?` (`"teamId=1&pg%5Blimit%5D=5"`), or NULL.
/// - `headers`, `header_count`: an array of `header_count` name/value pairs (at most
///   `USERSTORE_MAX_HEADERS`); `headers` may be NULL when `header_count` is 0. Credentials
///   come from `authorization` (`Bearer …`, `Token …`) or the session cookie; the reset
///   session from the `userstore_reset` cookie.
/// - `body`, `body_len`: the request body (at most `USERSTORE_MAX_INPUT_BYTES`; the router
///   itself answers 413 above its `maxBodyBytes`, 1 MiB by default); `body` may be NULL when
///   `body_len` is 0.
///
/// Every HTTP outcome, errors included (a 404 for an unknown route, a 401, …), is a response
/// with status `USERSTORE_OK`; the other statuses mean the arguments were refused
/// (`USERSTORE_INVALID_ARGUMENT`, `USERSTORE_INVALID_HANDLE`) or a panic was caught, and
/// `userstore_last_error` has the details.
///
/// The router never acts as the system actor: every request is authenticated as HTTP is.
///
/// Ownership: on `USERSTORE_OK`, `*out_response` is a new response the caller frees with
/// `userstore_response_free`; otherwise it is set to NULL. Inputs are only read during the
/// call. Thread-safety: safe to call from several threads at once on the same handle.
///
/// # Safety
/// Pointer arguments are NULL or valid for the sizes given; strings NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userstore_request(
    store: *const userstore_store,
    client: *const c_char,
    method: *const c_char,
    path: *const c_char,
    query: *const c_char,
    headers: *const userstore_header,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    out_response: *mut *mut userstore_response,
) -> userstore_status {
    guard::status(|| unsafe {
        let out = out::slot(out_response, "out_response")?;
        let store = handle::get(store)?;
        let mut request = Request::new(
            strings::required(method, "method")?,
            strings::required(path, "path")?,
        );
        if let Some(query) = strings::optional(query, "query")? {
            request.query = query.to_owned();
        }
        request.client = strings::optional(client, "client")?.map(str::to_owned);
        request.headers = read_headers(headers, header_count)?;
        request.body = strings::buffer(body, body_len, "body")?.to_vec();
        let response = userstore_response::new(http::handle(&store, &request));
        *out = Box::into_raw(Box::new(response));
        Ok(())
    })
}

/// Reads the header array into (name, value) pairs.
///
/// # Safety
/// `headers` is NULL or points to `count` headers whose strings are NULL or NUL-terminated.
unsafe fn read_headers(
    headers: *const userstore_header,
    count: usize,
) -> Result<Vec<(String, String)>, Failure> {
    if count > USERSTORE_MAX_HEADERS {
        return Err(Failure::invalid_argument(format!(
            "'header_count' is more than {USERSTORE_MAX_HEADERS}."
        )));
    }
    if count == 0 {
        return Ok(Vec::new());
    }
    if headers.is_null() {
        return Err(Failure::null("headers"));
    }
    let headers = unsafe { std::slice::from_raw_parts(headers, count) };
    (headers.iter())
        .map(|h| unsafe {
            Ok((
                strings::required(h.name, "headers[].name")?.to_owned(),
                strings::required(h.value, "headers[].value")?.to_owned(),
            ))
        })
        .collect()
}
