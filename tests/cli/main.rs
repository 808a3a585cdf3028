//! The command line through the real binary against the sandbox: listings, changes, errors and exit
//! codes, the audit log, the change engine (plans, journal, `roster recover`, `undo`), interrupted
//! changes, membership as code, and the people commands (`who`, `offboard`, `copy-access`).

#[path = "../support/cli_support.rs"]
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
mod cli_shell;
mod cli_undo;
mod engine_plan;
mod people_finder;
