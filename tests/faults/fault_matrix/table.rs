//! Prints the fault matrix as a Markdown table (pasted into README "Reliability and security").

use super::cell::Cell;
use super::fixture::REQUEST_TIMEOUT;
use super::{COLUMNS, Outcome, Row};
use std::fmt::Write as _;
use std::time::Duration;

/// The matrix as a Markdown table: one row per provider × operation × aimed request.
pub fn render(rows: &[Row], cells: &[Vec<Option<Cell>>], total: Duration) -> String {
    let mut out = String::new();
    let count = cells.iter().flatten().flatten().count();
    let _ = writeln!(
        out,
        "Fault matrix: {count} cells in {:.1} s; request timeout {} ms, 3 attempts; each cell: \
         outcome and seconds (`!` marks a failed check)\n",
        total.as_secs_f64(),
        REQUEST_TIMEOUT.as_millis()
    );
    out.push_str("| provider | operation | faulted request |");
    for column in COLUMNS {
        let _ = write!(out, " {} |", column.label());
    }
    out.push_str("\n|---|---|---|");
    out.push_str(&"---|".repeat(COLUMNS.len()));
    out.push('\n');
    for (row, line) in rows.iter().zip(cells) {
        let _ = write!(
            out,
            "| {} | {} | {} |",
            row.kind,
            row.op.label(),
            row.request_label()
        );
        for cell in line {
            let text = match cell {
                None => "n/a".to_string(),
                Some(c) => format!(
                    "{}{} {:.2}",
                    if c.problems.is_empty() { "" } else { "!" },
                    c.outcome.map_or("FAIL", Outcome::label),
                    c.took.as_secs_f64()
                ),
            };
            let _ = write!(out, " {text} |");
        }
        out.push('\n');
    }
    out.push_str(
        "\nEvery change is planned, then run by the change engine (precheck, steps, one fresh read \
         that settles and verifies); each outcome is the engine's verdict checked against what \
         the sandbox holds. retry-ok: done after a retry of the faulted request; lost-ok: \
         applied, answer lost, and the fresh read says it applied; err: failed with a clear \
         error, nothing changed; rolled-back: failed, the old membership was restored; \
         interrupted: the engine was interrupted while the aimed request was held in flight; \
         finished: it finished the change in flight (new state); skipped: interrupted during the \
         precheck read, nothing sent (old state); ignored: the server answered success without \
         applying the change, and roster reports it failed (err) or, when the server honoured \
         the first step of an emulated change and ignored the second, unfinished (partial, kept \
         for `roster recover`); n/a: a 429 is a refusal, never sent after \
         applying a change, and a listing is not a change to interrupt.\n",
    );
    out
}
