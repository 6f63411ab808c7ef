//! Front coding of a sorted list of byte strings, shared by `build.rs` (which packs the
//! common-password list) and `src/security/blocklist.rs` (which searches it).
//!
//! Each entry is one byte `shared` (how many leading bytes it shares with the entry before
//! it, at most 255), then the rest of its bytes, then `\n`. An entry written whole has
//! `shared` = 0; writing every `run`th entry whole lets a lookup binary-search those and
//! decode one short run. The crate is packed with `run` = [`usize::MAX`] (only the first entry
//! whole: the smallest input for LZMA) and recoded once inflated with a short run.

/// Writes a front-coded list, entry by entry.
pub struct Encoder {
    coded: Vec<u8>,
    previous: Vec<u8>,
    count: usize,
    run: usize,
}

impl Encoder {
    /// An empty list that writes every `run`th entry whole (the first one always).
    pub fn new(run: usize, capacity: usize) -> Encoder {
        Encoder {
            coded: Vec::with_capacity(capacity),
            previous: Vec::new(),
            count: 0,
            run: run.max(1),
        }
    }

    /// Appends `entry`, which must not contain `\n`.
    pub fn push(&mut self, entry: &[u8]) {
        let shared = if self.count.is_multiple_of(self.run) {
            0
        } else {
            self.previous
                .iter()
                .zip(entry)
                .take_while(|(a, b)| a == b)
                .count()
                .min(usize::from(u8::MAX))
        };
        self.coded
            .push(u8::try_from(shared).expect("capped at u8::MAX"));
        self.coded.extend_from_slice(&entry[shared..]);
        self.coded.push(b'\n');
        self.previous.clear();
        self.previous.extend_from_slice(entry);
        self.count += 1;
    }

    /// The coded bytes.
    pub fn finish(self) -> Vec<u8> {
        self.coded
    }
}

/// Calls `each` with every entry of a front-coded list, in order.
pub fn decode(coded: &[u8], mut each: impl FnMut(&[u8])) {
    let mut current = Vec::new();
    let mut rest = coded;
    while let Some((&shared, tail)) = rest.split_first() {
        let len = tail
            .iter()
            .position(|&b| b == b'\n')
            .expect("every coded entry ends in a newline");
        current.truncate(usize::from(shared));
        current.extend_from_slice(&tail[..len]);
        each(&current);
        rest = &tail[len + 1..];
    }
}

/// The same list, coded again with every `run`th entry whole.
pub fn recode(coded: &[u8], run: usize) -> Vec<u8> {
    let mut out = Encoder::new(run, coded.len() + coded.len() / 8);
    decode(coded, |entry| out.push(entry));
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(entries: &[&str], run: usize) -> Vec<u8> {
        let mut out = Encoder::new(run, 0);
        entries.iter().for_each(|e| out.push(e.as_bytes()));
        out.finish()
    }

    fn entries(coded: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        decode(coded, |e| out.push(String::from_utf8(e.to_vec()).unwrap()));
        out
    }

    const LIST: [&str; 4] = ["pass", "password", "password1", "qwerty"];

    #[test]
    fn shares_prefixes_and_writes_every_run_th_entry_whole() {
        assert_eq!(
            encode(&LIST, usize::MAX),
            b"\x00pass\n\x04word\n\x081\n\x00qwerty\n"
        );
        assert_eq!(
            encode(&LIST, 2),
            b"\x00pass\n\x04word\n\x00password1\n\x00qwerty\n"
        );
        assert_eq!(entries(&encode(&LIST, usize::MAX)), LIST);
    }

    #[test]
    fn recoding_keeps_the_entries() {
        let full = encode(&LIST, usize::MAX);
        assert_eq!(recode(&full, 2), encode(&LIST, 2));
        assert_eq!(entries(&recode(&full, 2)), LIST);
    }

    #[test]
    fn shares_at_most_255_bytes() {
        let long = "a".repeat(300);
        let longer = format!("{long}b");
        let coded = encode(&[&long, &longer], usize::MAX);
        assert_eq!(coded[302], 255);
        assert_eq!(entries(&coded), [long, longer]);
    }
}
