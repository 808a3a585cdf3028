//! Running one change, and a plan of them: precheck, journal, steps, settle and verify, outcome.

use super::guards;
use super::outcome::{ChangeOutcome, Refusal, Verdict};
use super::plan::{Change, Membership, NewWorkspaceChange, Operation, State, Subject, find_direct};
use super::{Engine, INTERRUPT_GRACE, RunOptions, Target};
use crate::error::{Error, Result};
use crate::model::{ChangeReport, Member, NewWorkspace, Workspace};
use crate::providers::Provider;
use crate::providers::settle::settle_change;
use std::sync::Arc;
use tokio::time::Instant;

/// What the steps returned.
enum Steps {
    /// The provider's report or error.
    Ran(Result<ChangeReport>),
    /// A workspace creation's answer.
    Created(Result<Workspace>),
    /// Cut by an interrupt before they finished.
    Cut,
}

impl Engine {
    /// Runs one change against `target` and returns what a fresh read found. Never panics on
    /// server input; every path ends in an outcome that is also in the audit log (when anything was
    /// sent or refused after a read).
    pub async fn run(&self, target: &Target, change: Change, opts: &RunOptions) -> ChangeOutcome {
        let tracked = self.track(change.describe());
        if let Err(why) = self.writable(target) {
            return ChangeOutcome::refused(change, why);
        }
        if let Err(why) = guards::supported(target.provider.capabilities(), &change) {
            return ChangeOutcome::refused(change, why);
        }
        if self.interrupts() > 0 {
            return ChangeOutcome::new(change, Verdict::Skipped);
        }
        let outcome = match change.subject.clone() {
            Subject::Membership(m) => {
                // A provider that rewrites the whole member list gets one change per workspace at
                // a time: two read-modify-writes at once would each undo the other.
                let _one_at_a_time = match target.provider.capabilities().rewrites_member_list {
                    true => Some(
                        self.workspace_lock(&target.profile, &m.workspace.id)
                            .lock_owned()
                            .await,
                    ),
                    false => None,
                };
                self.run_membership(target, change, m, opts, &tracked).await
            }
            Subject::Workspace(w) => self.run_create(target, change, w, &tracked).await,
        };
        drop(tracked);
        outcome
    }

