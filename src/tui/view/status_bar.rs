//! The footer: key hints for the current context, straight from the key registry.

use crate::tui::keys;
use crate::tui::state::App;
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme();
    let hints = keys::hints(app.keymap(), app.context(), app.readonly());
    // Help and quit always show (at the end); the others as many as fit, in registry order.
    let essential = |word: &str| word == text::H_HELP || word == text::H_QUIT;
    let width = |key: &str, word: &str| key.width() + 1 + word.width() + 2;
    let reserved: usize = hints
        .iter()
        .filter(|(_, w)| essential(w))
        .map(|(k, w)| width(k, w))
        .sum();
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1 + reserved;
    let mut shown = Vec::new();
    for (key, word) in hints.iter().filter(|(_, w)| !essential(w)) {
        let w = width(key, word);
        if used + w > area.width as usize {
            break;
        }
        used += w;
        shown.push((key, word));
    }
    shown.extend(
        hints
            .iter()
            .filter(|(_, w)| essential(w))
            .map(|(k, w)| (k, w)),
    );
    for (key, word) in shown {
        spans.push(Span::styled(key.clone(), theme.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(*word, theme.dim()));
        spans.push(Span::raw("  "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
