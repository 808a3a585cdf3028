//! The worker: a tokio task that owns the provider clients and runs [`Command`]s off the UI thread.
//!
//! - Every job waits for a permit of its profile's [`Semaphore`], so at most that profile's limit
//!   (its `max_concurrency`) of its requests run at once.
//! - Listings are single-flight per workspace (members) and per profile (workspaces), like gitui's
//!   "one queued request per kind": while one runs, a newer request for the same thing waits in a
//!   one-slot queue, newest wins.
//! - Changes to one member (or, for adds, one user) of one workspace run one after another, in the
//!   order they were asked for, so two quick changes never race each other on the server.
//! - Changes run through the change engine ([`crate::engine`]): prechecked, journaled, verified.
//!   A role this session set itself is accepted by the next change to the same member.
//! - Every [`Reply`] carries the profile and request number it answers; `update()` drops stale ones.
//! - A job that panics still answers (with an error), so the UI never waits forever.
//! - Jobs across profiles: the person search (one at a time: a new one, or closing its view, stops
//!   the last) streams each finding as it comes; a plan runs through [`Engine::run_plan`] and
//!   answers each outcome as it comes, then that it is done; undo is planned from the audit log on
//!   a blocking thread and run in the member's lane like any change.
//!
//! `lane.rs` says what a job is about; `commands.rs` runs one command against one client.

use crate::engine::{ChangeOutcome, Engine, Plan, RunOptions, Target};
use crate::model::UserRef;
use crate::people::{Found, Source, find_person};
use crate::tui::msg::{Command, Reply, ReplyBody};
use crate::tui::text;
use futures::{FutureExt, StreamExt};
use std::collections::{HashMap, VecDeque};
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, RwLock};
use tokio::sync::{Semaphore, mpsc};

mod commands;
mod lane;

use commands::{execute, internal_error, unavailable};
use lane::{Lane, OurStates, lane_of};

/// Builds profile `i`'s client again (reading its token again), for a profile the admin fixed.
/// Runs on a blocking thread: a token command may take a while.
pub type Rebuild = Arc<dyn Fn(usize) -> Result<Target, String> + Send + Sync>;

/// How many requests may run at once by default.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// One profile as the worker knows it.
pub struct WorkerProfile {
    /// The client and the profile's settings, or `None` for a profile that cannot be used.
    pub target: Option<Target>,
    /// How many of its requests may run at once.
    pub limit: usize,
}

/// Starts the worker on the current tokio runtime. `profiles[i]` is profile `i`. Commands go in
/// through the returned sender; replies come out of `replies`. The worker stops when the sender
/// is dropped. Changes run through `engine`.
pub fn spawn(
    profiles: Vec<WorkerProfile>,
    engine: Engine,
    replies: mpsc::UnboundedSender<Reply>,
) -> mpsc::UnboundedSender<Command> {
    spawn_with_rebuild(profiles, engine, replies, None)
}

/// [`spawn`], with the way to rebuild a profile's client ([`Command::RebuildProfile`]); without
/// it, a rebuild answers with the client the profile has.
pub fn spawn_with_rebuild(
    profiles: Vec<WorkerProfile>,
    engine: Engine,
    replies: mpsc::UnboundedSender<Reply>,
    rebuild: Option<Rebuild>,
) -> mpsc::UnboundedSender<Command> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(run(profiles, engine, rx, replies, rebuild));
    tx
}

/// One lane: whether a job runs, and what waits.
#[derive(Default)]
struct Flight {
    running: bool,
    queued: VecDeque<Command>,
}

