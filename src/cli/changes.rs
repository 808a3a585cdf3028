//! `roster add`, `set-role`, `remove`, `create-workspace` and `recover`: each builds a change from
//! what was typed (reading the server, sending nothing) and hands it to the change engine, which
//! prechecks, journals, runs, verifies and records it. What is printed, the exit code and the audit
//! line all come from the engine's verdict.

use super::args::ChangeFormat;
use super::results::{print_outcomes, print_recoveries};
use super::session::Session;
use super::{Failure, parse_user};
use crate::config::Config;
use crate::engine::recover::Direction;
use crate::engine::{Change, Engine, RunOptions, planner};
use crate::model::{NewWorkspace, Support};
use crate::sanitize::sanitize_line;
use std::io::{self, BufRead, Write};

/// Adds a user (email or ID) to a workspace with a role.
pub async fn add(
    s: &Session,
    engine: &Engine,
    workspace: &str,
    user: &str,
    role: &str,
    format: ChangeFormat,
) -> Result<i32, Failure> {
    let user = parse_user(user)?;
    let change = planner::add(&*s.provider, &s.profile.name, workspace, &user, role).await?;
    run_one(s, engine, change, false, format).await
}

/// Changes a direct member's role.
pub async fn set_role(
    s: &Session,
    engine: &Engine,
    workspace: &str,
    user: &str,
    role: &str,
    force: bool,
    format: ChangeFormat,
) -> Result<i32, Failure> {
    let user = parse_user(user)?;
    let change = planner::set_role(&*s.provider, &s.profile.name, workspace, &user, role).await?;
    note_emulated(&s.provider.capabilities().set_role, &change);
    run_one(s, engine, change, force, format).await
}

/// Removes a direct member, after asking on a terminal unless `yes`.
pub async fn remove(
    s: &Session,
    engine: &Engine,
    workspace: &str,
    user: &str,
    confirm: Confirm,
    format: ChangeFormat,
) -> Result<i32, Failure> {
    let user = parse_user(user)?;
    let change = planner::remove(&*s.provider, &s.profile.name, workspace, &user).await?;
    if !confirm.yes && !ask(&remove_question(&change))? {
        eprintln!("roster: not removed.");
        return Ok(1);
    }
    note_emulated(&s.provider.capabilities().remove, &change);
    run_one(s, engine, change, confirm.force, format).await
}

/// Whether a removal was confirmed on the command line, and forced past the last-owner guard.
#[derive(Debug, Clone, Copy)]
pub struct Confirm {
    /// `--yes`.
    pub yes: bool,
    /// `--force`.
    pub force: bool,
}

/// Creates a workspace.
pub async fn create_workspace(
    s: &Session,
    engine: &Engine,
    new: &NewWorkspace,
    format: ChangeFormat,
) -> Result<i32, Failure> {
    let change = planner::create_workspace(&*s.provider, &s.profile.name, new);
    run_one(s, engine, change, false, format).await
}

async fn run_one(
    s: &Session,
    engine: &Engine,
    change: Change,
    force: bool,
    format: ChangeFormat,
) -> Result<i32, Failure> {
    let opts = RunOptions {
        force,
        also_accept: None,
    };
    let outcome = engine.run(&s.target(), change, &opts).await;
    Ok(print_outcomes(&[outcome], format)?)
}

/// `roster recover`: every unfinished change of the journal, beside a fresh read, completed or
/// rolled back (or only shown, with `dry_run`).
pub async fn recover(
    config: &Config,
    engine: &Engine,
    direction: Direction,
    dry_run: bool,
    force: bool,
    format: ChangeFormat,
) -> Result<i32, Failure> {
    let unfinished = engine
        .unfinished()
        .map_err(|e| crate::error::Error::usage(format!("cannot read the change journal: {e}")))?;
    if unfinished.is_empty() {
        eprintln!("roster: the journal has no unfinished change; nothing to recover.");
        if format == ChangeFormat::Json {
            print_recoveries(&[], format)?;
        }
        return Ok(0);
    }
    let mut recoveries = Vec::with_capacity(unfinished.len());
    for u in unfinished {
        let profile = match config.profile(&u.change.profile) {
            Ok(p) => p.clone(),
            Err(e) => {
                recoveries.push(unusable(u, &e.to_string()));
                continue;
            }
        };
        if profile.kind != u.change.provider {
            let why = format!(
                "profile {} is now a {} profile, but the change was made on {}",
                sanitize_line(&profile.name),
                profile.kind.display_name(),
                u.change.provider.display_name()
            );
            recoveries.push(unusable(u, &why));
            continue;
        }
        let session = match Session::for_profile(config, profile, None, Some(engine)) {
            Ok(s) => s,
            Err(e) => {
                recoveries.push(unusable(u, &e.to_string()));
                continue;
            }
        };
        let recovery = if dry_run {
            engine.inspect(&session.target(), u).await
        } else {
            engine.recover(&session.target(), u, direction, force).await
        };
        recoveries.push(recovery);
    }
    Ok(print_recoveries(&recoveries, format)?)
}

fn unusable(u: crate::engine::journal::Unfinished, why: &str) -> crate::engine::recover::Recovery {
    crate::engine::recover::Recovery {
        message: format!("cannot be recovered now: {}", sanitize_line(why)),
        verdict: crate::engine::Verdict::Failed,
        before: None,
        outcome: None,
        unfinished: u,
    }
}

/// Tells the admin when roster builds a change from several calls that change state (so it is not
/// atomic). Emulated look-ups (finding a user by email) need no warning.
fn note_emulated(support: &Support, change: &Change) {
    if let Support::Emulated(how) = support
        && change.operation() != crate::engine::Operation::None
    {
        eprintln!("roster: note: {how}");
    }
}

/// `Remove Name <email> (id ID) from "Workspace" (id W)? [y/N] `.
fn remove_question(change: &Change) -> String {
    match &change.subject {
        crate::engine::Subject::Membership(m) => format!(
            "Remove {} from {}? [y/N] ",
            m.member
                .as_ref()
                .map_or_else(|| m.label(), crate::engine::outcome::describe_member),
            crate::engine::outcome::describe_workspace(&m.workspace)
        ),
        crate::engine::Subject::Workspace(_) => format!("{}? [y/N] ", change.describe()),
    }
}

/// Asks a yes/no question on the terminal; only `y` or `yes` means yes.
fn ask(question: &str) -> io::Result<bool> {
    let mut err = io::stderr();
    write!(err, "{question}")?;
    err.flush()?;
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}
