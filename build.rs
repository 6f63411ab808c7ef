//! Build script: packs the crate's big static texts into `$OUT_DIR`, LZMA-compressed, for
//! `src/data/packed.rs` to inflate once at run time.
//!
//! - `common-passwords.fc.lzma`: the common-password blocklist (`data/common-passwords.txt`,
//!   158,291 bytes), front-coded (`src/data/front_coding.rs`, only the first entry whole) and then
//!   compressed; `src/security/blocklist.rs` recodes it once inflated, with every 16th entry whole,
//!   and searches that. The list keeps its order and contents exactly; front-coding takes it
//!   to 85,406 bytes and LZMA to 31,6xx bytes.
//! - `enum-tables.txt.lzma`: the enum tables (`data/enums/tables.txt`, 41,480 bytes, read by
//!   `src/data/enums/mod.rs`), compressed to 12,752 bytes.
//!
//! - `sqlite-migrations.sql.lzma`: the SQLite migrations (`src/storage/sqlite/schema.sql`,
//!   `schema_2.sql`, …, in order, each followed by a NUL), read by
//!   `src/storage/sqlite/schema.rs` only to upgrade an older store or to check an older
//!   snapshot: a new store runs `schema_current.sql`, which stays plain text.
//!
//! All matter for the WebAssembly package's size budget. The files are in the `.lzma`
//! format (see `src/data/packed.rs`), written by `lzma-rust2` at its best preset.

use std::{env, fs, io::Write, path::PathBuf};

use lzma_rust2::{DICT_SIZE_MIN, LzmaOptions, LzmaWriter};

#[allow(dead_code)] // the decoder is for the crate
#[path = "src/data/front_coding.rs"]
mod front_coding;

fn main() {
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let passwords = read("data/common-passwords.txt");
    let packed = [
        ("common-passwords.fc.lzma", front_code(&passwords)),
        (
            "enum-tables.txt.lzma",
            read("data/enums/tables.txt").into_bytes(),
        ),
        ("sqlite-migrations.sql.lzma", sqlite_migrations()),
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

/// Every SQLite migration in order, each followed by a NUL: `schema.sql`, then `schema_2.sql`,
/// `schema_3.sql`, … up to the first number without a file.
fn sqlite_migrations() -> Vec<u8> {
    println!("cargo::rerun-if-changed=src/storage/sqlite");
    let mut joined = read("src/storage/sqlite/schema.sql");
    joined.push('\0');
    for version in 2.. {
        let path = format!("src/storage/sqlite/schema_{version}.sql");
        if !std::path::Path::new(&path).exists() {
            break;
        }
        joined.push_str(&read(&path));
        joined.push('\0');
    }
    joined.into_bytes()
}

/// The list, one entry a line, front-coded with only the first entry whole.
fn front_code(text: &str) -> Vec<u8> {
    let mut coded = front_coding::Encoder::new(usize::MAX, text.len());
    text.lines().for_each(|entry| coded.push(entry.as_bytes()));
    coded.finish()
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
