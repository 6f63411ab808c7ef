//! The C fuzz target `fuzz/c/request.c` in Rust, for the regression replay
//! (`tests/fuzz_regressions.rs`): the same split of the input, the same store and credentials,
//! and the same checks, through `userstore::http::handle`, the router that the C entry point
//! `userstore_request` calls. Keep the two in step.

use std::sync::OnceLock;
use userstore::http::{self, Request};
use userstore::{Config, Store};

/// The clock of request.c's store (`manualClockMs`), which never moves.
const CLOCK_MS: i64 = 1_767_225_600_000;

/// request.c's store: fast hashing, the fixed clock, the demo data, and the demo login's
/// `Bearer …` header value.
fn fixture() -> &'static (Store, String) {
    static FIXTURE: OnceLock<(Store, String)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let mut config = Config::insecure_fast_for_tests_only();
        config.manual_clock_ms = Some(CLOCK_MS);
        let store = Store::open_in_memory(config).expect("open the store");
        store.seed_demo().expect("seed the demo data");
        let demo = store.demo_login().expect("demo login").expect("seeded");
        let login = store
            .login(demo.email, &demo.password.into())
            .expect("log in as the demo user");
        let bearer = format!("Bearer {}", login.token.expose());
        (store, bearer)
    })
}

/// The bytes up to the next NUL (or the end), and the rest after that NUL.
fn take<'a>(data: &mut &'a [u8]) -> &'a [u8] {
    match data.iter().position(|&b| b == 0) {
        Some(i) => {
            let s = &data[..i];
            *data = &data[i + 1..];
            s
        }
        None => std::mem::take(data),
    }
}

/// Splits `data` as request.c does (a flags byte whose bit 0 sends the bearer, then method,
/// path and query up to NUL bytes, then the body) and checks the response.
pub fn check(data: &[u8]) {
    let (store, bearer) = fixture();
    let (flags, mut rest) = data.split_first().map_or((0, data), |(f, r)| (*f, r));
    let method = take(&mut rest);
    let path = take(&mut rest);
    let query = take(&mut rest);
    // The C entry point refuses strings that are not UTF-8 before routing: no response.
    let (Ok(method), Ok(path), Ok(query)) = (
        std::str::from_utf8(method),
        std::str::from_utf8(path),
        std::str::from_utf8(query),
    ) else {
        return;
    };
    let mut req = Request::new(method, path);
    req.query = query.to_owned();
    if !rest.is_empty() {
        req = req.header("content-type", "application/json");
    }
    if flags & 1 == 1 {
        req = req.header("authorization", bearer);
    }
    req.body = rest.to_vec();
    let res = http::handle(store, &req);
    assert!(
        (200..=599).contains(&res.status),
        "HTTP status {}",
        res.status
    );
    assert_eq!(
        res.body.first(),
        Some(&b'{'),
        "the body is not a JSON object"
    );
}
