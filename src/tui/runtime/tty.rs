//! The terminal as a device: raw mode and the alternate screen in and out, the panic hook that
//! gives the terminal back, suspending to the shell, and noticing that the terminal went away.

use super::frame::Tty;
use ratatui::crossterm::terminal::{
    EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use std::io::{self, stdout};
use std::panic::PanicHookInfo;
use std::sync::Arc;

/// The panic hook that was installed before roster's.
pub(super) type Hook = Arc<Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>>;

/// Raw mode and the alternate screen.
pub(super) fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, cursor::Hide)?;
    Ok(())
}

/// Undoes [`enter`]; best effort, since it also runs when the terminal is already gone.
pub(super) fn leave() {
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
