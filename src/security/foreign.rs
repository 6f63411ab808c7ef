//! The password hashes of the systems people migrate from, for `importUsers`: bcrypt
//! (`$2a$`, `$2b$`, `$2y$`: Devise, Rails' has_secure_password, Laravel) and Django's
//! `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`. Such a hash is of the password as
//! typed; it is verified once, at the first successful login, and replaced by argon2id then
//! (the caller asks for the rehash). Cargo feature `imported-hashes`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use subtle::ConstantTimeEq;

/// The highest bcrypt cost accepted: 2^14 rounds, about a second, already more than any of
/// those frameworks' defaults (10 to 12). Every login attempt to the address pays it.
const MAX_BCRYPT_COST: u32 = 14;
/// The most PBKDF2 iterations accepted: about twice Django 5.2's 1,000,000.
const MAX_PBKDF2_ITERATIONS: u32 = 2_000_000;
/// Django's prefix.
const DJANGO_PBKDF2: &str = "pbkdf2_sha256$";

/// A hash this module verifies.
enum Foreign<'a> {
    Bcrypt(&'a str),
    Pbkdf2 {
        iterations: u32,
        salt: &'a str,
        hash: Vec<u8>,
    },
}

/// `stored` as a hash of a system migrated from, if it looks like one (whether or not it is
/// well formed: `Err` says what is wrong).
fn parse(stored: &str) -> Option<Result<Foreign<'_>, &'static str>> {
    if ["$2a$", "$2b$", "$2y$"]
        .iter()
        .any(|p| stored.starts_with(p))
    {
        return Some(match stored.parse::<bcrypt::HashParts>() {
            Ok(parts) if parts.get_cost() <= MAX_BCRYPT_COST => Ok(Foreign::Bcrypt(stored)),
            Ok(_) => Err("'passwordHash' is a bcrypt hash of a cost above 14."),
            Err(_) => Err("'passwordHash' is not a well-formed bcrypt hash."),
        });
    }
    let rest = stored.strip_prefix(DJANGO_PBKDF2)?;
    let mut fields = rest.split('$');
    let parsed = match (fields.next(), fields.next(), fields.next(), fields.next()) {
        (Some(iterations), Some(salt), Some(hash), None) if !salt.is_empty() => iterations
            .parse::<u32>()
            .ok()
            .filter(|i| *i > 0)
            .zip(STANDARD.decode(hash).ok().filter(|h| h.len() == 32))
            .map(|(iterations, hash)| Foreign::Pbkdf2 {
                iterations,
                salt,
                hash,
            }),
        _ => None,
    };
    Some(match parsed {
        Some(Foreign::Pbkdf2 { iterations, .. }) if iterations > MAX_PBKDF2_ITERATIONS => {
            Err("'passwordHash' is a pbkdf2_sha256 hash of more than 2,000,000 iterations.")
        }
        Some(f) => Ok(f),
        None => Err("'passwordHash' is not a well-formed Django pbkdf2_sha256 hash."),
    })
}

/// True when `stored` is a bcrypt or Django hash (well formed or not).
pub(crate) fn is_foreign(stored: &str) -> bool {
    parse(stored).is_some()
}

/// Why `stored` cannot be imported: `None` when it is not a foreign hash at all,
/// `Some(None)` when it can be.
pub(crate) fn import_problem(stored: &str) -> Option<Option<&'static str>> {
    parse(stored).map(|parsed| parsed.err())
}

/// Whether `password` (as typed) is the one `stored` was made from.
pub(crate) fn verify(stored: &str, password: &str) -> bool {
    match parse(stored) {
        Some(Ok(Foreign::Bcrypt(hash))) => bcrypt::verify(password, hash).unwrap_or(false),
        Some(Ok(Foreign::Pbkdf2 {
            iterations,
            salt,
            hash,
        })) => {
            let mut derived = zeroize::Zeroizing::new([0u8; 32]);
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(
                password.as_bytes(),
                salt.as_bytes(),
                iterations,
                derived.as_mut(),
            );
            derived.ct_eq(&hash).into()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made by Django's own algorithm (hashlib.pbkdf2_hmac in Python):
    /// `pbkdf2_sha256$1000$seasalt$` + base64(pbkdf2_hmac('sha256', b'Blue-Otter-47',
    /// b'seasalt', 1000)).
    const DJANGO: &str = "pbkdf2_sha256$1000$seasalt$hDG5ahQWkMY9GGrBn0tTh2590oouHXGpOneGwks6qiQ=";

    #[test]
    fn django_pbkdf2_sha256_verifies_the_password_as_typed() {
        assert!(verify(DJANGO, "Blue-Otter-47"));
        assert!(!verify(DJANGO, "Blue-Otter-48"));
        assert_eq!(import_problem(DJANGO), Some(None));
    }

    #[test]
    fn bcrypt_of_every_prefix_verifies() {
        let made = bcrypt::hash_with_salt("Blue-Otter-47", 4, [7; 16])
            .unwrap()
            .format_for_version(bcrypt::Version::TwoB);
        for prefix in ["$2a$", "$2b$", "$2y$"] {
            let hash = made.replacen("$2b$", prefix, 1);
            assert!(verify(&hash, "Blue-Otter-47"), "{hash}");
            assert!(!verify(&hash, "blue-otter-47"), "{hash}");
            assert_eq!(import_problem(&hash), Some(None));
        }
    }

    #[test]
    fn costly_or_malformed_hashes_are_refused_and_others_are_not_foreign() {
        let made = bcrypt::hash_with_salt("x", 4, [7; 16])
            .unwrap()
            .format_for_version(bcrypt::Version::TwoB);
        let costly = made.replacen("$04$", "$15$", 1);
        assert_eq!(
            import_problem(&costly),
            Some(Some("'passwordHash' is a bcrypt hash of a cost above 14."))
        );
        assert_eq!(
            import_problem("$2b$nope"),
            Some(Some("'passwordHash' is not a well-formed bcrypt hash."))
        );
        assert_eq!(
            import_problem(
                "pbkdf2_sha256$3000000$salt$hDG5ahQWkMY9GGrBn0tTh2590oouHXGpOneGwks6qiQ="
            ),
            Some(Some(
                "'passwordHash' is a pbkdf2_sha256 hash of more than 2,000,000 iterations."
            ))
        );
        assert_eq!(
            import_problem("pbkdf2_sha256$1000$salt$short"),
            Some(Some(
                "'passwordHash' is not a well-formed Django pbkdf2_sha256 hash."
            ))
        );
        assert_eq!(import_problem("$argon2id$v=19$m=19456,t=2,p=1$x$y"), None);
        assert!(!is_foreign("md5$abc"));
    }
}
