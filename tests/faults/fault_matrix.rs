//! The fault matrix: every provider × every operation (list members, add, set role, remove) × every
//! fault the sandbox injects, each cell against its own sandbox over real HTTP.
//!
//! A fault is aimed at the interesting request of an operation: the listing GET, the mutating request
//! (before the emulator sees it, and "after apply": the change is made, only the answer is lost), the
//! GET of a read-modify-write, AskUI's DELETE and re-create POST. For every cell the test checks: no
//! panic; no hang past the request timeout plus one second; the outcome this cell must have (see
//! [`expected`]); a clear error (provider, operation, what to do, and for a change that may have
//! happened, what the re-read showed); at most one POST per add; and afterwards a fresh listing that
//! matches what the server really holds, which is exactly the state before (error) or the intended
//! state (success). The table is printed (`--nocapture`) and is part of any failure message.

use crate::fault_fixture as fixture;
mod table;
mod wire_shapes;

use axum::http::Method;
use fixture::*;
use roster::error::{Error, ErrorKind};
use roster::http::{CallObserver, CallRecord, is_ambiguous};
use roster::model::ProviderKind;
use roster::providers::build;
use roster::sandbox::{Fault, FaultRule, Sandbox, SandboxOptions};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A cell may take the request timeout plus this long.
const SLACK: Duration = Duration::from_secs(1);
/// Past this a cell is called hung (and the wait is cut short so the table still prints).
const HANG_GUARD: Duration = Duration::from_secs(10);
/// Cells run at once (each with its own sandbox; oversized answers take 32 MiB each).
const PARALLEL_CELLS: usize = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    List,
    Add,
    SetRole,
    Remove,
}

impl Op {
    fn label(self) -> &'static str {
        match self {
            Op::List => "list members",
            Op::Add => "add",
            Op::SetRole => "set role",
            Op::Remove => "remove",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FaultKind {
    Latency,
    TooManyRetryAfter,
    TooMany,
    S500,
    S502,
    S503,
    S504,
    Reset,
    MalformedJson,
    Truncated,
    Oversized,
}

const FAULTS: [FaultKind; 11] = [
    FaultKind::Latency,
    FaultKind::TooManyRetryAfter,
    FaultKind::TooMany,
    FaultKind::S500,
    FaultKind::S502,
    FaultKind::S503,
    FaultKind::S504,
    FaultKind::Reset,
    FaultKind::MalformedJson,
    FaultKind::Truncated,
    FaultKind::Oversized,
];

impl FaultKind {
    fn label(self) -> &'static str {
        match self {
            FaultKind::Latency => "latency",
            FaultKind::TooManyRetryAfter => "429 RA=1",
            FaultKind::TooMany => "429",
            FaultKind::S500 => "500",
            FaultKind::S502 => "502",
            FaultKind::S503 => "503",
            FaultKind::S504 => "504",
            FaultKind::Reset => "reset",
            FaultKind::MalformedJson => "bad JSON",
            FaultKind::Truncated => "truncated",
            FaultKind::Oversized => "oversized",
        }
    }

    fn fault(self) -> Fault {
        let status = |code, retry_after: Option<&str>| Fault::Status {
            code,
            retry_after: retry_after.map(str::to_string),
        };
        match self {
            // Well past the timeout: the client must give up at the timeout, not wait for this.
            FaultKind::Latency => Fault::Delay(REQUEST_TIMEOUT * 2),
            FaultKind::TooManyRetryAfter => status(429, Some("1")),
            FaultKind::TooMany => status(429, None),
            FaultKind::S500 => status(500, None),
            FaultKind::S502 => status(502, None),
            FaultKind::S503 => status(503, None),
            FaultKind::S504 => status(504, None),
            FaultKind::Reset => Fault::ResetConnection,
            FaultKind::MalformedJson => Fault::MalformedJson,
            FaultKind::Truncated => Fault::TruncatedBody,
            FaultKind::Oversized => Fault::OversizedBody,
        }
    }

    /// Faults the HTTP layer retries for GET, PUT and DELETE (not 500, not timeouts, not answers in
    /// the wrong format).
    fn is_transient(self) -> bool {
        matches!(
            self,
            FaultKind::TooManyRetryAfter
                | FaultKind::TooMany
                | FaultKind::S502
                | FaultKind::S503
                | FaultKind::S504
                | FaultKind::Reset
                | FaultKind::Truncated
        )
    }
}

/// What a cell ended in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Succeeded after the HTTP layer sent the faulted request again.
    RetryOk,
    /// The change was applied and its answer lost; the result says it applied (re-read or retry).
    LostOk,
    /// A clear error, and nothing changed.
    Err,
    /// AskUI's role change failed at the re-create and the old membership was put back.
    RolledBack,
    /// An emulated change failed half-way; the error states the exact state.
    Partial,
    /// Succeeded with no sign of the fault (never expected: every fault hits its target).
    Ok,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Outcome::RetryOk => "retry-ok",
            Outcome::LostOk => "lost-ok",
            Outcome::Err => "err",
            Outcome::RolledBack => "rolled-back",
            Outcome::Partial => "partial",
            Outcome::Ok => "ok",
        }
    }
}

