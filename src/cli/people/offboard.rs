//! `roster offboard USER`: plans removing every direct grant the person has across the profiles,
//! prints the plan, and with `--apply` runs it through the change engine (each profile within its
//! own concurrency bound), then prints each change's outcome and the access that remains (an
//! organisation role, a group, a last owner left in place), each with where to remove it.

use super::records::{
    FailedRecord, LastOwnerRecord, PlannedRecord, RemainingRecord, Summary, change_records,
    not_searched,
};
use super::shared::{Opened, Search, ask, change_progress, report_search, search, worst};
use crate::cli::args::ChangeFormat;
use crate::cli::common::Failure;
use crate::cli::output::{render_table, to_json};
use crate::cli::results::{ChangeRecord, print_outcomes};
use crate::engine::{ChangeOutcome, Engine, RunOptions, Subject};
use crate::model::UserRef;
use crate::people::offboard::{self, OffboardPlan};
use crate::people::remaining::Remaining;
use crate::sanitize::sanitize_line;
use serde::Serialize;
use std::io::{self, Write};

/// The flags of `roster offboard`.
#[derive(Debug, Clone, Copy)]
pub struct How {
    /// `--apply`: run the plan.
    pub apply: bool,
    /// `--yes`: do not ask first.
    pub yes: bool,
    /// `--force`: remove last owners too.
    pub force: bool,
    /// `-o`.
    pub format: ChangeFormat,
}

