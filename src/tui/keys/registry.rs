//! Reading the registry: the action a key triggers, the footer hints, the help sections and the
//! README table, all from [`BINDINGS`], with the dangerous actions left out in read-only mode.

use super::bindings::BINDINGS;
use super::context::{Action, Context};
use super::key::Binding;
use crate::tui::text;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

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
