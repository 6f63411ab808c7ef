//! Static data compiled into the crate: the enums of `GET /enums/*` and the packed tables
//! (LZMA, inflated once) that hold them and the common-password list.

pub mod enums;
pub(crate) mod front_coding;
pub(crate) mod packed;
