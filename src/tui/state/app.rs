//! [`App`]: the whole state of the TUI, the [`Model`] plus the open [`Dialog`].
//!
//! `update()` is the only thing that changes an App; drawing and tests only read it. An App reads
//! as its Model (it dereferences to it), so `app.selected_member()` works wherever an App is at
//! hand; nothing outside `update()` gets to change either part.

use super::cursor::Pane;
use super::model::{Model, Toast};
use super::profiles::ProfileSeed;
use crate::tui::dialogs::Dialog;
use crate::tui::dialogs::quit::QuitDialog;
use crate::tui::keys::Context;
use crate::tui::msg::Command;
use crate::tui::theme::Theme;

/// The TUI state.
#[derive(Debug, Clone)]
pub struct App {
    model: Model,
    dialog: Option<Dialog>,
}

impl std::ops::Deref for App {
    type Target = Model;

    fn deref(&self) -> &Model {
        &self.model
    }
}

impl App {
    /// A fresh state. Profiles that can be used start loading: call [`App::start`] for the commands.
    pub fn new(seeds: Vec<ProfileSeed>, readonly: bool, banner: Option<String>) -> Self {
        App {
            model: Model::new(seeds, readonly, banner),
            dialog: None,
        }
    }

    /// The first commands: list every usable profile's workspaces, each on its own.
    pub fn start(&mut self) -> Vec<Command> {
        self.model.start()
    }

    /// Everything but the open dialog.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The open dialog, if any.
    pub fn dialog(&self) -> Option<&Dialog> {
        self.dialog.as_ref()
    }

    /// The key context: the dialog's, the filter's, or the focused pane's.
    pub fn context(&self) -> Context {
        if let Some(d) = &self.dialog {
            return d.context();
        }
        if self.model.focused_filter().editing {
            return Context::Filter;
        }
        match self.model.focus() {
            Pane::Workspaces => Context::Workspaces,
            Pane::Members => Context::Members,
        }
    }

    /// Whether anything is being fetched or changed (the spinner runs only then).
    pub fn is_loading(&self) -> bool {
        self.model.change_running()
            || self.model.profiles().iter().any(|p| p.is_loading())
            || self
                .dialog
                .as_ref()
                .is_some_and(|d| d.submitting().is_some() || d.busy())
    }

    /// Whether roster waits for the running changes to quit.
    pub fn quitting(&self) -> bool {
        matches!(&self.dialog, Some(Dialog::Quit(q)) if q.waiting)
    }

    /// Takes the terminal's new size (as a resize event does).
    pub fn resize(&mut self, width: u16, height: u16) {
        self.model.resize(width, height);
    }

    /// Draws with `theme` from now on.
    pub fn set_theme(&mut self, theme: Theme) {
        self.model.set_theme(theme);
    }

    /// Uses `keymap` from now on (the config's `[keys]`).
    pub fn set_keymap(&mut self, keymap: crate::tui::keys::Keymap) {
        self.model.set_keymap(keymap);
    }

    /// Shows `toast` until the next key (as an answer or an explanation does).
    pub fn show_toast(&mut self, toast: Toast) {
        self.model.show(toast);
    }

    /// Hides the toast (as any key does).
    pub fn dismiss_toast(&mut self) {
        self.model.dismiss_toast();
    }

    /// The model, to change it.
    pub(crate) fn model_mut(&mut self) -> &mut Model {
        &mut self.model
    }

    /// Both parts at once, so a dialog can change itself and the model together.
    pub(crate) fn split_mut(&mut self) -> (&mut Model, &mut Option<Dialog>) {
        (&mut self.model, &mut self.dialog)
    }

    /// Opens `dialog` over whatever was open.
    pub(crate) fn open_dialog(&mut self, dialog: Dialog) {
        self.dialog = Some(dialog);
    }

    /// Closes the open dialog.
    pub(crate) fn close_dialog(&mut self) {
        self.dialog = None;
    }

    /// Asks to quit with `code`: at once when no change runs; otherwise through the quit dialog
    /// (asking first, unless `ask` is false as for a signal). Returns whether the engine should be
    /// told to stop (finish what runs, start nothing more).
    pub(crate) fn request_quit(&mut self, code: i32, ask: bool) -> bool {
        if !self.model.change_running() {
            self.model.quit(code);
            return false;
        }
        self.dialog = Some(Dialog::Quit(QuitDialog {
            waiting: !ask,
            code,
        }));
        !ask
    }
}
