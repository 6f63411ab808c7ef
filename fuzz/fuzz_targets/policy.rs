//! The password policy on arbitrary text: never a panic; an accepted password is 9 to 256 code
//! points after NFKC.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unicode_normalization::UnicodeNormalization;
use userstore::policy::{Context, check};
use userstore::{PolicyConfig, Secret};

fuzz_target!(|data: (String, String, String)| {
    let (password, email, name) = data;
    let ctx = Context { email: &email, name: &name };
    for config in [PolicyConfig::default(), PolicyConfig { min_length: 12, composition: false }] {
        let secret = Secret::new(password.clone());
        if check(&config, &secret, Some(&secret), &ctx, |_| false).is_ok() {
            let n = password.nfkc().count();
            assert!(n >= config.min_length && n <= 256, "accepted a password of {n} code points");
        }
    }
});