    /// Runs `plan`'s changes, each profile's at most `limit` at a time (its `max_concurrency`),
    /// in plan order within a profile. Unless `keep_going`, the first change that does not
    /// succeed stops the plan: changes not started yet are skipped (those running finish). An
    /// interrupt stops it the same way. `profiles` gives each change's profile by name; a change
    /// whose profile is missing is refused. `progress` sees each outcome as it comes, with its
    /// index in the plan. The outcomes come back in plan order.
    pub async fn run_plan(
        &self,
        plan: &super::Plan,
        profiles: &std::collections::HashMap<String, (Target, usize)>,
        opts: &RunOptions,
        keep_going: bool,
        progress: &(dyn Fn(usize, &ChangeOutcome) + Sync),
    ) -> Vec<ChangeOutcome> {
        use std::sync::atomic::{AtomicBool, Ordering};
        let permits: std::collections::HashMap<&str, Arc<tokio::sync::Semaphore>> = profiles
            .iter()
            .map(|(name, (_, limit))| {
                (
                    name.as_str(),
                    Arc::new(tokio::sync::Semaphore::new((*limit).max(1))),
                )
            })
            .collect();
        let stopped = AtomicBool::new(false);
        // One chain per workspace whose provider rewrites the whole member list (its changes run
        // one after another, so none waits on the engine's workspace lock holding a slot of the
        // profile's bound); every other change is a chain of its own.
        let mut chains: Vec<Vec<usize>> = Vec::new();
        let mut chain_of: std::collections::HashMap<(&str, &str), usize> =
            std::collections::HashMap::new();
        for (index, change) in plan.changes.iter().enumerate() {
            let serial = profiles
                .get(&change.profile)
                .is_some_and(|(t, _)| t.provider.capabilities().rewrites_member_list);
            match (&change.subject, serial) {
                (Subject::Membership(m), true) => {
                    let key = (change.profile.as_str(), m.workspace.id.as_str());
                    let at = *chain_of.entry(key).or_insert_with(|| {
                        chains.push(Vec::new());
                        chains.len() - 1
                    });
                    chains[at].push(index);
                }
                _ => chains.push(vec![index]),
            }
        }
        let one = |index: usize| {
            let change = &plan.changes[index];
            let target = profiles.get(&change.profile).map(|(t, _)| t);
            let permit = permits.get(change.profile.as_str()).cloned();
            let stopped = &stopped;
            async move {
                let outcome = match (target, permit) {
                    (Some(target), Some(permit)) => {
                        // Semaphores are fair: within a profile, changes start in plan order.
                        let _slot = permit.acquire_owned().await.ok();
                        if stopped.load(Ordering::SeqCst) || self.interrupts() > 0 {
                            ChangeOutcome::new(change.clone(), Verdict::Skipped)
                        } else {
                            self.run(target, change.clone(), opts).await
                        }
                    }
                    _ => ChangeOutcome::refused(
                        change.clone(),
                        Refusal::Unsupported(format!(
                            "profile {} cannot be used",
                            crate::sanitize::sanitize_line(&change.profile)
                        )),
                    ),
                };
                if !keep_going && !outcome.verdict.is_success() {
                    stopped.store(true, Ordering::SeqCst);
                }
                progress(index, &outcome);
                (index, outcome)
            }
        };
        let runs = chains.into_iter().map(|chain| async move {
            let mut done = Vec::with_capacity(chain.len());
            for index in chain {
                done.push(one(index).await);
            }
            done
        });
        let mut outcomes: Vec<Option<ChangeOutcome>> = vec![None; plan.changes.len()];
        for (index, outcome) in futures::future::join_all(runs).await.into_iter().flatten() {
            outcomes[index] = Some(outcome);
        }
        plan.changes
            .iter()
            .zip(outcomes)
            .map(|(c, o)| o.unwrap_or_else(|| ChangeOutcome::new(c.clone(), Verdict::Skipped)))
            .collect()
    }

