//! The one change engine. Every change roster makes, from the CLI or the TUI, single or in a plan,
//! goes through the same path:
//!
//! 1. **Refuse early** what must not run: read-only (`--readonly`, or the profile's
//!    `readonly = true`), what the provider cannot do, no audit log to record it in.
//! 2. **Precheck**: read the workspace again. If the member is no longer in the state the change was
//!    planned against, stop and say what the server holds now; nothing is sent. The last owner of a
//!    workspace is not removed or demoted unless forced.
//! 3. **Journal the intent** in the audit log and the journal, synced, before the first request;
//!    if either cannot be written, nothing is sent.
//! 4. **Run the steps**: the provider's own call, native or emulated (AskUI remove + re-add,
//!    Paradigm read-modify-write).
//! 5. **Settle and verify** with one fresh read: an unclear answer (a timeout, a lost answer) and a
//!    clear one alike are judged by what the server holds afterwards. A 2xx that did not take
//!    effect is a failure.
//! 6. **Journal the outcome**: the verdict written to the audit log is the one shown to the person.
//!
//! Interrupts (`q`, Ctrl-c, SIGINT, SIGTERM, SIGHUP) never cut a change in half by accident: the
//! change in flight finishes (within [`INTERRUPT_GRACE`]) and no further change of a plan starts; a
//! second interrupt cuts the wait short, after the front end warned what would be left. What is
//! left unfinished stays in the journal for `roster recover`.
//!
//! Nothing here names a provider: everything goes through [`Provider`] and its capabilities.

mod guards;
pub mod journal;
pub mod outcome;
pub mod plan;
pub mod planner;
mod record;
pub mod recover;
mod run;
pub mod steps;
pub mod undo;

pub use outcome::{ChangeOutcome, Refusal, Verdict};
pub use plan::{Change, Membership, Operation, Plan, State, Subject, Who};

use crate::audit::AuditLog;
use crate::http::CallObserver;
use crate::providers::Provider;
use journal::{Journal, Unfinished};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;

/// How long the change in flight may take to finish after an interrupt before it is cut.
pub const INTERRUPT_GRACE: Duration = Duration::from_secs(15);

/// One profile as the engine runs changes against it.
#[derive(Clone)]
pub struct Target {
    /// The profile's name.
    pub profile: String,
    /// Its client.
    pub provider: Arc<dyn Provider>,
    /// The profile says `readonly = true`.
    pub readonly: bool,
}

/// How to run a change.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Remove or demote the last owner anyway (`--force`, or an explicit confirm in the TUI).
    pub force: bool,
    /// A state the precheck accepts besides the planned-against one: the role this session set
    /// itself by an earlier change to the same member, so two quick changes apply in order.
    pub also_accept: Option<State>,
}

/// A change being run, as an interrupt describes it.
#[derive(Debug, Clone)]
pub struct InFlight {
    /// The change's journal ID (once journaled).
    pub id: Option<String>,
    /// What it does, in words.
    pub description: String,
    /// Mutating requests already sent.
    pub sent: Vec<String>,
}

impl InFlight {
    /// What stopping now would leave, in one sentence.
    pub fn what_would_be_left(&self) -> String {
        if self.sent.is_empty() {
            format!(
                "{}: nothing sent yet, so nothing would change",
                self.description
            )
        } else {
            format!(
                "{} may be left half-done (already sent: {}); the journal keeps it and `roster \
                 recover` completes or rolls it back",
                self.description,
                self.sent.join(", ")
            )
        }
    }
}

/// The engine: records (audit log and journal), read-only mode, interrupts and what is in flight.
/// Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("audit", &self.audit().map(|a| a.path().to_path_buf()))
            .field("disabled", &self.disabled_reason())
            .field("readonly", &self.inner.readonly)
            .finish_non_exhaustive()
    }
}

impl Default for Engine {
    /// An engine without an audit log: it refuses every change (say why with [`Engine::open`]).
    fn default() -> Engine {
        Engine::with_records(
            Err("no audit log was opened, so changes are disabled".to_string()),
            false,
        )
    }
}

