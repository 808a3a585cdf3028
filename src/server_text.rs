//! Length caps on text a server sends: what roster shows and logs is bounded by what a person can
//! read, not by what a server chooses to send.
//!
//! A 403 whose `detail` is 5 MB used to reach a toast, stderr and one audit line whole. The HTTP layer
//! cuts every piece of server text it puts into an [`crate::error::Error`] to [`SHOWN_MAX`] bytes,
//! ending with `… (N bytes more)`, so every front end (TUI, CLI stderr, audit `detail`) gets the same
//! bounded text from one place.

use std::borrow::Cow;

/// Most bytes of one piece of server text (an error message) shown to a person or written to the
/// audit log.
pub const SHOWN_MAX: usize = 2 * 1024;

/// Most bytes of one log line: the log file keeps at most this much of any server text.
pub const LOGGED_MAX: usize = 64 * 1024;

/// Most bytes of a server's request or error ID (they are short in every documented API).
pub const ID_MAX: usize = 256;

/// `text` cut to at most `max` bytes on a character boundary, followed by `… (N bytes more)` when
/// something was cut (the note is not counted in `max`). Text that fits is returned as it is.
pub fn cap(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max {
        return Cow::Borrowed(text);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let more = text.len() - end;
    Cow::Owned(format!("{}… ({more} bytes more)", &text[..end]))
}

/// [`cap`] for an owned string, without copying it when it fits.
pub fn cap_owned(text: String, max: usize) -> String {
    match cap(&text, max) {
        Cow::Borrowed(_) => text,
        Cow::Owned(cut) => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_untouched() {
        assert!(matches!(cap("forbidden", 16), Cow::Borrowed("forbidden")));
        assert_eq!(cap("exactly8", 8), "exactly8");
        assert_eq!(cap_owned("abc".into(), 3), "abc");
    }

    #[test]
    fn long_text_ends_with_how_much_was_cut() {
        let long = "x".repeat(5_000_000);
        let out = cap(&long, SHOWN_MAX);
        assert_eq!(
            out,
            format!("{}… (4997952 bytes more)", "x".repeat(SHOWN_MAX))
        );
    }

    #[test]
    fn cuts_on_a_character_boundary() {
        // "é" is two bytes: a cut at 3 bytes would split the second one.
        assert_eq!(cap("ééé", 3), "é… (4 bytes more)");
        assert_eq!(cap("ééé", 4), "éé… (2 bytes more)");
        assert_eq!(cap("漢字", 1), "… (6 bytes more)");
        assert_eq!(cap_owned("ab".into(), 1), "a… (1 bytes more)");
    }
}
