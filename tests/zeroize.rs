//! SPEC §4, "zeroize them after use": a password sent to the store, through the HTTP router or
//! by operation name, is in no block of memory the store frees afterwards. The allocator of
//! this test binary ([`freed_memory`]) looks into every freed block.
//!
//! The passwords share a part without letters (`7-wiped-9!`-style), which is watched: it
//! survives lowercasing and normalization, so a copy made for the blocklist or the policy
//! checks is caught as well as the text as typed.

#[path = "support/freed_memory.rs"]
mod freed_memory;

use freed_memory::{FreedMemory, found, watch};
use serde_json::json;
use userstore::api::{self, Caller};
use userstore::http::Request;
use userstore::{Config, NewUser, Store};

#[global_allocator]
static ALLOC: FreedMemory = FreedMemory;

/// The password every account starts with.
const PW: &str = "Blue-Otter-47";

/// A request whose JSON body is written straight into one buffer of its final size: built
/// any other way, the test itself would free copies of the password.
fn request(method: &str, path: &str, auth: Option<&str>, fields: &[(&str, &str)]) -> Request {
    let mut body = Vec::with_capacity(1024);
    body.push(b'{');
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        for part in ["\"", k, "\":\"", v, "\""] {
            body.extend_from_slice(part.as_bytes());
        }
    }
    body.push(b'}');
    let mut r = Request::new(method, path).header("content-type", "application/json");
    if let Some(a) = auth {
        r = r.header("authorization", a);
    }
    r.body = body;
    r
}

/// Logs in over the router; returns `Bearer <token>`.
fn bearer(store: &Store, email: &str, password: &str) -> String {
    let res = store.handle(&request(
        "POST",
        "/api/v2/sessions",
        None,
        &[("email", email), ("password", password)],
    ));
    assert_eq!(res.status, 200);
    format!(
        "Bearer {}",
        res.json_body()["session"]["token"].as_str().unwrap()
    )
}

/// Runs `flow` while watching for `secret`, and asserts no freed block held it.
fn wiped(what: &str, secret: &str, flow: impl FnOnce()) {
    watch(secret.as_bytes());
    flow();
    assert_eq!(found(), 0, "{what}: freed memory still held the password");
}

#[test]
fn passwords_are_wiped_before_their_memory_is_freed() {
    let store = Store::open_in_memory(Config::insecure_fast_for_tests_only()).unwrap();
    store
        .import_users([NewUser::new("Jane Doe", "jane@example.com").password(PW)])
        .unwrap();
    let jane = bearer(&store, "jane@example.com", PW);

    wiped("a wrong password at login", "7-wrong-1!", || {
        let res = store.handle(&request(
            "POST",
            "/api/v2/sessions",
            None,
            &[("email", "jane@example.com"), ("password", "Qx7-wrong-1!")],
        ));
        assert_eq!(res.status, 400);
    });

    wiped("a password change", "3-wiped-2!", || {
        let res = store.handle(&request(
            "PUT",
            "/api/v2/users/1/attributes/password",
            Some(&jane),
            &[
                ("currentPassword", PW),
                ("newPassword1", "Zy3-wiped-2!"),
                ("newPassword2", "Zy3-wiped-2!"),
            ],
        ));
        assert_eq!(res.status, 200, "{}", String::from_utf8_lossy(&res.body));
    });

    wiped("a login with the right password", "3-wiped-2!", || {
        bearer(&store, "jane@example.com", "Zy3-wiped-2!");
    });

    wiped("a reset", "5-reset-3!", || {
        let r = request(
            "POST",
            "/api/v2/users/password-reset-demand",
            None,
            &[("email", "jane@example.com")],
        );
        assert_eq!(store.handle(&r).status, 200);
        let mail = store.outbox(Default::default()).unwrap().pop().unwrap();
        let body = mail.body.unwrap();
        let hash = &body[body.find("hash=").unwrap() + 5..][..32];
        let open = store.handle(&Request::new(
            "GET",
            &format!("/api/v2/users/password-reset?hash={hash}"),
        ));
        let cookie = open
            .header("set-cookie")
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let set = request(
            "POST",
            "/api/v2/users/password-reset",
            None,
            &[
                ("newPassword1", "Wv5-reset-3!"),
                ("newPassword2", "Wv5-reset-3!"),
            ],
        )
        .header("cookie", &cookie);
        assert_eq!(store.handle(&set).status, 200);
    });

    wiped("operations by name", "9-named-4!", || {
        let login = api::call(
            &store,
            Caller::Anonymous,
            "login",
            json!({"email": "jane@example.com", "password": "Wv5-reset-3!"}),
        )
        .unwrap();
        let auth = format!("Bearer {}", login["session"]["token"].as_str().unwrap());
        let args = json!({"userId": 1, "currentPassword": "Wv5-reset-3!",
                          "newPassword1": "Ut9-named-4!", "newPassword2": "Ut9-named-4!"});
        let changed = api::call(&store, Caller::Authorization(&auth), "changePassword", args);
        assert_eq!(changed.unwrap(), json!({"changed": true}));
        let wrong = json!({"email": "jane@example.com", "password": "Ut9-named-4!x"});
        assert!(api::call(&store, Caller::Anonymous, "login", wrong).is_err());
    });
}
