//! The server's settings: one TOML file (`serve --config FILE`), environment variables
//! `USERSTORE_<SECTION>_<KEY>` and flags, with the precedence flag > environment > file >
//! default. Every key of the file has its variable (`[mail] smtp_url` is
//! `USERSTORE_MAIL_SMTP_URL`, `[store] password_policy.min_length` is
//! `USERSTORE_STORE_PASSWORD_POLICY_MIN_LENGTH`); [`KEYS`] lists them all.
//!
//! The sections: `[server]` (database, address, workers, static files, base URL), `[log]`,
//! `[mail]` (the courier: SMTP or a webhook) and `[store]`, which covers every setting of the
//! core's [`Config`]. Unknown keys, bad values and insecure values are errors that name the
//! key; `userstore config check` prints the effective settings with secrets masked.

mod keys;
mod mail;
mod store;

pub use keys::KEYS;
pub use mail::{MailSettings, Transport, check_link_base};

use crate::Failure;
use keys::Kind;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use store::StoreSection;
use toml::{Table, Value};
use userstore::Config;

/// Everything `serve` runs with, after the file, the environment and the flags.
#[derive(Debug)]
pub struct Settings {
    /// `[server]`.
    pub server: ServerSection,
    /// `[log]`.
    pub log: LogSection,
    /// `[mail]`, checked.
    pub mail: MailSettings,
    /// `[store]`, as the core's configuration (its `base_url` set once the address is bound).
    pub store: Config,
}

/// The file as it is read: every section optional, every key known.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct File {
    server: ServerSection,
    log: LogSection,
    mail: mail::MailSection,
    store: StoreSection,
}

/// `[server]`: where the server listens and what it serves.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSection {
    /// The SQLite file or `postgres://` URL (required, here, in USERSTORE_SERVER_DB or
    /// USERSTORE_DB, or as `--db`).
    pub db: Option<String>,
    /// The address to listen on.
    pub host: String,
    /// The port to listen on (0: any free port).
    pub port: u16,
    /// Threads that run the store's operations (1 to 64).
    pub workers: u16,
    /// Static files (the browser demo) served outside `/api/v2`.
    pub www: Option<PathBuf>,
    /// Seed the demo organization and login into an empty database.
    pub demo: bool,
    /// The public base URL of mailed links (default: `http://HOST:PORT` as bound).
    pub base_url: Option<String>,
}

impl Default for ServerSection {
    fn default() -> Self {
        ServerSection {
            db: None,
            host: "127.0.0.1".into(),
            port: 8080,
            workers: 4,
            www: None,
            demo: false,
            base_url: None,
        }
    }
}

/// `[log]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogSection {
    /// `text` (one line per request) or `json` (one JSON object per line).
    pub format: LogFormat,
}

/// How the server writes its log on stderr.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// `2026-01-02T03:04:05.678Z GET /api/v2/users 200 1.2ms`.
    #[default]
    Text,
    /// JSON Lines, each request with its `request_id`.
    Json,
}