/// One row: a provider's operation with the request the faults are aimed at.
#[derive(Clone, Debug)]
struct Row {
    kind: ProviderKind,
    op: Op,
    target: Target,
    /// The target is the request that changes something (a failure there may leave it applied).
    mutating: bool,
    /// AskUI's re-create POST of an emulated role change.
    recreate: bool,
}

impl Row {
    fn request_label(&self) -> String {
        let what = if self.recreate {
            "re-create POST".to_string()
        } else {
            self.target.method.to_string()
        };
        if self.target.after_apply {
            format!("{what} (applied)")
        } else {
            what
        }
    }
}

/// The outcome a cell must have, or `None` when the combination means nothing (a 429 is a refusal:
/// no server applies a change and then answers 429).
fn expected(row: &Row, fault: FaultKind) -> Option<Outcome> {
    if row.target.after_apply {
        if matches!(fault, FaultKind::TooMany | FaultKind::TooManyRetryAfter) {
            return None;
        }
        // Applied: a retry of the idempotent request, or a re-read after a lost POST, must say so.
        return Some(Outcome::LostOk);
    }
    if row.target.method != Method::POST && fault.is_transient() {
        return Some(Outcome::RetryOk);
    }
    if row.recreate {
        return Some(Outcome::RolledBack);
    }
    Some(Outcome::Err)
}

fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for kind in ProviderKind::ALL {
        let c = cast(kind);
        let mut push = |op, method: Method, path: String, mutating: bool, recreate: bool| {
            for after_apply in [false, true] {
                if after_apply && !mutating {
                    continue;
                }
                rows.push(Row {
                    kind,
                    op,
                    target: Target {
                        method: method.clone(),
                        path: path.clone(),
                        after_apply,
                    },
                    mutating,
                    recreate,
                });
            }
        };
        push(Op::List, Method::GET, members_path(kind), false, false);
        match kind {
            // TransactionLink adds with the membership upsert PUT.
            ProviderKind::Transactionlink => {
                push(Op::Add, Method::PUT, change_path(kind, c.dan), true, false)
            }
            ProviderKind::Dreadnode => push(Op::Add, Method::POST, members_path(kind), true, false),
            _ => push(Op::Add, Method::POST, change_path(kind, c.dan), true, false),
        }
        match kind {
            ProviderKind::Askui => {
                push(
                    Op::SetRole,
                    Method::DELETE,
                    change_path(kind, ""),
                    true,
                    false,
                );
                push(Op::SetRole, Method::POST, change_path(kind, ""), true, true);
                push(
                    Op::Remove,
                    Method::DELETE,
                    change_path(kind, ""),
                    true,
                    false,
                );
            }
            ProviderKind::Paradigm => {
                for op in [Op::SetRole, Op::Remove] {
                    push(op, Method::GET, members_path(kind), false, false);
                    push(op, Method::PUT, change_path(kind, ""), true, false);
                }
            }
            ProviderKind::Dreadnode | ProviderKind::Transactionlink => {
                push(
                    Op::SetRole,
                    Method::PUT,
                    change_path(kind, c.bob),
                    true,
                    false,
                );
                push(
                    Op::Remove,
                    Method::DELETE,
                    change_path(kind, c.cy),
                    true,
                    false,
                );
            }
        }
    }
    rows
}

