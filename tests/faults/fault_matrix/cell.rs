//! One cell of the fault matrix: a sandbox of its own, the operation planned before anything goes
//! wrong, then run through the change engine with the fault (or the interrupt) aimed at one
//! request, and every check of the cell.

use super::fixture::*;
use super::{Column, Op, Outcome, Row, Stage, expected, intended};
use crate::{common, engine_run};
use roster::engine::{Change, ChangeOutcome, INTERRUPT_GRACE, RunOptions, Verdict, planner};
use roster::error::{Error, ErrorKind};
use roster::http::is_ambiguous;
use roster::model::{Member, UserRef};
use roster::providers::{Provider, build};
use roster::sandbox::{Fault, FaultRule, Sandbox, SandboxOptions};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Cells run at once (each with its own sandbox; oversized answers take 32 MiB each).
pub const PARALLEL_CELLS: usize = 6;
/// A cell may take the request timeout plus this long.
const SLACK: Duration = Duration::from_secs(1);
/// Past this a cell is called hung (and the wait is cut short so the table still prints).
const HANG_GUARD: Duration = Duration::from_secs(10);
/// How long the request an interrupt lands on is held: less than the request timeout, so it is
/// answered and the engine can finish the change in flight.
const HELD: Duration = Duration::from_millis(250);
/// How long the held request may take to reach the sandbox.
const ARRIVAL_DEADLINE: Duration = Duration::from_secs(5);

/// Every sentence roster uses to say a change did not happen (or was undone).
const NOTHING_CHANGED: [&str; 5] = [
    "nothing changed",
    "nothing was changed",
    "was not added",
    "was restored",
    "nothing was sent",
];

/// What one cell produced.
pub struct Cell {
    pub outcome: Option<Outcome>,
    pub took: Duration,
    pub problems: Vec<String>,
}

/// A cell's sandbox, engine and client, and the change planned before the fault is armed.
struct World {
    sandbox: Sandbox,
    recorder: common::TestEngine,
    client: Arc<dyn Provider>,
    calls: engine_run::Requests,
    change: Option<Change>,
    original: Vec<GrantRow>,
    goal: Vec<GrantRow>,
}

async fn world(row: &Row) -> World {
    let sandbox = Sandbox::start(SandboxOptions::new(dataset()))
        .await
        .expect("start a sandbox");
    let recorder = common::engine();
    let (client, calls) =
        engine_run::client(&recorder.engine, config(&sandbox, row.kind, settings()));
    let change = plan(row, client.as_ref()).await;
    calls.clear();
    let original = stored(&sandbox, row.kind);
    let goal = intended(row.kind, row.op, &original);
    World {
        sandbox,
        recorder,
        client,
        calls,
        change,
        original,
        goal,
    }
}

/// The row's change, planned the way the CLI plans it (none for a listing).
async fn plan(row: &Row, client: &dyn Provider) -> Option<Change> {
    let kind = row.kind;
    let ws = workspace(kind).id;
    let c = cast(kind);
    let role = new_role(kind).id;
    let profile = engine_run::PROFILE;
    let planned = match row.op {
        Op::List => return None,
        Op::Add => planner::add(client, profile, &ws, &newcomer(kind), &role).await,
        Op::SetRole => {
            planner::set_role(client, profile, &ws, &UserRef::Id(c.bob.into()), &role).await
        }
        Op::Remove => planner::remove(client, profile, &ws, &UserRef::Id(c.cy.into())).await,
    };
    Some(planned.expect("plan the change before any fault"))
}

/// What running the operation gave.
enum Ran {
    Listed(Result<Vec<Member>, Error>),
    Changed(Box<ChangeOutcome>),
}

async fn operate(w: &World, row: &Row) -> Ran {
    match &w.change {
        None => Ran::Listed(w.client.list_members(&workspace(row.kind), false).await),
        Some(change) => Ran::Changed(Box::new(
            w.recorder
                .engine
                .run(
                    &engine_run::target(&w.client),
                    change.clone(),
                    &RunOptions::default(),
                )
                .await,
        )),
    }
}

