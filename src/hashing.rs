//! argon2id password hashing: PHC strings, 16-byte salts from the OS CSPRNG, rehash when the
//! stored parameters are weaker than the configured ones.
//!
//! Every computation passes a bounded stage ([`Stage`]): at most `hashing_concurrency` run at
//! once, at most `hashing_queue` wait, and past that the answer is `503` with `Retry-After`
//! rather than a queue that grows with the attack (SPEC section 4).

use crate::config::HashParams;
use crate::entropy;
use crate::error::{Error, Result};
use crate::unicode::nfkc;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};
use zeroize::Zeroizing;

/// Longest password text accepted before normalization, in bytes: four times the UTF-8 size of
/// the longest password the policy allows, room for any decomposed spelling of it. A longer
/// one is refused (or fails to verify) without being normalized or hashed.
pub(crate) const MAX_PASSWORD_BYTES: usize = 4 * 4 * crate::policy::MAX_LENGTH;

/// Seconds a client is asked to wait when the hashing stage is full.
const BUSY_RETRY_AFTER: u64 = 1;

/// Hashes and verifies passwords with one set of parameters.
pub(crate) struct Hasher {
    params: HashParams,
    /// A hash of a random password, verified against when there is no user, so that an
    /// unknown account costs the same work as a known one.
    dummy: OnceLock<String>,
    stage: Stage,
}

/// The bounded hashing stage: a counting semaphore with a bounded waiting room.
struct Stage {
    /// (running, waiting).
    counts: Mutex<(usize, usize)>,
    freed: Condvar,
    max_running: usize,
    max_waiting: usize,
}

/// A place in the stage, given back on drop.
struct Permit<'a>(&'a Stage);

impl Stage {
    fn enter(&self) -> Result<Permit<'_>> {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if counts.0 >= self.max_running {
            if counts.1 >= self.max_waiting {
                return Err(Error::busy(BUSY_RETRY_AFTER));
            }
            counts.1 += 1;
            while counts.0 >= self.max_running {
                counts = self.freed.wait(counts).unwrap_or_else(PoisonError::into_inner);
            }
            counts.1 -= 1;
        }
        counts.0 += 1;
        Ok(Permit(self))
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut counts = self.0.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.0 -= 1;
        self.0.freed.notify_one();
    }
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
    /// A hasher with `params` that runs at most `concurrency` computations at once and lets
    /// at most `queue` more wait. A single-threaded host (WebAssembly) never waits.
    pub(crate) fn new(params: HashParams, concurrency: usize, queue: usize) -> Self {
        let single_threaded = cfg!(target_arch = "wasm32");
        Hasher {
            params,
            dummy: OnceLock::new(),
            stage: Stage {
                counts: Mutex::new((0, 0)),
                freed: Condvar::new(),
                max_running: if single_threaded {
                    usize::MAX
                } else {
                    concurrency.max(1)
                },
                max_waiting: queue,
            },
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
        let _permit = self.stage.enter()?;
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

    /// Checks `password` against a stored PHC string: one argon2 verification of its NFKC
    /// form (the form every hash of this store is made from), none for a password over
    /// [`MAX_PASSWORD_BYTES`]. `SC503` when the hashing stage is full.
    pub(crate) fn verify(&self, phc: &str, password: &str) -> Result<Verified> {
        if password.len() > MAX_PASSWORD_BYTES {
            return Ok(Verified::No);
        }
        let Ok(parsed) = PasswordHash::new(phc) else {
            return Ok(Verified::No);
        };
        let _permit = self.stage.enter()?;
        let normalized = nfkc(password);
        if Argon2::default()
            .verify_password(normalized.as_bytes(), &parsed)
            .is_err()
        {
            return Ok(Verified::No);
        }
        Ok(if self.is_weaker(&parsed) {
            Verified::YesRehash
        } else {
            Verified::Yes
        })
    }

    /// Spends the same work as a verification, for a login with no such user.
    pub(crate) fn verify_dummy(&self, password: &str) -> Result<()> {
        let dummy = match self.dummy.get() {
            Some(d) => d,
            None => {
                let filler = entropy::random_hex::<16>()?;
                let made = self.hash(filler.expose())?;
                self.dummy.get_or_init(|| made)
            }
        };
        self.verify(dummy, password).map(drop)
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
        let h = fast();
        let phc = h.hash("Correct-Horse-9").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=8,t=1,p=1$"));
        assert!(is_valid_phc(&phc));
        assert_eq!(h.verify(&phc, "Correct-Horse-9").unwrap(), Verified::Yes);
        assert_eq!(h.verify(&phc, "correct-Horse-9").unwrap(), Verified::No);
        assert_eq!(h.verify("not a hash", "x").unwrap(), Verified::No);
        assert!(!is_valid_phc("$2b$10$abcdefghijklmnopqrstuv"));
    }

    fn fast() -> Hasher {
        Hasher::new(HashParams::INSECURE_FAST_FOR_TESTS_ONLY, 1, 0)
    }

    #[test]
    fn weaker_hashes_ask_for_rehash() {
        let weak = fast().hash("pw").unwrap();
        let strong = Hasher::new(
            HashParams {
                memory_kib: 16,
                iterations: 2,
                parallelism: 1,
            },
            1,
            0,
        );
        assert_eq!(strong.verify(&weak, "pw").unwrap(), Verified::YesRehash);
    }

    /// A password is verified once, in its NFKC form: "ﬁ" (U+FB01) and "fi" are the same
    /// password; an over-long one is refused before any work.
    #[test]
    fn one_verification_of_the_normalized_form() {
        let h = fast();
        let phc = h.hash("Pro\u{FB01}le-2026!").unwrap();
        assert_eq!(h.verify(&phc, "Profile-2026!").unwrap(), Verified::Yes);
        let long = "x".repeat(MAX_PASSWORD_BYTES + 1);
        let phc = h.hash(&long[..MAX_PASSWORD_BYTES]).unwrap();
        assert_eq!(h.verify(&phc, &long).unwrap(), Verified::No);
    }

    /// Past its running and waiting places, the stage answers 503 at once.
    #[test]
    fn a_full_stage_answers_busy() {
        let h = fast();
        let held = h.stage.enter().unwrap();
        let e = h.hash("pw").unwrap_err();
        assert_eq!((e.status(), e.retry_after()), (503, Some(1)));
        drop(held);
        assert!(h.hash("pw").is_ok());
        // With one waiting place, a second caller waits for the first instead.
        let h = std::sync::Arc::new(Hasher::new(HashParams::INSECURE_FAST_FOR_TESTS_ONLY, 1, 1));
        let held = h.stage.enter().unwrap();
        let h2 = h.clone();
        let waiter = std::thread::spawn(move || h2.hash("pw").is_ok());
        while h.stage.counts.lock().unwrap().1 == 0 {
            std::thread::yield_now();
        }
        assert_eq!(h.hash("pw").unwrap_err().status(), 503);
        drop(held);
        assert!(waiter.join().unwrap());
    }

    #[test]
    fn salt_is_sixteen_bytes_and_fresh() {
        let h = fast();
        let a = h.hash("same").unwrap();
        let b = h.hash("same").unwrap();
        assert_ne!(a, b);
        let salt = PasswordHash::new(&a).unwrap().salt.unwrap();
        let mut buf = [0u8; 64];
        assert_eq!(salt.decode_b64(&mut buf).unwrap().len(), 16);
    }
}