struct Inner {
    records: Result<Records, String>,
    readonly: bool,
    interrupts: watch::Sender<u32>,
    /// When the first interrupt came: the change in flight has [`INTERRUPT_GRACE`] from then.
    interrupted_at: Mutex<Option<tokio::time::Instant>>,
    in_flight: Mutex<Vec<Running>>,
    /// One lock per (profile, workspace) whose provider rewrites the whole member list.
    workspace_locks: Mutex<WorkspaceLocks>,
    idle: watch::Sender<usize>,
    /// IDs of the changes this process made that a fresh read confirmed, oldest first (the TUI's
    /// `z` undoes the last).
    done: Mutex<Vec<String>>,
}

/// One async lock per (profile, workspace ID).
type WorkspaceLocks = std::collections::HashMap<(String, String), Arc<tokio::sync::Mutex<()>>>;

struct Records {
    audit: Arc<AuditLog>,
    journal: Journal,
}

struct Running {
    key: u64,
    description: String,
    scope: Option<Arc<steps::Scope>>,
}

impl Engine {
    /// An engine that records to the audit log at `audit` (and its journal beside it). When the log
    /// cannot be opened, every change is refused with the reason. `readonly` refuses every change.
    pub fn open(audit: Option<&Path>, readonly: bool) -> Engine {
        let records = match audit {
            None => Err(
                "there is no data directory for the audit log, so changes are disabled (set \
                 ROSTER_AUDIT_FILE to a file path)"
                    .to_string(),
            ),
            Some(path) => AuditLog::open(path)
                .map(|log| Records {
                    journal: Journal::beside(path),
                    audit: Arc::new(log),
                })
                .map_err(|e| {
                    format!(
                        "cannot open the audit log {}: {e}; changes are disabled (set \
                         ROSTER_AUDIT_FILE to another file)",
                        path.display()
                    )
                }),
        };
        Engine::with_records(records, readonly)
    }

    /// The engine at the default audit location ([`AuditLog::default_path`]).
    pub fn open_default(readonly: bool) -> Engine {
        Engine::open(AuditLog::default_path().as_deref(), readonly)
    }

    fn with_records(records: Result<Records, String>, readonly: bool) -> Engine {
        Engine {
            inner: Arc::new(Inner {
                records,
                readonly,
                interrupts: watch::Sender::new(0),
                interrupted_at: Mutex::new(None),
                in_flight: Mutex::new(Vec::new()),
                workspace_locks: Mutex::default(),
                idle: watch::Sender::new(0),
                done: Mutex::new(Vec::new()),
            }),
        }
    }

    /// Why no change can be made at all (no audit log), if so.
    pub fn disabled_reason(&self) -> Option<&str> {
        self.inner.records.as_ref().err().map(String::as_str)
    }

    /// Whether `--readonly` is on.
    pub fn is_readonly(&self) -> bool {
        self.inner.readonly
    }

    /// The audit log, when open.
    pub fn audit(&self) -> Option<&Arc<AuditLog>> {
        self.inner.records.as_ref().ok().map(|r| &r.audit)
    }

    /// The observer to install on a profile's client so each step of a change is audited.
    pub fn step_observer(&self, profile: &str) -> Option<CallObserver> {
        self.audit()
            .map(|log| steps::step_observer(log.clone(), profile.to_string()))
    }

    /// Refuses changes to `target` before anything is read or sent: read-only, or nothing to record
    /// them in. Front ends call it before building a plan; [`Engine::run`] checks it again.
    pub fn writable(&self, target: &Target) -> Result<(), Refusal> {
        self.writable_profile(&target.profile, target.readonly)
    }

    /// [`Engine::writable`] for a profile by name and its `readonly` setting.
    pub fn writable_profile(&self, profile: &str, profile_readonly: bool) -> Result<(), Refusal> {
        if self.inner.readonly {
            return Err(Refusal::ReadOnly(
                "roster runs read-only (--readonly): no change is sent".to_string(),
            ));
        }
        if profile_readonly {
            return Err(Refusal::ReadOnly(format!(
                "profile {} is read-only (readonly = true in the config): no change is sent",
                crate::sanitize::sanitize_line(profile)
            )));
        }
        if let Err(why) = &self.inner.records {
            return Err(Refusal::Journal(why.clone()));
        }
        Ok(())
    }

