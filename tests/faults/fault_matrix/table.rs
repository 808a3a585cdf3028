//! Prints the fault matrix as a Markdown table (pasted into README "Reliability and security").

use super::fixture::REQUEST_TIMEOUT;
use super::{Cell, FAULTS, Outcome, Row};
use std::fmt::Write as _;
use std::time::Duration;

/// The matrix as a Markdown table: one row per provider × operation × faulted request.
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
    for fault in FAULTS {
        let _ = write!(out, " {} |", fault.label());
    }
    out.push_str("\n|---|---|---|");
    out.push_str(&"---|".repeat(FAULTS.len()));
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
        "\nretry-ok: recovered by a retry; lost-ok: applied, answer lost, and the result says it \
         applied; err: clear error, nothing changed; rolled-back: the old membership was restored; \
         n/a: a 429 is a refusal, never sent after applying a change.\n",
    );
    out
}
