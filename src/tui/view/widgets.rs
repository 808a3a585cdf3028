//! The pieces every pane and dialog draws with: frames, the dialog box, the selection marker, the
//! spinner, and text cut or wrapped to what fits (bounded by the screen, never by what a server
//! sent).

use crate::sanitize::sanitize_line;
use crate::tui::state::{Filter, Model};
use crate::tui::text;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub(crate) use crate::tui::wrap::{truncate, wrap, wrap_head};

/// Braille spinner frames.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner's current frame.
pub(crate) fn spinner(model: &Model) -> &'static str {
    SPINNER[model.spinner() % SPINNER.len()]
}

/// A pane or dialog frame.
pub(crate) fn block<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme.border_focused()
        } else {
            theme.border()
        })
        .title(title)
}

/// A dialog: clears the area under it and a margin of one cell around it (so no text of what is
/// under it touches its border), and draws a frame.
pub(crate) fn dialog(frame: &mut Frame, area: Rect, title: String, theme: &Theme) -> Rect {
    let screen = frame.area();
    frame.render_widget(Clear, crate::tui::layout::with_margin(area, screen));
    let b = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border_focused())
        .padding(ratatui::widgets::Padding::horizontal(1))
        .title(Line::from(Span::styled(
            format!(" {title} "),
            theme.title(),
        )));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    inner
}

/// `s` cut to at most `width` columns in the middle, keeping its end: an email keeps its whole
/// domain (`alejan…@northwind.example`), which is what tells an outside account; when the domain
/// alone is too wide, it is cut in the middle too. Other text keeps its start and end.
pub(crate) fn truncate_middle(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width <= 1 {
        return truncate(s, width);
    }
    if let Some(at) = s.rfind('@') {
        let (local, domain) = s.split_at(at);
        // At least two characters of the name, the ellipsis, then the domain.
        if domain.width() + 3 <= width {
            let keep = width - domain.width() - 1;
            return format!("{}…{domain}", head(local, keep));
        }
    }
    let tail_w = (width - 1) / 2;
    let head_w = width - 1 - tail_w;
    format!("{}…{}", head(s, head_w), tail(s, tail_w))
}

/// The longest start of `s` at most `width` columns wide.
fn head(s: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            return &s[..i];
        }
        used += w;
    }
    s
}

/// The longest end of `s` at most `width` columns wide.
fn tail(s: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            return &s[i + c.len_utf8()..];
        }
        used += w;
    }
    s
}

/// The prefix marking a selected row (visible without colour) or its blank.
pub(crate) fn marker(selected: bool) -> &'static str {
    if selected {
        text::SELECTED_MARKER
    } else {
        text::UNSELECTED_MARKER
    }
}

/// A styled line of `(text, style)` parts.
pub(crate) fn line<'a>(parts: Vec<(String, Style)>) -> Line<'a> {
    Line::from(
        parts
            .into_iter()
            .map(|(t, s)| Span::styled(t, s))
            .collect::<Vec<_>>(),
    )
}

/// The filter shown in a pane's bottom border: `/query  3 of 12`.
pub(crate) fn filter_title<'a>(
    filter: &Filter,
    counts: (usize, usize),
    theme: &Theme,
) -> Option<Line<'a>> {
    if !filter.editing && !filter.is_active() {
        return None;
    }
    Some(Line::from(vec![
        Span::styled(format!(" {}", text::FILTER_PROMPT), theme.key()),
        Span::raw(sanitize_line(filter.input.text()).into_owned()),
        Span::raw("  "),
        Span::styled(
            format!("{} ", text::filter_count(counts.0, counts.1)),
            theme.warning(),
        ),
    ]))
}

/// Puts the terminal cursor into the filter being typed.
pub(crate) fn place_filter_cursor(frame: &mut Frame, area: Rect, filter: &Filter) {
    let before: String = filter
        .input
        .text()
        .chars()
        .take(filter.input.cursor())
        .collect();
    let x = area.x as usize + 1 + 1 + unicode_width::UnicodeWidthStr::width(before.as_str()) + 1;
    let y = area.y.saturating_add(area.height.saturating_sub(1));
    let max_x = area.x.saturating_add(area.width.saturating_sub(2));
    let x = (x.min(u16::MAX as usize) as u16).min(max_x);
    frame.set_cursor_position(Position::new(x, y));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn wrap_keeps_words_whole_and_cuts_long_ones() {
        assert_eq!(wrap("one two three", 7, 10), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4, 10), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("ab cdefghij k", 4, 10), ["ab", "cdef", "ghij", "k"]);
        assert_eq!(wrap("a  b", 10, 10), ["a  b"]);
        assert_eq!(wrap("", 10, 10), [""]);
        // Two columns per character: four fit in 8 columns.
        assert_eq!(wrap("漢字漢字漢字", 8, 10), ["漢字漢字", "漢字"]);
    }

    #[test]
    fn wrap_never_hangs_on_a_character_wider_than_the_line() {
        assert_eq!(wrap("漢字", 1, 10), ["漢", "字"]);
    }

    #[test]
    fn wrap_stops_at_max_lines_and_says_more_was_left_out() {
        let lines = wrap("aaaa bbbb cccc dddd eeee", 4, 2);
        assert_eq!(lines, ["aaaa", "bbb…"]);
        let lines = wrap("aaaa bbbb", 6, 1);
        assert_eq!(lines, ["aaaa…"]);
        for l in wrap(&"x".repeat(100), 10, 3) {
            assert!(l.width() <= 10, "{l:?}");
        }
    }

    #[test]
    fn wrap_of_megabytes_costs_what_the_screen_shows() {
        // One 5 MB word used to be copied once per line: quadratic (0.3 MB took 1.5 s).
        let word = "x".repeat(5_000_000);
        let words = "word ".repeat(1_000_000);
        let started = Instant::now();
        let a = wrap(&word, 76, 4);
        let b = wrap(&words, 76, 4);
        let elapsed = started.elapsed();
        assert_eq!(a.len(), 4);
        assert!(a[3].ends_with('…') && b[3].ends_with('…'), "{a:?} {b:?}");
        assert!(elapsed < Duration::from_millis(50), "took {elapsed:?}");
    }

    #[test]
    fn truncate_middle_keeps_the_domain_of_an_email() {
        assert_eq!(
            truncate_middle("alejandro.popescu@northwind.example", 24),
            "aleja…@northwind.example"
        );
        assert_eq!(truncate_middle("ada@example.com", 24), "ada@example.com");
        let cut = truncate_middle("someone@a-very-long-subdomain.example.com", 16);
        assert_eq!(cut.width(), 16, "{cut}");
        assert!(cut.ends_with(".com") && cut.contains('…'), "{cut}");
        assert_eq!(truncate_middle("0123456789abcdef", 9), "0123…cdef");
    }

    #[test]
    fn truncate_cuts_to_the_width_with_an_ellipsis() {
        assert_eq!(truncate("hello", 5), "hello");
        assert_eq!(truncate("hello!", 5), "hell…");
        assert_eq!(truncate("漢字漢字", 5), "漢字…");
        assert_eq!(truncate("hello", 0), "");
        assert_eq!(truncate("", 0), "");
        let huge = "y".repeat(5_000_000);
        let started = Instant::now();
        assert_eq!(truncate(&huge, 3), "yy…");
        assert!(started.elapsed() < Duration::from_millis(20));
    }
}
