//! The scripting commands: every action of the TUI as a non-interactive subcommand.

pub mod args;

use args::Command;
use std::path::Path;

/// Runs one scripting command and returns the process exit code (0 ok, 1 API error, 2 usage/config).
pub fn run(config: Option<&Path>, command: Command) -> i32 {
    let _ = (config, command);
    eprintln!("roster: not built yet");
    2
}
