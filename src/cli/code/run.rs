//! Running an applied plan through the change engine, with one rule on top of the engine's
//! per-profile bound: in a workspace where a change is emulated from several calls (a provider
//! that changes a role or removes someone by rewriting the whole member list, or by removing and
//! re-adding), the workspace's changes run one at a time. Two such changes at once could each
//! read the list before the other wrote it, and the second write would undo the first. Changes
//! of other workspaces still run side by side, within each profile's `max_concurrency`.
//!
//! It works in waves: wave `i` holds the `i`-th change of each workspace that runs one at a time,
//! and every other change is in the first wave. Each wave is one [`Engine::run_plan`]; when a
//! change fails (and the run does not keep going), the changes of later waves are skipped, as
//! the engine skips those of the wave that had not started.

use super::build::Built;
use crate::engine::{ChangeOutcome, Engine, Operation, Plan, RunOptions, Verdict};
use crate::model::Support;
use std::collections::HashMap;

/// Runs `built`'s plan; the outcomes come back in plan order. `progress` sees each outcome.
pub(in crate::cli) async fn run(
    engine: &Engine,
    built: &Built,
    opts: &RunOptions,
    keep_going: bool,
    progress: &(dyn Fn(&ChangeOutcome) + Sync),
) -> Vec<ChangeOutcome> {
    let plan = built.plan();
    let waves = waves(built, &plan);
    let mut outcomes: Vec<Option<ChangeOutcome>> = vec![None; plan.changes.len()];
    let mut stopped = false;
    for wave in waves {
        if stopped {
            for i in wave {
                let skipped = ChangeOutcome::new(plan.changes[i].clone(), Verdict::Skipped);
                progress(&skipped);
                outcomes[i] = Some(skipped);
            }
            continue;
        }
        let part = Plan {
            changes: wave.iter().map(|i| plan.changes[*i].clone()).collect(),
        };
        let ran = engine
            .run_plan(&part, &built.targets, opts, keep_going, &|_, o| progress(o))
            .await;
        stopped = !keep_going && ran.iter().any(|o| !o.verdict.is_success());
        for (i, outcome) in wave.into_iter().zip(ran) {
            outcomes[i] = Some(outcome);
        }
    }
    plan.changes
        .into_iter()
        .zip(outcomes)
        .map(|(change, o)| o.unwrap_or_else(|| ChangeOutcome::new(change, Verdict::Skipped)))
        .collect()
}

/// The plan's indices by wave.
fn waves(built: &Built, plan: &Plan) -> Vec<Vec<usize>> {
    let mut waves: Vec<Vec<usize>> = Vec::new();
    let mut index = 0;
    let mut depth: HashMap<(&str, &str), usize> = HashMap::new();
    for w in &built.workspaces {
        let one_at_a_time = one_at_a_time(built, &w.profile)
            && w.changes
                .iter()
                .any(|p| matches!(p.change.operation(), Operation::SetRole | Operation::Remove));
        for _ in &w.changes {
            let wave = if one_at_a_time {
                let d = depth
                    .entry((w.profile.as_str(), w.workspace.id.as_str()))
                    .or_default();
                *d += 1;
                *d - 1
            } else {
                0
            };
            if waves.len() <= wave {
                waves.resize_with(wave + 1, Vec::new);
            }
            waves[wave].push(index);
            index += 1;
        }
    }
    debug_assert_eq!(index, plan.changes.len());
    waves
}

/// Whether `profile`'s provider builds role changes or removals from several calls.
fn one_at_a_time(built: &Built, profile: &str) -> bool {
    built.targets.get(profile).is_some_and(|(t, _)| {
        let caps = t.provider.capabilities();
        matches!(caps.set_role, Support::Emulated(_)) || matches!(caps.remove, Support::Emulated(_))
    })
}
