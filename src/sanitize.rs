//! The one sanitizer for every string that comes from a server.
//!
//! Names, emails, roles, group names and error messages are shown in a terminal. A hostile or broken
//! server could embed escape sequences (clear the screen, retitle the window, write the clipboard through
//! OSC 52) or bidi overrides that make text read differently from what it is. Every such character is
//! replaced by a visible placeholder before the string reaches a terminal, a table or a CSV cell.

use std::borrow::Cow;

/// Replaces control and invisible formatting characters with visible placeholders.
///
/// - C0 controls (U+0000–U+001F) except newline and tab become the matching Control Pictures symbol
///   (ESC → `␛`), DEL becomes `␡`;
/// - C1 controls (U+0080–U+009F) and the bidi/zero-width format characters (U+200B–U+200F,
///   U+202A–U+202E, U+2066–U+2069, U+061C, U+FEFF) become `<U+XXXX>`.
///
/// Returns the input unchanged (borrowed) when there is nothing to replace, which is the common case.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_placeholder) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like [`sanitize`], and also turns newlines and tabs into spaces: for one-line cells and status lines.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| needs_placeholder(c) || c == '\n' || c == '\t' || c == '\r')
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\t' => out.push(' '),
            _ => push_visible(&mut out, c),
        }
    }
    Cow::Owned(out)
}

/// Whether `c` must not reach a terminal as it is.
pub fn needs_placeholder(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\n' && c != '\t')
        || u == 0x7f
        || (0x80..=0x9f).contains(&u)
        || is_invisible_format(c)
}

fn is_invisible_format(c: char) -> bool {
    matches!(c as u32,
        0x200b..=0x200f | 0x202a..=0x202e | 0x2066..=0x2069 | 0x061c | 0xfeff)
}

fn push_visible(out: &mut String, c: char) {
    let u = c as u32;
    if !needs_placeholder(c) {
        out.push(c);
    } else if u < 0x20 {
        // U+2400 Control Pictures has one symbol per C0 control, in the same order.
        out.push(char::from_u32(0x2400 + u).unwrap_or('\u{fffd}'));
    } else if u == 0x7f {
        out.push('\u{2421}');
    } else {
        out.push_str(&format!("<U+{u:04X}>"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a\u{241b}[2Jb");
        assert_eq!(sanitize("x\u{9b}y"), "x<U+009B>y");
        assert_eq!(sanitize("evil\u{202e}txt"), "evil<U+202E>txt");
        assert_eq!(sanitize("del\u{7f}"), "del\u{2421}");
        assert_eq!(sanitize("keep\nnew\tline"), "keep\nnew\tline");
        assert_eq!(sanitize_line("one\ntwo"), "one two");
        assert!(matches!(sanitize("plain ascii"), Cow::Borrowed(_)));
    }
}
