//! Words of the person view (`u`): where one user has access, across every profile.

use super::plural::plural;

// ── Person view (`u`) ──────────────────────────────────────────────────────────────────────────
/// Description: where access.
pub const D_WHERE: &str =
    "Show where the selected user has access, across every profile (the person view)";
/// Description: search again.
pub const D_REFRESH_ACCESS: &str = "Search every profile again";
/// Description: close the person view.
pub const D_CLOSE_ACCESS: &str = "Close the person view";
/// Description: Esc in the person view.
pub const D_CLEAR_MARKS_OR_CLOSE: &str = "Clear the marks; with none, close the person view";
/// Description: Enter in the person view.
pub const D_JUMP: &str = "Open that workspace with the member selected";
/// Description: x in the person view.
pub const D_REMOVE_GRANTS: &str =
    "Remove the marked grants (or the selected one) across profiles, after one preview";
/// Title of the person view.
pub fn access_title(who: &str) -> String {
    format!("Where {who} has access")
}
/// Progress of the person view: workspaces read, of those listed, and those that failed.
pub fn access_progress(checked: usize, total: usize, failed: usize) -> String {
    let mut s = format!("checked {checked} of {total} workspaces");
    if failed > 0 {
        s.push_str(&format!(", {failed} failed"));
    }
    s
}
/// Person view: profiles that could not be searched.
pub fn profiles_not_searched(n: usize) -> String {
    format!("{n} profile{} not searched", plural(n))
}
/// Person view: profiles still being listed, before any workspace is known.
pub fn profiles_listing(pending: usize, total: usize) -> String {
    format!("listing {pending} of {total} profiles…")
}
/// Person view: profiles still being listed, once others' workspaces are counted.
pub fn still_listing(pending: usize) -> String {
    format!("{pending} profile{} listing…", plural(pending))
}
/// Person view: nothing found (yet).
pub const ACCESS_NONE: &str = "No access found in the workspaces checked so far.";
/// Person view: nothing found at all.
pub const ACCESS_NONE_DONE: &str = "No access found in any workspace that could be read.";
/// Person view: only users can be looked up.
pub const ACCESS_USERS_ONLY: &str = "Select a user (not a group) to see where they have access.";
/// Person view: column headings.
pub const COL_PROFILE: &str = "Profile";
/// Column: workspace.
pub const COL_WORKSPACE: &str = "Workspace";
/// Column: how the access is held.
pub const COL_SOURCE: &str = "Access";
/// Column: the effective role.
pub const COL_EFFECTIVE: &str = "Effective";
/// Person view: a direct grant.
pub const SOURCE_DIRECT: &str = "direct";
/// Person view: inherited access.
pub fn source_via(via: &str) -> String {
    format!("via {via}")
}
/// Person view: heading above what could not be searched.
pub const NOT_SEARCHED: &str = "Not searched:";
/// Person view: a workspace or profile that could not be read.
pub fn access_failed(place: &str, error: &str) -> String {
    format!("{place}: {error}")
}
/// Person view: members listed without an email in one profile.
pub fn without_email(profile: &str, members: usize, workspaces: usize, who: &str) -> String {
    format!(
        "{profile}: {members} member{} in {workspaces} workspace{} listed without an email; \
         roster cannot tell whether {who} is among them (search by their ID to check).",
        plural(members),
        plural(workspaces)
    )
}
/// Person view: Enter on a workspace the left pane does not list.
pub fn not_in_panes(workspace: &str) -> String {
    format!(
        "{workspace} is not in the left pane's list yet; refresh its profile (r on the profile) \
         and try again."
    )
}
/// Person view: `x` on an inherited row with nothing marked.
pub const MARK_DIRECT_ONLY: &str =
    "Only direct grants can be removed here; inherited access is removed where it comes from.";
