//! Sorting the two lists: which column, which way, and the sorted order of a member list. Sorts
//! are stable (ties keep the server's order), so the order is the same after every refresh of the
//! same data, and the admin's choice survives refreshes, changes and switching workspaces.

use super::profiles::{MemberRow, WorkspaceState};
use crate::tui::text;

/// A column the member table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberColumn {
    /// The email (or ID when there is no email).
    Email,
    /// The name.
    Name,
    /// The role.
    Role,
    /// Direct, or where inherited access comes from.
    Access,
}

impl MemberColumn {
    /// The column after this one, in the order `s` cycles through (`None`: the server's order).
    fn next(current: Option<MemberColumn>) -> Option<MemberColumn> {
        match current {
            None => Some(MemberColumn::Email),
            Some(MemberColumn::Email) => Some(MemberColumn::Name),
            Some(MemberColumn::Name) => Some(MemberColumn::Role),
            Some(MemberColumn::Role) => Some(MemberColumn::Access),
            Some(MemberColumn::Access) => None,
        }
    }

    /// The column's heading word.
    pub fn label(self) -> &'static str {
        match self {
            MemberColumn::Email => text::COL_EMAIL,
            MemberColumn::Name => text::COL_NAME,
            MemberColumn::Role => text::COL_ROLE,
            MemberColumn::Access => text::COL_ACCESS,
        }
    }

    /// The text a row is sorted by (lowercase, so case never splits equal names).
    fn key(self, row: &MemberRow) -> String {
        match self {
            MemberColumn::Email => row.email_or_id().to_lowercase(),
            MemberColumn::Name => row.name().to_lowercase(),
            MemberColumn::Role => row.role().to_lowercase(),
            // Direct first, then by where the access comes from.
            MemberColumn::Access => {
                let via = row.via();
                if via.is_empty() {
                    String::new()
                } else {
                    format!("~{}", via.to_lowercase())
                }
            }
        }
    }
}

/// How a list is sorted: a column (`None`: as the server listed it) and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortSpec<C> {
    /// The column, or the server's order.
    pub column: Option<C>,
    /// Descending (or the server's order backwards).
    pub reverse: bool,
}

impl<C> Default for SortSpec<C> {
    fn default() -> Self {
        SortSpec {
            column: None,
            reverse: false,
        }
    }
}

/// The member table's sort.
pub type MemberSort = SortSpec<MemberColumn>;

impl MemberSort {
    /// `s`: the next column, ascending.
    pub(super) fn cycle(&mut self) {
        self.column = MemberColumn::next(self.column);
        self.reverse = false;
    }

    /// Whether rows come in the server's order.
    pub fn is_server_order(&self) -> bool {
        self.column.is_none() && !self.reverse
    }
}

/// A column the left pane's workspaces can be sorted by (within each profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeColumn {
    /// The workspace's name.
    Name,
    /// How many members it has (workspaces not read yet come last).
    Members,
}

impl TreeColumn {
    fn next(current: Option<TreeColumn>) -> Option<TreeColumn> {
        match current {
            None => Some(TreeColumn::Name),
            Some(TreeColumn::Name) => Some(TreeColumn::Members),
            Some(TreeColumn::Members) => None,
        }
    }

    /// The column's word, for the pane's title.
    pub fn label(self) -> &'static str {
        match self {
            TreeColumn::Name => text::SORT_NAME,
            TreeColumn::Members => text::SORT_MEMBERS,
        }
    }
}

/// The left pane's sort.
pub type TreeSort = SortSpec<TreeColumn>;

impl TreeSort {
    /// `s` in the left pane: the next column, ascending.
    pub(super) fn cycle(&mut self) {
        self.column = TreeColumn::next(self.column);
        self.reverse = false;
    }

    /// `indices` of `workspaces` in this sort's order (stable).
    pub(super) fn order(&self, workspaces: &[WorkspaceState], indices: &mut [usize]) {
        match self.column {
            None => {}
            Some(TreeColumn::Name) => {
                indices.sort_by_cached_key(|&w| workspaces[w].display_name.to_lowercase())
            }
            Some(TreeColumn::Members) => indices.sort_by_key(|&w| {
                let m = &workspaces[w].members;
                // Workspaces not read yet sort after every known count.
                (!m.loaded, m.rows.len())
            }),
        }
        if self.reverse {
            indices.reverse();
        }
    }
}

/// Row indices of `rows` in `sort`'s order; empty for the server's order (the identity).
pub fn member_order(rows: &[MemberRow], sort: MemberSort) -> Vec<usize> {
    if sort.is_server_order() {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    if let Some(col) = sort.column {
        let mut keyed: Vec<(String, usize)> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (col.key(r), i))
            .collect();
        // Stable: equal keys keep the server's order, whichever the direction.
        if sort.reverse {
            keyed.sort_by(|a, b| b.0.cmp(&a.0));
        } else {
            keyed.sort_by(|a, b| a.0.cmp(&b.0));
        }
        order = keyed.into_iter().map(|(_, i)| i).collect();
    } else {
        order.reverse();
    }
    order
}
