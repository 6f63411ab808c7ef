//! The HTTP router on arbitrary requests, with a live session and an API token: never a
//! panic, always a JSON body, and an error body of the SPEC form for every 4xx/5xx.
#![no_main]

/// The input and check, shared with the regression replay (`tests/fuzz_regressions.rs`).
#[path = "../checks/router.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|input: checks::Input| checks::check(input));
