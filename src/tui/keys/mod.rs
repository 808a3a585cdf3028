//! The one key registry: every action with its keys, footer hint, description, the contexts it
//! applies to and whether it changes data. Key dispatch, the footer hints, the `?` help overlay and
//! the README key table are all generated from [`BINDINGS`], so they cannot disagree. With
//! `readonly` the dangerous actions disappear from all of them alike (k9s `--readonly`).

use super::text;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Where the keyboard focus is; decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// The left pane (profiles and their workspaces).
    Workspaces,
    /// The right pane (members of the open workspace).
    Members,
    /// Typing a filter into the focused list.
    Filter,
    /// The add member form.
    AddForm,
    /// The role picker.
    RolePicker,
    /// The remove confirmation.
    Confirm,
    /// The help overlay.
    Help,
    /// The "where does this user have access" view.
    Access,
    /// Asked to quit while a change runs.
    Quitting,
}

impl Context {
    /// Every context, in help order.
    pub const ALL: [Context; 9] = [
        Context::Workspaces,
        Context::Members,
        Context::Filter,
        Context::AddForm,
        Context::RolePicker,
        Context::Confirm,
        Context::Help,
        Context::Access,
        Context::Quitting,
    ];

    /// Human name, for the help and README.
    pub fn label(self) -> &'static str {
        match self {
            Context::Workspaces => text::CTX_WORKSPACES,
            Context::Members => text::CTX_MEMBERS,
            Context::Filter => text::CTX_FILTER,
            Context::AddForm => text::CTX_ADD,
            Context::RolePicker => text::CTX_ROLE,
            Context::Confirm => text::CTX_CONFIRM,
            Context::Help => text::CTX_HELP,
            Context::Access => text::CTX_ACCESS,
            Context::Quitting => text::CTX_QUITTING,
        }
    }

    /// Whether plain characters are text input here (then they never trigger single-letter keys).
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Filter | Context::AddForm)
    }
}

/// Something the user can ask for. Each variant is documented by its registry entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Move the selection down.
    Down,
    /// Move the selection up.
    Up,
    /// Jump to the first row.
    Top,
    /// Jump to the last row.
    Bottom,
    /// One page down.
    PageDown,
    /// One page up.
    PageUp,
    /// Focus the other pane.
    NextPane,
    /// Focus the other pane, backwards.
    PrevPane,
    /// Open the workspace under the cursor (fold/unfold a profile).
    Open,
    /// Start typing a filter.
    Filter,
    /// Clear the active filter.
    ClearFilter,
    /// Open the add member form.
    Add,
    /// Open the role picker for the selected member.
    ChangeRole,
    /// Ask to remove the selected member.
    Remove,
    /// Show every workspace of the profile where the selected user has access.
    WhereAccess,
    /// Reload from the server.
    Refresh,
    /// Show the help overlay.
    Help,
    /// Quit.
    Quit,
    /// Quit from anywhere (Ctrl-c).
    Interrupt,
    /// Suspend to the shell (Ctrl-z).
    Suspend,
    /// Filter: keep it and return to the list.
    FilterKeep,
    /// Filter: clear it and return to the list.
    FilterClear,
    /// Form: next field.
    NextField,
    /// Form: previous field.
    PrevField,
    /// Form / picker / dialog: submit or activate.
    Submit,
    /// Form / picker / dialog: close without changing anything.
    Cancel,
    /// Dialog: switch the focused button.
    SwitchButton,
    /// Dialog: confirm (y).
    Confirm,
    /// Dialog: deny (n).
    Deny,
    /// Help: close.
    CloseHelp,
    /// Quitting while a change runs: quit as soon as it is done.
    QuitWhenDone,
}

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
    pub(super) const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }
    pub(super) const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    pub(super) const fn ctrl(c: char) -> Key {
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
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// One entry of the registry.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
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
        if self.contexts == bindings::PANES {
            return text::CTX_PANES.to_string();
        }
        self.contexts
            .iter()
            .map(|c| c.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

mod bindings;
pub use bindings::BINDINGS;

/// The bindings visible in `readonly` mode or not, in registry order.
pub fn visible(readonly: bool) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| !(readonly && b.dangerous))
}

/// The action `event` triggers in `ctx`, if any. In text contexts, plain characters are text and
/// never trigger an action.
pub fn action_for(event: &KeyEvent, ctx: Context, readonly: bool) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    visible(readonly)
        .filter(|b| b.applies(ctx))
        .find(|b| {
            b.keys
                .iter()
                .any(|k| k.matches(event) && !(ctx.takes_text() && k.is_text()))
        })
        .map(|b| b.action)
}

/// Footer hints for `ctx`: `(keys, word)` pairs in registry order.
pub fn hints(ctx: Context, readonly: bool) -> Vec<(&'static str, &'static str)> {
    visible(readonly)
        .filter(|b| b.applies(ctx))
        .filter_map(|b| b.hint)
        .collect()
}

/// One help line: `(keys, description, dangerous)`.
pub type HelpLine = (String, &'static str, bool);

/// The help overlay's sections, each a heading and its lines. Keys that work everywhere get their
/// own section instead of repeating in every other one.
pub fn help_sections(readonly: bool) -> Vec<(&'static str, Vec<HelpLine>)> {
    let everywhere = |b: &Binding| b.contexts.len() == Context::ALL.len();
    let line = |b: &Binding| (b.keys_label(), b.description, b.dangerous);
    let pick = |f: &dyn Fn(&Binding) -> bool| -> Vec<HelpLine> {
        visible(readonly)
            .filter(|b| !everywhere(b) && f(b))
            .map(line)
            .collect()
    };
    let mut out = vec![
        (
            text::CTX_PANES,
            pick(&|b| b.applies(Context::Workspaces) && b.applies(Context::Members)),
        ),
        (
            Context::Workspaces.label(),
            pick(&|b| b.applies(Context::Workspaces) && !b.applies(Context::Members)),
        ),
        (
            Context::Members.label(),
            pick(&|b| b.applies(Context::Members) && !b.applies(Context::Workspaces)),
        ),
    ];
    for ctx in [
        Context::Filter,
        Context::AddForm,
        Context::RolePicker,
        Context::Confirm,
        Context::Help,
        Context::Access,
        Context::Quitting,
    ] {
        out.push((ctx.label(), pick(&|b| b.applies(ctx))));
    }
    out.push((
        text::CTX_EVERYWHERE,
        visible(readonly)
            .filter(|b| everywhere(b))
            .map(line)
            .collect(),
    ));
    out.retain(|(_, lines)| !lines.is_empty());
    out
}

/// The README key table (Markdown), generated from the registry: a test keeps README in step.
pub fn markdown_table() -> String {
    let mut out = String::from("| Keys | Action | Where | Changes data |\n|---|---|---|---|\n");
    for b in BINDINGS {
        let keys = b
            .keys
            .iter()
            .map(|k| format!("`{}`", k.label().replace('|', "\\|")))
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!(
            "| {keys} | {} | {} | {} |\n",
            b.description,
            b.contexts_label(),
            if b.dangerous { "yes" } else { "" }
        ));
    }
    out
}
