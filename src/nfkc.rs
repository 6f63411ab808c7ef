//! Unicode NFKC normalisation: the form in which passwords are counted, compared, checked
//! against the blocklist and hashed.
//!
//! Native builds use the `unicode-normalization` crate. WebAssembly builds ask the JavaScript
//! host (`String.prototype.normalize("NFKC")`, ICU in every engine), which keeps about 100 KB
//! of tables out of the `.wasm`. Both implement the Unicode standard's NFKC; they could only
//! disagree on characters assigned in a Unicode version one of them does not know yet.

use zeroize::Zeroizing;

/// `text` in Unicode NFKC form, wrapped in [`Zeroizing`] because it is usually a password.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn nfkc(text: &str) -> Zeroizing<String> {
    use unicode_normalization::UnicodeNormalization;
    Zeroizing::new(text.nfkc().collect())
}

/// `text` in Unicode NFKC form, wrapped in [`Zeroizing`] because it is usually a password.
///
/// The host's copies of the text are JavaScript strings, which cannot be wiped; the password
/// came from JavaScript in the first place.
#[cfg(target_arch = "wasm32")]
pub(crate) fn nfkc(text: &str) -> Zeroizing<String> {
    let normalized = js_sys::JsString::from(text).normalize("NFKC");
    Zeroizing::new(String::from(normalized))
}
