//! Printing what changes came to: one sentence per change for people (`-o table`), or the plan and
//! each change's outcome as JSON (`-o json`, field names stable and documented in README).

use super::args::ChangeFormat;
use crate::engine::recover::Recovery;
use crate::engine::{ChangeOutcome, Subject, Verdict};
use crate::error::ErrorKind;
use crate::sanitize::sanitize_line;
use serde::Serialize;
use std::io::{self, Write};

/// One change in the JSON results.
#[derive(Serialize)]
pub struct ChangeRecord {
    /// The change's journal ID (`roster audit` shows it), when it was journaled.
    pub id: Option<String>,
    /// Profile name.
    pub profile: String,
    /// Provider name.
    pub provider: &'static str,
    /// `add`, `set-role`, `remove`, `create-workspace`.
    pub operation: &'static str,
    /// The workspace: `{id, name}` (the ID is null for a workspace not created).
    pub workspace: WorkspaceField,
    /// The person as named (email or ID); null for a workspace.
    pub user: Option<String>,
    /// Their ID, when known.
    pub member_id: Option<String>,
    /// The role the change was planned against; null when they were not a member.
    pub from: Option<String>,
    /// The role wanted; null for a removal.
    pub to: Option<String>,
    /// The verdict: `done`, `unchanged`, `stale`, `refused`, `failed`, `partial`, `unknown`,
    /// `interrupted`, `skipped`.
    pub outcome: Verdict,
    /// What the fresh read showed: `{member, role}`; null when no read was made.
    pub now: Option<NowField>,
    /// Access the person keeps from elsewhere (organisation admin, a group).
    pub keeps_access: Option<String>,
    /// Why it was refused: `{reason, detail}`.
    pub refusal: Option<crate::engine::Refusal>,
    /// The error, when there was one.
    pub error: Option<ErrorField>,
    /// The sentence shown in table output.
    pub message: String,
    /// What each step did, in order.
    pub steps: Vec<String>,
    /// Server request IDs, for support tickets.
    pub request_ids: Vec<String>,
}

/// A workspace in the results.
#[derive(Serialize)]
pub struct WorkspaceField {
    /// Provider ID.
    pub id: Option<String>,
    /// Display name.
    pub name: String,
}

/// What the verification read showed.
#[derive(Serialize)]
pub struct NowField {
    /// Whether the person is a direct member.
    pub member: bool,
    /// Their role, when a member.
    pub role: Option<String>,
}

/// An error in the results.
#[derive(Serialize)]
pub struct ErrorField {
    /// `rate-limited`, `not-found`, `forbidden`, `server`, `timeout`, …
    pub kind: &'static str,
    /// HTTP status, when the server answered.
    pub status: Option<u16>,
    /// The whole message (sanitized).
    pub message: String,
    /// When a rate limit ends (RFC 2822 HTTP date), if the server said.
    pub retry_after: Option<String>,
}

impl From<&ChangeOutcome> for ChangeRecord {
    fn from(o: &ChangeOutcome) -> Self {
        let c = &o.change;
        let (workspace, user, member_id, from, to) = match &c.subject {
            Subject::Membership(m) => (
                WorkspaceField {
                    id: Some(m.workspace.id.clone()),
                    name: m.workspace.name.clone(),
                },
                Some(m.who.as_str().to_string()),
                o.member
                    .as_ref()
                    .or(m.member.as_ref())
                    .map(|x| x.id.clone()),
                m.seen.role().map(|r| r.name.clone()),
                m.want.role().map(|r| r.name.clone()),
            ),
            Subject::Workspace(w) => (
                WorkspaceField {
                    id: o.created.as_ref().map(|x| x.id.clone()),
                    name: w.name.clone(),
                },
                None,
                None,
                None,
                None,
            ),
        };
        ChangeRecord {
            id: o.id.clone(),
            profile: c.profile.clone(),
            provider: c.provider.as_str(),
            operation: c.operation().as_str(),
            workspace,
            user,
            member_id,
            from,
            to,
            outcome: o.verdict,
            now: o.now.as_ref().map(|s| NowField {
                member: s.role().is_some(),
                role: s.role().map(|r| r.name.clone()),
            }),
            keeps_access: o.keeps_access.clone(),
            refusal: o.refusal.clone(),
            error: o.error.as_ref().map(|e| ErrorField {
                kind: e.kind.as_str(),
                status: e.status,
                message: e.to_string(),
                retry_after: match &e.kind {
                    ErrorKind::RateLimited { until: Some(t) } => Some(httpdate::fmt_http_date(*t)),
                    _ => None,
                },
            }),
            message: o.message(),
            steps: o.steps.clone(),
            request_ids: o.request_ids.clone(),
        }
    }
}

/// Summary counts in the JSON results.
#[derive(Serialize, Default)]
struct Summary {
    total: usize,
    succeeded: usize,
    failed: usize,
}

