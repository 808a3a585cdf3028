//! `roster add`, `set-role`, `remove` and `create-workspace`.
//!
//! Every change is checked before it is sent (workspace, user and role resolved; nothing sent when
//! one is unknown) and confirmed after: roster lists the members again and prints what the server now
//! holds. When that disagrees with the intent (a concurrent edit, a provider quirk), it says so and
//! exits 1.

use super::session::Session;
use super::{Failure, describe_member, describe_workspace, is_not_found, parse_user, print_error};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{ChangeReport, Member, NewWorkspace, Support, UserRef, Workspace};
use crate::ops::{self, Confirmed, Intended, Verdict};
use crate::sanitize::sanitize_line;
use std::io::{self, BufRead, Write};

/// Adds a user (email or ID) to a workspace with a role.
pub async fn add(s: &Session, workspace: &str, user: &str, role: &str) -> Result<i32, Failure> {
    let user = parse_user(user)?;
    let caps = s.provider.capabilities();
    let support = match user {
        UserRef::Email(_) => &caps.add_by_email,
        UserRef::Id(_) => &caps.add_by_id,
    };
    ops::require(&*s.provider, "add member", support)?;
    let ws = ops::resolve_workspace(&*s.provider, workspace).await?;
    let roles = s.provider.list_roles(&ws).await?;
    let role = ops::resolve_role(&roles, role)?.clone();
    let report = s.provider.add_member(&ws, &user, &role).await?;
    log_report("add member", &report);
    let verdict = confirm(s, &ws, &user, Intended::MemberWithRole(&role), "added").await?;
    Ok(match verdict {
        Verdict {
            shown: Confirmed::Member(m),
            as_intended: true,
        } => {
            println!(
                "Added {} to {} with role {}.",
                describe_member(&m),
                describe_workspace(&ws),
                sanitize_line(&m.role.name)
            );
            0
        }
        other => disagreement(s, &ws, &user, other.shown),
    })
}

/// Changes a direct member's role.
pub async fn set_role(
    s: &Session,
    workspace: &str,
    user: &str,
    role: &str,
) -> Result<i32, Failure> {
    let user = parse_user(user)?;
    let caps = s.provider.capabilities();
    ops::require(&*s.provider, "change role", &caps.set_role)?;
    let ws = ops::resolve_workspace(&*s.provider, workspace).await?;
    let roles = s.provider.list_roles(&ws).await?;
    let role = ops::resolve_role(&roles, role)?.clone();
    let member = find_direct_member(s, &ws, &user).await?;
    if ops::same_role(&member.role, &role) {
        println!(
            "{} already has role {} in {}; nothing changed.",
            describe_member(&member),
            sanitize_line(&member.role.name),
            describe_workspace(&ws)
        );
        return Ok(0);
    }
    note_emulated(&caps.set_role);
    let report = s.provider.set_role(&ws, &member, &role).await?;
    log_report("change role", &report);
    let who = UserRef::Id(member.id.clone());
    let verdict = confirm(s, &ws, &who, Intended::MemberWithRole(&role), "changed").await?;
    Ok(match verdict {
        Verdict {
            shown: Confirmed::Member(m),
            as_intended: true,
        } => {
            println!(
                "Changed the role of {} in {}: {} -> {}.",
                describe_member(&m),
                describe_workspace(&ws),
                sanitize_line(&member.role.name),
                sanitize_line(&m.role.name)
            );
            0
        }
        other => disagreement(s, &ws, &who, other.shown),
    })
}

/// Removes a direct member, after asking on a terminal unless `yes`.
pub async fn remove(s: &Session, workspace: &str, user: &str, yes: bool) -> Result<i32, Failure> {
    let user = parse_user(user)?;
    let caps = s.provider.capabilities();
    ops::require(&*s.provider, "remove member", &caps.remove)?;
    let ws = ops::resolve_workspace(&*s.provider, workspace).await?;
    let member = find_direct_member(s, &ws, &user).await?;
    if !yes
        && !ask(&format!(
            "Remove {} from {}? [y/N] ",
            describe_member(&member),
            describe_workspace(&ws)
        ))?
    {
        eprintln!("roster: not removed.");
        return Ok(1);
    }
    note_emulated(&caps.remove);
    let report = s.provider.remove_member(&ws, &member).await?;
    log_report("remove member", &report);
    let who = UserRef::Id(member.id.clone());
    let verdict = confirm(s, &ws, &who, Intended::Gone, "removed").await?;
    Ok(match verdict {
        Verdict {
            shown: Confirmed::Gone,
            as_intended: true,
        } => {
            println!(
                "Removed {} from {}; a fresh listing no longer shows them.",
                describe_member(&member),
                describe_workspace(&ws)
            );
            0
        }
        other => disagreement(s, &ws, &who, other.shown),
    })
}

