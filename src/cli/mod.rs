//! The scripting commands: every action of the TUI as a non-interactive subcommand.
//!
//! Exit codes: 0 success, 1 the API refused or failed, 2 a usage or configuration error.
//! Errors go to stderr as `roster: profile NAME: <error>`; stdout carries only the listing or the
//! confirmed result, so it can be piped.

mod apply;
pub mod args;
mod audit_log;
mod changes;
mod code;
mod common;
mod diff;
mod export;
mod listings;
mod members_all;
pub mod output;
mod people;
mod plan;
mod profiles;
mod records;
mod results;
pub mod sandbox;
mod session;
mod shell_integration;
mod signals;

pub(crate) use common::{Failure, describe_workspace, parse_user, print_error, report};

use crate::config::Config;
use crate::engine::Engine;
use crate::engine::recover::Direction;
use crate::error::Error;
use crate::sanitize::{sanitize, sanitize_line};
use args::{CliCommand, ProfileArg};
use session::Session;
use std::io::{self, IsTerminal};
use std::path::Path;

/// Runs one scripting command and returns the process exit code (0 ok, 1 API error, 2 usage/config).
/// `readonly` refuses every change before any request is sent.
pub fn run(config: Option<&Path>, readonly: bool, command: CliCommand) -> i32 {
    let _log = crate::logging::init();
    if !matches!(
        command,
        CliCommand::Recover { .. } | CliCommand::Completions { .. } | CliCommand::Man
    ) {
        warn_unfinished();
    }
    match command {
        CliCommand::Profiles(o) => profiles::run(config, o.output),
        CliCommand::Audit {
            profile,
            since,
            output,
        } => audit_log::run(profile.as_deref(), since.as_deref(), output.output),
        CliCommand::Completions { shell } => shell_integration::completions(shell),
        CliCommand::Man => shell_integration::man(),
        CliCommand::Sandbox(_) | CliCommand::Demo => {
            // main.rs handles these; reaching here means a wiring mistake, not a user error.
            eprintln!("roster: this command is not a scripting command");
            2
        }
        CliCommand::Remove { yes: false, .. } if !io::stdin().is_terminal() => {
            // Checked before anything is loaded or called: a script must say --yes explicitly.
            eprintln!(
                "roster: refusing to remove without confirmation: stdin is not a terminal, \
                 so roster cannot ask; pass --yes to remove without asking"
            );
            2
        }
        CliCommand::Recover {
            rollback,
            dry_run,
            force,
            output,
        } => {
            let direction = if rollback {
                Direction::Rollback
            } else {
                Direction::Complete
            };
            let config = match Config::load(config) {
                Ok(c) => c,
                Err(e) => return report(None, &e.into()),
            };
            let engine = Engine::open_default(readonly);
            if !dry_run
                && let Some(refusal) = engine.disabled_reason().map(str::to_string).or_else(|| {
                    engine
                        .is_readonly()
                        .then(|| "roster runs read-only (--readonly): nothing is recovered".into())
                })
            {
                eprintln!("roster: {}", sanitize(&refusal));
                return 2;
            }
            let Some(runtime) = runtime() else { return 1 };
            let code = runtime.block_on(async {
                let signals = signals::guard(&engine);
                let result =
                    changes::recover(&config, &engine, direction, dry_run, force, output.output)
                        .await;
                signals.exit_code(result)
            });
            match code {
                Ok(code) => code,
                Err(e) => report(None, &e),
            }
        }
        CliCommand::People(command) => people::run(config, readonly, command),
        CliCommand::Export(args) => export::run(config, args),
        CliCommand::Plan(args) => plan::run(config, args),
        CliCommand::Apply(args) => apply::run(config, readonly, args),
        CliCommand::Diff(args) => diff::run(args),
        command => run_with_profile(config, readonly, command),
    }
}

/// Says on stderr when the journal holds unfinished changes (roster was killed mid-change, or an
/// emulated change stopped half-way): every command says it until `roster recover` settles them.
fn warn_unfinished() {
    let Some(audit) = crate::audit::AuditLog::default_path() else {
        return;
    };
    let journal = crate::engine::journal::Journal::beside(&audit);
    match journal.unfinished() {
        Ok(open) => {
            let waiting: Vec<_> = open.iter().filter(|u| !u.running).collect();
            if let Some(first) = waiting.first() {
                let more = match waiting.len() {
                    1 => String::new(),
                    n => format!(" and {} more", n - 1),
                };
                eprintln!(
                    "roster: warning: an unfinished change is in the journal: {} (change {},                      started {}){more}; run `roster recover` to see it beside a fresh read and                      complete it (or `roster recover --rollback` to undo it)",
                    first.change.describe(),
                    sanitize_line(&first.id),
                    sanitize_line(&first.time)
                );
            }
        }
        Err(e) => eprintln!(
            "roster: warning: cannot read the change journal {}: {e}",
            journal.path().display()
        ),
    }
}

