//! Store configuration. Security settings can only be made stronger than the defaults.

use crate::host::clock::{Clock, SystemClock};
use crate::wire::error::{Error, Result};
use crate::wire::{Body, parse_json};
use std::fmt;
use std::sync::Arc;

/// argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashParams {
    /// Memory in KiB (default 19456, the OWASP minimum).
    pub memory_kib: u32,
    /// Iterations (default 2).
    pub iterations: u32,
    /// Parallelism (default 1).
    pub parallelism: u32,
}

impl HashParams {
    /// The OWASP minimum: m = 19456 KiB, t = 2, p = 1. The default.
    pub const OWASP: HashParams = HashParams {
        memory_kib: 19456,
        iterations: 2,
        parallelism: 1,
    };

    /// Parameters that make hashing nearly free. **Insecure: for tests only.**
    pub const INSECURE_FAST_FOR_TESTS_ONLY: HashParams = HashParams {
        memory_kib: 8,
        iterations: 1,
        parallelism: 1,
    };
}

impl Default for HashParams {
    fn default() -> Self {
        Self::OWASP
    }
}

/// SQLite's `synchronous` setting for file stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Synchronous {
    /// `NORMAL`: in WAL mode, a power loss may lose the last commits (never corrupts).
    Normal,
    /// `FULL` (default): no acknowledged write is lost on power loss.
    #[default]
    Full,
    /// `EXTRA`: also syncs the directory on commit.
    Extra,
}

/// The password policy's adjustable parts (SPEC section 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyConfig {
    /// Minimum length in code points after NFKC (default 9; can only be raised).
    pub min_length: usize,
    /// Make's composition rule: an uppercase letter, a digit and a special character (default
    /// on; may be turned off for a NIST SP 800-63B style policy).
    pub composition: bool,
}

impl Default for PolicyConfig {
    fn default() -> Self {
        PolicyConfig {
            min_length: 9,
            composition: true,
        }
    }
}

/// Per-client throttling of the credential routes (SPEC section 4): a token bucket per client
/// key, which the HTTP router takes from its host ([`crate::wire::http::Request::client`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests a client may make at once before it is throttled (default 10).
    pub burst: u32,
    /// Requests a client earns back per minute (default 10).
    pub per_minute: u32,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            burst: 10,
            per_minute: 10,
        }
    }
}

/// How many failures within 15 minutes lock what they count (SPEC section 4). Each may only
/// be lowered, to no less than [`Lockout::MIN_FAILURES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    /// Failed logins to one address that lock logins to it (default 10).
    pub login_failures: u32,
    /// Wrong current passwords of one user that lock its password and email changes
    /// (default 5).
    pub credential_failures: u32,
}

impl Lockout {
    /// The fewest failures a threshold may be set to: fewer would let anyone lock an account
    /// out with a couple of guesses.
    pub const MIN_FAILURES: u32 = 3;
}

impl Default for Lockout {
    fn default() -> Self {
        Lockout {
            login_failures: 10,
            credential_failures: 5,
        }
    }
}

/// The latest time a manual clock may show: the end of the year 9999, in milliseconds. Within
/// it, no sum of the store's windows and lifetimes overflows.
pub(crate) const LATEST_TIME: i64 = 253_402_300_799_999;