/// Creates a workspace and checks that the workspace list now shows it.
pub async fn create_workspace(s: &Session, new: &NewWorkspace) -> Result<i32, Failure> {
    let caps = s.provider.capabilities();
    ops::require(&*s.provider, "create workspace", &caps.create_workspace)?;
    if new.name.trim().is_empty() {
        return Err(Error::usage("the workspace name is empty").into());
    }
    let created = s.provider.create_workspace(new).await?;
    let listed = match s.provider.list_workspaces().await {
        Ok(all) => all.into_iter().find(|w| w.id == created.id),
        Err(e) => {
            let context = format!(
                "created {} but could not list workspaces to confirm it",
                describe_workspace(&created)
            );
            print_error(Some(&s.profile.name), Some(&context), &e);
            return Ok(1);
        }
    };
    match listed {
        Some(w) => {
            println!("Created workspace {}.", describe_workspace(&w));
            Ok(0)
        }
        None => {
            eprintln!(
                "roster: profile {}: the server answered that it created {}, but the workspace \
                 list does not show it",
                sanitize_line(&s.profile.name),
                describe_workspace(&created)
            );
            Ok(1)
        }
    }
}

/// The direct member `user` designates. When there is none and the provider lists inherited
/// access, looks there too, so the error can say where the access comes from.
async fn find_direct_member(s: &Session, ws: &Workspace, user: &UserRef) -> Result<Member> {
    let in_workspace = |e: Error| {
        let mut e = e.in_context(s.provider_name(), "find member");
        if e.kind == ErrorKind::NotFound {
            e.message = format!("{} of workspace {}", e.message, describe_workspace(ws));
        }
        e
    };
    let direct = s.provider.list_members(ws, false).await?;
    match ops::resolve_member(&direct, user) {
        Ok(m) => Ok(m.clone()),
        Err(e)
            if is_not_found(&e) && s.provider.capabilities().inherited_members.is_available() =>
        {
            let all = s.provider.list_members(ws, true).await?;
            ops::resolve_member(&all, user)
                .cloned()
                .map_err(in_workspace)
        }
        Err(e) => Err(in_workspace(e)),
    }
}

/// Lists the members again and compares with `intended`. An error of that listing is reported here
/// (the change itself went through) and becomes exit code 1.
async fn confirm(
    s: &Session,
    ws: &Workspace,
    user: &UserRef,
    intended: Intended<'_>,
    done: &str,
) -> Result<Verdict, Failure> {
    match s.provider.list_members(ws, false).await {
        Ok(fresh) => Ok(ops::confirm_change(&fresh, user, intended)),
        Err(e) => {
            let context = format!(
                "the server {done} it, but listing the members of {} again to confirm failed",
                describe_workspace(ws)
            );
            print_error(Some(&s.profile.name), Some(&context), &e);
            Err(Failure::Exit(1))
        }
    }
}

/// Says what the fresh listing shows when it is not what the change intended; exit code 1.
fn disagreement(s: &Session, ws: &Workspace, user: &UserRef, shown: Confirmed) -> i32 {
    let state = match shown {
        Confirmed::Member(m) => format!(
            "{} with role {}",
            describe_member(&m),
            sanitize_line(&m.role.name)
        ),
        Confirmed::Gone => {
            format!("no direct member {}", sanitize_line(user.as_str()))
        }
    };
    eprintln!(
        "roster: profile {}: the server accepted the change, but a fresh listing of {} shows {state}; \
         someone else may have changed it at the same time: check with `roster members`",
        sanitize_line(&s.profile.name),
        describe_workspace(ws)
    );
    1
}

/// Tells the admin when roster builds a change from several calls that change state (so it is not
/// atomic). Emulated look-ups (finding a user by email) need no warning.
fn note_emulated(support: &Support) {
    if let Support::Emulated(how) = support {
        eprintln!("roster: note: {how}");
    }
}

fn log_report(operation: &str, report: &ChangeReport) {
    tracing::info!(operation, steps = ?report.steps, request_ids = ?report.request_ids, "change confirmed by the server");
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
