//! Failover, nothing acknowledged lost: a primary with a synchronous hot standby
//! (`synchronous_commit=on`, `synchronous_standby_names`), both started by
//! `scripts/test-postgres.sh`, which passes them in `USERSTORE_TEST_FAILOVER` (without it this
//! test says so and returns). Two servers, given both hosts with
//! `target_session_attrs=read-write`, take writes from four clients; the primary is killed
//! with SIGKILL and the standby promoted; the servers carry on against the new primary. Every
//! write acknowledged before or after the switch is there, and during the switch the clients
//! get `503` with `Retry-After`, nothing else. The switch time is printed.

mod common;

use common::{Server, agent, cli_ok, json_lines};
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const PW: &str = "Blue-Otter-47";

/// The two clusters: (primary URL, standby URL, primary data directory).
fn clusters() -> Option<(String, String, String)> {
    let Ok(spec) = std::env::var("USERSTORE_TEST_FAILOVER") else {
        eprintln!("PostgreSQL only: set USERSTORE_TEST_FAILOVER (scripts/test-postgres.sh)");
        return None;
    };
    let mut parts = spec.split('|').map(str::to_owned);
    Some((parts.next()?, parts.next()?, parts.next()?))
}

fn client(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap()
}

/// `host:port` of a `postgresql://user@host:port/db` URL.
fn host_port(url: &str) -> &str {
    url.split('@').nth(1).unwrap().split('/').next().unwrap()
}

