//! The one theme: every style the TUI draws with. With `NO_COLOR` set (and non-empty) no colour is
//! used at all; emphasis then relies on modifiers (bold, reversed, dim), and the selection is still
//! marked by reversed video and a `>` marker, so it never depends on colour.

use ratatui::style::{Color, Modifier, Style};

/// Styles of the screen; `color` false means monochrome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours may be used.
    pub color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true }
    }
}

impl Theme {
    /// Reads `NO_COLOR` (<https://no-color.org>): set and non-empty disables colour.
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    /// A theme without colours.
    pub fn monochrome() -> Self {
        Theme { color: false }
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

    /// Secondary text (hints, IDs, counts).
    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    /// The selected row: reversed always (visible without colour), bold.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// Border of the focused pane.
    pub fn border_focused(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
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
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The demo banner.
    pub fn banner(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Table column headings.
    pub fn column_header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Key names in hints and help.
    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Errors.
    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Successes.
    pub fn success(&self) -> Style {
        self.fg(Color::Green)
    }

    /// Warnings and notes (stale data, emulated operations).
    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow)
    }

    /// Inherited (read-only) rows.
    pub fn inherited(&self) -> Style {
        self.fg(Color::Magenta)
    }

    /// Groups.
    pub fn group(&self) -> Style {
        self.fg(Color::Blue)
    }

    /// Actions that change data (in help).
    pub fn dangerous(&self) -> Style {
        self.fg(Color::Red)
    }

    /// A focused button or field.
    pub fn focused(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
}
