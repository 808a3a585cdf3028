//! The frame loop on the real terminal: events in, one frame out.
//!
//! - Redraws only when something changed (yazi's render flag): idle means zero bytes written.
//! - Every frame is one synchronized update, and everything already waiting (a resize drag, a burst
//!   of answers) is applied before drawing, so a burst costs one frame.
//! - The spinner tick runs only while something loads.
//! - The terminal is restored on quit, error, panic (hook), SIGTERM/SIGHUP/SIGINT, and when the
//!   terminal goes away (read error or end of input ends roster instead of spinning); see `tty.rs`
//!   and `signals.rs`.
//! - Ctrl-z restores the terminal, stops the process with SIGTSTP, and on `fg` re-enters and
//!   repaints everything.

use super::frame::{Tty, backend, draw_frame};
use super::host::Host;
use super::options::{TuiOptions, TuiProfile};
use super::signals::{EXIT_TERMINAL_GONE, Watchdog};
use super::tty::{
    enter, has_terminal, install_panic_hook, leave, quiet_if_terminal_gone, set_mouse, suspend,
    uninstall_panic_hook, write_clipboard,
};
use crate::tui::msg::Event;
use crate::tui::text;
use crate::tui::theme::Theme;
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::crossterm::event::{Event as TermEvent, EventStream, MouseEventKind};
use ratatui::crossterm::queue;
use ratatui::crossterm::terminal::BeginSynchronizedUpdate;
use std::io::{self, stdout};
use std::time::Duration;

/// Spinner speed.
const TICK: Duration = Duration::from_millis(100);

/// Runs the TUI in the real terminal until the user quits or a signal arrives.
pub(crate) async fn run(profiles: Vec<TuiProfile>, options: TuiOptions) -> crate::error::RunResult {
    if !has_terminal() {
        eprintln!("{}", text::NEEDS_TERMINAL);
        return Ok(super::tty::NO_TERMINAL);
    }
    set_mouse(options.mouse);
    let previous = install_panic_hook();
    let result = async {
        enter()?;
        let mut term = Terminal::new(backend(stdout()))?;
        let size = term.size()?;
        let (mut host, initial) = Host::start(
            profiles,
            &options,
            (size.width, size.height),
            Theme::from_env(),
        );
        host.debug_panic = debug_panic_in_draw();
        let result = event_loop(&mut term, &mut host, initial).await;
        // Before `term` drops (and tries to show the cursor).
        quiet_if_terminal_gone();
        result.map(|code| (code, host.cut))
    }
    .await;
    leave();
    uninstall_panic_hook(previous);
    let (code, cut) = result?;
    // Quit at once with a change running: say what it leaves, now that the screen is back.
    for change in cut {
        eprintln!("{}", text::quit_left(&change.what_would_be_left()));
    }
    Ok(code)
}

/// Environment variable of a deliberate test hook: `ROSTER_DEBUG_PANIC=draw` makes the first
/// frame panic inside the draw function. It exists so the end-to-end tests can check, on the real
/// binary, that a panic while drawing still gives the terminal back (raw mode off, main screen).
pub(crate) const DEBUG_PANIC_ENV: &str = "ROSTER_DEBUG_PANIC";

/// Whether [`DEBUG_PANIC_ENV`] asks for a panic in the draw function.
fn debug_panic_in_draw() -> bool {
    std::env::var_os(DEBUG_PANIC_ENV).is_some_and(|v| v == "draw")
}

fn draw(term: &mut Tty, host: &Host) -> io::Result<()> {
    if host.debug_panic {
        // Mid-frame, as a real drawing bug would: the synchronized update is open.
        queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
        term.draw(|_| {
            panic!("{DEBUG_PANIC_ENV}=draw: deliberate panic in the draw function (test hook)")
        })?;
    }
    draw_frame(term, &host.app)
}

/// What one terminal event means for the loop.
enum Input {
    /// Applied; redraw (and suspend first, when asked).
    Changed {
        /// Ctrl-z asked to suspend.
        suspend: bool,
    },
    /// Nothing visible changed.
    Ignored,
    /// The terminal is gone.
    Gone,
}

