//! Native benchmarks: each figure is a median over repeated runs, next to a baseline measured
//! in the same run, and their ratio. Run with `cargo bench --bench userstore` (or
//! `scripts/bench.sh`, which adds the wasm, C-vs-Rust, libsodium and size rows and writes
//! BENCHMARKS.md). Prints one markdown table; `BENCH_JSON=path` also writes the rows as JSON.
//! `BENCH_MAX_USERS` (default 1000000) caps the largest generated store. Arguments that are
//! not flags pick row groups by name (`list`, `growth`, `ffi`, `update`, `credentials`,
//! `postgres`: only with `BENCH_POSTGRES`, a server URL), e.g.
//! `cargo bench --bench userstore -- update`; none runs them all.

mod data;
mod postgres;

use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};
use userstore::http::Request;
use userstore::{
    Actor, ChangePassword, Config, ListUsers, ManualClock, NewUser, ResetPassword, Secret, Store,
    Synchronous, UserPatch,
};

/// Median time of one call of `f`, over `samples` samples of `iters` calls each.
fn median(samples: usize, iters: usize, mut f: impl FnMut()) -> Duration {
    for _ in 0..iters.min(3) {
        f(); // warm caches
    }
    let mut times: Vec<Duration> = (0..samples)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                f();
            }
            start.elapsed() / iters as u32
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Medians of `a` and `b` measured in alternating samples, so that both see the same machine
/// load: the ratio of the two is what these shared, noisy machines can measure well.
fn paired(
    samples: usize,
    iters: usize,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (Duration, Duration) {
    for _ in 0..iters.min(3) {
        a();
        b();
    }
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..iters {
            f();
        }
        start.elapsed() / iters as u32
    };
    // Which of the two runs first alternates from sample to sample: the first of a pair can
    // pay for what the previous one left (measured: the demand pair below showed 2x either
    // way round when the same one always went first).
    let (mut ta, mut tb): (Vec<Duration>, Vec<Duration>) = (0..samples)
        .map(|i| {
            if i % 2 == 0 {
                let ta = time(&mut a);
                (ta, time(&mut b))
            } else {
                let tb = time(&mut b);
                (time(&mut a), tb)
            }
        })
        .unzip();
    ta.sort();
    tb.sort();
    (ta[samples / 2], tb[samples / 2])
}

struct Row {
    figure: String,
    value: Duration,
    baseline: Option<(String, Duration)>,
    goal: &'static str,
}

fn fmt(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us >= 1000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else {
        format!("{us:.1} µs")
    }
}

fn list_query(org: i64, offset: i64) -> ListUsers {
    ListUsers::from_pairs([
        ("organizationId".to_owned(), org.to_string()),
        ("pg[sortBy]".to_owned(), "name".to_owned()),
        ("pg[sortDir]".to_owned(), "asc".to_owned()),
        ("pg[offset]".to_owned(), offset.to_string()),
        ("pg[limit]".to_owned(), "100".to_owned()),
    ])
}

/// The plain-rusqlite baseline of a page: the same SQL (see [`Store::list_users_sql`]) on a
/// connection with the same query-planner setting, prepared, rows mapped to structs.
#[allow(dead_code)] // the fields are read only by the optimizer's eyes
struct PlainUser {
    id: i64,
    name: String,
    email: String,
    language: String,
    timezone_id: i64,
    locale_id: i64,
    country_id: Option<i64>,
    features: String,
    avatar: Option<String>,
    created_at: i64,
    last_login: Option<i64>,
    has_password: bool,
    force_set_password: bool,
    tfa_enabled: bool,
}

/// The plain-SQLite plans a page by name can take, written by hand (not the store's SQL), as
/// (name, SQL with ?1 the organization, ?2 the limit, ?3 the offset). The floor of a listing
/// row is the fastest of them in the same run.
const FLOOR_CANDIDATES: [(&str, &str); 2] = [
    (
        "join, planner's choice",
        "SELECT u.id, u.name, u.email, u.language, u.timezone_id, u.locale_id, u.country_id, \
         u.features, u.avatar, u.created_at, u.last_login, substr(u.password_hash, 1, 0), \
         u.force_set_password, u.tfa_enabled \
         FROM organization_members m JOIN users u ON u.id = m.user_id \
         WHERE m.organization_id = ?1 ORDER BY m.name_key, m.user_id LIMIT ?2 OFFSET ?3",
    ),
    (
        "deferred join (ids from the covering index, then the page's users)",
        "SELECT u.id, u.name, u.email, u.language, u.timezone_id, u.locale_id, u.country_id, \
         u.features, u.avatar, u.created_at, u.last_login, substr(u.password_hash, 1, 0), \
         u.force_set_password, u.tfa_enabled \
         FROM (SELECT user_id, name_key FROM organization_members WHERE organization_id = ?1 \
         ORDER BY name_key, user_id LIMIT ?2 OFFSET ?3) p \
         JOIN users u ON u.id = p.user_id ORDER BY p.name_key, p.user_id",
    ),
];

