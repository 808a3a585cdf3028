//! Running an applied plan through the change engine: within each profile's `max_concurrency`,
//! stopping at the first failure unless keep-going. The engine runs a workspace's changes one at a
//! time where its provider rewrites the whole member list, so two changes never undo each other.

use super::build::Built;
use crate::engine::{ChangeOutcome, Engine, RunOptions};

/// Runs `built`'s plan; the outcomes come back in plan order. `progress` sees each outcome.
pub(in crate::cli) async fn run(
    engine: &Engine,
    built: &Built,
    opts: &RunOptions,
    keep_going: bool,
    progress: &(dyn Fn(&ChangeOutcome) + Sync),
) -> Vec<ChangeOutcome> {
    engine
        .run_plan(&built.plan(), &built.targets, opts, keep_going, &|_, o| {
            progress(o)
        })
        .await
}
