//! The `router` fuzz target's input and check, shared with the regression replay
//! (`tests/fuzz_regressions.rs`): the HTTP router on arbitrary requests, never a panic, always
//! a JSON body, and an error body of the SPEC form for every 4xx/5xx.

use arbitrary::Arbitrary;
use std::sync::{Mutex, OnceLock, PoisonError};
use userstore::OrganizationId;
use userstore::http::Request;
use userstore::{Config, NewApiToken, NewUser, Store};

/// One request. libFuzzer's bytes become one through `arbitrary`, field by field in this
/// order, so reordering the fields changes what every stored input means.
#[derive(Arbitrary, Debug)]
pub struct Input {
    /// Index into [`METHODS`], modulo its length.
    pub method: u8,
    /// The path; one without a leading `/` goes under `/api/v2/`.
    pub path: String,
    /// The query string.
    pub query: String,
    /// The credential, modulo 3: 0 the session (`Bearer`), 1 the API token (`Token`), 2 none.
    pub auth: u8,
    /// Whether to send `content-type: application/json`.
    pub content_type: bool,
    /// The body.
    pub body: Vec<u8>,
}

/// The methods [`Input::method`] picks from.
const METHODS: [&str; 6] = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// The store's fixed time, 2026-01-01T00:00:00Z. A clock that never moves keeps the session
/// from idling out (30 minutes of wall clock) however long the fuzzer runs.
const CLOCK_MS: i64 = 1_767_225_600_000;

/// The fuzz users' password.
const PASSWORD: &str = "Blue-Otter-47!";

/// The organization role of the fuzz users: owner, so that every route is reachable.
const OWNER: i64 = 11;

/// A signed-in fuzz user's credentials.
struct Credentials {
    /// Numbers the fuzz users, for unique addresses.
    user: u32,
    /// The login session's token.
    session: String,
    /// The API token, with every scope.
    api_token: String,
}

/// The store every input goes to, with the credentials the inputs may send.
struct Fixture {
    /// In memory, with fast hashing and [`CLOCK_MS`].
    store: Store,
    /// The organization the fuzz users own.
    organization: OrganizationId,
    /// The current fuzz user's credentials.
    credentials: Mutex<Credentials>,
}

/// The fixture, made by the first input.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let mut config = Config::insecure_fast_for_tests_only();
        config.manual_clock_ms = Some(CLOCK_MS);
        let store = Store::open_in_memory(config).expect("open the store");
        let organization = store
            .create_organization("Fuzz Org")
            .expect("organization")
            .id;
        let credentials = Mutex::new(sign_in(&store, organization, 0));
        Fixture {
            store,
            organization,
            credentials,
        }
    })
}

/// Creates fuzz user number `user`, an owner of `organization`, and gives it a login session
/// and an API token.
fn sign_in(store: &Store, organization: OrganizationId, user: u32) -> Credentials {
    let email = format!("fuzz{user}@example.com");
    let mut new = NewUser::new("Fuzz User", &email).password(PASSWORD);
    new.organization_roles = vec![(organization, OWNER)];
    let id = store.import_users([new]).expect("create the fuzz user")[0];
    let login = store.login(&email, &PASSWORD.into()).expect("log in");
    let token = NewApiToken {
        label: "fuzz".into(),
        scope: vec![
            "user:read".into(),
            "user:write".into(),
            "organization:read".into(),
        ],
    };
    let created = store.create_api_token_for(id, &token).expect("API token");
    Credentials {
        user,
        session: login.token.expose().to_owned(),
        api_token: created.api_token.token.expose().to_owned(),
    }
}

impl Fixture {
    /// The `Authorization` header value that `auth` picks, if any.
    fn authorization(&self, auth: u8) -> Option<String> {
        let c = self.lock();
        match auth % 3 {
            0 => Some(format!("Bearer {}", c.session)),
            1 => Some(format!("Token {}", c.api_token)),
            _ => None,
        }
    }

    /// Signs in a new fuzz user when an input revoked the session or the token. A new user
    /// rather than a new login: the same input stream can also lock this user's login (10
    /// wrong passwords, forever under a clock that never moves) or change its password.
    fn renew_if_revoked(&self) {
        let mut c = self.lock();
        let revoked = self.store.authenticate_session(&c.session).is_err()
            || self.store.authenticate_api_token(&c.api_token).is_err();
        if revoked {
            *c = sign_in(&self.store, self.organization, c.user + 1);
        }
    }

    /// The credentials, also after a panicking input (a failure the replay reports and then
    /// carries on from).
    fn lock(&self) -> std::sync::MutexGuard<'_, Credentials> {
        self.credentials
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// Sends `input` through the router and checks the response.
pub fn check(input: Input) {
    let fixture = fixture();
    let path = if input.path.starts_with('/') {
        input.path
    } else {
        format!("/api/v2/{}", input.path)
    };
    let method = METHODS[input.method as usize % METHODS.len()];
    // No client address (`req.client`): under a clock that never moves, per-client throttling
    // would answer 429 to every credential route after the first few requests.
    let mut req = Request::new(method, &path);
    req.query = input.query;
    if input.content_type {
        req = req.header("content-type", "application/json");
    }
    if let Some(value) = fixture.authorization(input.auth) {
        req = req.header("authorization", &value);
    }
    req.body = input.body;
    let res = fixture.store.handle(&req);
    let body: serde_json::Value =
        serde_json::from_slice(&res.body).expect("every response is JSON");
    if res.status >= 400 {
        let o = body.as_object().expect("error bodies are objects");
        let text = |key: &str| o.get(key).is_some_and(serde_json::Value::is_string);
        assert!(
            text("code") && text("message") && text("detail"),
            "a {} error body without code, message and detail: {body}",
            res.status
        );
    }
    // Only a successful write can end a credential (logging out, deleting the token, changing
    // the password); checking after those alone keeps the common case fast.
    if res.status < 300 && method != "GET" {
        fixture.renew_if_revoked();
    }
}
