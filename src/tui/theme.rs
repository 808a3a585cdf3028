//! The one theme: every style the TUI draws with. Colours come from a [`Palette`]: the default
//! one, the built-in high-contrast one, or the config's `[theme]` on top of either. With
//! `NO_COLOR` set (and non-empty) no colour is used at all, whatever the config says; emphasis
//! then relies on modifiers (bold, reversed, underlined), and the selection is still marked by
//! reversed video and a `>` marker, so it never depends on colour.

use ratatui::style::{Color, Modifier, Style};
use std::str::FromStr;

/// The colours of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Focused borders and key names.
    pub accent: Color,
    /// Errors.
    pub error: Color,
    /// Successes.
    pub success: Color,
    /// Warnings and notes.
    pub warning: Color,
    /// Inherited rows.
    pub inherited: Color,
    /// Group rows.
    pub group: Color,
    /// Header text.
    pub header_fg: Color,
    /// Header background.
    pub header_bg: Color,
    /// Filter matches.
    pub matched: Color,
}

impl Palette {
    /// roster's usual colours.
    pub const DEFAULT: Palette = Palette {
        accent: Color::Cyan,
        error: Color::Red,
        success: Color::Green,
        warning: Color::Yellow,
        inherited: Color::Magenta,
        group: Color::Blue,
        header_fg: Color::White,
        header_bg: Color::Blue,
        matched: Color::Yellow,
    };

    /// Bright colours on the terminal's background, no dim text: for low vision and washed-out
    /// projectors.
    pub const HIGH_CONTRAST: Palette = Palette {
        accent: Color::LightCyan,
        error: Color::LightRed,
        success: Color::LightGreen,
        warning: Color::LightYellow,
        inherited: Color::LightMagenta,
        group: Color::LightBlue,
        header_fg: Color::Black,
        header_bg: Color::White,
        matched: Color::LightYellow,
    };
}

/// Styles of the screen; `color` false means monochrome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours may be used.
    pub color: bool,
    /// The colours, when they may be used.
    pub palette: Palette,
    /// The high-contrast preset: no dim text, bold borders.
    pub high_contrast: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            color: true,
            palette: Palette::DEFAULT,
            high_contrast: false,
        }
    }
}

/// The config's `[theme]`: a preset and colours by name, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeSpec {
    /// `default` or `high-contrast`.
    pub preset: Option<String>,
    /// `(name, colour)` pairs: `accent = "cyan"`, `error = "#ff5555"`, `group = "12"`.
    pub colors: Vec<(String, String)>,
    /// Where the section is, `file:line`, for messages.
    pub origin: String,
}

/// The colour names `[theme]` accepts, for messages and the README.
pub const COLOR_KEYS: [&str; 9] = [
    "accent",
    "error",
    "success",
    "warning",
    "inherited",
    "group",
    "header_fg",
    "header_bg",
    "matched",
];

impl Theme {
    /// Whether `NO_COLOR` (<https://no-color.org>) asks for no colour: set and non-empty.
    pub fn no_color_env() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    /// The default theme, monochrome when `NO_COLOR` is set.
    pub fn from_env() -> Self {
        Theme {
            color: !Theme::no_color_env(),
            ..Theme::default()
        }
    }

    /// The theme `spec` describes (problems are returned, each with its `file:line`, and leave
    /// that colour as it was); `no_color` wins over everything.
    pub fn from_spec(spec: &ThemeSpec, no_color: bool) -> (Theme, Vec<String>) {
        let mut problems = Vec::new();
        let mut theme = Theme::default();
        match spec.preset.as_deref().map(str::trim) {
            None | Some("default") => {}
            Some("high-contrast") => {
                theme.palette = Palette::HIGH_CONTRAST;
                theme.high_contrast = true;
            }
            Some(other) => problems.push(format!(
                "{}: [theme] preset {} is not one roster has; use \"default\" or \"high-contrast\"",
                spec.origin,
                quoted(other)
            )),
        }
        for (name, value) in &spec.colors {
            let color = match Color::from_str(value.trim()) {
                Ok(c) => c,
                Err(_) => {
                    problems.push(format!(
                        "{}: [theme] {name} = {} is not a colour; use a name (red, light-blue), \
                         #rrggbb or a number 0-255",
                        spec.origin,
                        quoted(value)
                    ));
                    continue;
                }
            };
            let p = &mut theme.palette;
            let slot = match name.as_str() {
                "accent" => &mut p.accent,
                "error" => &mut p.error,
                "success" => &mut p.success,
                "warning" => &mut p.warning,
                "inherited" => &mut p.inherited,
                "group" => &mut p.group,
                "header_fg" => &mut p.header_fg,
                "header_bg" => &mut p.header_bg,
                "matched" => &mut p.matched,
                _ => {
                    problems.push(format!(
                        "{}: [theme] has no colour {}; the colours are {}",
                        spec.origin,
                        quoted(name),
                        COLOR_KEYS.join(", ")
                    ));
                    continue;
                }
            };
            *slot = color;
        }
        theme.color = !no_color;
        (theme, problems)
    }

