//! The SQLite URI filename of a store in the OPFS pool.
//!
//! Written out rather than with `percent-encoding`'s encoder, whose table of every `%XX`
//! escape is most of a kilobyte of the module, for the handful of characters escaped here.

/// `file:{name}?vfs={vfs}`, with the characters of `name` that would end or escape the path
/// part of the URI (`%`, `?`, `#` and control characters) percent-encoded.
pub(crate) fn sqlite_uri(name: &str, vfs: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut uri = String::from("file:");
    for c in name.chars() {
        if c.is_ascii_control() || matches!(c, '%' | '?' | '#') {
            let b = c as u8;
            uri.push('%');
            uri.push(char::from(HEX[usize::from(b >> 4)]));
            uri.push(char::from(HEX[usize::from(b & 15)]));
        } else {
            uri.push(c);
        }
    }
    uri.push_str("?vfs=");
    uri.push_str(vfs);
    uri
}

#[cfg(test)]
mod tests {
    use super::sqlite_uri;

    #[test]
    fn only_what_would_end_or_escape_the_path_is_encoded() {
        assert_eq!(sqlite_uri("users.db", "v"), "file:users.db?vfs=v");
        assert_eq!(
            sqlite_uri("a%b?c#d\n\u{7f}é/ e.db", "v"),
            "file:a%25b%3Fc%23d%0A%7Fé/ e.db?vfs=v"
        );
    }
}
