//! Query strings the way Make's clients send them: `pg[limit]=10`, repeated `cols[]=id`,
//! brackets URL-encoded or not, `+` for space.

use crate::wire::error::{Error, Result};
use percent_encoding::percent_decode;

/// Decodes `a=1&cols%5B%5D=id&cols[]=name` into ordered (key, value) pairs.
pub fn parse(query: &str) -> Result<Vec<(String, String)>> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            Ok((decode(k)?, decode(v)?))
        })
        .collect()
}

/// Percent-decodes one component (with `+` as space) into UTF-8.
pub fn decode(s: &str) -> Result<String> {
    let plus = s.replace('+', " ");
    percent_decode(plus.as_bytes())
        .decode_utf8()
        .map(|c| c.into_owned())
        .map_err(|_| Error::bad_request("The query string is not valid UTF-8."))
}

/// The last value of `key`.
pub fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_style_queries() {
        let p = parse("teamId=1&cols%5B%5D=id&cols[]=name&pg%5Blimit%5D=5&name=J%C3%B6+D").unwrap();
        assert_eq!(
            p,
            [
                ("teamId".into(), "1".into()),
                ("cols[]".into(), "id".into()),
                ("cols[]".into(), "name".into()),
                ("pg[limit]".into(), "5".into()),
                ("name".into(), "Jö D".into()),
            ]
        );
        assert!(parse("a=%FF").is_err());
        assert_eq!(parse("").unwrap(), []);
    }
}
