//! A mail of the outbox, as the store queued it (SPEC section 5).

use serde::Serialize;

/// A queued mail.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mail {
    /// Its id.
    pub id: i64,
    /// What it is about: `password_reset`, `password_changed`, `password_reset_done`,
    /// `email_changed`, `email_confirmation`.
    pub kind: String,
    /// The recipient address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The text body; `None` once acknowledged.
    pub body: Option<String>,
    /// When it was queued.
    pub created_at: String,
    /// When the host acknowledged it.
    pub acknowledged_at: Option<String>,
}

impl std::fmt::Debug for Mail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The body may hold a reset link.
        f.debug_struct("Mail")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("body", &self.body.as_ref().map(|_| "***"))
            .finish_non_exhaustive()
    }
}
