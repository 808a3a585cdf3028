//! A key press: the action it means in the current context (from the one key registry, as the
//! config binds it), offered to the open dialog first; what the dialog leaves, and everything when
//! no dialog is open, goes to the keys that work everywhere and to the panes. A key that is no
//! action is typing. Pasted text is typing too, never keys.

use super::panes;
use crate::tui::dialogs::Dialog;
use crate::tui::dialogs::palette::Target;
use crate::tui::keys::{self, Action, Context};
use crate::tui::msg::{Effect, Work};
use crate::tui::state::App;
use crate::tui::text;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

/// Applies one key press.
pub(super) fn on_key(app: &mut App, key: KeyEvent) -> Work {
    if key.kind == KeyEventKind::Release {
        return Work::none();
    }
    // A toast is read by the time the next key comes; any key dismisses it.
    app.dismiss_toast();
    let ctx = app.context();
    match keys::action_for(app.keymap(), &key, ctx, app.readonly()) {
        Some(action) => on_action(app, action),
        // A key that changes data, pressed read-only, says so rather than doing nothing.
        None if app.readonly() && keys::action_for(app.keymap(), &key, ctx, false).is_some() => {
            let why = app
                .banner()
                .filter(|b| b.starts_with("READ-ONLY"))
                .map(|b| b.trim_start_matches("READ-ONLY:").trim().to_string())
                .unwrap_or_else(|| text::READONLY_FLAG.to_string());
            app.model_mut().info(text::readonly_key(&why));
            Work::none()
        }
        None => {
            on_text(app, ctx, &key);
            Work::none()
        }
    }
}

/// Applies an action: the open dialog's first, then the keys that work everywhere and the panes.
pub(super) fn on_action(app: &mut App, action: Action) -> Work {
    let (model, dialog) = app.split_mut();
    if let Some(open) = dialog
        && let Some(step) = open.on_action(model, action)
    {
        let chosen = match open {
            Dialog::Palette(p) => p.chosen.take(),
            _ => None,
        };
        if step.close {
            *dialog = None;
        }
        return match chosen {
            Some(target) => step.work.and(go(app, target)),
            None => step.work,
        };
    }
    match action {
        Action::Suspend => Work::effect(Effect::Suspend),
        Action::Interrupt | Action::Quit => {
            app.request_quit(0, true);
            Work::none()
        }
        _ => panes::on_action(app, action),
    }
}

/// Where a palette entry leads: an action runs as its key would; a place is opened or selected.
fn go(app: &mut App, target: Target) -> Work {
    match target {
        Target::Action(action) => on_action(app, action),
        Target::Workspace(p, w) => app.model_mut().go_to_workspace(p, w).into(),
        Target::Profile(p) => {
            app.model_mut().select_profile(p);
            Work::none()
        }
        Target::Person(p, w, id) => {
            let model = app.model_mut();
            let cmds = model.go_to_workspace(p, w);
            model.select_member_id(&id);
            cmds.into()
        }
    }
}

/// Keys that are not actions: typing into the filter or a dialog's text field.
fn on_text(app: &mut App, ctx: Context, key: &KeyEvent) {
    let (model, dialog) = app.split_mut();
    match (ctx, dialog) {
        (Context::Filter, _) => model.type_in_filter(key),
        (_, Some(open)) => open.on_text(model, key),
        _ => {}
    }
}

/// Pasted text: into the open dialog's text field, or the filter being typed; elsewhere it is
/// ignored (a paste is never taken as keys, so it cannot trigger or submit anything).
pub(super) fn on_paste(app: &mut App, text: &str) -> Work {
    app.dismiss_toast();
    let ctx = app.context();
    let (model, dialog) = app.split_mut();
    match (ctx, dialog) {
        (Context::Filter, _) => model.paste_in_filter(text),
        (_, Some(open)) => open.on_paste(model, text),
        _ => {}
    }
    Work::none()
}
