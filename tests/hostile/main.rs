//! Hostile inputs: control sequences in server strings never reach a terminal, the sanitizer's
//! properties, and tokens never appear in any output; long server text, token sources, config
//! errors, JSON/CSV output and audit steps hardened (`hardening`); the real binary against a
//! server written to misbehave (`hostile_cases`, `hostile_server`); fuzz harnesses for every
//! answer decoder and the config parser (`fuzz_decoders`).

#[path = "../support/alloc_count.rs"]
mod alloc_count;
#[path = "../support/cli_support.rs"]
mod cli_support;
#[path = "../support/common.rs"]
mod common;
#[path = "../support/e2e_support.rs"]
mod e2e_support;
#[path = "../support/fault_fixture.rs"]
mod fault_fixture;

#[allow(dead_code)]
#[path = "../../benches/roster/pty.rs"]
mod pty;
#[allow(dead_code)]
#[path = "../../benches/roster/vt.rs"]
mod vt;

mod fuzz_decoders;
mod hardening;
mod hostile_cases;
mod hostile_server;
mod hostile_strings;
mod sanitize_props;
mod token_canary;
