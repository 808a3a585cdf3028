//! Running one command against one profile's client: listings, roles and changes through the
//! engine, each turned into the reply the UI waits for; a panic becomes an error, never silence.

use super::lane::{Lane, OurStates};
use crate::engine::undo::Undo;
use crate::engine::{Change, ChangeOutcome, Engine, RunOptions, State, Subject, Target, Verdict};
use crate::error::{Error, ErrorKind};
use crate::model::Workspace;
use crate::providers::Provider;
use crate::tui::msg::{Command, ReplyBody};
use crate::tui::state::MemberRows;
use crate::tui::text;
use futures::FutureExt;
use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;

/// Runs `fut`, turning a panic into an error, so the UI never waits forever.
async fn guarded<T>(fut: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(r) => r,
        Err(_) => Err(internal_error()),
    }
}

pub(super) fn internal_error() -> Error {
    Error::new(ErrorKind::Server, "", "", text::INTERNAL_ERROR)
}

fn ws_id(w: &Workspace) -> String {
    w.id.clone()
}

/// Rows named a slice at a time, so naming a large listing never holds it as members beside its rows.
const NAMING_SLICE: usize = 2048;

/// Fills in the names the listing could not give ([`Provider::name_members`]), a slice of rows
/// at a time.
async fn name_rows(provider: &dyn Provider, rows: &mut MemberRows) {
    let unnamed = rows.unnamed_direct_users();
    for slice in unnamed.chunks(NAMING_SLICE) {
        let mut members: Vec<_> = slice.iter().filter_map(|&i| rows.member(i)).collect();
        provider.name_members(&mut members).await;
        for (&i, member) in slice.iter().zip(members) {
            if member.name.is_some() {
                rows.replace(i, member);
            }
        }
    }
}

pub(super) async fn execute(
    engine: &Engine,
    target: &Target,
    cmd: Command,
    lane: Option<&Lane>,
    ours: &OurStates,
) -> ReplyBody {
    let provider: &dyn Provider = target.provider.as_ref();
    match cmd {
        Command::LoadWorkspaces { .. } => {
            ReplyBody::Workspaces(guarded(provider.list_workspaces()).await)
        }
        Command::LoadMembers {
            workspace,
            include_inherited,
            ..
        } => {
            // Rows are built while the answer arrives: the listing costs the compact rows, not
            // the answer plus every member built from it.
            let mut result = guarded(async {
                let mut rows = MemberRows::default();
                provider
                    .list_members_into(&workspace, include_inherited, &mut rows)
                    .await
                    .map(|()| rows)
            })
            .await;
            // The screen shows names: those the listing could not give are looked up.
            if let Ok(rows) = &mut result {
                // Best effort, like the names themselves: a panic loses only the names.
                let _ = AssertUnwindSafe(name_rows(provider, rows))
                    .catch_unwind()
                    .await;
            }
            ReplyBody::Members {
                workspace_id: ws_id(&workspace),
                result,
            }
        }
        Command::LoadRoles { workspace, .. } => ReplyBody::Roles {
            workspace_id: ws_id(&workspace),
            result: guarded(provider.list_roles(&workspace)).await,
        },
        Command::Undo { undo, .. } => {
            let mut outcome = run_undo(engine, target, &undo, lane, ours).await;
            // Its toast names the member too, as a change's does.
            if let Some(member) = outcome.member.as_mut() {
                let _ = AssertUnwindSafe(provider.name_members(std::slice::from_mut(member)))
                    .catch_unwind()
                    .await;
            }
            ReplyBody::Undone(Box::new(outcome))
        }
        // Never reached: the run loop starts these itself. A reply nobody waits for is dropped.
        Command::FindPerson { .. }
        | Command::StopFind { .. }
        | Command::RunPlan { .. }
        | Command::PlanUndo { .. } => ReplyBody::PlanDone,
        Command::Change { change, force, .. } => {
            let mut outcome = run_change(engine, target, change, force, lane, ours).await;
            // The toast names who was added: the verification read may not have the name (it is
            // a check, it reads none); the screen's listings do, and share what they read.
            if let Some(member) = outcome.member.as_mut() {
                let _ = AssertUnwindSafe(provider.name_members(std::slice::from_mut(member)))
                    .catch_unwind()
                    .await;
            }
            ReplyBody::Changed(Box::new(outcome))
        }
        // Answered by `Jobs::rebuild` and `Jobs::history`, never sent here.
        Command::RebuildProfile { .. } => ReplyBody::Rebuilt(Err(text::INTERNAL_ERROR.into())),
        Command::LoadHistory { workspace_id, .. } => ReplyBody::History {
            workspace_id,
            result: Err(text::INTERNAL_ERROR.into()),
        },
    }
}

