//! What the host provides: the time ([`clock`]) and the Unicode services ([`unicode`]).

pub mod clock;
pub(crate) mod unicode;
