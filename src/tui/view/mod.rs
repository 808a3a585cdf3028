//! Drawing: a pure function of the [`App`]. One file per region of the main screen (television's
//! `screen/`); each dialog draws itself ([`crate::tui::dialogs`]). Nothing here changes state;
//! scrolling offsets are derived from the cursor so the selection is always visible.

mod detail;
mod header;
mod members;
mod status_bar;
mod toast;
mod too_small;
pub(crate) mod widgets;
mod workspaces;

use crate::tui::layout;
use crate::tui::state::{App, Pane};
use ratatui::Frame;
use ratatui::layout::Rect;

/// Draws the whole screen for `app`.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    if layout::too_small(area) {
        too_small::draw(frame, area, app);
        return;
    }
    let a = layout::areas(area, app.banner().is_some(), app.tree_hidden());
    header::draw(frame, a.header, a.banner, app);
    if a.tree.width > 0 {
        workspaces::draw(frame, a.tree, app);
    }
    members::draw(frame, a.members, app);
    detail::draw(frame, a.detail, app);
    status_bar::draw(frame, a.footer, app);
    let body = Rect::new(area.x, a.tree.y, area.width, a.tree.height);
    // What a toast must leave visible: the open dialog, and the selected row.
    let mut keep_clear = Vec::new();
    if let Some(dialog) = app.dialog() {
        keep_clear.push(dialog.draw(frame, area, body, app.model()));
    } else if let Some(row) = selected_row(app, &a) {
        keep_clear.push(row);
    }
    toast::draw(frame, body, a.detail, &keep_clear, app);
}

/// The screen line of the focused pane's selected row, if it is visible.
fn selected_row(app: &App, a: &layout::Areas) -> Option<Rect> {
    let (pane, first, page, cursor, len) = match app.focus() {
        Pane::Workspaces => (
            a.tree,
            a.tree.y + 1,
            a.tree.height.saturating_sub(2) as usize,
            app.tree_cursor(),
            app.tree_rows().len(),
        ),
        Pane::Members => (
            a.members,
            a.members.y + 2,
            a.members.height.saturating_sub(3) as usize,
            app.members_cursor(),
            app.members_view().len(),
        ),
    };
    if len == 0 || page == 0 || pane.width == 0 {
        return None;
    }
    let offset = cursor.visible_offset(len, page);
    let line = cursor.cursor.checked_sub(offset)?;
    (line < page).then(|| Rect::new(pane.x, first + line as u16, pane.width, 1))
}
