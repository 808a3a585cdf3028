//! Recording a change: its intent and outcome in the journal and the audit log, off the async threads.

use super::journal::{Entry, new_id};
use super::outcome::{ChangeOutcome, Refusal, Verdict};
use super::plan::{Change, Subject};
use super::steps::Scope;
use super::{Engine, Target};
use crate::audit::{AuditEntry, Durability, now};
use std::sync::Arc;

impl Engine {
    /// [`Engine::write_intent`] on a thread meant for blocking: its writes wait for the disk, and
    /// a plan runs dozens of changes at once on a runtime of a few threads, which would otherwise
    /// stand still while each record is synced.
    pub(super) async fn journal_intent(
        &self,
        target: &Target,
        change: &Change,
    ) -> Result<Arc<Scope>, Refusal> {
        let (engine, target, change) = (self.clone(), target.clone(), change.clone());
        tokio::task::spawn_blocking(move || engine.write_intent(&target, &change))
            .await
            .unwrap_or_else(|e| {
                Err(Refusal::Journal(format!(
                    "writing the intent failed ({e}); nothing was sent"
                )))
            })
    }

    /// [`Engine::write_outcome`] on a thread meant for blocking (see [`Engine::journal_intent`]).
    pub(super) async fn journal_outcome(
        &self,
        target: &Target,
        out: ChangeOutcome,
        scope: &Arc<Scope>,
    ) -> ChangeOutcome {
        let (engine, target, scope) = (self.clone(), target.clone(), scope.clone());
        let fallback = out.clone();
        tokio::task::spawn_blocking(move || {
            let mut out = out;
            engine.write_outcome(&target, &mut out, &scope);
            out
        })
        .await
        .unwrap_or_else(|e| ChangeOutcome {
            record_problem: Some(format!("writing the outcome failed: {e}")),
            ..fallback
        })
    }

    /// Writes the intent to the audit log and the journal; a failure refuses the change.
    pub(super) fn write_intent(
        &self,
        target: &Target,
        change: &Change,
    ) -> Result<Arc<Scope>, Refusal> {
        let (Some(audit), Some(journal)) = (self.audit(), self.journal()) else {
            return Err(Refusal::Journal(
                self.disabled_reason().unwrap_or("no audit log").to_string(),
            ));
        };
        let id = new_id();
        let mut entry = audit_entry(target, change, "pending", None);
        entry.change_id = Some(id.clone());
        entry.phase = Some("intent".into());
        entry.change = Some(Box::new(change.clone()));
        // Written, not synced: the journal's intent, synced next, is what recovery needs, and the
        // outcome's sync covers this line too.
        audit
            .append_with(&entry, Durability::Written)
            .map_err(|e| {
                Refusal::Journal(format!(
                    "cannot write to the audit log {}: {e}; nothing was sent",
                    audit.path().display()
                ))
            })?;
        journal
            .write(
                &id,
                Entry::Intent {
                    pid: std::process::id(),
                    change: change.clone(),
                },
            )
            .map_err(|e| {
                Refusal::Journal(format!(
                    "cannot write to the journal {}: {e}; nothing was sent",
                    journal.path().display()
                ))
            })?;
        Ok(Scope::new(&id))
    }

    /// Writes the outcome to the journal and the audit log; a failure is kept in the outcome (the
    /// person is told, and the exit code is 1).
    pub(super) fn write_outcome(&self, target: &Target, out: &mut ChangeOutcome, scope: &Scope) {
        let mut problems: Vec<String> = scope.problem().into_iter().collect();
        let word = out.verdict.audit_word();
        if out.verdict == Verdict::Done {
            self.remember_done(&scope.id);
        }
        if let Some(journal) = self.journal() {
            if let Err(e) = journal.write(
                &scope.id,
                Entry::Outcome {
                    outcome: word.to_string(),
                },
            ) {
                problems.push(format!(
                    "the outcome could not be written to the journal {}: {e}",
                    journal.path().display()
                ));
            } else if let Err(e) = journal.compact_if_finished() {
                tracing::warn!(error = %e, "cannot compact the journal");
            }
        }
        if let Some(audit) = self.audit() {
            let mut entry = audit_entry(target, &out.change, word, Some(out));
            entry.change_id = Some(scope.id.clone());
            entry.phase = Some("outcome".into());
            if let Err(e) = audit.append(&entry) {
                problems.push(format!(
                    "the outcome could not be written to the audit log {}: {e}",
                    audit.path().display()
                ));
            }
        }
        if !problems.is_empty() {
            out.record_problem = Some(problems.join("; "));
        }
    }

    /// One audit line for a change that was refused or stale after a read (nothing was sent).
    pub(super) fn audit_single(&self, target: &Target, out: &ChangeOutcome) {
        if let Some(audit) = self.audit() {
            let mut entry = audit_entry(target, &out.change, out.verdict.audit_word(), Some(out));
            entry.phase = Some("outcome".into());
            if let Err(e) = audit.append(&entry) {
                tracing::error!(path = %audit.path().display(), error = %e, "cannot write the audit log");
            }
        }
    }
}

/// The audit line of `change`, before any journal fields: who, which roles, and what came of it.
fn audit_entry(
    target: &Target,
    change: &Change,
    outcome: &str,
    out: Option<&ChangeOutcome>,
) -> AuditEntry {
    let (user, old_role, new_role) = match &change.subject {
        Subject::Membership(m) => (
            Some(
                m.member
                    .as_ref()
                    .and_then(|x| x.email.clone())
                    .unwrap_or_else(|| m.who.as_str().to_string()),
            ),
            m.seen.role().map(|r| r.name.clone()),
            m.want.role().map(|r| r.name.clone()),
        ),
        Subject::Workspace(_) => (None, None, None),
    };
    let workspace = match (&change.subject, out.and_then(|o| o.created.as_ref())) {
        (Subject::Workspace(_), Some(created)) => created.id.clone(),
        _ => change.workspace_key().to_string(),
    };
    AuditEntry {
        time: now(),
        profile: target.profile.clone(),
        provider: target.provider.kind().as_str().to_string(),
        operation: change.operation().as_str().to_string(),
        workspace: Some(workspace),
        user,
        old_role,
        new_role,
        outcome: outcome.to_string(),
        status: out.and_then(|o| o.error.as_ref()).and_then(|e| e.status),
        request_id: out.and_then(|o| o.request_ids.last().cloned()),
        detail: out.map(|o| o.message()),
        change_id: None,
        phase: None,
        change: None,
        member_id: out.and_then(|o| o.member.as_ref()).map(|m| m.id.clone()),
    }
}
