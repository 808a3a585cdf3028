//! The command palette (`:`): one search over the actions, the workspaces, the profiles and the
//! people already loaded; Enter runs the action or goes there. The search is fuzzy (`fuzzy.rs`);
//! the entries are built once when it opens (`entries.rs`), and a keystroke that extends the query
//! only re-tests what matched before.

mod entries;
mod fuzzy;

pub use entries::{Entry, Target, build};
pub use fuzzy::{rank, score};

use super::common::Step;
use crate::tui::input::TextInput;
use crate::tui::keys::Action;
use crate::tui::layout::centered;
use crate::tui::state::{ListCursor, Model, Move};
use crate::tui::text;
use crate::tui::view::widgets::{dialog, marker, truncate};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

/// Width of the kind column.
const KIND_W: usize = 10;

/// The palette.
#[derive(Debug, Clone)]
pub struct Palette {
    /// What was typed.
    pub query: TextInput,
    /// Every entry (shared: cloning the App does not copy them).
    pub entries: Arc<[Entry]>,
    /// Indices of the matching entries, best first.
    pub matches: Vec<u32>,
    /// The query `matches` answer.
    matched_for: String,
    /// The highlighted match.
    pub cursor: ListCursor,
    /// Set by Enter: where to go. The update carries it out once the palette has closed.
    pub chosen: Option<Target>,
}

impl Palette {
    /// `:`: the palette over the current state.
    pub(crate) fn open(model: &Model) -> Palette {
        Palette::over(build(model))
    }

    /// A palette over `entries` (the benchmark times keystrokes over a list of its own).
    pub fn over(entries: Vec<Entry>) -> Palette {
        let entries: Arc<[Entry]> = entries.into();
        Palette {
            matches: (0..entries.len() as u32).collect(),
            entries,
            query: TextInput::default(),
            matched_for: String::new(),
            cursor: ListCursor::default(),
            chosen: None,
        }
    }

    /// The entry under the cursor.
    pub fn selected(&self) -> Option<&Entry> {
        let i = *self.matches.get(self.cursor.cursor)?;
        self.entries.get(i as usize)
    }

    /// A key while the palette is open; `None` for keys it leaves to everyone (quit, suspend).
    pub(crate) fn on_action(&mut self, model: &mut Model, action: Action) -> Option<Step> {
        if let Some(how) = Move::of(action) {
            self.cursor.apply(how, self.matches.len(), page(model));
            return Some(Step::stay());
        }
        match action {
            Action::Submit => {
                self.chosen = self.selected().map(|e| e.target.clone());
                Some(Step::close())
            }
            Action::Cancel => Some(Step::close()),
            _ => None,
        }
    }

    /// Typing searches.
    pub(crate) fn on_text(&mut self, _model: &Model, key: &KeyEvent) {
        if self.query.handle(key) {
            self.search();
        }
    }

    /// Pasted text searches.
    pub(crate) fn on_paste(&mut self, _model: &Model, text: &str) {
        self.query.insert_str(text);
        self.search();
    }

    /// Types `text` as if each character were a key (for the benchmark and tests).
    pub fn type_str(&mut self, text: &str) {
        for c in text.chars() {
            self.query.insert_str(&c.to_string());
            self.search();
        }
    }

    /// Empties the query (every entry matches again).
    pub fn clear_query(&mut self) {
        self.query.clear();
        self.search();
    }

    /// Ranks the entries for the query; a query that extends the last one re-tests only its
    /// matches.
    fn search(&mut self) {
        let needle = self.query.text().trim().to_lowercase();
        let previous = (!self.matched_for.is_empty() && needle.starts_with(&self.matched_for))
            .then_some(self.matches.as_slice());
        let entries = &self.entries;
        self.matches = if needle.is_empty() {
            (0..entries.len() as u32).collect()
        } else {
            rank(
                &needle,
                |i| entries[i].haystack.as_str(),
                entries.len(),
                previous,
            )
        };
        self.matched_for = needle;
        self.cursor = ListCursor::default();
    }

    /// Draws the palette near the top of `body`.
    pub(crate) fn draw(&self, frame: &mut Frame, body: Rect, model: &Model) {
        let theme = model.theme();
        let w = body.width.saturating_sub(4).min(100);
        let h = body.height.saturating_sub(2).min(22);
        let area = centered(body, w, h);
        let inner = dialog(frame, area, text::PALETTE_TITLE.to_string(), theme);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let typed = crate::sanitize::sanitize_line(self.query.text()).into_owned();
        let count = text::palette_count(self.matches.len(), self.entries.len());
        let room = (inner.width as usize).saturating_sub(count.width() + 3);
        let shown = truncate(&typed, room);
        let pad = (inner.width as usize).saturating_sub(shown.width() + 2 + count.width());
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(": ", theme.key()),
                Span::raw(shown.clone()),
                Span::raw(" ".repeat(pad)),
                Span::styled(count, theme.dim()),
            ])),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        frame.set_cursor_position(Position::new(
            inner.x.saturating_add(2 + shown.width() as u16),
            inner.y,
        ));
        if inner.height < 3 {
            return;
        }
        let list = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
        let page = list.height as usize;
        if self.matches.is_empty() {
            frame.render_widget(
                Paragraph::new(Span::styled(text::PALETTE_EMPTY, theme.dim())),
                list,
            );
            return;
        }
        let offset = self.cursor.visible_offset(self.matches.len(), page);
        let width = list.width as usize;
        let lines: Vec<Line> = self
            .matches
            .iter()
            .enumerate()
            .skip(offset)
            .take(page)
            .filter_map(|(i, &e)| self.entries.get(e as usize).map(|e| (i, e)))
            .map(|(i, e)| {
                let sel = i == self.cursor.cursor;
                let style = if sel { theme.selected() } else { theme.text() };
                let label = truncate(&e.label, width.saturating_sub(KIND_W + 3));
                let pad = width.saturating_sub(2 + label.width() + KIND_W);
                Line::from(vec![
                    Span::styled(format!("{}{label}{}", marker(sel), " ".repeat(pad)), style),
                    Span::styled(format!("{:>KIND_W$}", e.kind), theme.dim()),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
    }
}

/// Rows of matches a page moves.
fn page(model: &Model) -> usize {
    (model.size().1 as usize).saturating_sub(10).clamp(1, 18)
}
