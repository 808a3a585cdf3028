//! The config's settings of the interactive screen, beside the profiles:
//!
//! ```toml
//! mouse = false                  # clicks and the wheel (default: on)
//!
//! [keys]                         # rebind any action of the key registry by its name
//! sort = "o"
//! copy = ["y", "ctrl-y"]
//!
//! [theme]
//! preset = "high-contrast"       # or "default"
//! accent = "#ff8800"             # accent error success warning inherited group header_fg header_bg matched
//! ```
//!
//! Parsed here as plain values with the line each was written on; the TUI checks the names, keys
//! and colours when it starts and reports what it cannot use with `file:line` (a conflict between
//! two keys is only visible once both are known).

use serde::Deserialize;
use std::collections::BTreeMap;

/// The screen's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiConfig {
    /// `[keys]`, in the file's order of names (sorted), each with its line.
    pub keys: Vec<KeySetting>,
    /// `[theme] preset`.
    pub theme_preset: Option<String>,
    /// `[theme]` colours: `(name, value)`.
    pub theme_colors: Vec<(String, String)>,
    /// Line of the `[theme]` table (0 when there is none).
    pub theme_line: usize,
    /// `mouse`: clicks and the wheel (default true).
    pub mouse: bool,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            keys: Vec::new(),
            theme_preset: None,
            theme_colors: Vec::new(),
            theme_line: 0,
            mouse: true,
        }
    }
}

/// One `[keys]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySetting {
    /// The action's name in the key registry.
    pub name: String,
    /// The keys, as written.
    pub keys: Vec<String>,
    /// The line it is on (1-based).
    pub line: usize,
}

/// `name = "k"` or `name = ["k", "l"]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum RawKeys {
    One(String),
    Many(Vec<String>),
}

/// `[theme]` as written; an unknown colour name is an error like any unknown key.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTheme {
    preset: Option<String>,
    accent: Option<String>,
    error: Option<String>,
    success: Option<String>,
    warning: Option<String>,
    inherited: Option<String>,
    group: Option<String>,
    header_fg: Option<String>,
    header_bg: Option<String>,
    matched: Option<String>,
}

/// The line (1-based) of byte `at` of `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.get(..at.min(text.len()))
        .map_or(1, |before| before.matches('\n').count() + 1)
}

/// Builds the settings from what the file said.
pub(super) fn build(
    text: &str,
    keys: BTreeMap<String, toml::Spanned<RawKeys>>,
    theme: Option<toml::Spanned<RawTheme>>,
    mouse: Option<bool>,
) -> UiConfig {
    let keys = keys
        .into_iter()
        .map(|(name, value)| {
            let line = line_of(text, value.span().start);
            let keys = match value.into_inner() {
                RawKeys::One(k) => vec![k],
                RawKeys::Many(k) => k,
            };
            KeySetting { name, keys, line }
        })
        .collect();
    let (theme_line, theme) = match theme {
        Some(t) => (line_of(text, t.span().start), t.into_inner()),
        None => (0, RawTheme::default()),
    };
    let theme_colors = [
        ("accent", theme.accent),
        ("error", theme.error),
        ("success", theme.success),
        ("warning", theme.warning),
        ("inherited", theme.inherited),
        ("group", theme.group),
        ("header_fg", theme.header_fg),
        ("header_bg", theme.header_bg),
        ("matched", theme.matched),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
    .collect();
    UiConfig {
        keys,
        theme_preset: theme.preset,
        theme_colors,
        theme_line,
        mouse: mouse.unwrap_or(true),
    }
}
