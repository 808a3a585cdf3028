//! Shared bookkeeping of changes: request IDs in reports, and settling a POST whose answer was lost.
//!
//! A POST is never sent twice (it is not idempotent). When its answer is lost (timeout, reset, a cut
//! or garbled body) the provider re-reads the members and this module turns what the re-read showed into
//! the result: done, not done, or unknown, always keeping the original failure's words.

use crate::error::{Error, Result};
use crate::http::Answer;
use crate::model::ChangeReport;

/// Adds an answer's request ID to the report, for support tickets.
pub(crate) fn note_request(report: &mut ChangeReport, answer: &Answer) {
    if let Some(id) = &answer.request_id {
        report.request_ids.push(id.clone());
    }
}

/// Adds a failed step's request ID to the report (support tickets need the failed ones most).
pub(crate) fn note_error_request(report: &mut ChangeReport, err: &Error) {
    if let Some(id) = &err.request_id {
        report.request_ids.push(id.clone());
    }
}

/// What re-reading the members after a lost answer showed about the user being added.
pub(crate) enum Reread {
    /// The user is now a member with the intended role: the POST applied.
    Applied,
    /// The user is not a member with that role: the POST did not apply.
    NotApplied,
    /// The re-read failed too, so nobody knows.
    Failed(Error),
}

/// The add being settled, for the messages.
pub(crate) struct LostAdd<'a> {
    /// The request as a step, e.g. `POST /api/v1/workspace-memberships`.
    pub step: &'a str,
    /// Who was being added (email or ID as typed).
    pub user: &'a str,
    /// Workspace name.
    pub workspace: &'a str,
    /// Role name.
    pub role: &'a str,
}

/// Turns a lost add answer plus the re-read into the result: `Ok` (the step is recorded in `report`)
/// when the add applied, otherwise the original error extended with what the re-read showed.
pub(crate) fn settle_lost_add(
    report: &mut ChangeReport,
    lost: Error,
    add: LostAdd<'_>,
    reread: Reread,
) -> Result<()> {
    note_error_request(report, &lost);
    let LostAdd {
        step,
        user,
        workspace,
        role,
    } = add;
    match reread {
        Reread::Applied => {
            report.steps.push(format!(
                "{step}: the answer was lost ({}); re-reading the members shows {user} is now a \
                 member of {workspace} as {role}",
                lost.message
            ));
            Ok(())
        }
        Reread::NotApplied => Err(Error {
            message: format!(
                "{}; re-reading the members shows {user} was not added",
                lost.message
            ),
            ..lost
        }),
        Reread::Failed(reread) => Err(Error {
            message: format!(
                "{}; whether {user} was added is unknown (re-reading the members failed: {}); \
                 refresh the member list",
                lost.message, reread.message
            ),
            ..lost
        }),
    }
}