/// Plans (and with `--apply` runs) the offboarding; returns the exit code.
pub async fn run(
    opened: &Opened,
    engine: &Engine,
    who: &UserRef,
    how: How,
) -> Result<i32, Failure> {
    let found = search(opened, who, &mut |_| Ok(())).await?;
    report_search(&found, who);
    let plan = offboard::plan(&found.checked, how.force);
    let searched = if found.incomplete() { 1 } else { 0 };
    if !how.apply || plan.plan.changes.is_empty() {
        if how.format == ChangeFormat::Table {
            print_plan(who, &plan, &found, how.apply)?;
            print_remaining(&plan.remaining(&[]))?;
        } else {
            print_json(who, &plan, &found, how.apply, &[])?;
        }
        return Ok(searched);
    }
    if how.format == ChangeFormat::Table {
        print_plan(who, &plan, &found, how.apply)?;
    }
    if !how.yes {
        let question = format!(
            "Remove {} from {} workspace{} in {} profile{}? [y/N] ",
            sanitize_line(who.as_str()),
            plan.plan.changes.len(),
            plural(plan.plan.changes.len()),
            profiles_in(&plan),
            plural(profiles_in(&plan))
        );
        if !ask(&question)? {
            eprintln!("roster: nothing was removed.");
            return Ok(1);
        }
    }
    let opts = RunOptions {
        force: how.force,
        also_accept: None,
    };
    let progress = change_progress(plan.plan.changes.len());
    // Every grant is tried: one that fails does not keep the person in the others.
    let outcomes = engine
        .run_plan(&plan.plan, &opened.targets(), &opts, true, &progress)
        .await;
    let code = match how.format {
        ChangeFormat::Table => {
            let code = print_outcomes(&outcomes, ChangeFormat::Table)?;
            print_remaining(&plan.remaining(&outcomes))?;
            code
        }
        ChangeFormat::Json => {
            print_json(who, &plan, &found, true, &outcomes)?;
            worst(outcomes.iter().map(ChangeOutcome::exit_code))
        }
    };
    Ok(worst([code, searched]))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn profiles_in(plan: &OffboardPlan) -> usize {
    let mut names: Vec<&str> = plan
        .plan
        .changes
        .iter()
        .map(|c| c.profile.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

/// The plan for people: what will be removed, and the last owners left in place (or forced).
fn print_plan(who: &UserRef, plan: &OffboardPlan, found: &Search, apply: bool) -> io::Result<()> {
    let mut out = io::stdout().lock();
    let n = plan.plan.changes.len();
    let who = sanitize_line(who.as_str());
    if n == 0 {
        writeln!(
            out,
            "Nothing to remove: {who} has no direct grant that roster can remove in the {} \
             workspace{} searched.",
            found.workspaces(),
            plural(found.workspaces())
        )?;
    } else {
        writeln!(
            out,
            "Plan: remove {who} from {n} workspace{} in {} profile{}{}",
            plural(n),
            profiles_in(plan),
            plural(profiles_in(plan)),
            if apply {
                ":"
            } else {
                " (nothing is sent without --apply):"
            }
        )?;
        let rows: Vec<Vec<String>> = plan
            .plan
            .changes
            .iter()
            .filter_map(|c| match &c.subject {
                Subject::Membership(m) => Some(vec![
                    sanitize_line(&c.profile).into_owned(),
                    c.provider.display_name().to_string(),
                    sanitize_line(&m.workspace.name).into_owned(),
                    m.seen
                        .role()
                        .map(|r| sanitize_line(&r.name).into_owned())
                        .unwrap_or_default(),
                ]),
                Subject::Workspace(_) => None,
            })
            .collect();
        write!(
            out,
            "{}",
            render_table(
                &header(&["PROFILE", "PROVIDER", "WORKSPACE", "ROLE"]),
                &rows
            )
        )?;
    }
    if !plan.last_owner.is_empty() {
        let verb = if plan.forced {
            "removed anyway (--force), leaving the workspace without an owner"
        } else {
            "left in place (pass --force to remove them anyway)"
        };
        writeln!(
            out,
            "Last owner of {} workspace{}: {verb}:",
            plan.last_owner.len(),
            plural(plan.last_owner.len())
        )?;
        for g in &plan.last_owner {
            writeln!(
                out,
                "  {} ({}): \"{}\" as {}",
                sanitize_line(&g.profile),
                g.provider.display_name(),
                sanitize_line(&g.workspace.name),
                sanitize_line(&g.member.role.name)
            )?;
        }
    }
    out.flush()
}

/// The access that remains, each with where to remove it.
fn print_remaining(remaining: &[Remaining]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    if remaining.is_empty() {
        return out.flush();
    }
    writeln!(
        out,
        "Access that remains ({}), and where to remove it:",
        remaining.len()
    )?;
    for r in remaining {
        writeln!(
            out,
            "  {} ({}): \"{}\" as {}, {} ({}): {}",
            sanitize_line(&r.profile),
            r.provider.display_name(),
            sanitize_line(&r.workspace.name),
            sanitize_line(&r.role),
            r.kind.access(),
            sanitize_line(r.kind.source()),
            r.where_to_remove
        )?;
    }
    out.flush()
}

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// The JSON document of `roster offboard -o json`.
#[derive(Serialize)]
struct OffboardDocument {
    /// The person as given.
    user: String,
    /// Whether the plan was run.
    applied: bool,
    /// The removals planned.
    plan: Vec<PlannedRecord>,
    /// Grants where the person is the last owner.
    last_owner: Vec<LastOwnerRecord>,
    /// Each change's outcome (empty without `--apply`).
    changes: Vec<ChangeRecord>,
    /// Access that remains, with where to remove it.
    remaining: Vec<RemainingRecord>,
    /// Profiles and workspaces that could not be searched.
    not_searched: Vec<FailedRecord>,
    /// Counts.
    summary: Summary,
}

fn print_json(
    who: &UserRef,
    plan: &OffboardPlan,
    found: &Search,
    applied: bool,
    outcomes: &[ChangeOutcome],
) -> io::Result<()> {
    let doc = OffboardDocument {
        user: who.as_str().to_string(),
        applied: applied && !outcomes.is_empty(),
        plan: plan.plan.changes.iter().map(PlannedRecord::from).collect(),
        last_owner: plan
            .last_owner
            .iter()
            .map(|g| LastOwnerRecord::new(g, plan.forced))
            .collect(),
        changes: change_records(outcomes),
        remaining: plan
            .remaining(outcomes)
            .iter()
            .map(RemainingRecord::from)
            .collect(),
        not_searched: not_searched(found),
        summary: Summary::new(plan.plan.changes.len(), outcomes),
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{}", to_json(&doc)?)?;
    out.flush()
}
