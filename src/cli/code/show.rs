//! Showing a plan: grouped by profile and workspace for people (`-o table`), or as one JSON
//! document with stable fields (`-o json`, documented in README).

use super::build::{Built, WorkspacePlan};
use crate::cli::args::ChangeFormat;
use crate::cli::output::to_json;
use crate::engine::outcome::describe_member;
use crate::engine::{Operation, Subject};
use crate::membership::{Counts, Mode};
use crate::model::Member;
use crate::sanitize::sanitize_line;
use serde::Serialize;
use std::io::{self, Write};

/// Writes the plan of `file` to `out` (stdout, or stderr before a question).
pub(in crate::cli) fn print(
    out: &mut impl Write,
    built: &Built,
    file: &str,
    mode: Mode,
    format: ChangeFormat,
) -> io::Result<()> {
    match format {
        ChangeFormat::Table => write_table(out, built, file, mode)?,
        ChangeFormat::Json => writeln!(out, "{}", to_json(&json(built, file, mode))?)?,
    }
    out.flush()
}

fn write_table(out: &mut impl Write, built: &Built, file: &str, mode: Mode) -> io::Result<()> {
    let file = sanitize_line(file);
    let counts = built.counts();
    if counts.total() == 0 {
        writeln!(
            out,
            "No changes: the servers match {file} (mode {}, {} workspace{} checked).",
            mode.as_str(),
            built.checked,
            plural(built.checked)
        )?;
    } else {
        writeln!(
            out,
            "Plan for {file} (mode {}): what would make the servers match it.",
            mode.as_str()
        )?;
    }
    for w in built
        .workspaces
        .iter()
        .filter(|w| !w.changes.is_empty() || w.owner_gap.is_some())
    {
        writeln!(out)?;
        write_workspace(out, w)?;
    }
    let shown: usize = built.workspaces.iter().map(|w| w.shown.len()).sum();
    writeln!(out)?;
    if counts.total() > 0 {
        writeln!(out, "{}.", summary(&counts))?;
    }
    if built.left_out.total() > 0 {
        writeln!(
            out,
            "Left out by --mode {}: {} (run with --mode sync to include them).",
            mode.as_str(),
            describe_counts(&built.left_out)
        )?;
    }
    if shown > 0 {
        writeln!(
            out,
            "Not managed here: {shown} inherited grant{} or group{} in the file's workspaces \
             (shown above where a workspace has changes; `-o json` lists them all).",
            plural(shown),
            plural(shown)
        )?;
    }
    for (profile, n) in &built.unmanaged {
        writeln!(
            out,
            "Not in the file, left alone: {n} workspace{} of profile {}.",
            plural(*n),
            sanitize_line(profile)
        )?;
    }
    Ok(())
}

fn write_workspace(out: &mut impl Write, w: &WorkspacePlan) -> io::Result<()> {
    writeln!(
        out,
        "{}: \"{}\" (id {})",
        sanitize_line(&w.profile),
        sanitize_line(&w.workspace.name),
        sanitize_line(&w.workspace.id)
    )?;
    for p in &w.changes {
        let Subject::Membership(m) = &p.change.subject else {
            continue;
        };
        let who = m.member.as_ref().map_or_else(
            || sanitize_line(m.who.as_str()).into_owned(),
            describe_member,
        );
        let role = |s: &crate::engine::State| {
            s.role()
                .map(|r| sanitize_line(&r.name).into_owned())
                .unwrap_or_default()
        };
        let line = p.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        let text = match p.change.operation() {
            Operation::Add => format!("  + add {who} as {}{line}", role(&m.want)),
            Operation::SetRole => format!(
                "  ~ change {who} from {} to {}{line}",
                role(&m.seen),
                role(&m.want)
            ),
            Operation::Remove => format!("  - remove {who} ({}): not in the file", role(&m.seen)),
            Operation::CreateWorkspace | Operation::None => continue,
        };
        writeln!(out, "{text}")?;
    }
    for m in &w.shown {
        writeln!(out, "  · {}", shown_sentence(m))?;
    }
    if let Some(owner) = &w.owner_gap {
        writeln!(
            out,
            "  ! this plan leaves nobody in the workspace's top role ({}): apply refuses it \
             unless --force",
            sanitize_line(&owner.name)
        )?;
    }
    Ok(())
}

