//! Crash safety: a child process runs random operations on a file store and logs each one
//! before (`begin`) and after (`ok`) it is acknowledged, fsyncing the log; the parent kills it
//! with SIGKILL at a random moment once it has acknowledged [`MIN_ACKNOWLEDGED`] operations,
//! reopens the store and checks that every acknowledged operation is there, that at most the
//! one operation in flight may also be, and that the invariants hold. `USERSTORE_CRASH_ROUNDS`
//! sets the rounds (default 12; the long form, `scripts/reliability.sh`, runs 200).
//!
//! SQLite only (the durability of a file store): the tests open files whatever backend the
//! suite runs on. PostgreSQL's is its server's; `scripts/test-postgres.sh` kills a primary
//! with SIGKILL and checks that no acknowledged write is lost on the standby that takes over.

use std::collections::HashMap;
use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use userstore::{Actor, ChangePassword, Config, NewUser, ResetPassword, Secret, Store, UserPatch};
use userstore::{OrganizationId, TeamId, UserId};

const CHILD_ENV: &str = "USERSTORE_CRASH_CHILD";

/// Operations a child must acknowledge before it may be killed; a round with fewer fails.
/// Without this floor a round could kill the child while it was still starting, check
/// nothing, and pass. A healthy child acknowledges five operations in tens of milliseconds.
const MIN_ACKNOWLEDGED: usize = 5;

/// How long a child may take to acknowledge [`MIN_ACKNOWLEDGED`] operations: hundreds of
/// times what a healthy one needs, so that only a stuck or broken child fails a round.
const ACK_DEADLINE: Duration = Duration::from_secs(30);

/// The signal number of SIGKILL, which `Child::kill` sends on Unix.
const SIGKILL: i32 = 9;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn config() -> Config {
    Config::insecure_fast_for_tests_only()
}

fn password(n: u64) -> String {
    format!("Pw-{n}-Secret!")
}

/// A name made of letters only, so that no password above contains it.
fn name(n: u64) -> String {
    let letters: String = n
        .to_string()
        .bytes()
        .map(|d| (b'a' + d - b'0') as char)
        .collect();
    format!("Name {letters}")
}

