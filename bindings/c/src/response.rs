//! The response of `userstore_request` and its accessors.

use crate::failure::Failure;
use crate::infallible::infallible;
use crate::status::userstore_status;
use crate::{guard, out, strings};
use std::ffi::{CString, c_char};
use userstore_core::http::Response;
use zeroize::Zeroize;

/// An HTTP response of the router (opaque): status, headers, body. Read it with the
/// `userstore_response_*` accessors and free it with `userstore_response_free`.
///
/// A response is immutable: the accessors may be called from several threads at once.
pub struct userstore_response {
    status: u16,
    /// Header (name, value) pairs in the router's order; names are lowercase.
    headers: Vec<(CString, CString)>,
    /// The body bytes followed by one NUL that is not part of the body.
    body: Vec<u8>,
}

impl userstore_response {
    /// Translates the core's response, keeping NUL-terminated copies for C (the core's
    /// response wipes its own when dropped).
    pub(crate) fn new(response: Response) -> userstore_response {
        let mut body = Vec::with_capacity(response.body.len() + 1);
        body.extend_from_slice(&response.body);
        body.push(0);
        userstore_response {
            status: response.status,
            headers: (response.headers.iter())
                .map(|(k, v)| (strings::c_string(k.as_str()), strings::c_string(v.as_str())))
                .collect(),
            body,
        }
    }
}

/// The body (a session or API token) and the headers (the session cookie) are wiped when
/// the response is freed.
impl Drop for userstore_response {
    fn drop(&mut self) {
        self.body.zeroize();
        for (name, value) in std::mem::take(&mut self.headers) {
            strings::wipe(name);
            strings::wipe(value);
        }
    }
}

/// The HTTP status code, for example 200; 0 when `response` is NULL.
///
/// Thread-safety: safe from any thread while the response is alive.
///
/// # Safety
/// `response` is NULL or a live response from `userstore_request`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userstore_response_status(response: *const userstore_response) -> u16 {
    infallible(0, || unsafe { response.as_ref() }.map_or(0, |r| r.status))
}

/// The body bytes (JSON for every API route); NULL when `response` is NULL.
///
/// The body is followed by a NUL byte that `userstore_response_body_len` does not count, so
/// it can also be read as a C string.
///
/// Ownership: borrowed from the response; valid until `userstore_response_free`.
/// Thread-safety: safe from any thread while the response is alive.
///
/// # Safety
/// `response` is NULL or a live response from `userstore_request`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userstore_response_body(response: *const userstore_response) -> *const u8 {
    infallible(std::ptr::null(), || {
        unsafe { response.as_ref() }.map_or(std::ptr::null(), |r| r.body.as_ptr())
    })
}

/// The length of the body in bytes, without the trailing NUL; 0 when `response` is NULL.
///
/// Thread-safety: safe from any thread while the response is alive.
///
/// # Safety
/// `response` is NULL or a live response from `userstore_request`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userstore_response_body_len(response: *const userstore_response) -> usize {
    infallible(0, || {
        unsafe { response.as_ref() }.map_or(0, |r| r.body.len() - 1)
    })
}

/// The number of headers; 0 when `response` is NULL.
///
/// Thread-safety: safe from any thread while the response is alive.
///
/// # Safety
/// `response` is NULL or a live response from `userstore_request`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userstore_response_header_count(
    response: *const userstore_response,
) -> usize {
    infallible(0, || {
        unsafe { response.as_ref() }.map_or(0, |r| r.headers.len())
    })
}

/// The header at `index` (0 to count - 1): its lowercase name and its value.
///
/// Returns `USERSTORE_INVALID_ARGUMENT` for a NULL pointer or an index out of range, and then
/// sets the out-pointers that are not NULL to NULL.
///
/// Ownership: `*out_name` and `*out_value` are borrowed from the response; valid until
/// `userstore_response_free`. Thread-safety: safe from any thread while the response is alive.
///
/// # Safety
/// `response` is NULL or a live response; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userstore_response_header(
    response: *const userstore_response,
    index: usize,
    out_name: *mut *const c_char,
    out_value: *mut *const c_char,
) -> userstore_status {
    guard::status(|| unsafe {
        let name = out::slot(out_name, "out_name");
        let value = out::slot(out_value, "out_value");
        let (name, value) = (name?, value?);
        let response = response.as_ref().ok_or_else(|| Failure::null("response"))?;
        let (k, v) = response
            .headers
            .get(index)
            .ok_or_else(|| Failure::invalid_argument(format!("No header at index {index}.")))?;
        (*name, *value) = (k.as_ptr(), v.as_ptr());
        Ok(())
    })
}

/// The value of the first header named `name` (compared case-insensitively, like HTTP), or
/// NULL when there is none or an argument is NULL or not valid UTF-8.
///
/// Ownership: borrowed from the response; valid until `userstore_response_free`.
/// Thread-safety: safe from any thread while the response is alive.
///
/// # Safety
/// `response` is NULL or a live response; `name` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userstore_response_header_value(
    response: *const userstore_response,
    name: *const c_char,
) -> *const c_char {
    infallible(std::ptr::null(), || unsafe {
        let (Some(response), Ok(Some(name))) = (response.as_ref(), strings::optional(name, "name"))
        else {
            return std::ptr::null();
        };
        (response.headers.iter())
            .find(|(k, _)| k.to_bytes().eq_ignore_ascii_case(name.as_bytes()))
            .map_or(std::ptr::null(), |(_, v)| v.as_ptr())
    })
}

/// Frees a response from `userstore_request`. NULL is ignored.
///
/// Ownership: takes the response back; every pointer borrowed from it becomes invalid.
/// Freeing it twice is undefined behaviour. Thread-safety: safe from any thread, once no
/// other thread is reading the response.
///
/// # Safety
/// `response` is NULL or a live response from `userstore_request`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userstore_response_free(response: *mut userstore_response) {
    if !response.is_null() {
        infallible((), || drop(unsafe { Box::from_raw(response) }));
    }
}
