//! Running changes the way roster does since the change engine: a client whose mutating steps the
//! engine audits (and whose every request a test can count), the engine's [`Target`] for it, and
//! one change run with the default options. The change itself comes from `roster::engine::planner`.
#![allow(dead_code)]

use roster::audit::AuditEntry;
use roster::engine::{Change, ChangeOutcome, Engine, RunOptions, Target};
use roster::http::{CallObserver, CallRecord};
use roster::providers::{Provider, ProviderConfig, build};
use std::sync::{Arc, Mutex};

/// The profile name every test target uses.
pub const PROFILE: &str = "test";

/// Every request a client sent, as `METHOD path?query`, in order.
#[derive(Clone, Default)]
pub struct Requests(Arc<Mutex<Vec<String>>>);

impl Requests {
    /// All requests so far.
    pub fn all(&self) -> Vec<String> {
        self.0.lock().expect("requests").clone()
    }

    /// How many requests used `method`.
    pub fn count(&self, method: &str) -> usize {
        self.all()
            .iter()
            .filter(|r| r.split(' ').next() == Some(method))
            .count()
    }

    /// Forgets the requests so far (those of the planning reads, say).
    pub fn clear(&self) {
        self.0.lock().expect("requests").clear();
    }

    fn observer(&self) -> CallObserver {
        let sink = self.0.clone();
        Arc::new(move |c: &CallRecord| {
            if let Ok(mut calls) = sink.lock() {
                calls.push(format!("{} {}", c.method, c.path));
            }
        })
    }
}

/// Builds the client `config` describes, its mutating requests audited by `engine` as roster's
/// front ends do, every request recorded; an observer already in `config` still sees them.
pub fn client(engine: &Engine, mut config: ProviderConfig) -> (Arc<dyn Provider>, Requests) {
    let requests = Requests::default();
    let record = requests.observer();
    let before = config.observer.take();
    let steps = engine.step_observer(PROFILE);
    config.observer = Some(Arc::new(move |c: &CallRecord| {
        record(c);
        for observer in [&before, &steps].into_iter().flatten() {
            observer(c);
        }
    }));
    (build(config).expect("client builds"), requests)
}

/// The engine's target for `provider`: profile [`PROFILE`], not read-only.
pub fn target(provider: &Arc<dyn Provider>) -> Target {
    Target {
        profile: PROFILE.into(),
        provider: provider.clone(),
        readonly: false,
    }
}

/// Runs `change` against `provider` with the default options (no `--force`).
pub async fn run(engine: &Engine, provider: &Arc<dyn Provider>, change: Change) -> ChangeOutcome {
    engine
        .run(&target(provider), change, &RunOptions::default())
        .await
}

/// The outcome words of the audit log's change records (not intents, not steps), in order.
pub fn audited_outcomes(entries: &[AuditEntry]) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e.phase.as_deref() == Some("outcome"))
        .map(|e| e.outcome.clone())
        .collect()
}
