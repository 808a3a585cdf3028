//! The dialogs, one module each, holding its state, what its keys do and how it is drawn (gitui's
//! `popups/`, with roster's pure update kept: a dialog changes only itself and the [`Model`], and
//! returns the commands it wants run).
//!
//! | dialog | key | module |
//! |---|---|---|
//! | add a member | `a` | `add/` (a folder: `form.rs`, `draw.rs`) |
//! | change a role | `e` | `role.rs` |
//! | confirm a removal | `x` | `confirm.rs` |
//! | where a user has access | `u` | `access.rs` |
//! | help | `?` | `help.rs` |
//! | quitting while a change runs | `q`, a signal | `quit.rs` |
//!
//! [`Dialog`] is the one place that lists them: adding a dialog adds a variant and one arm to each
//! of its methods (see README, "How to add a dialog").

pub mod access;
pub mod add;
mod common;
pub mod confirm;
pub mod help;
pub mod quit;
pub mod role;

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
    Access(access::AccessView),
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
            Dialog::Access(_) => Context::Access,
            Dialog::Quit(_) => Context::Quitting,
        }
    }

    /// The change request this dialog waits for, if any.
    pub fn submitting(&self) -> Option<u64> {
        match self {
            Dialog::Help(_) | Dialog::Access(_) | Dialog::Quit(_) => None,
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
            Dialog::Access(v) => v.on_action(model, action),
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
            | Dialog::Access(_)
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
            Dialog::Help(_) | Dialog::Access(_) | Dialog::Quit(_) => {}
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
            Dialog::Access(v) => v.draw(frame, body, model),
            Dialog::Quit(q) => q.draw(frame, body, model),
        }
    }
}
