//! Field rules of SPEC section 2: names, emails, enum references.

use crate::data::enums;
use crate::host::unicode::{Class, first_in, is};

/// Longest name, in characters.
pub const NAME_MAX: usize = 250;
/// Longest email address, in characters.
pub const EMAIL_MAX: usize = 254;

/// Checks a user name; returns the problem, if any, as a suberror message.
pub fn name(value: &str) -> Option<String> {
    let count = value.chars().count();
    if count == 0 {
        return Some("'name' must not be empty.".into());
    }
    if count > NAME_MAX {
        return Some(format!(
            "'name' must be at most {NAME_MAX} characters long."
        ));
    }
    let space = |c: char| is(c, Class::Space);
    if value.starts_with(space) || value.ends_with(space) {
        return Some("'name' must not start or end with a space.".into());
    }
    if let Some(bad) = first_in(value, Class::NotInName) {
        return Some(format!(
            "'name' may contain only letters, digits, spaces and ' - . ( ) * + , @ _ / (found U+{:04X}).",
            bad as u32
        ));
    }
    None
}

/// Checks a trimmed email address against the WHATWG HTML "valid email address" syntax.
pub fn email(field: &str, value: &str) -> Option<String> {
    if value.is_empty() {
        return Some(format!("'{field}' must not be empty."));
    }
    if value.chars().count() > EMAIL_MAX {
        return Some(format!(
            "'{field}' must be at most {EMAIL_MAX} characters long."
        ));
    }
    if !is_whatwg_email(value) {
        return Some(format!("'{field}' must be a valid email address."));
    }
    None
}

/// `local@domain` where local is `[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+` and domain is dot-separated
/// labels of 1 to 63 letters, digits and inner hyphens.
fn is_whatwg_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b));
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    local_ok && domain.split('.').all(label_ok)
}

/// The lowercase form under which emails are unique and looked up.
pub fn email_key(email: &str) -> String {
    email.to_ascii_lowercase()
}

/// Checks a language code.
pub fn language(value: &str) -> Option<String> {
    enums::language(value).is_none().then(|| {
        format!(
            "'language' must be a known language code (got '{}').",
            truncate(value)
        )
    })
}

/// Checks a timezone id.
pub fn timezone_id(id: i64) -> Option<String> {
    enums::timezone(id)
        .is_none()
        .then(|| format!("'timezoneId' must be a known timezone id (got {id})."))
}

/// Checks a locale id.
pub fn locale_id(id: i64) -> Option<String> {
    enums::locale(id)
        .is_none()
        .then(|| format!("'localeId' must be a known locale id (got {id})."))
}

/// Checks a country id.
pub fn country_id(id: i64) -> Option<String> {
    enums::country(id)
        .is_none()
        .then(|| format!("'countryId' must be a known country id (got {id})."))
}

/// At most 32 characters of user input, for quoting it back in a message.
pub(crate) fn truncate(s: &str) -> String {
    let mut out: String = s.chars().take(32).filter(|c| !c.is_control()).collect();
    if s.chars().count() > 32 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(name("Jöhn O'Neil-Smith (QA), Jr."), None);
        assert_eq!(name("Иван Петров"), None);
        assert_eq!(name("हिन्दी नाम"), None);
        assert_eq!(name("李小龍"), None);
        assert_eq!(name(&"a".repeat(250)), None);
        assert!(name(&"a".repeat(251)).unwrap().contains("at most 250"));
        assert!(name(" lead").unwrap().contains("start or end"));
        assert!(name("x;DROP TABLE users").unwrap().contains("U+003B"));
        assert!(name("").is_some());
        assert!(name("a\u{202E}b").is_some());
    }

    #[test]
    fn emails() {
        for ok in ["a@b", "john.doe+tag@example.com", "x@sub-domain.example.co"] {
            assert_eq!(email("email", ok), None, "{ok}");
        }
        for bad in [
            "", "a", "@b.c", "a@", "a@-b.c", "a@b-.c", "a b@c.d", "a@b..c", "ä@b.c", "a@b@c",
        ] {
            assert!(email("email", bad).is_some(), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(243));
        assert_eq!(long.len(), 255);
        assert!(email("email", &long).unwrap().contains("254"));
    }
}