    /// A theme without colours.
    pub fn monochrome() -> Self {
        Theme {
            color: false,
            ..Theme::default()
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// Plain text.
    pub fn text(&self) -> Style {
        Style::new()
    }

    /// Secondary text (hints, IDs, counts); plain in high contrast, where dim text is hard to read.
    pub fn dim(&self) -> Style {
        if self.high_contrast {
            Style::new()
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// The selected row: reversed always (visible without colour), bold.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// Border of the focused pane.
    pub fn border_focused(&self) -> Style {
        self.fg(self.palette.accent).add_modifier(Modifier::BOLD)
    }

    /// Border of an unfocused pane.
    pub fn border(&self) -> Style {
        self.dim()
    }

    /// Titles of panes and dialogs.
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Header bar.
    pub fn header(&self) -> Style {
        if self.color {
            Style::new()
                .bg(self.palette.header_bg)
                .fg(self.palette.header_fg)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The demo banner.
    pub fn banner(&self) -> Style {
        self.fg(self.palette.warning).add_modifier(Modifier::BOLD)
    }

    /// Table column headings.
    pub fn column_header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Key names in hints and help.
    pub fn key(&self) -> Style {
        self.fg(self.palette.accent).add_modifier(Modifier::BOLD)
    }

    /// Errors.
    pub fn error(&self) -> Style {
        self.fg(self.palette.error).add_modifier(Modifier::BOLD)
    }

    /// Successes.
    pub fn success(&self) -> Style {
        self.fg(self.palette.success)
    }

    /// Warnings and notes (stale data, emulated operations).
    pub fn warning(&self) -> Style {
        self.fg(self.palette.warning)
    }

    /// Inherited (read-only) rows.
    pub fn inherited(&self) -> Style {
        self.fg(self.palette.inherited)
    }

    /// Groups.
    pub fn group(&self) -> Style {
        self.fg(self.palette.group)
    }

    /// Actions that change data (in help).
    pub fn dangerous(&self) -> Style {
        self.fg(self.palette.error)
    }

    /// A focused button or field.
    pub fn focused(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// The part of a cell the filter matched: underlined always (visible without colour).
    pub fn matched(&self) -> Style {
        self.fg(self.palette.matched)
            .add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
    }
}

/// `value` quoted when it is short and plain, else described (a config value is not echoed
/// whole).
fn quoted(value: &str) -> String {
    if value.len() <= 32 && value.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        format!("{value:?}")
    } else {
        "(a value not shown)".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_sets_colours_and_no_color_wins() {
        let spec = ThemeSpec {
            preset: Some("high-contrast".into()),
            colors: vec![
                ("accent".into(), "#ff8800".into()),
                ("error".into(), "bloodish".into()),
            ],
            origin: "config.toml:9".into(),
        };
        let (theme, problems) = Theme::from_spec(&spec, false);
        assert_eq!(theme.palette.accent, Color::Rgb(0xff, 0x88, 0x00));
        assert_eq!(theme.palette.error, Palette::HIGH_CONTRAST.error);
        assert!(theme.high_contrast && theme.color);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("config.toml:9: [theme] error"),
            "{problems:?}"
        );
        let (mono, _) = Theme::from_spec(&spec, true);
        assert!(!mono.color);
        assert_eq!(mono.key().fg, None);
    }
}
