//! Words about marking rows (`m`, `*`): the keys' hints and descriptions and the header's count.

use super::plural::plural;

// ── Marks ──────────────────────────────────────────────────────────────────────────────────────
/// Hint: mark.
pub const H_MARK: &str = "mark";
/// Description: mark a member.
pub const D_MARK: &str =
    "Mark or unmark the selected member; with rows marked, e and x act on all of them";
/// Description: mark a grant in the person view.
pub const D_MARK_GRANT: &str = "Mark or unmark the selected grant; x then removes every marked one";
/// Description: mark every shown row.
pub const D_MARK_ALL: &str = "Mark every row the filter shows";
/// The header's count of marked rows.
pub fn marked(n: usize) -> String {
    format!("{n} marked")
}
/// `*` left rows out that roster cannot change.
pub fn marks_left_out(n: usize) -> String {
    format!(
        "{n} row{} not marked: inherited access and groups are changed where they come from.",
        plural(n)
    )
}