/// The child: random operations until killed. Each is logged as `begin <op>` then `ok`.
#[test]
fn child_worker() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut parts = spec.split('|');
    let (db, log, seed) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let store = Store::open(db, config()).unwrap();
    let mut log = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(log)
        .unwrap();
    let mut rng = Rng(seed.parse::<u64>().unwrap() | 1);
    let org = 1; // made by the parent
    let team = 1;
    let mut write = |line: String| {
        writeln!(log, "{line}").unwrap();
        log.sync_data().unwrap();
    };
    // The users this child knows, with their current password.
    let listed = store
        .list_users(
            &Actor::System,
            &userstore::ListUsers::from_pairs([
                ("organizationId".into(), "1".into()),
                ("pg[limit]".into(), "10000".into()),
                ("cols[]".into(), "id".into()),
            ]),
        )
        .unwrap();
    let mut users: Vec<(i64, String)> = serde_json::to_value(listed).unwrap()["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["id"].as_i64().unwrap(), String::new()))
        .collect();
    loop {
        let n = rng.next() % 1_000_000_000;
        match rng.below(5) {
            0 | 1 if users.len() < 400 => {
                let email = format!("u{n}@example.com");
                write(format!("begin create {email} {}", password(n)));
                let id = store
                    .import_users([NewUser::new(name(n), &email).password(password(n))])
                    .unwrap()[0];
                store
                    .set_organization_role(OrganizationId(org), id, 13)
                    .unwrap();
                write(format!("ok {id}"));
                users.push((id.0, password(n)));
            }
            2 if !users.is_empty() => {
                let (id, _) = users[rng.below(users.len() as u64) as usize].clone();
                write(format!("begin rename {id} {}", name(n)));
                let patch = UserPatch {
                    name: Some(name(n)),
                    ..Default::default()
                };
                store
                    .update_user(&Actor::System, UserId(id), &patch)
                    .unwrap();
                write("ok".into());
            }
            3 if !users.is_empty() => {
                let i = rng.below(users.len() as u64) as usize;
                let (id, current) = users[i].clone();
                if current.is_empty() {
                    continue; // made by an earlier child: password unknown here
                }
                write(format!("begin password {id} {}", password(n)));
                let req = ChangePassword {
                    current_password: Secret::new(current),
                    new_password1: Secret::new(password(n)),
                    new_password2: Secret::new(password(n)),
                };
                store
                    .change_password(&Actor::System, UserId(id), &req)
                    .unwrap();
                write("ok".into());
                users[i].1 = password(n);
            }
            _ if !users.is_empty() => {
                let i = rng.below(users.len() as u64) as usize;
                let (id, _) = users[i].clone();
                let email =
                    store.user(&Actor::System, UserId(id)).unwrap().to_value()["user"]["email"]
                        .as_str()
                        .unwrap()
                        .to_owned();
                write(format!("begin reset {id} {}", password(n)));
                store.demand_password_reset(&email).unwrap();
                let mails = store.outbox(Default::default()).unwrap();
                let Some(mail) = mails
                    .iter()
                    .rev()
                    .find(|m| m.to == email && m.kind == "password_reset")
                else {
                    write("ok dropped".into()); // over the 3-per-hour limit
                    continue;
                };
                let body = mail.body.clone().unwrap();
                let hash = &body[body.find("hash=").unwrap() + 5..][..32];
                let session = store.open_reset_session(hash).unwrap();
                for m in &mails {
                    store.acknowledge_mail(m.id).unwrap();
                }
                let req = ResetPassword {
                    new_password1: Secret::new(password(n)),
                    new_password2: Secret::new(password(n)),
                };
                store.reset_password(session.expose(), &req).unwrap();
                write("ok".into());
                users[i].1 = password(n);
            }
            _ => {
                write("begin team".into());
                if let Some((id, _)) = users.first() {
                    store.set_team_role(TeamId(team), UserId(*id), 2).unwrap();
                }
                write("ok".into());
            }
        }
    }
}

/// What the logs say must (acknowledged) and may (the one in flight) be in the store.
#[derive(Default)]
struct Expected {
    /// email → (id, password) of acknowledged creations.
    created: HashMap<String, (i64, String)>,
    /// id → acknowledged name.
    names: HashMap<i64, String>,
    /// id → acknowledged password.
    passwords: HashMap<i64, String>,
    /// Users whose latest operation was an acknowledged password change or reset: they must
    /// have no reset hash or reset session left.
    cleared: std::collections::HashSet<i64>,
    /// The operation in flight when the child died.
    in_flight: Option<Vec<String>>,
}

/// The lines of a log that are complete. A line the kill cut short is left out: a cut `begin`
/// line is an operation that never started, and a cut `ok` line leaves its operation in flight,
/// which may or may not have happened (while `ok 12` cut from `ok 123` would name another user).
fn complete_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive('\n')
        .filter_map(|line| line.strip_suffix('\n'))
}

/// How many operations a child's log acknowledges.
fn acknowledged(log: &Path) -> usize {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    complete_lines(&text)
        .filter(|line| line.starts_with("ok"))
        .count()
}

fn read_log(path: &Path, into: &mut Expected) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut pending: Option<Vec<String>> = None;
    for line in complete_lines(&text) {
        let words: Vec<String> = line.split(' ').map(str::to_owned).collect();
        if words[0] == "begin" {
            pending = Some(words[1..].to_vec());
            continue;
        }
        let op = pending.take().expect("ok without begin");
        match op[0].as_str() {
            "create" => {
                let id: i64 = words[1].parse().unwrap();
                into.created.insert(op[1].clone(), (id, op[2].clone()));
                into.passwords.insert(id, op[2].clone());
            }
            "rename" => {
                into.names
                    .insert(op[1].parse().unwrap(), format!("{} {}", op[2], op[3]));
            }
            "password" => {
                into.passwords.insert(op[1].parse().unwrap(), op[2].clone());
                into.cleared.insert(op[1].parse().unwrap());
            }
            "reset" if words.get(1).map(String::as_str) != Some("dropped") => {
                into.passwords.insert(op[1].parse().unwrap(), op[2].clone());
                into.cleared.insert(op[1].parse().unwrap());
            }
            _ => {}
        }
    }
    into.in_flight = pending;
}

