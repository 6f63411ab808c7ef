//! Shared helpers of the Rust integration tests: a store on a hand-moved clock, users, logins,
//! the outbox, the audit log, and direct reads of the SQLite image.
#![allow(dead_code)]

use serde_json::Value;
use std::sync::Arc;
use userstore::outbox::{Mail, OutboxQuery};
use userstore::{
    Actor, Config, Error, ListUsers, LoginSession, ManualClock, NewUser, Secret, Store, UserId,
};

pub mod backend;
pub mod roles;
mod shared;
pub mod user_fields;

#[allow(unused_imports)] // Not every test crate reads raw rows.
pub use backend::{every_value, raw};

#[allow(unused_imports)] // Not every test crate shares an organization.
pub use shared::share_an_organization;

/// The time every test starts at: 2023-11-14T22:13:20.000Z.
pub const T0: i64 = 1_700_000_000_000;
/// [`T0`] as Make formats it.
pub const T0_ISO: &str = "2023-11-14T22:13:20.000Z";
/// A password that passes the default policy for every test user.
pub const PW: &str = "Blue-Otter-47";
/// Another one.
pub const PW2: &str = "Green-Heron-58";
/// And a third.
pub const PW3: &str = "Red-Falcon-69";

/// Jane Doe's address: user 1 of [`jane_doe`].
pub const JANE: &str = "jane@example.com";

/// A store whose clock stands still until the test moves it.
pub struct Env {
    pub store: Store,
    pub clock: ManualClock,
    /// The store's PostgreSQL URL when the tests run on PostgreSQL ([`backend`]).
    pub pg: Option<String>,
}

/// A new store (in memory, or on the tests' PostgreSQL server: [`backend`]) with fast hashing
/// and a manual clock at [`T0`].
pub fn env() -> Env {
    env_with(|c| c)
}

/// Like [`env`], with the configuration adjusted by `adjust`.
pub fn env_with(adjust: impl FnOnce(Config) -> Config) -> Env {
    let clock = ManualClock::new(T0);
    let config = adjust(Config::insecure_fast_for_tests_only()).with_clock(Arc::new(clock.clone()));
    Env::open(config, clock)
}

/// A fresh [`env`] with one user: Jane Doe (1, [`JANE`]) with password [`PW`].
pub fn jane_doe() -> Env {
    let e = env();
    assert_eq!(e.user("Jane Doe", JANE, Some(PW)), UserId(1));
    e
}

impl Env {
    /// A new store with `config`, whose clock is `clock` (in memory, or on the tests'
    /// PostgreSQL server: [`backend`]).
    pub fn open(config: Config, clock: ManualClock) -> Env {
        let (store, pg) = backend::open(config);
        Env { store, clock, pg }
    }

