//! The core's Unicode service from the JavaScript engine: `String.prototype.normalize`,
//! `toLowerCase` and regular expressions with Unicode property escapes (ICU in every engine),
//! so the `.wasm` carries none of the tables (about 130 KB).

use userstore::unicode::{Class, Unicode};
use zeroize::Zeroizing;

/// The JavaScript engine's Unicode.
pub(crate) struct JsUnicode;

impl Unicode for JsUnicode {
    /// The engine's copies of the text are JavaScript strings, which cannot be wiped; the
    /// password came from JavaScript in the first place.
    fn nfkc(&self, text: &str) -> Zeroizing<String> {
        Zeroizing::new(String::from(js_sys::JsString::from(text).normalize("NFKC")))
    }

    fn lowercase(&self, text: &str) -> String {
        String::from(js_sys::JsString::from(text).to_lower_case())
    }

    fn first_in(&self, text: &str, class: Class) -> Option<char> {
        js_sys::RegExp::new(class.pattern(), "u")
            .exec(text)
            .and_then(|found| found.get(0).as_string())
            .and_then(|found| found.chars().next())
    }
}
