//! Hostile inputs: control sequences in server strings never reach a terminal, the sanitizer's
//! properties, and tokens never appear in any output; long server text, token sources, config
//! errors, JSON/CSV output and audit steps hardened (`hardening`).

#[path = "../support/cli_support.rs"]
mod cli_support;
#[path = "../support/common.rs"]
mod common;
#[path = "../support/e2e_support.rs"]
mod e2e_support;
#[path = "../support/fault_fixture.rs"]
mod fault_fixture;

mod hardening;
mod hostile_strings;
mod sanitize_props;
mod token_canary;
