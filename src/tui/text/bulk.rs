//! Words of a bulk change: the role or removal applied to every marked member, its preview and
//! its outcome.

use super::plural::plural;

// ── Bulk change ────────────────────────────────────────────────────────────────────────────────
/// Description: Enter in the bulk dialog.
pub const D_BULK_SUBMIT: &str = "Pick the role; on the preview, press the focused button; after refusals, confirm the last owners";
/// Description: switch between the bulk dialog's buttons.
pub const D_BULK_SWITCH: &str = "Switch between Cancel and Apply";
/// Description: apply the bulk change.
pub const D_BULK_CONFIRM: &str = "Apply every change of the preview";
/// Apply button.
pub const BUTTON_APPLY: &str = "Apply";
/// Title: removing several members.
pub fn bulk_remove_title(n: usize) -> String {
    format!("Remove {n} member{}", plural(n))
}
/// Title: removing several grants across profiles.
pub fn bulk_offboard_title(who: &str, n: usize) -> String {
    format!("Remove {n} grant{} of {who}", plural(n))
}
/// Title: changing several roles.
pub fn bulk_role_title(n: usize) -> String {
    format!("Change the role of {n} member{}", plural(n))
}
/// Bulk role: pick the role first.
pub const BULK_PICK_ROLE: &str = "Pick the role every marked member gets:";
/// Bulk preview: rows left out because they already have the role.
pub fn already_role(who: &str, role: &str) -> String {
    format!("{who} already is {role}: left as is")
}
/// Bulk preview: the question.
pub fn bulk_question(n: usize, profiles: usize) -> String {
    if profiles > 1 {
        format!(
            "Make these {n} change{} across {profiles} profiles?",
            plural(n)
        )
    } else {
        format!("Make these {n} change{}?", plural(n))
    }
}
/// Bulk preview: a change that would leave a workspace without an owner.
pub const LAST_OWNER_FLAG: &str = "last owner: refused unless you confirm again";
/// Bulk preview: how many would be refused.
pub fn last_owner_note(n: usize) -> String {
    format!(
        "{n} change{} would leave a workspace without an owner: the engine refuses {} unless \
         you confirm again after the run.",
        plural(n),
        if n == 1 { "it" } else { "them" }
    )
}
/// Bulk: progress.
pub fn bulk_progress(done: usize, total: usize) -> String {
    format!("{done} of {total}")
}
/// Bulk: the summary once every change answered.
pub fn bulk_summary(ok: usize, failed: usize) -> String {
    if failed == 0 {
        format!(
            "Done: all {ok} change{} confirmed by the server.",
            plural(ok)
        )
    } else {
        format!(
            "{ok} done, {failed} not: the rows that failed stay marked; the reasons are listed."
        )
    }
}
/// Bulk: offer to force the changes the last-owner guard refused.
pub fn force_last_owners(n: usize) -> String {
    format!(
        "{n} change{} refused: {} would leave a workspace without an owner. Enter does {} \
         anyway; Esc keeps {}.",
        plural(n),
        if n == 1 { "it" } else { "they" },
        if n == 1 { "it" } else { "them" },
        if n == 1 { "it" } else { "them" }
    )
}
/// Bulk: a change with no answer (the plan stopped).
pub const NO_ANSWER: &str = "no answer: the plan stopped before this change reported back";
/// Bulk: Esc while the plan runs.
pub const BULK_RUNS_ON: &str =
    "Sent: the changes go on if you close this; the result shows as a message.";
/// Toast after a bulk change that ran while its dialog was closed.
pub fn bulk_done_toast(ok: usize, failed: usize) -> String {
    format!(
        "Bulk change finished: {ok} done, {failed} not{}",
        if failed > 0 {
            "; the rows that failed stay marked."
        } else {
            "."
        }
    )
}
/// Bulk: nothing left to change.
pub const BULK_NOTHING: &str = "Nothing to change: every marked member already has that role.";
