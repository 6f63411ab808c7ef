//! The operations, one file per family. Each adds its methods to [`crate::Store`]: it reads
//! and writes through `crate::storage` inside one transaction, checks with `crate::security`,
//! and returns the typed bodies of `crate::wire`.

pub(crate) mod accounts;
pub(crate) mod admin;
pub mod audit;
pub mod demo;
pub(crate) mod email;
pub(crate) mod new_user;
pub mod outbox;
pub(crate) mod passwords;
pub(crate) mod recovery;
pub(crate) mod roles;
pub(crate) mod sessions;
pub(crate) mod tokens;
pub(crate) mod users;
