//! # userstore
//!
//! An embeddable user-account store over SQLite that implements the account operations of
//! Make's public API v2 "Users" section with the same wire bodies: list users, update a
//! profile, change email, change password, and the three-step lost-password reset.
//!
//! ```
//! use userstore::{Actor, Config, ListUsers, NewUser, Store};
//!
//! let store = Store::open_in_memory(Config::insecure_fast_for_tests_only())?;
//! let org = store.create_organization("Acme")?;
//! let ids = store.import_users([
//!     NewUser::new("Ada Lovelace", "ada@example.com"),
//!     NewUser::new("Alan Turing", "alan@example.com"),
//! ])?;
//! for id in &ids {
//!     store.set_organization_role(org.id, *id, 13)?;
//! }
//! let page = store.list_users(
//!     &Actor::System,
//!     &ListUsers::from_pairs([
//!         ("organizationId".to_string(), org.id.to_string()),
//!         ("pg[sortBy]".to_string(), "name".to_string()),
//!         ("pg[sortDir]".to_string(), "asc".to_string()),
//!         ("cols[]".to_string(), "name".to_string()),
//!     ]),
//! )?;
//! assert_eq!(
//!     serde_json::to_string(&page)?,
//!     r#"{"users":[{"name":"Ada Lovelace"},{"name":"Alan Turing"}],"pg":{"sortBy":"name","sortDir":"asc","offset":0,"limit":10}}"#
//! );
//! # Ok::<(), userstore::Error>(())
//! ```
#![warn(missing_docs)]
#![forbid(unsafe_code)]

// The layers, each a folder: `ops` (the operations), `security` (hashing, policy, attempts,
// throttling, secrets), `wire` (operations by name and by route, bodies, errors), `storage`
// (SQL only), `data` (static tables), `host` (the services a host provides: time, Unicode),
// `model` (the records all of them share) and `config`. The public modules are re-exported
// below under their own names, so the crate's paths do not depend on the layout.
pub mod config;
mod data;
mod host;
pub mod model;
mod ops;
mod security;
mod storage;
mod store;
mod wire;

pub use data::enums;
pub use host::{clock, unicode};
pub use ops::{audit, demo, outbox};
pub use security::{blocklist, policy, secret};
pub use wire::{api, columns, http, validate};

/// The README's Rust example, compiled and run by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExample;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{Config, HashParams, Lockout, PolicyConfig, RateLimit, Synchronous};
pub use model::{Actor, Credential, Organization, OrganizationId, Team, TeamId, UserId};
pub use ops::email::{CONFIRM_TTL, ChangeEmail, EmailChange};
pub use ops::new_user::NewUser;
pub use ops::passwords::ChangePassword;
pub use ops::recovery::{HASH_TTL, MAILS_PER_HOUR, ResetPassword, SESSION_TTL, demand_from_json};
pub use ops::roles::RolesQuery;
pub use ops::roles::organization::{OrganizationMembers, OrganizationRoleRequest};
pub use ops::sessions::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT, LoginSession};
pub use ops::tokens::TokenRef;
pub use ops::tokens::{ApiToken, ApiTokens, CreatedApiToken, NewApiToken, NewApiTokenBody};
pub use ops::users::{DeleteAccount, ListUsers, MAX_LIMIT, Paging, UserBody, UserPage, UserPatch};
pub use secret::Secret;
pub use storage::SCHEMA_VERSION;
pub use store::Store;
pub use wire::error::{Code, Error, Result, Suberror};
pub use wire::reply::{Changed, Done, Named};
