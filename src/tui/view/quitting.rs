//! The quit dialog while a change runs: says which change, asks whether to quit once it is done,
//! and says what quitting at once would leave.

use super::{dialog, line, spinner, wrap};
use crate::tui::app::App;
use crate::tui::layout::centered;
use crate::tui::modal::QuitDialog;
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub(super) fn draw(frame: &mut Frame, body: Rect, app: &App, q: &QuitDialog) {
    let theme = &app.theme;
    let w = body.width.saturating_sub(4).min(64);
    let inner_w = w.saturating_sub(4) as usize;
    // No block needs more lines than the dialog can ever be high.
    let rows = body.height as usize;
    let changes = app.running_changes();
    let question = if q.waiting {
        format!("{} {}", spinner(app), text::quit_waiting(&changes))
    } else {
        text::quit_question(&changes)
    };
    let mut lines: Vec<Line> = wrap(&question, inner_w, rows)
        .into_iter()
        .map(|l| line(vec![(l, theme.warning())]))
        .collect();
    lines.push(Line::from(""));
    for l in wrap(text::QUIT_NOW, inner_w, rows) {
        lines.push(line(vec![(l, theme.text())]));
    }
    let h = (lines.len() as u16).saturating_add(2).min(body.height);
    let area = centered(body, w, h);
    let inner = dialog(frame, area, text::QUIT_TITLE.to_string(), theme);
    frame.render_widget(Paragraph::new(lines), inner);
}
