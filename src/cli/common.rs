//! What the commands share: how a command fails and says so on stderr, and reading a user or naming
//! a workspace in messages. Apart from `mod.rs`, which runs the commands, so each command's file
//! uses this one and nothing of the file that calls it.

use crate::error::Error;
use crate::sanitize::{sanitize, sanitize_line};
use std::io;

/// Why a command stopped: the API or the configuration said no, or stdout could not be written.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An error with its exit code.
    Api(Error),
    /// Writing the output failed (a closed pipe, a full disk).
    Output(io::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Api(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

/// Prints a failure to stderr (prefixed with the profile once one is chosen) and returns the exit
/// code.
pub(crate) fn report(profile: Option<&str>, failure: &Failure) -> i32 {
    match failure {
        // The reader went away (`roster … | head`): nothing more to say, and nothing failed.
        Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Failure::Output(e) => {
            eprintln!("roster: cannot write the output: {e}");
            1
        }
        Failure::Api(e) => {
            print_error(profile, None, e);
            e.exit_code()
        }
    }
}

/// Prints `roster: [profile P: ][context: ]<error>` on stderr. Errors tied to a provider use the
/// error's one-line Display; roster's own messages keep their line breaks (e.g. a config example).
pub(crate) fn print_error(profile: Option<&str>, context: Option<&str>, e: &Error) {
    let mut line = String::from("roster: ");
    if let Some(p) = profile {
        line.push_str(&format!("profile {}: ", sanitize_line(p)));
    }
    if let Some(c) = context {
        line.push_str(&format!("{}: ", sanitize_line(c)));
    }
    if e.provider.is_empty() && e.status.is_none() {
        line.push_str(&sanitize(&e.message));
        if let Some(hint) = e.hint() {
            line.push_str(&format!("; {hint}"));
        }
    } else {
        line.push_str(&e.to_string());
    }
    tracing::warn!(kind = ?e.kind, "{}", sanitize_line(&line));
    eprintln!("{line}");
}

/// A usage error for user input that is not a valid email or ID.
pub(crate) fn parse_user(input: &str) -> Result<crate::model::UserRef, Error> {
    crate::model::UserRef::parse(input).map_err(Error::usage)
}

/// `"Name" (id ID)` for messages, sanitized.
pub(crate) fn describe_workspace(w: &crate::model::Workspace) -> String {
    crate::engine::outcome::describe_workspace(w)
}
