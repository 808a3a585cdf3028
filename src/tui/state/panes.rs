//! What applies to whichever pane has the focus: switching, moving the selection, sorting, and the
//! `/` filter being typed, kept or cleared.

use super::cursor::Move;
use super::cursor::Pane;
use super::filter::Filter;
use super::model::Model;
use super::sort::member_order;
use super::tree::TreeRow;
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

    /// Focuses the other pane (a left pane hidden with `w` shows again when it gets the focus).
    pub(crate) fn switch_pane(&mut self) {
        self.set_focus(self.focus.other());
    }

    /// Focuses `pane`.
    pub(crate) fn set_focus(&mut self, pane: Pane) {
        self.focus = pane;
        if pane == Pane::Workspaces && self.tree_pref == Some(false) {
            self.tree_pref = None;
        }
        self.clamp_lists();
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

    /// A click on visible line `line` of `pane`'s list: selects the row there, if there is one.
    pub(crate) fn select_visible(&mut self, pane: Pane, line: usize) {
        match pane {
            Pane::Workspaces => {
                let (len, page) = (self.tree_rows().len(), self.tree_page());
                let at = self.tree.visible_offset(len, page) + line;
                if at < len && line < page {
                    self.tree.cursor = at;
                    self.tree.clamp(len, page);
                }
            }
            Pane::Members => {
                let (len, page) = (self.members_view.len(), self.members_page());
                let at = self.members.visible_offset(len, page) + line;
                if at < len && line < page {
                    self.members.cursor = at;
                    self.members.clamp(len, page);
                }
            }
        }
    }

    /// `s` (next column) or `S` (other direction) on the focused list; the selection stays on the
    /// same row.
    pub(crate) fn sort_focused(&mut self, reverse: bool) {
        match self.focus {
            Pane::Workspaces => {
                let key = self.tree_key();
                if reverse {
                    self.tree_sort.reverse = !self.tree_sort.reverse;
                } else {
                    self.tree_sort.cycle();
                }
                self.restore_tree_key(key);
            }
            Pane::Members => {
                if reverse {
                    self.members_sort.reverse = !self.members_sort.reverse;
                } else {
                    self.members_sort.cycle();
                }
                self.resort_members();
            }
        }
    }

    /// Puts the open workspace's rows in the sort's order again, keeping the selected member.
    pub(super) fn resort_members(&mut self) {
        let keep = self
            .selected_member()
            .map(|r| (r.id().to_string(), r.member_kind()));
        self.members_order = match self.open_workspace() {
            Some((_, ws)) => member_order(&ws.members.rows, self.members_sort),
            None => Vec::new(),
        };
        self.members_view_needle.clear();
        self.refresh_members_view(keep);
    }

    /// `/`: keys go into the focused pane's filter.
    pub(crate) fn start_filter(&mut self) {
        self.focused_filter_mut().editing = true;
    }

    /// Enter while typing a filter: keep it and go back to the list (in the left pane the first
    /// matching workspace is already selected, so the next Enter opens it).
    pub(crate) fn keep_filter(&mut self) {
        self.focused_filter_mut().editing = false;
    }

    /// Esc: clears the focused pane's filter (and stops typing it); the selected row stays
    /// selected.
    pub(crate) fn clear_filter(&mut self) {
        let before = self.focused_filter().needle();
        match self.focus {
            Pane::Workspaces => {
                let key = self.tree_key();
                self.tree_filter.clear();
                // Esc without a filter must not move the cursor.
                if !before.is_empty() {
                    self.restore_tree_key(key);
                }
            }
            Pane::Members => {
                let keep = self
                    .selected_member()
                    .map(|r| (r.id().to_string(), r.member_kind()));
                self.members_filter.clear();
                if !before.is_empty() {
                    self.members_view_needle.clear();
                    self.refresh_members_view(keep);
                }
            }
        }
    }

    /// A key typed into the focused pane's filter.
    pub(crate) fn type_in_filter(&mut self, key: &KeyEvent) {
        if self.focused_filter_mut().input.handle(key) {
            self.filter_changed();
        }
    }

    /// Text pasted into the focused pane's filter (one line, control characters left out).
    pub(crate) fn paste_in_filter(&mut self, text: &str) {
        self.focused_filter_mut().input.insert_str(text);
        self.filter_changed();
    }

    /// Re-applies the focused list's filter: the first match is selected (in the left pane, the
    /// first matching workspace, so Enter opens it).
    fn filter_changed(&mut self) {
        match self.focus {
            Pane::Workspaces => {
                let rows = self.tree_rows();
                self.tree.cursor = rows
                    .iter()
                    .position(|r| matches!(r, TreeRow::Workspace(..)))
                    .unwrap_or(0);
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
