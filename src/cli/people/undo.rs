//! `roster undo [ID]`: plans the inverse of a change (the last one that took effect by default)
//! from its record in the audit log, says what it will do, and runs it through the change engine,
//! which refuses it and says what the server holds now when the member changed since.

use super::records::change_records;
use super::shared::ask;
use crate::cli::args::ChangeFormat;
use crate::cli::common::{Failure, report};
use crate::cli::output::to_json;
use crate::cli::results::{ChangeRecord, print_outcomes};
use crate::cli::session::Session;
use crate::config::Config;
use crate::engine::{Engine, RunOptions};
use crate::sanitize::{sanitize, sanitize_line};
use serde::Serialize;
use std::io::{self, Write};

/// The flags of `roster undo`.
#[derive(Debug, Clone, Copy)]
pub struct How {
    /// `--dry-run`: only say what it would do.
    pub dry_run: bool,
    /// `--yes`: do not ask first.
    pub yes: bool,
    /// `--force`: let it remove or demote a last owner.
    pub force: bool,
    /// `-o`.
    pub format: ChangeFormat,
}

/// Undoes change `id` (or the last one); returns the exit code.
pub async fn run(
    config: &Config,
    engine: &Engine,
    id: Option<&str>,
    how: How,
) -> Result<i32, Failure> {
    let undo = engine.plan_undo(id)?;
    let profile_name = undo.inverse.profile.clone();
    let profile = match config.profile(&profile_name) {
        Ok(p) => p.clone(),
        Err(e) => {
            return Ok(report(
                Some(&profile_name),
                &crate::error::Error::usage(format!(
                    "change {} was made on this profile, which the config no longer has: {}",
                    sanitize_line(&undo.id),
                    e.message
                ))
                .into(),
            ));
        }
    };
    if profile.kind != undo.inverse.provider {
        eprintln!(
            "roster: profile {}: it is now a {} profile, but change {} was made on {}; nothing \
             was sent",
            sanitize_line(&profile.name),
            profile.kind.display_name(),
            sanitize_line(&undo.id),
            undo.inverse.provider.display_name()
        );
        return Ok(2);
    }
    if how.dry_run {
        print_dry_run(&undo, how.format)?;
        return Ok(0);
    }
    if let Err(refusal) = engine.writable_profile(&profile.name, profile.readonly) {
        eprintln!(
            "roster: profile {}: {}",
            sanitize_line(&profile.name),
            sanitize(refusal.message())
        );
        return Ok(2);
    }
    eprintln!("roster: {}", undo.describe());
    if !how.yes && !ask(&format!("{}? [y/N] ", capitalize(&undo.inverse.describe())))? {
        eprintln!("roster: nothing was changed.");
        return Ok(1);
    }
    let session = match Session::for_profile(config, profile, None, Some(engine)) {
        Ok(s) => s,
        Err(e) => return Ok(report(Some(&profile_name), &e.into())),
    };
    let opts = RunOptions {
        force: how.force,
        also_accept: None,
    };
    let outcome = engine.undo(&session.target(), &undo, &opts).await;
    let outcomes = [outcome];
    match how.format {
        ChangeFormat::Table => Ok(print_outcomes(&outcomes, ChangeFormat::Table)?),
        ChangeFormat::Json => {
            let doc = UndoDocument {
                undoes: undo.id.clone(),
                changes: change_records(&outcomes),
            };
            let mut out = io::stdout().lock();
            writeln!(out, "{}", to_json(&doc)?)?;
            out.flush()?;
            Ok(outcomes[0].exit_code())
        }
    }
}

/// The JSON document of `roster undo -o json`.
#[derive(Serialize)]
struct UndoDocument {
    /// The ID of the change undone.
    undoes: String,
    /// The undo itself (one change, with its own `id`, which can be undone in turn).
    changes: Vec<ChangeRecord>,
}

/// The JSON document of `roster undo --dry-run -o json`.
#[derive(Serialize)]
struct DryRunDocument {
    /// The ID of the change it would undo.
    undoes: String,
    /// That change, in words.
    change: String,
    /// What the undo would do, in words.
    undo: String,
    /// `add`, `set-role` or `remove`: the undo's operation.
    operation: &'static str,
}

fn print_dry_run(undo: &crate::engine::undo::Undo, format: ChangeFormat) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match format {
        ChangeFormat::Table => writeln!(
            out,
            "Would {} (nothing is sent with --dry-run).",
            undo.describe()
        )?,
        ChangeFormat::Json => {
            let doc = DryRunDocument {
                undoes: undo.id.clone(),
                change: undo.original.describe(),
                undo: undo.inverse.describe(),
                operation: undo.inverse.operation().as_str(),
            };
            writeln!(out, "{}", to_json(&doc)?)?;
        }
    }
    out.flush()
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
