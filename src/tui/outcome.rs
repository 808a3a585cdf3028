//! Applying the worker's answers. Every answer carries the request number it answers; only the
//! awaited one (the newest for that profile or workspace) is applied, so an older refresh or an
//! answer for a workspace that changed meanwhile is dropped instead of overwriting newer data.

use super::actions::reload_after_change;
use super::app::{Answer, App, Command, Outcome, Pane, Toast, ToastKind, TreeRow};
use super::modal::Modal;
use super::state::{ProfileStatus, WorkspaceState};
use super::text;
use super::update::{clamp_lists, open_workspace};
use crate::engine::{ChangeOutcome, Refusal, State, Subject, Verdict};
use crate::error::Error;
use crate::model::{MemberKind, Workspace};
use crate::sanitize::sanitize_line;

/// Applies one outcome; returns follow-up commands (re-fetches after changes).
pub fn apply(app: &mut App, o: Outcome) -> Vec<Command> {
    if o.profile >= app.profiles.len() {
        return Vec::new();
    }
    match o.answer {
        Answer::Workspaces(result) => workspaces(app, o.profile, o.request, result),
        Answer::Members {
            workspace_id,
            result,
        } => {
            members(app, o.profile, o.request, &workspace_id, result);
            Vec::new()
        }
        Answer::Roles {
            workspace_id,
            result,
        } => {
            let Some(ws) = app.profiles[o.profile].workspace_mut(&workspace_id) else {
                return Vec::new();
            };
            if ws.roles.pending != Some(o.request) {
                return Vec::new();
            }
            ws.roles.pending = None;
            match result {
                Ok(roles) => {
                    ws.roles.roles = Some(roles);
                    ws.roles.error = None;
                }
                Err(e) => ws.roles.error = Some(error_text(&e)),
            }
            Vec::new()
        }
        Answer::Changed(outcome) => changed(app, o.profile, o.request, *outcome),
    }
}

/// How an error reads on screen: its message, which names the provider, the status, the server's
/// words and what to do (a rate limit says until when).
pub(crate) fn error_text(e: &Error) -> String {
    e.to_string()
}

/// Identity of the left pane's selected row, stable across reloads.
fn tree_key(app: &App) -> Option<(usize, Option<String>)> {
    match app.tree_selected()? {
        TreeRow::Profile(p) | TreeRow::Note(p) => Some((p, None)),
        TreeRow::Workspace(p, w) => {
            Some((p, Some(app.profiles[p].workspaces[w].workspace.id.clone())))
        }
    }
}

fn restore_tree_key(app: &mut App, key: Option<(usize, Option<String>)>) {
    if let Some((p, id)) = key {
        let rows = app.tree_rows();
        let pos = rows.iter().position(|r| match (r, &id) {
            (TreeRow::Profile(q), None) => *q == p,
            (TreeRow::Workspace(q, w), Some(id)) => {
                *q == p && app.profiles[p].workspaces[*w].workspace.id == *id
            }
            _ => false,
        });
        if let Some(pos) = pos {
            app.tree.cursor = pos;
        }
    }
    clamp_lists(app);
}

fn workspaces(
    app: &mut App,
    p: usize,
    request: u64,
    result: Result<Vec<Workspace>, Error>,
) -> Vec<Command> {
    if app.profiles[p].pending != Some(request) {
        return Vec::new();
    }
    let key = tree_key(app);
    let untouched = app.tree.cursor == 0 && app.focus == Pane::Workspaces && app.modal.is_none();
    let prof = &mut app.profiles[p];
    prof.pending = None;
    let list = match result {
        Ok(list) => list,
        Err(e) => {
            let e = error_text(&e);
            // The old list (if any) stays, marked by the error state; nothing is hidden.
            prof.status = ProfileStatus::Failed(e.clone());
            let name = sanitize_line(&prof.name).into_owned();
            app.toast = Some(Toast {
                kind: ToastKind::Error,
                text: format!("{name}: {e}"),
            });
            return auto_open(app, untouched, key);
        }
    };
    // Keep what is known of workspaces that are still there (members, roles, pending loads).
    // By ID, so a reload of thousands of workspaces stays linear.
    let mut old: std::collections::HashMap<String, WorkspaceState> =
        std::mem::take(&mut prof.workspaces)
            .into_iter()
            .map(|w| (w.workspace.id.clone(), w))
            .collect();
    prof.workspaces = list
        .into_iter()
        .map(|w| match old.remove(&w.id) {
            Some(mut kept) => {
                kept.set_workspace(w);
                kept
            }
            None => WorkspaceState::new(w),
        })
        .collect();
    prof.status = ProfileStatus::Ready;
    // The open workspace may have disappeared on the server.
    if let Some((op, id)) = app.open.clone()
        && op == p
        && app.profiles[p].workspace(&id).is_none()
    {
        app.open = None;
        app.members_view.clear();
        app.members = Default::default();
    }
    auto_open(app, untouched, key)
}

