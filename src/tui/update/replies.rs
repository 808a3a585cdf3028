//! Applying the worker's replies. Every reply carries the request number it answers; the model
//! takes only the awaited one (see `state/loads.rs`). A change's reply also settles the dialog that
//! sent it (closes it, shows the server's words, or offers the forced change) and the quit dialog.
//! The replies of jobs across profiles (the person search, a plan, planning an undo) go to the
//! dialog whose request they answer; a plan's outcomes also move the marks and re-read the
//! workspaces they changed, whether or not its dialog is still open.

use crate::engine::undo::Undo;
use crate::engine::{ChangeOutcome, Operation, Refusal, State, Subject, Verdict};
use crate::error::Error;
use crate::people::Found;
use crate::sanitize::sanitize_line;
use crate::tui::dialogs::Dialog;
use crate::tui::msg::{Effect, REPLY_TEXT_MAX, Reply, ReplyBody, Work};
use crate::tui::state::{App, Awaited, Model, Toast, ToastKind};
use crate::tui::text;

/// Applies one reply; returns the follow-up work (re-reads after changes, giving memory back).
pub(super) fn apply(app: &mut App, mut reply: Reply) -> Work {
    // Cut once on entry: every later frame draws from bounded text.
    if let Some(e) = reply.body.error_mut() {
        e.message = crate::server_text::cap_owned(std::mem::take(&mut e.message), REPLY_TEXT_MAX);
    }
    let (p, request) = (reply.profile, reply.request);
    // Jobs across profiles: matched by request number, whatever profile the reply names.
    let body = match reply.body {
        ReplyBody::Person(found) => {
            person_found(app, request, found);
            return Work::none();
        }
        ReplyBody::PlanDone => return plan_done(app, request),
        ReplyBody::UndoPlanned(planned) => {
            undo_planned(app, request, planned);
            return Work::none();
        }
        other => other,
    };
    if app.profile(p).is_none() {
        return Work::none();
    }
    match body {
        ReplyBody::Workspaces(result) => {
            let dialog_open = app.dialog().is_some();
            app.model_mut()
                .take_workspaces(p, request, result, dialog_open)
                .into()
        }
        ReplyBody::Members {
            workspace_id,
            result,
        } => {
            let Some(taken) = app
                .model_mut()
                .take_members(p, request, &workspace_id, result)
            else {
                return Work::none();
            };
            if taken.large {
                Work::effect(Effect::ReleaseMemory)
            } else {
                Work::none()
            }
        }
        ReplyBody::Roles {
            workspace_id,
            result,
        } => {
            let (model, dialog) = app.split_mut();
            model.take_roles(p, request, &workspace_id, result);
            if let Some(Dialog::Bulk(b)) = dialog {
                b.roles_arrived(model);
            }
            Work::none()
        }
        ReplyBody::Changed(outcome) => changed(app, p, request, *outcome, false),
        ReplyBody::Undone(outcome) => changed(app, p, request, *outcome, true),
        ReplyBody::PlanStep { index, outcome } => plan_step(app, p, request, index, *outcome),
        // Taken above.
        ReplyBody::Person(_) | ReplyBody::PlanDone | ReplyBody::UndoPlanned(_) => Work::none(),
        ReplyBody::Rebuilt(result) => app.model_mut().take_rebuilt(p, request, result).into(),
        ReplyBody::History { result, .. } => {
            if let (_, Some(Dialog::Detail(panel))) = app.split_mut() {
                panel.history_arrived(request, result);
            }
            Work::none()
        }
    }
}

/// A finding of the person search: the person view takes it if it is its search.
fn person_found(app: &mut App, request: u64, found: Found) {
    if let (model, Some(Dialog::Person(view))) = app.split_mut() {
        view.take(model, request, found);
    }
}

/// One change of a plan answered: a change that took effect unmarks its row (a failed one stays
/// marked), its workspace is read again, and the dialog that sent the plan shows the outcome.
fn plan_step(app: &mut App, p: usize, request: u64, index: usize, outcome: ChangeOutcome) -> Work {
    let (model, dialog) = app.split_mut();
    let ok = outcome.verdict.is_success();
    model.plan_outcome(request, ok);
    let mut reload = None;
    if let Subject::Membership(m) = &outcome.change.subject {
        if ok {
            model.unmark(p, &m.workspace.id, m.who.as_str());
        }
        reload = model.reload_loaded(p, &m.workspace.id);
    }
    match dialog {
        Some(Dialog::Bulk(b)) => {
            b.step(request, index, &outcome);
        }
        Some(Dialog::Person(v)) => v.plan_step(model, p, request, index, &outcome),
        _ => {}
    }
    reload.into()
}

/// Every change of a plan answered: its dialog shows the result; if it was closed, a message says
/// how it ended. Quitting, if asked for, goes ahead once nothing runs.
fn plan_done(app: &mut App, request: u64) -> Work {
    let tally = app.model_mut().plan_finished(request);
    app.model_mut().change_finished(request);
    let shown = match app.split_mut() {
        (_, Some(Dialog::Bulk(b))) => b.done(request),
        (_, Some(Dialog::Person(v))) => v.plan_done(request),
        _ => false,
    };
    if !shown && let Some((ok, failed)) = tally {
        let kind = if failed > 0 {
            ToastKind::Error
        } else {
            ToastKind::Success
        };
        app.show_toast(Toast {
            kind,
            text: text::bulk_done_toast(ok, failed),
        });
    }
    settle_quit(app);
    Work::none()
}

