//! SIGINT, SIGTERM and SIGHUP while a changing command runs. The change in flight is never cut in
//! half by accident: the first signal asks the engine to finish it (or roll it back) within
//! [`crate::engine::INTERRUPT_GRACE`] and start nothing more, and says so on stderr with what
//! stopping at once would leave; a second signal stops at once. With no change in flight yet
//! (still reading the server), the first signal ends roster at once, as it always did.

use super::Failure;
use crate::engine::Engine;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use tokio::signal::unix::{SignalKind, signal};

/// Listens for the signals while alive.
pub struct Guard {
    code: Arc<AtomicI32>,
    task: Option<tokio::task::JoinHandle<()>>,
}

/// Starts listening; call inside the runtime that runs the command.
pub fn guard(engine: &Engine) -> Guard {
    let code = Arc::new(AtomicI32::new(0));
    let (Ok(mut int), Ok(mut term), Ok(mut hup)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
    ) else {
        // Without handlers the default actions stay: the signal ends roster as before.
        return Guard { code, task: None };
    };
    let engine = engine.clone();
    let seen = code.clone();
    let task = tokio::spawn(async move {
        loop {
            let exit = tokio::select! {
                _ = int.recv() => 130,
                _ = term.recv() => 143,
                _ = hup.recv() => 129,
            };
            seen.store(exit, Ordering::SeqCst);
            let running = engine.in_flight();
            let count = engine.interrupt();
            if running.is_empty() {
                eprintln!("roster: interrupted; no change was in flight, so nothing changed.");
                std::process::exit(exit);
            }
            for change in &running {
                if count == 1 {
                    eprintln!(
                        "roster: interrupted: finishing the change in flight (at most {} s): {}. \
                         Interrupt again to stop waiting: {}.",
                        crate::engine::INTERRUPT_GRACE.as_secs(),
                        change.description,
                        change.what_would_be_left()
                    );
                } else {
                    eprintln!("roster: stopping now: {}.", change.what_would_be_left());
                }
            }
        }
    });
    Guard {
        code,
        task: Some(task),
    }
}

impl Guard {
    /// The command's exit code, or the signal's (130, 143, 129) when one arrived: the outcome
    /// was printed, and the caller must know the command was interrupted.
    pub fn exit_code(self, result: Result<i32, Failure>) -> Result<i32, Failure> {
        let signalled = self.code.load(Ordering::SeqCst);
        if let Some(task) = &self.task {
            task.abort();
        }
        match result {
            Ok(_) if signalled != 0 => Ok(signalled),
            other => other,
        }
    }
}
