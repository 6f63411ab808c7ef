//! Helpers of the router tests (`tests/http_*.rs`): a store on a hand-moved clock, people with
//! sessions and API tokens, requests, and assertions on the exact status, headers and body.
#![allow(dead_code)]

use serde_json::{Value, json};
use userstore::http::{Request, Response};
use userstore::outbox::{Mail, OutboxQuery};
use userstore::{Config, NewApiToken, NewUser, OrganizationId, Store, TeamId, UserId};

#[path = "../common/backend.rs"]
pub mod backend;
#[path = "../common/roles.rs"]
pub mod roles;
#[path = "../common/shared.rs"]
mod shared;
#[path = "../common/user_fields.rs"]
pub mod user_fields;

#[allow(unused_imports)] // Not every test crate shares an organization.
pub use shared::share_an_organization;

/// The time every test starts at (2026-01-01T00:00:00.000Z), as in the shared scenarios.
pub const T0: i64 = 1_767_225_600_000;
/// [`T0`] as Make formats it.
pub const T0_ISO: &str = "2026-01-01T00:00:00.000Z";
/// A password that passes the default policy for every test user.
pub const PW: &str = "Blue-Otter-47";
/// Another one.
pub const PW2: &str = "Green-Heron-58";

/// Default ids of a new user: `Etc/UTC`, `en-US`.
pub const UTC_ID: i64 = 150;
/// `en-US`.
pub const EN_US_ID: i64 = 248;

/// The headers of every JSON response of the router, in order.
pub const JSON_HEADERS: [(&str, &str); 2] = [
    ("content-type", "application/json; charset=utf-8"),
    ("cache-control", "no-store"),
];

/// A store behind the router, with fast hashing and a manual clock at [`T0`].
pub struct Api {
    pub store: Store,
}

/// A fresh [`Api`].
pub fn api() -> Api {
    api_with(|c| c)
}

/// Like [`api`], with the configuration adjusted by `adjust`.
pub fn api_with(adjust: impl FnOnce(Config) -> Config) -> Api {
    let mut config = Config::insecure_fast_for_tests_only();
    config.manual_clock_ms = Some(T0);
    let (store, _) = backend::open(adjust(config));
    Api { store }
}

impl Api {
    /// Serves one request through the router.
    pub fn send(&self, req: Request) -> Response {
        userstore::http::handle(&self.store, &req)
    }

    /// Sends `GET target` with the login session `session` and asserts the exact status,
    /// headers and body, as [`expect`] does.
    #[track_caller]
    pub fn expect_get(&self, session: &str, target: &str, status: u16, body: Value) {
        expect(&self.send(get(target).bearer(session)), status, body);
    }

    /// Asserts that logging in over HTTP with `email` and `password` fails with `IM102`.
    #[track_caller]
    pub fn expect_login_refused(&self, email: &str, password: &str) {
        let res = self.send(
            req("POST", "/api/v2/sessions").json(&json!({"email": email, "password": password})),
        );
        expect(&res, 400, invalid_credentials());
    }

    /// Asserts that the reset link with `hash` opens no reset session: `SC400`, the link is
    /// invalid or has expired.
    #[track_caller]
    pub fn expect_reset_link_dead(&self, hash: &str) {
        let res = self.send(get(&format!("/api/v2/users/password-reset?hash={hash}")));
        expect(
            &res,
            400,
            bad_request("The password reset link is invalid or has expired."),
        );
    }

