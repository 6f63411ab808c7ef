//! Concurrency: 2 processes x 4 threads run mixed operations on one database file (3 processes
//! on one PostgreSQL database when the tests run there: tests/common/backend.rs). No storage
//! error (such as "database is locked", or a serialization failure) may reach a caller, and the
//! final state must be what the answers imply. `USERSTORE_CONCURRENCY_OPS` sets the total (default 2,000; the long
//! form, `scripts/reliability.sh`, runs 10,000).

use serde_json::{Value, json};
use std::collections::HashMap;
use std::process::Command;
use userstore::{Actor, Config, ListUsers, NewUser, Secret, Store, UserPatch};
use userstore::{OrganizationId, UserId};

#[path = "common/backend.rs"]
mod backend;

const CHILD_ENV: &str = "USERSTORE_CONCURRENCY_CHILD";
const THREADS: usize = 4;
const PASSWORD: &str = "Tandem-Run-2026!";

fn config() -> Config {
    Config::insecure_fast_for_tests_only()
}

/// One thread's work: create users, rename them, list, log in. Returns email → (id, name).
fn work(store: &Store, tag: &str, ops: usize) -> HashMap<String, (i64, String)> {
    let mut mine: HashMap<String, (i64, String)> = HashMap::new();
    let mut emails: Vec<String> = Vec::new();
    for i in 0..ops {
        match i % 5 {
            0 | 1 => {
                let email = format!("{tag}-{i}@example.com");
                let id = store
                    .import_users(
                        [NewUser::new(format!("Worker {tag}"), &email).password(PASSWORD)],
                    )
                    .unwrap()[0];
                store
                    .set_organization_role(OrganizationId(1), id, 13)
                    .unwrap();
                mine.insert(email.clone(), (id.0, format!("Worker {tag}")));
                emails.push(email);
            }
            2 if !emails.is_empty() => {
                let email = &emails[i % emails.len()];
                let name = format!("Renamed {tag} {i}");
                let id = mine[email].0;
                let patch = UserPatch {
                    name: Some(name.clone()),
                    ..Default::default()
                };
                let out = store
                    .update_user(&Actor::System, UserId(id), &patch)
                    .unwrap();
                assert_eq!(out.to_value()["user"]["name"], json!(name));
                mine.get_mut(email).unwrap().1 = name;
            }
            3 => {
                let q = ListUsers::from_pairs([
                    ("organizationId".to_owned(), "1".to_owned()),
                    ("pg[sortBy]".to_owned(), "name".to_owned()),
                    ("pg[limit]".to_owned(), "50".to_owned()),
                ]);
                store.list_users(&Actor::System, &q).unwrap();
            }
            _ if !emails.is_empty() => {
                let email = &emails[i % emails.len()];
                store.login(email, &Secret::new(PASSWORD)).unwrap();
            }
            _ => {}
        }
    }
    mine
}

/// A child process: 4 threads on one shared `Store`, then the results as JSON on stdout.
#[test]
fn child_process() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (db, tag, ops) = {
        let mut p = spec.split('|');
        (
            p.next().unwrap().to_owned(),
            p.next().unwrap().to_owned(),
            p.next().unwrap().parse::<usize>().unwrap(),
        )
    };
    let store = Store::open(&db, config()).unwrap();
    let results: Vec<HashMap<String, (i64, String)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let (store, tag) = (&store, format!("{tag}t{t}"));
                s.spawn(move || work(store, &tag, ops / THREADS))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let all: HashMap<_, _> = results.into_iter().flatten().collect();
    println!("RESULT {}", serde_json::to_string(&all).unwrap());
}

#[test]
fn two_processes_four_threads_share_one_file() {
    let total: usize = std::env::var("USERSTORE_CONCURRENCY_OPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let dir = tempfile::tempdir().unwrap();
    let (db, processes) = match backend::postgres() {
        Some(admin) => (backend::fresh_schema(&admin), ["p0", "p1", "p2"].as_slice()),
        None => (
            dir.path().join("shared.db").display().to_string(),
            ["p0", "p1"].as_slice(),
        ),
    };
    Store::open(&db, config())
        .unwrap()
        .create_organization("Shared")
        .unwrap();
    let children: Vec<_> = processes
        .iter()
        .map(|tag| {
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "child_process",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD_ENV, format!("{db}|{tag}|{}", total / processes.len()))
                .output_async()
        })
        .collect();
    let mut expected: HashMap<String, (i64, String)> = HashMap::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first_panic = stderr
            .lines()
            .skip_while(|l| !l.contains("panicked"))
            .take(3)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(out.status.success(), "a child failed:\n{first_panic}");
        // libtest may print "test child_process ... " on the same line first.
        let line = stdout
            .lines()
            .find_map(|l| l.split_once("RESULT ").map(|(_, r)| r))
            .expect("child results");
        let part: HashMap<String, (i64, String)> = serde_json::from_str(line).unwrap();
        expected.extend(part);
    }
    let store = Store::open(&db, config()).unwrap();
    let q = ListUsers::from_pairs([
        ("organizationId".to_owned(), "1".to_owned()),
        ("pg[limit]".to_owned(), "10000".to_owned()),
        ("cols[]".to_owned(), "id".to_owned()),
        ("cols[]".to_owned(), "name".to_owned()),
        ("cols[]".to_owned(), "email".to_owned()),
    ]);
    let listed = serde_json::to_value(store.list_users(&Actor::System, &q).unwrap()).unwrap();
    let listed: HashMap<String, (i64, String)> = listed["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u: &Value| {
            (
                u["email"].as_str().unwrap().to_owned(),
                (
                    u["id"].as_i64().unwrap(),
                    u["name"].as_str().unwrap().to_owned(),
                ),
            )
        })
        .collect();
    assert_eq!(
        listed.len(),
        expected.len(),
        "every acknowledged user and no other"
    );
    assert_eq!(
        listed, expected,
        "the final state is what the answers implied"
    );
    println!(
        "{total} operations from 2 processes x {THREADS} threads, {} users",
        expected.len()
    );
}

/// Spawns with piped output (so both children run at once).
trait SpawnPiped {
    fn output_async(&mut self) -> std::process::Child;
}

impl SpawnPiped for Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }
}
