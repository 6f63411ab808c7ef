//! The account pages the server serves for the links it mails: the password reset
//! ([`RESET`]`?hash=…`) and the email confirmation ([`CONFIRM`]`?token=…`). Each page is
//! built into the binary and calls the server's own API routes (`pages/account.js`), so a
//! link works against the server whether or not the browser demo is served.

use userstore::http::Response;

/// The path of the reset page: `serve`'s default reset link is `{baseUrl}` + this + `?hash=…`.
pub const RESET: &str = "/account/reset-password";
/// The path of the email-confirmation page.
pub const CONFIRM: &str = "/account/confirm-email";

/// The pages and what they load, as (path, content type, body).
const FILES: [(&str, &str, &str); 4] = [
    (
        RESET,
        "text/html; charset=utf-8",
        include_str!("../pages/reset-password.html"),
    ),
    (
        CONFIRM,
        "text/html; charset=utf-8",
        include_str!("../pages/confirm-email.html"),
    ),
    (
        "/account/account.js",
        "text/javascript; charset=utf-8",
        include_str!("../pages/account.js"),
    ),
    (
        "/account/account.css",
        "text/css; charset=utf-8",
        include_str!("../pages/account.css"),
    ),
];

/// The page or file at `path`, for GET and HEAD; `None` for any other path.
pub fn serve(method: &str, path: &str) -> Option<Response> {
    let (_, content_type, body) = FILES.iter().find(|(p, _, _)| *p == path)?;
    let mut response = match method {
        "GET" | "HEAD" => Response {
            status: 200,
            headers: Vec::new(),
            body: if method == "GET" {
                body.as_bytes().to_vec()
            } else {
                Vec::new()
            },
        },
        _ => {
            return Some(Response {
                status: 405,
                headers: vec![("allow".into(), "GET, HEAD".into())],
                body: Vec::new(),
            });
        }
    };
    response.headers = vec![
        ("content-type".into(), (*content_type).into()),
        // The address holds a one-time secret: no cache keeps the page, no link on it
        // sends the address on, and nothing but this server's own files runs on it.
        ("cache-control".into(), "no-store".into()),
        ("referrer-policy".into(), "no-referrer".into()),
        (
            "content-security-policy".into(),
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
             form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
                .into(),
        ),
        ("x-content-type-options".into(), "nosniff".into()),
    ];
    Some(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header<'a>(r: &'a Response, name: &str) -> Option<&'a str> {
        r.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn the_pages_are_served_without_cache_or_referrer_and_with_a_strict_policy() {
        let r = serve("GET", RESET).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(header(&r, "content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(header(&r, "cache-control"), Some("no-store"));
        assert_eq!(header(&r, "referrer-policy"), Some("no-referrer"));
        assert!(String::from_utf8_lossy(&r.body).contains("<h1>Choose a new password</h1>"));
        let js = serve("GET", "/account/account.js").unwrap();
        assert_eq!(
            header(&js, "content-type"),
            Some("text/javascript; charset=utf-8")
        );
        assert!(serve("HEAD", CONFIRM).unwrap().body.is_empty());
        let post = serve("POST", CONFIRM).unwrap();
        assert_eq!(
            (post.status, header(&post, "allow")),
            (405, Some("GET, HEAD"))
        );
        assert!(serve("GET", "/account/other").is_none());
        assert!(serve("GET", "/reset-password").is_none());
    }
}
