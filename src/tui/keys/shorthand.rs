//! The shorthand the binding table (`bindings.rs`) is written in: named sets of contexts, and
//! constructors for a plain binding ([`b`]), one with a footer hint ([`h`]) and one that changes
//! data ([`d`]).

use super::context::{Action, Context};
use super::key::{Binding, Key};

use Context as C;
pub(super) const PANES: &[Context] = &Context::PANES;
/// Lists moved with j/k.
pub(super) const LISTS: &[Context] = &[
    C::Workspaces,
    C::Members,
    C::AddRole,
    C::RolePicker,
    C::Copy,
    C::Detail,
    C::Person,
    C::Bulk,
];
/// Lists paged with PgUp/PgDn, typing ones included.
pub(super) const PAGED: &[Context] = &[
    C::Workspaces,
    C::Members,
    C::AddRole,
    C::RolePicker,
    C::Copy,
    C::Detail,
    C::Person,
    C::Bulk,
    C::Help,
    C::Palette,
];
/// Where ↑/↓ move while typing.
pub(super) const TYPING: &[Context] = &[C::Filter, C::AddForm, C::Help, C::Palette];
pub(super) const EVERYWHERE: &[Context] = &Context::ALL;
pub(super) const MODALS: &[Context] = &[
    C::AddForm,
    C::AddRole,
    C::RolePicker,
    C::Confirm,
    C::Copy,
    C::Bulk,
    C::Undo,
];
pub(super) const ADD: &[Context] = &[C::AddForm, C::AddRole];
/// Where rows can be marked.
pub(super) const MARKABLE: &[Context] = &[C::Members, C::Person];

/// A binding that is not dangerous and has no hint; the fields that differ are set on top.
pub(super) const fn b(
    name: &'static str,
    action: Action,
    keys: &'static [Key],
    description: &'static str,
    contexts: &'static [Context],
) -> Binding {
    Binding {
        name,
        action,
        keys,
        hint: None,
        description,
        contexts,
        dangerous: false,
    }
}

/// [`b`] with a footer hint.
pub(super) const fn h(
    name: &'static str,
    action: Action,
    keys: &'static [Key],
    hint: (&'static str, &'static str),
    description: &'static str,
    contexts: &'static [Context],
) -> Binding {
    Binding {
        hint: Some(hint),
        ..b(name, action, keys, description, contexts)
    }
}

/// [`h`] for an action that changes data (read-only hides it).
pub(super) const fn d(
    name: &'static str,
    action: Action,
    keys: &'static [Key],
    hint: (&'static str, &'static str),
    description: &'static str,
    contexts: &'static [Context],
) -> Binding {
    Binding {
        dangerous: true,
        ..h(name, action, keys, hint, description, contexts)
    }
}
