//! What applies to whichever pane has the focus: switching, moving the selection, and the `/`
//! filter being typed, kept or cleared.

use super::cursor::Move;
use super::cursor::Pane;
use super::filter::Filter;
use super::model::Model;
use ratatui::crossterm::event::KeyEvent;

impl Model {
    /// The focused pane's filter.
    pub fn focused_filter(&self) -> &Filter {
        match self.focus {
            Pane::Workspaces => &self.tree_filter,
            Pane::Members => &self.members_filter,
        }
    }

    fn focused_filter_mut(&mut self) -> &mut Filter {
        match self.focus {
            Pane::Workspaces => &mut self.tree_filter,
            Pane::Members => &mut self.members_filter,
        }
    }

    /// Focuses the other pane.
    pub(crate) fn switch_pane(&mut self) {
        self.focus = self.focus.other();
    }

    /// Moves the focused pane's selection.
    pub(crate) fn move_selection(&mut self, how: Move) {
        match self.focus {
            Pane::Workspaces => {
                let (len, page) = (self.tree_rows().len(), self.tree_page());
                self.tree.apply(how, len, page);
            }
            Pane::Members => {
                let (len, page) = (self.members_view.len(), self.members_page());
                self.members.apply(how, len, page);
            }
        }
    }

    /// `/`: keys go into the focused pane's filter.
    pub(crate) fn start_filter(&mut self) {
        self.focused_filter_mut().editing = true;
    }

    /// Enter while typing a filter: keep it and go back to the list.
    pub(crate) fn keep_filter(&mut self) {
        self.focused_filter_mut().editing = false;
    }

    /// Esc: clears the focused pane's filter (and stops typing it).
    pub(crate) fn clear_filter(&mut self) {
        let before = self.focused_filter().needle();
        self.focused_filter_mut().clear();
        // Esc without a filter must not move the cursor.
        if !before.is_empty() {
            self.filter_changed();
        }
    }

    /// A key typed into the focused pane's filter.
    pub(crate) fn type_in_filter(&mut self, key: &KeyEvent) {
        if self.focused_filter_mut().input.handle(key) {
            self.filter_changed();
        }
    }

    /// Re-applies the focused list's filter and keeps the cursor inside it.
    fn filter_changed(&mut self) {
        match self.focus {
            Pane::Workspaces => {
                self.tree.cursor = 0;
                self.tree.offset = 0;
                self.clamp_tree();
            }
            Pane::Members => {
                self.members.cursor = 0;
                self.members.offset = 0;
                self.refresh_members_view(None);
            }
        }
    }

    /// Keeps both cursors valid after a size or content change.
    pub(crate) fn clamp_lists(&mut self) {
        self.clamp_tree();
        let (len, page) = (self.members_view.len(), self.members_page());
        self.members.clamp(len, page);
    }
}
