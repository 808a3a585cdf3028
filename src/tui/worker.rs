//! The worker: a tokio task that owns the provider clients and runs [`Command`]s off the UI thread.
//!
//! - Every job waits for a permit of its profile's [`Semaphore`], so at most that profile's limit
//!   (its `max_concurrency`) of its requests run at once.
//! - Listings are single-flight per workspace (members) and per profile (workspaces), like gitui's
//!   "one queued request per kind": while one runs, a newer request for the same thing waits in a
//!   one-slot queue, newest wins.
//! - Changes to one member (or, for adds, one user) of one workspace run one after another, in the
//!   order they were asked for, so two quick changes never race each other on the server.
//! - Before changing or removing a member, the job reads the workspace again and sends nothing
//!   when the member's role is no longer the one the admin saw (see `precheck.rs`).
//! - Every [`Outcome`] carries the profile and request number it answers; `update()` drops stale ones.
//! - A job that panics still answers (with an error), so the UI never waits forever.

use super::app::{Answer, Change, Command, Outcome};
use super::precheck::{self, Fresh};
use super::text;
use crate::error::Error;
use crate::model::Workspace;
use crate::providers::Provider;
use futures::FutureExt;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use tokio::sync::{Semaphore, mpsc};

/// How many requests may run at once by default.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// Starts the worker on the current tokio runtime. `providers[i]` is profile `i`'s client (`None`
/// for a profile that cannot be used). Commands go in through the returned sender; outcomes come
/// out of `outcomes`. The worker stops when the sender is dropped. Each profile may run `limit`
/// requests at once.
pub fn spawn(
    providers: Vec<Option<Arc<dyn Provider>>>,
    outcomes: mpsc::UnboundedSender<Outcome>,
    limit: usize,
) -> mpsc::UnboundedSender<Command> {
    let limits = vec![limit; providers.len()];
    spawn_bounded(providers.into_iter().zip(limits).collect(), outcomes)
}

/// [`spawn`] with a limit per profile: `profiles[i]` is profile `i`'s client and how many of its
/// requests may run at once.
pub fn spawn_bounded(
    profiles: Vec<(Option<Arc<dyn Provider>>, usize)>,
    outcomes: mpsc::UnboundedSender<Outcome>,
) -> mpsc::UnboundedSender<Command> {
    let (tx, rx) = mpsc::unbounded_channel();
    let (providers, limits): (Vec<_>, Vec<_>) = profiles.into_iter().unzip();
    tokio::spawn(run(providers, limits, rx, outcomes));
    tx
}

/// What a serialised job is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Lane {
    /// A listing: (profile, workspace ID, or `None` for the profile's workspace list). One runs
    /// at a time; of the requests that arrive meanwhile only the newest is kept.
    Listing(usize, Option<String>),
    /// Changes to one member of one workspace: (profile, workspace ID, member ID or the user as
    /// typed for an add). They all run, one after another, in order.
    Member(usize, String, String),
}

/// One lane: whether a job runs, and what waits.
#[derive(Default)]
struct Flight {
    running: bool,
    queued: VecDeque<Command>,
}

/// The role ID this session last set for a member, by member lane: the next change to that member
/// expects it as well as the role the admin saw.
type OurRoles = Arc<Mutex<HashMap<Lane, String>>>;