async fn run(
    profiles: Vec<WorkerProfile>,
    engine: Engine,
    mut commands: mpsc::UnboundedReceiver<Command>,
    replies: mpsc::UnboundedSender<Reply>,
    rebuild: Option<Rebuild>,
) {
    let permits = profiles
        .iter()
        .map(|p| Arc::new(Semaphore::new(p.limit.max(1))))
        .collect();
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Lane>();
    let mut flights: HashMap<Lane, Flight> = HashMap::new();
    let limits = profiles.iter().map(|p| p.limit).collect();
    let ctx = Jobs {
        targets: Arc::new(RwLock::new(
            profiles.into_iter().map(|p| p.target).collect(),
        )),
        limits,
        rebuild,
        engine,
        permits,
        replies,
        done: done_tx,
        ours: OurStates::default(),
    };
    // The one person search running: its request number and how to stop it.
    let mut search: Option<(u64, tokio::task::AbortHandle)> = None;
    loop {
        tokio::select! {
            cmd = commands.recv() => {
                let Some(cmd) = cmd else { break };
                match cmd {
                    Command::FindPerson { who, request } => {
                        if let Some((_, old)) = search.take() {
                            old.abort();
                        }
                        search = Some((request, ctx.find(who, request)));
                        continue;
                    }
                    Command::StopFind { request } => {
                        if let Some((running, handle)) = search.take() {
                            if running == request {
                                handle.abort();
                            } else {
                                search = Some((running, handle));
                            }
                        }
                        continue;
                    }
                    Command::RunPlan { plan, force, request } => {
                        ctx.run_plan(plan, force, request);
                        continue;
                    }
                    Command::PlanUndo { request } => {
                        ctx.plan_undo(request);
                        continue;
                    }
                    _ => {}
                }
                if let Some(lane) = lane_of(&cmd) {
                    let flight = flights.entry(lane.clone()).or_default();
                    if flight.running {
                        if matches!(lane, Lane::Listing(..)) {
                            // Newest wins: an older waiting refresh is never sent.
                            flight.queued.clear();
                        }
                        flight.queued.push_back(cmd);
                        continue;
                    }
                    flight.running = true;
                }
                ctx.start(cmd);
            }
            Some(lane) = done_rx.recv() => {
                let next = flights.get_mut(&lane).and_then(|f| f.queued.pop_front());
                match next {
                    Some(cmd) => ctx.start(cmd),
                    None => { flights.remove(&lane); }
                }
            }
        }
    }
}

/// The profile a finding is about.
fn found_profile(found: &Found) -> &str {
    match found {
        Found::Listed { profile, .. }
        | Found::WorkspaceFailed { profile, .. }
        | Found::ProfileFailed { profile, .. }
        | Found::ProfileDone { profile } => profile,
        Found::Checked(c) => &c.profile,
    }
}

struct Jobs {
    /// Each profile's client; a rebuild replaces one while the others keep working.
    targets: Arc<RwLock<Vec<Option<Target>>>>,
    /// Each profile's bound (its `max_concurrency`), for the jobs across profiles.
    limits: Vec<usize>,
    rebuild: Option<Rebuild>,
    engine: Engine,
    /// One semaphore per profile.
    permits: Vec<Arc<Semaphore>>,
    replies: mpsc::UnboundedSender<Reply>,
    done: mpsc::UnboundedSender<Lane>,
    ours: OurStates,
}

