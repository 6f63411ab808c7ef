//! argon2id password hashing: PHC strings, 16-byte salts from the OS CSPRNG, rehash when the
//! stored parameters are weaker than the configured ones.
//!
//! Every computation passes a bounded stage ([`Stage`]): at most `hashing_concurrency` run at
//! once, at most `hashing_queue` wait, and past that the answer is `503` with `Retry-After`
//! rather than a queue that grows with the attack (SPEC section 4).

use crate::config::HashParams;
use crate::host::unicode::nfkc;
use crate::model::PasswordForm;
use crate::security::entropy;
use crate::wire::error::{Error, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};
use zeroize::Zeroizing;

use crate::security::policy::MAX_PASSWORD_BYTES;

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
    /// A place in the stage, waiting for one if the queue has room (or `always_wait`).
    fn enter(&self, always_wait: bool) -> Result<Permit<'_>> {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if counts.0 >= self.max_running {
            if counts.1 >= self.max_waiting && !always_wait {
                return Err(Error::busy(BUSY_RETRY_AFTER));
            }
            counts.1 += 1;
            while counts.0 >= self.max_running {
                counts = self
                    .freed
                    .wait(counts)
                    .unwrap_or_else(PoisonError::into_inner);
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
    /// at most `queue` more wait. A single-threaded host (WebAssembly) runs one at a time, so
    /// it never waits.
    pub(crate) fn new(params: HashParams, concurrency: usize, queue: usize) -> Self {
        Hasher {
            params,
            dummy: OnceLock::new(),
            stage: Stage {
                counts: Mutex::new((0, 0)),
                freed: Condvar::new(),
                max_running: concurrency.max(1),
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

    /// A new PHC string for `password` (normalized to NFKC first). `SC503` when the hashing
    /// stage is full.
    pub(crate) fn hash(&self, password: &str) -> Result<String> {
        self.hash_in_stage(password, false)
    }

    /// [`Hasher::hash`] for the host's own work (an import), which waits for a place in the
    /// stage however long its queue is rather than being turned away.
    pub(crate) fn hash_waiting(&self, password: &str) -> Result<String> {
        self.hash_in_stage(password, true)
    }

    fn hash_in_stage(&self, password: &str, always_wait: bool) -> Result<String> {
        let _permit = self.stage.enter(always_wait)?;
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

    /// Checks `password` against a stored PHC string made from `form`: one argon2
    /// verification, none for a password over [`MAX_PASSWORD_BYTES`]. A hash of a typed
    /// password that NFKC changes asks to be rehashed (into the NFKC form) when it matches. `SC503` when the hashing stage
    /// is full.
    pub(crate) fn verify(&self, phc: &str, password: &str, form: PasswordForm) -> Result<Verified> {
        if password.len() > MAX_PASSWORD_BYTES {
            return Ok(Verified::No);
        }
        // An imported bcrypt or Django hash, of the password as typed: replaced at the first
        // success.
        // It costs an argon2 verification on top, so that such an account answers no sooner
        // than an unknown address (whose login verifies the dummy hash).
        #[cfg(feature = "imported-hashes")]
        if super::foreign::is_foreign(phc) {
            let matched = {
                let _permit = self.stage.enter(false)?;
                super::foreign::verify(phc, password)
            };
            self.verify_dummy(password)?;
            return Ok(if matched {
                Verified::YesRehash
            } else {
                Verified::No
            });
        }
        let Ok(parsed) = PasswordHash::new(phc) else {
            return Ok(Verified::No);
        };
        let _permit = self.stage.enter(false)?;
        let normalized = nfkc(password);
        let input = match form {
            PasswordForm::Nfkc => normalized.as_bytes(),
            PasswordForm::AsTyped => password.as_bytes(),
        };
        if Argon2::default().verify_password(input, &parsed).is_err() {
            return Ok(Verified::No);
        }
        // A hash of a typed password that is not in NFKC form is replaced by one of its NFKC
        // form, so that every spelling of it works from then on.
        let typed_differs = form == PasswordForm::AsTyped && normalized.as_str() != password;
        Ok(if typed_differs || self.is_weaker(&parsed) {
            Verified::YesRehash
        } else {
            Verified::Yes
        })
    }

    /// Makes the hash the dummy verification uses, if it is not made yet. Every login asks
    /// first, so the one that makes it costs the same whether its address is known or not.
    pub(crate) fn ensure_dummy(&self) -> Result<()> {
        if self.dummy.get().is_none() {
            let filler = entropy::random_hex::<16>()?;
            let made = self.hash(filler.expose())?;
            let _ = self.dummy.set(made);
        }
        Ok(())
    }

    /// Spends the same work as a verification, for a login with no such user.
    pub(crate) fn verify_dummy(&self, password: &str) -> Result<()> {
        self.ensure_dummy()?;
        let dummy = self.dummy.get().expect("made just above");
        self.verify(dummy, password, PasswordForm::Nfkc).map(drop)
    }

    /// Why `phc` cannot be imported, if it cannot: it must be an argon2 PHC string this store
    /// can verify, at a cost no higher than eight times the configured one (at least the OWASP
    /// minimum): an imported hash sets the work of every login attempt to its address. With
    /// the feature `imported-hashes`, bcrypt and Django hashes too, within their own caps.
    pub(crate) fn import_problem(&self, phc: &str) -> Option<&'static str> {
        #[cfg(feature = "imported-hashes")]
        if let Some(problem) = super::foreign::import_problem(phc) {
            return problem;
        }
        let parsed = PasswordHash::new(phc).ok().and_then(|h| {
            let p = Params::try_from(&h).ok()?;
            let argon2 = [
                argon2::ARGON2ID_IDENT,
                argon2::ARGON2I_IDENT,
                argon2::ARGON2D_IDENT,
            ];
            (argon2.contains(&h.algorithm) && h.salt.is_some() && h.hash.is_some()).then_some(p)
        });
        let Some(p) = parsed else {
            return Some(if cfg!(feature = "imported-hashes") {
                "'passwordHash' must be an argon2 PHC string, a bcrypt hash or a Django pbkdf2_sha256 hash."
            } else {
                "'passwordHash' must be an argon2 PHC string."
            });
        };
        // Relative to the configured cost, or the OWASP minimum when the test profile is in
        // force, so that tests import the hashes real systems make.
        let ceiling = |configured: u32, minimum: u32| configured.max(minimum).saturating_mul(8);
        let owasp = HashParams::OWASP;
        let too_costly = p.m_cost() > ceiling(self.params.memory_kib, owasp.memory_kib)
            || p.t_cost() > ceiling(self.params.iterations, owasp.iterations)
            || p.p_cost() > ceiling(self.params.parallelism, owasp.parallelism);
        too_costly.then_some("'passwordHash' costs more than 8 times the configured hashing.")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = fast();
        let phc = h.hash("Correct-Horse-9").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=8,t=1,p=1$"));
        assert_eq!(h.import_problem(&phc), None);
        assert_eq!(
            h.verify(&phc, "Correct-Horse-9", NFKC).unwrap(),
            Verified::Yes
        );
        assert_eq!(
            h.verify(&phc, "correct-Horse-9", NFKC).unwrap(),
            Verified::No
        );
        assert_eq!(h.verify("not a hash", "x", NFKC).unwrap(), Verified::No);
        assert!(h.import_problem("$2b$10$abcdefghijklmnopqrstuv").is_some());
    }

    const NFKC: PasswordForm = PasswordForm::Nfkc;
    const AS_TYPED: PasswordForm = PasswordForm::AsTyped;

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
        assert_eq!(
            strong.verify(&weak, "pw", NFKC).unwrap(),
            Verified::YesRehash
        );
    }

    /// A password is verified once, in the form its hash was made from: the store's own
    /// hashes are of the NFKC form ("ﬁ", U+FB01, and "fi" are the same password); an imported
    /// one is of the text as typed, and asks to be rehashed when it matches.
    #[test]
    fn one_verification_in_the_form_of_the_hash() {
        let h = fast();
        let ligature = "Pro\u{FB01}le-2026!";
        let phc = h.hash(ligature).unwrap();
        assert_eq!(
            h.verify(&phc, "Profile-2026!", NFKC).unwrap(),
            Verified::Yes
        );
        let salt = SaltString::encode_b64(&[7; 16]).unwrap();
        let typed = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8, 1, 1, None).unwrap(),
        )
        .hash_password(ligature.as_bytes(), &salt)
        .unwrap()
        .to_string();
        assert_eq!(
            h.verify(&typed, ligature, AS_TYPED).unwrap(),
            Verified::YesRehash
        );
        assert_eq!(h.verify(&typed, ligature, NFKC).unwrap(), Verified::No);
    }

    /// A password over the byte cap is refused without a place in the stage: with the stage
    /// full, it still answers "no" rather than "busy".
    #[test]
    fn an_over_long_password_costs_no_work() {
        let h = fast();
        let phc = h.hash("Correct-Horse-9").unwrap();
        let _held = h.stage.enter(false).unwrap();
        let long = "x".repeat(MAX_PASSWORD_BYTES + 1);
        assert_eq!(h.verify(&phc, &long, NFKC).unwrap(), Verified::No);
        assert_eq!(
            h.verify(&phc, "Correct-Horse-9", NFKC)
                .unwrap_err()
                .status(),
            503
        );
    }

    /// An imported hash may cost at most eight times the configured work.
    #[test]
    fn imports_of_costly_hashes_are_refused() {
        let h = Hasher::new(
            HashParams {
                memory_kib: 19456,
                iterations: 2,
                parallelism: 1,
            },
            1,
            0,
        );
        // Only the parameters are read: a cheap hash with other parameters written in.
        let cheap = fast().hash("pw").unwrap();
        let made = |m: u32, t: u32| cheap.replace("m=8,t=1,", &format!("m={m},t={t},"));
        let costly = Some("'passwordHash' costs more than 8 times the configured hashing.");
        assert_eq!(h.import_problem(&made(8 * 19456, 16)), None);
        assert_eq!(h.import_problem(&made(8 * 19456 + 1, 1)), costly);
        assert_eq!(h.import_problem(&made(8, 17)), costly);
    }

    /// Past its running and waiting places, the stage answers 503 at once.
    #[test]
    fn a_full_stage_answers_busy() {
        let h = fast();
        let held = h.stage.enter(false).unwrap();
        let e = h.hash("pw").unwrap_err();
        assert_eq!((e.status(), e.retry_after()), (503, Some(1)));
        drop(held);
        assert!(h.hash("pw").is_ok());
        // With one waiting place, a second caller waits for the first instead.
        let h = std::sync::Arc::new(Hasher::new(HashParams::INSECURE_FAST_FOR_TESTS_ONLY, 1, 1));
        let held = h.stage.enter(false).unwrap();
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