fn runtime() -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
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

/// Loads the config, opens the profile and runs a command that talks to one provider.
fn run_with_profile(config_path: Option<&Path>, readonly: bool, command: CliCommand) -> i32 {
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
        CliCommand::Add { .. }
            | CliCommand::SetRole { .. }
            | CliCommand::Remove { .. }
            | CliCommand::CreateWorkspace { .. }
    );
    let engine = changes.then(|| Engine::open_default(readonly));
    if let Some(engine) = &engine {
        // Read-only and an unwritable audit log refuse before a token is read or a request sent.
        let profile_readonly = config.profile(&arg.profile).is_ok_and(|p| p.readonly);
        if let Err(refusal) = engine.writable_profile(&arg.profile, profile_readonly) {
            eprintln!(
                "roster: profile {}: {}",
                sanitize_line(&arg.profile),
                sanitize(refusal.message())
            );
            return 2;
        }
    }
    let session = match Session::open(&config, &arg, engine.as_ref()) {
        Ok(s) => s,
        Err(e) => return report(Some(&arg.profile), &e.into()),
    };
    let Some(runtime) = runtime() else { return 1 };
    let result = runtime.block_on(async {
        match &engine {
            Some(engine) => {
                let signals = signals::guard(engine);
                let result = dispatch(&session, Some(engine), command).await;
                signals.exit_code(result)
            }
            None => dispatch(&session, None, command).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => report(Some(&arg.profile), &e),
    }
}

async fn dispatch(
    s: &Session,
    engine: Option<&Engine>,
    command: CliCommand,
) -> Result<i32, Failure> {
    let engine = || engine.ok_or_else(|| Failure::from(Error::usage("internal: no change engine")));
    match command {
        // Handled by `run` before any profile is loaded.
        CliCommand::Completions { .. } | CliCommand::Man => Ok(0),
        CliCommand::Workspaces { output, .. } => listings::workspaces(s, output.output).await,
        CliCommand::Members {
            workspace: None,
            inherited,
            output,
            ..
        } => members_all::run(s, inherited, output.output).await,
        CliCommand::Members {
            workspace: Some(w),
            inherited,
            output,
            ..
        } => listings::members(s, &w, inherited, output.output).await,
        CliCommand::Roles {
            workspace, output, ..
        } => listings::roles(s, &workspace, output.output).await,
        CliCommand::Add {
            workspace,
            user,
            role,
            output,
            ..
        } => changes::add(s, engine()?, &workspace, &user, &role, output.output).await,
        CliCommand::SetRole {
            workspace,
            user,
            role,
            force,
            output,
            ..
        } => changes::set_role(s, engine()?, &workspace, &user, &role, force, output.output).await,
        CliCommand::Remove {
            workspace,
            user,
            yes,
            force,
            output,
            ..
        } => {
            let confirm = changes::Confirm { yes, force };
            changes::remove(s, engine()?, &workspace, &user, confirm, output.output).await
        }
        CliCommand::CreateWorkspace {
            name,
            key,
            description,
            billing_email,
            first_member,
            output,
            ..
        } => {
            // The flags some providers' APIs take become options by their API's own names.
            let options = [
                ("key", key),
                ("billing_email", billing_email),
                ("first_member", first_member),
            ]
            .into_iter()
            .filter_map(|(name, value)| value.map(|v| (name.to_string(), v)))
            .collect();
            let new = crate::model::NewWorkspace {
                name,
                description,
                options,
            };
            changes::create_workspace(s, engine()?, &new, output.output).await
        }
        CliCommand::Profiles(_)
        | CliCommand::Audit { .. }
        | CliCommand::Sandbox(_)
        | CliCommand::Demo
        | CliCommand::People(_)
        | CliCommand::Recover { .. }
        | CliCommand::Export(_)
        | CliCommand::Plan(_)
        | CliCommand::Apply(_)
        | CliCommand::Diff(_) => Err(Error::usage("this command does not take a profile").into()),
    }
}

fn profile_arg(command: &CliCommand) -> Option<&ProfileArg> {
    match command {
        CliCommand::Workspaces { profile, .. }
        | CliCommand::Members { profile, .. }
        | CliCommand::Roles { profile, .. }
        | CliCommand::Add { profile, .. }
        | CliCommand::SetRole { profile, .. }
        | CliCommand::Remove { profile, .. }
        | CliCommand::CreateWorkspace { profile, .. } => Some(profile),
        _ => None,
    }
}