/// The grants the workspace must hold after `op` succeeded.
fn intended(kind: ProviderKind, op: Op, original: &[GrantRow]) -> Vec<GrantRow> {
    let c = cast(kind);
    let role = new_role(kind).id.to_lowercase();
    let mut rows = original.to_vec();
    match op {
        Op::List => {}
        Op::Add => rows.push(("user".into(), c.dan.to_lowercase(), role)),
        Op::SetRole => {
            for row in rows.iter_mut().filter(|r| r.1 == c.bob.to_lowercase()) {
                row.2 = role.clone();
            }
        }
        Op::Remove => rows.retain(|r| r.1 != c.cy.to_lowercase()),
    }
    rows.sort();
    rows
}

/// What one cell produced.
struct Cell {
    outcome: Option<Outcome>,
    took: Duration,
    problems: Vec<String>,
}

/// Every sentence roster uses to say a change did not happen (or was undone).
const NOTHING_CHANGED: [&str; 4] = [
    "nothing changed",
    "nothing was changed",
    "was not added",
    "was restored",
];

async fn run_cell(row: &Row, fault: FaultKind) -> Cell {
    let kind = row.kind;
    let sandbox = Sandbox::start(SandboxOptions::new(dataset()))
        .await
        .expect("start a sandbox");
    let calls: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let record = calls.clone();
    let observer: CallObserver = Arc::new(move |r: &CallRecord| {
        if let Ok(mut calls) = record.lock() {
            calls.push((r.method.clone(), r.path.clone()));
        }
    });
    let mut cfg = config(&sandbox, kind, settings());
    cfg.observer = Some(observer);
    let client = build(cfg).expect("client");
    let ws = workspace(kind);
    let c = cast(kind);
    let subject = match row.op {
        Op::SetRole => Some(c.bob),
        Op::Remove => Some(c.cy),
        Op::List | Op::Add => None,
    };
    let member = match subject {
        Some(id) => client
            .list_members(&ws, false)
            .await
            .expect("list before the fault")
            .into_iter()
            .find(|m| m.id == id),
        None => None,
    };
    calls.lock().expect("calls").clear();
    let original = stored(&sandbox, kind);
    let goal = intended(kind, row.op, &original);

    let mut rule = FaultRule::new(fault.fault())
        .method(row.target.method.clone())
        .path_contains(row.target.path.clone());
    if row.target.after_apply {
        rule = rule.after_apply();
    }
    let rule = sandbox.faults().inject(rule);
    let started = Instant::now();
    let run = async {
        match (row.op, member.as_ref()) {
            (Op::List, _) => client.list_members(&ws, false).await.map(Some),
            (Op::Add, _) => client
                .add_member(&ws, &newcomer(kind), &new_role(kind))
                .await
                .map(|_| None),
            (Op::SetRole, Some(m)) => client.set_role(&ws, m, &new_role(kind)).await.map(|_| None),
            (Op::Remove, Some(m)) => client.remove_member(&ws, m).await.map(|_| None),
            (_, None) => panic!("the subject of {} is not listed", row.op.label()),
        }
    };
    let result = tokio::time::timeout(HANG_GUARD, run).await;
    let took = started.elapsed();
    let fired = sandbox.faults().fired(rule);
    sandbox.faults().clear_rules();

    let mut problems = Vec::new();
    let Ok(result) = result else {
        problems.push(format!("hung: no result after {HANG_GUARD:?}"));
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
    let made = calls.lock().expect("calls").clone();
    let targeted = made
        .iter()
        .filter(|(m, p)| *m == row.target.method.as_str() && p.contains(&row.target.path))
        .count();
    let posts = made.iter().filter(|(m, _)| m == "POST").count();
    let outcome = match &result {
        Ok(_) if row.target.after_apply => Outcome::LostOk,
        Ok(_) if targeted >= 2 => Outcome::RetryOk,
        Ok(_) => Outcome::Ok,
        Err(e) if e.kind == ErrorKind::Partial => Outcome::Partial,
        Err(e) if e.message.contains("was restored") => Outcome::RolledBack,
        Err(_) => Outcome::Err,
    };
    if let Err(e) = &result {
        check_error(row, e, &mut problems);
    }
    // POST is never sent again blindly: once per add; AskUI's role change may add the restore.
    let post_limit = match (row.op, row.kind, &result) {
        (Op::SetRole, ProviderKind::Askui, Err(_)) => 2,
        _ => 1,
    };
    if posts > post_limit {
        problems.push(format!("{posts} POSTs sent (at most {post_limit})"));
    }

    // What the server really holds, and what a fresh listing shows.
    let now = stored(&sandbox, kind);
    let fresh = build(config(&sandbox, kind, settings())).expect("client");
    match fresh.list_members(&ws, false).await {
        Ok(members) if listed(&members) != now => problems.push(format!(
            "fresh listing {:?} differs from the store {now:?}",
            listed(&members)
        )),
        Ok(_) => {}
        Err(e) => problems.push(format!("fresh listing failed: {e}")),
    }
    if let Ok(Some(members)) = &result
        && listed(members) != now
    {
        problems.push("the listing returned under the fault differs from the store".into());
    }
    let should_hold = match outcome {
        Outcome::Ok | Outcome::RetryOk | Outcome::LostOk => &goal,
        Outcome::Err | Outcome::RolledBack => &original,
        Outcome::Partial => &now, // checked against its message in check_error
    };
    if &now != should_hold {
        problems.push(format!(
            "the store holds {now:?} but a {} result means {should_hold:?}",
            outcome.label()
        ));
    }
    if Some(outcome) != expected(row, fault) {
        problems.push(format!(
            "outcome {} but this cell must be {}; result: {}",
            outcome.label(),
            expected(row, fault).map_or("n/a", Outcome::label),
            match &result {
                Ok(_) => "Ok".to_string(),
                Err(e) => e.to_string(),
            }
        ));
    }
    drop(sandbox);
    Cell {
        outcome: Some(outcome),
        took,
        problems,
    }
}

/// A clear error: names the provider and operation, says what to do, and for a change that may
/// have happened, says what re-reading the members showed.
fn check_error(row: &Row, e: &Error, problems: &mut Vec<String>) {
    let shown = e.to_string();
    if !shown.starts_with(&format!("{}: ", row.kind.as_str())) || !shown.contains(" failed") {
        problems.push(format!("unclear error: {shown}"));
    }
    if e.kind != ErrorKind::Partial && e.hint().is_none() {
        problems.push(format!("no hint on what to do: {shown}"));
    }
    if row.mutating && is_ambiguous(e) && !NOTHING_CHANGED.iter().any(|s| shown.contains(s)) {
        problems.push(format!(
            "a change that may have applied does not say what the re-read showed: {shown}"
        ));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_provider_operation_and_fault() {
    let rows = rows();
    let limit = Arc::new(tokio::sync::Semaphore::new(PARALLEL_CELLS));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (f, fault) in FAULTS.into_iter().enumerate() {
            if expected(row, fault).is_none() {
                continue;
            }
            let row = row.clone();
            let limit = limit.clone();
            tasks.push((
                r,
                f,
                tokio::spawn(async move {
                    let _permit = limit.acquire_owned().await.expect("semaphore");
                    run_cell(&row, fault).await
                }),
            ));
        }
    }
    let mut cells: Vec<Vec<Option<Cell>>> = rows
        .iter()
        .map(|_| FAULTS.iter().map(|_| None).collect())
        .collect();
    for (r, f, task) in tasks {
        let cell = task.await.unwrap_or_else(|e| Cell {
            outcome: None,
            took: Duration::ZERO,
            problems: vec![format!("panicked: {}", panic_text(e))],
        });
        cells[r][f] = Some(cell);
    }
    let total = started.elapsed();

    let table = table::render(&rows, &cells, total);
    println!("{table}");
    let mut failures = String::new();
    for (row, line) in rows.iter().zip(&cells) {
        for (fault, cell) in FAULTS.iter().zip(line) {
            for problem in cell.iter().flat_map(|c| &c.problems) {
                let _ = writeln!(
                    failures,
                    "- {} {} [{}] × {}: {problem}",
                    row.kind,
                    row.op.label(),
                    row.request_label(),
                    fault.label()
                );
            }
        }
    }
    assert!(failures.is_empty(), "{table}\nfailed cells:\n{failures}");
}

fn panic_text(e: tokio::task::JoinError) -> String {
    match e.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "(no message)".into()),
        Err(e) => e.to_string(),
    }
}
