//! The command line through the real binary against the sandbox: listings, changes, errors and exit
//! codes, the audit log, the change engine (plans, journal, `roster recover`) and interrupted
//! changes.

#[path = "../support/cli_support.rs"]
mod cli_support;
#[path = "../support/common.rs"]
mod common;

mod cli_audit;
mod cli_changes;
mod cli_engine;
mod cli_errors;
mod cli_interrupts;
mod cli_output;
mod engine_plan;
