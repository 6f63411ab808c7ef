//! Users as the API sees them: who may see whom ([`access`]), listing ([`listing`]), and one
//! user read or updated ([`profile`]).

mod access;
mod cursor;
mod deletion;
mod listing;
pub(crate) mod profile;

pub(crate) use access::{may_act_on, require_scope};
pub use deletion::DeleteAccount;
pub use listing::{ListUsers, MAX_LIMIT, Paging, UserPage};
pub(crate) use profile::user_body;
pub use profile::{UserBody, UserPatch};
