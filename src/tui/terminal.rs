//! The real terminal: setup and restore, the event loop, signals and suspend.
//!
//! - Redraws only when something changed (yazi's render flag): idle means zero bytes written.
//! - Every frame is one synchronized update, and everything already waiting (a resize drag, a burst
//!   of answers) is applied before drawing, so a burst costs one frame.
//! - The spinner tick runs only while something loads.
//! - The terminal is restored on quit, error, panic (hook), SIGTERM/SIGHUP/SIGINT, and when the
//!   terminal goes away (read error or end of input ends roster instead of spinning).
//! - Ctrl-z restores the terminal, stops the process with SIGTSTP, and on `fg` re-enters and
//!   repaints everything.

use super::app::{Command, Event};
use super::frame::Tty;
use super::session::Session;
use super::theme::Theme;
use super::{TuiOptions, TuiProfile};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::crossterm::event::{Event as TermEvent, EventStream};
use ratatui::crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute, queue};
use std::io::{self, stdout};
use std::panic::PanicHookInfo;
use std::sync::Arc;
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};

/// Spinner speed.
const TICK: Duration = Duration::from_millis(100);
/// Exit code when the terminal went away.
const EXIT_TERMINAL_GONE: i32 = 1;

type Hook = Arc<Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>>;

/// Runs the TUI in the real terminal until the user quits or a signal arrives.
pub(crate) async fn run(profiles: Vec<TuiProfile>, options: TuiOptions) -> color_eyre::Result<i32> {
    let previous = install_panic_hook();
    let result = async {
        enter()?;
        let mut term = Terminal::new(super::frame::backend(stdout()))?;
        let size = term.size()?;
        let (mut session, initial) = Session::start(
            profiles,
            &options,
            (size.width, size.height),
            Theme::from_env(),
        );
        session.debug_panic = debug_panic_in_draw();
        let result = event_loop(&mut term, &mut session, initial).await;
        // Before `term` drops (and tries to show the cursor).
        quiet_if_terminal_gone();
        result.map(|code| (code, session.cut))
    }
    .await;
    leave();
    uninstall_panic_hook(previous);
    let (code, cut) = result?;
    // Quit at once with a change running: say what it leaves, now that the screen is back.
    for change in cut {
        eprintln!("{}", super::text::quit_left(&change.what_would_be_left()));
    }
    Ok(code)
}

/// Raw mode and the alternate screen.
fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, cursor::Hide)?;
    Ok(())
}

/// Undoes [`enter`]; best effort, since it also runs when the terminal is already gone.
fn leave() {
    let _ = execute!(
        stdout(),
        EndSynchronizedUpdate,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restores the terminal before the previous hook (color-eyre's report) prints, for panics on the
/// UI thread. Panics on worker threads are caught there and shown as errors; printing them would
/// scribble over the screen, so they are only logged.
fn install_panic_hook() -> Hook {
    let previous: Hook = Arc::new(std::panic::take_hook());
    let ui = std::thread::current().id();
    let chained = previous.clone();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == ui {
            leave();
            chained(info);
        } else {
            tracing::error!("background task panicked: {info}");
        }
    }));
    previous
}

fn uninstall_panic_hook(previous: Hook) {
    let _ = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| previous(info)));
}

/// Environment variable of a deliberate test hook: `ROSTER_DEBUG_PANIC=draw` makes the first
/// frame panic inside the draw function. It exists so the end-to-end tests can check, on the real
/// binary, that a panic while drawing still gives the terminal back (raw mode off, main screen).
pub(crate) const DEBUG_PANIC_ENV: &str = "ROSTER_DEBUG_PANIC";

/// Whether [`DEBUG_PANIC_ENV`] asks for a panic in the draw function.
fn debug_panic_in_draw() -> bool {
    std::env::var_os(DEBUG_PANIC_ENV).is_some_and(|v| v == "draw")
}

fn draw(term: &mut Tty, session: &Session) -> io::Result<()> {
    if session.debug_panic {
        // Mid-frame, as a real drawing bug would: the synchronized update is open.
        queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
        term.draw(|_| {
            panic!("{DEBUG_PANIC_ENV}=draw: deliberate panic in the draw function (test hook)")
        })?;
    }
    super::frame::draw_frame(term, &session.app)
}

/// What one terminal event means for the loop.
enum Input {
    /// Applied; redraw.
    Changed(Vec<Command>),
    /// Nothing visible changed.
    Ignored,
    /// The terminal is gone.
    Gone,
}

fn on_terminal_event(session: &mut Session, ev: Option<io::Result<TermEvent>>) -> Input {
    match ev {
        Some(Ok(TermEvent::Key(k))) => Input::Changed(session.handle(Event::Key(k))),
        Some(Ok(TermEvent::Resize(w, h))) => Input::Changed(session.handle(Event::Resize(w, h))),
        Some(Ok(_)) => Input::Ignored,
        Some(Err(e)) => {
            tracing::info!("terminal input failed, quitting: {e}");
            Input::Gone
        }
        None => Input::Gone,
    }
}

