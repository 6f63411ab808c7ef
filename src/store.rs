//! The [`Store`] handle: opening, configuration, snapshots.

use crate::config::Config;
use crate::host::clock::Millis;
use crate::host::clock::{Clock, ManualClock};
use crate::security::hashing::Hasher;
use crate::security::throttle::Throttle;
use crate::storage::Db;
use crate::wire::error::{Error, Result};
use crate::wire::http::client::Network;
use std::path::Path;
use std::sync::Arc;

/// An open user-account store.
///
/// `Store` is `Send + Sync`: share it between threads (for example in an `Arc`). File stores
/// keep a small pool of connections so reads run in parallel; every operation is one
/// transaction.
pub struct Store {
    pub(crate) db: Db,
    pub(crate) config: Config,
    pub(crate) hasher: Hasher,
    /// Per-client buckets of the credential routes.
    pub(crate) throttle: Throttle,
    /// The parsed `trusted_proxies`.
    pub(crate) trusted_proxies: Vec<Network>,
    /// The test clock, when the configuration asked for one.
    manual_clock: Option<ManualClock>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the store in the database `target` names, creating and migrating it as needed:
    /// an SQLite file at a path, or, given a `postgres://` (or `postgresql://`) URL in
    /// libpq's form (several hosts and `target_session_attrs` allowed), a PostgreSQL database
    /// (with the cargo feature `postgres`).
    ///
    /// Fails, writing nothing, when the database is not a userstore database or was written by
    /// a newer version.
    pub fn open(target: impl AsRef<Path>, config: Config) -> Result<Store> {
        config.validate()?;
        let db = Db::open(target.as_ref(), &config)?;
        Ok(Store::with(db, config))
    }

    /// A new, empty store in memory.
    pub fn open_in_memory(config: Config) -> Result<Store> {
        config.validate()?;
        let db = Db::open_memory(&config)?;
        Ok(Store::with(db, config))
    }

    /// An in-memory store loaded from bytes made by [`Store::snapshot`].
    pub fn open_snapshot(bytes: &[u8], config: Config) -> Result<Store> {
        config.validate()?;
        let db = Db::open_snapshot(bytes, &config)?;
        Ok(Store::with(db, config))
    }

    fn with(db: Db, mut config: Config) -> Store {
        let hasher = Hasher::new(
            config.effective_hash_params(),
            config.hashing_concurrency,
            config.hashing_queue,
        );
        let throttle = Throttle::new(config.rate_limit);
        // Validated when the store was opened.
        let trusted_proxies = config
            .trusted_proxies
            .iter()
            .filter_map(|p| Network::parse(p))
            .collect();
        let manual_clock = config.manual_clock_ms.map(ManualClock::new);
        if let Some(clock) = &manual_clock {
            config.clock = Arc::new(clock.clone());
        }
        Store {
            db,
            config,
            hasher,
            throttle,
            trusted_proxies,
            manual_clock,
        }
    }

    /// Moves the test clock forward by `seconds`; only for stores opened with
    /// `manualClockMs` in their configuration.
    pub fn advance_clock(&self, seconds: i64) -> Result<()> {
        match &self.manual_clock {
            Some(clock) => {
                let moved = seconds
                    .checked_mul(1000)
                    .and_then(|ms| clock.now().checked_add(ms))
                    .filter(|t| (0..=crate::config::LATEST_TIME).contains(t));
                match moved {
                    Some(t) => {
                        clock.set(t);
                        Ok(())
                    }
                    None => Err(Error::bad_request(
                        "The clock can only be moved within the years 1970 to 9999.",
                    )),
                }
            }
            None => Err(Error::bad_request(
                "This store runs on the system clock; open it with manualClockMs to move time.",
            )),
        }
    }

    /// The whole store as bytes (an SQLite database image), to keep and reopen with
    /// [`Store::open_snapshot`].
    pub fn snapshot(&self) -> Result<Vec<u8>> {
        self.db.snapshot()
    }

    /// The SQLite settings in force on the store's connections, as (pragma, value) pairs
    /// (`journal_mode`, `foreign_keys`, `synchronous`, `busy_timeout`, `secure_delete`). For
    /// tests and diagnostics.
    #[doc(hidden)]
    pub fn connection_settings(&self) -> Result<Vec<(&'static str, String)>> {
        self.db.settings()
    }

    /// Whether the store can serve: the database answers a read and holds the schema this
    /// library writes ([`SCHEMA_VERSION`](crate::SCHEMA_VERSION)), which it returns. `Err`
    /// says what is wrong (an unreachable server, a database another version changed). For
    /// readiness checks (`GET /readyz` of the server).
    pub fn ready(&self) -> Result<i64> {
        let version = self.db.schema_version()?;
        if version == crate::SCHEMA_VERSION {
            Ok(version)
        } else {
            Err(crate::Error::storage(format!(
                "The database has schema version {version}; this library writes {}.",
                crate::SCHEMA_VERSION
            )))
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The current time from the configured clock.
    pub(crate) fn now(&self) -> Millis {
        self.config.clock.now()
    }
}
