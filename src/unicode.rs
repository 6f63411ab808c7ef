//! The Unicode operations whose tables are large: NFKC normalisation (the form in which
//! passwords are counted, compared, checked against the blocklist and hashed) and lowercasing
//! (emails, sort keys, the blocklist and the password policy's personal-data check).
//!
//! Native builds use the `unicode-normalization` crate and [`str::to_lowercase`]. WebAssembly
//! builds ask the JavaScript host (`String.prototype.normalize("NFKC")` and
//! `String.prototype.toLowerCase()`, ICU in every engine), which keeps about 115 KB of tables
//! out of the `.wasm`. Both sides implement the Unicode standard's mappings (full lowercase
//! mapping, final sigma included); they could only disagree on characters assigned in a Unicode
//! version one of them does not know yet.

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

/// `text` lowercased by Unicode's full case mapping.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn lowercase(text: &str) -> String {
    text.to_lowercase()
}

/// `text` lowercased by Unicode's full case mapping. ASCII text, the common case, stays in
/// the module; the rest is the host's `toLowerCase()`.
#[cfg(target_arch = "wasm32")]
pub(crate) fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        String::from(js_sys::JsString::from(text).to_lower_case())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_is_the_full_unicode_mapping() {
        assert_eq!(lowercase("Ada LOVELACE"), "ada lovelace");
        assert_eq!(lowercase("ÉMILE Zoë"), "émile zoë");
        // One code point can lower to two, and a final sigma is written ς.
        assert_eq!(lowercase("İ"), "i\u{307}");
        assert_eq!(lowercase("ΟΔΟΣ ΟΔΟΣ."), "οδος οδος.");
    }
}
