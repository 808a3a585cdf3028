//! A global allocator that counts, for each thread, the allocations it makes and the bytes it
//! holds, with their peak: memory guards that need no timing. Counting per thread keeps tests that
//! run in parallel out of each other's figures; what a measured closure does must then stay on its
//! thread (a current-thread runtime, no blocking pool).
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Forwards every call to the system allocator unchanged; only counts.
pub struct CountingAllocator;

/// What one thread allocated.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    /// Allocations (and reallocations) made.
    count: u64,
    /// Bytes asked for, in all.
    bytes: u64,
    /// Bytes held now (freed ones taken off).
    live: i64,
    /// Allocations held now.
    held: i64,
    /// The most `live` has been since the last reset.
    peak: i64,
}

thread_local! {
    static COUNTS: Cell<Counts> = const {
        Cell::new(Counts { count: 0, bytes: 0, live: 0, held: 0, peak: 0 })
    };
}

fn note(grown: i64, asked: usize, held: i64) {
    let _ = COUNTS.try_with(|c| {
        let mut n = c.get();
        if asked > 0 {
            n.count += 1;
            n.bytes += asked as u64;
        }
        n.live += grown;
        n.held += held;
        n.peak = n.peak.max(n.live);
        c.set(n);
    });
}

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as i64, layout.size(), 1);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as i64, layout.size(), 1);
        // SAFETY: same contract as ours.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note(-(layout.size() as i64), 0, -1);
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size as i64 - layout.size() as i64, new_size, 0);
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Allocations (count, bytes) made by `f` on this thread.
pub fn allocations(f: impl FnOnce()) -> (u64, u64) {
    let usage = measure(f).1;
    (usage.count, usage.bytes)
}

/// What a closure cost this thread.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    /// Allocations made.
    pub count: u64,
    /// Bytes asked for, in all.
    pub bytes: u64,
    /// The most bytes held at once beyond what was held before.
    pub peak: usize,
    /// Bytes still held when it returned (what its result keeps, say).
    pub kept: usize,
    /// Allocations still held when it returned.
    pub kept_allocations: usize,
}

/// Runs `f` and says what it cost this thread.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Usage) {
    let before = COUNTS.with(|c| {
        let mut n = c.get();
        n.peak = n.live;
        c.set(n);
        n
    });
    let out = f();
    let after = COUNTS.with(Cell::get);
    let usage = Usage {
        count: after.count - before.count,
        bytes: after.bytes - before.bytes,
        peak: (after.peak - before.live).max(0) as usize,
        kept: (after.live - before.live).max(0) as usize,
        kept_allocations: (after.held - before.held).max(0) as usize,
    };
    (out, usage)
}
