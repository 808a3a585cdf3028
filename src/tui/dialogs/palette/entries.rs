//! What the palette can find: the actions of the panes (from the key registry, so read-only
//! leaves out those that change data), every workspace, every profile, and every person of the
//! member lists already read. Built once when the palette opens, each with its search text
//! lowercased once.

use crate::sanitize::sanitize_line;
use crate::tui::keys::{self, Action, Context};
use crate::tui::state::Model;
use crate::tui::text;

/// Where an entry leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Run an action of the panes, as its key would.
    Action(Action),
    /// Open workspace (profile, workspace index).
    Workspace(usize, usize),
    /// Select a profile in the left pane.
    Profile(usize),
    /// Open a workspace and select a member: (profile, workspace index, member ID).
    Person(usize, usize, String),
}

/// One entry of the palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What kind of thing it is (`action`, `workspace`, …).
    pub kind: &'static str,
    /// What the palette shows (sanitized).
    pub label: String,
    /// Lowercased search text.
    pub haystack: String,
    /// Where Enter leads.
    pub target: Target,
}

impl Entry {
    fn new(kind: &'static str, label: String, target: Target) -> Entry {
        Entry {
            kind,
            haystack: label.to_lowercase(),
            label,
            target,
        }
    }
}

/// Every entry for the current state, actions first.
pub fn build(model: &Model) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for (i, b) in keys::visible(model.readonly()) {
        let pane = b.applies(Context::Workspaces) || b.applies(Context::Members);
        if !pane || b.action == Action::Palette || seen.contains(&b.action) {
            continue;
        }
        seen.push(b.action);
        let label = format!(
            "{} ({})",
            b.description,
            keys::keys_label(model.keymap().keys(i))
        );
        out.push(Entry::new(
            text::KIND_ACTION,
            label,
            Target::Action(b.action),
        ));
    }
    for (p, prof) in model.profiles().iter().enumerate() {
        out.push(Entry::new(
            text::KIND_PROFILE,
            format!(
                "{} ({})",
                sanitize_line(&prof.name),
                prof.kind.display_name()
            ),
            Target::Profile(p),
        ));
    }
    for (p, w) in model.all_workspaces() {
        let prof = &model.profiles()[p];
        let ws = &prof.workspaces[w];
        out.push(Entry::new(
            text::KIND_WORKSPACE,
            format!("{} — {}", ws.display_name, sanitize_line(&prof.name)),
            Target::Workspace(p, w),
        ));
    }
    for (p, w) in model.all_workspaces() {
        let prof = &model.profiles()[p];
        let ws = &prof.workspaces[w];
        for r in &ws.members.rows {
            let name = r.name();
            let who = match (r.email(), name.is_empty()) {
                (Some(e), false) => format!("{name} <{}>", sanitize_line(e)),
                (Some(e), true) => sanitize_line(e).into_owned(),
                (None, _) => r.label().into_owned(),
            };
            out.push(Entry::new(
                text::KIND_PERSON,
                format!(
                    "{who} — {} ({})",
                    ws.display_name,
                    sanitize_line(&prof.name)
                ),
                Target::Person(p, w, r.id().to_string()),
            ));
        }
    }
    out
}
