//! The Unicode operations whose tables are large: NFKC normalisation (the form in which
//! passwords are counted, compared, checked against the blocklist and hashed), lowercasing
//! (emails, sort keys, the blocklist and the password policy's personal-data check) and the
//! character classes that the checks of names and passwords use ([`Class`]).
//!
//! ASCII text, the common case, is handled here. The rest goes to the host's [`Unicode`]
//! service, installed once per process with [`install`], like the clock is given to a store:
//!
//! - Native builds need not install anything: with the default cargo feature
//!   `unicode-tables`, the service is [`Tables`] (the `unicode-normalization` crate,
//!   [`str::to_lowercase`] and `char`'s property tests).
//! - The WebAssembly binding builds the core without that feature and installs the JavaScript
//!   engine's (`String.prototype.normalize("NFKC")`, `toLowerCase()`, and [`Class::pattern`]
//!   as a regular expression with Unicode property escapes; ICU in every engine), which keeps
//!   about 130 KB of tables out of the `.wasm`.
//!
//! Both implement the Unicode standard's mappings and properties (full lowercase mapping,
//! final sigma included); they could only disagree on characters assigned in a Unicode
//! version one of them does not know yet. The shared scenarios `unicode_*.json` check both.

use std::sync::OnceLock;
use zeroize::Zeroizing;

/// The Unicode operations a host provides for text that is not all ASCII.
pub trait Unicode: Send + Sync {
    /// `text` in Unicode NFKC form. The text is usually a password: return it in a buffer
    /// that is wiped when dropped, and do not keep copies.
    fn nfkc(&self, text: &str) -> Zeroizing<String>;
    /// `text` lowercased by Unicode's full case mapping. The text may be a password (the
    /// blocklist and the policy's personal-data check lowercase it): do not keep copies.
    fn lowercase(&self, text: &str) -> String;
    /// The first character of `text` in `class`, if any. The text may be a password (the
    /// policy's character classes): do not keep copies.
    fn first_in(&self, text: &str, class: Class) -> Option<char>;
}

static SERVICE: OnceLock<&'static dyn Unicode> = OnceLock::new();

/// Installs the process's Unicode service; the first installed stays (`false`: one already
/// was). Install it before the first store opens.
pub fn install(service: &'static dyn Unicode) -> bool {
    SERVICE.set(service).is_ok()
}

/// The installed service, else the crate's own tables.
fn service() -> &'static dyn Unicode {
    #[cfg(feature = "unicode-tables")]
    return *SERVICE.get_or_init(|| &Tables);
    #[cfg(not(feature = "unicode-tables"))]
    return *SERVICE.get().unwrap_or_else(|| {
        panic!("userstore: no Unicode service; call unicode::install or enable `unicode-tables`")
    });
}

/// `text` in Unicode NFKC form, wrapped in [`Zeroizing`] because it is usually a password.
pub(crate) fn nfkc(text: &str) -> Zeroizing<String> {
    if text.is_ascii() {
        // ASCII is its own NFKC form.
        return Zeroizing::new(text.to_owned());
    }
    service().nfkc(text)
}

/// `text` lowercased by Unicode's full case mapping.
pub(crate) fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    service().lowercase(text)
}

/// The first character of `text` in `class`, if any.
pub(crate) fn first_in(text: &str, class: Class) -> Option<char> {
    if text.is_ascii() {
        return text.chars().find(|&c| class.has_ascii(c));
    }
    service().first_in(text, class)
}

/// Whether the character `c` is in `class`.
pub(crate) fn is(c: char, class: Class) -> bool {
    first_in(c.encode_utf8(&mut [0; 4]), class).is_some()
}

/// A set of characters, by Unicode properties.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// The `Uppercase` property ([`char::is_uppercase`]).
    Uppercase,
    /// General category Number ([`char::is_numeric`]).
    Number,
    /// The `White_Space` property ([`char::is_whitespace`]).
    Space,
    /// A "special character" of the password policy: neither `Alphabetic`, Number nor
    /// `White_Space`.
    Special,
    /// What a name may not contain: anything but `Alphabetic`, Number, general category Mark
    /// (the combining marks of many scripts) and [`NAME_PUNCTUATION`].
    NotInName,
}

/// The characters besides letters, digits and marks that a name may contain.
pub const NAME_PUNCTUATION: &str = " '-.()*+,@_/";

impl Class {
    /// Whether an ASCII character is in the class (the same answer as for any character).
    fn has_ascii(self, c: char) -> bool {
        match self {
            Class::Uppercase => c.is_ascii_uppercase(),
            Class::Number => c.is_ascii_digit(),
            // `char::is_whitespace` in ASCII: space, and tab through carriage return.
            Class::Space => matches!(c, ' ' | '\t'..='\r'),
            Class::Special => !c.is_ascii_alphanumeric() && !Class::Space.has_ascii(c),
            Class::NotInName => !c.is_ascii_alphanumeric() && !NAME_PUNCTUATION.contains(c),
        }
    }

