//! `userstore backup` and `userstore restore`: a copy of an SQLite store taken while the
//! server runs, and put back.

use super::{emit, open};
use crate::Failure;
use serde_json::json;
use std::path::Path;
use userstore::{Config, Store};

/// `userstore backup --db DB FILE`: a new file holding the store, taken while it serves.
pub fn backup(db: &Path, file: &Path) -> Result<(), Failure> {
    let store = open(db)?;
    store.backup_to(file)?;
    emit(&json!({ "backup": file.display().to_string(), "users": store.user_count()? }))
}

/// `userstore restore --db DB --from FILE [--force]`: the backup, checked to be a userstore
/// database (and migrated, in memory, when it is older), becomes the database at `db`. An
/// existing database is only replaced with `--force`, with no server using it.
pub fn restore(db: &Path, from: &Path, force: bool) -> Result<(), Failure> {
    if db.to_string_lossy().starts_with("postgres") {
        return Err(
            "restore writes SQLite files; restore a PostgreSQL store with pg_restore".into(),
        );
    }
    let bytes = std::fs::read(from).map_err(|e| format!("{}: {e}", from.display()))?;
    let backup = Store::open_snapshot(&bytes, Config::default())
        .map_err(|e| format!("{} is not a userstore backup: {e}", from.display()))?;
    if db.exists() {
        if !force {
            return Err(format!(
                "{} exists: stop the server that uses it and pass --force to replace it",
                db.display()
            )
            .into());
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut path = db.as_os_str().to_owned();
            path.push(suffix);
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
    }
    backup.backup_to(db)?;
    emit(&json!({ "restored": db.display().to_string(), "users": backup.user_count()? }))
}
