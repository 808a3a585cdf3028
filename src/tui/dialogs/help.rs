//! The `?` overlay: every key, generated from the key registry, grouped by where it works.
//! In read-only mode the keys that change data are not listed.

use crate::tui::app::App;
use crate::tui::keys;
use crate::tui::text;
use crate::tui::view::{dialog, truncate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// Width of the keys column.
const KEYS_W: usize = 12;

/// All help lines, unscrolled.
fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut out = Vec::new();
    if app.readonly {
        out.push(Line::from(Span::styled(
            text::HELP_READONLY,
            theme.warning(),
        )));
        out.push(Line::from(""));
    }
    for (heading, entries) in keys::help_sections(app.readonly) {
        out.push(Line::from(Span::styled(
            capitalise(heading),
            theme.column_header(),
        )));
        for (keys_label, desc, dangerous) in entries {
            let k = truncate(&keys_label, KEYS_W);
            let pad = KEYS_W.saturating_sub(k.width()) + 1;
            let mut spans = vec![
                Span::raw("  "),
                Span::styled(k, theme.key()),
                Span::raw(" ".repeat(pad)),
            ];
            let room = width.saturating_sub(KEYS_W + 3);
            let suffix = if dangerous {
                format!(" ({})", text::CHANGES_DATA)
            } else {
                String::new()
            };
            let d = truncate(desc, room.saturating_sub(suffix.width()));
            spans.push(Span::raw(d));
            if dangerous {
                spans.push(Span::styled(suffix, theme.dangerous()));
            }
            out.push(Line::from(spans));
        }
        out.push(Line::from(""));
    }
    out.pop();
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(crate) fn draw(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let w = area.width.saturating_sub(4).min(96);
    let h = area.height.saturating_sub(2);
    let r = crate::tui::layout::centered(area, w, h);
    let title = format!("{} — {}", text::HELP_TITLE, text::HELP_FOOTER);
    let inner = dialog(frame, r, title, &app.theme);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let all = lines(app, inner.width as usize);
    let page = inner.height as usize;
    let scroll = scroll.min(all.len().saturating_sub(page));
    let visible: Vec<Line> = all.into_iter().skip(scroll).take(page).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