fn on_terminal_event(host: &mut Host, ev: Option<io::Result<TermEvent>>) -> Input {
    let event = match ev {
        Some(Ok(TermEvent::Key(k))) => Event::Key(k),
        Some(Ok(TermEvent::Resize(w, h))) => Event::Resize(w, h),
        Some(Ok(TermEvent::Paste(text))) => Event::Paste(text),
        // Only clicks and the wheel: moving the pointer changes nothing, so it draws nothing.
        Some(Ok(TermEvent::Mouse(m)))
            if matches!(
                m.kind,
                MouseEventKind::Down(_) | MouseEventKind::ScrollDown | MouseEventKind::ScrollUp
            ) =>
        {
            Event::Mouse(m)
        }
        Some(Ok(_)) => return Input::Ignored,
        Some(Err(e)) => {
            tracing::info!("terminal input failed, quitting: {e}");
            return Input::Gone;
        }
        None => return Input::Gone,
    };
    Input::Changed {
        suspend: host.handle(event),
    }
}

async fn event_loop(
    term: &mut Tty,
    host: &mut Host,
    initial: Vec<crate::tui::msg::Command>,
) -> crate::error::RunResult {
    // The first frame appears before any network call.
    draw(term, host)?;
    host.dispatch(initial.into());
    let mut events = EventStream::new();
    let mut watchdog = Watchdog::start(host.engine.clone())?;
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        let mut dirty = false;
        // Ctrl-z presses to carry out once the burst is applied.
        let mut suspends = 0;
        let loading = host.app.is_loading();
        tokio::select! {
            ev = events.next() => match on_terminal_event(host, ev) {
                Input::Changed { suspend } => { dirty = true; suspends += usize::from(suspend); }
                Input::Ignored => {}
                Input::Gone => return Ok(EXIT_TERMINAL_GONE),
            },
            Some(reply) = host.replies.recv() => {
                suspends += usize::from(host.handle(Event::Reply(reply)));
                dirty = true;
            }
            _ = tick.tick(), if loading => {
                host.handle(Event::Tick);
                dirty = true;
            }
            Some(code) = watchdog.exit.recv() => {
                if !host.app.change_running() {
                    return Ok(code);
                }
                // A change runs: finish it first, saying so on the screen.
                suspends += usize::from(host.handle(Event::Signal(code)));
                dirty = true;
            }
        }
        // Apply everything already waiting before drawing once.
        while let Some(ev) = ready_now(&mut events).await {
            match on_terminal_event(host, ev) {
                Input::Changed { suspend } => {
                    dirty = true;
                    suspends += usize::from(suspend);
                }
                Input::Ignored => {}
                Input::Gone => return Ok(EXIT_TERMINAL_GONE),
            }
        }
        while let Ok(reply) = host.replies.try_recv() {
            suspends += usize::from(host.handle(Event::Reply(reply)));
            dirty = true;
        }
        for _ in 0..suspends {
            suspend(term)?;
            let size = term.size()?;
            host.handle(Event::Resize(size.width, size.height));
            dirty = true;
        }
        if host.app.should_quit() {
            return Ok(host.app.exit_code());
        }
        if dirty {
            draw(term, host)?;
        }
        for copy in std::mem::take(&mut host.copies) {
            write_clipboard(term.backend_mut(), &copy)?;
        }
    }
}

/// The next terminal event if one is already waiting, without waiting for one.
///
/// Polls with the task's own waker: crossterm's `EventStream` remembers the first waker it is
/// polled with until an event arrives, so polling it with a throwaway waker (`now_or_never`) would
/// leave the loop deaf to every later key.
async fn ready_now(events: &mut EventStream) -> Option<Option<io::Result<TermEvent>>> {
    std::future::poll_fn(|cx| match events.poll_next_unpin(cx) {
        std::task::Poll::Ready(ev) => std::task::Poll::Ready(Some(ev)),
        std::task::Poll::Pending => std::task::Poll::Ready(None),
    })
    .await
}
