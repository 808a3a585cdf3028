//! The terminal as a device: raw mode and the alternate screen in and out, the panic hook that
//! gives the terminal back, suspending to the shell, and noticing that the terminal went away.

use super::frame::Tty;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use std::io::{self, Write, stdout};
use std::panic::PanicHookInfo;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the terminal reports the mouse (the config's `mouse`); kept for re-entering after
/// Ctrl-z.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Reports clicks and the wheel from the next [`enter`] on.
pub(super) fn set_mouse(on: bool) {
    MOUSE.store(on, Ordering::Relaxed);
}

/// Exit code when there is no terminal to draw on (a usage error: the subcommands are for
/// scripts).
pub const NO_TERMINAL: i32 = 2;

/// Says that the screen needs a terminal and returns [`NO_TERMINAL`], unless standard input and
/// output are terminals (`None`).
pub fn require_terminal() -> Option<i32> {
    if has_terminal() {
        return None;
    }
    eprintln!("{}", crate::tui::text::NEEDS_TERMINAL);
    Some(NO_TERMINAL)
}

/// Whether standard input and output are both terminals: the screen needs both (keys in, frames
/// out). Without them roster says so and exits 2 instead of writing escape codes into a file.
pub fn has_terminal() -> bool {
    // SAFETY: isatty only inspects the descriptors.
    unsafe { libc::isatty(libc::STDIN_FILENO) == 1 && libc::isatty(libc::STDOUT_FILENO) == 1 }
}

/// Puts `text` on the clipboard with OSC 52: the terminal (or tmux, or the terminal at the other
/// end of SSH) sets its clipboard; no clipboard program is needed.
pub(super) fn write_clipboard(out: &mut impl Write, text: &str) -> io::Result<()> {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

/// The panic hook that was installed before roster's.
pub(super) type Hook = Arc<Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>>;

/// Raw mode, the alternate screen and bracketed paste (a paste arrives as text, never as keys);
/// the mouse when the config wants it.
pub(super) fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )?;
    if MOUSE.load(Ordering::Relaxed) {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Undoes [`enter`]; best effort, since it also runs when the terminal is already gone.
pub(super) fn leave() {
    if MOUSE.load(Ordering::Relaxed) {
        let _ = execute!(stdout(), DisableMouseCapture);
    }
    let _ = execute!(
        stdout(),
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restores the terminal before the previous hook (the standard panic report) prints, for panics on the
/// UI thread. Panics on worker threads are caught there and shown as errors; printing them would
/// scribble over the screen, so they are only logged.
pub(super) fn install_panic_hook() -> Hook {
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

pub(super) fn uninstall_panic_hook(previous: Hook) {
    let _ = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| previous(info)));
}

/// Ctrl-z: give the terminal back, stop, and take it again on `fg` with a full repaint.
pub(super) fn suspend(term: &mut Tty) -> io::Result<()> {
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

/// Once the terminal is gone every write to it fails, and `eprintln!` panics on a failed write:
/// ratatui's `Terminal` prints one when it cannot show the cursor as it drops, and so would an
/// error report. A panic there would end roster with SIGABRT after a slow backtrace. So when the
/// terminal has hung up, stderr is pointed at /dev/null (the log file keeps what matters).
pub(super) fn quiet_if_terminal_gone() {
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
pub(super) fn hung_up(fd: i32) -> bool {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout; poll only writes `revents`.
    let n = unsafe { libc::poll(&mut p, 1, 0) };
    n > 0 && (p.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL)) != 0
}