/// Runs an undo through the engine (its stale check included), as [`run_change`] runs a change.
async fn run_undo(
    engine: &Engine,
    target: &Target,
    undo: &Undo,
    lane: Option<&Lane>,
    ours: &OurStates,
) -> ChangeOutcome {
    let fallback = undo.inverse.clone();
    let outcome = match AssertUnwindSafe(engine.undo(target, undo, &RunOptions::default()))
        .catch_unwind()
        .await
    {
        Ok(o) => o,
        Err(_) => ChangeOutcome {
            error: Some(internal_error()),
            ..ChangeOutcome::new(fallback, Verdict::Unknown)
        },
    };
    remember(lane, &outcome, ours);
    outcome
}

/// Runs one change through the engine. The state this session left the member in is remembered,
/// so the next change to the same member (made before the list was read again) applies on top.
async fn run_change(
    engine: &Engine,
    target: &Target,
    change: Change,
    force: bool,
    lane: Option<&Lane>,
    ours: &OurStates,
) -> ChangeOutcome {
    let opts = RunOptions {
        force,
        also_accept: lane.and_then(|l| lock(ours).get(l).cloned()),
    };
    let fallback = change.clone();
    let outcome = match AssertUnwindSafe(engine.run(target, change, &opts))
        .catch_unwind()
        .await
    {
        Ok(o) => o,
        Err(_) => ChangeOutcome {
            error: Some(internal_error()),
            ..ChangeOutcome::new(fallback, Verdict::Unknown)
        },
    };
    remember(lane, &outcome, ours);
    outcome
}

/// Notes the state a change of this session left its member in (or forgets it when the change
/// did not take effect), for the next change to the same member.
fn remember(lane: Option<&Lane>, outcome: &ChangeOutcome, ours: &OurStates) {
    if let (Some(lane), Subject::Membership(m)) = (lane, &outcome.change.subject) {
        let mut ours = lock(ours);
        match outcome.verdict {
            Verdict::Done => {
                ours.insert(lane.clone(), m.want.clone());
            }
            _ => {
                ours.remove(lane);
            }
        }
    }
}

fn lock(ours: &OurStates) -> std::sync::MutexGuard<'_, HashMap<Lane, State>> {
    // The map holds plain values; a panic elsewhere cannot leave it half-written.
    ours.lock().unwrap_or_else(|p| p.into_inner())
}

/// The reply to a command that cannot run: an error of the matching kind.
pub(super) fn unavailable(cmd: Command) -> ReplyBody {
    fn e<T>() -> Result<T, Error> {
        Err(Error::new(
            ErrorKind::Unsupported,
            "",
            "",
            text::PROFILE_UNAVAILABLE,
        ))
    }
    match cmd {
        Command::LoadMembers { workspace, .. } => ReplyBody::Members {
            workspace_id: ws_id(&workspace),
            result: e(),
        },
        Command::LoadRoles { workspace, .. } => ReplyBody::Roles {
            workspace_id: ws_id(&workspace),
            result: e(),
        },
        Command::Change { change, .. } => ReplyBody::Changed(Box::new(ChangeOutcome {
            error: Some(Error::new(
                ErrorKind::Unsupported,
                "",
                "",
                text::PROFILE_UNAVAILABLE,
            )),
            ..ChangeOutcome::new(change, Verdict::Failed)
        })),
        Command::Undo { undo, .. } => ReplyBody::Undone(Box::new(ChangeOutcome {
            error: Some(Error::new(
                ErrorKind::Unsupported,
                "",
                "",
                text::PROFILE_UNAVAILABLE,
            )),
            ..ChangeOutcome::new(undo.inverse, Verdict::Failed)
        })),
        Command::LoadWorkspaces { .. } => ReplyBody::Workspaces(e()),
        // Never reached: the run loop starts these itself. A reply nobody waits for is dropped.
        Command::FindPerson { .. }
        | Command::StopFind { .. }
        | Command::RunPlan { .. }
        | Command::PlanUndo { .. } => ReplyBody::PlanDone,
        Command::RebuildProfile { .. } => {
            ReplyBody::Rebuilt(Err(text::PROFILE_UNAVAILABLE.to_string()))
        }
        Command::LoadHistory { workspace_id, .. } => ReplyBody::History {
            workspace_id,
            result: Err(text::PROFILE_UNAVAILABLE.to_string()),
        },
    }
}
