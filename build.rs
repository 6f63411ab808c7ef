//! Build script: front-codes the common-password blocklist (`data/common-passwords.txt`) into
//! `$OUT_DIR/common-passwords.fc`, which `src/blocklist.rs` compiles in.
//!
//! Each entry is written as one byte `shared` (how many leading bytes it shares with the entry
//! before it), then the rest of its bytes, then `\n`. Every 16th entry is written whole
//! (`shared` = 0), so a lookup binary-searches the whole entries and decodes at most one short
//! run. The list keeps its order and contents exactly; it shrinks from 158 KB to about 85 KB,
//! which matters for the WebAssembly package's size budget.

use std::{env, fs, path::Path};

/// At most this many entries follow each other before one is written whole.
const RUN: usize = 16;

fn main() {
    let source = "data/common-passwords.txt";
    println!("cargo::rerun-if-changed={source}");
    let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("reading {source}: {e}"));
    let mut coded = Vec::with_capacity(text.len());
    let mut previous: &[u8] = b"";
    for (index, entry) in text.lines().map(str::as_bytes).enumerate() {
        let shared = if index % RUN == 0 {
            0
        } else {
            previous
                .iter()
                .zip(entry)
                .take_while(|(a, b)| a == b)
                .count()
                .min(usize::from(u8::MAX))
        };
        coded.push(u8::try_from(shared).expect("capped at u8::MAX"));
        coded.extend_from_slice(&entry[shared..]);
        coded.push(b'\n');
        previous = entry;
    }
    let out =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("common-passwords.fc");
    fs::write(&out, coded).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}