/// How the store behaves. Build with `Config::default()` and adjust, or from JSON with
/// [`Config::from_json`] (camelCase keys, all optional).
#[derive(Clone)]
pub struct Config {
    /// argon2id parameters for new hashes (default [`HashParams::OWASP`]).
    pub hashing: HashParams,
    /// Use [`HashParams::INSECURE_FAST_FOR_TESTS_ONLY`]. Never in production.
    pub insecure_fast_hashing_for_tests_only: bool,
    /// Password policy settings.
    pub password_policy: PolicyConfig,
    /// SQLite `synchronous` for file stores (default `full`).
    pub synchronous: Synchronous,
    /// How long to wait for a lock held by another connection, in milliseconds.
    pub busy_timeout_ms: u32,
    /// The public base URL used in mailed links.
    pub base_url: String,
    /// Template of the reset link; `{baseUrl}` and `{hash}` are replaced.
    pub reset_link_template: String,
    /// Template of the email-confirmation link; `{baseUrl}` and `{token}` are replaced.
    pub email_confirm_link_template: String,
    /// Largest size the database may grow to, in bytes (`PRAGMA max_page_count`); writes
    /// past it fail with "The database or disk is full." Default: no limit.
    pub max_database_bytes: Option<u64>,
    /// Largest request body the HTTP router accepts, in bytes (default 1 MiB).
    pub max_body_bytes: usize,
    /// Keep an email change pending until a link mailed to the new address is used.
    pub confirm_email_change: bool,
    /// Start a manual test clock at this time (milliseconds since the epoch) instead of the
    /// system clock; `Store::advance_clock` then moves it. For tests of expiry over the C and
    /// JS surfaces.
    pub manual_clock_ms: Option<i64>,
    /// Keep the user's API tokens when the password is changed (default: revoke them). A
    /// reset always revokes them.
    pub keep_api_tokens_on_password_change: bool,
    /// Throttling of the credential routes per client. The limits may be raised (many users
    /// behind one address) but not set to 0.
    pub rate_limit: RateLimit,
    /// Proxies whose `X-Forwarded-For` is believed: addresses (`10.0.0.7`) or networks
    /// (`10.0.0.0/8`, `fd00::/8`). Default: none, so the client is the peer address.
    pub trusted_proxies: Vec<String>,
    /// Most argon2 computations at once (default: the number of CPUs).
    pub hashing_concurrency: usize,
    /// Most requests waiting for the hashing stage; beyond it the answer is `503` with
    /// `Retry-After` (default: twice [`Config::hashing_concurrency`]).
    pub hashing_queue: usize,
    /// Audit events older than this many days are deleted (default 180, at least 1).
    pub audit_retention_days: u32,
    /// A login session ends after this long unused, in milliseconds (default 30 minutes;
    /// may only be shortened, to no less than a minute).
    pub session_idle_timeout_ms: i64,
    /// A login session ends this long after the login however busy, in milliseconds (default
    /// 12 hours; may only be shortened, to no less than the idle timeout).
    pub session_absolute_timeout_ms: i64,
    /// The lockout thresholds (may only be lowered).
    pub lockout: Lockout,
    /// The country of a user created without one (default: the region of the user's
    /// locale, see [`enums::locale_country`](crate::enums::locale_country)).
    pub default_country_id: Option<i64>,
    /// Show a user without an avatar of its own with Make's Gravatar URL, made from the MD5 of
    /// the address (default `true`). Off, every such user shows Gravatar's generic picture:
    /// for hosts that must not publish a hash of each address.
    pub gravatar: bool,
    /// The clock (default: the system clock). Not settable from JSON.
    pub clock: Arc<dyn Clock>,
}

fn system_clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

impl Default for Config {
    fn default() -> Self {
        Config {
            hashing: HashParams::OWASP,
            insecure_fast_hashing_for_tests_only: false,
            password_policy: PolicyConfig::default(),
            synchronous: Synchronous::Full,
            busy_timeout_ms: 5000,
            base_url: "http://127.0.0.1:8080".into(),
            reset_link_template: "{baseUrl}/reset-password?hash={hash}".into(),
            email_confirm_link_template: "{baseUrl}/confirm-email?token={token}".into(),
            max_body_bytes: 1024 * 1024,
            max_database_bytes: None,
            confirm_email_change: false,
            manual_clock_ms: None,
            keep_api_tokens_on_password_change: false,
            rate_limit: RateLimit::default(),
            trusted_proxies: Vec::new(),
            hashing_concurrency: default_hashing_concurrency(),
            hashing_queue: 2 * default_hashing_concurrency(),
            audit_retention_days: 180,
            session_idle_timeout_ms: crate::IDLE_TIMEOUT,
            session_absolute_timeout_ms: crate::ABSOLUTE_TIMEOUT,
            lockout: Lockout::default(),
            default_country_id: None,
            gravatar: true,
            clock: system_clock(),
        }
    }
}

