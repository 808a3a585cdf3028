//! The left pane: profiles and their workspaces as rows, after folding and filtering, and what
//! Enter does on a row.

use super::cursor::ListCursor;
use super::filter::Filter;
use super::model::Model;
use super::profiles::{ProfileStatus, WorkspaceState};
use crate::tui::layout;
use crate::tui::msg::Command;

/// A row of the left pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeRow {
    /// A profile heading.
    Profile(usize),
    /// A workspace of a profile (profile index, workspace index).
    Workspace(usize, usize),
    /// A line about the profile (loading, error, no workspaces).
    Note(usize),
    /// A further line of a profile's error (its reason wraps over up to three lines, so it can be
    /// read in a narrow pane); the number counts from 1.
    NoteMore(usize, u8),
}

/// What identifies the left pane's selected row across reloads: the profile, and the workspace ID
/// when the row is a workspace.
pub(super) type TreeKey = Option<(usize, Option<String>)>;

impl Model {
    /// Rows of the left pane, after folding and filtering.
    pub fn tree_rows(&self) -> Vec<TreeRow> {
        let needle = self.tree_filter.needle();
        let mut rows = Vec::new();
        for (p, prof) in self.profiles.iter().enumerate() {
            let profile_hit = !needle.is_empty() && prof.name.to_lowercase().contains(&needle);
            let mut matching: Vec<usize> = (0..prof.workspaces.len())
                .filter(|&w| {
                    needle.is_empty()
                        || profile_hit
                        || workspace_matches(&prof.workspaces[w], &needle)
                })
                .collect();
            self.tree_sort.order(&prof.workspaces, &mut matching);
            if !needle.is_empty() && matching.is_empty() && !profile_hit {
                continue;
            }
            rows.push(TreeRow::Profile(p));
            if prof.folded {
                continue;
            }
            if needle.is_empty()
                && (prof.workspaces.is_empty() || !matches!(prof.status, ProfileStatus::Ready))
            {
                rows.push(TreeRow::Note(p));
                if let ProfileStatus::Failed(why) | ProfileStatus::Unavailable(why) = &prof.status {
                    let lines = layout::note_lines(why, self.size.0);
                    rows.extend((1..lines).map(|k| TreeRow::NoteMore(p, k)));
                }
            }
            rows.extend(matching.into_iter().map(|w| TreeRow::Workspace(p, w)));
        }
        rows
    }

    /// `(shown, total)` workspaces for the left pane's `N of M`.
    pub fn tree_counts(&self) -> (usize, usize) {
        let needle = self.tree_filter.needle();
        let total = self.profiles.iter().map(|p| p.workspaces.len()).sum();
        let shown = self
            .profiles
            .iter()
            .map(|p| {
                let hit = p.name.to_lowercase().contains(&needle);
                p.workspaces
                    .iter()
                    .filter(|w| hit || workspace_matches(w, &needle))
                    .count()
            })
            .sum();
        (shown, total)
    }

    /// The row under the left cursor.
    pub fn tree_selected(&self) -> Option<TreeRow> {
        self.tree_rows().get(self.tree.cursor).copied()
    }

    /// The left pane's cursor.
    pub fn tree_cursor(&self) -> ListCursor {
        self.tree
    }

    /// The left pane's filter.
    pub fn tree_filter(&self) -> &Filter {
        &self.tree_filter
    }

    /// Workspace rows of the left pane in order, for the palette: (profile, workspace index).
    pub fn all_workspaces(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.profiles
            .iter()
            .enumerate()
            .flat_map(|(p, prof)| (0..prof.workspaces.len()).map(move |w| (p, w)))
    }

    /// Puts the left cursor on profile `p`'s row (unfolding nothing, clearing a filter that hides
    /// it) and focuses the left pane.
    pub(crate) fn select_profile(&mut self, p: usize) {
        if !self.tree_rows().contains(&TreeRow::Profile(p)) {
            self.tree_filter.clear();
        }
        if let Some(pos) = self
            .tree_rows()
            .iter()
            .position(|r| *r == TreeRow::Profile(p))
        {
            self.tree.cursor = pos;
        }
        self.set_focus(super::cursor::Pane::Workspaces);
        self.clamp_lists();
    }

    /// Opens workspace `w` of profile `p`, puts the left cursor on it (unfolding its profile and
    /// clearing a filter that hides it) and focuses the members.
    pub(crate) fn go_to_workspace(&mut self, p: usize, w: usize) -> Vec<Command> {
        let Some(id) = self
            .profiles
            .get(p)
            .and_then(|prof| prof.workspaces.get(w))
            .map(|ws| ws.workspace.id.clone())
        else {
            return Vec::new();
        };
        self.profiles[p].folded = false;
        if !self.tree_rows().contains(&TreeRow::Workspace(p, w)) {
            self.tree_filter.clear();
        }
        if let Some(pos) = self
            .tree_rows()
            .iter()
            .position(|r| *r == TreeRow::Workspace(p, w))
        {
            self.tree.cursor = pos;
        }
        let cmds = self.show_workspace(p, &id, true);
        self.clamp_lists();
        cmds
    }

