//! `roster recover`: finishing what the journal says is unfinished. Each unfinished change is
//! compared with a fresh read, then driven to the state it wanted (or, with rollback, back to the
//! state it was planned against) by a new change run through the engine like any other, so it is
//! prechecked, journaled and verified too. The old entry is marked resolved once a read shows the
//! goal reached.

use super::journal::{Entry, Unfinished};
use super::outcome::{ChangeOutcome, Verdict};
use super::plan::{Change, Membership, State, Subject, find_direct};
use super::{Engine, RunOptions, Target};
use crate::error::Error;

/// Which way to settle an unfinished change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Drive it to the state it wanted.
    Complete,
    /// Drive it back to the state it was planned against.
    Rollback,
}

/// What recovering one unfinished change found and did.
#[derive(Debug, Clone)]
pub struct Recovery {
    /// The journal entry.
    pub unfinished: Unfinished,
    /// What a fresh read showed before anything was done (`None` when the read failed).
    pub before: Option<State>,
    /// The change run to reach the goal, with its outcome; `None` when nothing was needed or
    /// possible.
    pub outcome: Option<ChangeOutcome>,
    /// The verdict on the recovery as a whole.
    pub verdict: Verdict,
    /// One sentence for people.
    pub message: String,
}

impl Engine {
    /// Settles one unfinished change against `target` (its profile). `force` lets the recovery
    /// remove or demote a last owner.
    pub async fn recover(
        &self,
        target: &Target,
        unfinished: Unfinished,
        direction: Direction,
        force: bool,
    ) -> Recovery {
        let what = unfinished.change.describe();
        if unfinished.running {
            return Recovery {
                message: format!(
                    "{what}: still running in another roster process; leave it to finish"
                ),
                verdict: Verdict::Skipped,
                before: None,
                outcome: None,
                unfinished,
            };
        }
        match unfinished.change.subject.clone() {
            Subject::Membership(m) => {
                self.recover_membership(target, unfinished, m, direction, force)
                    .await
            }
            Subject::Workspace(w) => {
                let exists = match target.provider.list_workspaces().await {
                    Ok(all) => all.iter().any(|x| x.name == w.name),
                    Err(e) => return read_failed(unfinished, e),
                };
                match (direction, exists) {
                    (Direction::Complete, true) | (Direction::Rollback, false) => {
                        self.resolve(&unfinished, "already-settled");
                        Recovery {
                            message: format!("{what}: a fresh read shows it is already settled"),
                            verdict: Verdict::Unchanged,
                            before: None,
                            outcome: None,
                            unfinished,
                        }
                    }
                    (Direction::Complete, false) => {
                        let out = self
                            .run(target, unfinished.change.clone(), &RunOptions::default())
                            .await;
                        self.finish(unfinished, None, out)
                    }
                    (Direction::Rollback, true) => Recovery {
                        message: format!(
                            "{what}: the workspace exists, and no provider API roster speaks \
                             can delete a workspace: delete it in the provider's console"
                        ),
                        verdict: Verdict::Refused,
                        before: None,
                        outcome: None,
                        unfinished,
                    },
                }
            }
        }
    }

    /// Shows one unfinished change beside a fresh read, changing nothing.
    pub async fn inspect(&self, target: &Target, unfinished: Unfinished) -> Recovery {
        let what = unfinished.change.describe();
        let before = match &unfinished.change.subject {
            Subject::Membership(m) => {
                match target.provider.list_members(&m.workspace, false).await {
                    Ok(listing) => Some(State::of(&m.user_ref(), &listing)),
                    Err(e) => return read_failed(unfinished, e),
                }
            }
            Subject::Workspace(_) => None,
        };
        let message = match (&unfinished.change.subject, &before) {
            (Subject::Membership(m), Some(now)) => format!(
                "{what}: a fresh read shows {} is {} (planned against: {}; wanted: {});                  `roster recover` drives it to the wanted state, `--rollback` back",
                m.label(),
                now.describe(),
                m.seen.describe(),
                m.want.describe()
            ),
            _ => format!("{what}: `roster recover` checks and completes it"),
        };
        Recovery {
            message,
            // Nothing was done, and nothing failed.
            verdict: Verdict::Unchanged,
            before,
            outcome: None,
            unfinished,
        }
    }

    async fn recover_membership(
        &self,
        target: &Target,
        unfinished: Unfinished,
        m: Membership,
        direction: Direction,
        force: bool,
    ) -> Recovery {
        let who = m.user_ref();
        let listing = match target.provider.list_members(&m.workspace, false).await {
            Ok(l) => l,
            Err(e) => return read_failed(unfinished, e),
        };
        let now = State::of(&who, &listing);
        let goal = match direction {
            Direction::Complete => m.want.clone(),
            Direction::Rollback => m.seen.clone(),
        };
        if now.same(&goal) {
            self.resolve(&unfinished, "already-settled");
            return Recovery {
                message: format!(
                    "{}: a fresh read shows {} is already {}; nothing to do",
                    unfinished.change.describe(),
                    m.label(),
                    goal.describe()
                ),
                verdict: Verdict::Unchanged,
                before: Some(now),
                outcome: None,
                unfinished,
            };
        }
        let step = Change {
            subject: Subject::Membership(Membership {
                member: find_direct(&who, &listing).cloned().or(m.member.clone()),
                seen: now.clone(),
                want: goal,
                ..m
            }),
            ..unfinished.change.clone()
        };
        let opts = RunOptions {
            force,
            also_accept: None,
        };
        let out = self.run(target, step, &opts).await;
        self.finish(unfinished, Some(now), out)
    }

    fn finish(
        &self,
        unfinished: Unfinished,
        before: Option<State>,
        out: ChangeOutcome,
    ) -> Recovery {
        let verdict = out.verdict;
        if verdict.is_success() {
            self.resolve(&unfinished, "recovered");
        }
        Recovery {
            message: out.message(),
            verdict,
            before,
            outcome: Some(out),
            unfinished,
        }
    }

    /// Marks an unfinished change as settled.
    fn resolve(&self, unfinished: &Unfinished, how: &str) {
        if let Some(journal) = self.journal()
            && let Err(e) = journal.write(
                &unfinished.id,
                Entry::Resolved {
                    how: how.to_string(),
                },
            )
        {
            tracing::error!(error = %e, "cannot mark a recovered change as resolved");
        }
    }
}

fn read_failed(unfinished: Unfinished, e: Error) -> Recovery {
    Recovery {
        message: format!(
            "{}: reading the server failed, so nothing was done: {e}",
            unfinished.change.describe()
        ),
        verdict: Verdict::Failed,
        before: None,
        outcome: None,
        unfinished,
    }
}