    async fn run_membership(
        &self,
        target: &Target,
        change: Change,
        m: Membership,
        opts: &RunOptions,
        tracked: &super::Tracked,
    ) -> ChangeOutcome {
        let provider = target.provider.as_ref();
        let who = m.user_ref();
        // Precheck: the state now, from a fresh read (with inherited rows, for the note at the end).
        let inherited = provider.capabilities().inherited_members.is_available();
        let fresh = match provider.list_members(&m.workspace, inherited).await {
            Ok(list) => list,
            Err(e) => {
                let out = failed_read(change, e);
                self.audit_single(target, &out);
                return out;
            }
        };
        let now = State::of(&who, &fresh);
        let expected = now.same(&m.seen) || opts.also_accept.as_ref().is_some_and(|s| now.same(s));
        // Moved since it was seen, even to the state wanted: the admin decides on what is there now.
        if !expected {
            let mut out = ChangeOutcome::new(change, Verdict::Stale);
            out.member = find_direct(&who, &fresh).cloned();
            out.now = Some(now);
            self.audit_single(target, &out);
            return out;
        }
        if now.same(&m.want) {
            let mut out = ChangeOutcome::new(change, Verdict::Unchanged);
            out.member = find_direct(&who, &fresh).cloned();
            out.now = Some(now);
            return out;
        }
        let operation = Membership::operation_between(&now, &m.want);
        if matches!(operation, Operation::SetRole | Operation::Remove) {
            let roles = match provider.list_roles(&m.workspace).await {
                Ok(r) => r,
                Err(e) => return failed_read(change, e),
            };
            let planned_now = Membership {
                seen: now.clone(),
                ..m.clone()
            };
            if let Err(why) = guards::last_owner(&planned_now, &roles, &fresh, opts.force) {
                let out = ChangeOutcome::refused(change, why);
                self.audit_single(target, &out);
                return out;
            }
        }
        if self.interrupts() > 0 {
            return ChangeOutcome::new(change, Verdict::Skipped);
        }
        // The member as the server holds it now: its provider handle is current.
        let current = find_direct(&who, &fresh).cloned();
        let scope = match self.journal_intent(target, &change).await {
            Ok(scope) => scope,
            Err(why) => return ChangeOutcome::refused(change, why),
        };
        tracked.set_scope(&scope);
        let steps = self
            .interruptible(scope.run(transition(
                provider,
                &m.workspace,
                &m,
                current.as_ref(),
                &m.want,
            )))
            .await;
        let mut out = ChangeOutcome::new(change, Verdict::Failed);
        out.id = Some(scope.id.clone());
        let result = match steps {
            Steps::Ran(r) => r,
            Steps::Created(_) => Ok(ChangeReport::default()),
            Steps::Cut => {
                out.verdict = Verdict::Interrupted;
                out.steps = scope.sent();
                out = self.journal_outcome(target, out, &scope).await;
                return out;
            }
        };
        match &result {
            Ok(report) => {
                out.steps = report.steps.clone();
                out.request_ids = report.request_ids.clone();
            }
            Err(e) => {
                out.request_ids.extend(e.request_id.clone());
                out.error = Some(e.clone());
            }
        }
        // Settle and verify: one fresh read judges clear and unclear answers alike.
        let after = if self.interrupts() > 1 {
            None
        } else {
            let limit = self.remaining_grace().unwrap_or(INTERRUPT_GRACE);
            tokio::time::timeout(limit, provider.list_members(&m.workspace, inherited))
                .await
                .ok()
        };
        let Some(after) = after else {
            out.verdict = Verdict::Interrupted;
            out = self.journal_outcome(target, out, &scope).await;
            return out;
        };
        let state = after.as_ref().ok().map(|listing| State::of(&who, listing));
        let applied = match (&state, &after) {
            (Some(s), _) => Ok(s.same(&m.want)),
            (None, Err(e)) => Err(e.clone()),
            (None, Ok(_)) => Ok(false),
        };
        let what = out.change.describe_doing();
        out.verdict = match (out.error.take(), applied) {
            (None, Ok(true)) => Verdict::Done,
            (None, Ok(false)) => not_wanted(state.as_ref(), &now),
            (None, Err(read)) => {
                out.error = Some(Error {
                    message: format!(
                        "the server accepted the change, but re-reading the members to confirm \
                         it failed: {}",
                        read.message
                    ),
                    ..read
                });
                Verdict::Unknown
            }
            (Some(e), applied) => {
                let read_failed = applied.is_err();
                match settle_change(e, &what, applied) {
                    Ok(step) => {
                        out.steps.push(step);
                        Verdict::Done
                    }
                    Err(e) => {
                        out.error = Some(e);
                        if read_failed {
                            Verdict::Unknown
                        } else {
                            not_wanted(state.as_ref(), &now)
                        }
                    }
                }
            }
        };
        if let (Ok(listing), Some(state)) = (&after, state) {
            out.member = find_direct(&who, listing).cloned().or(current);
            // A removal or a role change can leave access granted elsewhere: say so.
            if out.verdict == Verdict::Done
                && matches!(operation, Operation::SetRole | Operation::Remove)
            {
                out.keeps_access = guards::kept_access(&who, listing);
                out.kept = guards::kept_rows(&who, listing);
            }
            out.now = Some(state);
        }
        out = self.journal_outcome(target, out, &scope).await;
        out
    }

