//! Membership as code in the CLI, shared by `roster plan` and `roster apply`: reading a membership
//! file ([`read_file`]), building the plan against the servers ([`build`]) and showing it
//! ([`show`]). The file format itself lives in [`crate::membership`].

pub(super) mod build;
pub(super) mod run;
pub(super) mod show;

use crate::membership::{FileError, Format, MembershipFile, Mode};
use crate::sanitize::sanitize_line;
use std::io::Read;
use std::path::Path;

/// How many file errors are printed; the rest are counted.
const SHOWN_ERRORS: usize = 50;

/// Exit code of `plan` when changes are needed (drift).
pub(super) const DRIFT: i32 = 3;

/// Reads and parses the membership file at `path` (`-`: stdin). Every error is printed on stderr
/// as `roster: file:line: …`; the error is the exit code (2).
pub(super) fn read_file(path: &Path) -> Result<MembershipFile, i32> {
    let name = path.display().to_string();
    let text = if name == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(path)
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "roster: cannot read the membership file {}: {e}",
                sanitize_line(&name)
            );
            return Err(2);
        }
    };
    MembershipFile::parse(&name, &text, Format::detect(&name, &text)).map_err(|errors| {
        print_file_errors(&name, &errors, "nothing was sent");
        2
    })
}

/// Prints file errors (the first [`SHOWN_ERRORS`]), then how many and `consequence`.
pub(super) fn print_file_errors(name: &str, errors: &[FileError], consequence: &str) {
    for e in errors.iter().take(SHOWN_ERRORS) {
        eprintln!("roster: {}", sanitize_line(&e.to_string()));
    }
    if errors.len() > SHOWN_ERRORS {
        eprintln!("roster: … and {} more", errors.len() - SHOWN_ERRORS);
    }
    eprintln!(
        "roster: {} has {} error{}; {consequence}.",
        sanitize_line(name),
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
}

/// The library's mode for the command line's.
pub(super) fn mode(m: super::args::SyncMode) -> Mode {
    match m {
        super::args::SyncMode::Sync => Mode::Sync,
        super::args::SyncMode::AddOnly => Mode::AddOnly,
        super::args::SyncMode::RemoveOnly => Mode::RemoveOnly,
    }
}

/// The tokio runtime of a command, with `threads` worker threads (at least two).
pub(super) fn runtime(threads: usize) -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(2))
        .enable_all()
        .build()
    {
        Ok(rt) => Some(rt),
        Err(e) => {
            eprintln!("roster: cannot start the async runtime: {e}");
            None
        }
    }
}