fn check(db: &Path, expected: &Expected) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0, "foreign keys hold");
    let dup: i64 = conn
        .query_row(
            "SELECT count(*) - count(DISTINCT lower(email)) FROM users",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dup, 0, "emails are unique case-insensitively");
    let orphan: i64 = conn
        .query_row(
            "SELECT count(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id \
             WHERE NOT EXISTS (SELECT 1 FROM organization_members om WHERE om.organization_id = t.organization_id AND om.user_id = tm.user_id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphan, 0, "team roles only with an organization role");
    let mismatched: i64 = conn
        .query_row(
            "SELECT count(*) FROM organization_members m JOIN users u ON u.id = m.user_id WHERE m.name_key != lower(u.name) OR m.email_key != u.email_key",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(mismatched, 0, "membership sort keys follow the users");
    drop(conn);

    let store = Store::open(db, config()).unwrap();
    let flight = expected.in_flight.as_deref().unwrap_or(&[]);
    let in_flight = |kind: &str, id: i64| {
        flight.first().is_some_and(|k| k == kind)
            && flight.get(1).and_then(|x| x.parse::<i64>().ok()) == Some(id)
    };
    for (email, (id, _)) in &expected.created {
        let u = store
            .user(&Actor::System, UserId(*id))
            .unwrap_or_else(|e| panic!("acknowledged user {id} is gone: {e}"));
        assert_eq!(u.to_value()["user"]["email"], serde_json::json!(email));
    }
    for (id, name) in &expected.names {
        let actual = store.user(&Actor::System, UserId(*id)).unwrap().to_value()["user"]["name"]
            .as_str()
            .unwrap()
            .to_owned();
        let flying = (in_flight("rename", *id)).then(|| format!("{} {}", flight[2], flight[3]));
        assert!(
            actual == *name || Some(&actual) == flying.as_ref(),
            "user {id}: name {actual}, acknowledged {name}"
        );
    }
    for (id, pw) in &expected.passwords {
        let email = store.user(&Actor::System, UserId(*id)).unwrap().to_value()["user"]["email"]
            .as_str()
            .unwrap()
            .to_owned();
        let acked = store.login(&email, &Secret::new(pw.clone())).is_ok();
        let flying = (in_flight("password", *id) || in_flight("reset", *id))
            && store.login(&email, &Secret::new(flight[2].clone())).is_ok();
        assert!(
            acked || flying,
            "user {id} cannot log in with its acknowledged password"
        );
    }
    // No reset hash or session outlives a password change or a finished reset.
    let conn = rusqlite::Connection::open(db).unwrap();
    for id in &expected.cleared {
        if in_flight("reset", *id) {
            continue;
        }
        let left: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM reset_hashes WHERE user_id = ?1) + (SELECT count(*) FROM reset_sessions WHERE user_id = ?1)",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            left, 0,
            "user {id} has reset credentials left after a password change"
        );
    }
}