    /// Changes the journal says are unfinished (a crash, a cut interrupt, a half-done emulation).
    pub fn unfinished(&self) -> std::io::Result<Vec<Unfinished>> {
        match &self.inner.records {
            Ok(r) => r.journal.unfinished(),
            Err(_) => Ok(Vec::new()),
        }
    }

    /// The journal, when open.
    pub(crate) fn journal(&self) -> Option<&Journal> {
        self.inner.records.as_ref().ok().map(|r| &r.journal)
    }

    /// Asks the engine to stop: the change in flight finishes (or is cut after
    /// [`INTERRUPT_GRACE`]), no further change starts. A second call cuts the change in flight
    /// now. Returns how many interrupts there have been.
    pub fn interrupt(&self) -> u32 {
        self.inner
            .interrupted_at
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_or_insert_with(tokio::time::Instant::now);
        let mut n = 0;
        self.inner.interrupts.send_modify(|c| {
            *c += 1;
            n = *c;
        });
        n
    }

    /// The time left of [`INTERRUPT_GRACE`] since the first interrupt; `None` when not interrupted.
    pub(crate) fn remaining_grace(&self) -> Option<Duration> {
        let at = *self
            .inner
            .interrupted_at
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        at.map(|t| INTERRUPT_GRACE.saturating_sub(t.elapsed()))
    }

    /// Asks the engine to finish the change in flight and start nothing more, however many
    /// front-end paths ask at once (a key and a signal): never counts as a second interrupt.
    pub fn stop_gracefully(&self) {
        self.raise_interrupts_to(1);
    }

    /// Cuts the change in flight now (the front end warned what it leaves).
    pub fn stop_now(&self) {
        self.raise_interrupts_to(2);
    }

    fn raise_interrupts_to(&self, level: u32) {
        self.inner
            .interrupted_at
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_or_insert_with(tokio::time::Instant::now);
        self.inner.interrupts.send_if_modified(|c| {
            let raise = *c < level;
            *c = (*c).max(level);
            raise
        });
    }

    /// How many interrupts there have been.
    pub fn interrupts(&self) -> u32 {
        *self.inner.interrupts.borrow()
    }

    /// The changes running now.
    pub fn in_flight(&self) -> Vec<InFlight> {
        let running = self
            .inner
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        running
            .iter()
            .map(|r| InFlight {
                id: r.scope.as_ref().map(|s| s.id.clone()),
                description: r.description.clone(),
                sent: r.scope.as_ref().map(|s| s.sent()).unwrap_or_default(),
            })
            .collect()
    }

    /// Waits until no change runs, or `limit` passed. Returns whether it is idle.
    pub async fn wait_idle(&self, limit: Duration) -> bool {
        let mut idle = self.inner.idle.subscribe();
        tokio::time::timeout(limit, idle.wait_for(|n| *n == 0))
            .await
            .is_ok()
    }

    /// The ID of the last change this process made that a fresh read confirmed (what the TUI's
    /// `z` undoes), if any.
    pub fn last_done_here(&self) -> Option<String> {
        self.inner
            .done
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .last()
            .cloned()
    }

    /// Notes a change confirmed done by this process.
    fn remember_done(&self, id: &str) {
        self.inner
            .done
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(id.to_string());
    }

    /// The lock that keeps changes to `workspace` of `profile` one at a time.
    fn workspace_lock(&self, profile: &str, workspace: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self
            .inner
            .workspace_locks
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        locks
            .entry((profile.to_string(), workspace.to_string()))
            .or_default()
            .clone()
    }

    fn track(&self, description: String) -> Tracked {
        let key = rand::random::<u64>();
        let mut running = self
            .inner
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        running.push(Running {
            key,
            description,
            scope: None,
        });
        self.inner.idle.send_replace(running.len());
        Tracked {
            engine: self.clone(),
            key,
        }
    }
}

/// Keeps a change in [`Engine::in_flight`] until dropped.
struct Tracked {
    engine: Engine,
    key: u64,
}

impl Tracked {
    fn set_scope(&self, scope: &Arc<steps::Scope>) {
        let mut running = self
            .engine
            .inner
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(r) = running.iter_mut().find(|r| r.key == self.key) {
            r.scope = Some(scope.clone());
        }
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        let mut running = self
            .engine
            .inner
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        running.retain(|r| r.key != self.key);
        self.engine.inner.idle.send_replace(running.len());
    }
}
