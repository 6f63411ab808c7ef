//! Static data compiled in compressed and inflated once, on first use.
//!
//! `build.rs` packs the crate's big static texts into `$OUT_DIR` with LZMA: the front-coded
//! common-password list (`src/security/blocklist.rs`) and the enum tables (`src/data/enums/mod.rs`). Each
//! file is in the `.lzma` format: a 13-byte header (the properties byte, the dictionary size
//! and the inflated length, little-endian), then the LZMA stream. This keeps the
//! WebAssembly package smaller; [`Packed::bytes`] inflates a file into memory on the first
//! call and keeps it for the life of the program, so every later use reads plain bytes,
//! exactly as if they had been compiled in unpacked.
//!
//! The one-time cost, measured natively (release build, x86-64, `lzma-rust2`'s decoder, the
//! crate `build.rs` packs with): the blocklist (35,065 bytes to 91,207) inflates in about
//! 1.2 ms and the enum tables (12,752 to 41,480) in about 0.5 ms;
//! the inflated bytes stay allocated for the life of the program, and while inflating the
//! decoder also holds its window and probability tables, so the heap peaks at about 300 KB
//! and 155 KB respectively. In exchange the `.wasm` is about 68 KB smaller (85 KB less data,
//! less the decoder's code; README, "Size").

use std::sync::OnceLock;

/// Data that `build.rs` packed, inflated on first use.
pub(crate) struct Packed {
    /// The packed file (`.lzma` format).
    packed: &'static [u8],
    /// What is kept of the inflated bytes (see [`Packed::with`]).
    then: fn(Box<[u8]>) -> Box<[u8]>,
    /// The inflated bytes, once a caller has asked for them.
    inflated: OnceLock<Box<[u8]>>,
}

impl Packed {
    /// Wraps a file that `build.rs` packed (`include_bytes!` of it).
    pub(crate) const fn new(packed: &'static [u8]) -> Packed {
        Packed::with(packed, |inflated| inflated)
    }

    /// Like [`Packed::new`], keeping `then` of the inflated bytes instead (`then` runs once,
    /// right after inflating: a form that packs smaller than the one searched).
    pub(crate) const fn with(packed: &'static [u8], then: fn(Box<[u8]>) -> Box<[u8]>) -> Packed {
        Packed {
            packed,
            then,
            inflated: OnceLock::new(),
        }
    }

    /// The inflated bytes: inflated on the first call (by whichever thread gets there first;
    /// the others wait), then kept.
    pub(crate) fn bytes(&'static self) -> &'static [u8] {
        self.inflated
            .get_or_init(|| (self.then)(inflate(self.packed)))
    }

    /// The inflated bytes as text. Checks UTF-8 on every call, so call it once and keep the
    /// `&str`.
    pub(crate) fn text(&'static self) -> &'static str {
        std::str::from_utf8(self.bytes())
            .unwrap_or_else(|_| panic!("packed static text is not UTF-8 (see build.rs)"))
    }
}

/// Inflates a `.lzma` file. Its bytes are ours (`build.rs` wrote them), so a failure is a bug
/// and panics with a plain message: no error type is formatted into the WebAssembly build.
fn inflate(mut packed: &[u8]) -> Box<[u8]> {
    // The header's inflated length (bytes 5..13) sizes the buffer once.
    let len = packed
        .get(5..13)
        .and_then(|len| <[u8; 8]>::try_from(len).ok())
        .map_or(0, u64::from_le_bytes);
    let mut out = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let inflated = lzma_rust2::LzmaReader::new_mem_limit(&mut packed, u32::MAX, None)
        .and_then(|mut reader| std::io::Read::read_to_end(&mut reader, &mut out));
    match inflated {
        Ok(_) if out.len() as u64 == len => out.into_boxed_slice(),
        _ => panic!("packed static data does not inflate (see build.rs)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocklist as `build.rs` packed it.
    const BLOCKLIST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/common-passwords.fc.lzma"));

    // The blocklist and enums tests compare both packed files, inflated, with their sources.

    #[test]
    fn inflates_once_and_keeps_the_bytes() {
        static PACKED: Packed = Packed::new(BLOCKLIST);
        let first = PACKED.bytes();
        assert!(first.len() > BLOCKLIST.len());
        assert!(std::ptr::eq(first, PACKED.bytes()), "inflated again");
    }

    #[test]
    #[should_panic(expected = "packed static data does not inflate")]
    fn truncated_data_panics_with_a_plain_message() {
        static TRUNCATED: Packed = Packed::new(BLOCKLIST.split_at(BLOCKLIST.len() / 2).0);
        TRUNCATED.bytes();
    }
}
