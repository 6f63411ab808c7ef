//! argon2id password hashing: PHC strings, 16-byte salts from the OS CSPRNG, rehash when the
//! stored parameters are weaker than the configured ones.

use crate::config::HashParams;
use crate::entropy;
use crate::error::{Error, Result};
use crate::unicode::nfkc;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::borrow::Cow;
use std::sync::OnceLock;
use zeroize::Zeroizing;

/// Hashes and verifies passwords with one set of parameters.
pub(crate) struct Hasher {
    params: HashParams,
    /// A hash of a random password, verified against when there is no user, so that an
    /// unknown account costs the same work as a known one.
    dummy: OnceLock<String>,
}

/// The outcome of a verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verified {
    /// Wrong password (or no usable hash).
    No,
    /// Right password, hash up to date.
    Yes,
    /// Right password, but the hash uses weaker parameters than configured: rehash it.
    YesRehash,
}

impl Hasher {
    pub(crate) fn new(params: HashParams) -> Self {
        Hasher {
            params,
            dummy: OnceLock::new(),
        }
    }

    fn argon2(&self) -> Result<Argon2<'static>> {
        let p = Params::new(
            self.params.memory_kib,
            self.params.iterations,
            self.params.parallelism,
            None,
        )
        .map_err(|_| Error::storage("Invalid hashing parameters."))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, p))
    }

    /// A new PHC string for `password` (normalized to NFKC first).
    pub(crate) fn hash(&self, password: &str) -> Result<String> {
        let mut salt = Zeroizing::new([0u8; 16]);
        entropy::fill(salt.as_mut())?;
        let salt = SaltString::encode_b64(salt.as_ref())
            .map_err(|_| Error::storage("Salt encoding failed."))?;
        let normalized = nfkc(password);
        let phc = self
            .argon2()?
            .hash_password(normalized.as_bytes(), &salt)
            .map_err(|_| Error::storage("Password hashing failed."))?;
        Ok(phc.to_string())
    }

    /// Checks `password` against a stored PHC string.
    pub(crate) fn verify(&self, phc: &str, password: &str) -> Verified {
        let Ok(parsed) = PasswordHash::new(phc) else {
            return Verified::No;
        };
        let normalized = nfkc(password);
        let mut candidates: Vec<Cow<str>> = vec![Cow::Borrowed(normalized.as_str())];
        // Hashes imported from elsewhere may be of the raw, unnormalized text.
        if normalized.as_str() != password {
            candidates.push(Cow::Borrowed(password));
        }
        let ok = candidates.iter().any(|c| {
            Argon2::default()
                .verify_password(c.as_bytes(), &parsed)
                .is_ok()
        });
        if !ok {
            return Verified::No;
        }
        if self.is_weaker(&parsed) {
            Verified::YesRehash
        } else {
            Verified::Yes
        }
    }

    /// Spends the same work as a verification, for a login or demand with no such user.
    pub(crate) fn verify_dummy(&self, password: &str) {
        let dummy = self.dummy.get_or_init(|| {
            let filler = entropy::random_hex::<16>().unwrap_or_default();
            self.hash(&filler).unwrap_or_default()
        });
        let _ = self.verify(dummy, password);
    }

    fn is_weaker(&self, parsed: &PasswordHash<'_>) -> bool {
        let Ok(p) = Params::try_from(parsed) else {
            return true;
        };
        parsed.algorithm != argon2::ARGON2ID_IDENT
            || parsed.version != Some(Version::V0x13 as u32)
            || p.m_cost() < self.params.memory_kib
            || p.t_cost() < self.params.iterations
            || p.p_cost() < self.params.parallelism
    }
}

/// True when `phc` is an argon2 PHC string this store can verify (for imports).
pub fn is_valid_phc(phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        [
            argon2::ARGON2ID_IDENT,
            argon2::ARGON2I_IDENT,
            argon2::ARGON2D_IDENT,
        ]
        .contains(&h.algorithm)
            && h.salt.is_some()
            && h.hash.is_some()
            && Params::try_from(&h).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = Hasher::new(HashParams::INSECURE_FAST_FOR_TESTS_ONLY);
        let phc = h.hash("Correct-Horse-9").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=8,t=1,p=1$"));
        assert!(is_valid_phc(&phc));
        assert_eq!(h.verify(&phc, "Correct-Horse-9"), Verified::Yes);
        assert_eq!(h.verify(&phc, "correct-Horse-9"), Verified::No);
        assert_eq!(h.verify("not a hash", "x"), Verified::No);
        assert!(!is_valid_phc("$2b$10$abcdefghijklmnopqrstuv"));
    }

    #[test]
    fn weaker_hashes_ask_for_rehash() {
        let weak = Hasher::new(HashParams::INSECURE_FAST_FOR_TESTS_ONLY)
            .hash("pw")
            .unwrap();
        let strong = Hasher::new(HashParams {
            memory_kib: 16,
            iterations: 2,
            parallelism: 1,
        });
        assert_eq!(strong.verify(&weak, "pw"), Verified::YesRehash);
    }

    #[test]
    fn salt_is_sixteen_bytes_and_fresh() {
        let h = Hasher::new(HashParams::INSECURE_FAST_FOR_TESTS_ONLY);
        let a = h.hash("same").unwrap();
        let b = h.hash("same").unwrap();
        assert_ne!(a, b);
        let salt = PasswordHash::new(&a).unwrap().salt.unwrap();
        let mut buf = [0u8; 64];
        assert_eq!(salt.decode_b64(&mut buf).unwrap().len(), 16);
    }
}
