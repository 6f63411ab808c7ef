use super::*;
use rusqlite::StatementStatus;
use std::time::Duration;

/// A cached statement whose plan looked at a bound value (here `user_id = ?1`, which the
/// planner weighs in an ordered query) must not be compiled again each time it is taken
/// from the cache: rusqlite clears the bindings of a statement it caches, and SQLite
/// expires such a statement on clearing unless the query planner stability guarantee is
/// on.
#[test]
fn cached_statements_are_not_prepared_again() {
    let db = Db::open_memory(&Config::default()).unwrap();
    let sql = "SELECT organization_id, role_id FROM organization_members \
               WHERE user_id = ?1 ORDER BY organization_id";
    let reprepares = db
        .read(|tx| {
            let conn = tx.sqlite("the test")?;
            for user_id in [7, 7, 8] {
                conn.prepare_cached(sql)?.query([user_id])?.next()?;
            }
            Ok(conn
                .prepare_cached(sql)?
                .get_status(StatementStatus::RePrepare))
        })
        .unwrap();
    assert_eq!(reprepares, 0);
}

fn organizations(db: &Db) -> i64 {
    db.read(|tx| tx.query_value("SELECT count(*) FROM organizations", sql::args![]))
        .unwrap()
}

/// An error inside a write leaves nothing behind.
#[test]
fn a_failed_write_is_rolled_back() {
    let db = Db::open_memory(&Config::default()).unwrap();
    let err = db.write(|tx| {
        users::insert_organization(tx, "Acme")?;
        Err::<(), _>(Error::bad_request("no"))
    });
    assert!(err.is_err());
    assert_eq!(organizations(&db), 0);
}

/// Writes "Kept", then makes `panics` writes panic halfway, and checks that the store still
/// answers (within `patience`) and kept only the first write: each panic rolled back and gave
/// its connection back to the pool.
fn assert_panics_leave_the_store_working(db: Db, panics: usize, patience: Duration) {
    let db = std::sync::Arc::new(db);
    db.write(|tx| users::insert_organization(tx, "Kept"))
        .unwrap();
    for _ in 0..panics {
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            db.write(|tx| -> Result<()> {
                users::insert_organization(tx, "Lost")?;
                panic!("in the middle of a write")
            })
        }));
        assert!(panicked.is_err());
    }
    let (send, receive) = std::sync::mpsc::channel();
    let db2 = db.clone();
    std::thread::spawn(move || send.send(organizations(&db2)));
    let count = receive
        .recv_timeout(patience)
        .expect("the store answers after the panics");
    assert_eq!(count, 1);
}

/// A panic inside an operation (the C ABI catches them and goes on with the same handle)
/// rolls the transaction back and gives the connection back to the pool: an in-memory
/// store keeps its data and is not left waiting for a connection that is gone.
#[test]
fn a_panic_inside_a_write_rolls_back_and_keeps_the_connection() {
    let db = Db::open_memory(&Config::default()).unwrap();
    assert_panics_leave_the_store_working(db, 1, Duration::from_secs(10));
}

/// On PostgreSQL (`USERSTORE_TEST_POSTGRES`, scripts/test-postgres.sh): a panic inside a
/// write gives its connection back to the pool's count (closed), so more panics than the pool
/// has connections leave the store working, with the first write kept.
#[cfg(feature = "postgres")]
#[test]
fn panics_inside_postgres_writes_do_not_use_up_the_pool() {
    let Ok(admin) = std::env::var("USERSTORE_TEST_POSTGRES") else {
        eprintln!("PostgreSQL only: set USERSTORE_TEST_POSTGRES (scripts/test-postgres.sh)");
        return;
    };
    let schema = format!("unit_panics_{}", std::process::id());
    ::postgres::Client::connect(&admin, ::postgres::NoTls)
        .unwrap()
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .unwrap();
    let url = format!("{admin}?options=-csearch_path%3D{schema}");
    let db = Db::open(Path::new(&url), &Config::default()).unwrap();
    assert_panics_leave_the_store_working(db, 20, Duration::from_secs(20));
}
