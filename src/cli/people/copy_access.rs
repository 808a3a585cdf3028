//! `roster copy-access FROM TO`: plans giving TO every direct grant FROM has, with the same role,
//! prints the plan (what is added, what TO already has and is left, what cannot be copied and
//! why), and with `--apply` runs it through the change engine.

use super::records::{FailedRecord, Summary, change_records, not_searched, workspace_field};
use super::shared::{Opened, Search, ask, change_progress, report_search, search, worst};
use crate::cli::args::ChangeFormat;
use crate::cli::common::Failure;
use crate::cli::output::{render_table, to_json};
use crate::cli::results::{ChangeRecord, WorkspaceField, print_outcomes};
use crate::engine::{ChangeOutcome, Engine, RunOptions};
use crate::model::UserRef;
use crate::people::copy::{self, CopyAction, CopyItem, CopyPlan};
use crate::sanitize::sanitize_line;
use serde::Serialize;
use std::io::{self, Write};

/// The flags of `roster copy-access`.
#[derive(Debug, Clone, Copy)]
pub struct How {
    /// `--apply`: run the plan.
    pub apply: bool,
    /// `--yes`: do not ask first.
    pub yes: bool,
    /// `--upgrade`: raise TO's lower roles to FROM's.
    pub upgrade: bool,
    /// `-o`.
    pub format: ChangeFormat,
}

/// Plans (and with `--apply` runs) the copy; returns the exit code.
pub async fn run(
    opened: &Opened,
    engine: &Engine,
    from: &UserRef,
    to: &UserRef,
    how: How,
) -> Result<i32, Failure> {
    let found = search(opened, from, &mut |_| Ok(())).await?;
    report_search(&found, from);
    let plan = copy::plan(&opened.sources, &found.checked, to, how.upgrade).await;
    let changes = plan.plan();
    let mut code = worst([
        if found.incomplete() { 1 } else { 0 },
        // A workspace whose copy could not even be planned (its read failed) is a failure.
        if plan.items.iter().any(is_read_failure) {
            1
        } else {
            0
        },
    ]);
    if how.format == ChangeFormat::Table {
        print_plan(from, to, &plan, how.apply && !changes.changes.is_empty())?;
    }
    if !how.apply || changes.changes.is_empty() {
        if how.format == ChangeFormat::Json {
            print_json(from, to, &plan, &found, &[])?;
        }
        return Ok(code);
    }
    if !how.yes {
        let n = changes.changes.len();
        let question = format!(
            "Give {} {n} grant{} of {}? [y/N] ",
            sanitize_line(to.as_str()),
            if n == 1 { "" } else { "s" },
            sanitize_line(from.as_str())
        );
        if !ask(&question)? {
            eprintln!("roster: nothing was changed.");
            return Ok(1);
        }
    }
    let opts = RunOptions::default();
    let progress = change_progress(changes.changes.len());
    let outcomes = engine
        .run_plan(&changes, &opened.targets(), &opts, true, &progress)
        .await;
    let ran = match how.format {
        ChangeFormat::Table => print_outcomes(&outcomes, ChangeFormat::Table)?,
        ChangeFormat::Json => {
            print_json(from, to, &plan, &found, &outcomes)?;
            worst(outcomes.iter().map(ChangeOutcome::exit_code))
        }
    };
    code = worst([code, ran]);
    Ok(code)
}

fn is_read_failure(item: &CopyItem) -> bool {
    matches!(&item.action, CopyAction::ReadFailed(_))
}

/// `add`, `set-role`, `already`, `left`, `cannot`.
fn action_word(item: &CopyItem) -> &'static str {
    match &item.action {
        CopyAction::Change(c) => c.operation().as_str(),
        CopyAction::Already => "already",
        CopyAction::Left(_) => "left",
        CopyAction::Cannot(_) | CopyAction::ReadFailed(_) => "cannot",
    }
}

