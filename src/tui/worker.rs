//! The worker: a tokio task that owns the provider clients and runs [`Command`]s off the UI thread.
//!
//! - Every job waits for a permit of one [`Semaphore`], so at most `limit` requests run at once.
//! - Listings are single-flight per workspace (members) and per profile (workspaces), like gitui's
//!   "one queued request per kind": while one runs, a newer request for the same thing waits in a
//!   one-slot queue, newest wins.
//! - Every [`Outcome`] carries the profile and request number it answers; `update()` drops stale ones.
//! - A job that panics still answers (with an error), so the UI never waits forever.

use super::app::{Answer, Change, Command, Outcome};
use super::text;
use crate::error::Error;
use crate::model::Workspace;
use crate::providers::Provider;
use futures::FutureExt;
use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use tokio::sync::{Semaphore, mpsc};

/// How many requests may run at once by default.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// Starts the worker on the current tokio runtime. `providers[i]` is profile `i`'s client (`None`
/// for a profile that cannot be used). Commands go in through the returned sender; outcomes come
/// out of `outcomes`. The worker stops when the sender is dropped.
pub fn spawn(
    providers: Vec<Option<Arc<dyn Provider>>>,
    outcomes: mpsc::UnboundedSender<Outcome>,
    limit: usize,
) -> mpsc::UnboundedSender<Command> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(run(providers, rx, outcomes, limit.max(1)));
    tx
}

/// One workspace's member listing slot: whether one runs, and the newest request waiting.
#[derive(Default)]
struct Flight {
    running: bool,
    queued: Option<Command>,
}

async fn run(
    providers: Vec<Option<Arc<dyn Provider>>>,
    mut commands: mpsc::UnboundedReceiver<Command>,
    outcomes: mpsc::UnboundedSender<Outcome>,
    limit: usize,
) {
    let permits = Arc::new(Semaphore::new(limit));
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<FlightKey>();
    let mut flights: HashMap<FlightKey, Flight> = HashMap::new();
    let ctx = Jobs {
        providers,
        permits,
        outcomes,
        done: done_tx,
    };
    loop {
        tokio::select! {
            cmd = commands.recv() => {
                let Some(cmd) = cmd else { break };
                if let Some(key) = flight_key(&cmd) {
                    let flight = flights.entry(key).or_default();
                    if flight.running {
                        flight.queued = Some(cmd);
                        continue;
                    }
                    flight.running = true;
                }
                ctx.start(cmd);
            }
            Some(key) = done_rx.recv() => {
                let next = flights.get_mut(&key).and_then(|f| f.queued.take());
                match next {
                    Some(cmd) => ctx.start(cmd),
                    None => { flights.remove(&key); }
                }
            }
        }
    }
}

/// What a single-flight listing is about: (profile, workspace ID or `None` for the workspace list).
type FlightKey = (usize, Option<String>);

fn flight_key(cmd: &Command) -> Option<FlightKey> {
    match cmd {
        Command::LoadMembers {
            profile, workspace, ..
        } => Some((*profile, Some(workspace.id.clone()))),
        Command::LoadWorkspaces { profile, .. } => Some((*profile, None)),
        _ => None,
    }
}

struct Jobs {
    providers: Vec<Option<Arc<dyn Provider>>>,
    permits: Arc<Semaphore>,
    outcomes: mpsc::UnboundedSender<Outcome>,
    done: mpsc::UnboundedSender<FlightKey>,
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
        let permits = self.permits.clone();
        let outcomes = self.outcomes.clone();
        let done = self.done.clone();
        tokio::spawn(async move {
            // The semaphore is never closed, so acquiring only fails if it were; then run anyway.
            let _permit = permits.acquire_owned().await.ok();
            let answer = match &provider {
                Some(p) => execute(p.as_ref(), cmd.clone()).await,
                // update() never sends work for an unusable profile; answer rather than hang.
                None => unavailable(cmd.clone()),
            };
            if let Some(key) = flight_key(&cmd) {
                let _ = done.send(key);
            }
            let _ = outcomes.send(Outcome {
                profile,
                request,
                answer,
            });
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

async fn execute(provider: &dyn Provider, cmd: Command) -> Answer {
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
        } => {
            let result = match &change {
                Change::Add { user, role } => {
                    guarded(provider.add_member(&workspace, user, role)).await
                }
                Change::SetRole { member, role } => {
                    guarded(provider.set_role(&workspace, member, role)).await
                }
                Change::Remove { member } => {
                    guarded(provider.remove_member(&workspace, member)).await
                }
            };
            Answer::Changed {
                workspace_id: ws_id(&workspace),
                change,
                result,
            }
        }
        Command::Suspend => unavailable(cmd),
    }
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
