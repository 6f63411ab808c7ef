//! Randomness comes from the OS CSPRNG through `getrandom` (`crypto.getRandomValues` in wasm).

use crate::security::secret::Secret;
use crate::wire::error::{Error, Result};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Fills `buf` with cryptographically secure random bytes.
pub fn fill(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|_| Error::storage("The system random source failed."))
}

/// `N` random bytes as lowercase hex (`2 * N` characters), written once into the buffer
/// the secret keeps: no other copy of the token is left in memory.
pub fn random_hex<const N: usize>() -> Result<Secret> {
    let mut bytes = Zeroizing::new([0u8; N]);
    fill(bytes.as_mut())?;
    let mut text = vec![0u8; 2 * N];
    hex::encode_to_slice(bytes.as_ref(), &mut text).expect("the buffer is twice the bytes");
    Ok(Secret::new(String::from_utf8(text).expect("hex is ASCII")))
}

/// A random UUID v4 in lowercase hyphenated form (122 random bits), Make's API-token shape,
/// written once into the buffer the secret keeps.
pub fn random_uuid_v4() -> Result<Secret> {
    let mut b = Zeroizing::new([0u8; 16]);
    fill(b.as_mut())?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut text = vec![b'-'; 36];
    for (bytes, at) in [(0..4, 0), (4..6, 9), (6..8, 14), (8..10, 19), (10..16, 24)] {
        let end = at + 2 * bytes.len();
        hex::encode_to_slice(&b[bytes], &mut text[at..end]).expect("sized to fit");
    }
    Ok(Secret::new(String::from_utf8(text).expect("hex is ASCII")))
}

/// SHA-256 digest of a token: the only form in which tokens and hashes are stored.
pub fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_has_make_shape() {
        let u = random_uuid_v4().unwrap();
        let u = u.expose();
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'));
        assert!("89ab".contains(&parts[3][..1]));
        assert!(
            u.chars()
                .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
    }

    #[test]
    fn hex_is_lowercase_and_sized() {
        let h = random_hex::<16>().unwrap();
        assert_eq!(h.expose().len(), 32);
        assert!(
            h.expose()
                .chars()
                .all(|c| matches!(c, '0'..='9' | 'a'..='f'))
        );
        assert_ne!(h, random_hex::<16>().unwrap());
    }
}
