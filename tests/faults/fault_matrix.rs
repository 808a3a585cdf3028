//! The fault matrix: every provider × every operation (list members, add, set role, remove) × every
//! fault the sandbox injects, each cell against its own sandbox over real HTTP. Every change runs as
//! roster runs it: planned with `roster::engine::planner`, then `Engine::run` (precheck, journal,
//! the provider's steps, one fresh read that settles and verifies, outcome).
//!
//! A fault is aimed at the interesting request of an operation: the listing GET, the engine's
//! precheck read, the mutating request (before the emulator sees it, and "after apply": the change
//! is made, only the answer is lost), the GET of a read-modify-write, AskUI's DELETE and re-create
//! POST. Two more columns: **interrupted** (the engine is interrupted once while the aimed request
//! is held in flight) and **ignored** (the server answers success without applying the change).
//!
//! For every cell the test checks: no panic; no hang past the request timeout plus one second (an
//! interrupted change also ends within the engine's grace); the outcome this cell must have (see
//! [`expected`]), named from the engine's verdict and what the store holds, which must agree; a
//! clear message (provider, operation, what to do, and for a change that may have happened, what
//! the re-read showed); at most one POST per add; the audit log's outcome line and the journal agree
//! with the verdict; and afterwards a fresh listing that matches what the server really holds,
//! which is exactly the state before or the intended state, never a half-done one (an emulation the
//! server itself left half-done is reported `partial` and kept in the journal). The table is
//! printed (`--nocapture`) and is part of any failure message.

use crate::fault_fixture as fixture;
mod cell;
mod table;
mod wire_shapes;

use axum::http::Method;
use fixture::*;
use roster::model::ProviderKind;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

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

    fn fault(self) -> roster::sandbox::Fault {
        use roster::sandbox::Fault;
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

/// One column of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    /// The sandbox injects this fault into the aimed request.
    Fault(FaultKind),
    /// The aimed request is held in flight and the engine is interrupted once meanwhile.
    Interrupted,
    /// The server answers the aimed request with success but does not apply it.
    Ignored,
}

const COLUMNS: [Column; 13] = [
    Column::Fault(FaultKind::Latency),
    Column::Fault(FaultKind::TooManyRetryAfter),
    Column::Fault(FaultKind::TooMany),
    Column::Fault(FaultKind::S500),
    Column::Fault(FaultKind::S502),
    Column::Fault(FaultKind::S503),
    Column::Fault(FaultKind::S504),
    Column::Fault(FaultKind::Reset),
    Column::Fault(FaultKind::MalformedJson),
    Column::Fault(FaultKind::Truncated),
    Column::Fault(FaultKind::Oversized),
    Column::Interrupted,
    Column::Ignored,
];

impl Column {
    fn label(self) -> &'static str {
        match self {
            Column::Fault(f) => f.label(),
            Column::Interrupted => "interrupted",
            Column::Ignored => "ignored",
        }
    }
}

/// What a cell ended in: the engine's verdict read together with what the store holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Done, the store holds the intended state, after the HTTP layer sent the faulted request
    /// again.
    RetryOk,
    /// Done, the store holds the intended state: the change was applied and its answer lost, and
    /// the engine's fresh read says so.
    LostOk,
    /// Failed, the store holds the state before: a clear error, and nothing changed.
    Err,
    /// Failed, the store holds the state before: AskUI's role change failed at the re-create and
    /// the old membership was put back (a second POST).
    RolledBack,
    /// Partial: an emulated change was left half-done; the journal keeps it for `roster recover`.
    Partial,
    /// Done with no sign of the fault (never expected: every fault hits its target).
    Ok,
    /// Interrupted in flight: the change finished, and the store holds the intended state.
    Finished,
    /// Interrupted during the precheck read: skipped, nothing sent, the store holds the state before.
    Skipped,
    /// Any other verdict, or a verdict the store contradicts.
    Other(roster::engine::Verdict),
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
            Outcome::Finished => "finished",
            Outcome::Skipped => "skipped",
            Outcome::Other(v) => v.audit_word(),
        }
    }
}

/// Which request of an operation a row aims at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// The member listing of a "list members" operation.
    Listing,
    /// The engine's precheck: the first member listing of a change.
    Precheck,
    /// Paradigm's read of the list it modifies (the second member listing of a change).
    Rewrite,
    /// The request that changes something.
    Change,
    /// AskUI's re-create POST of an emulated role change.
    Recreate,
}

/// One row: a provider's operation with the request the faults are aimed at.
#[derive(Clone, Debug)]
struct Row {
    kind: ProviderKind,
    op: Op,
    target: Target,
    stage: Stage,
}

impl Row {
    /// The target is the request that changes something (a failure there may leave it applied).
    fn mutating(&self) -> bool {
        matches!(self.stage, Stage::Change | Stage::Recreate)
    }

    fn request_label(&self) -> String {
        let what = match self.stage {
            Stage::Precheck => "precheck GET".to_string(),
            Stage::Rewrite => "rewrite GET".to_string(),
            Stage::Recreate => "re-create POST".to_string(),
            Stage::Listing | Stage::Change => self.target.method.to_string(),
        };
        if self.target.after_apply {
            format!("{what} (applied)")
        } else {
            what
        }
    }
}

