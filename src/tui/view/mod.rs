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
use crate::tui::state::App;
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
    let a = layout::areas(area, app.banner().is_some());
    header::draw(frame, a.header, a.banner, app);
    workspaces::draw(frame, a.tree, app);
    members::draw(frame, a.members, app);
    detail::draw(frame, a.detail, app);
    status_bar::draw(frame, a.footer, app);
    let body = Rect::new(area.x, a.tree.y, area.width, a.tree.height);
    toast::draw(frame, body, app);
    if let Some(dialog) = app.dialog() {
        dialog.draw(frame, area, body, app.model());
    }
}
