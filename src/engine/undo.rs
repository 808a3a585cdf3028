//! Undo: the inverse of a change that took effect, planned from its own record and run through the
//! engine like any other change.
//!
//! A change's intent record (in the audit log, and in the journal while it is not emptied) holds
//! the whole [`Change`]: the state it was planned against and the state it left. Its inverse is the
//! opposite move ([`Membership::inverse`]): re-add with the old role, restore the old role, or
//! remove the member who was added. The engine prechecks it like any change, so when the member
//! changed since, nothing is sent and the outcome says what the server holds now. The undo is a
//! change of its own (its own ID, intent and outcome), so it can be undone in turn.

use super::plan::{Change, Membership, Operation, Subject, Who};
use super::{ChangeOutcome, Engine, Refusal, RunOptions, Target};
use crate::audit::{AuditEntry, read_log};
use crate::error::{Error, ErrorKind, Result};
use crate::sanitize::sanitize_line;

/// A planned undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undo {
    /// The ID of the change undone.
    pub id: String,
    /// That change, as it was planned.
    pub original: Change,
    /// Its inverse, to run with [`Engine::undo`].
    pub inverse: Change,
}

impl Undo {
    /// One sentence, sanitized: `undo change c1a2b3c4d (add ada@example.com to "Design" as admin):
    /// remove ada@example.com (admin) from "Design"`.
    pub fn describe(&self) -> String {
        format!(
            "undo change {} ({}): {}",
            sanitize_line(&self.id),
            self.original.describe(),
            self.inverse.describe()
        )
    }
}

impl Engine {
    /// Plans undoing change `id`, or, without one, the last change the audit log says took
    /// effect. Errors say why there is nothing to undo: an unknown ID (a usage error), a change
    /// that did not take effect or is unfinished (a conflict; `roster recover` handles the
    /// unfinished), a created workspace (unsupported: no API deletes one).
    pub fn plan_undo(&self, id: Option<&str>) -> Result<Undo> {
        let audit = self.audit().ok_or_else(|| {
            Error::usage(
                self.disabled_reason()
                    .unwrap_or("no audit log is open")
                    .to_string(),
            )
        })?;
        let read = read_log(audit.path()).map_err(|e| {
            Error::usage(format!(
                "cannot read the audit log {}: {e}",
                audit.path().display()
            ))
        })?;
        let entries = read.entries;
        let id = match id {
            Some(id) => id.trim().to_string(),
            None => last_done(&entries).ok_or_else(|| {
                Error::usage(format!(
                    "the audit log {} records no change that took effect, so there is nothing to \
                     undo",
                    audit.path().display()
                ))
            })?,
        };
        let records: Vec<&AuditEntry> = entries
            .iter()
            .filter(|e| e.change_id.as_deref() == Some(id.as_str()) && e.phase.is_some())
            .collect();
        let recorded = records
            .iter()
            .find(|e| e.phase.as_deref() == Some("intent"))
            .and_then(|e| e.change.as_deref().cloned());
        let original = match recorded {
            Some(c) => Some(c),
            None => self.journal().and_then(|j| j.intent_of(&id).ok()).flatten(),
        };
        let shown = sanitize_line(&id).into_owned();
        let Some(original) = original else {
            let message = if records.is_empty() {
                format!("no change {shown} in the audit log; `roster audit` lists change IDs")
            } else {
                format!(
                    "change {shown} was recorded without the details an undo needs (by an older \
                     roster); undo it by hand"
                )
            };
            return Err(Error::usage(message));
        };
        let outcome = records
            .iter()
            .rev()
            .find(|e| e.phase.as_deref() == Some("outcome"));
        let what = original.describe();
        let conflict = |m: String| Error::new(ErrorKind::Conflict, "", "undo", m);
        let member_id = match outcome.map(|e| (e.outcome.as_str(), e.member_id.clone())) {
            Some(("ok", member_id)) => member_id,
            Some(("partial" | "unknown" | "interrupted", _)) | None => {
                return Err(conflict(format!(
                    "change {shown} ({what}) is unfinished or still running; `roster recover` \
                     shows it beside a fresh read, and `roster recover --rollback` undoes it"
                )));
            }
            Some((word, _)) => {
                return Err(conflict(format!(
                    "change {shown} ({what}) did not take effect (outcome {}), so there is \
                     nothing to undo",
                    sanitize_line(word)
                )));
            }
        };
        let inverse = inverse_of(&original, member_id).map_err(|why| {
            Error::new(
                ErrorKind::Unsupported,
                original.provider.as_str(),
                "undo",
                why,
            )
        })?;
        Ok(Undo {
            id,
            original,
            inverse,
        })
    }