async fn run(
    providers: Vec<Option<Arc<dyn Provider>>>,
    limits: Vec<usize>,
    mut commands: mpsc::UnboundedReceiver<Command>,
    outcomes: mpsc::UnboundedSender<Outcome>,
) {
    let permits = limits
        .into_iter()
        .map(|l| Arc::new(Semaphore::new(l.max(1))))
        .collect();
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Lane>();
    let mut flights: HashMap<Lane, Flight> = HashMap::new();
    let ctx = Jobs {
        providers,
        permits,
        outcomes,
        done: done_tx,
        ours: OurRoles::default(),
    };
    loop {
        tokio::select! {
            cmd = commands.recv() => {
                let Some(cmd) = cmd else { break };
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

fn lane_of(cmd: &Command) -> Option<Lane> {
    match cmd {
        Command::LoadMembers {
            profile, workspace, ..
        } => Some(Lane::Listing(*profile, Some(workspace.id.clone()))),
        Command::LoadWorkspaces { profile, .. } => Some(Lane::Listing(*profile, None)),
        Command::Change {
            profile,
            workspace,
            change,
            ..
        } => {
            let who = match change {
                Change::Add { user, .. } => user.as_str().to_lowercase(),
                Change::SetRole { member, .. } | Change::Remove { member } => member.id.clone(),
            };
            Some(Lane::Member(*profile, workspace.id.clone(), who))
        }
        Command::LoadRoles { .. } | Command::Suspend => None,
    }
}

struct Jobs {
    providers: Vec<Option<Arc<dyn Provider>>>,
    /// One semaphore per profile.
    permits: Vec<Arc<Semaphore>>,
    outcomes: mpsc::UnboundedSender<Outcome>,
    done: mpsc::UnboundedSender<Lane>,
    ours: OurRoles,
}

impl Jobs {
    fn start(&self, cmd: Command) {
        let (profile, request) = match &cmd {
            Command::LoadWorkspaces { profile, request }
            | Command::LoadMembers {
                profile, request, ..
            }
            | Command::LoadRoles {
                profile, request, ..
            }
            | Command::Change {
                profile, request, ..
            } => (*profile, *request),
            Command::Suspend => return,
        };
        let provider = self.providers.get(profile).cloned().flatten();
        let permits = self.permits.get(profile).cloned();
        let outcomes = self.outcomes.clone();
        let done = self.done.clone();
        let ours = self.ours.clone();
        tokio::spawn(async move {
            // The semaphore is never closed, so acquiring only fails if it were; then run anyway.
            let _permit = match permits {
                Some(p) => p.acquire_owned().await.ok(),
                None => None,
            };
            let lane = lane_of(&cmd);
            let answer = match &provider {
                Some(p) => execute(p.as_ref(), cmd, lane.as_ref(), &ours).await,
                // update() never sends work for an unusable profile; answer rather than hang.
                None => unavailable(cmd),
            };
            // The outcome goes out before the lane moves on, so answers keep the lane's order.
            let _ = outcomes.send(Outcome {
                profile,
                request,
                answer,
            });
            if let Some(lane) = lane {
                let _ = done.send(lane);
            }
        });
    }
}

/// Runs `fut`, turning an error or a panic into the message shown to the admin.
async fn guarded<T>(fut: impl Future<Output = Result<T, Error>>) -> Result<T, String> {
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(text::INTERNAL_ERROR.to_string()),
    }
}

fn ws_id(w: &Workspace) -> String {
    w.id.clone()
}

async fn execute(
    provider: &dyn Provider,
    cmd: Command,
    lane: Option<&Lane>,
    ours: &OurRoles,
) -> Answer {
    match cmd {
        Command::LoadWorkspaces { .. } => {
            Answer::Workspaces(guarded(provider.list_workspaces()).await)
        }
        Command::LoadMembers {
            workspace,
            include_inherited,
            ..
        } => Answer::Members {
            workspace_id: ws_id(&workspace),
            result: guarded(provider.list_members(&workspace, include_inherited)).await,
        },
        Command::LoadRoles { workspace, .. } => Answer::Roles {
            workspace_id: ws_id(&workspace),
            result: guarded(provider.list_roles(&workspace)).await,
        },
        Command::Change {
            workspace, change, ..
        } => change_member(provider, workspace, change, lane, ours).await,
        Command::Suspend => unavailable(cmd),
    }
}

/// Runs one change. Changes to an existing member first check that the member is as the admin
/// saw them; a role this session set is remembered for the next change to the same member.
async fn change_member(
    provider: &dyn Provider,
    workspace: Workspace,
    change: Change,
    lane: Option<&Lane>,
    ours: &OurRoles,
) -> Answer {
    let workspace_id = ws_id(&workspace);
    let seen = match &change {
        Change::Add { .. } => None,
        Change::SetRole { member, .. } | Change::Remove { member } => Some(member),
    };
    let fresh = match seen {
        None => None,
        Some(seen) => {
            let our_role = lane.and_then(|l| lock(ours).get(l).cloned());
            match guarded(precheck::check(
                provider,
                &workspace,
                seen,
                our_role.as_deref(),
            ))
            .await
            {
                Ok(Fresh::Expected(m)) => Some(m),
                Ok(Fresh::Moved(now)) => {
                    return Answer::Stale {
                        workspace_id,
                        change,
                        now,
                    };
                }
                Err(e) => {
                    return Answer::Changed {
                        workspace_id,
                        change,
                        result: Err(e),
                    };
                }
            }
        }
    };
    let result = match (&change, &fresh) {
        (Change::Add { user, role }, _) => {
            guarded(provider.add_member(&workspace, user, role)).await
        }
        (Change::SetRole { role, .. }, Some(member)) => {
            guarded(provider.set_role(&workspace, member, role)).await
        }
        (Change::Remove { .. }, Some(member)) => {
            guarded(provider.remove_member(&workspace, member)).await
        }
        // A change to an existing member always went through the check above.
        (_, None) => Err(text::INTERNAL_ERROR.to_string()),
    };
    if let (Some(lane), Change::SetRole { role, .. }) = (lane, &change) {
        let mut ours = lock(ours);
        match &result {
            Ok(_) => ours.insert(lane.clone(), role.id.clone()),
            Err(_) => ours.remove(lane),
        };
    }
    Answer::Changed {
        workspace_id,
        change,
        result,
    }
}

fn lock(ours: &OurRoles) -> std::sync::MutexGuard<'_, HashMap<Lane, String>> {
    // The map holds plain strings; a panic elsewhere cannot leave it half-written.
    ours.lock().unwrap_or_else(|p| p.into_inner())
}

/// The answer to a command that cannot run: an error of the matching kind.
fn unavailable(cmd: Command) -> Answer {
    fn e<T>() -> Result<T, String> {
        Err(text::PROFILE_UNAVAILABLE.to_string())
    }
    match cmd {
        Command::LoadMembers { workspace, .. } => Answer::Members {
            workspace_id: ws_id(&workspace),
            result: e(),
        },
        Command::LoadRoles { workspace, .. } => Answer::Roles {
            workspace_id: ws_id(&workspace),
            result: e(),
        },
        Command::Change {
            workspace, change, ..
        } => Answer::Changed {
            workspace_id: ws_id(&workspace),
            change,
            result: e(),
        },
        Command::LoadWorkspaces { .. } | Command::Suspend => Answer::Workspaces(e()),
    }
}
