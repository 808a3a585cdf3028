//! Giving memory back after a large answer ([`crate::tui::msg::Effect::ReleaseMemory`]).
//!
//! Reading a workspace of 100,000 members decodes tens of megabytes of JSON item by item: each
//! item's bytes and the member built from it are short-lived, and the rows they replace are freed.
//! glibc keeps what was freed in its arenas (the worker's thread has its own) for reuse, so this
//! hands it back rather than leave the process holding it for as long as it runs.
//! The state asks for it after taking a member list of at least
//! [`crate::tui::state::LARGE_ANSWER`] rows.

/// Returns the freed parts of the heap to the system (glibc only; elsewhere nothing to do).
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}
