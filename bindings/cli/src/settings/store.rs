//! `[store]`: every setting of the core's [`Config`], in snake_case.

use crate::Failure;
use crate::pages;
use serde::{Deserialize, Serialize};
use userstore::{Config, HashParams, Lockout, PolicyConfig, RateLimit, Synchronous};

/// `[store]` as written: every key optional, the core's default (or the server's, for the
/// link templates) where one is left out.
#[derive(Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StoreSection {
    #[serde(skip_serializing_if = "Option::is_none")]
    hashing: Option<Hashing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password_policy: Option<Policy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    synchronous: Option<SyncMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    busy_timeout_ms: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reset_link_template: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email_confirm_link_template: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_database_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_body_bytes: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confirm_email_change: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keep_api_tokens_on_password_change: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rate_limit: Option<Rate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trusted_proxies: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hashing_concurrency: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hashing_queue: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audit_retention_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_idle_timeout_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_absolute_timeout_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lockout: Option<LockoutSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_country_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gravatar: Option<bool>,
}

/// `[store.hashing]`: the argon2id cost, never below OWASP's minimum.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Hashing {
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

/// `[store.password_policy]`.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Policy {
    #[serde(skip_serializing_if = "Option::is_none")]
    min_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    composition: Option<bool>,
}

/// `[store.rate_limit]`.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Rate {
    #[serde(skip_serializing_if = "Option::is_none")]
    burst: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    per_minute: Option<u32>,
}

/// `[store.lockout]`.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct LockoutSection {
    #[serde(skip_serializing_if = "Option::is_none")]
    login_failures: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credential_failures: Option<u32>,
}

/// `store.synchronous`.
#[derive(Clone, Copy, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
enum SyncMode {
    Normal,
    Full,
    Extra,
}

impl StoreSection {
    /// The core's configuration, checked by [`Config::validate`] (whose problems name the
    /// keys as this file spells them).
    pub fn into_config(self) -> Result<Config, Failure> {
        let mut c = Config {
            reset_link_template: format!("{{baseUrl}}{}?hash={{hash}}", pages::RESET),
            email_confirm_link_template: format!("{{baseUrl}}{}?token={{token}}", pages::CONFIRM),
            ..Config::default()
        };
        if let Some(h) = self.hashing {
            c.hashing = HashParams {
                memory_kib: h.memory_kib,
                iterations: h.iterations,
                parallelism: h.parallelism,
            };
        }
        if let Some(p) = self.password_policy {
            let d = PolicyConfig::default();
            c.password_policy = PolicyConfig {
                min_length: p.min_length.unwrap_or(d.min_length),
                composition: p.composition.unwrap_or(d.composition),
            };
        }
        if let Some(s) = self.synchronous {
            c.synchronous = match s {
                SyncMode::Normal => Synchronous::Normal,
                SyncMode::Full => Synchronous::Full,
                SyncMode::Extra => Synchronous::Extra,
            };
        }
        if let Some(r) = self.rate_limit {
            let d = RateLimit::default();
            c.rate_limit = RateLimit {
                burst: r.burst.unwrap_or(d.burst),
                per_minute: r.per_minute.unwrap_or(d.per_minute),
            };
        }
        if let Some(l) = self.lockout {
            let d = Lockout::default();
            c.lockout = Lockout {
                login_failures: l.login_failures.unwrap_or(d.login_failures),
                credential_failures: l.credential_failures.unwrap_or(d.credential_failures),
            };
        }
        if let Some(n) = self.hashing_concurrency {
            c.hashing_concurrency = n;
            c.hashing_queue = 2 * n;
        }
        set(&mut c.busy_timeout_ms, self.busy_timeout_ms);
        set(&mut c.reset_link_template, self.reset_link_template);
        set(
            &mut c.email_confirm_link_template,
            self.email_confirm_link_template,
        );
        c.max_database_bytes = self.max_database_bytes;
        set(&mut c.max_body_bytes, self.max_body_bytes);
        set(&mut c.confirm_email_change, self.confirm_email_change);
        set(
            &mut c.keep_api_tokens_on_password_change,
            self.keep_api_tokens_on_password_change,
        );
        set(&mut c.trusted_proxies, self.trusted_proxies);
        set(&mut c.hashing_queue, self.hashing_queue);
        set(&mut c.audit_retention_days, self.audit_retention_days);
        set(&mut c.session_idle_timeout_ms, self.session_idle_timeout_ms);
        set(
            &mut c.session_absolute_timeout_ms,
            self.session_absolute_timeout_ms,
        );
        c.default_country_id = self.default_country_id;
        set(&mut c.gravatar, self.gravatar);
        c.validate().map_err(|e| {
            let problems: Vec<String> = e
                .suberrors()
                .iter()
                .map(|s| format!("[store] {}", snake_case_keys(&s.message)))
                .collect();
            problems.join("\n")
        })?;
        Ok(c)
    }

