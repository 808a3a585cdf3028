//! The one key registry: every action with its keys, footer hint, description, the contexts it
//! applies to, whether it changes data and the name `[keys]` rebinds it by. Key dispatch, the
//! footer hints, the `?` help overlay and the README key table are all generated from
//! [`BINDINGS`] (as the [`Keymap`] binds them), so they cannot disagree. With `readonly` the
//! dangerous actions disappear from all of them alike (k9s `--readonly`).
//!
//! - `context.rs`: where the focus is ([`Context`]) and what can be asked for ([`Action`]);
//! - `key.rs`: a key and a registry entry ([`Key`], [`Binding`]);
//! - `bindings.rs`: the table itself, in footer and help order;
//! - `shorthand.rs`: the context sets and constructors the table is written with;
//! - `keymap.rs`: the keys in force, with the config's rebindings;
//! - `registry.rs`: dispatch, hints, help and the README table, read from the table.

mod bindings;
mod context;
mod key;
mod keymap;
mod registry;
mod shorthand;

pub use bindings::BINDINGS;
pub use context::{Action, Context};
pub use key::{Binding, Key, keys_label};
pub use keymap::{KeyOverride, Keymap};
pub use registry::{HelpLine, action_for, help_sections, hints, markdown_table, visible};
