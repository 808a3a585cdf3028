//! One key ([`Key`]) and one entry of the registry ([`Binding`]): the keys of an action, its hint,
//! its description, where it applies and whether it changes data.

use super::context::{Action, Context};
use crate::tui::text;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key: a code and the modifiers that must be held (Shift is ignored for characters, since the
/// character itself already says it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// Key code.
    pub code: KeyCode,
    /// Required modifiers.
    pub mods: KeyModifiers,
}

impl Key {
    pub(crate) const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }
    pub(crate) const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    pub(crate) const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    /// Whether `event` is this key.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT;
        match (self.code, event.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) => {
                a == b && (event.modifiers & relevant) == self.mods
            }
            // Shift-Tab arrives as BackTab, sometimes with SHIFT set.
            (KeyCode::BackTab, KeyCode::BackTab) => true,
            (a, b) => a == b && (event.modifiers & relevant) == self.mods,
        }
    }

    /// Reads a key as the config writes it: a character (`a`, `S`, `:`), a name (`enter`, `esc`,
    /// `tab`, `backtab`, `space`, `up`, `down`, `left`, `right`, `home`, `end`, `pgup`, `pgdn`,
    /// `delete`, `backspace`, `f1`…`f12`), optionally after `ctrl-` or `alt-`.
    pub fn parse(spec: &str) -> Result<Key, String> {
        let spec = spec.trim();
        let lower = spec.to_ascii_lowercase();
        let (mods, rest) = if let Some(r) = lower.strip_prefix("ctrl-").or(lower.strip_prefix("c-"))
        {
            (KeyModifiers::CONTROL, &spec[spec.len() - r.len()..])
        } else if let Some(r) = lower.strip_prefix("alt-").or(lower.strip_prefix("m-")) {
            (KeyModifiers::ALT, &spec[spec.len() - r.len()..])
        } else {
            (KeyModifiers::NONE, spec)
        };
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => {
                // Ctrl-letter arrives lowercase whatever Shift does.
                let c = if mods == KeyModifiers::CONTROL {
                    c.to_ascii_lowercase()
                } else {
                    c
                };
                KeyCode::Char(c)
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" | "shift-tab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "delete" | "del" => KeyCode::Delete,
                "backspace" => KeyCode::Backspace,
                other => match other.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n @ 1..=12) => KeyCode::F(n),
                    _ => {
                        return Err(format!(
                            "`{}` is not a key; write a character, or one of enter, esc, tab, \
                             backtab, space, up, down, left, right, home, end, pgup, pgdn, \
                             delete, backspace, f1…f12, optionally after ctrl- or alt-",
                            crate::sanitize::sanitize_line(spec)
                        ));
                    }
                },
            },
        };
        Ok(Key { code, mods })
    }

    /// Whether this key would type a character into a text field.
    pub fn is_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && self.mods.is_empty()
    }

    /// How the key is written in hints and help.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

/// One entry of the registry.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The name `[keys]` in the config rebinds it by (unique in the registry).
    pub name: &'static str,
    /// What it does.
    pub action: Action,
    /// The keys that trigger it.
    pub keys: &'static [Key],
    /// Footer hint as `(keys, word)`, e.g. `("j/k", "move")`; `None` keeps it out of the footer.
    pub hint: Option<(&'static str, &'static str)>,
    /// One-line description for the help and README.
    pub description: &'static str,
    /// Where it applies.
    pub contexts: &'static [Context],
    /// Whether it changes data (hidden with `--readonly`).
    pub dangerous: bool,
}

impl Binding {
    /// The keys, written for people: `j ↓`.
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether it applies in `ctx`.
    pub fn applies(&self, ctx: Context) -> bool {
        self.contexts.contains(&ctx)
    }

    /// Where it applies, in words.
    pub fn contexts_label(&self) -> String {
        if self.contexts.len() == Context::ALL.len() {
            return text::CTX_EVERYWHERE.to_string();
        }
        if self.contexts == Context::PANES {
            return text::CTX_PANES.to_string();
        }
        self.contexts
            .iter()
            // The form's role list is part of the form: one label for both.
            .filter(|c| !(**c == Context::AddRole && self.contexts.contains(&Context::AddForm)))
            .map(|c| c.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Keys written for people: `j ↓`.
pub fn keys_label(keys: &[Key]) -> String {
    keys.iter().map(Key::label).collect::<Vec<_>>().join(" ")
}