#[test]
fn acknowledged_operations_survive_sigkill() {
    let rounds: u64 = std::env::var("USERSTORE_CRASH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(12);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    {
        let store = Store::open(&db, config()).unwrap();
        let org = store.create_organization("Crash Org").unwrap();
        store.create_team(org.id, "Crash Team").unwrap();
    }
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut expected = Expected::default();
    let mut total = 0;
    for round in 0..rounds {
        let log = dir.path().join(format!("round-{round}.log"));
        let stderr = dir.path().join(format!("round-{round}.stderr"));
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_worker", "--nocapture", "--test-threads=1"])
            .env(
                CHILD_ENV,
                format!("{}|{}|{}", db.display(), log.display(), rng.next()),
            )
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        wait_for_acknowledged(&mut child, &log, round, &stderr);
        // A random moment after the floor: in an operation, between two, in a commit.
        std::thread::sleep(Duration::from_millis(rng.below(120)));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        let acked = acknowledged(&log);
        assert!(
            status.signal() == Some(SIGKILL),
            "round {round}: the child ended on its own ({status}) after {acked} acknowledged \
             operations, before the kill:\n{}",
            tail(&stderr)
        );
        assert!(
            acked >= MIN_ACKNOWLEDGED,
            "round {round}: {acked} operations acknowledged, fewer than {MIN_ACKNOWLEDGED}"
        );
        total += acked;
        // Earlier rounds' in-flight operations are settled now: whatever the store says.
        let mut this_round = Expected::default();
        read_log(&log, &mut this_round);
        expected.created.extend(this_round.created);
        expected.names.extend(this_round.names);
        expected.passwords.extend(this_round.passwords);
        expected.cleared.extend(this_round.cleared);
        expected.in_flight = this_round.in_flight;
        // Every failure below names its round; the checks panic in many places.
        let checked = catch_unwind(AssertUnwindSafe(|| {
            check(&db, &expected);
            settle_in_flight(&db, &mut expected);
        }));
        if let Err(panic) = checked {
            panic!(
                "round {round} ({acked} operations acknowledged): {}",
                message(&*panic)
            );
        }
    }
    println!(
        "{rounds} SIGKILL rounds, {total} operations acknowledged (at least {MIN_ACKNOWLEDGED} \
         a round), {} users checked",
        expected.created.len()
    );
}

/// Waits until the child has acknowledged [`MIN_ACKNOWLEDGED`] operations. Fails the round
/// when the child ends first or misses [`ACK_DEADLINE`].
fn wait_for_acknowledged(child: &mut Child, log: &Path, round: u64, stderr: &Path) {
    let start = Instant::now();
    loop {
        let acked = acknowledged(log);
        if acked >= MIN_ACKNOWLEDGED {
            return;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "round {round}: the child ended ({status}) after {acked} acknowledged \
                 operations, fewer than {MIN_ACKNOWLEDGED}:\n{}",
                tail(stderr)
            );
        }
        if start.elapsed() > ACK_DEADLINE {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!(
                "round {round}: {acked} operations acknowledged in {ACK_DEADLINE:?}, fewer \
                 than {MIN_ACKNOWLEDGED}:\n{}",
                tail(stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The last lines a child wrote to stderr (its panic, if it had one).
fn tail(stderr: &Path) -> String {
    let text = std::fs::read_to_string(stderr).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// The text of a panic's payload.
fn message(panic: &(dyn std::any::Any + Send)) -> &str {
    (panic.downcast_ref::<String>().map(String::as_str))
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)")
}

/// After a check, record what the in-flight operation actually left, so later rounds compare
/// against the real state.
fn settle_in_flight(db: &Path, expected: &mut Expected) {
    let Some(op) = expected.in_flight.take() else {
        return;
    };
    let store = Store::open(db, config()).unwrap();
    match op[0].as_str() {
        "rename" => {
            let id: i64 = op[1].parse().unwrap();
            let name = store.user(&Actor::System, UserId(id)).unwrap().to_value()["user"]["name"]
                .as_str()
                .unwrap()
                .to_owned();
            expected.names.insert(id, name);
        }
        "password" | "reset" => {
            let id: i64 = op[1].parse().unwrap();
            expected.cleared.remove(&id); // an abandoned reset may leave its session behind
            let email = store.user(&Actor::System, UserId(id)).unwrap().to_value()["user"]["email"]
                .as_str()
                .unwrap()
                .to_owned();
            if store.login(&email, &Secret::new(op[2].clone())).is_ok() {
                expected.passwords.insert(id, op[2].clone());
            }
        }
        _ => {}
    }
}
