//! `[mail]`: how the server's courier delivers the outbox, if it does.

use crate::Failure;
use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::time::Duration;
use url::Url;

/// What a masked secret shows.
const MASK: &str = "****";
/// The shortest webhook secret accepted, in bytes.
const MIN_SECRET: usize = 16;

/// `[mail]` as written.
#[derive(Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailSection {
    /// The `From` of every mail (`Accounts <accounts@example.com>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    /// SMTP in lettre's URL form: `smtps://user:pass@host:465`,
    /// `smtp://user:pass@host:587?tls=required`, `smtp://host:25`.
    #[serde(skip_serializing_if = "Option::is_none")]
    smtp_url: Option<String>,
    /// A URL the mail is POSTed to as JSON, signed with `webhook_secret`.
    #[serde(skip_serializing_if = "Option::is_none")]
    webhook_url: Option<String>,
    /// The HMAC-SHA256 key of the webhook's signature.
    #[serde(skip_serializing_if = "Option::is_none")]
    webhook_secret: Option<String>,
    /// How often the courier looks for due mail.
    poll_interval_ms: u64,
    /// The wait before the first retry of a failed delivery; it doubles with each failure.
    retry_min_ms: u64,
    /// The longest wait between retries.
    retry_max_ms: u64,
    /// How long one delivery may take before it counts as failed.
    timeout_ms: u64,
    /// Attempts before a mail is given up (it stays in the outbox, never tried again).
    max_attempts: i64,
}

impl Default for MailSection {
    fn default() -> Self {
        MailSection {
            from: None,
            smtp_url: None,
            webhook_url: None,
            webhook_secret: None,
            poll_interval_ms: 1000,
            retry_min_ms: 5000,
            retry_max_ms: 3_600_000,
            timeout_ms: 30_000,
            max_attempts: 48,
        }
    }
}

/// Where the courier hands mail over.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server, as lettre's URL.
    Smtp(String),
    /// A webhook: the URL and the signing key.
    Webhook(Url, Vec<u8>),
}

/// `[mail]`, checked.
#[derive(Clone)]
pub struct MailSettings {
    /// Where mail goes; `None`: the outbox stays for the host.
    pub transport: Option<Transport>,
    /// The `From` of every mail.
    pub from: Option<Mailbox>,
    /// How often the courier looks for due mail.
    pub poll_interval: Duration,
    /// The first retry's wait.
    pub retry_min: Duration,
    /// The longest wait between retries.
    pub retry_max: Duration,
    /// How long one delivery may take.
    pub timeout: Duration,
    /// Attempts before a mail is given up.
    pub max_attempts: i64,
    written: MailSection,
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings").finish_non_exhaustive()
    }
}

impl MailSection {
    /// Checks the section: a transport needs a `From`; SMTP credentials and mail bodies never
    /// travel in plain text beyond this machine; a webhook needs a secret.
    pub fn check(self) -> Result<MailSettings, Failure> {
        let transport = match (&self.smtp_url, &self.webhook_url) {
            (Some(_), Some(_)) => {
                return Err("[mail] set smtp_url or webhook_url, not both.".into());
            }
            (Some(smtp), None) => Some(Transport::Smtp(check_smtp(smtp)?)),
            (None, Some(hook)) => {
                let url = check_webhook(hook)?;
                let secret = self.webhook_secret.as_deref().unwrap_or_default();
                if secret.len() < MIN_SECRET {
                    return Err(format!(
                        "[mail] webhook_secret must be set, at least {MIN_SECRET} bytes, with webhook_url."
                    )
                    .into());
                }
                Some(Transport::Webhook(url, secret.as_bytes().to_vec()))
            }
            (None, None) => None,
        };
        if self.webhook_secret.is_some() && self.webhook_url.is_none() {
            return Err("[mail] webhook_secret is set without webhook_url.".into());
        }
        let from = match &self.from {
            Some(from) => Some(
                from.parse::<Mailbox>()
                    .map_err(|e| format!("[mail] from: {from:?} is not an address ({e})."))?,
            ),
            None if transport.is_some() => {
                return Err("[mail] from must be set to deliver mail.".into());
            }
            None => None,
        };
        for (key, ms) in [
            ("poll_interval_ms", self.poll_interval_ms),
            ("retry_min_ms", self.retry_min_ms),
            ("timeout_ms", self.timeout_ms),
        ] {
            if ms == 0 {
                return Err(format!("[mail] {key} must be at least 1.").into());
            }
        }
        if self.max_attempts < 1 {
            return Err("[mail] max_attempts must be at least 1.".into());
        }
        if self.retry_max_ms < self.retry_min_ms {
            return Err("[mail] retry_max_ms must be at least retry_min_ms.".into());
        }
        Ok(MailSettings {
            transport,
            from,
            poll_interval: Duration::from_millis(self.poll_interval_ms),
            retry_min: Duration::from_millis(self.retry_min_ms),
            retry_max: Duration::from_millis(self.retry_max_ms),
            timeout: Duration::from_millis(self.timeout_ms),
            max_attempts: self.max_attempts,
            written: self,
        })
    }
}

