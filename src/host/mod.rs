//! What the host provides: the time ([`clock`]) and the Unicode service ([`unicode`]).

pub mod clock;
pub mod unicode;
