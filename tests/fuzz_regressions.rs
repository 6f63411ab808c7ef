//! Replays the fuzz regression corpus on stable Rust: every file in
//! `tests/fuzz_regressions/<target>/` goes through the same checks as the fuzz target
//! (`fuzz/checks/`, which the targets include too). The files are raw libFuzzer inputs: known
//! dangerous shapes written by hand, and every crash `scripts/fuzz.sh` has found (see
//! `tests/fuzz_regressions/README.md`).

use arbitrary::{Arbitrary, Unstructured};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

#[path = "../fuzz/checks/bodies.rs"]
mod bodies;
#[path = "../fuzz/checks/c_request.rs"]
mod c_request;
#[path = "../fuzz/checks/policy.rs"]
mod policy;
#[path = "../fuzz/checks/router.rs"]
mod router;

/// The targets, which are also the corpus's directory names.
const TARGETS: [&str; 4] = ["bodies", "c_request", "policy", "router"];

/// The regression corpus: one directory of inputs per target.
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions")
}

/// Decodes a typed input exactly as libFuzzer's `fuzz_target!` does. Where it would skip the
/// input instead (too short, or not decodable), that is a failure here: a stored input that
/// checks nothing would let the replay pass vacuously.
fn decode<'a, T: Arbitrary<'a>>(bytes: &'a [u8]) -> T {
    let least = T::size_hint(0).0;
    assert!(
        bytes.len() >= least,
        "{} bytes, fewer than the {least} the input type needs: libFuzzer skips it",
        bytes.len()
    );
    T::arbitrary_take_rest(Unstructured::new(bytes))
        .unwrap_or_else(|e| panic!("does not decode ({e}): libFuzzer skips it"))
}

/// The text of a panic's payload.
fn message(panic: &(dyn std::any::Any + Send)) -> &str {
    (panic.downcast_ref::<String>().map(String::as_str))
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)")
}

/// Runs `check` on every file of `target`'s directory, in name order, and fails naming each
/// file that fails. An empty or missing directory fails too.
fn replay(target: &str, check: impl Fn(&[u8])) {
    let dir = corpus().join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no inputs to replay", dir.display());
    let failures: Vec<String> = (files.iter())
        .filter_map(|path| {
            let bytes = std::fs::read(path).expect("read the input");
            let outcome = catch_unwind(AssertUnwindSafe(|| check(&bytes)));
            let panic = outcome.err()?;
            Some(format!("{}: {}", path.display(), message(&*panic)))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} {target} inputs fail:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    println!("{target}: {} inputs replayed", files.len());
}

/// A directory that no test below replays would be a corpus nobody checks.
#[test]
fn every_target_has_a_replay() {
    let mut dirs: Vec<String> = std::fs::read_dir(corpus())
        .expect("tests/fuzz_regressions")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_dir())
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    assert_eq!(
        dirs, TARGETS,
        "one directory per fuzz target, each replayed below"
    );
}

#[test]
fn bodies() {
    replay("bodies", bodies::check);
}

#[test]
fn policy() {
    replay("policy", |bytes| policy::check(decode(bytes)));
}

#[test]
fn router() {
    replay("router", |bytes| router::check(decode(bytes)));
}

#[test]
fn c_request() {
    replay("c_request", c_request::check);
}
