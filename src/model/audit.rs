//! The audit log's entries: the security events it records (SPEC section 5).

use serde::Serialize;

/// A security event kind, as recorded in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A login succeeded.
    LoginSucceeded,
    /// A login failed (wrong password; unknown emails have no user to record).
    LoginFailed,
    /// Too many failures locked login or credential changes.
    LockedOut,
    /// A password change was refused for a wrong current password or email.
    CredentialCheckFailed,
    /// The password was changed.
    PasswordChanged,
    /// A password reset was demanded.
    ResetDemanded,
    /// A reset hash was used to open a reset session.
    ResetSessionOpened,
    /// The password was reset.
    ResetDone,
    /// The email address was changed.
    EmailChanged,
    /// An email change awaits confirmation.
    EmailChangeRequested,
    /// An API token was created.
    TokenCreated,
    /// An API token was deleted.
    TokenDeleted,
    /// A user logged out.
    LoggedOut,
    /// A user's organization or team role was changed, or the user was removed from an
    /// organization, by a caller (not the host).
    RoleChanged,
    /// The user became the owner of an organization by a transfer.
    OwnershipReceived,
    /// The user deleted their own account (the entry keeps only the former id).
    AccountDeleted,
    /// The host required a password change.
    PasswordChangeRequired,
    /// The host ended every session of the user.
    SessionsRevoked,
}

impl Event {
    /// The event's name in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::LoginSucceeded => "login_succeeded",
            Event::LoginFailed => "login_failed",
            Event::LockedOut => "locked_out",
            Event::CredentialCheckFailed => "credential_check_failed",
            Event::PasswordChanged => "password_changed",
            Event::ResetDemanded => "reset_demanded",
            Event::ResetSessionOpened => "reset_session_opened",
            Event::ResetDone => "reset_done",
            Event::EmailChanged => "email_changed",
            Event::EmailChangeRequested => "email_change_requested",
            Event::TokenCreated => "token_created",
            Event::TokenDeleted => "token_deleted",
            Event::LoggedOut => "logged_out",
            Event::RoleChanged => "role_changed",
            Event::OwnershipReceived => "ownership_received",
            Event::AccountDeleted => "account_deleted",
            Event::PasswordChangeRequired => "password_change_required",
            Event::SessionsRevoked => "sessions_revoked",
        }
    }
}

/// One audit log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    /// Its id (increasing).
    pub id: i64,
    /// When it happened.
    pub at: String,
    /// The user it concerns, if known.
    pub user_id: Option<super::UserId>,
    /// The event name.
    pub event: String,
}
