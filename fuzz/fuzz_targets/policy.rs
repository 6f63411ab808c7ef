//! The password policy on arbitrary text: never a panic; an accepted password is 9 to 256 code
//! points after NFKC.
#![no_main]

/// The input and check, shared with the regression replay (`tests/fuzz_regressions.rs`).
#[path = "../checks/policy.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|input: checks::Input| checks::check(input));