/// One request: status, `Retry-After`, body.
fn send(
    method: &str,
    url: &str,
    body: Option<&Value>,
    bearer: Option<&str>,
) -> (u16, Option<String>, Value) {
    let mut req = ureq::http::Request::builder().method(method).uri(url);
    if let Some(token) = bearer {
        req = req.header("authorization", format!("Bearer {token}"));
    }
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut res = agent()
        .run(
            req.header("content-type", "application/json")
                .body(body)
                .unwrap(),
        )
        .unwrap();
    let retry_after = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let status = res.status().as_u16();
    let text = res.body_mut().read_to_string().unwrap();
    (
        status,
        retry_after,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Sets its flag when dropped.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Kills the postmaster of `data_dir` and every process it started, at once (a crash of the
/// machine, as far as clients can tell).
fn kill_cluster(data_dir: &str) {
    let pid = std::fs::read_to_string(format!("{data_dir}/postmaster.pid"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let children = std::process::Command::new("pgrep")
        .args(["-P", &pid])
        .output()
        .unwrap();
    let mut pids: Vec<String> = String::from_utf8(children.stdout)
        .unwrap()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    pids.push(pid.clone());
    // A backend may have exited since pgrep saw it: only the postmaster must be gone.
    std::process::Command::new("kill")
        .arg("-KILL")
        .args(&pids)
        .status()
        .unwrap();
    // Gone, or a zombie waiting for its parent.
    let dead = || match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .unwrap()
            .trim_start()
            .starts_with('Z'),
        Err(_) => true,
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !dead() {
        assert!(Instant::now() < deadline, "the primary survived SIGKILL");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn the_standby_takes_over_and_no_acknowledged_write_is_lost() {
    let Some((primary, standby, primary_dir)) = clusters() else {
        return;
    };
    // The standby must be synchronous before the test relies on it.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let row = client(&primary)
            .query_opt("SELECT sync_state FROM pg_stat_replication", &[])
            .unwrap();
        if row.is_some_and(|r| r.get::<_, &str>(0) == "sync") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the standby never became synchronous"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let db = format!(
        "postgresql://postgres@{},{}/postgres?target_session_attrs=read-write&connect_timeout=2",
        host_port(&primary),
        host_port(&standby)
    );
    let users: Vec<(i64, String)> = (0..4)
        .map(|i| {
            let email = format!("writer{i}@example.com");
            let out = cli_ok(
                &[
                    "user",
                    "create",
                    "--db",
                    &db,
                    "--name",
                    "v0",
                    "--email",
                    &email,
                    "--password-stdin",
                ],
                &format!("{PW}\n"),
            );
            (json_lines(&out)[0]["user"]["id"].as_i64().unwrap(), email)
        })
        .collect();
    let servers = [
        Server::start(Path::new(&db), &[]),
        Server::start(Path::new(&db), &[]),
    ];

    let stop = AtomicBool::new(false);
    let killed_at: Mutex<Option<Instant>> = Mutex::new(None);
    let first_ack_after: Mutex<Option<Instant>> = Mutex::new(None);
    // Each writer renames its user v1, v2, … and sends the same name again after a 503
    // until it is acknowledged: the last acknowledged name is the latest one written.
    let mut promoted = Duration::ZERO;
    let results: Vec<(i64, u64, usize)> = std::thread::scope(|s| {
        let writers: Vec<_> = users
            .iter()
            .enumerate()
            .map(|(i, (id, email))| {
                let server = &servers[i % 2];
                let (stop, killed_at, first_ack_after) = (&stop, &killed_at, &first_ack_after);
                s.spawn(move || {
                    let (status, _, login) = send(
                        "POST",
                        &server.at("/api/v2/sessions"),
                        Some(&json!({"email": email, "password": PW})),
                        None,
                    );
                    assert_eq!(status, 200, "{login}");
                    let token = login["session"]["token"].as_str().unwrap().to_owned();
                    let (mut acked, mut unavailable) = (0u64, 0usize);
                    while !stop.load(Ordering::Relaxed) {
                        let name = format!("v{}", acked + 1);
                        let sent_after_kill = killed_at.lock().unwrap().is_some();
                        let (status, retry_after, body) = send(
                            "PATCH",
                            &server.at(&format!("/api/v2/users/{id}")),
                            Some(&json!({"name": name})),
                            Some(&token),
                        );
                        match status {
                            200 => {
                                assert_eq!(body["user"]["name"], name.as_str());
                                acked += 1;
                                if sent_after_kill {
                                    first_ack_after
                                        .lock()
                                        .unwrap()
                                        .get_or_insert_with(Instant::now);
                                }
                            }
                            503 => {
                                assert!(retry_after.is_some(), "503 without Retry-After: {body}");
                                assert_eq!(body["code"], "SC503", "{body}");
                                unavailable += 1;
                                std::thread::sleep(Duration::from_millis(50));
                            }
                            _ => panic!("during the switch: {status} {body}"),
                        }
                    }
                    (*id, acked, unavailable)
                })
            })
            .collect();
        // The writers stop when this part ends, also when it fails.
        let _stop = StopOnDrop(&stop);
        std::thread::sleep(Duration::from_millis(1500));
        kill_cluster(&primary_dir);
        *killed_at.lock().unwrap() = Some(Instant::now());
        // The operator's (or the cluster manager's) part: promote the standby.
        client(&standby)
            .execute("SELECT pg_promote(true, 60)", &[])
            .unwrap();
        promoted = killed_at.lock().unwrap().unwrap().elapsed();
        let deadline = Instant::now() + Duration::from_secs(60);
        while first_ack_after.lock().unwrap().is_none() {
            assert!(
                Instant::now() < deadline,
                "no write succeeded after the switch"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(1500));
        stop.store(true, Ordering::Relaxed);
        writers.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let switch = first_ack_after.lock().unwrap().unwrap() - killed_at.lock().unwrap().unwrap();
    let acked: u64 = results.iter().map(|r| r.1).sum();
    let unavailable: usize = results.iter().map(|r| r.2).sum();
    println!(
        "failover: {acked} writes acknowledged, {unavailable} answered 503; standby promoted {} ms and first write on it acknowledged {} ms after the kill",
        promoted.as_millis(),
        switch.as_millis()
    );
    // Every acknowledged write is on the new primary: each user's name is its last one.
    let mut new_primary = client(&standby);
    for (id, acked, _) in &results {
        assert!(*acked > 0);
        let name: String = new_primary
            .query_one("SELECT name FROM users WHERE id = $1", &[id])
            .unwrap()
            .get(0);
        assert_eq!(name, format!("v{acked}"), "user {id}");
    }
}
