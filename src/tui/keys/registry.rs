//! Reading the registry: the action a key triggers, the footer hints, the help sections and the
//! README table, all from [`BINDINGS`] as the [`Keymap`] binds them, with the dangerous actions
//! left out in read-only mode.

use super::bindings::BINDINGS;
use super::context::{Action, Context};
use super::key::{Binding, keys_label};
use super::keymap::Keymap;
use crate::tui::text;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

/// The bindings visible in `readonly` mode or not, in registry order, with their indices.
pub fn visible(readonly: bool) -> impl Iterator<Item = (usize, &'static Binding)> {
    BINDINGS
        .iter()
        .enumerate()
        .filter(move |(_, b)| !(readonly && b.dangerous))
}

/// The action `event` triggers in `ctx`, if any. In text contexts, plain characters are text and
/// never trigger an action.
pub fn action_for(
    keymap: &Keymap,
    event: &KeyEvent,
    ctx: Context,
    readonly: bool,
) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    visible(readonly)
        .filter(|(_, b)| b.applies(ctx))
        .find(|(i, _)| {
            keymap
                .keys(*i)
                .iter()
                .any(|k| k.matches(event) && !(ctx.takes_text() && k.is_text()))
        })
        .map(|(_, b)| b.action)
}

/// Footer hints for `ctx`: `(keys, word)` pairs in registry order; a rebound action shows its
/// own first key.
pub fn hints(keymap: &Keymap, ctx: Context, readonly: bool) -> Vec<(String, &'static str)> {
    visible(readonly)
        .filter(|(_, b)| b.applies(ctx))
        .filter_map(|(i, b)| {
            let (keys, word) = b.hint?;
            if keymap.is_rebound(i) {
                Some((keymap.keys(i).first()?.label(), word))
            } else {
                Some((keys.to_string(), word))
            }
        })
        .collect()
}

/// One help line: `(keys, description, dangerous)`.
pub type HelpLine = (String, &'static str, bool);

/// The help overlay's sections, each a heading and its lines. Keys that work everywhere get their
/// own section instead of repeating in every other one.
pub fn help_sections(keymap: &Keymap, readonly: bool) -> Vec<(&'static str, Vec<HelpLine>)> {
    let everywhere = |b: &Binding| b.contexts.len() == Context::ALL.len();
    let line = |i: usize, b: &Binding| (keys_label(keymap.keys(i)), b.description, b.dangerous);
    let pick = |f: &dyn Fn(&Binding) -> bool| -> Vec<HelpLine> {
        visible(readonly)
            .filter(|(_, b)| !everywhere(b) && f(b))
            .map(|(i, b)| line(i, b))
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
    // Then every other context, each its own section, in `Context::ALL` order.
    for ctx in Context::ALL
        .into_iter()
        .filter(|c| !Context::PANES.contains(c))
    {
        out.push((ctx.label(), pick(&|b| b.applies(ctx))));
    }
    out.push((
        text::CTX_EVERYWHERE,
        visible(readonly)
            .filter(|(_, b)| everywhere(b))
            .map(|(i, b)| line(i, b))
            .collect(),
    ));
    out.retain(|(_, lines)| !lines.is_empty());
    out
}

/// The README key table (Markdown), generated from the registry: a test keeps README in step.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| Keys | Action | Where | Changes data | Name in `[keys]` |\n|---|---|---|---|---|\n",
    );
    for b in BINDINGS {
        let keys = b
            .keys
            .iter()
            .map(|k| format!("`{}`", k.label().replace('|', "\\|")))
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!(
            "| {keys} | {} | {} | {} | `{}` |\n",
            b.description,
            b.contexts_label(),
            if b.dangerous { "yes" } else { "" },
            b.name
        ));
    }
    out
}
