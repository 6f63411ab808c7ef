//! The wrapper of the entry points that cannot fail (accessors, frees): no panic crosses
//! into C. It depends on nothing else of the binding, so every module may use it.

use std::panic::{AssertUnwindSafe, catch_unwind};

/// Runs the body of an entry point that cannot fail: a panic gives `fallback`. The last error
/// is left as it was.
pub(crate) fn infallible<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}
