//! Every operation's JSON body reader on arbitrary bytes: never a panic.
#![no_main]

/// The check, shared with the regression replay (`tests/fuzz_regressions.rs`).
#[path = "../checks/bodies.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check(data));