/// How many of the requests sent were the row's aimed request.
fn targeted(row: &Row, calls: &[String]) -> usize {
    let method = format!("{} ", row.target.method);
    calls
        .iter()
        .filter(|c| c.starts_with(&method) && c.contains(&row.target.path))
        .count()
}

/// How often the row's aimed request is sent when nothing goes wrong; an error when the clean run
/// does not reach the intended state.
pub async fn baseline(row: &Row) -> Result<usize, String> {
    let w = world(row).await;
    let ran = tokio::time::timeout(HANG_GUARD, operate(&w, row))
        .await
        .map_err(|_| format!("hung: no result after {HANG_GUARD:?}"))?;
    match ran {
        Ran::Listed(Ok(_)) => {}
        Ran::Listed(Err(e)) => return Err(e.to_string()),
        Ran::Changed(out) if out.verdict == Verdict::Done => {}
        Ran::Changed(out) => return Err(out.message()),
    }
    if stored(&w.sandbox, row.kind) != w.goal {
        return Err("the clean run did not reach the intended state".into());
    }
    Ok(targeted(row, &w.calls.all()))
}

/// Polls `seen` until it holds or `deadline` passes; whether it held.
async fn wait_until(deadline: Duration, seen: impl Fn() -> bool) -> bool {
    let until = Instant::now() + deadline;
    while !seen() {
        if Instant::now() > until {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    true
}

pub async fn run(row: &Row, column: Column, baseline: usize) -> Cell {
    let kind = row.kind;
    let w = world(row).await;
    let faults = w.sandbox.faults();
    if row.stage == Stage::Rewrite {
        // Paradigm's rewrite reads the list right after the engine's precheck read it: let the
        // precheck's read through untouched, so the fault lands on the rewrite's own read.
        faults.inject(
            FaultRule::new(Fault::Delay(Duration::ZERO))
                .method(row.target.method.clone())
                .path_contains(row.target.path.clone()),
        );
    }
    let fault = match column {
        Column::Fault(f) => f.fault(),
        Column::Interrupted => Fault::Delay(HELD),
        Column::Ignored => Fault::IgnoreChange,
    };
    let mut rule = FaultRule::new(fault)
        .method(row.target.method.clone())
        .path_contains(row.target.path.clone());
    if row.target.after_apply {
        rule = rule.after_apply();
    }
    let rule = faults.inject(rule);
    let guard = match column {
        Column::Interrupted => INTERRUPT_GRACE + HANG_GUARD,
        Column::Fault(_) | Column::Ignored => HANG_GUARD,
    };
    let started = Instant::now();
    let operation = async {
        let ran = tokio::time::timeout(guard, operate(&w, row)).await;
        (ran, Instant::now())
    };
    let ((ran, ended), interrupted_at) = match column {
        Column::Interrupted => {
            // Interrupt once, as soon as the sandbox holds the aimed request.
            let interrupter = async {
                wait_until(ARRIVAL_DEADLINE, || faults.fired(rule) > 0)
                    .await
                    .then(|| {
                        w.recorder.engine.interrupt();
                        Instant::now()
                    })
            };
            tokio::join!(operation, interrupter)
        }
        Column::Fault(_) | Column::Ignored => (operation.await, None),
    };
    let took = ended - started;
    let fired = faults.fired(rule);
    faults.clear_rules();

    let mut problems = Vec::new();
    let Ok(ran) = ran else {
        problems.push(format!("hung: no result after {guard:?}"));
        return Cell {
            outcome: None,
            took,
            problems,
        };
    };
    if fired == 0 {
        problems.push("the fault never fired (aimed at the wrong request?)".into());
    }
    if took > REQUEST_TIMEOUT + SLACK {
        problems.push(format!("took {took:?}, past the timeout plus {SLACK:?}"));
    }
    if column == Column::Interrupted {
        match interrupted_at {
            None => problems.push("never interrupted: the held request never arrived".into()),
            Some(at) if ended.saturating_duration_since(at) > INTERRUPT_GRACE => problems.push(
                format!("ended more than {INTERRUPT_GRACE:?} after the interrupt"),
            ),
            Some(_) => {}
        }
    }
    let made = w.calls.all();
    let posts = made.iter().filter(|c| c.starts_with("POST ")).count();
    let now = stored(&w.sandbox, kind);

    let outcome = match &ran {
        Ran::Listed(Ok(members)) => {
            if listed(members) != now {
                problems.push("the listing returned under the fault differs from the store".into());
            }
            if targeted(row, &made) > baseline {
                Outcome::RetryOk
            } else {
                Outcome::Ok
            }
        }
        Ran::Listed(Err(e)) => {
            check_error(row, e, &e.to_string(), &mut problems);
            Outcome::Err
        }
        Ran::Changed(out) => {
            let outcome = judge(row, column, out, &w, &now, targeted(row, &made), baseline);
            if let Outcome::Other(_) = outcome {
                problems.push(format!(
                    "verdict {:?} with the store holding {now:?} (before: {:?}; intended: {:?}): {}",
                    out.verdict,
                    w.original,
                    w.goal,
                    out.message()
                ));
            }
            if !matches!(out.verdict, Verdict::Done | Verdict::Skipped) {
                check_message(row, column, out, &mut problems);
            }
            check_records(out, &w, &mut problems);
            // POST is never sent again blindly: once per add; AskUI's role change may add the
            // restore.
            let post_limit = match (row.op, row.kind, out.verdict) {
                (Op::SetRole, roster::providers::askui::KIND, v) if v != Verdict::Done => 2,
                _ => 1,
            };
            if posts > post_limit {
                problems.push(format!("{posts} POSTs sent (at most {post_limit})"));
            }
            outcome
        }
    };

    // What a fresh listing shows, with no fault left.
    let fresh = build(config(&w.sandbox, kind, settings())).expect("client");
    match fresh.list_members(&workspace(kind), false).await {
        Ok(members) if listed(&members) != now => problems.push(format!(
            "fresh listing {:?} differs from the store {now:?}",
            listed(&members)
        )),
        Ok(_) => {}
        Err(e) => problems.push(format!("fresh listing failed: {e}")),
    }
    if matches!(ran, Ran::Listed(_)) && now != w.original {
        problems.push(format!("a listing changed the store: {now:?}"));
    }
    if Some(outcome) != expected(row, column) {
        problems.push(format!(
            "outcome {} but this cell must be {}; {}",
            outcome.label(),
            expected(row, column).map_or("n/a", Outcome::label),
            match &ran {
                Ran::Listed(Ok(_)) => "listed".to_string(),
                Ran::Listed(Err(e)) => e.to_string(),
                Ran::Changed(out) => out.message(),
            }
        ));
    }
    Cell {
        outcome: Some(outcome),
        took,
        problems,
    }
}

/// Names a change's outcome from the engine's verdict and what the store holds; `Other` when they
/// disagree (done but not the intended state, failed but changed, …).
fn judge(
    row: &Row,
    column: Column,
    out: &ChangeOutcome,
    w: &World,
    now: &[GrantRow],
    targeted: usize,
    baseline: usize,
) -> Outcome {
    let agrees = match out.verdict {
        Verdict::Done => now == w.goal,
        Verdict::Failed | Verdict::Skipped | Verdict::Stale | Verdict::Refused => now == w.original,
        Verdict::Partial => now != w.original && now != w.goal,
        Verdict::Unchanged | Verdict::Unknown | Verdict::Interrupted => false,
    };
    if !agrees {
        return Outcome::Other(out.verdict);
    }
    match out.verdict {
        Verdict::Done if column == Column::Interrupted => Outcome::Finished,
        Verdict::Done if row.target.after_apply => Outcome::LostOk,
        Verdict::Done if targeted > baseline => Outcome::RetryOk,
        Verdict::Done => Outcome::Ok,
        // The re-create failed and a second POST put the old membership back.
        Verdict::Failed if row.stage == Stage::Recreate && targeted == 2 => Outcome::RolledBack,
        Verdict::Failed => Outcome::Err,
        Verdict::Skipped => Outcome::Skipped,
        Verdict::Partial => Outcome::Partial,
        other => Outcome::Other(other),
    }
}

/// A clear message: the provider's error names the provider and operation and says what to do,
/// and for a change that may have happened, the message says what the re-read showed. With no
/// error, the fresh read speaks for itself: a change the server ignored says the server answered
/// OK but nothing changed; a half-done one says what the fresh read shows and how to recover.
fn check_message(row: &Row, column: Column, out: &ChangeOutcome, problems: &mut Vec<String>) {
    let shown = out.message();
    let Some(e) = &out.error else {
        let said = match out.verdict {
            Verdict::Failed => {
                column == Column::Ignored
                    && shown.contains("the server answered OK but")
                    && shown.contains("nothing changed")
            }
            Verdict::Partial => {
                shown.contains("a fresh read shows") && shown.contains("`roster recover`")
            }
            _ => false,
        };
        if !said {
            problems.push(format!("no error behind the verdict: {shown}"));
        }
        return;
    };
    if column == Column::Ignored {
        // Only AskUI's emulated role change gets here: its DELETE was ignored, so its re-create
        // meets the server's own 409. The fresh read must have the last word. (Reported to the
        // lead: the emulation's own words then claim the member was removed, which they were not.)
        let settled = shown.contains("already a member")
            && shown.contains("did not take effect, so nothing changed");
        if !settled {
            problems.push(format!(
                "an ignored step does not end in what the fresh read showed: {shown}"
            ));
        }
    }
    check_error(row, e, &shown, problems);
    if !shown.contains(&e.to_string()) {
        problems.push(format!(
            "the message leaves out the server's words: {shown}"
        ));
    }
}

fn check_error(row: &Row, e: &Error, shown: &str, problems: &mut Vec<String>) {
    let said = e.to_string();
    if !said.starts_with(&format!("{}: ", row.kind.as_str())) || !said.contains(" failed") {
        problems.push(format!("unclear error: {said}"));
    }
    if e.kind != ErrorKind::Partial && e.hint().is_none() {
        problems.push(format!("no hint on what to do: {said}"));
    }
    if row.mutating() && is_ambiguous(e) && !NOTHING_CHANGED.iter().any(|s| shown.contains(s)) {
        problems.push(format!(
            "a change that may have applied does not say what the re-read showed: {shown}"
        ));
    }
}

/// The audit log's outcome line says what was shown, and the journal keeps exactly the unfinished
/// change (none, unless the verdict is partial, unknown or interrupted).
fn check_records(out: &ChangeOutcome, w: &World, problems: &mut Vec<String>) {
    let audited = engine_run::audited_outcomes(&w.recorder.audit());
    let recorded: Vec<&str> = match out.verdict {
        // Nothing was journaled: stopped before the first request.
        Verdict::Skipped | Verdict::Unchanged => vec![],
        v => vec![v.audit_word()],
    };
    // A read before the change that failed leaves no record today: nothing was journaled or sent
    // (reported to the lead: a stale change is audited, a failed precheck read is not).
    let unrecorded_read = out.id.is_none() && out.verdict == Verdict::Failed && audited.is_empty();
    if audited != recorded && !unrecorded_read {
        problems.push(format!(
            "the audit log's outcome lines are {audited:?}, not {recorded:?}"
        ));
    }
    match w.recorder.engine.unfinished() {
        Ok(left) if left.len() != usize::from(out.verdict.is_unfinished()) => problems.push(
            format!("the journal keeps {} unfinished change(s)", left.len()),
        ),
        Ok(_) => {}
        Err(e) => problems.push(format!("the journal cannot be read: {e}")),
    }
}

pub fn panic_text(e: tokio::task::JoinError) -> String {
    match e.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "(no message)".into()),
        Err(e) => e.to_string(),
    }
}
