//! The right pane: which workspace is open, which of its rows pass the filter, and the selected
//! member.

use super::cursor::{ListCursor, Pane};
use super::filter::{Filter, filter_rows};
use super::model::Model;
use super::profiles::{MemberRow, ProfileState, WorkspaceRef, WorkspaceState};
use super::sort::member_order;
use crate::model::MemberKind;
use crate::tui::layout;
use crate::tui::msg::Command;

impl Model {
    /// The workspace shown on the right: (profile index, workspace ID).
    pub fn open(&self) -> Option<(usize, &str)> {
        self.open.as_ref().map(|(p, id)| (*p, id.as_str()))
    }

    /// The open workspace and its profile.
    pub fn open_workspace(&self) -> Option<(&ProfileState, &WorkspaceState)> {
        let (p, id) = self.open.as_ref()?;
        let prof = self.profiles.get(*p)?;
        Some((prof, prof.workspace(id)?))
    }

    /// The open workspace as a dialog target.
    pub fn open_target(&self) -> Option<WorkspaceRef> {
        let (p, ws) = self.open.as_ref()?;
        Some(WorkspaceRef {
            profile: *p,
            workspace_id: ws.clone(),
            workspace_name: self.open_workspace()?.1.display_name.clone(),
        })
    }

    /// The open workspace, mutably.
    pub(super) fn open_workspace_mut(&mut self) -> Option<&mut WorkspaceState> {
        let (p, id) = self.open.as_ref()?;
        self.profiles.get_mut(*p)?.workspace_mut(id)
    }

    /// The right pane's cursor (an index into [`Model::members_view`]).
    pub fn members_cursor(&self) -> ListCursor {
        self.members
    }

    /// The right pane's filter.
    pub fn members_filter(&self) -> &Filter {
        &self.members_filter
    }

    /// Indices of the open workspace's rows that pass the filter, in order.
    pub fn members_view(&self) -> &[usize] {
        &self.members_view
    }

    /// The member row under the right cursor.
    pub fn selected_member(&self) -> Option<&MemberRow> {
        let (_, ws) = self.open_workspace()?;
        let idx = *self.members_view.get(self.members.cursor)?;
        ws.members.rows.get(idx)
    }

    /// Table rows visible in the right pane at the current size.
    pub fn members_page(&self) -> usize {
        layout::members_page(self.size, self.banner.is_some())
    }

    /// Shows workspace `id` of profile `p` on the right (focused, with `focus`) and (re)loads its
    /// members.
    pub(crate) fn show_workspace(&mut self, p: usize, id: &str, focus: bool) -> Vec<Command> {
        let same = self
            .open
            .as_ref()
            .is_some_and(|(op, oid)| *op == p && oid == id);
        if !same {
            self.open = Some((p, id.to_string()));
            self.marks.clear();
            self.members_filter.clear();
            self.members = Default::default();
            self.members_view_needle.clear();
            self.members_order.clear();
            self.resort_members();
        }
        if focus {
            self.set_focus(Pane::Members);
        }
        self.load_members(p, id).into_iter().collect()
    }

    /// Closes the open workspace (it disappeared on the server).
    pub(super) fn close_workspace(&mut self) {
        self.open = None;
        self.marks.clear();
        self.members_view.clear();
        self.members_order.clear();
        self.members = Default::default();
    }

    /// The open workspace's rows were replaced: sorts them again and keeps `keep` selected.
    pub(super) fn members_replaced(&mut self, keep: Option<(String, MemberKind)>) {
        self.members_order = match self.open_workspace() {
            Some((_, ws)) => member_order(&ws.members.rows, self.members_sort),
            None => Vec::new(),
        };
        self.members_view_needle.clear();
        self.refresh_members_view(keep);
    }

    /// Recomputes which rows of the open workspace pass the filter. `keep` names a member to keep
    /// the cursor on (after a refresh).
    pub(super) fn refresh_members_view(&mut self, keep: Option<(String, MemberKind)>) {
        let needle = self.members_filter.needle();
        let refine = !self.members_view_needle.is_empty()
            && needle.starts_with(&self.members_view_needle)
            && keep.is_none();
        let view = match self.open_workspace() {
            Some((_, ws)) => {
                let previous = refine.then_some(self.members_view.as_slice());
                filter_rows(&ws.members.rows, &self.members_order, &needle, previous)
            }
            None => Vec::new(),
        };
        if let (Some((id, kind)), Some((_, ws))) = (&keep, self.open_workspace())
            && let Some(pos) = view.iter().position(|&i| {
                ws.members
                    .rows
                    .get(i)
                    .is_some_and(|r| r.id() == id && r.member_kind() == *kind)
            })
        {
            self.members.cursor = pos;
        }
        self.members_view = view;
        self.members_view_needle = needle;
        let page = self.members_page();
        self.members.clamp(self.members_view.len(), page);
    }
}
