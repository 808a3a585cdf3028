//! `roster completions bash|zsh|fish` and `roster man`: generated from the same clap definition
//! as the parser (clap_complete, clap_mangen), so they never disagree with it.

use super::args::{Cli, Shell};
use clap::CommandFactory;
use std::io::Write;

/// Writes the completion script for `shell` to stdout; 0, or 1 when stdout cannot be written.
pub fn completions(shell: Shell) -> i32 {
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "roster", &mut out);
    write_out(&out)
}

/// Writes the manual page (roff) to stdout; 0, or 1 when it cannot be written.
pub fn man() -> i32 {
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut out) {
        eprintln!("roster: cannot render the manual page: {e}");
        return 1;
    }
    write_out(&out)
}

fn write_out(bytes: &[u8]) -> i32 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        // A closed pipe (`roster man | head`) is not worth an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("roster: cannot write to stdout: {e}");
            1
        }
    }
}
