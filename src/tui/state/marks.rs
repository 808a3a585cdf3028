//! Marks of the members pane (k9s marks): `space` marks or unmarks the selected row, `*` marks every
//! row the filter shows, Esc clears them once no filter is set. With rows marked, `e` and `x` act on
//! all of them. Only direct user grants can be marked (the rows roster can change); the others are
//! explained as `e` and `x` explain them.
//!
//! Marks belong to the open workspace: another workspace clears them, and a fresh member list
//! drops the marks of members who are no longer listed, so the count never names rows that are
//! gone. A change that succeeded unmarks its row; one that failed leaves it marked.

use super::model::Model;
use super::profiles::MemberRow;
use crate::model::MemberKind;
use crate::tui::text;

/// A mark's key: the member's ID and kind (a user and a group may share an ID).
fn key(row: &MemberRow) -> (String, MemberKind) {
    (row.id().to_string(), row.member_kind())
}

impl Model {
    /// How many rows of the open workspace are marked.
    pub fn marked_count(&self) -> usize {
        self.marks.len()
    }

    /// Whether `row` (of the open workspace) is marked.
    pub fn is_marked(&self, row: &MemberRow) -> bool {
        !self.marks.is_empty() && self.marks.contains(&key(row))
    }

    /// The marked rows of the open workspace, in the table's order (filtered out or not).
    pub fn marked_rows(&self) -> Vec<&MemberRow> {
        match self.open_workspace() {
            Some((_, ws)) if !self.marks.is_empty() => {
                let rows = &ws.members.rows;
                let marked = |r: &&MemberRow| self.marks.contains(&key(r));
                // In the table's order: a sorted table previews its changes in its own order.
                if self.members_order.is_empty() {
                    rows.iter().filter(marked).collect()
                } else {
                    self.members_order
                        .iter()
                        .filter_map(|&i| rows.get(i))
                        .filter(marked)
                        .collect()
                }
            }
            _ => Vec::new(),
        }
    }

    /// `space`: marks or unmarks the selected row, then moves down one row (so a run of rows is
    /// marked by holding the key). A row roster cannot change is explained instead.
    pub(crate) fn toggle_mark(&mut self) {
        let Some(row) = self.selected_member() else {
            self.info(text::SELECT_MEMBER_FIRST.to_string());
            return;
        };
        if let Some(why) = unmarkable(row) {
            self.info(why);
            return;
        }
        let k = key(row);
        if !self.marks.remove(&k) {
            self.marks.insert(k);
        }
        let (len, page) = (self.members_view.len(), self.members_page());
        self.members.move_by(1, len, page);
    }

    /// `*`: marks every row the filter shows that roster can change; says how many others were
    /// left out.
    pub(crate) fn mark_shown(&mut self) {
        let Some((_, ws)) = self.open_workspace() else {
            self.info(text::OPEN_WORKSPACE_FIRST.to_string());
            return;
        };
        let mut keys = Vec::new();
        let mut left_out = 0;
        for row in self
            .members_view
            .iter()
            .filter_map(|&i| ws.members.rows.get(i))
        {
            if row.is_changeable() {
                keys.push(key(row));
            } else {
                left_out += 1;
            }
        }
        self.marks.extend(keys);
        if left_out > 0 {
            self.info(text::marks_left_out(left_out));
        }
    }

    /// Esc once no filter is set: clears every mark.
    pub(crate) fn clear_marks(&mut self) {
        self.marks.clear();
    }

    /// A change to `member_id` in workspace `workspace_id` of profile `p` succeeded: its row is
    /// no longer marked.
    pub(crate) fn unmark(&mut self, p: usize, workspace_id: &str, member_id: &str) {
        let open = self
            .open
            .as_ref()
            .is_some_and(|(op, id)| *op == p && id == workspace_id);
        if open {
            self.marks.retain(|(id, _)| id != member_id);
        }
    }

    /// After a fresh list of the open workspace: forgets marks of members no longer listed.
    pub(super) fn prune_marks(&mut self) {
        if self.marks.is_empty() {
            return;
        }
        let listed: std::collections::HashSet<(String, MemberKind)> = match self.open_workspace() {
            Some((_, ws)) => ws.members.rows.iter().map(key).collect(),
            None => Default::default(),
        };
        self.marks.retain(|k| listed.contains(k));
    }
}

/// Why `row` cannot be marked (a group, inherited access), or `None` when it can.
fn unmarkable(row: &MemberRow) -> Option<String> {
    let label = row.label();
    if row.member_kind() == MemberKind::Group {
        return Some(text::group_refusal(&label));
    }
    let via = row.member_access().via()?;
    Some(text::inherited_refusal(
        &label,
        &crate::sanitize::sanitize_line(via),
    ))
}
