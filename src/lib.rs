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
//!     page.to_string(),
//!     r#"{"users":[{"name":"Ada Lovelace"},{"name":"Alan Turing"}],"pg":{"sortBy":"name","sortDir":"asc","offset":0,"limit":10}}"#
//! );
//! # Ok::<(), userstore::Error>(())
//! ```
#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod admin;
pub mod api;
mod attempts;
pub mod audit;
pub mod blocklist;
pub mod clock;
pub mod columns;
pub mod config;
pub mod demo;
mod email;
mod entropy;
pub mod enums;
mod error;
mod front_coding;
mod hashing;
pub mod http;
pub mod model;
pub mod outbox;
mod packed;
mod passwords;
pub mod policy;
mod recovery;
pub mod secret;
mod sessions;
mod storage;
mod store;
mod throttle;
mod tokens;
mod unicode;
mod users;
pub mod validate;
pub mod wire;

/// The README's Rust example, compiled and run by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExample;

pub use admin::NewUser;
pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{Config, HashParams, PolicyConfig, RateLimit, Synchronous};
pub use email::{CONFIRM_TTL, ChangeEmail};
pub use error::{Code, Error, Result, Suberror};
pub use model::{Actor, Credential, Organization, Team};
pub use passwords::ChangePassword;
pub use recovery::{HASH_TTL, MAILS_PER_HOUR, ResetPassword, SESSION_TTL, demand_from_json};
pub use secret::Secret;
pub use sessions::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT, LoginSession};
pub use storage::schema::SCHEMA_VERSION;
pub use store::Store;
pub use tokens::NewApiToken;
pub use users::{ListUsers, MAX_LIMIT, Paging, UserBody, UserPage, UserPatch};