impl Jobs {
    /// Profile indices by name, for tagging the replies of a job across profiles.
    fn index(&self) -> HashMap<String, usize> {
        read(&self.targets)
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.as_ref().map(|t| (t.profile.clone(), i)))
            .collect()
    }

    /// Every usable profile with its target and bound, by name, for [`Engine::run_plan`].
    fn plan_targets(&self) -> HashMap<String, (Target, usize)> {
        read(&self.targets)
            .iter()
            .zip(&self.limits)
            .filter_map(|(t, limit)| t.as_ref().map(|t| (t.profile.clone(), (t.clone(), *limit))))
            .collect()
    }

    /// Starts searching every usable profile for `who`; each finding is a reply as it comes. A
    /// search that panics says so for every profile it had not finished, so the view completes.
    fn find(&self, who: UserRef, request: u64) -> tokio::task::AbortHandle {
        let sources: Vec<Source> = read(&self.targets)
            .iter()
            .zip(&self.limits)
            .filter_map(|(t, limit)| {
                t.clone().map(|target| Source {
                    target,
                    max_concurrency: *limit,
                })
            })
            .collect();
        let index = self.index();
        let replies = self.replies.clone();
        tokio::spawn(async move {
            // The profiles not finished yet, with their provider (for a failure to name).
            let mut open: HashMap<String, crate::model::ProviderKind> = sources
                .iter()
                .map(|s| (s.target.profile.clone(), s.target.provider.kind()))
                .collect();
            let mut found = Box::pin(find_person(sources, who));
            let send = |body: Found| {
                let profile = index.get(found_profile(&body)).copied().unwrap_or(0);
                replies
                    .send(Reply {
                        profile,
                        request,
                        body: ReplyBody::Person(body),
                    })
                    .is_ok()
            };
            loop {
                match AssertUnwindSafe(found.next()).catch_unwind().await {
                    Ok(Some(event)) => {
                        if let Found::ProfileDone { profile }
                        | Found::ProfileFailed { profile, .. } = &event
                        {
                            open.remove(profile);
                        }
                        if !send(event) {
                            return;
                        }
                    }
                    Ok(None) => return,
                    Err(_) => {
                        for (profile, provider) in open {
                            let error = internal_error();
                            send(Found::ProfileFailed {
                                profile,
                                provider,
                                error,
                            });
                        }
                        return;
                    }
                }
            }
        })
        .abort_handle()
    }

    /// Runs `plan` through the engine; every outcome is a reply as it comes, then
    /// [`ReplyBody::PlanDone`] (also after a panic, so the view never waits forever).
    fn run_plan(&self, plan: Plan, force: bool, request: u64) {
        let profiles = self.plan_targets();
        let index = self.index();
        let engine = self.engine.clone();
        let replies = self.replies.clone();
        tokio::spawn(async move {
            let progress = |i: usize, outcome: &ChangeOutcome| {
                let profile = index.get(&outcome.change.profile).copied().unwrap_or(0);
                let _ = replies.send(Reply {
                    profile,
                    request,
                    body: ReplyBody::PlanStep {
                        index: i,
                        outcome: Box::new(outcome.clone()),
                    },
                });
            };
            let opts = RunOptions {
                force,
                also_accept: None,
            };
            // Every change of a bulk change runs, even after one fails: each row gets its outcome.
            let run = engine.run_plan(&plan, &profiles, &opts, true, &progress);
            // The outcomes went out as they came; a panic leaves the missing ones to PlanDone.
            let _ = AssertUnwindSafe(run).catch_unwind().await;
            let _ = replies.send(Reply {
                profile: 0,
                request,
                body: ReplyBody::PlanDone,
            });
        });
    }

    /// Plans undoing the last change this session made; the audit log is read on a blocking
    /// thread.
    fn plan_undo(&self, request: u64) {
        let engine = self.engine.clone();
        let index = self.index();
        let replies = self.replies.clone();
        tokio::spawn(async move {
            let planned = tokio::task::spawn_blocking(move || engine.plan_undo_last_here())
                .await
                .unwrap_or_else(|_| Err(internal_error()));
            let profile = planned
                .as_ref()
                .ok()
                .and_then(|u| index.get(&u.inverse.profile).copied())
                .unwrap_or(0);
            let _ = replies.send(Reply {
                profile,
                request,
                body: ReplyBody::UndoPlanned(planned),
            });
        });
    }

    fn start(&self, cmd: Command) {
        // Jobs across profiles never come here: the run loop starts them itself.
        let Some(profile) = cmd.profile() else {
            return;
        };
        let request = cmd.request();
        match cmd {
            Command::RebuildProfile { .. } => return self.rebuild(profile, request),
            Command::LoadHistory {
                workspace_id, who, ..
            } => return self.history(profile, request, workspace_id, who),
            _ => {}
        }
        let target = read(&self.targets).get(profile).cloned().flatten();
        let engine = self.engine.clone();
        let permits = self.permits.get(profile).cloned();
        let replies = self.replies.clone();
        let done = self.done.clone();
        let ours = self.ours.clone();
        tokio::spawn(async move {
            // The semaphore is never closed, so acquiring only fails if it were; then run anyway.
            let _permit = match permits {
                Some(p) => p.acquire_owned().await.ok(),
                None => None,
            };
            let lane = lane_of(&cmd);
            let body = match &target {
                Some(t) => execute(&engine, t, cmd, lane.as_ref(), &ours).await,
                // update() never sends work for an unusable profile; answer rather than hang.
                None => unavailable(cmd),
            };
            // The reply goes out before the lane moves on, so replies keep the lane's order.
            let _ = replies.send(Reply {
                profile,
                request,
                body,
            });
            if let Some(lane) = lane {
                let _ = done.send(lane);
            }
        });
    }
}

