//! The audit log of security events (SPEC section 5). It never holds a secret.

use crate::Store;
use crate::model::UserId;
use crate::wire::error::Result;

pub use crate::model::audit::{AuditEvent, Event};

impl Store {
    /// Audit entries, newest first, optionally of one user. Host-only.
    pub fn audit_log(
        &self,
        user_id: Option<UserId>,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<AuditEvent>> {
        let (offset, limit) = (offset.max(0), limit.clamp(1, 10_000));
        self.db
            .read(|tx| crate::storage::audit::list(tx, user_id, offset, limit))
    }

    /// Audit entries with an id above `after`, oldest first (at most `limit`, 1 to 10,000),
    /// optionally of one user: for exporting the whole log page by page, none skipped or
    /// repeated while new events are written. Host-only.
    pub fn audit_log_after(
        &self,
        user_id: Option<UserId>,
        after: i64,
        limit: i64,
    ) -> Result<Vec<AuditEvent>> {
        let limit = limit.clamp(1, 10_000);
        self.db
            .read(|tx| crate::storage::audit::after(tx, user_id, after, limit))
    }
}

/// Appends an event in the operation's transaction.
pub(crate) fn record(
    tx: &crate::storage::Transaction,
    at: crate::host::clock::Millis,
    user_id: Option<UserId>,
    event: Event,
) -> Result<()> {
    crate::storage::audit::insert(tx, at, user_id, event.as_str())
}
