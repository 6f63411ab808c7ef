//! The `policy` fuzz target's input and check, shared with the regression replay
//! (`tests/fuzz_regressions.rs`): the password policy on arbitrary text, never a panic, and
//! an accepted password is at least the configured minimum and at most 256 code points after
//! NFKC.

use unicode_normalization::UnicodeNormalization;
use userstore::policy::{Context, MAX_LENGTH, check as policy_check};
use userstore::{PolicyConfig, Secret};

/// (password, email, name), decoded from libFuzzer's bytes by `arbitrary`.
pub type Input = (String, String, String);

/// Checks the password under the default policy and under 12 code points without the
/// composition rule.
pub fn check((password, email, name): Input) {
    let ctx = Context {
        email: &email,
        name: &name,
    };
    for config in [
        PolicyConfig::default(),
        PolicyConfig {
            min_length: 12,
            composition: false,
        },
    ] {
        let secret = Secret::new(password.clone());
        if policy_check(&config, &secret, Some(&secret), &ctx, |_| false).is_ok() {
            let n = password.nfkc().count();
            assert!(
                n >= config.min_length && n <= MAX_LENGTH,
                "accepted a password of {n} code points"
            );
        }
    }
}