/// The same for a keyset page, with ?1 the organization, ?2 and ?3 the name key and id the
/// page starts after, ?4 the limit.
const KEYSET_FLOOR_CANDIDATES: [(&str, &str); 2] = [
    (
        "join, planner's choice",
        "SELECT u.id, u.name, u.email, u.language, u.timezone_id, u.locale_id, u.country_id, \
         u.features, u.avatar, u.created_at, u.last_login, substr(u.password_hash, 1, 0), \
         u.force_set_password, u.tfa_enabled \
         FROM organization_members m JOIN users u ON u.id = m.user_id \
         WHERE m.organization_id = ?1 AND (m.name_key, m.user_id) > (?2, ?3) \
         ORDER BY m.name_key, m.user_id LIMIT ?4",
    ),
    (
        "deferred join (ids from a range of the covering index, then the page's users)",
        "SELECT u.id, u.name, u.email, u.language, u.timezone_id, u.locale_id, u.country_id, \
         u.features, u.avatar, u.created_at, u.last_login, substr(u.password_hash, 1, 0), \
         u.force_set_password, u.tfa_enabled \
         FROM (SELECT user_id, name_key FROM organization_members WHERE organization_id = ?1 \
         AND (name_key, user_id) > (?2, ?3) ORDER BY name_key, user_id LIMIT ?4) p \
         JOIN users u ON u.id = p.user_id ORDER BY p.name_key, p.user_id",
    ),
];