    /// Moves the clock by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.store.advance_clock(seconds).expect("manual clock");
    }

    /// Creates an organization; returns its id.
    pub fn org(&self, name: &str) -> OrganizationId {
        self.store.create_organization(name).expect("org").id
    }

    /// Creates a team; returns its id.
    pub fn team(&self, organization_id: OrganizationId, name: &str) -> TeamId {
        self.store
            .create_team(organization_id, name)
            .expect("team")
            .id
    }

    /// Creates a user with the password [`PW`]; returns its id.
    pub fn user(&self, name: &str, email: &str) -> UserId {
        self.store
            .import_users([NewUser::new(name, email).password(PW)])
            .expect("user")[0]
    }

    /// Creates a user without a password; returns its id.
    pub fn passwordless(&self, name: &str, email: &str) -> UserId {
        self.store
            .import_users([NewUser::new(name, email)])
            .expect("user")[0]
    }

    /// Gives `user` role `role` in organization `org`.
    pub fn org_role(&self, org: OrganizationId, user: UserId, role: i64) {
        self.store
            .set_organization_role(org, user, role)
            .expect("org role");
    }

    /// Gives `user` role `role` in team `team`.
    pub fn team_role(&self, team: TeamId, user: UserId, role: i64) {
        self.store
            .set_team_role(team, user, role)
            .expect("team role");
    }

    /// Logs in over HTTP; returns the session token.
    pub fn login(&self, email: &str, password: &str) -> String {
        let res = self.send(
            req("POST", "/api/v2/sessions").json(&json!({"email": email, "password": password})),
        );
        assert_eq!(res.status, 200, "login: {}", text(&res));
        res.json_body()["session"]["token"]
            .as_str()
            .expect("token")
            .to_owned()
    }

    /// Creates an API token with `scope` over HTTP from `session`; returns (id, token).
    pub fn api_token(&self, session: &str, scope: &[&str]) -> (i64, String) {
        let res = self.send(
            req("POST", "/api/v2/users/me/api-tokens")
                .bearer(session)
                .json(&json!({"label": "test", "scope": scope})),
        );
        assert_eq!(res.status, 200, "create token: {}", text(&res));
        let v = res.json_body();
        (
            v["apiToken"]["id"].as_i64().expect("id"),
            v["apiToken"]["token"].as_str().expect("token").to_owned(),
        )
    }

    /// An API token for `user_id` made by the host (for accounts that cannot log in).
    pub fn host_token(&self, user_id: UserId, scope: &[&str]) -> String {
        let new = NewApiToken {
            label: "host".into(),
            scope: scope.iter().map(|s| s.to_string()).collect(),
        };
        let v = self
            .store
            .create_api_token_for(user_id, &new)
            .expect("host token");
        v.api_token.token.expose().to_owned()
    }

    /// Every mail of the outbox, acknowledged or not.
    pub fn mails(&self) -> Vec<Mail> {
        self.store
            .outbox(OutboxQuery {
                all: true,
                ..OutboxQuery::default()
            })
            .expect("outbox")
    }

    /// Demands a reset for `email` over HTTP and returns the hash from the newest mail.
    pub fn reset_hash(&self, email: &str) -> String {
        let res = self.send(
            req("POST", "/api/v2/users/password-reset-demand").json(&json!({"email": email})),
        );
        assert_eq!(res.status, 200);
        let mail = self.mails().pop().expect("a reset mail");
        let body = mail.body.expect("unacknowledged");
        let start = body.find("hash=").expect("link") + 5;
        body[start..start + 32].to_owned()
    }

    /// Opens a reset session with `hash`; returns the `userstore_reset` cookie value.
    pub fn reset_session(&self, hash: &str) -> String {
        let res = self.send(req(
            "GET",
            &format!("/api/v2/users/password-reset?hash={hash}"),
        ));
        assert_eq!(res.status, 200, "open reset session: {}", text(&res));
        let cookie = res.header("set-cookie").expect("cookie");
        cookie
            .strip_prefix("userstore_reset=")
            .and_then(|r| r.split(';').next())
            .expect("cookie value")
            .to_owned()
    }
}

/// A request with a method and a target (path with optional `?query`).
pub fn req(method: &str, target: &str) -> Request {
    Request::new(method, target)
}

/// A `GET` request.
pub fn get(target: &str) -> Request {
    Request::new("GET", target)
}

/// Credentials on a request.
pub trait Auth {
    /// `Authorization: Bearer <session>`.
    fn bearer(self, session: &str) -> Request;
    /// `Authorization: Token <api token>`.
    fn token(self, token: &str) -> Request;
    /// A raw body with a content type.
    fn raw(self, content_type: &str, body: &[u8]) -> Request;
}

impl Auth for Request {
    fn bearer(self, session: &str) -> Request {
        self.header("authorization", &format!("Bearer {session}"))
    }

    fn token(self, token: &str) -> Request {
        self.header("authorization", &format!("Token {token}"))
    }

    fn raw(mut self, content_type: &str, body: &[u8]) -> Request {
        self.body = body.to_vec();
        self.header("content-type", content_type)
    }
}

/// The body as text.
pub fn text(res: &Response) -> String {
    String::from_utf8_lossy(&res.body).into_owned()
}

