//! The toast: a message box over the body (errors with the server's words, successes,
//! explanations). It stays until the next key. It goes at the bottom of the body, or at the top
//! when the bottom would cover the selected row or the open dialog; when neither fits, it takes the
//! detail line under the panes instead, so it never hides what the admin is looking at.

use super::widgets::{truncate, wrap};
use crate::tui::layout::with_margin;
use crate::tui::state::{App, ToastKind};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

/// Most text lines a toast shows.
const MAX_LINES: usize = 4;

pub(super) fn draw(frame: &mut Frame, body: Rect, detail: Rect, keep_clear: &[Rect], app: &App) {
    let Some(toast) = app.toast() else { return };
    let theme = app.theme();
    let (style, prefix) = match toast.kind {
        ToastKind::Error => (theme.error(), text::ERROR_PREFIX),
        ToastKind::Success => (theme.success(), ""),
        ToastKind::Info => (theme.warning(), ""),
    };
    let width = body.width.saturating_sub(4);
    let inner_w = width.saturating_sub(2) as usize;
    // Only what four lines can show is looked at, so a 5 MB message costs what a short one does.
    let (shown, cut) = super::widgets::wrap_head(&toast.text, inner_w.max(1), MAX_LINES);
    let mut shown = format!("{prefix}{shown}");
    if cut {
        // `wrap` sees the text end here; make sure it still says that more was left out.
        shown.push_str(" …");
    }
    let lines = wrap(&shown, inner_w.max(1), MAX_LINES);
    let height = lines.len() as u16 + 2;
    let place = (width >= 4 && body.height >= 3)
        .then(|| {
            let height = height.min(body.height);
            let bottom = Rect::new(body.x + 2, body.y + body.height - height, width, height);
            let top = Rect::new(body.x + 2, body.y, width, height);
            [bottom, top].into_iter().find(|r| {
                keep_clear
                    .iter()
                    .all(|k| !with_margin(*r, body).intersects(*k))
            })
        })
        .flatten();
    let Some(area) = place else {
        // No room that hides nothing: one line in place of the detail line.
        if detail.height > 0 {
            let line = truncate(
                &format!(" {}", shown.replace('\n', " ")),
                detail.width as usize,
            );
            frame.render_widget(Clear, detail);
            frame.render_widget(Paragraph::new(Span::styled(line, style)), detail);
        }
        return;
    };
    // The margin too: nothing of the table (a selection marker, a reversed row) touches the box.
    frame.render_widget(Clear, with_margin(area, body));
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