    /// Selects the member `id` of the open workspace (clearing a filter that hides them).
    pub(crate) fn select_member_id(&mut self, id: &str) {
        let Some((_, ws)) = self.open_workspace() else {
            return;
        };
        let Some(row) = ws.members.rows.iter().find(|r| r.id() == id) else {
            return;
        };
        let keep = Some((row.id().to_string(), row.member_kind()));
        self.members_filter.clear();
        self.members_view_needle.clear();
        self.refresh_members_view(keep);
    }

    /// Rows visible in the left pane at the current size.
    pub fn tree_page(&self) -> usize {
        layout::tree_page(self.size, self.banner.is_some())
    }

    /// Keeps the left cursor inside the rows and visible.
    pub(super) fn clamp_tree(&mut self) {
        let (len, page) = (self.tree_rows().len(), self.tree_page());
        self.tree.clamp(len, page);
    }

    /// Enter in the left pane: open a workspace, fold a profile, or retry a failed one.
    pub(crate) fn open_selected(&mut self) -> Vec<Command> {
        match self.tree_selected() {
            Some(TreeRow::Workspace(p, w)) => {
                let id = self.profiles[p].workspaces[w].workspace.id.clone();
                self.show_workspace(p, &id, true)
            }
            Some(TreeRow::Profile(p) | TreeRow::Note(p) | TreeRow::NoteMore(p, _)) => {
                let prof = &mut self.profiles[p];
                let failed = matches!(
                    prof.status,
                    ProfileStatus::Failed(_) | ProfileStatus::Unavailable(_)
                );
                if failed {
                    if prof.pending.is_some() {
                        return Vec::new();
                    }
                    return vec![self.retry_or_reload(p)];
                }
                prof.folded = !prof.folded;
                self.clamp_tree();
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// Identity of the left pane's selected row, stable across reloads.
    pub(super) fn tree_key(&self) -> TreeKey {
        match self.tree_selected()? {
            TreeRow::Profile(p) | TreeRow::Note(p) | TreeRow::NoteMore(p, _) => Some((p, None)),
            TreeRow::Workspace(p, w) => {
                Some((p, Some(self.profiles[p].workspaces[w].workspace.id.clone())))
            }
        }
    }

    /// Puts the left cursor back on the row `key` identified, if it is still there.
    pub(super) fn restore_tree_key(&mut self, key: TreeKey) {
        if let Some((p, id)) = key {
            let rows = self.tree_rows();
            let pos = rows.iter().position(|r| match (r, &id) {
                (TreeRow::Profile(q), None) => *q == p,
                (TreeRow::Workspace(q, w), Some(id)) => {
                    *q == p && self.profiles[p].workspaces[*w].workspace.id == *id
                }
                _ => false,
            });
            if let Some(pos) = pos {
                self.tree.cursor = pos;
            }
        }
        self.clamp_lists();
    }

    /// Shows something useful at once: while nothing is open, opens the first workspace of the
    /// first profile that has one, as soon as every profile above it has answered. The choice then
    /// does not depend on which provider happened to answer first, and a slow or failing profile
    /// only delays it until that profile answers. `untouched`: the admin has not moved yet, so the
    /// cursor goes onto what opens.
    pub(super) fn auto_open(&mut self, untouched: bool, key: TreeKey) -> Vec<Command> {
        let target = if self.open.is_none() {
            self.profiles
                .iter()
                .enumerate()
                .take_while(|(_, p)| p.status != ProfileStatus::Loading)
                .find_map(|(i, p)| {
                    let first = p.workspaces.first()?;
                    (p.status == ProfileStatus::Ready).then(|| (i, first.workspace.id.clone()))
                })
        } else {
            None
        };
        let Some((p, id)) = target else {
            self.restore_tree_key(key);
            return Vec::new();
        };
        let cmds = self.show_workspace(p, &id, false);
        if untouched {
            let rows = self.tree_rows();
            if let Some(pos) = rows.iter().position(|r| *r == TreeRow::Workspace(p, 0)) {
                self.tree.cursor = pos;
            }
            self.clamp_lists();
        } else {
            self.restore_tree_key(key);
        }
        cmds
    }
}

fn workspace_matches(w: &WorkspaceState, needle: &str) -> bool {
    w.haystack.contains(needle)
}
