//! Out-parameters: checked before any work is done, and cleared so that a failed call never
//! leaves a stale pointer behind.

use crate::failure::Failure;

/// A raw pointer type, which has a NULL value to clear an out-parameter with.
pub(crate) trait Nullable {
    /// The NULL pointer.
    const NULL: Self;
}

impl<T> Nullable for *mut T {
    const NULL: Self = std::ptr::null_mut();
}

impl<T> Nullable for *const T {
    const NULL: Self = std::ptr::null();
}

/// The out-parameter `ptr` named `name`, with its target set to NULL; fails on a NULL `ptr`.
///
/// Entry points call this before doing anything, so a call that cannot return its result
/// does nothing at all.
///
/// # Safety
/// `ptr` is NULL or valid for writes for `'a`.
pub(crate) unsafe fn slot<'a, P: Nullable>(ptr: *mut P, name: &str) -> Result<&'a mut P, Failure> {
    let slot = unsafe { ptr.as_mut() }.ok_or_else(|| Failure::null(name))?;
    *slot = P::NULL;
    Ok(slot)
}
