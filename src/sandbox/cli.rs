//! `roster sandbox`: starts the emulator from the command line.

use crate::cli::args::SandboxArgs;

/// Runs the sandbox until Ctrl-C; returns the exit code.
pub fn run(args: SandboxArgs) -> color_eyre::Result<i32> {
    let _ = args;
    Ok(0)
}
