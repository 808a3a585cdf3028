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
/// - C1 controls (U+0080–U+009F), every format character (Unicode category Cf: the bidi controls,
///   zero-width characters U+200B–U+200F, word joiner and invisible operators U+2060–U+2064, U+FEFF
///   anywhere, the tag characters U+E0000–U+E007F, soft hyphen, …) and the line and paragraph
///   separators U+2028/U+2029 become `<U+XXXX>`.
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

/// Format characters (Unicode 16 category Cf) and the separators U+2028/U+2029: invisible, or
/// reordering or breaking the text around them, so a name can read as something it is not or shift
/// a table row. The whole tag block is covered, unassigned code points included.
fn is_invisible_format(c: char) -> bool {
    matches!(c as u32,
        0x00ad
        | 0x0600..=0x0605
        | 0x061c
        | 0x06dd
        | 0x070f
        | 0x0890..=0x0891
        | 0x08e2
        | 0x180e
        | 0x200b..=0x200f
        | 0x2028..=0x202e
        | 0x2060..=0x2064
        | 0x2066..=0x206f
        | 0xfeff
        | 0xfff9..=0xfffb
        | 0x110bd
        | 0x110cd
        | 0x13430..=0x1343f
        | 0x1bca0..=0x1bca3
        | 0x1d173..=0x1d17a
        | 0xe0000..=0xe007f)
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

    #[test]
    fn tabs_and_newlines_become_single_spaces_in_a_line() {
        assert_eq!(sanitize_line("a\tb"), "a b");
        assert_eq!(sanitize_line("\t"), " ");
        assert_eq!(sanitize_line("\n\n"), "  ");
        assert_eq!(sanitize_line("\t\n\t"), "   ");
        assert_eq!(sanitize_line("a\r\nb"), "a\u{240d} b");
        assert!(matches!(sanitize_line("a b"), Cow::Borrowed("a b")));
        // The same characters are kept by `sanitize`, which is for multi-line text.
        assert_eq!(sanitize("a\tb\nc"), "a\tb\nc");
    }

    #[test]
    fn separators_joiners_bom_and_tags_become_visible() {
        assert_eq!(sanitize("a\u{2028}b\u{2029}c"), "a<U+2028>b<U+2029>c");
        assert_eq!(
            sanitize("\u{2060}\u{2061}\u{2062}\u{2063}\u{2064}"),
            "<U+2060><U+2061><U+2062><U+2063><U+2064>"
        );
        assert_eq!(sanitize("ad\u{feff}min"), "ad<U+FEFF>min");
        assert_eq!(sanitize("\u{feff}x"), "<U+FEFF>x");
        assert_eq!(sanitize("hi\u{e0041}\u{e007f}"), "hi<U+E0041><U+E007F>");
        assert_eq!(sanitize("\u{e0000}"), "<U+E0000>");
        assert_eq!(sanitize_line("x\u{ad}y"), "x<U+00AD>y");
    }
}
