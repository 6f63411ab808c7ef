//! Where the tests' stores live: SQLite in memory, or, when `USERSTORE_TEST_POSTGRES` names a
//! PostgreSQL server (scripts/test-postgres.sh starts one), a fresh schema of that database for
//! each store. The same tests run on both; the few that are about SQLite files return early
//! on PostgreSQL through [`sqlite_only`], which says why.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};
use userstore::{Config, Store};

/// The PostgreSQL server the tests run on, if any (a URL without a query string).
pub fn postgres() -> Option<String> {
    std::env::var("USERSTORE_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

/// True, after saying why on stderr, when the tests run on PostgreSQL and the calling test is
/// about SQLite (files, snapshots, pragmas): it returns early then.
pub fn sqlite_only(why: &str) -> bool {
    let skip = postgres().is_some();
    if skip {
        eprintln!("SQLite only, skipped on PostgreSQL: {why}");
    }
    skip
}

/// A new, empty schema in the server `admin` names, and the URL of that database with the
/// schema first in its `search_path` (libpq's `options`).
pub fn fresh_schema(admin: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "t{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut client = postgres::Client::connect(admin, postgres::NoTls).expect("test server");
    client
        .batch_execute(&format!("CREATE SCHEMA {name}"))
        .expect("create schema");
    format!("{admin}?options=-csearch_path%3D{name}")
}

/// A new, empty store with `config`: in memory, or in a fresh PostgreSQL schema (whose URL
/// comes back too).
pub fn open(config: Config) -> (Store, Option<String>) {
    match postgres() {
        Some(admin) => {
            let url = fresh_schema(&admin);
            let store = Store::open(&url, config).expect("open store on PostgreSQL");
            (store, Some(url))
        }
        None => (Store::open_in_memory(config).expect("open store"), None),
    }
}

/// The store's database read directly, whichever backend it is on: an SQLite image of a
/// snapshot, or a connection to the PostgreSQL schema.
pub enum Raw {
    Sqlite(rusqlite::Connection),
    Postgres(postgres::Client),
}

impl Raw {
    /// The database of `store`, opened at `url` on PostgreSQL.
    pub fn of(store: &Store, url: Option<&str>) -> Raw {
        match url {
            Some(url) => Raw::Postgres(postgres::Client::connect(url, postgres::NoTls).unwrap()),
            None => Raw::Sqlite(raw(&store.snapshot().expect("snapshot"))),
        }
    }

    /// The integer that `sql` (a `count(*)` and the like) gives.
    pub fn count(&mut self, sql: &str) -> i64 {
        match self {
            Raw::Sqlite(c) => c.query_row(sql, [], |r| r.get(0)).unwrap(),
            Raw::Postgres(c) => c.query_one(sql, &[]).unwrap().get(0),
        }
    }

    /// The first column of every row of `sql`, as text (`NULL` as `None`).
    pub fn texts(&mut self, sql: &str) -> Vec<Option<String>> {
        self.first_column(sql)
    }

    /// The first column of every row of `sql`, as bytes.
    pub fn blobs(&mut self, sql: &str) -> Vec<Vec<u8>> {
        self.first_column(sql)
    }

    fn first_column<T>(&mut self, sql: &str) -> Vec<T>
    where
        T: rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a>,
    {
        match self {
            Raw::Sqlite(c) => c
                .prepare(sql)
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap(),
            Raw::Postgres(c) => c
                .query(sql, &[])
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect(),
        }
    }

    /// The store's tables, by name.
    pub fn tables(&mut self) -> Vec<String> {
        let sql = match self {
            Raw::Sqlite(_) => "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
            Raw::Postgres(_) => {
                "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() \
                 AND tablename <> 'userstore_meta' ORDER BY tablename"
            }
        };
        self.texts(sql).into_iter().flatten().collect()
    }

    /// Every value of every row of every table, as text (bytes as lowercase hex), with where
    /// it is (`table.column`).
    pub fn every_value(&mut self) -> Vec<(String, String)> {
        match self {
            Raw::Sqlite(c) => every_value(c),
            Raw::Postgres(_) => {
                let mut out = Vec::new();
                for table in self.tables() {
                    let Raw::Postgres(c) = self else {
                        unreachable!()
                    };
                    let sql = format!("SELECT row_to_json(t)::text FROM {table} t");
                    for row in c.query(&sql, &[]).unwrap() {
                        let json: serde_json::Value =
                            serde_json::from_str(row.get::<_, &str>(0)).unwrap();
                        for (column, value) in json.as_object().unwrap() {
                            let text = match value {
                                serde_json::Value::Null => continue,
                                // bytea as `\x` and lowercase hex.
                                serde_json::Value::String(s) => {
                                    s.strip_prefix("\\x").unwrap_or(s).to_owned()
                                }
                                v => v.to_string(),
                            };
                            out.push((format!("{table}.{column}"), text));
                        }
                    }
                }
                assert!(out.len() >= 10 || !out.is_empty(), "rows: {out:?}");
                out
            }
        }
    }
}

/// Opens an SQLite image with rusqlite (an image of a WAL file is read as a rollback-journal
/// one, which an in-memory database needs).
pub fn raw(bytes: &[u8]) -> rusqlite::Connection {
    let mut bytes = bytes.to_vec();
    if bytes.len() >= 20 && bytes[18] == 2 && bytes[19] == 2 {
        bytes[18] = 1;
        bytes[19] = 1;
    }
    let mut conn = rusqlite::Connection::open_in_memory().expect("memory db");
    conn.deserialize_read_exact(rusqlite::MAIN_DB, &bytes[..], bytes.len(), true)
        .expect("an SQLite image");
    conn
}

/// Every value of every row of every table, as text (blobs as lowercase hex), with where it is.
pub fn every_value(conn: &rusqlite::Connection) -> Vec<(String, String)> {
    use rusqlite::types::ValueRef;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(tables.len() >= 10, "tables: {tables:?}");
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                let v = match row.get_ref(i).unwrap() {
                    ValueRef::Null => continue,
                    ValueRef::Integer(x) => x.to_string(),
                    ValueRef::Real(x) => x.to_string(),
                    ValueRef::Text(x) => String::from_utf8_lossy(x).into_owned(),
                    ValueRef::Blob(x) => x.iter().map(|b| format!("{b:02x}")).collect(),
                };
                out.push((format!("{t}.{i}"), v));
            }
        }
    }
    out
}
