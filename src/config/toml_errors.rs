//! Describing a mistake in the config file by file, line, column, section and key, without ever
//! quoting its content: the line may hold a token pasted in the wrong place.

/// Says where a TOML or schema error is (`file:line:column`, the `[profiles.NAME]` section it is in
/// and the key on that line when it is a plausible key name) and what kind of error it is, but never
/// the text of the line or a value: a token pasted into the file must not be printed back (toml and
/// serde quote the offending value or key).
pub(super) fn describe_toml_error(file: &str, text: &str, e: &toml::de::Error) -> String {
    let kind = error_kind(e.message());
    match e.span().filter(|s| s.start <= text.len()) {
        Some(span) => describe_at(file, text, span.start, &kind),
        None => format!("{file}: {kind}"),
    }
}

/// `kind` placed at byte `offset` of `text`: file, line and column, the `[profiles.NAME]` it is in,
/// and the key of that line when it looks like one (never the line itself, which may hold a token).
pub(super) fn describe_at(file: &str, text: &str, offset: usize, kind: &str) -> String {
    let mut start = offset.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line_no = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..start].chars().count() + 1;
    let line = text[line_start..].lines().next().unwrap_or("").trim();
    let section = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .filter(|s| !line.starts_with('[') && is_profile_header(s));
    let mut place = format!("{file}:{line_no}:{column}: line {line_no}, column {column}");
    if let Some(section) = section {
        place.push_str(&format!(" in {section}"));
    }
    match line.split_once('=') {
        Some((key, _)) if !line.starts_with('[') && looks_like_key(key.trim()) => {
            format!("{place}: key `{}`: {kind}", key.trim())
        }
        _ => format!("{place}: {kind}"),
    }
}

/// `[profiles.NAME]` with a short name: safe to repeat in a message.
fn is_profile_header(line: &str) -> bool {
    line.len() <= 80
        && line.starts_with("[profiles.")
        && line.ends_with(']')
        && !line.chars().any(char::is_control)
}

/// A plausible config key (`token_env`, or a typo of one): lower-case letters and underscores.
/// Tokens carry digits or capitals, so this never names a pasted token.
fn looks_like_key(s: &str) -> bool {
    (1..=32).contains(&s.len()) && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

/// The kind of a toml/serde error message without the content it quotes: `"…"` values are dropped,
/// and a `` `…` `` part is kept only when it is a plausible key name or a bit of TOML syntax
/// (`=`, `]`, an escape letter). `invalid type: string "tok_…", expected u64` becomes
/// `invalid type: string, expected u64`.
fn error_kind(message: &str) -> String {
    let first = message.lines().next().unwrap_or("").trim();
    let mut out = String::with_capacity(first.len());
    let mut rest = first;
    while let Some(open) = rest.find(['"', '`', '\'']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        let Some(len) = rest[open + 1..].find(quote) else {
            // An unbalanced quote: everything after it may be content.
            out.push_str(&rest[..open]);
            rest = "";
            break;
        };
        let inner = &rest[open + 1..open + 1 + len];
        let syntax = inner.chars().count() <= 2
            && inner
                .chars()
                .all(|c| c.is_ascii_punctuation() || c.is_ascii_alphabetic());
        if quote == '`' && (looks_like_key(inner) || syntax) {
            out.push_str(&rest[..open + len + 2]);
        } else {
            out.push_str(rest[..open].trim_end());
        }
        rest = &rest[open + len + 2..];
    }
    out.push_str(rest);
    out.replace("struct RawProfile", "a [profiles.NAME] table")
        .replace("struct RawConfig", "a table")
}