/// What the flags of `serve` set; `None` for a flag not given.
#[derive(Default)]
pub struct Flags {
    /// `--db`.
    pub db: Option<PathBuf>,
    /// `--host`.
    pub host: Option<String>,
    /// `--port`.
    pub port: Option<u16>,
    /// `--workers`.
    pub workers: Option<u16>,
    /// `--www`.
    pub www: Option<PathBuf>,
    /// `--demo`.
    pub demo: bool,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--log-format`.
    pub log_format: Option<String>,
}

impl Settings {
    /// The settings of `file` (if any), the environment `env` and `flags`, checked.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
        flags: &Flags,
    ) -> Result<Settings, Failure> {
        let mut table = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                // The message and the place, never the line itself: it may hold a secret.
                text.parse::<Table>().map_err(|e| {
                    let at = e.span().map_or(0, |s| s.start);
                    let line = text[..at.min(text.len())].matches('\n').count() + 1;
                    format!("{} line {line}: {}", path.display(), e.message().trim_end())
                })?
            }
            None => Table::new(),
        };
        overlay_env(&mut table, env)?;
        overlay_flags(&mut table, flags);
        // Deserialized through serde_path_to_error, so a bad value's error names its key.
        let file: File = serde_path_to_error::deserialize(Value::Table(table)).map_err(|e| {
            let key = e.path().to_string();
            let message = e.into_inner().message().trim_end().to_owned();
            match key.as_str() {
                "." => message,
                key => format!("{key}: {message}"),
            }
        })?;
        let mut server = file.server;
        server.db = server.db.filter(|db| !db.is_empty());
        if !(1..=64).contains(&server.workers) {
            return Err("[server] workers must be between 1 and 64.".into());
        }
        let store = file.store.into_config()?;
        let mail = file.mail.check()?;
        if let (Some(_), Some(base_url)) = (&mail.transport, &server.base_url) {
            mail::check_link_base(base_url)?;
        }
        Ok(Settings {
            server,
            log: file.log,
            mail,
            store,
        })
    }

    /// The effective settings as TOML, secrets masked: what `config check` prints.
    pub fn describe(&self) -> String {
        #[derive(Serialize)]
        struct Effective<'a> {
            server: &'a ServerSection,
            log: &'a LogSection,
            mail: mail::MailSection,
            store: StoreSection,
        }
        let server = ServerSection {
            db: self.server.db.as_deref().map(mail::mask_password),
            ..self.server.clone()
        };
        let effective = Effective {
            server: &server,
            log: &self.log,
            mail: self.mail.masked(),
            store: StoreSection::of(&self.store),
        };
        toml::to_string(&effective).unwrap_or_else(|e| format!("# cannot print: {e}\n"))
    }
}

/// Sets each key that has a `USERSTORE_<SECTION>_<KEY>` variable in `env` (`USERSTORE_DB`
/// also sets `[server] db`). A variable with a section's prefix and no key is an error.
fn overlay_env(
    table: &mut Table,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<(), Failure> {
    let mut vars: Vec<(String, String)> = env
        .into_iter()
        .filter(|(name, _)| name.starts_with("USERSTORE_"))
        .collect();
    // The older name first, so that USERSTORE_SERVER_DB wins over it.
    vars.sort_by_key(|(name, _)| name != "USERSTORE_DB");
    for (name, raw) in vars {
        let key = if name == "USERSTORE_DB" {
            KEYS.iter().find(|k| k.path == "server.db")
        } else {
            KEYS.iter().find(|k| k.env_name() == name)
        };
        match key {
            Some(key) => set(
                table,
                key.path,
                key.kind.parse(&raw).map_err(|e| format!("{name}: {e}"))?,
            ),
            None if keys::SECTIONS
                .iter()
                .any(|s| name.starts_with(&format!("USERSTORE_{}_", s.to_uppercase()))) =>
            {
                return Err(format!(
                    "{name} names no setting (userstore config check --help lists them)."
                )
                .into());
            }
            None => {}
        }
    }
    Ok(())
}

/// Sets the keys of the flags given.
fn overlay_flags(table: &mut Table, flags: &Flags) {
    let text = |s: &str| Value::String(s.to_owned());
    let path = |p: &Path| Value::String(p.to_string_lossy().into_owned());
    let given: [(&str, Option<Value>); 8] = [
        ("server.db", flags.db.as_deref().map(path)),
        ("server.host", flags.host.as_deref().map(text)),
        ("server.port", flags.port.map(|p| Value::Integer(p.into()))),
        (
            "server.workers",
            flags.workers.map(|w| Value::Integer(w.into())),
        ),
        ("server.www", flags.www.as_deref().map(path)),
        ("server.demo", flags.demo.then_some(Value::Boolean(true))),
        ("server.base_url", flags.base_url.as_deref().map(text)),
        ("log.format", flags.log_format.as_deref().map(text)),
    ];
    for (key, value) in given {
        if let Some(value) = value {
            set(table, key, value);
        }
    }
}

/// Sets `value` at the dotted `path` of `table`, making the tables on the way.
fn set(table: &mut Table, path: &str, value: Value) {
    let mut parts: Vec<&str> = path.split('.').collect();
    let last = parts.pop().unwrap_or_default();
    let mut at = table;
    for part in parts {
        let entry = at
            .entry(part.to_owned())
            .or_insert_with(|| Value::Table(Table::new()));
        if !entry.is_table() {
            *entry = Value::Table(Table::new());
        }
        let Value::Table(next) = entry else {
            unreachable!("made a table above")
        };
        at = next;
    }
    at.insert(last.to_owned(), value);
}

impl Kind {
    /// An environment variable's text as a value of this kind.
    fn parse(self, raw: &str) -> Result<Value, String> {
        match self {
            Kind::Text => Ok(Value::String(raw.to_owned())),
            Kind::Integer => raw
                .trim()
                .parse::<i64>()
                .map(Value::Integer)
                .map_err(|_| format!("expected an integer, not {raw:?}")),
            Kind::Boolean => match raw.trim() {
                "true" | "1" => Ok(Value::Boolean(true)),
                "false" | "0" => Ok(Value::Boolean(false)),
                _ => Err(format!("expected true or false, not {raw:?}")),
            },
            Kind::List => Ok(Value::Array(
                raw.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.to_owned()))
                    .collect(),
            )),
        }
    }
}

#[cfg(test)]
mod tests;
