//! PostgreSQL next to SQLite (run when `BENCH_POSTGRES` names a server; scripts/bench.sh
//! starts a throwaway one): the same store with the same 10,000 members on each backend —
//! a page of the listing, a profile update, a login — paired in one run, and the listing page
//! next to the floor on PostgreSQL, the same SQL through the plain `postgres` client.

use super::{Row, list_query, paired};
use std::path::Path;
use userstore::{Actor, Config, NewUser, OrganizationId, Secret, Store, UserPatch};

const MEMBERS: usize = 10_000;

/// A store with [`MEMBERS`] users in organization 1 (password hash `phc`), and one user to
/// update and log in as.
fn fill(store: &Store, phc: &str) {
    let org = store.create_organization("Bench").unwrap();
    assert_eq!(org.id, OrganizationId(1));
    for chunk in (0..MEMBERS).collect::<Vec<_>>().chunks(1000) {
        store
            .import_users(chunk.iter().map(|i| {
                let mut u = NewUser::new(format!("Member {i:05}"), format!("m{i}@example.com"));
                u.password_hash = Some(phc.to_owned().into());
                u.organization_roles = vec![(org.id, 13)];
                u
            }))
            .unwrap();
    }
}

/// A fresh schema on the server `admin` names, as a URL.
fn fresh_schema(admin: &str) -> String {
    let schema = format!("bench{}", std::process::id());
    let mut c = postgres::Client::connect(admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
    ))
    .unwrap();
    format!("{admin}?options=-csearch_path%3D{schema}")
}

pub fn rows(rows: &mut Vec<Row>, dir: &Path) {
    let Ok(admin) = std::env::var("BENCH_POSTGRES") else {
        eprintln!("postgres: BENCH_POSTGRES is not set; skipped");
        return;
    };
    let phc = super::data::shared_phc();
    let file = dir.join("postgres-peer.db");
    let _ = std::fs::remove_file(&file);
    let url = fresh_schema(&admin);
    let sqlite = Store::open(&file, Config::default()).unwrap();
    let pg = Store::open(&url, Config::default()).unwrap();
    for store in [&sqlite, &pg] {
        fill(store, &phc);
    }
    // Statistics for the planner, as autovacuum would gather them soon after a bulk load.
    postgres::Client::connect(&url, postgres::NoTls)
        .unwrap()
        .batch_execute("ANALYZE")
        .unwrap();
    let id = userstore::UserId(1);

    let q = list_query(1, 0);
    let (on_pg, on_sqlite) = paired(
        21,
        20,
        || {
            std::hint::black_box(pg.list_users(&Actor::System, &q).unwrap());
        },
        || {
            std::hint::black_box(sqlite.list_users(&Actor::System, &q).unwrap());
        },
    );
    rows.push(Row {
        figure: "PostgreSQL: list 100 by name, 10k org, offset 0".into(),
        value: on_pg,
        baseline: Some(("the same on SQLite (file)".into(), on_sqlite)),
        goal: "report the ratio",
    });

    // The floor on PostgreSQL: the page's SQL (renumbered as the backend does) through the
    // plain client, prepared once, rows mapped to structs (as the SQLite floor does).
    let sql = pg
        .list_users_sql(&q)
        .unwrap()
        .replace("?1", "$1")
        .replace("?2", "$2")
        .replace("?3", "$3");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let statement = client.prepare(&sql).unwrap();
    let (ours, plain) = paired(
        21,
        20,
        || {
            std::hint::black_box(pg.list_users(&Actor::System, &q).unwrap());
        },
        || {
            let rows = client.query(&statement, &[&1i64, &100i64, &0i64]).unwrap();
            let users: Vec<super::PlainUser> = rows
                .iter()
                .map(|r| super::PlainUser {
                    id: r.get(0),
                    name: r.get(1),
                    email: r.get(2),
                    language: r.get(3),
                    timezone_id: r.get(4),
                    locale_id: r.get(5),
                    country_id: r.get(6),
                    features: r.get(7),
                    avatar: r.get(8),
                    created_at: r.get(9),
                    last_login: r.get(10),
                    has_password: r.get::<_, Option<String>>(11).is_some(),
                    force_set_password: r.get(12),
                    tfa_enabled: r.get(13),
                })
                .collect();
            std::hint::black_box(users);
        },
    );
    rows.push(Row {
        figure: "PostgreSQL: list 100 by name, 10k org, offset 0 (the store)".into(),
        value: ours,
        baseline: Some(("plain postgres client, same SQL, prepared".into(), plain)),
        goal: "≤ 1.3x",
    });

    let n = std::cell::Cell::new(0u64);
    let patch = || {
        n.set(n.get() + 1);
        UserPatch {
            name: Some(format!("Renamed {}", n.get())),
            ..Default::default()
        }
    };
    let (on_pg, on_sqlite) = paired(
        15,
        50,
        || {
            std::hint::black_box(pg.update_user(&Actor::System, id, &patch()).unwrap());
        },
        || {
            std::hint::black_box(sqlite.update_user(&Actor::System, id, &patch()).unwrap());
        },
    );
    rows.push(Row {
        figure: "PostgreSQL: update user (PATCH name)".into(),
        value: on_pg,
        baseline: Some((
            "the same on SQLite (file, synchronous=FULL)".into(),
            on_sqlite,
        )),
        goal: "report the ratio",
    });

    let password = Secret::new("Bench-Pass-2026!");
    let (on_pg, on_sqlite) = paired(
        9,
        2,
        || {
            std::hint::black_box(pg.login("m0@example.com", &password).unwrap());
        },
        || {
            std::hint::black_box(sqlite.login("m0@example.com", &password).unwrap());
        },
    );
    rows.push(Row {
        figure: "PostgreSQL: login (argon2id verify + session)".into(),
        value: on_pg,
        baseline: Some(("the same on SQLite (file)".into(), on_sqlite)),
        goal: "≤ 1.1x",
    });
    let _ = std::fs::remove_file(&file);
}
