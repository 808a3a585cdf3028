//! The notice shown instead of the screen when the terminal is below the minimum size.

use super::widgets::wrap;
use crate::tui::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::tui::state::App;
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let msg = text::too_small(area.width, area.height, MIN_WIDTH, MIN_HEIGHT);
    let lines: Vec<Line> = wrap(&msg, area.width as usize, area.height as usize)
        .into_iter()
        .take(area.height as usize)
        .map(Line::from)
        .collect();
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let r = Rect::new(area.x, area.y + top, area.width, area.height - top);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(ratatui::layout::Alignment::Center)
            .style(app.theme().warning()),
        r,
    );
}
