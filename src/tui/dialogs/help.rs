//! The `?` overlay: every key, generated from the key registry, grouped by where it works.
//! In read-only mode the keys that change data are not listed. It scrolls; Esc, `?` or `q` close it.

use super::common::{Step, scroll_page};
use crate::tui::keys::{self, Action};
use crate::tui::state::{Model, Move};
use crate::tui::text;
use crate::tui::view::widgets::{dialog, truncate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// Width of the keys column.
const KEYS_W: usize = 12;

/// The help overlay.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Help {
    /// First line shown.
    pub scroll: usize,
}

impl Help {
    /// A key while the help is open; `None` for keys it leaves to everyone (quit, suspend).
    pub(crate) fn on_action(&mut self, model: &Model, action: Action) -> Option<Step> {
        if let Some(how) = Move::of(action) {
            self.scroll = how.scroll(self.scroll, scroll_page(model));
            return Some(Step::stay());
        }
        match action {
            Action::CloseHelp => Some(Step::close()),
            _ => None,
        }
    }

    /// Draws the help over the whole `area`.
    pub(crate) fn draw(&self, frame: &mut Frame, area: Rect, model: &Model) {
        let w = area.width.saturating_sub(4).min(96);
        let h = area.height.saturating_sub(2);
        let r = crate::tui::layout::centered(area, w, h);
        let title = format!("{} — {}", text::HELP_TITLE, text::HELP_FOOTER);
        let inner = dialog(frame, r, title, model.theme());
        if inner.width == 0 || inner.height == 0 {
            return;
        }
        let all = lines(model, inner.width as usize);
        let page = inner.height as usize;
        let scroll = self.scroll.min(all.len().saturating_sub(page));
        let visible: Vec<Line> = all.into_iter().skip(scroll).take(page).collect();
        frame.render_widget(Paragraph::new(visible), inner);
    }
}

/// All help lines, unscrolled.
fn lines(model: &Model, width: usize) -> Vec<Line<'static>> {
    let theme = model.theme();
    let mut out = Vec::new();
    if model.readonly() {
        out.push(Line::from(Span::styled(
            text::HELP_READONLY,
            theme.warning(),
        )));
        out.push(Line::from(""));
    }
    for (heading, entries) in keys::help_sections(model.readonly()) {
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
