//! The scripting commands: every action of the TUI as a non-interactive subcommand.
//!
//! Exit codes: 0 success, 1 the API refused or failed, 2 a usage or configuration error.
//! Errors go to stderr as `roster: profile NAME: <error>`; stdout carries only the listing or the
//! confirmed result, so it can be piped.

pub mod args;
mod audit_log;
mod changes;
mod listings;
mod members_all;
pub mod output;
mod profiles;
mod records;
pub mod sandbox;
mod session;

use crate::config::Config;
use crate::error::{Error, ErrorKind};
use crate::sanitize::{sanitize, sanitize_line};
use args::{Command, ProfileArg};
use session::Session;
use std::io::{self, IsTerminal};
use std::path::Path;

/// Runs one scripting command and returns the process exit code (0 ok, 1 API error, 2 usage/config).
pub fn run(config: Option<&Path>, command: Command) -> i32 {
    let _log = crate::logging::init();
    match command {
        Command::Profiles(o) => profiles::run(config, o.output),
        Command::Audit {
            profile,
            since,
            output,
        } => audit_log::run(profile.as_deref(), since.as_deref(), output.output),
        Command::Sandbox(_) | Command::Demo => {
            // main.rs handles these; reaching here means a wiring mistake, not a user error.
            eprintln!("roster: this command is not a scripting command");
            2
        }
        Command::Remove { yes: false, .. } if !io::stdin().is_terminal() => {
            // Checked before anything is loaded or called: a script must say --yes explicitly.
            eprintln!(
                "roster: refusing to remove without confirmation: stdin is not a terminal, \
                 so roster cannot ask; pass --yes to remove without asking"
            );
            2
        }
        command => run_with_profile(config, command),
    }
}

/// Loads the config, opens the profile and runs a command that talks to one provider.
fn run_with_profile(config_path: Option<&Path>, command: Command) -> i32 {
    let Some(arg) = profile_arg(&command).cloned() else {
        eprintln!("roster: this command needs --profile");
        return 2;
    };
    let config = match Config::load(config_path) {
        Ok(c) => c,
        Err(e) => return report(None, &e.into()),
    };
    let changes = matches!(
        command,
        Command::Add { .. }
            | Command::SetRole { .. }
            | Command::Remove { .. }
            | Command::CreateWorkspace { .. }
    );
    let session = match Session::open(&config, &arg, changes) {
        Ok(s) => s,
        Err(e) => return report(Some(&arg.profile), &e.into()),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("roster: cannot start the async runtime: {e}");
            return 1;
        }
    };
    let result = runtime.block_on(dispatch(&session, command));
    match result {
        Ok(code) => code,
        Err(e) => report(Some(&arg.profile), &e),
    }
}

async fn dispatch(s: &Session, command: Command) -> Result<i32, Failure> {
    match command {
        Command::Workspaces { output, .. } => listings::workspaces(s, output.output).await,
        Command::Members {
            workspace: None,
            inherited,
            output,
            ..
        } => members_all::run(s, inherited, output.output).await,
        Command::Members {
            workspace: Some(w),
            inherited,
            output,
            ..
        } => listings::members(s, &w, inherited, output.output).await,
        Command::Roles {
            workspace, output, ..
        } => listings::roles(s, &workspace, output.output).await,
        Command::Add {
            workspace,
            user,
            role,
            ..
        } => changes::add(s, &workspace, &user, &role).await,
        Command::SetRole {
            workspace,
            user,
            role,
            ..
        } => changes::set_role(s, &workspace, &user, &role).await,
        Command::Remove {
            workspace,
            user,
            yes,
            ..
        } => changes::remove(s, &workspace, &user, yes).await,
        Command::CreateWorkspace {
            name,
            key,
            description,
            billing_email,
            first_member,
            ..
        } => {
            let new = crate::model::NewWorkspace {
                name,
                key,
                description,
                billing_email,
                first_member,
            };
            changes::create_workspace(s, &new).await
        }
        Command::Profiles(_) | Command::Audit { .. } | Command::Sandbox(_) | Command::Demo => {
            Err(Error::usage("this command does not take a profile").into())
        }
    }
}

fn profile_arg(command: &Command) -> Option<&ProfileArg> {
    match command {
        Command::Workspaces { profile, .. }
        | Command::Members { profile, .. }
        | Command::Roles { profile, .. }
        | Command::Add { profile, .. }
        | Command::SetRole { profile, .. }
        | Command::Remove { profile, .. }
        | Command::CreateWorkspace { profile, .. } => Some(profile),
        _ => None,
    }
}

/// Why a command stopped: the API or the configuration said no, or stdout could not be written.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An error with its exit code.
    Api(Error),
    /// Writing the output failed (a closed pipe, a full disk).
    Output(io::Error),
    /// Already reported on stderr; exit with this code.
    Exit(i32),
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
fn report(profile: Option<&str>, failure: &Failure) -> i32 {
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
        Failure::Exit(code) => *code,
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
fn parse_user(input: &str) -> Result<crate::model::UserRef, Error> {
    crate::model::UserRef::parse(input).map_err(Error::usage)
}

/// `"Name" (id ID)` for messages, sanitized.
fn describe_workspace(w: &crate::model::Workspace) -> String {
    format!(
        "\"{}\" (id {})",
        sanitize_line(&w.name),
        sanitize_line(&w.id)
    )
}

/// `Name <email> (id ID)` or the parts that exist, sanitized.
fn describe_member(m: &crate::model::Member) -> String {
    let mut s = String::new();
    if let Some(name) = m.name.as_deref().filter(|n| !n.is_empty()) {
        s.push_str(&sanitize_line(name));
        s.push(' ');
    }
    if let Some(email) = m.email.as_deref().filter(|n| !n.is_empty()) {
        s.push_str(&format!("<{}> ", sanitize_line(email)));
    }
    s.push_str(&format!("(id {})", sanitize_line(&m.id)));
    s
}

/// Whether an error means "not found" (used to decide whether to look for inherited access).
fn is_not_found(e: &Error) -> bool {
    e.kind == ErrorKind::NotFound
}
