//! The wire format: how operations are reached (by name through [`api`], by Make route
//! through [`http`]), how bodies are read ([`body`]), how users render ([`columns`]) and the
//! error body ([`error`]).

pub mod api;
mod args;
pub mod body;
pub mod columns;
pub mod error;
pub mod http;
pub(crate) mod operations;
pub mod reply;
mod table;
pub mod validate;

pub use body::{Body, parse_json};
