//! C ABI for userstore (filled in by the C ABI issue).
