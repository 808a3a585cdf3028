//! A key press: the action it means in the current context (from the one key registry), offered
//! to the open dialog first; what the dialog leaves, and everything when no dialog is open, goes to
//! the keys that work everywhere and to the panes. A key that is no action is typing.

use super::panes;
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
    match keys::action_for(&key, ctx, app.readonly()) {
        Some(action) => on_action(app, action),
        // A key that changes data, pressed read-only, says so rather than doing nothing.
        None if app.readonly() && keys::action_for(&key, ctx, false).is_some() => {
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

fn on_action(app: &mut App, action: Action) -> Work {
    let (model, dialog) = app.split_mut();
    if let Some(open) = dialog
        && let Some(step) = open.on_action(model, action)
    {
        if step.close {
            *dialog = None;
        }
        return step.work;
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

/// Keys that are not actions: typing into the filter or a dialog's text field.
fn on_text(app: &mut App, ctx: Context, key: &KeyEvent) {
    let (model, dialog) = app.split_mut();
    match (ctx, dialog) {
        (Context::Filter, _) => model.type_in_filter(key),
        (_, Some(open)) => open.on_text(key),
        _ => {}
    }
}
