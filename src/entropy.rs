//! Randomness comes from the OS CSPRNG through `getrandom` (`crypto.getRandomValues` in wasm).

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};

/// Fills `buf` with cryptographically secure random bytes.
pub fn fill(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|_| Error::storage("The system random source failed."))
}

/// `N` random bytes as lowercase hex (`2 * N` characters).
pub fn random_hex<const N: usize>() -> Result<String> {
    let mut bytes = [0u8; N];
    fill(&mut bytes)?;
    let hex = hex::encode(bytes);
    zeroize::Zeroize::zeroize(&mut bytes);
    Ok(hex)
}

/// A random UUID v4 in lowercase hyphenated form (122 random bits), Make's API-token shape.
pub fn random_uuid_v4() -> Result<String> {
    let mut b = [0u8; 16];
    fill(&mut b)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    zeroize::Zeroize::zeroize(&mut b);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
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
        assert_eq!(h.len(), 32);
        assert!(h.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
        assert_ne!(h, random_hex::<16>().unwrap());
    }
}