    /// Moves the clock by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.clock.advance_secs(seconds);
    }

    /// Creates a user, with a password when given; returns its id.
    pub fn user(&self, name: &str, email: &str, password: Option<&str>) -> UserId {
        let mut u = NewUser::new(name, email);
        if let Some(pw) = password {
            u = u.password(pw);
        }
        self.store.import_users([u]).expect("create user")[0]
    }

    /// Logs in and authenticates the session, as a host would on the next request.
    pub fn login(&self, email: &str, password: &str) -> (LoginSession, Actor) {
        let s = self
            .store
            .login(email, &Secret::new(password))
            .expect("login");
        let actor = self
            .store
            .authenticate_session(s.token.expose())
            .expect("authenticate");
        (s, actor)
    }

    /// The error of a login attempt, as a body.
    pub fn login_err(&self, email: &str, password: &str) -> Value {
        body(self.store.login(email, &Secret::new(password)).unwrap_err())
    }

    /// True while the session token authenticates.
    pub fn session_ok(&self, token: &Secret) -> bool {
        match self.store.authenticate_session(token.expose()) {
            Ok(_) => true,
            Err(e) => {
                assert_eq!(body(e), unauthorized());
                false
            }
        }
    }

    /// The stored email address of user `user_id`, as the API shows it.
    pub fn email(&self, user_id: UserId) -> Value {
        self.store
            .user(&Actor::System, user_id)
            .expect("user")
            .to_value()["user"]["email"]
            .clone()
    }

    /// Every mail ever queued, acknowledged or not, oldest first.
    pub fn mails(&self) -> Vec<Mail> {
        self.store
            .outbox(OutboxQuery {
                all: true,
                after: 0,
                limit: 10_000,
            })
            .expect("outbox")
    }

    /// Mails to `to` of `kind`, oldest first.
    pub fn mails_to(&self, to: &str, kind: &str) -> Vec<Mail> {
        self.mails()
            .into_iter()
            .filter(|m| m.to == to && m.kind == kind)
            .collect()
    }

    /// The user's audit events (names), oldest first.
    pub fn audit(&self, user_id: UserId) -> Vec<String> {
        let mut events: Vec<String> = self
            .store
            .audit_log(Some(user_id), 0, 10_000)
            .expect("audit log")
            .into_iter()
            .map(|e| e.event)
            .collect();
        events.reverse();
        events
    }

    /// Demands a reset for `email` and returns the hash of the newest reset mail to it.
    pub fn demand(&self, email: &str) -> String {
        assert_eq!(
            wire(self.store.demand_password_reset(email).unwrap()),
            serde_json::json!({"ok": 1})
        );
        let mail = self
            .mails_to(email, "password_reset")
            .pop()
            .expect("a reset mail");
        hash_of(&mail)
    }

    /// The store's database, read directly.
    pub fn raw(&self) -> backend::Raw {
        backend::Raw::of(&self.store, self.pg.as_deref())
    }

    /// The integer `sql` gives (`SELECT count(*) FROM …`), read directly from the database.
    pub fn count(&self, sql: &str) -> i64 {
        self.raw().count(sql)
    }

    /// The stored PHC string of a user.
    pub fn stored_hash(&self, user_id: UserId) -> Option<String> {
        let mut texts = self.raw().texts(&format!(
            "SELECT password_hash FROM users WHERE id = {user_id}"
        ));
        assert_eq!(texts.len(), 1, "user row");
        texts.pop().unwrap()
    }
}

/// The text after `key` (`"hash="`) in an unacknowledged mail's body.
fn after<'m>(mail: &'m Mail, key: &str) -> &'m str {
    let body = mail
        .body
        .as_deref()
        .expect("unacknowledged mail has a body");
    let start = body
        .find(key)
        .unwrap_or_else(|| panic!("a link with {key}"));
    &body[start + key.len()..]
}

/// The reset hash in a reset mail's link.
pub fn hash_of(mail: &Mail) -> String {
    after(mail, "hash=")[..32].to_owned()
}

/// The token in an email-confirmation mail's link.
pub fn token_of(mail: &Mail) -> String {
    let rest = after(mail, "token=");
    rest.split_whitespace().next().expect("token").to_owned()
}

/// A typed body as the JSON a user sees.
pub fn wire(body: impl serde::Serialize) -> Value {
    serde_json::to_value(body).expect("a typed body serializes")
}

/// [`wire`] as a method: `store.list_users(…).unwrap().wire()["users"]`.
pub trait Wire {
    /// The JSON a user sees.
    fn wire(&self) -> Value;
}

impl<T: serde::Serialize> Wire for T {
    fn wire(&self) -> Value {
        wire(self)
    }
}

/// An error as the JSON body a user sees.
pub fn body(e: Error) -> Value {
    e.to_value()
}

/// A new user in full, as the API answers: every setting at its default, a password, no
/// roles, never logged in.
pub fn new_user_in_full(id: i64, name: &str, email: &str) -> Value {
    user_fields::with_make_extras(serde_json::json!({
        "id": id,
        "name": name,
        "email": email,
        "language": "en",
        "timezoneId": 150,
        "localeId": 248,
        "countryId": user_fields::US,
        "features": {},
        "avatar": user_fields::avatar(email),
        "timezone": "Etc/UTC",
        "locale": "en-US",
        "lastLogin": null,
        "hasPassword": true,
        "forceSetPassword": false,
        "tfaEnabled": false,
        "userOrganizationRoles": [],
        "userTeamRoles": []
    }))
}

