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

/// Braille spinner frames.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner's current frame.
pub(crate) fn spinner(model: &Model) -> &'static str {
    SPINNER[model.spinner() % SPINNER.len()]
}

/// `s` cut to at most `width` columns, with `…` when something was cut. Looks at no more of `s` than
/// fits in `width` columns (plus the first character that does not), however long `s` is.
pub(crate) fn truncate(s: &str, width: usize) -> String {
    let mut used = 0;
    // End of the longest prefix that leaves a column for `…`.
    let mut keep = 0;
    for (i, c) in s.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            if width == 0 {
                return String::new();
            }
            let mut out = s[..keep].to_string();
            out.push('…');
            return out;
        }
        used += w;
        if used < width {
            keep = i + c.len_utf8();
        }
    }
    s.to_string()
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

/// A dialog: clears the area under it and draws a frame.
pub(crate) fn dialog(frame: &mut Frame, area: Rect, title: String, theme: &Theme) -> Rect {
    frame.render_widget(Clear, area);
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

/// The prefix marking a selected row (visible without colour) or its blank.
pub(crate) fn marker(selected: bool) -> &'static str {
    if selected {
        text::SELECTED_MARKER
    } else {
        text::UNSELECTED_MARKER
    }
}

/// Bytes of text [`wrap`] looks at for `lines` lines of `width` columns: room for every column
/// (a column takes at most 4 bytes, a combining mark after it a few more) and for the blanks left at
/// line ends by words that did not fit.
fn wrap_budget(width: usize, lines: usize) -> usize {
    width.saturating_mul(lines).saturating_mul(16)
}

/// The start of `text` that [`wrap`] can show in `lines` lines of `width` columns, and whether
/// anything was left out. Cutting first keeps the cost of a frame bounded by the screen, not by
/// what a server sent.
pub(crate) fn wrap_head(text: &str, width: usize, lines: usize) -> (&str, bool) {
    let budget = wrap_budget(width.max(1), lines.max(1));
    if text.len() <= budget {
        return (text, false);
    }
    let mut end = budget;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// Wraps `text` to at most `max_lines` lines of at most `width` columns (by words; long words are
/// cut). When the text needs more lines, the last one ends with `…`. Linear in the part of `text`
/// that fits ([`wrap_head`]): an over-long word is walked once, never copied line by line.
pub(crate) fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(1);
    let max_lines = max_lines.max(1);
    let (text, mut more) = wrap_head(text, width, max_lines);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    'words: for word in text.split(' ') {
        if lines.len() >= max_lines {
            more = true;
            break;
        }
        let word_width = word.width();
        let sep = usize::from(!line.is_empty());
        if used + sep + word_width <= width {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            used += sep + word_width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0;
            if word_width <= width {
                line.push_str(word);
                used = word_width;
                continue;
            }
        }
        // A word longer than the line: cut it, one character at a time, each visited once.
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            // A character wider than the whole line still takes a line of its own.
            if used + w > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
                if lines.len() >= max_lines {
                    more = true;
                    break 'words;
                }
            }
            line.push(c);
            used += w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        more = true;
    }
    if more && let Some(last) = lines.last_mut() {
        // Room for the `…` within the width.
        while last.width() + 1 > width && last.pop().is_some() {}
        last.push('…');
    }
    lines
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
