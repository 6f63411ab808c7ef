//! Secret values: they zeroize their memory on drop and never print.

use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A secret string: a password, a session token, an API token, a reset hash.
///
/// `Debug` prints `Secret(***)`; there is no `Display`. The bytes are wiped on drop.
#[derive(Clone, Default, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret string.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; use it, do not keep or print it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_owned())
    }
}

impl Secret {
    /// `template` with every `{name}` replaced by the secret, written once into a buffer of
    /// its final size (a link carrying a reset hash or a confirmation token): `str::replace`
    /// would grow its buffer and free copies of the secret unwiped.
    pub fn fill_in(template: &str, name: &str, secret: &str) -> Secret {
        let count = template.matches(name).count();
        let mut out = String::with_capacity(template.len() + count * secret.len());
        let mut rest = template;
        while let Some(at) = rest.find(name) {
            out.push_str(&rest[..at]);
            out.push_str(secret);
            rest = &rest[at + name.len()..];
        }
        out.push_str(rest);
        Secret(out)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A password as typed by a person (not yet checked against any policy).
pub type Password = Secret;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_in_replaces_every_occurrence() {
        let link = Secret::fill_in("https://a/r?hash={hash}&again={hash}", "{hash}", "ab12");
        assert_eq!(link.expose(), "https://a/r?hash=ab12&again=ab12");
        assert_eq!(
            Secret::fill_in("no slot", "{hash}", "x").expose(),
            "no slot"
        );
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let s = Secret::new("Hunter2!Hunter2");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(format!("{:?}", Some(&s)), "Some(Secret(***))");
    }
}