/// The undo `z` asked for was planned (or there is nothing to undo).
fn undo_planned(app: &mut App, request: u64, planned: Result<Undo, Error>) {
    if let (model, Some(Dialog::Undo(line))) = app.split_mut() {
        line.planned(model, request, planned);
    }
}

/// Once no change runs any more: quits if roster was told to, or closes the quit dialog, which has
/// nothing left to ask about.
fn settle_quit(app: &mut App) {
    if !app.change_running()
        && let Some(Dialog::Quit(q)) = app.dialog()
    {
        if q.waiting {
            let code = q.code;
            app.model_mut().quit(code);
        } else {
            app.close_dialog();
        }
    }
}

/// A change (or, with `undo`, an undo) ran through the engine: re-read its workspace, settle the
/// dialog that sent it, and say what happened.
fn changed(app: &mut App, p: usize, request: u64, outcome: ChangeOutcome, undo: bool) -> Work {
    app.model_mut().change_finished(request);
    let workspace_id = match &outcome.change.subject {
        Subject::Membership(m) => m.workspace.id.clone(),
        Subject::Workspace(_) => String::new(),
    };
    // Whatever happened, the table must show what the server now holds: re-read it.
    let reload = if workspace_id.is_empty() {
        None
    } else {
        app.model_mut().load_members(p, &workspace_id)
    };
    let waiting = app.dialog().and_then(Dialog::submitting) == Some(request);
    settle_quit(app);
    match outcome.verdict {
        Verdict::Done | Verdict::Unchanged => {
            if waiting {
                app.close_dialog();
            }
            // Done, but not recorded: the admin must see the warning as one.
            let kind = if outcome.record_problem.is_some() {
                ToastKind::Error
            } else {
                ToastKind::Success
            };
            // An undo that adds someone back names them, and selects them, as an add does.
            let message = match added(app, p, &workspace_id, &outcome) {
                Some(text) => text,
                None => outcome.message(),
            };
            app.show_toast(Toast {
                kind,
                text: if undo {
                    text::undone(&message)
                } else {
                    message
                },
            });
        }
        Verdict::Stale => {
            if waiting {
                app.close_dialog();
            }
            let why = if undo {
                // What the server holds now, against the state the change left.
                text::undo_stale(&outcome.message())
            } else {
                stale_text(app, p, &workspace_id, &outcome)
            };
            app.model_mut().info(why);
        }
        Verdict::Refused if waiting && matches!(outcome.refusal, Some(Refusal::LastOwner(_))) => {
            // The admin may still do it: the dialog offers the forced change on the next Enter.
            if let (_, Some(dialog)) = app.split_mut() {
                dialog.offer_force(format!("{} {}", outcome.message(), text::FORCE_LAST_OWNER));
            }
        }
        _ => {
            let message = outcome.message();
            match app.split_mut() {
                (_, Some(dialog)) if waiting => dialog.fail(message),
                (model, _) => model.error(message),
            }
        }
    }
    reload.into()
}

/// For an add that went through: the toast that names who was added (name, email, ID, as the
/// verification read found them), and the new member is selected once the re-read shows them.
fn added(app: &mut App, p: usize, workspace_id: &str, outcome: &ChangeOutcome) -> Option<String> {
    let Subject::Membership(m) = &outcome.change.subject else {
        return None;
    };
    if outcome.change.operation() != Operation::Add || outcome.verdict != Verdict::Done {
        return None;
    }
    let found = outcome.member.as_ref();
    app.model_mut().await_member(Awaited {
        profile: p,
        workspace_id: workspace_id.to_string(),
        id: found.map(|f| f.id.clone()),
        typed: m.who.as_str().to_string(),
    });
    if outcome.record_problem.is_some() {
        return None;
    }
    let found = found?;
    let role = outcome
        .now
        .as_ref()
        .and_then(State::role)
        .unwrap_or(&found.role);
    let ws = app
        .profile(p)
        .and_then(|prof| prof.workspace(workspace_id))
        .map(|w| w.display_name.clone())
        .unwrap_or_else(|| sanitize_line(&m.workspace.name).into_owned());
    let name = found
        .name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(|n| sanitize_line(n).into_owned());
    let email = found
        .email
        .as_deref()
        .map(|e| sanitize_line(e).into_owned());
    Some(text::added_member(
        name.as_deref(),
        email.as_deref(),
        &sanitize_line(&found.id),
        &ws,
        &sanitize_line(&role.name),
    ))
}

/// Why a change was not sent: the member changed on the server since the admin looked. The list is
/// being read again; the admin decides on the fresh data.
fn stale_text(model: &Model, p: usize, workspace_id: &str, outcome: &ChangeOutcome) -> String {
    let Subject::Membership(m) = &outcome.change.subject else {
        return outcome.message();
    };
    let who = m.label();
    let ws_name = model
        .profile(p)
        .and_then(|prof| prof.workspace(workspace_id))
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
