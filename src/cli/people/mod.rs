//! `roster who`, `offboard`, `copy-access` and `undo`: one person across every profile.
//!
//! Each opens the profiles named with `-p` (every configured profile when none is named), searches
//! them concurrently with the library's finder ([`crate::people`]) and, for the changing commands,
//! hands the plan to the change engine. A profile that cannot be opened or listed is reported on
//! stderr, the others still answer, and the exit code is 1.

mod copy_access;
mod offboard;
mod records;
mod shared;
mod undo;
mod who;

use super::args::PeopleCommand;
use crate::cli::common::{Failure, parse_user, report};
use crate::config::Config;
use crate::engine::Engine;
use crate::sanitize::sanitize;
use shared::open;
use std::io::{self, IsTerminal};
use std::path::Path;

/// Runs one of the commands; returns the exit code.
pub fn run(config_path: Option<&Path>, readonly: bool, command: PeopleCommand) -> i32 {
    if needs_a_terminal(&command) && !io::stdin().is_terminal() {
        // Checked before anything is loaded or called: a script must say --yes explicitly.
        eprintln!(
            "roster: refusing to change anything without confirmation: stdin is not a terminal, \
             so roster cannot ask; pass --yes to go ahead without asking"
        );
        return 2;
    }
    let config = match Config::load(config_path) {
        Ok(c) => c,
        Err(e) => return report(None, &e.into()),
    };
    let engine = Engine::open_default(readonly);
    if changes(&command)
        && let Err(refusal) = engine.writable_profile("", false)
    {
        // Read-only and an unwritable audit log refuse before a token is read or a request sent.
        eprintln!("roster: {}", sanitize(refusal.message()));
        return 2;
    }
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
    let changes = changes(&command);
    let result = runtime.block_on(async {
        if changes {
            let signals = super::signals::guard(&engine);
            let result = dispatch(&config, &engine, command).await;
            signals.exit_code(result)
        } else {
            dispatch(&config, &engine, command).await
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => report(None, &e),
    }
}

async fn dispatch(
    config: &Config,
    engine: &Engine,
    command: PeopleCommand,
) -> Result<i32, Failure> {
    match command {
        PeopleCommand::Who {
            user,
            profiles,
            output,
        } => {
            let user = parse_user(&user)?;
            let opened = open(config, &profiles.profiles, None)?;
            who::run(&opened, &user, output.output).await
        }
        PeopleCommand::Offboard {
            user,
            profiles,
            apply,
            yes,
            force,
            output,
        } => {
            let user = parse_user(&user)?;
            let opened = open(config, &profiles.profiles, apply.then_some(engine))?;
            let how = offboard::How {
                apply,
                yes,
                force,
                format: output.output,
            };
            offboard::run(&opened, engine, &user, how).await
        }
        PeopleCommand::CopyAccess {
            from,
            to,
            profiles,
            apply,
            yes,
            upgrade,
            output,
        } => {
            let from = parse_user(&from)?;
            let to = parse_user(&to)?;
            let opened = open(config, &profiles.profiles, apply.then_some(engine))?;
            let how = copy_access::How {
                apply,
                yes,
                upgrade,
                format: output.output,
            };
            copy_access::run(&opened, engine, &from, &to, how).await
        }
        PeopleCommand::Undo {
            id,
            dry_run,
            yes,
            force,
            output,
        } => {
            let how = undo::How {
                dry_run,
                yes,
                force,
                format: output.output,
            };
            undo::run(config, engine, id.as_deref(), how).await
        }
    }
}

/// Whether the command asks before changing anything and was not told `--yes`: it must then
/// be run on a terminal.
fn needs_a_terminal(command: &PeopleCommand) -> bool {
    match command {
        PeopleCommand::Who { .. } => false,
        PeopleCommand::Offboard { apply, yes, .. }
        | PeopleCommand::CopyAccess { apply, yes, .. } => *apply && !*yes,
        PeopleCommand::Undo { dry_run, yes, .. } => !*dry_run && !*yes,
    }
}

/// Whether the command sends changes (read-only refuses it).
fn changes(command: &PeopleCommand) -> bool {
    match command {
        PeopleCommand::Who { .. } => false,
        PeopleCommand::Offboard { apply, .. } | PeopleCommand::CopyAccess { apply, .. } => *apply,
        PeopleCommand::Undo { dry_run, .. } => !*dry_run,
    }
}