/// `EXPLAIN QUERY PLAN` of `sql` with `params`, its detail lines.
fn query_plan(
    conn: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    stmt.query_map(params, |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn plain_page(
    conn: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Vec<PlainUser> {
    let mut stmt = conn.prepare_cached(sql).unwrap();
    stmt.query_map(params, |r| {
        Ok(PlainUser {
            id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            language: r.get(3)?,
            timezone_id: r.get(4)?,
            locale_id: r.get(5)?,
            country_id: r.get(6)?,
            features: r.get(7)?,
            avatar: r.get(8)?,
            created_at: r.get(9)?,
            last_login: r.get(10)?,
            has_password: r.get::<_, Option<String>>(11)?.is_some(),
            force_set_password: r.get(12)?,
            tfa_enabled: r.get(13)?,
        })
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn listing_rows(rows: &mut Vec<Row>, path: &Path, label: &str) {
    let store = Store::open(path, Config::default()).unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    // The store's plans never depend on bound values (and so its cached statements are not
    // compiled again on each use): the baseline gets the same.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )
    .unwrap();
    for offset in [0, 5000, 50000] {
        let q = list_query(1, offset);
        let sql = store.list_users_sql(&q).unwrap();
        // The floor: the fastest of the plain-SQLite plans for this page, with its plan.
        let mut floor: Option<(&str, Duration)> = None;
        for (plan_name, plain_sql) in FLOOR_CANDIDATES {
            let (_, plain) = paired(
                11,
                10,
                || {
                    std::hint::black_box(store.list_users(&Actor::System, &q).unwrap());
                },
                || {
                    std::hint::black_box(plain_page(&conn, plain_sql, (1, 100, offset)));
                },
            );
            eprintln!(
                "list offset {offset}: {plan_name} {} — plan: {}",
                fmt(plain),
                query_plan(&conn, plain_sql, (1, 100, offset)).join(" / ")
            );
            if floor.is_none_or(|(_, best)| plain < best) {
                floor = Some((plan_name, plain));
            }
        }
        let (floor_name, _) = floor.expect("candidates");
        let floor_sql = FLOOR_CANDIDATES
            .iter()
            .find(|(n, _)| *n == floor_name)
            .map(|(_, sql)| *sql)
            .expect("the floor's SQL");
        let (ours, best) = paired(
            31,
            20,
            || {
                std::hint::black_box(store.list_users(&Actor::System, &q).unwrap());
            },
            || {
                std::hint::black_box(plain_page(&conn, floor_sql, (1, 100, offset)));
            },
        );
        rows.push(Row {
            figure: format!("list 100 by name, 100k org, offset {offset} ({label})"),
            value: ours,
            baseline: Some((format!("fastest plain SQLite: {floor_name}"), best)),
            goal: "≤ 1.3x",
        });
        // Secondary: the store's own SQL run plainly (what the store adds around it).
        let (ours, plain) = paired(
            31,
            20,
            || {
                std::hint::black_box(store.list_users(&Actor::System, &q).unwrap());
            },
            || {
                std::hint::black_box(plain_page(&conn, &sql, (1, 100, offset)));
            },
        );
        rows.push(Row {
            figure: format!("  the same, against the store's own SQL, offset {offset}"),
            value: ours,
            baseline: Some(("plain rusqlite, rows to structs".into(), plain)),
            goal: "≤ 1.3x",
        });
        // Through the JSON API, as the wasm package calls it (its baseline).
        if offset <= 5000 {
            let args = format!(
                r#"{{"organizationId":1,"pg":{{"sortBy":"name","sortDir":"asc","offset":{offset},"limit":100}}}}"#
            );
            rows.push(Row {
                figure: format!(
                    "list 100 by name, 100k org, offset {offset}, JSON text in and out (api::call_json)"
                ),
                value: median(21, 20, || {
                    std::hint::black_box(json_call(&store, "listUsers", &args));
                }),
                baseline: None,
                goal: "baseline of the wasm row",
            });
        }
        // The router, as an API token of an owner of organization 1.
        let token = bench_token(&store);
        let req = Request::new("GET", &format!("/api/v2/users?organizationId=1&pg%5BsortBy%5D=name&pg%5BsortDir%5D=asc&pg%5Boffset%5D={offset}&pg%5Blimit%5D=100"))
            .header("authorization", &format!("Token {token}"));
        let (routed, direct) = paired(
            31,
            20,
            || {
                let r = store.handle(&req);
                assert_eq!(r.status, 200);
                std::hint::black_box(r);
            },
            || {
                std::hint::black_box(store.list_users(&Actor::System, &q).unwrap());
            },
        );
        rows.push(Row {
            figure: format!("the same through the HTTP router, JSON out, offset {offset}"),
            value: routed,
            baseline: Some(("the store's listing, typed".into(), direct)),
            goal: "≤ 1.5x",
        });
        if offset == 0 {
            // No N+1: the role columns of a page come from one batched query.
            let with_cols = |cols: &[&str]| {
                ListUsers::from_pairs(
                    [
                        ("organizationId", "1"),
                        ("pg[sortBy]", "name"),
                        ("pg[limit]", "100"),
                    ]
                    .into_iter()
                    .chain(cols.iter().map(|c| ("cols[]", *c)))
                    .map(|(k, v)| (k.to_owned(), v.to_owned())),
                )
            };
            let with_roles = with_cols(&[
                "id",
                "name",
                "email",
                "userOrganizationRoles",
                "userTeamRoles",
            ]);
            let without = with_cols(&["id", "name", "email"]);
            let (roles, plain) = paired(
                31,
                20,
                || {
                    std::hint::black_box(store.list_users(&Actor::System, &with_roles).unwrap());
                },
                || {
                    std::hint::black_box(store.list_users(&Actor::System, &without).unwrap());
                },
            );
            rows.push(Row {
                figure: "list 100 with both role columns (organization roles from the page's index, team roles in one batched query)".into(),
                value: roles,
                baseline: Some(("the same page without them".into(), plain)),
                goal: "≤ 1.5x",
            });
        }
    }
    keyset_row(rows, &store, &conn);
    filter_rows(rows, &store, path);
}

/// The plain-SQLite plans a filtered page by name can take, with `{col}` the filtered key
/// (`name_key` or `email_key`), ?1 the organization, ?2 the lowercase term: a join with the
/// filter on each member (planner's choice), the filter on the narrow membership index before
/// the page's users are read (what the store does), and an FTS5 trigram index of the keys
/// (`member_keys`, made by [`filter_rows`] on a copy of the store).
const FILTER_FLOOR_CANDIDATES: [(&str, &str); 3] = [
    (
        "join, filter on each member (planner's choice)",
        "SELECT u.id, u.name, u.email, u.language, u.timezone_id, u.locale_id, u.country_id, \
         u.features, u.avatar, u.created_at, u.last_login, substr(u.password_hash, 1, 0), \
         u.force_set_password, u.tfa_enabled \
         FROM organization_members m JOIN users u ON u.id = m.user_id \
         WHERE m.organization_id = ?1 AND instr(m.{col}, ?2) > 0 \
         ORDER BY m.name_key, m.user_id LIMIT 100",
    ),
    (
        "deferred join, filter on the covering index",
        "SELECT u.id, u.name, u.email, u.language, u.timezone_id, u.locale_id, u.country_id, \
         u.features, u.avatar, u.created_at, u.last_login, substr(u.password_hash, 1, 0), \
         u.force_set_password, u.tfa_enabled \
         FROM (SELECT user_id, name_key FROM organization_members WHERE organization_id = ?1 \
         AND instr({col}, ?2) > 0 ORDER BY name_key, user_id LIMIT 100) p \
         JOIN users u ON u.id = p.user_id ORDER BY p.name_key, p.user_id",
    ),
    (
        "FTS5 trigram index of the keys, then the page",
        "SELECT u.id, u.name, u.email, u.language, u.timezone_id, u.locale_id, u.country_id, \
         u.features, u.avatar, u.created_at, u.last_login, substr(u.password_hash, 1, 0), \
         u.force_set_password, u.tfa_enabled \
         FROM (SELECT m.user_id, m.name_key FROM member_keys k \
         JOIN organization_members m ON m.organization_id = ?1 AND m.user_id = k.rowid \
         WHERE k.{col} MATCH '\"' || ?2 || '\"' ORDER BY m.name_key, m.user_id LIMIT 100) p \
         JOIN users u ON u.id = p.user_id ORDER BY p.name_key, p.user_id",
    ),
];

/// A selective name filter and a selective email filter on the 100k organization, against
/// the fastest of [`FILTER_FLOOR_CANDIDATES`] the store could take, and against the FTS5
/// one, which it cannot: the WebAssembly build leaves FTS5 out (its size), and the index is
/// large (printed).
fn filter_rows(rows: &mut Vec<Row>, store: &Store, path: &Path) {
    let copy = path.with_extension("fts.db");
    std::fs::copy(path, &copy).unwrap();
    let conn = rusqlite::Connection::open(&copy).unwrap();
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )
    .unwrap();
    let size = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let before = size(&conn);
    let made = Instant::now();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE member_keys USING fts5(name_key, email_key, tokenize = 'trigram'); \
         INSERT INTO member_keys (rowid, name_key, email_key) \
         SELECT user_id, name_key, email_key FROM organization_members WHERE organization_id = 1;",
    )
    .unwrap();
    let fts_bytes = size(&conn) - before;
    eprintln!(
        "FTS5 trigram index of 100k members' keys: made in {:.1} s, {:.1} MB",
        made.elapsed().as_secs_f64(),
        fts_bytes as f64 / 1e6
    );
    for (param, col, term) in [
        ("name", "name_key", "łukasz ødegaard"),
        ("email", "email_key", "12345@"),
    ] {
        let q = ListUsers::from_pairs(
            [
                ("organizationId", "1"),
                ("pg[sortBy]", "name"),
                ("pg[sortDir]", "asc"),
                ("pg[limit]", "100"),
                (param, term),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned())),
        );
        let ours_ids: Vec<i64> = (store.list_users(&Actor::System, &q).unwrap().users)
            .iter()
            .map(|u| u.id.0)
            .collect();
        let matches: i64 = conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM organization_members \
                     WHERE organization_id = 1 AND instr({col}, ?1) > 0"
                ),
                [term],
                |r| r.get(0),
            )
            .unwrap();
        // The floor among the plans the store could take (no FTS5), and the FTS5 one.
        let mut best: Option<(&str, String, Duration)> = None;
        let mut fts = None;
        for (plan_name, sql) in FILTER_FLOOR_CANDIDATES {
            let sql = sql.replace("{col}", col);
            let page = plain_page(&conn, &sql, (1, term));
            assert_eq!(page.iter().map(|u| u.id).collect::<Vec<_>>(), ours_ids);
            let time = median(7, 5, || {
                std::hint::black_box(plain_page(&conn, &sql, (1, term)));
            });
            eprintln!(
                "list filtered by {param} {term:?}: {plan_name} {} — plan: {}",
                fmt(time),
                query_plan(&conn, &sql, (1, term)).join(" / ")
            );
            if sql.contains("member_keys") {
                fts = Some(sql);
            } else if best.as_ref().is_none_or(|(_, _, t)| time < *t) {
                best = Some((plan_name, sql, time));
            }
        }
        let (floor_name, floor_sql, _) = best.expect("candidates");
        let fts = fts.expect("the FTS5 candidate");
        for (figure, sql, baseline, goal) in [
            (
                format!("list 100 by name, {param} filter {term:?} ({matches} of 100k match)"),
                &floor_sql,
                format!("fastest plain SQLite without FTS5: {floor_name}"),
                "≤ 1.3x",
            ),
            (
                format!("  the same, against an FTS5 trigram index ({param} filter)"),
                &fts,
                "plain SQLite with FTS5 trigram".to_owned(),
                "report the ratio (FTS5: not in the wasm build)",
            ),
        ] {
            let (ours, plain) = paired(
                15,
                5,
                || {
                    std::hint::black_box(store.list_users(&Actor::System, &q).unwrap());
                },
                || {
                    std::hint::black_box(plain_page(&conn, sql, (1, term)));
                },
            );
            rows.push(Row {
                figure,
                value: ours,
                baseline: Some((baseline, plain)),
                goal,
            });
        }
    }
    drop(conn);
    let _ = std::fs::remove_file(&copy);
}

/// The store's own `pg.last` after the first `depth` members of organization 1 by name,
/// ascending: the cursor a client paging that far holds (it pages there, 10,000 at a time).
fn deep_cursor(store: &Store, depth: usize) -> String {
    let (mut seen, mut last) = (0, None::<String>);
    while seen < depth {
        let limit = (depth - seen).min(userstore::MAX_LIMIT as usize);
        let mut pairs = vec![
            ("organizationId", "1".to_owned()),
            ("pg[sortBy]", "name".to_owned()),
            ("pg[sortDir]", "asc".to_owned()),
            ("pg[limit]", limit.to_string()),
        ];
        pairs.push(match &last {
            Some(cursor) => ("pg[last]", cursor.clone()),
            None => ("pg[showLast]", "true".to_owned()),
        });
        let q = ListUsers::from_pairs(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)));
        let page = store.list_users(&Actor::System, &q).unwrap();
        assert_eq!(page.users.len(), limit, "the organization is too small");
        seen += limit;
        last = page.pg.last.flatten();
    }
    last.expect("a cursor")
}