impl MailSettings {
    /// The section as written, secrets masked.
    pub fn masked(&self) -> MailSection {
        let mut m = self.written.clone();
        m.smtp_url = m.smtp_url.map(|u| mask_password(&u));
        m.webhook_secret = m.webhook_secret.map(|_| MASK.into());
        m.webhook_url = m.webhook_url.map(|u| mask_path(&u));
        m
    }

    /// The wait before the retry that follows failed attempt `attempt` (1 for the first):
    /// `retry_min`, doubling with each failure, at most `retry_max`.
    pub fn backoff(&self, attempt: i64) -> Duration {
        let doublings = u32::try_from(attempt.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        self.retry_min
            .saturating_mul(1 << doublings)
            .min(self.retry_max)
    }
}

/// The URL with its password, path and query replaced by [`MASK`]: a webhook's path often
/// is its key (`/services/T0/B0/XXXX`).
fn mask_path(url: &str) -> String {
    match Url::parse(url) {
        Ok(u) => format!(
            "{}://{}{}/{MASK}",
            u.scheme(),
            if u.username().is_empty() && u.password().is_none() {
                String::new()
            } else {
                format!("{MASK}@")
            },
            u.host_str().map_or(String::new(), |h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_owned(),
            })
        ),
        Err(_) => MASK.to_owned(),
    }
}

/// The URL with its password replaced by [`MASK`].
pub fn mask_password(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some(MASK));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

/// True for `localhost` and loopback addresses: traffic that never leaves the machine.
fn is_loopback(u: &Url) -> bool {
    match u.host_str() {
        Some("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

/// Checks an SMTP URL: lettre must accept it, and mail (reset links) and any password travel
/// over TLS (`smtps://` or `?tls=required`) unless the server is on this machine.
fn check_smtp(raw: &str) -> Result<String, Failure> {
    let masked = mask_password(raw);
    lettre::SmtpTransport::from_url(raw).map_err(|e| format!("[mail] smtp_url {masked}: {e}"))?;
    let u = Url::parse(raw).map_err(|e| format!("[mail] smtp_url {masked}: {e}"))?;
    let tls = u.scheme() == "smtps" || u.query_pairs().any(|(k, v)| k == "tls" && v == "required");
    if !tls && !is_loopback(&u) {
        return Err(format!(
            "[mail] smtp_url {masked} is insecure: reset links (and any password) would travel in plain text to another machine; use smtps:// or ?tls=required."
        )
        .into());
    }
    Ok(raw.to_owned())
}

/// Checks the base URL of mailed links when mail leaves the server: https, or http only on
/// this machine (a reset link over plain HTTP can be read on the way).
pub fn check_link_base(base_url: &str) -> Result<(), Failure> {
    let u = Url::parse(base_url).map_err(|e| format!("[server] base_url {base_url}: {e}"))?;
    match u.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&u) => Ok(()),
        _ => Err(format!(
            "[server] base_url {base_url} is insecure for mailed links: set an https:// base_url (http:// only on this machine)."
        )
        .into()),
    }
}

/// Checks a webhook URL: http(s), and https unless the receiver is on this machine (the body
/// carries reset links).
fn check_webhook(raw: &str) -> Result<Url, Failure> {
    let masked = mask_password(raw);
    let u = Url::parse(raw).map_err(|e| format!("[mail] webhook_url {masked}: {e}"))?;
    match u.scheme() {
        "https" => Ok(u),
        "http" if is_loopback(&u) => Ok(u),
        "http" => Err(format!(
            "[mail] webhook_url {masked} is insecure: mail carries reset links, so it must be https:// (http:// only to this machine)."
        )
        .into()),
        other => Err(format!("[mail] webhook_url {masked}: {other}:// is not http(s).").into()),
    }
}