fn detail(item: &CopyItem) -> String {
    match &item.action {
        CopyAction::Change(c) => c.describe(),
        CopyAction::Already => "they already have this role".to_string(),
        CopyAction::Left(why) | CopyAction::Cannot(why) => why.clone(),
        CopyAction::ReadFailed(e) => {
            format!("reading the workspace again failed, so nothing is planned here: {e}")
        }
    }
}

fn print_plan(from: &UserRef, to: &UserRef, plan: &CopyPlan, apply: bool) -> io::Result<()> {
    let mut out = io::stdout().lock();
    let n = plan.plan().changes.len();
    writeln!(
        out,
        "Plan: give {} the access {} has: {n} change{}{}",
        sanitize_line(to.as_str()),
        sanitize_line(from.as_str()),
        if n == 1 { "" } else { "s" },
        if apply || n == 0 {
            "."
        } else {
            " (nothing is sent without --apply)."
        }
    )?;
    if plan.items.is_empty() {
        writeln!(
            out,
            "{} has no access to copy in the workspaces searched.",
            sanitize_line(from.as_str())
        )?;
        return out.flush();
    }
    let headers: Vec<String> = [
        "PROFILE",
        "WORKSPACE",
        "FROM ROLE",
        "TO ROLE NOW",
        "ACTION",
        "DETAIL",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<String>> = plan
        .items
        .iter()
        .map(|i| {
            vec![
                sanitize_line(&i.profile).into_owned(),
                sanitize_line(&i.workspace.name).into_owned(),
                sanitize_line(&i.from_role.name).into_owned(),
                i.to_role
                    .as_ref()
                    .map_or_else(|| "-".to_string(), |r| sanitize_line(&r.name).into_owned()),
                action_word(i).to_string(),
                detail(i),
            ]
        })
        .collect();
    write!(out, "{}", render_table(&headers, &rows))?;
    out.flush()
}

/// One grant of FROM in the JSON document.
#[derive(Serialize)]
struct ItemRecord {
    /// Profile name.
    profile: String,
    /// Provider name.
    provider: &'static str,
    /// The workspace: `{id, name}`.
    workspace: WorkspaceField,
    /// FROM's role.
    from_role: String,
    /// TO's direct role now; null when none.
    to_role: Option<String>,
    /// `add`, `set-role`, `already`, `left`, `cannot`.
    action: &'static str,
    /// The change in words, or why it is left or cannot be copied.
    detail: String,
}

/// The JSON document of `roster copy-access -o json`.
#[derive(Serialize)]
struct CopyDocument {
    /// FROM as given.
    from: String,
    /// TO as given.
    to: String,
    /// Whether the plan was run.
    applied: bool,
    /// One item per grant of FROM.
    plan: Vec<ItemRecord>,
    /// Each change's outcome (empty without `--apply`).
    changes: Vec<ChangeRecord>,
    /// Profiles and workspaces that could not be searched.
    not_searched: Vec<FailedRecord>,
    /// Counts.
    summary: Summary,
}

fn print_json(
    from: &UserRef,
    to: &UserRef,
    plan: &CopyPlan,
    found: &Search,
    outcomes: &[ChangeOutcome],
) -> io::Result<()> {
    let doc = CopyDocument {
        from: from.as_str().to_string(),
        to: to.as_str().to_string(),
        applied: !outcomes.is_empty(),
        plan: plan
            .items
            .iter()
            .map(|i| ItemRecord {
                profile: i.profile.clone(),
                provider: i.provider.as_str(),
                workspace: workspace_field(&i.workspace),
                from_role: i.from_role.name.clone(),
                to_role: i.to_role.as_ref().map(|r| r.name.clone()),
                action: action_word(i),
                detail: detail(i),
            })
            .collect(),
        changes: change_records(outcomes),
        not_searched: not_searched(found),
        summary: Summary::new(plan.plan().changes.len(), outcomes),
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{}", to_json(&doc)?)?;
    out.flush()
}
