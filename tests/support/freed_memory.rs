//! A global allocator for tests of wiping: it looks for a watched byte string in every block
//! the program frees (or leaves behind when a block is reallocated) and counts the blocks that
//! still held it. A secret the code wiped before freeing is never counted.
//!
//! Install it in a test binary with `#[global_allocator] static A: FreedMemory = FreedMemory;`
//! and run the flows under test in one `#[test]`, so that no other test frees memory at the
//! same time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Longest watched string.
const MAX: usize = 64;

/// The watched bytes and their length (0: nothing watched).
static WATCHED: Mutex<([u8; MAX], usize)> = Mutex::new(([0; MAX], 0));
/// Freed blocks that held the watched bytes.
static FOUND: AtomicUsize = AtomicUsize::new(0);

/// The allocator: `System`'s, with the look into each freed block.
pub struct FreedMemory;

/// Starts watching for `secret` (at most 64 bytes) in freed memory, and resets the count.
pub fn watch(secret: &[u8]) {
    assert!(!secret.is_empty() && secret.len() <= MAX);
    let mut w = WATCHED.lock().unwrap();
    w.0[..secret.len()].copy_from_slice(secret);
    w.1 = secret.len();
    FOUND.store(0, Ordering::SeqCst);
}

/// Stops watching; returns how many freed blocks held the secret since [`watch`].
pub fn found() -> usize {
    WATCHED.lock().unwrap().1 = 0;
    FOUND.load(Ordering::SeqCst)
}

/// Counts the block if it holds the watched bytes. Skipped while [`watch`] holds the lock
/// (it frees nothing then), so the allocator never waits on itself.
unsafe fn look(ptr: *const u8, size: usize) {
    let Ok(w) = WATCHED.try_lock() else { return };
    let n = w.1;
    if n == 0 || size < n {
        return;
    }
    let block = unsafe { std::slice::from_raw_parts(ptr, size) };
    if block.windows(n).any(|window| window == &w.0[..n]) {
        FOUND.fetch_add(1, Ordering::SeqCst);
    }
}

unsafe impl GlobalAlloc for FreedMemory {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe {
            look(ptr, layout.size());
            System.dealloc(ptr, layout)
        }
    }

    /// A copy into a new block, so that the old one is looked at like any freed block.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe {
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            let new = System.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}
