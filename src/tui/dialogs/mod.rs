//! The dialogs, one module each, holding its state, what its keys do and how it is drawn (gitui's
//! `popups/`, with roster's pure update kept: a dialog changes only itself and the [`Model`], and
//! returns the commands it wants run).
//!
//! | dialog | key | module |
//! |---|---|---|
//! | add a member | `a` | `add/` (a folder: `form.rs`, `draw.rs`) |
//! | change a role | `e` | `role.rs` |
//! | confirm a removal | `x` | `confirm.rs` |
//! | change every marked row | `e`, `x` with rows marked | `bulk/` (`build.rs`, `draw.rs`) |
//! | where a person has access, across profiles | `u` | `person/` (`rows.rs`, `draw.rs`) |
//! | undo the last change of the session | `z` | `undo.rs` |
//! | help | `?` | `help.rs` |
//! | quitting while a change runs | `q`, a signal | `quit.rs` |
//!
//! [`Dialog`] is the one place that lists them: adding a dialog adds a variant and one arm to each
//! of its methods (see README, "How to add a dialog").

pub mod add;
pub mod bulk;
mod common;
pub mod confirm;
pub mod help;
pub mod person;
pub mod quit;
pub mod role;
pub mod undo;

use crate::tui::keys::{Action, Context};
use crate::tui::state::Model;
use common::Step;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

/// The open dialog.
#[derive(Debug, Clone)]
pub enum Dialog {
    /// `?`.
    Help(help::Help),
    /// `a`.
    Add(add::AddForm),
    /// `e`.
    Role(role::RolePicker),
    /// `x`.
    Confirm(confirm::ConfirmRemove),
    /// `u`.
    Person(person::PersonView),
    /// `e` or `x` with rows marked.
    Bulk(bulk::BulkChange),
    /// `z`.
    Undo(undo::UndoConfirm),
    /// `q` or a signal while a change runs.
    Quit(quit::QuitDialog),
}

impl Dialog {
    /// The key context of this dialog (which bindings apply while it is open).
    pub fn context(&self) -> Context {
        match self {
            Dialog::Help(_) => Context::Help,
            Dialog::Add(_) => Context::AddForm,
            Dialog::Role(_) => Context::RolePicker,
            Dialog::Confirm(_) => Context::Confirm,
            Dialog::Person(v) if v.bulk.is_some() => Context::Bulk,
            Dialog::Person(_) => Context::Person,
            Dialog::Bulk(_) => Context::Bulk,
            Dialog::Undo(_) => Context::Undo,
            Dialog::Quit(_) => Context::Quitting,
        }
    }

    /// Whether the dialog waits for the worker without a change in flight (the person search),
    /// so the spinner runs and tests waiting for idle wait for it too.
    pub fn busy(&self) -> bool {
        matches!(self, Dialog::Person(v) if v.searching())
    }

    /// The change request this dialog waits for, if any.
    pub fn submitting(&self) -> Option<u64> {
        match self {
            Dialog::Help(_) | Dialog::Person(_) | Dialog::Bulk(_) | Dialog::Quit(_) => None,
            Dialog::Undo(u) => u.submitting(),
            Dialog::Add(f) => f.submitting,
            Dialog::Role(p) => p.submitting,
            Dialog::Confirm(c) => c.submitting,
        }
    }

    /// A key's action while this dialog is open. `None`: the dialog leaves it to the keys that
    /// work everywhere (quit, suspend).
    pub(crate) fn on_action(&mut self, model: &mut Model, action: Action) -> Option<Step> {
        match self {
            Dialog::Help(h) => h.on_action(model, action),
            Dialog::Add(f) => f.on_action(model, action),
            Dialog::Role(p) => p.on_action(model, action),
            Dialog::Confirm(c) => c.on_action(model, action),
            Dialog::Person(v) => v.on_action(model, action),
            Dialog::Bulk(b) => b.on_action(model, action),
            Dialog::Undo(u) => u.on_action(model, action),
            Dialog::Quit(q) => q.on_action(model, action),
        }
    }

    /// A key that is no action (typing), for a dialog with a text field.
    pub(crate) fn on_text(&mut self, key: &KeyEvent) {
        match self {
            Dialog::Add(f) => f.on_text(key),
            Dialog::Help(_)
            | Dialog::Role(_)
            | Dialog::Confirm(_)
            | Dialog::Person(_)
            | Dialog::Bulk(_)
            | Dialog::Undo(_)
            | Dialog::Quit(_) => {}
        }
    }

    /// After the engine refused to leave a workspace without an owner: shows why, and lets the next
    /// Enter send the change again, forced.
    pub(crate) fn offer_force(&mut self, message: String) {
        match self {
            Dialog::Role(p) => {
                p.submitting = None;
                p.force_offered = true;
                p.error = Some(message);
            }
            Dialog::Confirm(c) => {
                c.submitting = None;
                c.force_offered = true;
                c.error = Some(message);
            }
            other => other.fail(message),
        }
    }

    /// Shows a server error in the dialog and stops waiting.
    pub(crate) fn fail(&mut self, message: String) {
        match self {
            Dialog::Help(_) | Dialog::Person(_) | Dialog::Bulk(_) | Dialog::Quit(_) => {}
            Dialog::Undo(u) => u.fail(message),
            Dialog::Add(f) => {
                f.submitting = None;
                f.error = Some(message);
            }
            Dialog::Role(p) => {
                p.submitting = None;
                p.error = Some(message);
            }
            Dialog::Confirm(c) => {
                c.submitting = None;
                c.error = Some(message);
            }
        }
    }

    /// Draws the dialog: over the whole `screen`, or over the panes' `body`.
    pub(crate) fn draw(&self, frame: &mut Frame, screen: Rect, body: Rect, model: &Model) {
        match self {
            Dialog::Help(h) => h.draw(frame, screen, model),
            Dialog::Add(f) => f.draw(frame, body, model),
            Dialog::Role(p) => p.draw(frame, body, model),
            Dialog::Confirm(c) => c.draw(frame, body, model),
            Dialog::Person(v) => v.draw(frame, body, model),
            Dialog::Bulk(b) => b.draw(frame, body, model),
            Dialog::Undo(u) => u.draw(frame, body, model),
            Dialog::Quit(q) => q.draw(frame, body, model),
        }
    }
}
