//! Persistent stores in the Origin Private File System, through sqlite-wasm-vfs's `sahpool`
//! VFS (OPFS sync access handles: dedicated Workers of secure contexts only).
//!
//! The pool is registered once per worker under [`VFS_NAME`] (not as SQLite's default VFS,
//! so in-memory stores are unaffected) and keeps its files in the OPFS directory
//! [`DIRECTORY`]. A store is opened as the SQLite URI `file:{name}?vfs=userstore-opfs`.
//! The VFS has no shared memory, so the core's `journal_mode=WAL` stays at the rollback
//! journal; every operation is still one transaction.

use crate::convert::store_error;
use sqlite_wasm_rs::WasmOsCallback;
use sqlite_wasm_vfs::sahpool::{OpfsSAHPoolCfgBuilder, install};
use userstore::{Config, Error, Store};
use wasm_bindgen::JsValue;

/// The SQLite VFS name of the pool.
pub(crate) const VFS_NAME: &str = "userstore-opfs";
/// The OPFS directory that holds the pool's files.
pub(crate) const DIRECTORY: &str = ".userstore";

/// Registers the pool (once per worker) and opens the store file `name` in it.
pub(crate) async fn open(name: &str, config: Config) -> Result<Store, JsValue> {
    let pool = OpfsSAHPoolCfgBuilder::new()
        .vfs_name(VFS_NAME)
        .directory(DIRECTORY)
        .build();
    install::<WasmOsCallback>(&pool, false).await.map_err(|e| {
        store_error(&Error::storage(format!(
            "The OPFS storage is not available here: {e}."
        )))
    })?;
    Store::open(crate::uri::sqlite_uri(name, VFS_NAME), config).map_err(|e| store_error(&e))
}
