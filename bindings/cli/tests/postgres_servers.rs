//! Many servers, one database: three `userstore serve` processes on one PostgreSQL database
//! (run by `scripts/test-postgres.sh`, which sets `USERSTORE_TEST_POSTGRES`; without it these
//! tests say so and return). A session made through one server works on the others; a reset
//! demanded through one is opened through a second and completed through the third; failed
//! logins sent in parallel across the three lock the address at exactly the threshold; a reset
//! hash used twice at once through two servers works once; and mixed operations from 3
//! processes x 4 threads end with zero errors and the exact expected state.

mod common;

use common::{Server, agent, cli_ok, json_lines};
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Barrier;

const PW: &str = "Blue-Otter-47";
const NEW: &str = "Green-Falcon-82";

/// A fresh schema on the tests' server, as a URL; `None` (after saying so) on SQLite.
fn database() -> Option<String> {
    let Ok(admin) = std::env::var("USERSTORE_TEST_POSTGRES") else {
        eprintln!("PostgreSQL only: set USERSTORE_TEST_POSTGRES (scripts/test-postgres.sh)");
        return None;
    };
    let schema = format!(
        "s{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
    Some(format!("{admin}?options=-csearch_path%3D{schema}"))
}

/// Three servers on `db`.
fn three(db: &str) -> [Server; 3] {
    std::array::from_fn(|_| Server::start(Path::new(db), &[]))
}

/// Creates a user with a password through the CLI; returns its id.
fn create_user(db: &str, name: &str, email: &str) -> i64 {
    let out = common::create_user(db, name, email, PW);
    json_lines(&out)[0]["user"]["id"].as_i64().unwrap()
}

/// Sends a JSON request; returns the status, the headers asked for, and the body.
fn send(
    method: &str,
    url: &str,
    body: Option<&Value>,
    auth: &[(&str, &str)],
) -> (u16, Value, Vec<String>) {
    let mut req = ureq::http::Request::builder().method(method).uri(url);
    for (k, v) in auth {
        req = req.header(*k, *v);
    }
    let agent = agent();
    let mut res = match body {
        Some(b) => agent
            .run(
                req.header("content-type", "application/json")
                    .body(b.to_string())
                    .unwrap(),
            )
            .unwrap(),
        None => agent.run(req.body(()).unwrap()).unwrap(),
    };
    let cookies = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let status = res.status().as_u16();
    let text = res.body_mut().read_to_string().unwrap();
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value, cookies)
}

/// Logs in through `server`; returns the session token.
fn login(server: &Server, email: &str, password: &str) -> String {
    let (status, body, _) = send(
        "POST",
        &server.at("/api/v2/sessions"),
        Some(&json!({ "email": email, "password": password })),
        &[],
    );
    assert_eq!(status, 200, "{body}");
    body["session"]["token"].as_str().unwrap().to_owned()
}

fn me(server: &Server, token: &str) -> (u16, Value) {
    let bearer = format!("Bearer {token}");
    let (status, body, _) = send(
        "GET",
        &server.at("/api/v2/users/me"),
        None,
        &[("authorization", &bearer)],
    );
    (status, body)
}

/// Demands a reset through `server` and returns the hash of the mail, read with the CLI.
fn demand(server: &Server, db: &str, email: &str) -> String {
    let (status, body, _) = send(
        "POST",
        &server.at("/api/v2/users/password-reset-demand"),
        Some(&json!({ "email": email })),
        &[],
    );
    assert_eq!((status, body), (200, json!({"ok": 1})));
    let mails = json_lines(&cli_ok(&["outbox", "list", "--db", db], ""));
    let body = mails.last().unwrap()["body"].as_str().unwrap().to_owned();
    let at = body.find("hash=").unwrap() + "hash=".len();
    body[at..at + 32].to_owned()
}

/// Opens a reset session with `hash` through `server`: the status and the session cookie.
fn open_reset(server: &Server, hash: &str) -> (u16, Option<String>) {
    let (status, _, cookies) = send(
        "GET",
        &server.at(&format!("/api/v2/users/password-reset?hash={hash}")),
        None,
        &[],
    );
    let pair = cookies
        .first()
        .map(|c| c.split_once("; ").unwrap().0.to_owned());
    (status, pair)
}