/// A keyset page (`pg[last]`) 90% into organization 1, against the fastest plain-SQLite
/// keyset query for the same page (and the same rows as the offset page there).
fn keyset_row(rows: &mut Vec<Row>, store: &Store, conn: &rusqlite::Connection) {
    let members: i64 = conn
        .query_row(
            "SELECT count(*) FROM organization_members WHERE organization_id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let depth = members as usize * 9 / 10;
    let cursor = deep_cursor(store, depth);
    let (id, key) = cursor[1..].split_once('.').expect("a name cursor");
    let (id, key): (i64, String) = (id.parse().unwrap(), key.to_owned());
    let q = ListUsers::from_pairs([
        ("organizationId".to_owned(), "1".to_owned()),
        ("pg[sortBy]".to_owned(), "name".to_owned()),
        ("pg[sortDir]".to_owned(), "asc".to_owned()),
        ("pg[last]".to_owned(), cursor.clone()),
        ("pg[limit]".to_owned(), "100".to_owned()),
    ]);
    let params = || (1, key.as_str(), id, 100);
    // Every candidate must answer the same rows, and those of the offset page there.
    let ours_ids: Vec<i64> = (store.list_users(&Actor::System, &q).unwrap().users)
        .iter()
        .map(|u| u.id.0)
        .collect();
    let offset_ids: Vec<i64> = (store.list_users(&Actor::System, &list_query(1, depth as i64)))
        .unwrap()
        .users
        .iter()
        .map(|u| u.id.0)
        .collect();
    assert_eq!(ours_ids, offset_ids);
    let mut best: Option<(&str, &str, Duration)> = None;
    for (plan_name, sql) in KEYSET_FLOOR_CANDIDATES {
        let page = plain_page(conn, sql, params());
        assert_eq!(page.iter().map(|u| u.id).collect::<Vec<_>>(), ours_ids);
        let time = median(11, 20, || {
            std::hint::black_box(plain_page(conn, sql, params()));
        });
        eprintln!(
            "list pg[last] {depth} deep: {plan_name} {} — plan: {}",
            fmt(time),
            query_plan(conn, sql, params()).join(" / ")
        );
        if best.is_none_or(|(_, _, t)| time < t) {
            best = Some((plan_name, sql, time));
        }
    }
    let (floor_name, floor_sql, _) = best.expect("candidates");
    let (ours, floor) = paired(
        31,
        20,
        || {
            std::hint::black_box(store.list_users(&Actor::System, &q).unwrap());
        },
        || {
            std::hint::black_box(plain_page(conn, floor_sql, params()));
        },
    );
    rows.push(Row {
        figure: format!("list 100 by name, 100k org, pg[last] {depth} deep"),
        value: ours,
        baseline: Some((format!("fastest plain SQLite: {floor_name}"), floor)),
        goal: "≤ 1.3x",
    });
}

/// An API token of the first owner of organization 1 (made once per store file).
fn bench_token(store: &Store) -> String {
    use std::sync::OnceLock;
    static TOKEN: OnceLock<std::sync::Mutex<std::collections::HashMap<usize, String>>> =
        OnceLock::new();
    let key = store as *const Store as usize;
    let map = TOKEN.get_or_init(Default::default);
    if let Some(t) = map.lock().unwrap().get(&key) {
        return t.clone();
    }
    let owner = store
        .list_users(
            &Actor::System,
            &ListUsers::from_pairs([
                ("organizationId".into(), "1".into()),
                ("organizationRoleId".into(), "11".into()),
                ("pg[limit]".into(), "1".into()),
                ("cols[]".into(), "id".into()),
            ]),
        )
        .unwrap()
        .users[0]
        .id;
    let t = store
        .create_api_token_for(
            owner,
            &userstore::NewApiToken {
                label: "bench".into(),
                scope: vec![
                    "organization:read".into(),
                    "user:read".into(),
                    "user:write".into(),
                ],
            },
        )
        .unwrap();
    let token = t.api_token.token.expose().to_owned();
    map.lock().unwrap().insert(key, token.clone());
    token
}

fn update_rows(rows: &mut Vec<Row>, dir: &Path) {
    for sync in [Synchronous::Full, Synchronous::Normal] {
        let path = dir.join(format!("update-{sync:?}.db"));
        let _ = std::fs::remove_file(&path);
        let store = Store::open(
            &path,
            Config {
                synchronous: sync,
                ..Config::insecure_fast_for_tests_only()
            },
        )
        .unwrap();
        let id = store
            .import_users([NewUser::new("Update Me", "update@example.com")])
            .unwrap()[0];
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "synchronous", format!("{sync:?}").to_uppercase())
            .unwrap();
        let n = std::cell::Cell::new(0u64);
        let next = || {
            n.set(n.get() + 1);
            format!("Name {}", n.get())
        };
        let (ours, plain) = paired(
            15,
            50,
            || {
                let patch = UserPatch {
                    name: Some(next()),
                    ..Default::default()
                };
                std::hint::black_box(store.update_user(&Actor::System, id, &patch).unwrap());
            },
            || {
                let tx = conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .unwrap();
                // Prepared once, as the store's statements are.
                tx.prepare_cached("UPDATE users SET name = ?2 WHERE id = ?1")
                    .unwrap()
                    .execute(rusqlite::params![id, next()])
                    .unwrap();
                tx.commit().unwrap();
            },
        );
        rows.push(Row {
            figure: format!("update user (PATCH name), file, synchronous={sync:?}"),
            value: ours,
            baseline: Some(("plain rusqlite UPDATE in a transaction".into(), plain)),
            goal: "≤ 1.5x",
        });
    }
}

