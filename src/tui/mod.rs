//! The interactive terminal UI.

use std::path::Path;

/// Opens the TUI on the configured profiles; returns the exit code.
pub fn run_configured(config: Option<&Path>, readonly: bool) -> color_eyre::Result<i32> {
    let _ = (config, readonly);
    Ok(0)
}

/// Starts the sandbox in-process with the demo dataset and opens the TUI on it.
pub fn run_demo(readonly: bool) -> color_eyre::Result<i32> {
    let _ = readonly;
    Ok(0)
}
