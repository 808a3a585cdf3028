//! The fault matrix: every provider × operation × injected fault against its own sandbox. Run with
//! `cargo test --test faults -- --nocapture` to print the table.

#[path = "../support/fault_fixture.rs"]
mod fault_fixture;

mod fault_matrix;