/// Shows something useful at once: while nothing is open, opens the first workspace of the first
/// profile that has one, as soon as every profile above it has answered. The choice then does not
/// depend on which provider happened to answer first, and a slow or failing profile only delays
/// it until that profile answers.
fn auto_open(app: &mut App, untouched: bool, key: Option<(usize, Option<String>)>) -> Vec<Command> {
    let target = if app.open.is_none() {
        app.profiles
            .iter()
            .enumerate()
            .take_while(|(_, p)| p.status != ProfileStatus::Loading)
            .find_map(|(i, p)| {
                let first = p.workspaces.first()?;
                (p.status == ProfileStatus::Ready).then(|| (i, first.workspace.id.clone()))
            })
    } else {
        None
    };
    let Some((p, id)) = target else {
        restore_tree_key(app, key);
        return Vec::new();
    };
    let cmds = open_workspace(app, p, &id, false);
    if untouched {
        // The user has not moved yet: put the cursor on what is shown.
        let rows = app.tree_rows();
        if let Some(pos) = rows.iter().position(|r| *r == TreeRow::Workspace(p, 0)) {
            app.tree.cursor = pos;
        }
        clamp_lists(app);
    } else {
        restore_tree_key(app, key);
    }
    cmds
}

fn members(
    app: &mut App,
    p: usize,
    request: u64,
    workspace_id: &str,
    result: Result<super::state::MemberRows, Error>,
) {
    let is_open = app
        .open
        .as_ref()
        .is_some_and(|(op, id)| *op == p && id == workspace_id);
    let keep: Option<(String, MemberKind)> = if is_open {
        app.selected_member()
            .map(|r| (r.id().to_string(), r.member_kind()))
    } else {
        None
    };
    let Some(ws) = app.profiles[p].workspace_mut(workspace_id) else {
        return;
    };
    if ws.members.pending != Some(request) {
        return;
    }
    ws.members.pending = None;
    match result {
        Ok(list) => ws.members.set(list),
        Err(e) => {
            let e = error_text(&e);
            ws.members.error = Some(e.clone());
            if is_open {
                app.error(e);
            }
        }
    }
    // The access view (`u`) fills in as each workspace answers.
    if let Some(Modal::Access(v)) = &mut app.modal
        && v.profile == p
        && let Some(position) = app.profiles[p]
            .workspaces
            .iter()
            .position(|w| w.workspace.id == workspace_id)
    {
        v.waiting.retain(|w| w != workspace_id);
        v.record(position, &app.profiles[p].workspaces[position]);
    }
    if is_open {
        app.members_view_needle.clear();
        app.refresh_members_view(keep);
    }
    clamp_lists(app);
}

fn changed(app: &mut App, p: usize, request: u64, outcome: ChangeOutcome) -> Vec<Command> {
    app.running.retain(|(r, _)| *r != request);
    let workspace_id = match &outcome.change.subject {
        Subject::Membership(m) => m.workspace.id.clone(),
        Subject::Workspace(_) => String::new(),
    };
    // Whatever happened, the table must show what the server now holds: re-read it.
    let cmds = if workspace_id.is_empty() {
        Vec::new()
    } else {
        reload_after_change(app, p, &workspace_id)
    };
    let waiting = app.modal.as_ref().and_then(|m| m.submitting()) == Some(request);
    if !app.change_running()
        && let Some(Modal::Quitting(q)) = &app.modal
    {
        if q.waiting {
            app.exit_code = q.code;
            app.quit = true;
        } else {
            // Nothing runs any more: nothing to ask about.
            app.modal = None;
        }
    }
    match outcome.verdict {
        Verdict::Done | Verdict::Unchanged => {
            if waiting {
                app.modal = None;
            }
            app.toast = Some(Toast {
                kind: ToastKind::Success,
                text: outcome.message(),
            });
        }
        Verdict::Stale => {
            if waiting {
                app.modal = None;
            }
            app.info(stale_text(app, p, &workspace_id, &outcome));
        }
        Verdict::Refused if waiting && matches!(outcome.refusal, Some(Refusal::LastOwner(_))) => {
            // The admin may still do it: the dialog offers the forced change on the next Enter.
            if let Some(m) = &mut app.modal {
                m.offer_force(format!("{} {}", outcome.message(), text::FORCE_LAST_OWNER));
            }
        }
        _ => {
            let message = outcome.message();
            match &mut app.modal {
                Some(m) if waiting => m.fail(message),
                _ => app.error(message),
            }
        }
    }
    cmds
}

/// Why a change was not sent: the member changed on the server since the admin looked. The list is
/// being read again; the admin decides on the fresh data.
fn stale_text(app: &App, p: usize, workspace_id: &str, outcome: &ChangeOutcome) -> String {
    let Subject::Membership(m) = &outcome.change.subject else {
        return outcome.message();
    };
    let who = m.label();
    let ws_name = app.profiles[p]
        .workspace(workspace_id)
        .map(|w| w.display_name.clone())
        .unwrap_or_else(|| sanitize_line(workspace_id).into_owned());
    match (&m.seen, &outcome.now) {
        (State::Member(seen), Some(State::Member(now))) => {
            text::stale_role(&who, &sanitize_line(&seen.name), &sanitize_line(&now.name))
        }
        (State::Member(_), _) => text::stale_gone(&who, &ws_name),
        (State::Absent, _) => outcome.message(),
    }
}