async fn event_loop(
    term: &mut Tty,
    session: &mut Session,
    initial: Vec<Command>,
) -> color_eyre::Result<i32> {
    // The first frame appears before any network call.
    draw(term, session)?;
    session.dispatch(initial);
    let mut events = EventStream::new();
    let mut watchdog = Watchdog::start(session.engine.clone())?;
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        let mut dirty = false;
        let mut local: Vec<Command> = Vec::new();
        let loading = session.app.is_loading();
        tokio::select! {
            ev = events.next() => match on_terminal_event(session, ev) {
                Input::Changed(c) => { dirty = true; local.extend(c); }
                Input::Ignored => {}
                Input::Gone => return Ok(EXIT_TERMINAL_GONE),
            },
            Some(o) = session.outcomes.recv() => {
                local.extend(session.handle(Event::Outcome(o)));
                dirty = true;
            }
            _ = tick.tick(), if loading => {
                session.handle(Event::Tick);
                dirty = true;
            }
            Some(code) = watchdog.exit.recv() => {
                if !session.app.change_running() {
                    return Ok(code);
                }
                // A change runs: finish it first, saying so on the screen.
                local.extend(session.handle(Event::Signal(code)));
                dirty = true;
            }
        }
        // Apply everything already waiting before drawing once.
        while let Some(ev) = ready_now(&mut events).await {
            match on_terminal_event(session, ev) {
                Input::Changed(c) => {
                    dirty = true;
                    local.extend(c);
                }
                Input::Ignored => {}
                Input::Gone => return Ok(EXIT_TERMINAL_GONE),
            }
        }
        while let Ok(o) = session.outcomes.try_recv() {
            local.extend(session.handle(Event::Outcome(o)));
            dirty = true;
        }
        for cmd in local {
            if cmd == Command::Suspend {
                suspend(term)?;
                let size = term.size()?;
                session.handle(Event::Resize(size.width, size.height));
                dirty = true;
            }
        }
        if session.app.quit {
            return Ok(session.app.exit_code);
        }
        if dirty {
            draw(term, session)?;
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

/// Ctrl-z: give the terminal back, stop, and take it again on `fg` with a full repaint.
fn suspend(term: &mut Tty) -> io::Result<()> {
    leave();
    // SAFETY: raise() only sends a signal to this process; SIGTSTP's default action stops it
    // until SIGCONT. No memory is touched.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    enter()?;
    // The screen content is unknown after the shell used it: clear it and repaint every cell.
    // (Not `Terminal::clear`, which asks the terminal for the cursor position and can time out
    // while the event reader owns the input.)
    let size = term.size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Ends roster on SIGTERM, SIGHUP or SIGINT, or when the terminal hangs up, even if the UI thread
/// cannot: crossterm's reader spins forever on a terminal that returns end-of-file, so the event
/// loop would never see the signal. The watchdog asks the loop to stop; if it has not within
/// [`GRACE`] (after the change in flight finished, at most [`crate::engine::INTERRUPT_GRACE`]), it
/// restores what it can and exits the process itself.
struct Watchdog {
    exit: tokio::sync::mpsc::UnboundedReceiver<i32>,
    task: tokio::task::JoinHandle<()>,
}

/// How long the event loop gets to stop by itself after a signal.
const GRACE: Duration = Duration::from_millis(1000);
/// How often the watchdog checks whether the terminal hung up (no output, one syscall). Short,
/// because once the terminal is gone crossterm's reader thread spins on end-of-file until roster
/// exits: this bounds the CPU burnt to a fraction of a second.
const HANGUP_CHECK: Duration = Duration::from_millis(200);

impl Watchdog {
    fn start(engine: crate::engine::Engine) -> io::Result<Watchdog> {
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

/// Once the terminal is gone every write to it fails, and `eprintln!` panics on a failed write:
/// ratatui's `Terminal` prints one when it cannot show the cursor as it drops, and so would an
/// error report. A panic there would end roster with SIGABRT after a slow backtrace. So when the
/// terminal has hung up, stderr is pointed at /dev/null (the log file keeps what matters).
fn quiet_if_terminal_gone() {
    if !(hung_up(libc::STDIN_FILENO) || hung_up(libc::STDOUT_FILENO)) {
        return;
    }
    tracing::info!("the terminal is gone; stderr now goes to /dev/null");
    // SAFETY: open, dup2 and close on a descriptor this function owns and on stderr; no memory is
    // shared with Rust code.
    unsafe {
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
        if null >= 0 {
            libc::dup2(null, libc::STDERR_FILENO);
            libc::close(null);
        }
    }
}

/// Whether `fd` reports a hang-up (the terminal was closed).
fn hung_up(fd: i32) -> bool {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout; poll only writes `revents`.
    let n = unsafe { libc::poll(&mut p, 1, 0) };
    n > 0 && (p.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL)) != 0
}
