//! Opening a workspace from elsewhere (Enter in the person view) with one member selected: the
//! profile unfolds, the left cursor goes onto the workspace, the workspace opens on the right with
//! the focus, and the member is selected at once when their row is known, otherwise as soon as the
//! list that is being read arrives.

use super::cursor::Pane;
use super::model::Model;
use super::tree::TreeRow;
use crate::model::MemberKind;
use crate::tui::msg::Command;

impl Model {
    /// Opens workspace `workspace_id` of profile `p` with the member `member_id` (of `kind`)
    /// selected. Returns the commands that read its members, or `None` when the left pane does not
    /// list that workspace (the profile's list is not there yet, or it changed).
    pub(crate) fn jump_to(
        &mut self,
        p: usize,
        workspace_id: &str,
        member_id: &str,
        kind: MemberKind,
    ) -> Option<Vec<Command>> {
        let prof = self.profiles.get_mut(p)?;
        let w = prof
            .workspaces
            .iter()
            .position(|ws| ws.workspace.id == workspace_id)?;
        prof.folded = false;
        let row = TreeRow::Workspace(p, w);
        if !self.tree_rows().contains(&row) {
            // A filter hides it: the admin asked for this workspace, so the filter goes.
            self.tree_filter.clear();
        }
        if let Some(pos) = self.tree_rows().iter().position(|r| *r == row) {
            self.tree.cursor = pos;
        }
        let cmds = self.show_workspace(p, workspace_id, true);
        self.focus = Pane::Members;
        if self.members_filter.is_active() {
            self.members_filter.clear();
        }
        let member = (member_id.to_string(), kind);
        // Selected now if the row is known; the list being read keeps it selected when it lands.
        self.members_view_needle.clear();
        self.refresh_members_view(Some(member.clone()));
        self.select_on_load = Some((p, workspace_id.to_string(), member.0, member.1));
        self.clamp_lists();
        Some(cmds)
    }

    /// The member to select in workspace `workspace_id` of profile `p` once its list is taken,
    /// if a jump asked for one there (taken: it applies once).
    pub(super) fn take_select_on_load(
        &mut self,
        p: usize,
        workspace_id: &str,
    ) -> Option<(String, MemberKind)> {
        match &self.select_on_load {
            Some((q, id, _, _)) if *q == p && id == workspace_id => self
                .select_on_load
                .take()
                .map(|(_, _, member, kind)| (member, kind)),
            _ => None,
        }
    }
}
