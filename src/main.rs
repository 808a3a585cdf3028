//! roster: see README.md. The binary only parses arguments and hands over to the library.

use clap::Parser;
use roster::cli::args::{Cli, CliCommand};
use roster::sanitize::sanitize_line;

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        None => roster::tui::run_configured(cli.config.as_deref(), cli.readonly),
        Some(CliCommand::Demo) => roster::tui::run_demo(cli.readonly),
        Some(CliCommand::Sandbox(args)) => roster::cli::sandbox::run(args),
        Some(command) => Ok(roster::cli::run(
            cli.config.as_deref(),
            cli.readonly,
            command,
        )),
    };
    let code = result.unwrap_or_else(|error| {
        // The error and its causes, one line each; they may quote a server, so sanitized.
        eprintln!("roster: {}", sanitize_line(&error.to_string()));
        let mut cause = error.source();
        while let Some(e) = cause {
            eprintln!("  caused by: {}", sanitize_line(&e.to_string()));
            cause = e.source();
        }
        1
    });
    std::process::exit(code)
}
