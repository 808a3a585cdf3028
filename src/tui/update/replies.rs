//! Applying the worker's replies. Every reply carries the request number it answers; the model
//! takes only the awaited one (see `state/loads.rs`). A change's reply also settles the dialog that
//! sent it (closes it, shows the server's words, or offers the forced change) and the quit dialog.

use crate::engine::{ChangeOutcome, Refusal, State, Subject, Verdict};
use crate::sanitize::sanitize_line;
use crate::tui::dialogs::Dialog;
use crate::tui::msg::{Effect, REPLY_TEXT_MAX, Reply, ReplyBody, Work};
use crate::tui::state::{App, Model, Toast, ToastKind};
use crate::tui::text;

/// Applies one reply; returns the follow-up work (re-reads after changes, giving memory back).
pub(super) fn apply(app: &mut App, mut reply: Reply) -> Work {
    // Cut once on entry: every later frame draws from bounded text.
    if let Some(e) = reply.body.error_mut() {
        e.message = crate::server_text::cap_owned(std::mem::take(&mut e.message), REPLY_TEXT_MAX);
    }
    let (p, request) = (reply.profile, reply.request);
    if app.profile(p).is_none() {
        return Work::none();
    }
    match reply.body {
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
            let (model, dialog) = app.split_mut();
            let Some(taken) = model.take_members(p, request, &workspace_id, result) else {
                return Work::none();
            };
            // The access view (`u`) fills in as each workspace answers.
            if let Some(Dialog::Access(view)) = dialog {
                view.arrived(model, p, taken.position);
            }
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
            app.model_mut()
                .take_roles(p, request, &workspace_id, result);
            Work::none()
        }
        ReplyBody::Changed(outcome) => changed(app, p, request, *outcome),
    }
}

/// A change ran through the engine: re-read its workspace, settle the dialog that sent it, and
/// say what happened.
fn changed(app: &mut App, p: usize, request: u64, outcome: ChangeOutcome) -> Work {
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
    if !app.change_running()
        && let Some(Dialog::Quit(q)) = app.dialog()
    {
        if q.waiting {
            let code = q.code;
            app.model_mut().quit(code);
        } else {
            // Nothing runs any more: nothing to ask about.
            app.close_dialog();
        }
    }
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
            app.show_toast(Toast {
                kind,
                text: outcome.message(),
            });
        }
        Verdict::Stale => {
            if waiting {
                app.close_dialog();
            }
            let why = stale_text(app, p, &workspace_id, &outcome);
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