/// `expected` with every `"<any>"` replaced by what `actual` holds there.
fn fill_any(expected: &Value, actual: &Value) -> Value {
    match (expected, actual) {
        (Value::String(s), _) if s == "<any>" => actual.clone(),
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            Value::Array(e.iter().zip(a).map(|(x, y)| fill_any(x, y)).collect())
        }
        (Value::Object(e), Value::Object(a)) => Value::Object(
            e.iter()
                .map(|(k, x)| {
                    let v = a.get(k).map_or_else(|| x.clone(), |y| fill_any(x, y));
                    (k.clone(), v)
                })
                .collect(),
        ),
        _ => expected.clone(),
    }
}

/// Asserts the exact status, the exact headers (the JSON pair, then `extra` in order) and
/// the exact body bytes (key order included). `"<any>"` matches any value, in the body and
/// as a header value.
#[track_caller]
pub fn expect_with(res: &Response, status: u16, extra: &[(&str, &str)], body: Value) {
    assert_eq!(res.status, status, "status; body {}", text(res));
    let actual: Value = serde_json::from_slice(&res.body)
        .unwrap_or_else(|_| panic!("body is not JSON: {}", text(res)));
    assert_eq!(text(res), fill_any(&body, &actual).to_string(), "body");
    let headers: Vec<(&str, &str)> = res
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut want = JSON_HEADERS.to_vec();
    want.extend_from_slice(extra);
    let same = headers.len() == want.len()
        && headers
            .iter()
            .zip(&want)
            .all(|(&(k, v), &(wk, wv))| k == wk && (wv == "<any>" || v == wv));
    assert!(same, "headers\n expected {want:?}\n   actual {headers:?}");
}

/// Asserts the exact status, the two JSON headers only, and the exact body.
#[track_caller]
pub fn expect(res: &Response, status: u16, body: Value) {
    expect_with(res, status, &[], body);
}

/// An error body without suberrors.
pub fn error(code: &str, message: &str, detail: &str) -> Value {
    json!({"detail": detail, "message": message, "code": code})
}

/// `SC400` "Bad Request".
pub fn bad_request(detail: &str) -> Value {
    error("SC400", "Bad Request", detail)
}

/// `SC400` "Validation failed" with one suberror per message.
pub fn validation(messages: &[&str]) -> Value {
    json!({
        "detail": messages.join(" "),
        "message": "Validation failed",
        "code": "SC400",
        "suberrors": messages.iter().map(|m| json!({"message": m})).collect::<Vec<_>>(),
    })
}

/// `SC401`.
pub fn unauthorized() -> Value {
    error(
        "SC401",
        "Unauthorized",
        "Missing, expired or unknown credentials.",
    )
}

/// `SC403` "Forbidden".
pub fn forbidden(detail: &str) -> Value {
    error("SC403", "Forbidden", detail)
}

/// `SC404` "Not Found".
pub fn not_found(detail: &str) -> Value {
    error("SC404", "Not Found", detail)
}

/// `IM102`.
pub fn invalid_credentials() -> Value {
    error(
        "IM102",
        "Invalid credentials",
        "The credentials you provided are not valid.",
    )
}

/// `IM011` with the seconds to wait.
pub fn too_many(seconds: u64) -> Value {
    let unit = if seconds == 1 { "second" } else { "seconds" };
    error(
        "IM011",
        "Too many failed attempts",
        &format!("Too many failed attempts. Try again in {seconds} {unit}."),
    )
}

/// Sends four wrong current passwords through `send` (each `IM102`), then a fifth, which locks
/// the account: `IM011` with `retry-after: 900`.
#[track_caller]
pub fn expect_lock_after_five_wrong_passwords(send: impl Fn(&str) -> Response) {
    for _ in 0..4 {
        expect(&send("Wrong-Pass-1"), 400, invalid_credentials());
    }
    expect_with(
        &send("Wrong-Pass-1"),
        429,
        &[("retry-after", "900")],
        too_many(900),
    );
}

/// A user as a listing shows it with the default columns and default settings.
pub fn listed(id: i64, name: &str, email: &str) -> Value {
    json!({
        "id": id, "name": name, "email": email, "language": "en", "timezoneId": UTC_ID,
        "localeId": EN_US_ID, "countryId": user_fields::US, "features": {},
        "avatar": user_fields::avatar(email)
    })
}

/// True for Make's API-token shape: a lowercase UUID v4.
pub fn is_uuid_v4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && s.bytes()
            .all(|b| b == b'-' || b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && parts[2].starts_with('4')
        && "89ab".contains(&parts[3][..1])
}