    /// Every setting of `c`, as the file would spell it.
    pub fn of(c: &Config) -> StoreSection {
        let h = c.effective_hash_params();
        StoreSection {
            hashing: Some(Hashing {
                memory_kib: h.memory_kib,
                iterations: h.iterations,
                parallelism: h.parallelism,
            }),
            password_policy: Some(Policy {
                min_length: Some(c.password_policy.min_length),
                composition: Some(c.password_policy.composition),
            }),
            synchronous: Some(match c.synchronous {
                Synchronous::Normal => SyncMode::Normal,
                Synchronous::Full => SyncMode::Full,
                Synchronous::Extra => SyncMode::Extra,
            }),
            busy_timeout_ms: Some(c.busy_timeout_ms),
            reset_link_template: Some(c.reset_link_template.clone()),
            email_confirm_link_template: Some(c.email_confirm_link_template.clone()),
            max_database_bytes: c.max_database_bytes,
            max_body_bytes: Some(c.max_body_bytes),
            confirm_email_change: Some(c.confirm_email_change),
            keep_api_tokens_on_password_change: Some(c.keep_api_tokens_on_password_change),
            rate_limit: Some(Rate {
                burst: Some(c.rate_limit.burst),
                per_minute: Some(c.rate_limit.per_minute),
            }),
            trusted_proxies: Some(c.trusted_proxies.clone()),
            hashing_concurrency: Some(c.hashing_concurrency),
            hashing_queue: Some(c.hashing_queue),
            audit_retention_days: Some(c.audit_retention_days),
            session_idle_timeout_ms: Some(c.session_idle_timeout_ms),
            session_absolute_timeout_ms: Some(c.session_absolute_timeout_ms),
            lockout: Some(LockoutSection {
                login_failures: Some(c.lockout.login_failures),
                credential_failures: Some(c.lockout.credential_failures),
            }),
            default_country_id: c.default_country_id,
            gravatar: Some(c.gravatar),
        }
    }
}

/// Sets `field` to `value` when there is one.
fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *field = v;
    }
}

/// The core names settings in camelCase (`passwordPolicy.minLength`), the file in snake_case
/// (`password_policy.min_length`): rewrites each word that starts with a lowercase letter
/// and has capitals in it.
fn snake_case_keys(message: &str) -> String {
    let mut out = String::with_capacity(message.len() + 8);
    let mut word_start = true;
    let mut in_key = false;
    for ch in message.chars() {
        if word_start {
            in_key = ch.is_ascii_lowercase();
        }
        if in_key && ch.is_ascii_uppercase() {
            out.push('_');
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
        word_start = !(ch.is_ascii_alphanumeric() || ch == '.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::snake_case_keys;

    #[test]
    fn the_cores_key_names_are_written_as_the_file_spells_them() {
        assert_eq!(
            snake_case_keys("passwordPolicy.minLength must be between 9 and 256."),
            "password_policy.min_length must be between 9 and 256."
        );
        assert_eq!(
            snake_case_keys("hashing must be at least m=19456 KiB, t=2, p=1."),
            "hashing must be at least m=19456 KiB, t=2, p=1."
        );
        assert_eq!(
            snake_case_keys("trustedProxies: 'x' is not an IP address or network."),
            "trusted_proxies: 'x' is not an IP address or network."
        );
    }
}
