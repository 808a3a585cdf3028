//! The steps of a change as they go over the wire. Every mutating request a provider sends while
//! the engine runs a change is written to the audit log as a `step` line carrying the change's ID,
//! and remembered, so an interrupt can say exactly what was already sent.
//!
//! The provider clients know nothing of changes: the engine runs each change's requests inside a
//! task-local [`Scope`], and the observer installed on the client reads it.

use crate::audit::{AuditEntry, AuditLog, now};
use crate::http::{CallObserver, CallRecord};
use std::sync::{Arc, Mutex};

tokio::task_local! {
    static SCOPE: Arc<Scope>;
}

/// What one running change has sent so far.
#[derive(Debug, Default)]
pub struct Scope {
    /// The change's ID.
    pub id: String,
    sent: Mutex<Vec<String>>,
    problem: Mutex<Option<String>>,
}

impl Scope {
    /// A scope for change `id`.
    pub fn new(id: &str) -> Arc<Scope> {
        Arc::new(Scope {
            id: id.to_string(),
            ..Scope::default()
        })
    }

    /// The mutating requests sent so far, as `METHOD /path → status`.
    pub fn sent(&self) -> Vec<String> {
        self.sent.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// A failure to write a step to the audit log, if one happened.
    pub fn problem(&self) -> Option<String> {
        self.problem
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Runs `fut` with this scope as the current change.
    pub async fn run<F: Future>(self: &Arc<Self>, fut: F) -> F::Output {
        SCOPE.scope(self.clone(), fut).await
    }
}

/// An observer that writes one `step` line per mutating request (POST, PUT, PATCH, DELETE) sent
/// inside a change, and remembers it in the change's scope.
pub fn step_observer(log: Arc<AuditLog>, profile: String) -> CallObserver {
    Arc::new(move |call: &CallRecord| {
        if call.method == "GET" || call.method == "HEAD" {
            return;
        }
        let scope = SCOPE.try_with(Arc::clone).ok();
        // A 2xx whose answer was cut off or was not JSON is a failed step, not an `ok` one.
        let ok = call.failure.is_none() && call.status.is_some_and(|s| (200..300).contains(&s));
        let status = call
            .status
            .map_or_else(|| "no answer".to_string(), |s| format!("HTTP {s}"));
        let detail = format!("{} {}", call.method, call.path);
        let entry = AuditEntry {
            time: now(),
            profile: profile.clone(),
            provider: call.provider.to_string(),
            operation: "step".into(),
            workspace: None,
            user: None,
            old_role: None,
            new_role: None,
            outcome: if ok { "ok" } else { "failed" }.into(),
            status: call.status,
            request_id: call.request_id.clone(),
            detail: Some(detail.clone()),
            change_id: scope.as_ref().map(|s| s.id.clone()),
            phase: None,
            change: None,
            member_id: None,
        };
        // Synced with the change's outcome (the same file), not one by one.
        let written = log.append_with(&entry, crate::audit::Durability::Written);
        if let Some(scope) = scope {
            scope
                .sent
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(format!("{detail} -> {status}"));
            if let Err(e) = written {
                *scope.problem.lock().unwrap_or_else(|p| p.into_inner()) = Some(format!(
                    "a step could not be written to the audit log {}: {e}",
                    log.path().display()
                ));
            }
        } else if let Err(e) = written {
            tracing::error!(path = %log.path().display(), error = %e, "cannot write the audit log");
        }
    })
}