    /// Plans undoing the last change this process made (the TUI's `z`).
    pub fn plan_undo_last_here(&self) -> Result<Undo> {
        let id = self.last_done_here().ok_or_else(|| {
            Error::usage("no change was made in this session, so there is nothing to undo")
        })?;
        self.plan_undo(Some(&id))
    }

    /// Runs an undo against `target` (the profile of [`Undo::inverse`]): prechecked, journaled,
    /// verified and audited like any change.
    pub async fn undo(&self, target: &Target, undo: &Undo, opts: &RunOptions) -> ChangeOutcome {
        if target.profile != undo.inverse.profile || target.provider.kind() != undo.inverse.provider
        {
            return ChangeOutcome::refused(
                undo.inverse.clone(),
                Refusal::Unsupported(format!(
                    "change {} was made on profile {} ({}), not on {}",
                    sanitize_line(&undo.id),
                    sanitize_line(&undo.inverse.profile),
                    undo.inverse.provider.display_name(),
                    sanitize_line(&target.profile)
                )),
            );
        }
        self.run(target, undo.inverse.clone(), opts).await
    }
}

/// The ID of the last change the audit log says took effect.
fn last_done(entries: &[AuditEntry]) -> Option<String> {
    entries
        .iter()
        .rev()
        .find(|e| e.phase.as_deref() == Some("outcome") && e.outcome == "ok")
        .and_then(|e| e.change_id.clone())
}

/// The opposite move of `original`. An add made by email is undone by the member's ID when the
/// verification read learnt it, so a listing without emails still finds them.
fn inverse_of(original: &Change, member_id: Option<String>) -> Result<Change, String> {
    let m = match &original.subject {
        Subject::Membership(m) => m,
        Subject::Workspace(w) => {
            return Err(format!(
                "creating workspace \"{}\" cannot be undone: no provider API roster speaks \
                 deletes a workspace; delete it in {}'s console",
                sanitize_line(&w.name),
                original.provider.display_name()
            ));
        }
    };
    if original.operation() == Operation::None {
        return Err("that change had nothing to do, so there is nothing to undo".into());
    }
    let mut inverse: Membership = m.inverse();
    if let (Who::Email(_), Some(id)) = (&inverse.who, member_id) {
        inverse.who = Who::Id(id);
    }
    Ok(Change {
        subject: Subject::Membership(inverse),
        ..original.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::plan::State;
    use crate::model::{ProviderKind, Role, Workspace};

    fn add() -> Change {
        Change::membership(
            "p",
            ProviderKind::Dreadnode,
            Membership {
                workspace: Workspace {
                    id: "w".into(),
                    name: "Design".into(),
                },
                who: Who::Email("ada@example.com".into()),
                member: None,
                seen: State::Absent,
                want: State::Member(Role::named("owner")),
            },
        )
    }

    #[test]
    fn the_inverse_of_an_add_by_email_removes_the_member_by_id() {
        let inverse = inverse_of(&add(), Some("u-1".into())).unwrap();
        assert_eq!(inverse.operation(), Operation::Remove);
        let Subject::Membership(m) = &inverse.subject else {
            panic!("a membership change")
        };
        assert_eq!(m.who, Who::Id("u-1".into()));
        assert_eq!(m.seen, State::Member(Role::named("owner")));
        assert_eq!(m.want, State::Absent);
        // Undoing the undo is the original move again.
        let again = inverse_of(&inverse, None).unwrap();
        assert_eq!(again.operation(), Operation::Add);
    }
}
