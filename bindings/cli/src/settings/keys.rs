//! Every key of the settings file, with the type its environment variable is read as.

/// The sections of the file, each a `USERSTORE_<SECTION>_` prefix.
pub const SECTIONS: [&str; 4] = ["server", "log", "mail", "store"];

/// How an environment variable's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// As it is.
    Text,
    /// A decimal integer.
    Integer,
    /// `true`/`false` (or `1`/`0`).
    Boolean,
    /// Comma-separated texts.
    List,
}

/// One key of the file.
#[derive(Debug)]
pub struct Key {
    /// `section.key` (`store.password_policy.min_length`).
    pub path: &'static str,
    /// How its environment variable is read.
    pub kind: Kind,
}

impl Key {
    /// `USERSTORE_` and the path in capitals, dots as underscores.
    pub fn env_name(&self) -> String {
        format!("USERSTORE_{}", self.path.replace('.', "_").to_uppercase())
    }
}

const fn key(path: &'static str, kind: Kind) -> Key {
    Key { path, kind }
}

use Kind::{Boolean, Integer, List, Text};

/// Every key, in the order of `userstore.example.toml` (a test holds the two together).
pub const KEYS: &[Key] = &[
    key("server.db", Text),
    key("server.host", Text),
    key("server.port", Integer),
    key("server.workers", Integer),
    key("server.www", Text),
    key("server.demo", Boolean),
    key("server.base_url", Text),
    key("log.format", Text),
    key("mail.from", Text),
    key("mail.smtp_url", Text),
    key("mail.webhook_url", Text),
    key("mail.webhook_secret", Text),
    key("mail.poll_interval_ms", Integer),
    key("mail.retry_min_ms", Integer),
    key("mail.retry_max_ms", Integer),
    key("mail.timeout_ms", Integer),
    key("mail.max_attempts", Integer),
    key("store.hashing.memory_kib", Integer),
    key("store.hashing.iterations", Integer),
    key("store.hashing.parallelism", Integer),
    key("store.password_policy.min_length", Integer),
    key("store.password_policy.composition", Boolean),
    key("store.synchronous", Text),
    key("store.busy_timeout_ms", Integer),
    key("store.reset_link_template", Text),
    key("store.email_confirm_link_template", Text),
    key("store.max_database_bytes", Integer),
    key("store.max_body_bytes", Integer),
    key("store.confirm_email_change", Boolean),
    key("store.keep_api_tokens_on_password_change", Boolean),
    key("store.rate_limit.burst", Integer),
    key("store.rate_limit.per_minute", Integer),
    key("store.trusted_proxies", List),
    key("store.hashing_concurrency", Integer),
    key("store.hashing_queue", Integer),
    key("store.audit_retention_days", Integer),
    key("store.session_idle_timeout_ms", Integer),
    key("store.session_absolute_timeout_ms", Integer),
    key("store.lockout.login_failures", Integer),
    key("store.lockout.credential_failures", Integer),
    key("store.default_country_id", Integer),
    key("store.gravatar", Boolean),
];
