//! The security primitives the operations are built from: argon2id hashing, the password
//! policy and its blocklist, failed-attempt counting, per-client throttling, secrets that
//! wipe themselves and randomness.

pub(crate) mod attempts;
pub mod blocklist;
pub(crate) mod entropy;
#[cfg(feature = "imported-hashes")]
pub(crate) mod foreign;
pub(crate) mod hashing;
pub mod policy;
pub mod secret;
pub(crate) mod throttle;