#[test]
fn a_session_and_a_reset_travel_across_three_servers() {
    let Some(db) = database() else { return };
    let ada = create_user(&db, "Ada Lovelace", "ada@example.com");
    let [s1, s2, s3] = three(&db);

    let token = login(&s1, "ada@example.com", PW);
    for s in [&s1, &s2, &s3] {
        let (status, body) = me(s, &token);
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["authUser"]["id"], ada);
    }

    let hash = demand(&s1, &db, "ada@example.com");
    let (status, cookie) = open_reset(&s2, &hash);
    assert_eq!(status, 200);
    let cookie = cookie.unwrap();
    let (status, body, _) = send(
        "POST",
        &s3.at("/api/v2/users/password-reset"),
        Some(&json!({ "newPassword1": NEW, "newPassword2": NEW })),
        &[("cookie", &cookie)],
    );
    assert_eq!((status, body), (200, json!({"ok": 1})));
    // The new password works everywhere; the reset ended the other sessions.
    login(&s2, "ada@example.com", NEW);
    assert_eq!(me(&s3, &token).0, 401);
}

#[test]
fn parallel_failed_logins_across_three_servers_lock_at_exactly_the_threshold() {
    let Some(db) = database() else { return };
    create_user(&db, "Ada Lovelace", "ada@example.com");
    let servers = three(&db);
    let barrier = Barrier::new(20);
    let answers: Vec<(u16, Value)> = std::thread::scope(|s| {
        let sent: Vec<_> = (0..20)
            .map(|i| {
                let (server, barrier) = (&servers[i % 3], &barrier);
                s.spawn(move || {
                    barrier.wait();
                    let (status, body, _) = send(
                        "POST",
                        &server.at("/api/v2/sessions"),
                        Some(&json!({ "email": "ada@example.com", "password": "Wrong-Guess-00" })),
                        &[],
                    );
                    (status, body)
                })
            })
            .collect();
        sent.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let codes = |code: &str| answers.iter().filter(|(_, b)| b["code"] == code).count();
    // Ten failures lock the address: nine answer "invalid credentials", the tenth and every
    // later one "too many attempts".
    assert_eq!((codes("IM102"), codes("IM011")), (9, 11), "{answers:?}");
    for (status, body) in &answers {
        assert!(matches!(status, 400 | 429), "{status} {body}");
    }
    // The right password is locked out too, on every server.
    for s in &servers {
        let (status, body, _) = send(
            "POST",
            &s.at("/api/v2/sessions"),
            Some(&json!({ "email": "ada@example.com", "password": PW })),
            &[],
        );
        assert_eq!((status, &body["code"]), (429, &json!("IM011")));
    }
}

#[test]
fn a_reset_hash_used_twice_at_once_through_two_servers_works_once() {
    let Some(db) = database() else { return };
    create_user(&db, "Ada Lovelace", "ada@example.com");
    let [s1, s2, _s3] = three(&db);
    // Three times: an address gets at most three reset mails an hour.
    let mut hashes = Vec::new();
    for _ in 0..3 {
        let hash = demand(&s1, &db, "ada@example.com");
        assert!(!hashes.contains(&hash), "a new mail each time");
        hashes.push(hash.clone());
        let barrier = Barrier::new(2);
        let statuses: Vec<u16> = std::thread::scope(|s| {
            let both: Vec<_> = [&s1, &s2]
                .into_iter()
                .map(|server| {
                    let (hash, barrier) = (&hash, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        open_reset(server, hash).0
                    })
                })
                .collect();
            both.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut sorted = statuses.clone();
        sorted.sort();
        assert_eq!(sorted, [200, 400], "{statuses:?}");
    }
}

#[test]
fn three_processes_four_threads_mixed_operations_end_in_the_exact_state() {
    let Some(db) = database() else { return };
    // USERSTORE_CONCURRENCY_OPS per process (2,000; scripts/reliability.sh: 10,000).
    let total: usize = std::env::var("USERSTORE_CONCURRENCY_OPS")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .map_or(6000, |per_process| per_process * 3);
    let servers = three(&db);
    // One user per (server, thread): each thread logs in once, then renames its own user and
    // reads it back through its server, and every tenth operation through the next server.
    // (Logins are few: the credential routes are throttled per client, and every thread
    // here is the same client, 127.0.0.1.)
    let users: Vec<(i64, String)> = (0..12)
        .map(|i| {
            let email = format!("worker{i}@example.com");
            (create_user(&db, &format!("Worker {i}"), &email), email)
        })
        .collect();
    let per_thread = total / 12;
    let finals: Vec<(i64, String, String)> = std::thread::scope(|s| {
        let threads: Vec<_> = users
            .iter()
            .enumerate()
            .map(|(i, (id, email))| {
                let (server, next) = (&servers[i % 3], &servers[(i + 1) % 3]);
                s.spawn(move || {
                    let token = login(server, email, PW);
                    let bearer = format!("Bearer {token}");
                    let auth = [("authorization", bearer.as_str())];
                    let mut name = format!("Worker {i}");
                    for op in 0..per_thread {
                        match op % 10 {
                            0 => {
                                let (status, body) = me(next, &token);
                                assert_eq!(status, 200, "{body}");
                                assert_eq!(body["authUser"]["name"], name.as_str());
                            }
                            1..=5 => {
                                name = format!("Worker {i} v{op}");
                                let (status, body, _) = send(
                                    "PATCH",
                                    &server.at(&format!("/api/v2/users/{id}")),
                                    Some(&json!({ "name": name })),
                                    &auth,
                                );
                                assert_eq!(status, 200, "{body}");
                                assert_eq!(body["user"]["name"], name.as_str());
                            }
                            _ => {
                                let (status, body) = me(server, &token);
                                assert_eq!(status, 200, "{body}");
                                assert_eq!(body["authUser"]["name"], name.as_str());
                            }
                        }
                    }
                    (*id, name, token)
                })
            })
            .collect();
        threads.into_iter().map(|h| h.join().unwrap()).collect()
    });
    // Every user's name is the last one its thread wrote, seen through every server.
    assert_eq!(finals.len(), 12);
    for (id, name, token) in finals {
        for s in &servers {
            let (status, body) = me(s, &token);
            assert_eq!(status, 200);
            assert_eq!(body["authUser"]["id"], id);
            assert_eq!(body["authUser"]["name"], name.as_str());
        }
    }
}

#[test]
fn three_couriers_on_one_database_deliver_each_mail_once() {
    let Some(db) = database() else { return };
    const USERS: usize = 12;
    for i in 0..USERS {
        create_user(&db, &format!("User {i}"), &format!("user{i}@example.com"));
    }
    let port = common::smtp::free_port();
    let smtp = common::smtp::Smtp::start(port);
    let smtp_url = format!("smtp://127.0.0.1:{port}");
    let env = [
        ("USERSTORE_MAIL_SMTP_URL", smtp_url.as_str()),
        ("USERSTORE_MAIL_FROM", "accounts@example.com"),
        ("USERSTORE_MAIL_POLL_INTERVAL_MS", "20"),
    ];
    let servers: Vec<Server> = (0..3)
        .map(|_| Server::start_with_env(Path::new(&db), &[], &env))
        .collect();
    for i in 0..USERS {
        let (status, body, _) = send(
            "POST",
            &servers[i % 3].at("/api/v2/users/password-reset-demand"),
            Some(&json!({ "email": format!("user{i}@example.com") })),
            &[],
        );
        assert_eq!((status, body), (200, json!({"ok": 1})));
    }
    let mut received: Vec<String> = (0..USERS)
        .map(|_| smtp.next_mail()["to"].as_str().unwrap().to_owned())
        .collect();
    // Nothing more comes: no mail was delivered twice.
    assert_eq!(
        smtp.mail_within(std::time::Duration::from_secs(2)),
        None,
        "a mail came twice"
    );
    received.sort();
    let mut expected: Vec<String> = (0..USERS).map(|i| format!("user{i}@example.com")).collect();
    expected.sort();
    assert_eq!(received, expected);
    let mails = json_lines(&cli_ok(&["outbox", "list", "--all", "--db", &db], ""));
    assert_eq!(mails.len(), USERS);
    assert!(mails.iter().all(|m| m["body"].is_null()), "{mails:?}");
}
