//! The process's allocator: the system's, with every block zeroed when it is freed (or moved
//! by a reallocation). Key bytes, passphrases and KDF state pass through buffers of crates
//! that do not all wipe them (scrypt's 16 MiB working memory, temporary vectors in `pkcs5`
//! and `der`); zeroing on free leaves none of them behind in freed memory. The cost is one
//! memset per free (about 2 ms for scrypt's buffer).

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, zeroing blocks on free.
pub struct Wiping;

// SAFETY: every method forwards to `System` with the caller's arguments, which `GlobalAlloc`'s
// contract already requires to be valid for it; `dealloc` additionally writes zeros to the
// block it is given, which the caller owns (it is live and `layout.size()` bytes long) until
// `System.dealloc` returns. The default `realloc` allocates, copies and calls this `dealloc`.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Wiping {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged (see the impl's comment).
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged (see the impl's comment).
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` is a live block of `layout.size()` bytes allocated by this allocator
        // (GlobalAlloc::dealloc's contract); nothing else uses it any more.
        let block = unsafe { std::slice::from_raw_parts_mut(ptr, layout.size()) };
        // Volatile writes: not removed although the block is freed next.
        zeroize::Zeroize::zeroize(block);
        // SAFETY: forwarded unchanged (see the impl's comment).
        unsafe { System.dealloc(ptr, layout) }
    }
}
