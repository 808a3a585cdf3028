//! roster: see README.md. The binary only parses arguments and hands over to the library.

use clap::Parser;
use roster::cli::args::{Cli, CliCommand};

fn main() -> color_eyre::Result<()> {
    // Installed before any terminal setup so a panic report is printed after the terminal is restored.
    color_eyre::install()?;
    let cli = Cli::parse();
    let code = match cli.command {
        None => roster::tui::run_configured(cli.config.as_deref(), cli.readonly)?,
        Some(CliCommand::Demo) => roster::tui::run_demo(cli.readonly)?,
        Some(CliCommand::Sandbox(args)) => roster::cli::sandbox::run(args)?,
        Some(command) => roster::cli::run(cli.config.as_deref(), cli.readonly, command),
    };
    std::process::exit(code)
}