/// The body of every `SC401`.
pub fn unauthorized() -> Value {
    serde_json::json!({
        "detail": "Missing, expired or unknown credentials.",
        "message": "Unauthorized",
        "code": "SC401"
    })
}

/// The body of every `IM102`.
pub fn invalid_credentials() -> Value {
    serde_json::json!({
        "detail": "The credentials you provided are not valid.",
        "message": "Invalid credentials",
        "code": "IM102"
    })
}

/// An `SC400` "Bad Request" body.
pub fn bad_request(detail: &str) -> Value {
    serde_json::json!({"detail": detail, "message": "Bad Request", "code": "SC400"})
}

/// An `SC403` body.
pub fn forbidden(detail: &str) -> Value {
    serde_json::json!({"detail": detail, "message": "Forbidden", "code": "SC403"})
}

/// An `SC404` body.
pub fn not_found(detail: &str) -> Value {
    serde_json::json!({"detail": detail, "message": "Not Found", "code": "SC404"})
}

/// A "Validation failed" body with one suberror per message.
pub fn validation(messages: &[&str]) -> Value {
    serde_json::json!({
        "detail": messages.join(" "),
        "message": "Validation failed",
        "code": "SC400",
        "suberrors": messages.iter().map(|m| serde_json::json!({"message": m})).collect::<Vec<_>>(),
    })
}

/// The `IM011` body for a lockout with `seconds` left.
pub fn too_many(seconds: u64) -> Value {
    let unit = if seconds == 1 { "second" } else { "seconds" };
    serde_json::json!({
        "detail": format!("Too many failed attempts. Try again in {seconds} {unit}."),
        "message": "Too many failed attempts",
        "code": "IM011"
    })
}

/// A list-users query from `(key, value)` pairs.
pub fn q(pairs: &[(&str, &str)]) -> ListUsers {
    ListUsers::from_pairs(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    )
}

/// The wire body of a listing, as the system actor.
pub fn list(e: &Env, pairs: &[(&str, &str)]) -> Value {
    e.store
        .list_users(&Actor::System, &q(pairs))
        .unwrap()
        .wire()
}

/// The error body of a listing that fails, as the system actor.
pub fn list_err(e: &Env, pairs: &[(&str, &str)]) -> Value {
    body(e.store.list_users(&Actor::System, &q(pairs)).unwrap_err())
}

/// The user ids of a listing's body, in order.
pub fn ids(page: &Value) -> Vec<i64> {
    page["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_i64().unwrap())
        .collect()
}

/// Where `needle` occurs in `haystack` (byte search).
pub fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// SHA-256 of `s`, the form in which the store keeps tokens and hashes.
pub fn sha256(s: &str) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(s.as_bytes()).to_vec()
}

/// True when `s` is `len` lowercase hex characters.
pub fn is_lower_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Changes user 1's password as `actor`: the answer, or the error body.
pub fn change_password(
    e: &Env,
    actor: &Actor,
    current: &str,
    new1: &str,
    new2: &str,
) -> Result<Value, Value> {
    e.store
        .change_password(
            actor,
            UserId(1),
            &userstore::ChangePassword {
                current_password: Secret::new(current),
                new_password1: Secret::new(new1),
                new_password2: Secret::new(new2),
            },
        )
        .map(wire)
        .map_err(|err| err.to_value())
}

/// Changes user 1's email as `actor`: the answer, or the error body.
pub fn change_email(
    e: &Env,
    actor: &Actor,
    current: &str,
    new: &str,
    password: &str,
) -> Result<Value, Value> {
    e.store
        .change_email(
            actor,
            UserId(1),
            &userstore::ChangeEmail {
                current_email_address: current.into(),
                new_email_address: new.into(),
                current_password: Secret::new(password),
            },
        )
        .map(wire)
        .map_err(|err| err.to_value())
}