    async fn run_create(
        &self,
        target: &Target,
        change: Change,
        w: NewWorkspaceChange,
        tracked: &super::Tracked,
    ) -> ChangeOutcome {
        let provider = target.provider.as_ref();
        let listable = provider.capabilities().list_workspaces.is_available();
        if w.name.trim().is_empty() {
            return ChangeOutcome::refused(
                change,
                Refusal::Unsupported("the workspace name is empty".into()),
            );
        }
        if listable {
            match provider.list_workspaces().await {
                Ok(all) => {
                    if let Some(existing) = all.iter().find(|x| x.name == w.name) {
                        let mut out = ChangeOutcome::new(change, Verdict::Stale);
                        out.created = Some(existing.clone());
                        self.audit_single(target, &out);
                        return out;
                    }
                }
                Err(e) => return failed_read(change, e),
            }
        }
        let scope = match self.journal_intent(target, &change).await {
            Ok(scope) => scope,
            Err(why) => return ChangeOutcome::refused(change, why),
        };
        tracked.set_scope(&scope);
        let new = NewWorkspace::from(&w);
        let steps = self
            .interruptible(async {
                Steps::Created(scope.run(provider.create_workspace(&new)).await)
            })
            .await;
        let mut out = ChangeOutcome::new(change, Verdict::Failed);
        out.id = Some(scope.id.clone());
        let created = match steps {
            Steps::Created(r) => r,
            Steps::Ran(_) | Steps::Cut => {
                out.verdict = Verdict::Interrupted;
                out = self.journal_outcome(target, out, &scope).await;
                return out;
            }
        };
        if let Err(e) = &created {
            out.error = Some(e.clone());
        }
        let listed = if listable {
            provider.list_workspaces().await.map(|all| {
                all.into_iter().find(|x| match &created {
                    Ok(c) => x.id == c.id,
                    Err(_) => x.name == w.name,
                })
            })
        } else {
            Ok(None)
        };
        out.verdict = match (&created, listed) {
            (_, Ok(Some(found))) => {
                out.created = Some(found);
                out.error = None;
                Verdict::Done
            }
            (Ok(_), Ok(None)) => Verdict::Failed,
            (Err(_), Ok(None)) => Verdict::Failed,
            (_, Err(e)) => {
                out.error = Some(e);
                Verdict::Unknown
            }
        };
        out = self.journal_outcome(target, out, &scope).await;
        out
    }

    /// Runs `steps`, letting an interrupt cut them only after [`INTERRUPT_GRACE`] (from the first
    /// interrupt) or at a second interrupt.
    async fn interruptible<F>(&self, steps: F) -> Steps
    where
        F: Future,
        F::Output: Into<Steps>,
    {
        let mut interrupts = self.inner.interrupts.subscribe();
        tokio::pin!(steps);
        loop {
            if self.interrupts() > 1 {
                return Steps::Cut;
            }
            let deadline = self.remaining_grace().map(|left| Instant::now() + left);
            tokio::select! {
                done = &mut steps => return done.into(),
                changed = interrupts.changed() => {
                    if changed.is_err() {
                        return Steps::Cut;
                    }
                }
                _ = sleep_until(deadline) => return Steps::Cut,
            }
        }
    }
}

impl From<Result<ChangeReport>> for Steps {
    fn from(r: Result<ChangeReport>) -> Steps {
        Steps::Ran(r)
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

/// The provider call that moves `m` from what the precheck found (`current`) to `want`.
pub(crate) async fn transition(
    provider: &dyn Provider,
    workspace: &Workspace,
    m: &Membership,
    current: Option<&Member>,
    want: &State,
) -> Result<ChangeReport> {
    match (current, want) {
        (None, State::Member(role)) => provider.add_member(workspace, &m.user_ref(), role).await,
        (Some(member), State::Member(role)) => provider.set_role(workspace, member, role).await,
        (Some(member), State::Absent) => provider.remove_member(workspace, member).await,
        (None, State::Absent) => Ok(ChangeReport::default()),
    }
}

/// The verdict when a fresh read does not show the wanted state: nothing changed when it shows the
/// state before, half-done otherwise.
fn not_wanted(state: Option<&State>, before: &State) -> Verdict {
    match state {
        Some(s) if s.same(before) => Verdict::Failed,
        _ => Verdict::Partial,
    }
}

/// A change stopped because a read before it failed: nothing was sent.
fn failed_read(change: Change, e: Error) -> ChangeOutcome {
    let e = Error {
        message: format!(
            "{}; reading it before the change failed, so nothing was sent",
            e.message
        ),
        ..e
    };
    ChangeOutcome {
        error: Some(e),
        ..ChangeOutcome::new(change, Verdict::Failed)
    }
}
