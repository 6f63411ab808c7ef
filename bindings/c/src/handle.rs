//! Store handles: open, close, and the registry that makes a closed handle detectable.
//!
//! A `userstore_store *` is not a Rust address but a number the registry hands out once and
//! never again. Every entry point looks the number up before touching a store, so a closed,
//! double-closed or made-up handle gives `USERSTORE_INVALID_HANDLE` instead of a
//! use-after-free, and closing a handle while another thread is inside a call on it is safe:
//! that call keeps its own reference and the store closes when the call returns.

use crate::failure::Failure;
use crate::{guard, out, strings};
use std::collections::BTreeMap;
use std::ffi::c_char;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, RwLock};
use userstore_core::{Config, Store};

/// An open store (opaque). Get one from `userstore_open` or `userstore_open_memory`; give it
/// back with `userstore_close`.
///
/// One handle may be used from any number of threads at once: the store is internally
/// synchronised (a pool of SQLite connections; every operation is one transaction).
pub struct userstore_store {
    _opaque: [u8; 0],
}

/// The open stores by handle number. A `BTreeMap` rather than a `HashMap`: it frees its nodes
/// when the last store closes and keeps no interior pointers, so valgrind reports no leak.
static OPEN: LazyLock<RwLock<BTreeMap<usize, Arc<Store>>>> = LazyLock::new(Default::default);

/// The next handle number; starts at 1 so that no handle is NULL.
static NEXT: AtomicUsize = AtomicUsize::new(1);

/// Registers `store` and returns its new handle.
fn register(store: Store) -> *mut userstore_store {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    write_lock().insert(id, Arc::new(store));
    std::ptr::without_provenance_mut(id)
}

/// The store behind `handle`, or `USERSTORE_INVALID_HANDLE`.
pub(crate) fn get(handle: *const userstore_store) -> Result<Arc<Store>, Failure> {
    OPEN.read()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) // as in `write_lock`
        .get(&handle.addr())
        .cloned()
        .ok_or_else(Failure::invalid_handle)
}

/// The registry for writing. A poisoned lock is still usable: no panic can leave the map
/// half-updated (its updates are single `insert`/`remove` calls).
fn write_lock() -> std::sync::RwLockWriteGuard<'static, BTreeMap<usize, Arc<Store>>> {
    OPEN.write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Parses the optional configuration (NULL means the defaults), opens a store with it and
/// registers it in `out`.
///
/// # Safety
/// `config_json` is NULL or a NUL-terminated string.
unsafe fn open_with(
    out: &mut *mut userstore_store,
    config_json: *const c_char,
    open: impl FnOnce(Config) -> userstore_core::Result<Store>,
) -> Result<(), Failure> {
    let config = unsafe { strings::optional(config_json, "config_json") }?.unwrap_or("{}");
    *out = register(open(Config::from_json(config)?)?);
    Ok(())
}

/// Opens (creating and migrating as needed) the store in the SQLite file at `path`, or, in a
/// library built with the cargo feature `postgres`, in the PostgreSQL database that a
/// `postgres://` URL in `path` names (libpq's URL form; several hosts and
/// `target_session_attrs=read-write` allowed). Without the feature such a URL is
/// `USERSTORE_BAD_REQUEST`.
///
/// `config_json` is a JSON object of settings (camelCase, all optional: `busyTimeoutMs`,
/// `baseUrl`, `passwordPolicy`, …; see the Rust `Config`), or NULL for the defaults. A file
/// that is not a userstore database, or one from a newer version, is refused unchanged
/// (`USERSTORE_STORAGE` or `USERSTORE_BAD_REQUEST`; details in `userstore_last_error`).
///
/// Ownership: on `USERSTORE_OK`, `*out_store` is a new handle the caller owns and closes with
/// `userstore_close`; on failure it is set to NULL. The strings are only read during the call.
///
/// Thread-safety: safe from any thread. Several handles, in one process or several, may open
/// the same file at once (WAL; writers wait up to `busyTimeoutMs`, default 5000 ms).
///
/// # Safety
/// Pointer arguments are NULL or valid (strings NUL-terminated).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userstore_open(
    path: *const c_char,
    config_json: *const c_char,
    out_store: *mut *mut userstore_store,
) -> crate::userstore_status {
    guard::status(|| unsafe {
        let out = out::slot(out_store, "out_store")?;
        let path = strings::required(path, "path")?;
        open_with(out, config_json, |config| Store::open(path, config))
    })
}

/// Opens a new, empty store in memory; it disappears on `userstore_close`.
///
/// `config_json` as for `userstore_open` (NULL for the defaults). Tests may pass
/// `{"manualClockMs":…}` for a clock moved by the `advanceClock` operation, and, with a
/// library built with the cargo feature `insecure-test-hashing` (never a release build),
/// `"insecureFastHashingForTestsOnly":true` for fast hashing; without the feature that key is
/// refused.
///
/// Ownership and thread-safety as for `userstore_open`.
///
/// # Safety
/// Pointer arguments are NULL or valid (strings NUL-terminated).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userstore_open_memory(
    config_json: *const c_char,
    out_store: *mut *mut userstore_store,
) -> crate::userstore_status {
    guard::status(|| unsafe {
        let out = out::slot(out_store, "out_store")?;
        open_with(out, config_json, Store::open_in_memory)
    })
}

/// Closes a store handle. After this the handle is invalid: any call with it, including a
/// second `userstore_close`, returns `USERSTORE_INVALID_HANDLE` (handle numbers are never
/// reused, so this is always detected and never undefined behaviour).
///
/// Calls already running on the handle in other threads finish normally; the store's
/// connections close when the last of them returns.
///
/// Ownership: takes back the handle. Thread-safety: safe from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn userstore_close(store: *mut userstore_store) -> crate::userstore_status {
    guard::status(|| {
        let removed = write_lock().remove(&store.addr());
        // Dropped here, outside the registry lock: closing SQLite may take a moment.
        removed.map(drop).ok_or_else(Failure::invalid_handle)
    })
}