impl Jobs {
    /// Rebuilds profile `profile`'s client off the runtime (reading a token may block) and
    /// answers with what it can do.
    fn rebuild(&self, profile: usize, request: u64) {
        let (rebuild, targets, replies) = (
            self.rebuild.clone(),
            self.targets.clone(),
            self.replies.clone(),
        );
        tokio::spawn(async move {
            let built = match rebuild {
                Some(f) => tokio::task::spawn_blocking(move || f(profile))
                    .await
                    .unwrap_or_else(|_| Err(text::INTERNAL_ERROR.to_string())),
                None => read(&targets)
                    .get(profile)
                    .cloned()
                    .flatten()
                    .ok_or_else(|| text::PROFILE_UNAVAILABLE.to_string()),
            };
            let body = built.map(|target| {
                let caps = target.provider.capabilities().clone();
                if let Some(slot) = write(&targets).get_mut(profile) {
                    *slot = Some(target);
                }
                caps
            });
            let _ = replies.send(Reply {
                profile,
                request,
                body: ReplyBody::Rebuilt(body),
            });
        });
    }

    /// Finds the last change to a member (named by any of `who`) of workspace `workspace_id` in
    /// the engine's audit log, off the runtime.
    fn history(&self, profile: usize, request: u64, workspace_id: String, who: Vec<String>) {
        let path = self.engine.audit().map(|a| a.path().to_path_buf());
        let name = read(&self.targets)
            .get(profile)
            .cloned()
            .flatten()
            .map(|t| t.profile);
        let replies = self.replies.clone();
        tokio::spawn(async move {
            let ws = workspace_id.clone();
            let result = match path {
                None => Ok(None),
                Some(path) => tokio::task::spawn_blocking(move || {
                    let log = crate::audit::read_log(&path).map_err(|e| e.to_string())?;
                    Ok(log
                        .entries
                        .into_iter()
                        .rev()
                        .find(|e| {
                            name.as_deref().is_none_or(|n| e.profile == n)
                                && e.workspace.as_deref() == Some(ws.as_str())
                                && e.operation != "step"
                                && e.phase.as_deref() != Some("intent")
                                && e.outcome != "pending"
                                // By who the change named, or by the ID the verification read
                                // found (an add by email learns the ID there).
                                && [e.user.as_deref(), e.member_id.as_deref()]
                                    .into_iter()
                                    .flatten()
                                    .any(|u| who.iter().any(|w| w.eq_ignore_ascii_case(u)))
                        })
                        .map(Box::new))
                })
                .await
                .unwrap_or_else(|_| Err(text::INTERNAL_ERROR.to_string())),
            };
            let _ = replies.send(Reply {
                profile,
                request,
                body: ReplyBody::History {
                    workspace_id,
                    result,
                },
            });
        });
    }
}

fn read(
    targets: &RwLock<Vec<Option<Target>>>,
) -> std::sync::RwLockReadGuard<'_, Vec<Option<Target>>> {
    // Plain values: a panic elsewhere cannot leave the list half-written.
    targets.read().unwrap_or_else(|p| p.into_inner())
}

fn write(
    targets: &RwLock<Vec<Option<Target>>>,
) -> std::sync::RwLockWriteGuard<'_, Vec<Option<Target>>> {
    targets.write().unwrap_or_else(|p| p.into_inner())
}
