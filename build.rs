//! Build script: packs the crate's big static texts into `$OUT_DIR`, LZMA-compressed, for
//! `src/packed.rs` to inflate once at run time.
//!
//! - `common-passwords.fc.lzma`: the common-password blocklist (`data/common-passwords.txt`,
//!   158,291 bytes), front-coded and then compressed; `src/blocklist.rs` searches the
//!   front-coded bytes once inflated. Each entry is written as one byte `shared` (how many
//!   leading bytes it shares with the entry before it), then the rest of its bytes, then `\n`.
//!   Every 16th entry is written whole (`shared` = 0), so a lookup binary-searches the whole
//!   entries and decodes at most one short run. The list keeps its order and contents
//!   exactly; front-coding takes it to 91,207 bytes and LZMA to 35,065 bytes.
//! - `enum-tables.txt.lzma`: the enum tables (`data/enums/tables.txt`, 41,480 bytes, read by
//!   `src/enums/mod.rs`), compressed to 12,752 bytes.
//!
//! Both matter for the WebAssembly package's size budget. The files are in the `.lzma`
//! format (see `src/packed.rs`), written by `lzma-rust2` at its best preset.

use std::{env, fs, io::Write, path::PathBuf};

use lzma_rust2::{DICT_SIZE_MIN, LzmaOptions, LzmaWriter};

/// At most this many entries follow each other before one is written whole.
const RUN: usize = 16;

fn main() {
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let passwords = read("data/common-passwords.txt");
    let packed = [
        ("common-passwords.fc.lzma", front_code(&passwords)),
        (
            "enum-tables.txt.lzma",
            read("data/enums/tables.txt").into_bytes(),
        ),
    ];
    for (name, data) in packed {
        let out = out_dir.join(name);
        fs::write(&out, compress(&data))
            .unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
    }
}

/// Reads a source file and tells cargo to run the script again when it changes.
fn read(source: &str) -> String {
    println!("cargo::rerun-if-changed={source}");
    fs::read_to_string(source).unwrap_or_else(|e| panic!("reading {source}: {e}"))
}

/// The list, one entry a line, front-coded (see the module docs).
fn front_code(text: &str) -> Vec<u8> {
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
    coded
}

/// `data` in the `.lzma` format: preset 9, a dictionary no bigger than `data` (the decoder
/// allocates that much), and `pb = 0` (no position context: text has no 4-byte structure;
/// about 300 bytes smaller than the default 2 here). The header records the length, so the
/// stream has no end marker.
fn compress(data: &[u8]) -> Vec<u8> {
    let len = u32::try_from(data.len()).expect("static data under 4 GiB");
    let mut options = LzmaOptions::with_preset(9);
    options.dict_size = len.max(DICT_SIZE_MIN);
    options.pb = 0;
    let mut writer = LzmaWriter::new_use_header(Vec::new(), &options, Some(u64::from(len)))
        .expect("LZMA options are valid");
    writer.write_all(data).expect("writing to a Vec");
    writer.finish().expect("writing to a Vec")
}