    /// The class as the source of a regular expression with Unicode property escapes (for
    /// JavaScript, with the `u` flag) that matches one character of it.
    pub fn pattern(self) -> &'static str {
        match self {
            Class::Uppercase => r"\p{Uppercase}",
            Class::Number => r"\p{N}",
            Class::Space => r"\p{White_Space}",
            Class::Special => r"[^\p{Alphabetic}\p{N}\p{White_Space}]",
            Class::NotInName => r"[^\p{Alphabetic}\p{N}\p{M} '\-.()*+,@_/]",
        }
    }
}

/// The Unicode service of native builds: the `unicode-normalization` crate and the Rust
/// standard library's tables (cargo feature `unicode-tables`, on by default).
#[cfg(feature = "unicode-tables")]
pub struct Tables;

#[cfg(feature = "unicode-tables")]
impl Unicode for Tables {
    fn nfkc(&self, text: &str) -> Zeroizing<String> {
        use unicode_normalization::UnicodeNormalization;
        let mut out = Zeroizing::new(String::with_capacity(text.len()));
        for c in text.nfkc() {
            if out.len() + c.len_utf8() > out.capacity() {
                // Grown here rather than by `push`, which would free the smaller buffer, a
                // part of the password still in it, without wiping it.
                let mut bigger = Zeroizing::new(String::with_capacity(2 * out.capacity() + 4));
                bigger.push_str(&out);
                out = bigger;
            }
            out.push(c);
        }
        out
    }

    fn lowercase(&self, text: &str) -> String {
        text.to_lowercase()
    }

    fn first_in(&self, text: &str, class: Class) -> Option<char> {
        text.chars().find(|&c| match class {
            Class::Uppercase => c.is_uppercase(),
            Class::Number => c.is_numeric(),
            Class::Space => c.is_whitespace(),
            Class::Special => !c.is_alphanumeric() && !c.is_whitespace(),
            Class::NotInName => {
                !(c.is_alphanumeric()
                    || NAME_PUNCTUATION.contains(c)
                    || unicode_normalization::char::is_combining_mark(c))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_unicode_properties() {
        use Class::*;
        let cases: [(&str, Class, Option<char>); 14] = [
            ("abcD1", Uppercase, Some('D')),
            ("éÉ", Uppercase, Some('É')),
            ("ǅ", Uppercase, None), // titlecase, not uppercase
            ("abc", Number, None),
            ("x٣", Number, Some('٣')), // Arabic-Indic three
            ("Ⅻ", Number, Some('Ⅻ')),  // a letter number
            ("a\u{b}b", Space, Some('\u{b}')),
            ("a\u{a0}", Space, Some('\u{a0}')),
            ("Abc1 x", Special, None),
            ("Abc1!", Special, Some('!')),
            ("Zoë\u{3000}€", Special, Some('€')), // ideographic space is space
            ("O'Brien-Smith (Jr.)", NotInName, None),
            ("Zoe\u{308} Ωμέγα 李", NotInName, None), // a combining diaeresis is a mark
            ("Ann;", NotInName, Some(';')),
        ];
        for (text, class, want) in cases {
            assert_eq!(first_in(text, class), want, "{text:?} {class:?}");
        }
        assert!(is(' ', Space) && !is('x', Space) && is('\u{2028}', Space));
        assert_eq!(first_in("José<", NotInName), Some('<'));
    }

    #[test]
    fn the_name_pattern_allows_the_same_punctuation_as_the_tables() {
        // The JS engine's class (`Class::pattern`) and the native one must agree.
        let pattern = Class::NotInName.pattern();
        for c in NAME_PUNCTUATION.chars() {
            assert!(pattern.contains(c), "{c:?} is missing from {pattern}");
        }
        let listed = pattern.trim_start_matches(r"[^\p{Alphabetic}\p{N}\p{M}");
        assert_eq!(
            listed.replace('\\', "").trim_end_matches(']'),
            NAME_PUNCTUATION
        );
    }

    #[test]
    fn lowercase_is_the_full_unicode_mapping() {
        assert_eq!(lowercase("Ada LOVELACE"), "ada lovelace");
        assert_eq!(lowercase("ÉMILE Zoë"), "émile zoë");
        // One code point can lower to two, and a final sigma is written ς.
        assert_eq!(lowercase("İ"), "i\u{307}");
        assert_eq!(lowercase("ΟΔΟΣ ΟΔΟΣ."), "οδος οδος.");
    }
}