/// The outcome a cell must have, or `None` when the combination means nothing (a 429 is a refusal:
/// no server applies a change and then answers 429; listing members is not a change to interrupt;
/// only a request that changes something can be ignored, and "ignored" is already about an answer
/// that does not match what happened).
fn expected(row: &Row, column: Column) -> Option<Outcome> {
    let fault = match column {
        Column::Ignored => {
            return match (row.stage, row.target.after_apply) {
                (_, true) => None,
                // The server said yes and did nothing: failed, nothing changed.
                (Stage::Change, false) => Some(Outcome::Err),
                // AskUI's role change: the DELETE was honoured, the re-create ignored. The fresh
                // read shows the member gone: reported half-done and kept for `roster recover`.
                (Stage::Recreate, false) => Some(Outcome::Partial),
                (Stage::Listing | Stage::Precheck | Stage::Rewrite, false) => None,
            };
        }
        Column::Interrupted => {
            return match row.stage {
                Stage::Listing => None,
                Stage::Precheck => Some(Outcome::Skipped),
                Stage::Rewrite | Stage::Change | Stage::Recreate => Some(Outcome::Finished),
            };
        }
        Column::Fault(fault) => fault,
    };
    if row.target.after_apply {
        if matches!(fault, FaultKind::TooMany | FaultKind::TooManyRetryAfter) {
            return None;
        }
        // Applied: a retry of the idempotent request, or the engine's re-read after a lost POST,
        // must say so.
        return Some(Outcome::LostOk);
    }
    if row.target.method != Method::POST && fault.is_transient() {
        return Some(Outcome::RetryOk);
    }
    if row.stage == Stage::Recreate {
        return Some(Outcome::RolledBack);
    }
    Some(Outcome::Err)
}

fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for kind in roster::registry::KINDS {
        let c = cast(kind);
        let mut push = |op, method: Method, path: String, stage: Stage| {
            for after_apply in [false, true] {
                if after_apply && !matches!(stage, Stage::Change | Stage::Recreate) {
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
                    stage,
                });
            }
        };
        push(Op::List, Method::GET, members_path(kind), Stage::Listing);
        for op in [Op::Add, Op::SetRole, Op::Remove] {
            push(op, Method::GET, members_path(kind), Stage::Precheck);
            match (kind, op) {
                // TransactionLink adds with the membership upsert PUT.
                (roster::providers::transactionlink::KIND, Op::Add) => {
                    push(op, Method::PUT, change_path(kind, c.dan), Stage::Change)
                }
                (roster::providers::dreadnode::KIND, Op::Add) => {
                    push(op, Method::POST, members_path(kind), Stage::Change)
                }
                (_, Op::Add) => push(op, Method::POST, change_path(kind, c.dan), Stage::Change),
                (roster::providers::askui::KIND, Op::SetRole) => {
                    push(op, Method::DELETE, change_path(kind, ""), Stage::Change);
                    push(op, Method::POST, change_path(kind, ""), Stage::Recreate);
                }
                (roster::providers::askui::KIND, _) => {
                    push(op, Method::DELETE, change_path(kind, ""), Stage::Change)
                }
                (roster::providers::paradigm::KIND, _) => {
                    push(op, Method::GET, members_path(kind), Stage::Rewrite);
                    push(op, Method::PUT, change_path(kind, ""), Stage::Change);
                }
                (_, Op::SetRole) => push(op, Method::PUT, change_path(kind, c.bob), Stage::Change),
                (_, _) => push(op, Method::DELETE, change_path(kind, c.cy), Stage::Change),
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_provider_operation_and_fault() {
    let rows = rows();
    let limit = Arc::new(tokio::sync::Semaphore::new(cell::PARALLEL_CELLS));
    let started = Instant::now();

    // How often each row's aimed request is sent when nothing goes wrong: a cell that sent it more
    // often was retried.
    let mut baselines = Vec::new();
    for row in &rows {
        let row = row.clone();
        let limit = limit.clone();
        baselines.push(tokio::spawn(async move {
            let _permit = limit.acquire_owned().await.expect("semaphore");
            cell::baseline(&row).await
        }));
    }
    let mut failures = String::new();
    let mut counts = Vec::new();
    for (row, task) in rows.iter().zip(baselines) {
        match task.await {
            Ok(Ok(n)) => counts.push(n),
            Ok(Err(problem)) => {
                let _ = writeln!(
                    failures,
                    "- {} {} [{}] without a fault: {problem}",
                    row.kind,
                    row.op.label(),
                    row.request_label()
                );
                counts.push(0);
            }
            Err(e) => panic!("the clean run of a row panicked: {}", cell::panic_text(e)),
        }
    }

    let mut tasks = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, column) in COLUMNS.into_iter().enumerate() {
            if expected(row, column).is_none() {
                continue;
            }
            let row = row.clone();
            let limit = limit.clone();
            let baseline = counts[r];
            tasks.push((
                r,
                c,
                tokio::spawn(async move {
                    let _permit = limit.acquire_owned().await.expect("semaphore");
                    cell::run(&row, column, baseline).await
                }),
            ));
        }
    }
    let mut cells: Vec<Vec<Option<cell::Cell>>> = rows
        .iter()
        .map(|_| COLUMNS.iter().map(|_| None).collect())
        .collect();
    for (r, c, task) in tasks {
        let done = task.await.unwrap_or_else(|e| cell::Cell {
            outcome: None,
            took: Duration::ZERO,
            problems: vec![format!("panicked: {}", cell::panic_text(e))],
        });
        cells[r][c] = Some(done);
    }
    let total = started.elapsed();

    let table = table::render(&rows, &cells, total);
    println!("{table}");
    for (row, line) in rows.iter().zip(&cells) {
        for (column, cell) in COLUMNS.iter().zip(line) {
            for problem in cell.iter().flat_map(|c| &c.problems) {
                let _ = writeln!(
                    failures,
                    "- {} {} [{}] × {}: {problem}",
                    row.kind,
                    row.op.label(),
                    row.request_label(),
                    column.label()
                );
            }
        }
    }
    assert!(failures.is_empty(), "{table}\nfailed cells:\n{failures}");
}