/// `Olga <olga@…> (id …) has role Admin via organisation admin: not managed here`.
fn shown_sentence(m: &Member) -> String {
    match m.kind {
        crate::model::MemberKind::Group => format!(
            "group {} has role {}: groups are changed in the provider's console",
            sanitize_line(m.label()),
            sanitize_line(&m.role.name)
        ),
        crate::model::MemberKind::User => format!(
            "{} has role {} via {}: inherited, not managed here",
            describe_member(m),
            sanitize_line(&m.role.name),
            sanitize_line(m.access.via().unwrap_or("elsewhere"))
        ),
    }
}

/// `3 changes: 1 to add, 1 role to change, 1 to remove`.
pub(in crate::cli) fn summary(c: &Counts) -> String {
    format!(
        "{} change{}: {}",
        c.total(),
        plural(c.total()),
        describe_counts(c)
    )
}

fn describe_counts(c: &Counts) -> String {
    let mut parts = Vec::new();
    if c.add > 0 {
        parts.push(format!("{} to add", c.add));
    }
    if c.set_role > 0 {
        parts.push(format!(
            "{} role{} to change",
            c.set_role,
            plural(c.set_role)
        ));
    }
    if c.remove > 0 {
        parts.push(format!("{} to remove", c.remove));
    }
    parts.join(", ")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The JSON document of a plan.
#[derive(Serialize)]
struct PlanJson<'a> {
    file: &'a str,
    mode: &'static str,
    changes: Vec<ChangeJson<'a>>,
    inherited: Vec<ShownJson<'a>>,
    warnings: Vec<String>,
    summary: SummaryJson,
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    profile: &'a str,
    provider: &'static str,
    operation: &'static str,
    workspace: WorkspaceJson<'a>,
    user: &'a str,
    member_id: Option<&'a str>,
    from: Option<&'a str>,
    to: Option<&'a str>,
    line: Option<usize>,
}

#[derive(Serialize)]
struct WorkspaceJson<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct ShownJson<'a> {
    profile: &'a str,
    workspace: WorkspaceJson<'a>,
    id: &'a str,
    email: Option<&'a str>,
    name: Option<&'a str>,
    role: &'a str,
    via: Option<&'a str>,
    kind: &'static str,
}

#[derive(Serialize)]
struct SummaryJson {
    add: usize,
    set_role: usize,
    remove: usize,
    total: usize,
    left_out: Counts,
    workspaces_checked: usize,
    workspaces_not_in_file: usize,
}

fn json<'a>(built: &'a Built, file: &'a str, mode: Mode) -> PlanJson<'a> {
    let mut changes = Vec::new();
    let mut inherited = Vec::new();
    for w in &built.workspaces {
        let workspace = || WorkspaceJson {
            id: &w.workspace.id,
            name: &w.workspace.name,
        };
        for p in &w.changes {
            let Subject::Membership(m) = &p.change.subject else {
                continue;
            };
            changes.push(ChangeJson {
                profile: &w.profile,
                provider: w.provider.as_str(),
                operation: p.change.operation().as_str(),
                workspace: workspace(),
                user: m.who.as_str(),
                member_id: m.member.as_ref().map(|x| x.id.as_str()),
                from: m.seen.role().map(|r| r.name.as_str()),
                to: m.want.role().map(|r| r.name.as_str()),
                line: p.line,
            });
        }
        for s in &w.shown {
            inherited.push(ShownJson {
                profile: &w.profile,
                workspace: workspace(),
                id: &s.id,
                email: s.email.as_deref(),
                name: s.name.as_deref(),
                role: &s.role.name,
                via: s.access.via(),
                kind: s.kind.as_str(),
            });
        }
    }
    let counts = built.counts();
    PlanJson {
        file,
        mode: mode.as_str(),
        changes,
        inherited,
        warnings: built.owner_gaps().map(owner_gap_sentence).collect(),
        summary: SummaryJson {
            add: counts.add,
            set_role: counts.set_role,
            remove: counts.remove,
            total: counts.total(),
            left_out: built.left_out,
            workspaces_checked: built.checked,
            workspaces_not_in_file: built.unmanaged.iter().map(|(_, n)| n).sum(),
        },
    }
}

/// `the plan leaves "Research" (id …) of profile askui without an owner`.
pub(in crate::cli) fn owner_gap_sentence(w: &WorkspacePlan) -> String {
    format!(
        "the plan leaves nobody in the top role ({3}) of \"{0}\" (id {1}) of profile {2}",
        sanitize_line(&w.workspace.name),
        sanitize_line(&w.workspace.id),
        sanitize_line(&w.profile),
        w.owner_gap
            .as_ref()
            .map_or_else(String::new, |r| sanitize_line(&r.name).into_owned())
    )
}
