//! Strings and buffers across the boundary: reading C inputs safely, handing out owned
//! strings, and freeing them.

use crate::failure::Failure;
use crate::infallible::infallible;
use std::ffi::{CString, c_char};
use zeroize::Zeroize;

/// The largest input accepted, in bytes: any one string argument (not counting its NUL) and
/// a request body. Larger inputs give `USERSTORE_INVALID_ARGUMENT` without being read past
/// this many bytes.
pub const USERSTORE_MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// The length of the NUL-terminated string at `ptr`, reading at most
/// [`USERSTORE_MAX_INPUT_BYTES`]` + 1` bytes; `None` when it is longer.
///
/// # Safety
/// `ptr` is non-NULL and points to a NUL-terminated string or to at least
/// `USERSTORE_MAX_INPUT_BYTES + 1` readable bytes.
unsafe fn bounded_len(ptr: *const c_char) -> Option<usize> {
    // Byte by byte: a wider read could run past the string's NUL into memory it does not own.
    (0..=USERSTORE_MAX_INPUT_BYTES).find(|&i| unsafe { *ptr.add(i) } == 0)
}

/// Reads a required string argument named `name` (for the error message).
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays alive and unchanged for `'a`.
pub(crate) unsafe fn required<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Failure> {
    match unsafe { optional(ptr, name) }? {
        Some(s) => Ok(s),
        None => Err(Failure::null(name)),
    }
}

/// Reads an optional string argument: NULL gives `None`.
///
/// # Safety
/// As for [`required`].
pub(crate) unsafe fn optional<'a>(
    ptr: *const c_char,
    name: &str,
) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() {
        return Ok(None);
    }
    let len = unsafe { bounded_len(ptr) }.ok_or_else(|| too_large(name))?;
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    std::str::from_utf8(bytes)
        .map(Some)
        .map_err(|_| Failure::invalid_argument(format!("'{name}' is not valid UTF-8.")))
}

/// Reads a byte buffer argument: `ptr` may be NULL only when `len` is 0.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable bytes that stay alive and unchanged for `'a`.
pub(crate) unsafe fn buffer<'a>(
    ptr: *const u8,
    len: usize,
    name: &str,
) -> Result<&'a [u8], Failure> {
    if len > USERSTORE_MAX_INPUT_BYTES {
        return Err(too_large(name));
    }
    match (ptr.is_null(), len) {
        (_, 0) => Ok(&[]),
        (true, _) => Err(Failure::null(name)),
        (false, _) => Ok(unsafe { std::slice::from_raw_parts(ptr, len) }),
    }
}

/// The failure for an input over [`USERSTORE_MAX_INPUT_BYTES`].
fn too_large(name: &str) -> Failure {
    Failure::invalid_argument(format!(
        "'{name}' is larger than {USERSTORE_MAX_INPUT_BYTES} bytes."
    ))
}

/// `text` as a C string. The core never puts NUL in what it returns (JSON escapes it), so
/// any NUL is dropped rather than truncating the text. The text is copied once into a buffer
/// with room for the NUL and then wiped, so no copy of a token in it is left behind.
pub(crate) fn c_string(text: impl Into<Vec<u8>>) -> CString {
    let mut text = text.into();
    let mut bytes = Vec::with_capacity(text.len() + 1);
    bytes.extend(text.iter().filter(|&&b| b != 0));
    text.zeroize();
    CString::new(bytes).expect("every NUL was removed")
}

/// Wipes and frees a C string made by [`c_string`].
pub(crate) fn wipe(string: CString) {
    string.into_bytes_with_nul().zeroize();
}

/// `text` as a string the caller owns and frees with [`userstore_string_free`].
pub(crate) fn into_owned(text: impl Into<Vec<u8>>) -> *mut c_char {
    c_string(text).into_raw()
}

/// Wipes and frees a string returned by the library through an out-parameter
/// (`userstore_call`'s `out_json`, which may hold a session or API token). NULL is ignored.
///
/// Ownership: takes ownership of `string`, which must have come from this library and not
/// have been freed before; freeing it twice, or freeing a string this library did not
/// allocate (such as `userstore_last_error`'s or `userstore_version`'s), is undefined
/// behaviour. Thread-safety: safe from any thread, once per string.
///
/// # Safety
/// As stated above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userstore_string_free(string: *mut c_char) {
    if !string.is_null() {
        infallible((), || wipe(unsafe { CString::from_raw(string) }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_checked_for_null_utf8_and_size() {
        let ok = c"café";
        assert_eq!(unsafe { required(ok.as_ptr(), "s") }, Ok("café"));
        assert_eq!(unsafe { optional(std::ptr::null(), "s") }, Ok(None));
        let e = unsafe { required(std::ptr::null(), "op") }.unwrap_err();
        assert!(e.body.contains("'op' must not be NULL."));
        let bad = c"\xff\xfe";
        let e = unsafe { required(bad.as_ptr(), "op") }.unwrap_err();
        assert!(e.body.contains("not valid UTF-8"));
        let big = CString::new(vec![b'a'; USERSTORE_MAX_INPUT_BYTES + 1]).unwrap();
        let e = unsafe { required(big.as_ptr(), "args_json") }.unwrap_err();
        assert!(e.body.contains("larger than"));
        let limit = CString::new(vec![b'a'; USERSTORE_MAX_INPUT_BYTES]).unwrap();
        assert!(unsafe { required(limit.as_ptr(), "s") }.is_ok());
    }

    #[test]
    fn buffers_allow_null_only_when_empty() {
        assert_eq!(unsafe { buffer(std::ptr::null(), 0, "body") }, Ok(&[][..]));
        assert!(unsafe { buffer(std::ptr::null(), 3, "body") }.is_err());
        assert!(unsafe { buffer(b"x".as_ptr(), USERSTORE_MAX_INPUT_BYTES + 1, "body") }.is_err());
    }

    /// What the library hands to C (a body with a token) is wiped when C frees it.
    #[test]
    fn freed_strings_and_responses_are_wiped() {
        use crate::freed_memory::{found, watch};
        use crate::response::userstore_response;
        let secret = "c0ffee-token-wipe-me-4711";
        let out = into_owned(format!(r#"{{"apiToken":{{"token":"{secret}"}}}}"#));
        watch(secret.as_bytes());
        unsafe { userstore_string_free(out) };
        assert_eq!(found(), 0, "a freed string still held the token");

        let mut core = userstore_core::http::Response::json_bytes(200, Vec::new());
        core.body = format!(r#"{{"session":{{"token":"{secret}"}}}}"#).into_bytes();
        core.headers
            .push(("set-cookie".into(), format!("userstore_session={secret}")));
        let response = Box::into_raw(Box::new(userstore_response::new(core)));
        watch(secret.as_bytes());
        unsafe { crate::response::userstore_response_free(response) };
        assert_eq!(found(), 0, "a freed response still held the token");
    }

    #[test]
    fn returned_strings_never_hold_nul() {
        assert_eq!(c_string("a\0b").as_bytes(), b"ab");
        unsafe { userstore_string_free(into_owned("x")) };
        unsafe { userstore_string_free(std::ptr::null_mut()) };
    }
}
