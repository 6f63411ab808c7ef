//! `userstore backup` and `userstore restore`: a copy of an SQLite store taken while the
//! server runs, and put back.

use super::{emit, open};
use crate::{Db, Failure};
use serde_json::json;
use std::path::{Path, PathBuf};
use userstore::Store;

/// `userstore backup --db DB FILE`: a new file holding the store, taken while it serves.
pub fn backup(db: &Db, file: &Path) -> Result<(), Failure> {
    let store = open(db)?;
    store.backup_to(file)?;
    emit(&json!({ "backup": file.display().to_string(), "users": store.user_count()? }))
}

/// `userstore restore --db DB --from FILE [--force]`: the backup, checked to be a userstore
/// database (and migrated, in memory, when it is older), becomes the database at `db`. An
/// existing database is only replaced with `--force`, with no server using it; the backup is
/// written next to it first and renamed into place, so a failure leaves the old one.
pub fn restore(db: &Db, from: &Path, force: bool) -> Result<(), Failure> {
    let target = &db.db;
    let name = target.to_string_lossy();
    if name.starts_with("postgres://") || name.starts_with("postgresql://") {
        return Err(
            "restore writes SQLite files; restore a PostgreSQL store with pg_restore".into(),
        );
    }
    let bytes = std::fs::read(from).map_err(|e| format!("{}: {e}", from.display()))?;
    if !is_userstore_image(&bytes) {
        return Err(format!(
            "{} is not a userstore backup (no userstore database header)",
            from.display()
        )
        .into());
    }
    let backup = Store::open_snapshot(&bytes, super::config(db)?)
        .map_err(|e| format!("{} is not a userstore backup: {e}", from.display()))?;
    if target.exists() && !force {
        return Err(format!(
            "{} exists: stop the server that uses it and pass --force to replace it",
            target.display()
        )
        .into());
    }
    let mut staged = target.as_os_str().to_owned();
    staged.push(".restoring");
    let staged = PathBuf::from(staged);
    remove_if_there(&staged)?;
    backup.backup_to(&staged)?;
    // The old database's write-ahead log must not be replayed onto the new file.
    for suffix in ["-wal", "-shm"] {
        let mut path = target.as_os_str().to_owned();
        path.push(suffix);
        remove_if_there(Path::new(&path))?;
    }
    std::fs::rename(&staged, target)?;
    emit(&json!({ "restored": target.display().to_string(), "users": backup.user_count()? }))
}

/// True for an SQLite database image whose header names a userstore database (its
/// `application_id`, at byte 68) of some schema version (its `user_version`, at byte 60).
fn is_userstore_image(bytes: &[u8]) -> bool {
    const APPLICATION_ID: [u8; 4] = 0x7573_7472u32.to_be_bytes(); // "ustr"
    bytes.len() >= 100
        && bytes.starts_with(b"SQLite format 3\0")
        && bytes[68..72] == APPLICATION_ID
        && bytes[60..64] != [0, 0, 0, 0]
}

/// Removes `path` if it exists.
fn remove_if_there(path: &Path) -> Result<(), Failure> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}