/// One argon2 computation per CPU (1 where the count is unknown, as in WebAssembly).
fn default_hashing_concurrency() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("hashing", &self.effective_hash_params())
            .field("password_policy", &self.password_policy)
            .field("synchronous", &self.synchronous)
            .field("busy_timeout_ms", &self.busy_timeout_ms)
            .field("base_url", &self.base_url)
            .field("confirm_email_change", &self.confirm_email_change)
            .field(
                "keep_api_tokens_on_password_change",
                &self.keep_api_tokens_on_password_change,
            )
            .field("rate_limit", &self.rate_limit)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("hashing_concurrency", &self.hashing_concurrency)
            .field("hashing_queue", &self.hashing_queue)
            .field("audit_retention_days", &self.audit_retention_days)
            .field("session_idle_timeout_ms", &self.session_idle_timeout_ms)
            .field(
                "session_absolute_timeout_ms",
                &self.session_absolute_timeout_ms,
            )
            .field("lockout", &self.lockout)
            .field("default_country_id", &self.default_country_id)
            .field("gravatar", &self.gravatar)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// A configuration with the insecure fast hashing profile; for tests only.
    pub fn insecure_fast_for_tests_only() -> Self {
        Config {
            insecure_fast_hashing_for_tests_only: true,
            ..Config::default()
        }
    }

    /// Parses a JSON configuration and validates it. Keys are the camelCase field names, all
    /// optional (`{}` gives the defaults); `hashing` takes all three of `memoryKib`,
    /// `iterations` and `parallelism`, `passwordPolicy` any of `minLength` and `composition`,
    /// `synchronous` one of `"normal"`, `"full"` and `"extra"`. Every problem (a wrong type, an
    /// unknown key, a setting weaker than the default) is one suberror of a validation error.
    ///
    /// Read field by field like a request body (`wire::Body`) rather than through a serde
    /// derive: the same messages as the API's, and no typed deserializer in the WebAssembly
    /// build, whose error text would bring float formatting along (about 20 KB).
    pub fn from_json(json: &str) -> Result<Self> {
        let mut b = Body::new(parse_json(json.as_bytes())?)
            .map_err(|_| Error::bad_request("The configuration must be a JSON object."))?;
        let mut c = Config::default();
        if let Some(mut h) = b.object("hashing") {
            let memory = h.unsigned("memoryKib", true);
            let iterations = h.unsigned("iterations", true);
            let parallelism = h.unsigned("parallelism", true);
            b.absorb(h);
            if let (Some(memory_kib), Some(iterations), Some(parallelism)) =
                (memory, iterations, parallelism)
            {
                c.hashing = HashParams {
                    memory_kib,
                    iterations,
                    parallelism,
                };
            }
        }
        if let Some(v) = b.boolean("insecureFastHashingForTestsOnly") {
            if cfg!(any(test, feature = "insecure-test-hashing")) {
                c.insecure_fast_hashing_for_tests_only = v;
            } else {
                b.problem(
                    "'insecureFastHashingForTestsOnly' is only accepted by test builds (cargo feature insecure-test-hashing).".into(),
                );
            }
        }
        if let Some(mut p) = b.object("passwordPolicy") {
            if let Some(v) = p.unsigned("minLength", false) {
                c.password_policy.min_length = v;
            }
            if let Some(v) = p.boolean("composition") {
                c.password_policy.composition = v;
            }
            b.absorb(p);
        }
        if let Some(name) = b.string("synchronous", false) {
            match name.as_str() {
                "normal" => c.synchronous = Synchronous::Normal,
                "full" => c.synchronous = Synchronous::Full,
                "extra" => c.synchronous = Synchronous::Extra,
                _ => b.problem("'synchronous' must be \"normal\", \"full\" or \"extra\".".into()),
            }
        }
        if let Some(v) = b.unsigned("busyTimeoutMs", false) {
            c.busy_timeout_ms = v;
        }
        for (key, field) in [
            ("baseUrl", &mut c.base_url),
            ("resetLinkTemplate", &mut c.reset_link_template),
            (
                "emailConfirmLinkTemplate",
                &mut c.email_confirm_link_template,
            ),
        ] {
            if let Some(v) = b.string(key, false) {
                *field = v;
            }
        }
        c.max_database_bytes = b.unsigned("maxDatabaseBytes", false);
        if let Some(v) = b.unsigned("maxBodyBytes", false) {
            c.max_body_bytes = v;
        }
        if let Some(v) = b.boolean("confirmEmailChange") {
            c.confirm_email_change = v;
        }
        c.manual_clock_ms = b.integer("manualClockMs", false);
        if let Some(v) = b.boolean("keepApiTokensOnPasswordChange") {
            c.keep_api_tokens_on_password_change = v;
        }
        if let Some(mut r) = b.object("rateLimit") {
            if let Some(v) = r.unsigned("burst", false) {
                c.rate_limit.burst = v;
            }
            if let Some(v) = r.unsigned("perMinute", false) {
                c.rate_limit.per_minute = v;
            }
            b.absorb(r);
        }
        if let Some(v) = b.strings("trustedProxies", false) {
            c.trusted_proxies = v;
        }
        if let Some(v) = b.unsigned("hashingConcurrency", false) {
            c.hashing_concurrency = v;
            c.hashing_queue = 2 * v;
        }
        if let Some(v) = b.unsigned("hashingQueue", false) {
            c.hashing_queue = v;
        }
        if let Some(v) = b.unsigned("auditRetentionDays", false) {
            c.audit_retention_days = v;
        }
        if let Some(v) = b.integer("sessionIdleTimeoutMs", false) {
            c.session_idle_timeout_ms = v;
        }
        if let Some(v) = b.integer("sessionAbsoluteTimeoutMs", false) {
            c.session_absolute_timeout_ms = v;
        }
        if let Some(mut l) = b.object("lockout") {
            if let Some(v) = l.unsigned("loginFailures", false) {
                c.lockout.login_failures = v;
            }
            if let Some(v) = l.unsigned("credentialFailures", false) {
                c.lockout.credential_failures = v;
            }
            b.absorb(l);
        }
        c.default_country_id = b.integer("defaultCountryId", false);
        if let Some(v) = b.boolean("gravatar") {
            c.gravatar = v;
        }
        b.finish()?;
        c.validate()?;
        Ok(c)
    }

    /// Uses `clock` instead of the system clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The argon2id parameters new hashes get.
    pub fn effective_hash_params(&self) -> HashParams {
        if self.insecure_fast_hashing_for_tests_only {
            HashParams::INSECURE_FAST_FOR_TESTS_ONLY
        } else {
            self.hashing
        }
    }

    /// Checks that no security setting is weaker than the default.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        let h = self.hashing;
        let d = HashParams::OWASP;
        if h.memory_kib < d.memory_kib
            || h.iterations < d.iterations
            || h.parallelism < d.parallelism
        {
            problems.push(format!(
                "hashing must be at least m={} KiB, t={}, p={}.",
                d.memory_kib, d.iterations, d.parallelism
            ));
        }
        if h.parallelism > 16 || h.memory_kib > 4 * 1024 * 1024 || h.iterations > 64 {
            problems.push("hashing parameters are unreasonably large.".into());
        }
        if self.password_policy.min_length < 9 || self.password_policy.min_length > 256 {
            problems.push("passwordPolicy.minLength must be between 9 and 256.".into());
        }
        if !self.reset_link_template.contains("{hash}") {
            problems.push("resetLinkTemplate must contain {hash}.".into());
        }
        if !self.email_confirm_link_template.contains("{token}") {
            problems.push("emailConfirmLinkTemplate must contain {token}.".into());
        }
        if self.rate_limit.burst == 0 || self.rate_limit.per_minute == 0 {
            problems.push("rateLimit.burst and rateLimit.perMinute must be at least 1.".into());
        }
        for proxy in &self.trusted_proxies {
            if crate::wire::http::client::Network::parse(proxy).is_none() {
                problems.push(format!(
                    "trustedProxies: '{}' is not an IP address or network.",
                    crate::wire::validate::truncate(proxy)
                ));
            }
        }
        if self
            .manual_clock_ms
            .is_some_and(|t| !(0..=LATEST_TIME).contains(&t))
        {
            problems.push("manualClockMs must be within the years 1970 to 9999.".into());
        }
        if self.hashing_concurrency == 0 {
            problems.push("hashingConcurrency must be at least 1.".into());
        }
        if self.audit_retention_days == 0 {
            problems.push("auditRetentionDays must be at least 1.".into());
        }
        // Plain texts, not formats: each format costs code in the WebAssembly build (the
        // tests hold the numbers to the constants).
        if !(60_000..=crate::IDLE_TIMEOUT).contains(&self.session_idle_timeout_ms) {
            problems.push(
                "sessionIdleTimeoutMs must be between 60000 (a minute) and 1800000 (30 minutes)."
                    .into(),
            );
        }
        if !(self.session_idle_timeout_ms..=crate::ABSOLUTE_TIMEOUT)
            .contains(&self.session_absolute_timeout_ms)
        {
            problems.push(
                "sessionAbsoluteTimeoutMs must be between sessionIdleTimeoutMs and 43200000 (12 hours)."
                    .into(),
            );
        }
        let (d, min) = (Lockout::default(), Lockout::MIN_FAILURES);
        if !(min..=d.login_failures).contains(&self.lockout.login_failures) {
            problems.push("lockout.loginFailures must be between 3 and 10.".into());
        }
        if !(min..=d.credential_failures).contains(&self.lockout.credential_failures) {
            problems.push("lockout.credentialFailures must be between 3 and 5.".into());
        }
        if let Some(id) = self.default_country_id
            && crate::data::enums::country(id).is_none()
        {
            problems.push(format!(
                "defaultCountryId must be an id of GET /enums/countries, not {id}."
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::validation(problems))
        }
    }
}

#[cfg(test)]
mod tests;
