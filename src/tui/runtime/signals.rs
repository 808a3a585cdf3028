//! Signals: SIGTERM, SIGHUP and SIGINT, and the terminal hanging up, end roster even when the
//! event loop cannot (see [`Watchdog`]).

use super::tty::{hung_up, leave};
use std::io;
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};

/// Exit code when the terminal went away.
pub(super) const EXIT_TERMINAL_GONE: i32 = 1;

/// Ends roster on SIGTERM, SIGHUP or SIGINT, or when the terminal hangs up, even if the UI thread
/// cannot: crossterm's reader spins forever on a terminal that returns end-of-file, so the event
/// loop would never see the signal. The watchdog asks the loop to stop; if it has not within
/// [`GRACE`] (after the change in flight finished, at most [`crate::engine::INTERRUPT_GRACE`]), it
/// restores what it can and exits the process itself.
pub(super) struct Watchdog {
    /// The exit code a signal (or the hang-up) asks for.
    pub(super) exit: tokio::sync::mpsc::UnboundedReceiver<i32>,
    task: tokio::task::JoinHandle<()>,
}

/// How long the event loop gets to stop by itself after a signal.
const GRACE: Duration = Duration::from_millis(1000);
/// How often the watchdog checks whether the terminal hung up (no output, one syscall). Short,
/// because once the terminal is gone crossterm's reader thread spins on end-of-file until roster
/// exits: this bounds the CPU burnt to a fraction of a second.
const HANGUP_CHECK: Duration = Duration::from_millis(200);

impl Watchdog {
    /// Installs the signal handlers and starts watching; `engine` is told to stop, and waited
    /// for, before the watchdog exits the process itself.
    pub(super) fn start(engine: crate::engine::Engine) -> io::Result<Watchdog> {
        let mut sigterm = signal(SignalKind::terminate())?;
        let mut sighup = signal(SignalKind::hangup())?;
        let mut sigint = signal(SignalKind::interrupt())?;
        // SAFETY: isatty only inspects the descriptor.
        let stdin_is_tty = unsafe { libc::isatty(libc::STDIN_FILENO) } == 1;
        let (tx, exit) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            let mut check = tokio::time::interval(HANGUP_CHECK);
            check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            let code = loop {
                tokio::select! {
                    _ = sigterm.recv() => break 143,
                    _ = sighup.recv() => break 129,
                    _ = sigint.recv() => break 130,
                    _ = check.tick() => if stdin_is_tty && hung_up(libc::STDIN_FILENO) {
                        break EXIT_TERMINAL_GONE;
                    },
                }
            };
            let _ = tx.send(code);
            if !engine.in_flight().is_empty() {
                // Never cut a change in half by accident: let it finish (the engine cuts it
                // after its own grace), then give the loop its usual time.
                engine.stop_gracefully();
                engine
                    .wait_idle(crate::engine::INTERRUPT_GRACE + GRACE)
                    .await;
            }
            tokio::time::sleep(GRACE).await;
            tracing::warn!("event loop did not stop after a signal; exiting from the watchdog");
            leave();
            std::process::exit(code);
        });
        Ok(Watchdog { exit, task })
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        // The loop ended on its own: no forced exit, and the signal handlers go away.
        self.task.abort();
    }
}
