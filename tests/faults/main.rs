//! The fault matrix: every provider × operation × injected fault against its own sandbox, every
//! change run through the change engine. Run with `cargo test --test faults -- --nocapture` to print
//! the table.

#[path = "../support/common.rs"]
mod common;
#[path = "../support/engine_run.rs"]
mod engine_run;
#[path = "../support/fault_fixture.rs"]
mod fault_fixture;

mod fault_matrix;
