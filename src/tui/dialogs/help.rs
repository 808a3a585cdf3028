//! The `?` overlay: every key, generated from the key registry (as the config binds them), grouped
//! by where it works. Typing searches it (keys, descriptions and places); in read-only mode the
//! keys that change data are not listed. It scrolls; Esc closes it.

use super::common::{Step, scroll_page};
use crate::tui::input::TextInput;
use crate::tui::keys::{self, Action};
use crate::tui::state::{Model, Move};
use crate::tui::text;
use crate::tui::view::widgets::{dialog, truncate};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
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
    /// What was typed: only the lines that contain it are listed.
    pub query: TextInput,
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

    /// Typing searches the help.
    pub(crate) fn on_text(&mut self, _model: &Model, key: &KeyEvent) {
        if self.query.handle(key) {
            self.scroll = 0;
        }
    }

    /// Pasted text searches the help.
    pub(crate) fn on_paste(&mut self, _model: &Model, text: &str) {
        self.query.insert_str(text);
        self.scroll = 0;
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
        let theme = model.theme();
        let search = Line::from(vec![
            Span::styled("/", theme.key()),
            Span::raw(crate::sanitize::sanitize_line(self.query.text()).into_owned()),
        ]);
        frame.render_widget(
            Paragraph::new(search),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        if inner.height < 3 {
            return;
        }
        let list = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
        let all = self.lines(model, list.width as usize);
        let page = list.height as usize;
        let scroll = self.scroll.min(all.len().saturating_sub(page));
        let visible: Vec<Line> = all.into_iter().skip(scroll).take(page).collect();
        frame.render_widget(Paragraph::new(visible), list);
    }

    /// All help lines that match the search, unscrolled.
    fn lines(&self, model: &Model, width: usize) -> Vec<Line<'static>> {
        let theme = model.theme();
        let needle = self.query.text().trim().to_lowercase();
        let mut out = Vec::new();
        if model.readonly() && needle.is_empty() {
            out.push(Line::from(Span::styled(
                text::HELP_READONLY,
                theme.warning(),
            )));
            out.push(Line::from(""));
        }
        for (heading, entries) in keys::help_sections(model.keymap(), model.readonly()) {
            let heading_hit = heading.to_lowercase().contains(&needle);
            let entries: Vec<_> = entries
                .into_iter()
                .filter(|(k, d, _)| {
                    heading_hit
                        || k.to_lowercase().contains(&needle)
                        || d.to_lowercase().contains(&needle)
                })
                .collect();
            if entries.is_empty() {
                continue;
            }
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
        if out.is_empty() {
            out.push(Line::from(Span::styled(text::HELP_NO_MATCH, theme.dim())));
        }
        out
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
