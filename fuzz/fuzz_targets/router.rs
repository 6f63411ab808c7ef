//! The HTTP router on arbitrary requests: never a panic, always a JSON body, and an error
//! body of the SPEC form for every 4xx/5xx.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use userstore::http::Request;
use userstore::{Config, NewUser, Store};

#[derive(Arbitrary, Debug)]
struct Input {
    method: u8,
    path: String,
    query: String,
    auth: u8,
    content_type: bool,
    body: Vec<u8>,
}

const METHODS: [&str; 6] = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

fn store() -> &'static (Store, String) {
    static STORE: OnceLock<(Store, String)> = OnceLock::new();
    STORE.get_or_init(|| {
        let store = Store::open_in_memory(Config::insecure_fast_for_tests_only()).unwrap();
        let org = store.create_organization("Fuzz Org").unwrap();
        let u = store.create_user(NewUser::new("Fuzz User", "fuzz@example.com").password("Blue-Otter-47!")).unwrap();
        store.set_organization_role(org.id, u["user"]["id"].as_i64().unwrap(), 11).unwrap();
        let login = store.login("fuzz@example.com", &"Blue-Otter-47!".into()).unwrap();
        let bearer = format!("Bearer {}", login.token.expose());
        (store, bearer)
    })
}

fuzz_target!(|input: Input| {
    let (store, bearer) = store();
    let path = if input.path.starts_with('/') { input.path.clone() } else { format!("/api/v2/{}", input.path) };
    let mut req = Request::new(METHODS[input.method as usize % METHODS.len()], &path);
    req.query = input.query;
    if input.content_type {
        req = req.header("content-type", "application/json");
    }
    if input.auth % 2 == 0 {
        req = req.header("authorization", bearer);
    }
    req.body = input.body;
    let res = store.handle(&req);
    let body: serde_json::Value = serde_json::from_slice(&res.body).expect("every response is JSON");
    if res.status >= 400 {
        let o = body.as_object().expect("error bodies are objects");
        assert!(o["code"].is_string() && o["message"].is_string() && o["detail"].is_string());
    }
});
