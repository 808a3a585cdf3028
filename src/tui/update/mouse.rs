//! The mouse: a click selects the row under it (and focuses its pane), the wheel moves the
//! selection of the pane under the pointer, or scrolls the open dialog. Only sent when the config
//! leaves `mouse` on.

use super::keys;
use crate::tui::keys::Action;
use crate::tui::layout;
use crate::tui::msg::Work;
use crate::tui::state::{App, Pane};
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

/// Applies one mouse event.
pub(super) fn on_mouse(app: &mut App, event: MouseEvent) -> Work {
    let (w, h) = app.size();
    let screen = Rect::new(0, 0, w, h);
    if layout::too_small(screen) {
        return Work::none();
    }
    let at = Position::new(event.column, event.row);
    let wheel = match event.kind {
        MouseEventKind::ScrollDown => Some(Action::Down),
        MouseEventKind::ScrollUp => Some(Action::Up),
        _ => None,
    };
    if app.dialog().is_some() {
        // The dialog has the keyboard; the wheel scrolls it, clicks do nothing.
        return match wheel {
            Some(action) => keys::on_action(app, action),
            None => Work::none(),
        };
    }
    let a = layout::areas(screen, app.banner().is_some(), app.tree_hidden());
    let pane = if a.tree.contains(at) {
        Pane::Workspaces
    } else if a.members.contains(at) {
        Pane::Members
    } else {
        return Work::none();
    };
    match (event.kind, wheel) {
        (MouseEventKind::Down(MouseButton::Left), _) => {
            app.dismiss_toast();
            let model = app.model_mut();
            model.set_focus(pane);
            // Rows start under the border (and, in the table, under the column headings).
            let first = match pane {
                Pane::Workspaces => a.tree.y + 1,
                Pane::Members => a.members.y + 2,
            };
            if event.row >= first {
                model.select_visible(pane, (event.row - first) as usize);
            }
            Work::none()
        }
        (_, Some(action)) => {
            app.model_mut().set_focus(pane);
            keys::on_action(app, action)
        }
        _ => Work::none(),
    }
}