#[derive(Serialize)]
struct Results<'a, T: Serialize> {
    changes: &'a [T],
    summary: Summary,
}

/// Prints the outcomes and returns the exit code: 0 when every change succeeded, 2 when one was
/// refused (and none failed otherwise), 1 otherwise.
pub fn print_outcomes(outcomes: &[ChangeOutcome], format: ChangeFormat) -> io::Result<i32> {
    match format {
        ChangeFormat::Json => {
            let records: Vec<ChangeRecord> = outcomes.iter().map(ChangeRecord::from).collect();
            let summary = Summary {
                total: outcomes.len(),
                succeeded: outcomes.iter().filter(|o| o.verdict.is_success()).count(),
                failed: outcomes.iter().filter(|o| !o.verdict.is_success()).count(),
            };
            write_json(&Results {
                changes: &records,
                summary,
            })?;
        }
        ChangeFormat::Table => {
            for o in outcomes {
                print_sentence(&o.change.profile, o.verdict.is_success(), &o.sentence())?;
                if let Some(problem) = &o.record_problem {
                    // The change is as said; only its record is missing: stderr, and exit 1.
                    eprintln!(
                        "roster: profile {}: warning: {}",
                        sanitize_line(&o.change.profile),
                        sanitize_line(problem)
                    );
                }
            }
        }
    }
    Ok(exit_code(outcomes.iter().map(ChangeOutcome::exit_code)))
}

/// One recovery in the JSON results of `roster recover`.
#[derive(Serialize)]
struct RecoveryRecord {
    /// The unfinished change's ID.
    id: String,
    /// When it was started.
    started: String,
    /// The unfinished change, as planned.
    change: String,
    /// The last outcome written for it (`partial`, `unknown`, `interrupted`), or null when roster
    /// stopped before writing one.
    last_outcome: Option<String>,
    /// What a fresh read showed before recovering.
    before: Option<NowField>,
    /// The verdict on the recovery.
    outcome: Verdict,
    /// The sentence shown in table output.
    message: String,
    /// The change run to recover it, when one was needed.
    recovery: Option<ChangeRecord>,
}

/// Prints what `roster recover` found and did; returns the exit code.
pub fn print_recoveries(recoveries: &[Recovery], format: ChangeFormat) -> io::Result<i32> {
    match format {
        ChangeFormat::Json => {
            let records: Vec<RecoveryRecord> = recoveries
                .iter()
                .map(|r| RecoveryRecord {
                    id: r.unfinished.id.clone(),
                    started: r.unfinished.time.clone(),
                    change: r.unfinished.change.describe(),
                    last_outcome: r.unfinished.outcome.clone(),
                    before: r.before.as_ref().map(|s| NowField {
                        member: s.role().is_some(),
                        role: s.role().map(|x| x.name.clone()),
                    }),
                    outcome: r.verdict,
                    message: r.message.clone(),
                    recovery: r.outcome.as_ref().map(ChangeRecord::from),
                })
                .collect();
            let summary = Summary {
                total: recoveries.len(),
                succeeded: recoveries.iter().filter(|r| r.verdict.is_success()).count(),
                failed: recoveries
                    .iter()
                    .filter(|r| !r.verdict.is_success())
                    .count(),
            };
            write_json(&Results {
                changes: &records,
                summary,
            })?;
        }
        ChangeFormat::Table => {
            for r in recoveries {
                let line = format!(
                    "{} (change {}, started {}): {}",
                    r.unfinished.change.describe(),
                    sanitize_line(&r.unfinished.id),
                    sanitize_line(&r.unfinished.time),
                    r.message
                );
                print_sentence(&r.unfinished.change.profile, r.verdict.is_success(), &line)?;
            }
        }
    }
    Ok(exit_code(recoveries.iter().map(|r| r.verdict.exit_code())))
}

/// Success goes to stdout; anything else to stderr, prefixed with the profile.
fn print_sentence(profile: &str, success: bool, sentence: &str) -> io::Result<()> {
    if success {
        let mut out = io::stdout().lock();
        writeln!(out, "{sentence}")?;
        out.flush()
    } else {
        tracing::warn!("{}", sanitize_line(sentence));
        eprintln!("roster: profile {}: {sentence}", sanitize_line(profile));
        Ok(())
    }
}

/// One JSON document on stdout, with every invisible or control character escaped (as listings).
fn write_json<T: Serialize>(value: &T) -> io::Result<()> {
    let text = super::output::to_json(value)?;
    let mut out = io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()
}

/// The worst exit code: 1 beats 2 beats 0 (a failure matters more than a refusal).
fn exit_code(codes: impl Iterator<Item = i32>) -> i32 {
    codes.fold(0, |worst, c| match (worst, c) {
        (1, _) | (_, 1) => 1,
        (2, _) | (_, 2) => 2,
        _ => 0,
    })
}
