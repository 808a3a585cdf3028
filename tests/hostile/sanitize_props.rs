//! Property tests of the one sanitizer: whatever a server sends, nothing that a terminal would act on
//! survives, and text without such characters passes through unchanged.

use proptest::prelude::*;
use roster::sanitize::{needs_placeholder, sanitize, sanitize_line};

fn dangerous(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\n' && c != '\t')
        || u == 0x7f
        || (0x80..=0x9f).contains(&u)
        || matches!(u, 0x200b..=0x200f | 0x202a..=0x202e | 0x2066..=0x2069 | 0x061c | 0xfeff)
}

proptest! {
    #[test]
    fn no_control_or_format_character_survives(s in any::<String>()) {
        let out = sanitize(&s);
        prop_assert!(!out.chars().any(dangerous), "{out:?}");
        let line = sanitize_line(&s);
        prop_assert!(!line.chars().any(|c| dangerous(c) || c == '\n' || c == '\t'), "{line:?}");
    }

    #[test]
    fn safe_text_is_unchanged(s in "[a-zA-Z0-9 @._\\-éßü漢字\n\t]{0,64}") {
        let out = sanitize(&s);
        prop_assert_eq!(out.as_ref(), s.as_str());
    }

    #[test]
    fn every_dangerous_character_leaves_a_visible_trace(prefix in "[a-z]{0,8}", c in any::<char>(), suffix in "[a-z]{0,8}") {
        let s = format!("{prefix}{c}{suffix}");
        let out = sanitize(&s);
        if needs_placeholder(c) {
            // The placeholder replaces the character: the text around it is intact and something visible
            // stands in its place.
            prop_assert!(out.starts_with(&prefix) && out.ends_with(&suffix));
            prop_assert!(out.chars().count() > prefix.chars().count() + suffix.chars().count());
            prop_assert!(!out.contains(c));
        } else {
            prop_assert_eq!(out.as_ref(), s.as_str());
        }
    }
}

#[test]
fn hostile_sequences_are_defused() {
    let osc52 = "\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}";
    let title = "\u{1b}]0;pwned\u{7}";
    for s in [
        "\u{1b}[2J",
        osc52,
        title,
        "a\u{9b}31mb",
        "user\u{202e}moc.evil",
    ] {
        let out = sanitize(s);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{9b}'));
        assert!(!out.contains('\u{202e}'));
    }
    assert_eq!(sanitize(title), "\u{241b}]0;pwned\u{2407}");
}
