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
//! | member detail | Enter on a member | `detail.rs` |
//! | copy | `y` | `copy.rs` |
//! | command palette | `:` | `palette/` (a folder: `entries.rs`, `fuzzy.rs`, `mod.rs`) |
//! | help | `?` | `help.rs` |
//! | quitting while a change runs | `q`, a signal | `quit.rs` |
//!
//! [`Dialog`] is the one place that lists them: adding a dialog adds a variant and one arm to each
//! of its methods (see README, "How to add a dialog").

pub mod add;
pub mod bulk;
mod common;
pub mod confirm;
pub mod copy;
pub mod detail;
pub mod help;
pub mod palette;
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
    /// Enter on a member.
    Detail(detail::DetailPanel),
    /// `y`.
    Copy(copy::CopyMenu),
    /// `:`.
    Palette(palette::Palette),
    /// `q` or a signal while a change runs.
    Quit(quit::QuitDialog),
}

impl Dialog {
    /// The key context of this dialog (which bindings apply while it is open).
    pub fn context(&self) -> Context {
        match self {
            Dialog::Help(_) => Context::Help,
            Dialog::Add(f) if f.focus == add::AddField::Role => Context::AddRole,
            Dialog::Add(_) => Context::AddForm,
            Dialog::Detail(_) => Context::Detail,
            Dialog::Copy(_) => Context::Copy,
            Dialog::Palette(_) => Context::Palette,
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
            Dialog::Help(_)
            | Dialog::Person(_)
            | Dialog::Bulk(_)
            | Dialog::Quit(_)
            | Dialog::Detail(_)
            | Dialog::Copy(_)
            | Dialog::Palette(_) => None,
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
            Dialog::Detail(d) => d.on_action(model, action),
            Dialog::Copy(c) => c.on_action(model, action),
            // The palette's Enter runs an action of the panes: the caller carries it out.
            Dialog::Palette(p) => p.on_action(model, action),
        }
    }

    /// A key that is no action (typing), for a dialog with a text field.
    pub(crate) fn on_text(&mut self, model: &Model, key: &KeyEvent) {
        match self {
            Dialog::Add(f) => f.on_text(key),
            Dialog::Help(h) => h.on_text(model, key),
            Dialog::Palette(p) => p.on_text(model, key),
            Dialog::Role(_)
            | Dialog::Confirm(_)
            | Dialog::Person(_)
            | Dialog::Bulk(_)
            | Dialog::Undo(_)
            | Dialog::Quit(_)
            | Dialog::Detail(_)
            | Dialog::Copy(_) => {}
        }
    }

    /// Pasted text, for a dialog with a text field (typed into it, one line, never submitted).
    pub(crate) fn on_paste(&mut self, model: &Model, text: &str) {
        match self {
            Dialog::Add(f) => f.on_paste(text),
            Dialog::Help(h) => h.on_paste(model, text),
            Dialog::Palette(p) => p.on_paste(model, text),
            Dialog::Role(_)
            | Dialog::Confirm(_)
            | Dialog::Person(_)
            | Dialog::Bulk(_)
            | Dialog::Undo(_)
            | Dialog::Quit(_)
            | Dialog::Detail(_)
            | Dialog::Copy(_) => {}
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
            Dialog::Help(_)
            | Dialog::Person(_)
            | Dialog::Bulk(_)
            | Dialog::Quit(_)
            | Dialog::Detail(_)
            | Dialog::Copy(_)
            | Dialog::Palette(_) => {}
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

    /// Draws the dialog: over the whole `screen`, or over the panes' `body`. Returns where it is
    /// (with the margin it cleared), so a toast can stay clear of it.
    pub(crate) fn draw(&self, frame: &mut Frame, screen: Rect, body: Rect, model: &Model) -> Rect {
        let before = frame.buffer_mut().clone();
        match self {
            Dialog::Help(h) => h.draw(frame, screen, model),
            Dialog::Add(f) => f.draw(frame, body, model),
            Dialog::Role(p) => p.draw(frame, body, model),
            Dialog::Confirm(c) => c.draw(frame, body, model),
            Dialog::Person(v) => v.draw(frame, body, model),
            Dialog::Bulk(b) => b.draw(frame, body, model),
            Dialog::Undo(u) => u.draw(frame, body, model),
            Dialog::Quit(q) => q.draw(frame, body, model),
            Dialog::Detail(d) => d.draw(frame, body, model),
            Dialog::Copy(c) => c.draw(frame, body, model),
            Dialog::Palette(p) => p.draw(frame, body, model),
        }
        drawn_area(&before, frame.buffer_mut(), screen)
    }
}

/// The smallest rectangle holding every cell the dialog changed: where it is on screen.
fn drawn_area(
    before: &ratatui::buffer::Buffer,
    after: &ratatui::buffer::Buffer,
    screen: Rect,
) -> Rect {
    let (mut x0, mut y0, mut x1, mut y1) = (u16::MAX, u16::MAX, 0, 0);
    for y in screen.top()..screen.bottom() {
        for x in screen.left()..screen.right() {
            if before.cell((x, y)) != after.cell((x, y)) {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x + 1);
                y1 = y1.max(y + 1);
            }
        }
    }
    if x0 == u16::MAX {
        return Rect::default();
    }
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}
