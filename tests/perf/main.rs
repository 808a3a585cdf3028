//! Performance guards that need no timing: bytes written per frame and while idle, allocations that
//! do not grow with the data, and the requests a crawl of every workspace costs.

#[path = "../support/common.rs"]
mod common;

mod crawl_costs;
mod perf_guard;
