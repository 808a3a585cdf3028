//! The toast: a message box over the bottom of the body (errors with the server's words, successes,
//! explanations). It stays until the next key.

use super::widgets::wrap;
use crate::tui::state::{App, ToastKind};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

/// Most text lines a toast shows.
const MAX_LINES: usize = 4;

pub(super) fn draw(frame: &mut Frame, body: Rect, app: &App) {
    let Some(toast) = app.toast() else { return };
    let theme = app.theme();
    let width = body.width.saturating_sub(4);
    if width < 4 || body.height < 3 {
        return;
    }
    let (style, prefix) = match toast.kind {
        ToastKind::Error => (theme.error(), text::ERROR_PREFIX),
        ToastKind::Success => (theme.success(), ""),
        ToastKind::Info => (theme.warning(), ""),
    };
    let inner_w = width.saturating_sub(2) as usize;
    // Only what four lines can show is looked at, so a 5 MB message costs what a short one does.
    let (shown, cut) = super::widgets::wrap_head(&toast.text, inner_w, MAX_LINES);
    let mut shown = format!("{prefix}{shown}");
    if cut {
        // `wrap` sees the text end here; make sure it still says that more was left out.
        shown.push_str(" …");
    }
    let lines = wrap(&shown, inner_w, MAX_LINES);
    let height = (lines.len() as u16 + 2).min(body.height);
    let area = Rect::new(body.x + 2, body.y + body.height - height, width, height);
    frame.render_widget(Clear, area);
    let b = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(style);
    let text: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::from(Span::styled(l, style)))
        .collect();
    frame.render_widget(Paragraph::new(text).block(b), area);
}