// ---------------------------------------------------------------- fixtures

/// Acme (org 1) with team Ops (team 1), and Globex (org 2):
///
/// | id | user | Acme role | Ops role |
/// |---|---|---|---|
/// | 1 | Olivia Owner | 11 Owner | — |
/// | 2 | Ada Lovelace | 13 Member | 3 Team monitoring |
/// | 3 | Bob Stone | 13 Member | 1 Team admin |
/// | 4 | Cy Young | 14 Accountant | — |
/// | 5 | Gina Globex | — (Globex 11) | — |
pub struct Acme {
    pub api: Api,
    pub olivia: String,
    pub ada: String,
    pub cy: String,
    pub gina: String,
}

/// A fresh [`Acme`], everyone but Bob logged in (at [`T0`]).
pub fn acme() -> Acme {
    let api = api();
    assert_eq!(api.org("Acme"), OrganizationId(1));
    assert_eq!(api.team(OrganizationId(1), "Ops"), TeamId(1));
    assert_eq!(api.org("Globex"), OrganizationId(2));
    for (id, name, email, role) in [
        (1, "Olivia Owner", "olivia@acme.test", 11),
        (2, "Ada Lovelace", "ada@acme.test", 13),
        (3, "Bob Stone", "bob@acme.test", 13),
        (4, "Cy Young", "cy@acme.test", 14),
    ] {
        assert_eq!(api.user(name, email), UserId(id));
        api.org_role(OrganizationId(1), UserId(id), role);
    }
    api.team_role(TeamId(1), UserId(2), 3);
    api.team_role(TeamId(1), UserId(3), 1);
    assert_eq!(api.user("Gina Globex", "gina@globex.test"), UserId(5));
    api.org_role(OrganizationId(2), UserId(5), 11);
    Acme {
        olivia: api.login("olivia@acme.test", PW),
        ada: api.login("ada@acme.test", PW),
        cy: api.login("cy@acme.test", PW),
        gina: api.login("gina@globex.test", PW),
        api,
    }
}

/// Ada in full, as `GET /users/me` shows her right after [`acme`].
pub fn ada_in_full() -> Value {
    user_fields::with_make_extras(json!({
        "id": 2, "name": "Ada Lovelace", "email": "ada@acme.test", "language": "en",
        "timezoneId": UTC_ID, "localeId": EN_US_ID, "countryId": user_fields::US,
        "features": {}, "avatar": user_fields::avatar("ada@acme.test"), "timezone": "Etc/UTC",
        "locale": "en-US", "lastLogin": T0_ISO, "hasPassword": true, "forceSetPassword": false,
        "tfaEnabled": false,
        "userOrganizationRoles": [
            {"userId": 2, "organizationId": 1, "usersRoleId": 13, "invitation": null}
        ],
        "userTeamRoles": [
            {"userId": 2, "teamId": 1, "usersRoleId": 3, "changeable": false, "ssoPending": false}
        ]
    }))
}

/// The `pg` object of a listing.
pub fn pg(sort_by: &str, sort_dir: &str, offset: i64, limit: i64) -> Value {
    json!({"sortBy": sort_by, "sortDir": sort_dir, "offset": offset, "limit": limit})
}

/// Jane (user 1) and Joe (user 2), both with password [`PW`]; Jane logged in.
pub struct Two {
    pub api: Api,
    pub jane: String,
}

/// [`Two`] with the default configuration.
pub fn two() -> Two {
    two_with(|c| c)
}

/// [`Two`] with the configuration adjusted by `adjust`.
pub fn two_with(adjust: impl FnOnce(Config) -> Config) -> Two {
    let api = api_with(adjust);
    assert_eq!(api.user("Jane Doe", "jane@example.com"), UserId(1));
    assert_eq!(api.user("Joe Bloggs", "joe@example.com"), UserId(2));
    Two {
        jane: api.login("jane@example.com", PW),
        api,
    }
}

/// (kind, to, subject) of every mail, oldest first.
pub fn mail_list(api: &Api) -> Vec<(String, String, String)> {
    api.mails()
        .into_iter()
        .map(|m| (m.kind, m.to, m.subject))
        .collect()
}

/// One entry of [`mail_list`].
pub fn mail(kind: &str, to: &str, subject: &str) -> (String, String, String) {
    (kind.into(), to.into(), subject.into())
}
