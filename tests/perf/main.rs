//! Performance guards that need no timing: bytes written per frame and while idle, allocations that
//! do not grow with the data, and the requests a crawl of every workspace costs.

#[path = "../support/alloc_count.rs"]
mod alloc_count;
#[path = "../support/common.rs"]
mod common;

mod crawl_costs;
mod decode_guard;
mod perf_guard;