/// One operation through the JSON API the way the bindings call it: the arguments as JSON
/// text, parsed, run, the reply written as JSON text.
fn json_call(store: &Store, op: &str, args: &str) -> String {
    let args = serde_json::from_str(args).unwrap();
    userstore::api::call_json(store, userstore::api::Caller::System, op, args).unwrap()
}

/// The in-memory profile update, typed and through the JSON API: the native figures the wasm
/// bench compares with (the package's calls are JSON text in and out).
fn memory_update_rows(rows: &mut Vec<Row>) {
    let store = Store::open_in_memory(Config::insecure_fast_for_tests_only()).unwrap();
    let id = store
        .import_users([NewUser::new("Update Me", "update@example.com")])
        .unwrap()[0];
    let mut n = 0u64;
    let value = median(21, 200, || {
        n += 1;
        let patch = UserPatch {
            name: Some(format!("Name {n}")),
            ..Default::default()
        };
        std::hint::black_box(store.update_user(&Actor::System, id, &patch).unwrap());
    });
    rows.push(Row {
        figure: "update user (PATCH name), in memory".into(),
        value,
        baseline: None,
        goal: "baseline of the wasm row",
    });
    let value = median(21, 200, || {
        n += 1;
        let args = format!(r#"{{"userId":{},"name":"Name {n}"}}"#, id.0);
        std::hint::black_box(json_call(&store, "updateUser", &args));
    });
    rows.push(Row {
        figure: "update user (PATCH name), in memory, JSON text in and out (api::call_json)".into(),
        value,
        baseline: None,
        goal: "baseline of the wasm row",
    });
}

fn credential_rows(rows: &mut Vec<Row>, dir: &Path) {
    let path = dir.join("credentials.db");
    let _ = std::fs::remove_file(&path);
    let clock = ManualClock::new(1_767_225_600_000);
    let store = Store::open(
        &path,
        Config::default().with_clock(std::sync::Arc::new(clock.clone())),
    )
    .unwrap();
    let phc = data::shared_phc();
    let verify_once = || {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        let parsed = PasswordHash::new(&phc).unwrap();
        argon2::Argon2::default()
            .verify_password(b"Bench-Pass-2026!", &parsed)
            .unwrap();
    };
    let id = {
        let mut u = NewUser::new("Cred User", "cred@example.com");
        u.password_hash = Some(phc.clone().into());
        store.import_users([u]).unwrap()[0]
    };
    // The goal leaves 5% for the store's work (about one commit): more samples than the
    // other credential rows, as argon2id's own time drifts by more than that under load.
    let (login, hash_once) = paired(
        25,
        2,
        || {
            std::hint::black_box(
                store
                    .login("cred@example.com", &Secret::new("Bench-Pass-2026!"))
                    .unwrap(),
            );
        },
        verify_once,
    );
    rows.push(Row {
        figure: "login (one argon2id verify inside)".into(),
        value: login,
        baseline: Some(("one argon2id verify, same parameters".into(), hash_once)),
        goal: "≤ 1.05x",
    });
    let current = std::cell::RefCell::new("Bench-Pass-2026!".to_owned());
    let n = std::cell::Cell::new(0);
    let (change, two_hashes) = paired(
        9,
        1,
        || {
            n.set(n.get() + 1);
            let next = format!("Bench-Pass-{}-x!", n.get());
            let req = ChangePassword {
                current_password: Secret::new(current.borrow().clone()),
                new_password1: Secret::new(next.clone()),
                new_password2: Secret::new(next.clone()),
            };
            store.change_password(&Actor::System, id, &req).unwrap();
            *current.borrow_mut() = next;
        },
        || {
            verify_once();
            verify_once();
        },
    );
    rows.push(Row {
        figure: "change password (verify + hash inside)".into(),
        value: change,
        baseline: Some(("two argon2id operations".into(), two_hashes)),
        goal: "≤ 1.05x",
    });

    // One call a sample, many samples: the median of single calls leaves out the WAL
    // checkpoints that land on some of them (in batches of five they landed on one side).
    let (known, unknown) = paired(
        61,
        1,
        || {
            clock.advance_secs(3600); // stay under the 3-mails-per-hour limit
            store.demand_password_reset("cred@example.com").unwrap();
        },
        || {
            clock.advance_secs(3600);
            store.demand_password_reset("nobody@example.com").unwrap();
        },
    );
    rows.push(Row {
        figure: "reset demand, known address".into(),
        value: known,
        baseline: Some(("reset demand, unknown address".into(), unknown)),
        goal: "≈ 1x (no enumeration by time)",
    });
    let (login_wrong, login_unknown) = paired(
        9,
        2,
        || {
            clock.advance_secs(3600); // no lockout
            let _ = std::hint::black_box(
                store.login("cred@example.com", &Secret::new("Wrong-Pass-2026!")),
            );
        },
        || {
            // Unknown addresses lock after ten failures too (SPEC §4), so the same clock move.
            clock.advance_secs(3600);
            let _ = std::hint::black_box(
                store.login("nobody@example.com", &Secret::new("Bench-Pass-2026!")),
            );
        },
    );
    rows.push(Row {
        figure: "login, wrong password".into(),
        value: login_wrong,
        baseline: Some(("login, unknown address".into(), login_unknown)),
        goal: "≤ 1.1x (no enumeration by time)",
    });

    // Each round: demand, read the mail, open the session (timed), reset (timed) next to two
    // argon2id operations (the reset verifies the new password against the old one, then
    // hashes it).
    let (mut opens, mut resets, mut hashes) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..11 {
        clock.advance_secs(3600);
        store.demand_password_reset("cred@example.com").unwrap();
        let mails = store.outbox(Default::default()).unwrap();
        let body = mails
            .iter()
            .rev()
            .find(|m| m.kind == "password_reset")
            .unwrap()
            .body
            .clone()
            .unwrap();
        for m in &mails {
            store.acknowledge_mail(m.id).unwrap();
        }
        let hash = body[body.find("hash=").unwrap() + 5..][..32].to_owned();
        let start = Instant::now();
        let session = store.open_reset_session(&hash).unwrap();
        opens.push(start.elapsed());
        let p = format!("Reset-Pass-{i}-z!");
        let start = Instant::now();
        store
            .reset_password(
                session.expose(),
                &ResetPassword {
                    new_password1: Secret::new(p.clone()),
                    new_password2: Secret::new(p),
                },
            )
            .unwrap();
        resets.push(start.elapsed());
        let start = Instant::now();
        verify_once();
        verify_once();
        hashes.push(start.elapsed());
    }
    for v in [&mut opens, &mut resets, &mut hashes] {
        v.sort();
    }
    rows.push(Row {
        figure: "open reset session (check hash)".into(),
        value: opens[opens.len() / 2],
        baseline: None,
        goal: "time per operation",
    });
    rows.push(Row {
        figure: "reset password (two argon2id operations inside)".into(),
        value: resets[resets.len() / 2],
        baseline: Some(("two argon2id operations".into(), hashes[hashes.len() / 2])),
        goal: "time per operation beyond the hashes",
    });
}

/// The Rust side of the C ABI comparison: `getUser` as a JSON string through `api::call`,
/// the call `userstore_call` wraps (benches/c/call.c measures the C side).
fn ffi_baseline() -> Row {
    let store = Store::open_in_memory(Config::insecure_fast_for_tests_only()).unwrap();
    store
        .import_users([NewUser::new("Bench User", "bench@example.com")])
        .unwrap();
    let value = median(21, 2000, || {
        let text = userstore::api::call_json(
            &store,
            userstore::api::Caller::System,
            "getUser",
            json!({"userId": 1}),
        );
        std::hint::black_box(text.unwrap());
    });
    Row {
        figure: "getUser as JSON, Rust api::call_json".into(),
        value,
        baseline: None,
        goal: "baseline of the C ABI row",
    }
}

/// How each operation's time grows with the store: list (offset 0, offset 5000, a keyset
/// page 90% deep), PATCH and login on stores of 10,000, 100,000 and `max` users, each size
/// measured in alternation with the 10,000-user store. Organization 1 holds every user up to
/// 100,000 (`data::store_file`), so the deep page is 9,000 or 90,000 members in.
fn growth_rows(rows: &mut Vec<Row>, dir: &Path, max: usize) {
    let small = 10_000.min(max);
    let mut sizes = vec![small];
    sizes.extend(
        [100_000, max]
            .into_iter()
            .filter(|&n| n > small && n <= max),
    );
    sizes.dedup();
    let config = Config {
        synchronous: Synchronous::Normal,
        ..Config::default()
    };
    let stores: Vec<Store> = sizes
        .iter()
        .map(|&n| Store::open(data::store_file(dir, n), config.clone()).unwrap())
        .collect();
    let name_page = |extra: &[(&str, &str)]| {
        ListUsers::from_pairs(
            [
                ("organizationId", "1"),
                ("pg[sortBy]", "name"),
                ("pg[sortDir]", "asc"),
                ("pg[limit]", "100"),
            ]
            .iter()
            .chain(extra)
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        )
    };
    // Each store's deep cursor: the `pg.last` of the member 90% of the way through.
    let deep: Vec<ListUsers> = stores
        .iter()
        .zip(&sizes)
        .map(|(store, &n)| name_page(&[("pg[last]", &deep_cursor(store, n.min(100_000) * 9 / 10))]))
        .collect();
    // For PATCH and login, a member of organization 1 and one of its teams halfway through
    // it, in every store: the same memberships to rewrite on a rename.
    let middle: Vec<(userstore::UserId, String)> = stores
        .iter()
        .zip(&sizes)
        .map(|(store, &n)| {
            let id = userstore::UserId(n.min(100_000) as i64 / 2);
            (id, store.user(&Actor::System, id).unwrap().user.email)
        })
        .collect();
    let names: Vec<String> = stores
        .iter()
        .zip(&middle)
        .map(|(store, (id, _))| store.user(&Actor::System, *id).unwrap().user.name)
        .collect();
    let renames = std::cell::Cell::new(0u64);
    let rename = |store: &Store, id| {
        renames.set(renames.get() + 1);
        let patch = UserPatch {
            name: Some(format!("Growth {}", renames.get() % 2)),
            ..Default::default()
        };
        std::hint::black_box(store.update_user(&Actor::System, id, &patch).unwrap());
    };
    let password = Secret::new("Bench-Pass-2026!");
    let measure = |what: &str, i: usize, samples, iters| -> (Duration, Duration) {
        let (big, small) = (&stores[i], &stores[0]);
        let op = |store: &Store, k: usize| match what {
            "list 100 by name, offset 0" => {
                std::hint::black_box(store.list_users(&Actor::System, &name_page(&[])).unwrap());
            }
            "list 100 by name, offset 5000" => {
                let q = name_page(&[("pg[offset]", "5000")]);
                std::hint::black_box(store.list_users(&Actor::System, &q).unwrap());
            }
            "list 100 by name, pg[last] 90% deep" => {
                std::hint::black_box(store.list_users(&Actor::System, &deep[k]).unwrap());
            }
            "update user (PATCH name)" => rename(store, middle[k].0),
            "login (one argon2id verify inside)" => {
                std::hint::black_box(store.login(&middle[k].1, &password).unwrap());
            }
            _ => unreachable!("{what}"),
        };
        paired(samples, iters, || op(big, i), || op(small, 0))
    };
    for (what, samples, iters) in [
        ("list 100 by name, offset 0", 31, 20),
        ("list 100 by name, offset 5000", 31, 10),
        ("list 100 by name, pg[last] 90% deep", 31, 20),
        ("update user (PATCH name)", 31, 20),
        ("login (one argon2id verify inside)", 7, 1),
    ] {
        let mut small = None;
        for (i, &n) in sizes.iter().enumerate().skip(1) {
            let (at_n, at_small) = measure(what, i, samples, iters);
            small = Some(at_small);
            rows.push(Row {
                figure: format!("growth: {what} @ {n} users"),
                value: at_n,
                baseline: Some((format!("the same @ {} users", sizes[0]), at_small)),
                goal: "≤ 1.5x",
            });
        }
        if let Some(at_small) = small {
            rows.push(Row {
                figure: format!("growth: {what} @ {} users", sizes[0]),
                value: at_small,
                baseline: None,
                goal: "the baseline",
            });
        }
    }
    // Give the middle users back their generated names.
    for ((store, (id, _)), name) in stores.iter().zip(&middle).zip(names) {
        let patch = UserPatch {
            name: Some(name),
            ..Default::default()
        };
        store.update_user(&Actor::System, *id, &patch).unwrap();
    }
}

fn print(rows: &[Row]) {
    println!("| figure | value | baseline | baseline value | ratio | goal |");
    println!("|---|---|---|---|---|---|");
    for r in rows {
        let (b, bv, ratio) = match &r.baseline {
            Some((b, d)) => (
                b.as_str(),
                fmt(*d),
                format!("{:.2}x", r.value.as_secs_f64() / d.as_secs_f64()),
            ),
            None => ("—", "—".into(), "—".into()),
        };
        println!(
            "| {} | {} | {b} | {bv} | {ratio} | {} |",
            r.figure,
            fmt(r.value),
            r.goal
        );
    }
    if let Ok(path) = std::env::var("BENCH_JSON") {
        let json: Vec<_> = rows
            .iter()
            .map(|r| json!({"figure": r.figure, "ns": r.value.as_nanos() as u64, "baseline": r.baseline.as_ref().map(|(b, d)| json!({"name": b, "ns": d.as_nanos() as u64})), "goal": r.goal}))
            .collect();
        std::fs::write(path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` and `cargo bench -- --list`
    }
    let groups: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let run = |group: &str| groups.is_empty() || groups.iter().any(|g| g == group);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    // Every group writes its stores here; the first one run on a new checkout makes it.
    std::fs::create_dir_all(&dir).expect("creating target/bench-data");
    let max: usize = std::env::var("BENCH_MAX_USERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let mut rows = Vec::new();
    if run("list") {
        listing_rows(
            &mut rows,
            &data::store_file(&dir, 100_000.min(max)),
            "100k store",
        );
    }
    if run("growth") {
        growth_rows(&mut rows, &dir, max);
    }
    if run("ffi") {
        rows.push(ffi_baseline());
    }
    if run("update") {
        update_rows(&mut rows, &dir);
        memory_update_rows(&mut rows);
    }
    if run("credentials") {
        credential_rows(&mut rows, &dir);
    }
    if run("postgres") {
        postgres::rows(&mut rows, &dir);
    }
    print(&rows);
}
