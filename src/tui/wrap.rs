//! Text cut or wrapped to what fits on screen, bounded by the screen, never by what a server sent.
//! At the bottom of the TUI (it knows nothing else of it), so the state can ask how many lines a
//! text takes where the view will wrap it the same way.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` cut to at most `width` columns, with `…` when something was cut. Looks at no more of `s` than
/// fits in `width` columns (plus the first character that does not), however long `s` is.
pub fn truncate(s: &str, width: usize) -> String {
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

/// Bytes of text [`wrap`] looks at for `lines` lines of `width` columns: room for every column
/// (a column takes at most 4 bytes, a combining mark after it a few more) and for the blanks left at
/// line ends by words that did not fit.
fn wrap_budget(width: usize, lines: usize) -> usize {
    width.saturating_mul(lines).saturating_mul(16)
}

/// The start of `text` that [`wrap`] can show in `lines` lines of `width` columns, and whether
/// anything was left out. Cutting first keeps the cost of a frame bounded by the screen, not by
/// what a server sent.
pub fn wrap_head(text: &str, width: usize, lines: usize) -> (&str, bool) {
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
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
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
