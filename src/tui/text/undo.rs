//! Words of undo (`z`): its key, the confirmation and its outcome.

// ── Undo (`z`) ─────────────────────────────────────────────────────────────────────────────────
/// Description: undo.
pub const D_UNDO: &str = "Undo the last change made in this session (asks first)";
/// Description: confirm the undo.
pub const D_UNDO_CONFIRM: &str = "Undo the change";
/// Description: keep the change.
pub const D_UNDO_DENY: &str = "Keep the change";
/// Hint: undo.
pub const H_UNDO: &str = "undo";
/// Title of the undo line.
pub const UNDO_TITLE: &str = "Undo";
/// While the undo is being planned.
pub const UNDO_PLANNING: &str = "Reading the audit log…";
/// The undo question.
pub fn undo_question(what: &str) -> String {
    format!("{what}? y undoes it, Esc keeps it.")
}
/// While the undo runs.
pub const UNDOING: &str = "Undoing…";
/// The change to undo was made on a profile this session does not show.
pub fn undo_elsewhere(what: &str) -> String {
    format!("Cannot {what}: its profile is not open in this session.")
}
/// An undo that took effect.
pub fn undone(message: &str) -> String {
    format!("Undone: {message}")
}
/// An undo refused because the member changed since.
pub fn undo_stale(message: &str) -> String {
    format!("Nothing undone: the member changed since. {message}")
}
