//! The command line through the real binary against the sandbox: listings, changes, errors and exit
//! codes, and the audit log.

mod cli_support;
#[path = "../support/common.rs"]
mod common;

mod cli_audit;
mod cli_changes;
mod cli_code;
mod cli_engine;
mod cli_errors;
mod cli_interrupts;
mod cli_output;
mod cli_people;
mod cli_undo;
mod engine_plan;
mod people_finder;
