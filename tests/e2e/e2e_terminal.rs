//! Terminal robustness of the real binary, in tmux: whatever ends roster (a panic while drawing,
//! SIGTERM, SIGHUP, the terminal going away) gives the terminal back or at least ends the process
//! instead of spinning; Ctrl-z suspends to a usable shell and `fg` repaints everything; a storm of
//! resizes, down to 1×1 and up to 300×100, neither kills roster nor leaves it drawing the wrong thing.
//!
//! "Restored" is checked the way a user would notice: `stty -a` run by the shell right after roster
//! shows `icanon` and `echo`, and tmux says the pane left the alternate screen. A closed terminal is
//! tried three ways: tmux killing the session (SIGHUP), the same with roster in a session of its own
//! (no SIGHUP, only end-of-file), and closing the master of a pseudo-terminal this test owns, where
//! the exit status shows roster ended by itself (129) rather than by an abort.
//! Needs tmux: skipped with a message without it, except under CI, where it fails.

use crate::e2e_support;

use e2e_support::{
    ROSTER, STEP, Tmux, assert_cooked, find_roster, poll, proc_stat, read_when_written, running,
    sh_quote, tmux_or_skip, wrapped,
};
use std::time::{Duration, Instant};

/// The demo is up: all four profiles listed their workspaces.
fn wait_ready(t: &Tmux) {
    t.wait_until("four loaded profiles", STEP, |s| {
        s.matches('✓').count() >= 4
    });
}

/// Clock ticks per second of `/proc/*/stat` times.
fn ticks_per_second() -> f64 {
    // SAFETY: sysconf only reads a system constant.
    let n = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if n > 0 { n as f64 } else { 100.0 }
}

#[test]
fn a_panic_while_drawing_restores_the_terminal() {
    if !tmux_or_skip("a_panic_while_drawing_restores_the_terminal") {
        return;
    }
    let stty = tempfile::NamedTempFile::new().expect("temp file");
    let t = Tmux::start(
        100,
        30,
        &[("ROSTER_DEBUG_PANIC", "draw"), ("RUST_BACKTRACE", "0")],
        &wrapped("demo", stty.path()),
    );
    // The panic's exit code, and its report printed on the restored main screen.
    let screen = t.wait_for("EXITED 101");
    assert!(
        screen.contains("deliberate panic in the draw function"),
        "the panic report is readable:\n{screen}"
    );
    assert_eq!(
        t.display("#{alternate_on}"),
        "0",
        "left the alternate screen"
    );
    assert_eq!(t.display("#{cursor_flag}"), "1", "the cursor is visible");
    assert_cooked(&read_when_written(stty.path(), STEP));
}

/// Sends `signal` to a running demo; returns how long roster took to exit, after checking the exit
/// code and that the terminal was restored.
fn signal_ends_roster(signal: i32, code: i32) -> Option<Duration> {
    if !tmux_or_skip(&format!("signal {signal} ends roster")) {
        return None;
    }
    let stty = tempfile::NamedTempFile::new().expect("temp file");
    let t = Tmux::start(100, 30, &[], &wrapped("demo", stty.path()));
    wait_ready(&t);
    let pid = find_roster(t.pane_pid(), STEP);
    let sent = Instant::now();
    // SAFETY: kill only sends a signal to the roster process this test started.
    assert_eq!(unsafe { libc::kill(pid as i32, signal) }, 0);
    assert!(
        poll(Duration::from_secs(10), || !running(pid)),
        "roster is still running 10 s after signal {signal}"
    );
    let took = sent.elapsed();
    t.wait_for(&format!("EXITED {code}"));
    assert_eq!(
        t.display("#{alternate_on}"),
        "0",
        "left the alternate screen"
    );
    assert_cooked(&read_when_written(stty.path(), STEP));
    Some(took)
}

#[test]
fn sigterm_ends_roster_within_two_seconds_with_the_terminal_restored() {
    if let Some(took) = signal_ends_roster(libc::SIGTERM, 143) {
        eprintln!("SIGTERM: roster exited after {took:?}");
        assert!(took < Duration::from_secs(2), "SIGTERM took {took:?}");
    }
}

#[test]
fn sighup_ends_roster_within_two_seconds_with_the_terminal_restored() {
    if let Some(took) = signal_ends_roster(libc::SIGHUP, 129) {
        eprintln!("SIGHUP: roster exited after {took:?}");
        assert!(took < Duration::from_secs(2), "SIGHUP took {took:?}");
    }
}

/// Closes the terminal under a running demo started by `command` (which writes roster's exit
/// status to the file it gets as `{status}`), and checks roster ends within three seconds having
/// used less than one CPU-second meanwhile (a spinning process would use about three), with exit
/// status `code` when given (134 would be an abort).
fn closing_the_terminal_ends_roster(label: &str, command: &str, code: Option<&str>) {
    if !tmux_or_skip(label) {
        return;
    }
    let status = tempfile::NamedTempFile::new().expect("temp file");
    // A temporary path needs no quoting, so it can go inside an already quoted command.
    let path = status.path().display().to_string();
    assert!(
        path.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c)),
        "{path}"
    );
    let command = command.replace("{status}", &path);
    let t = Tmux::start(100, 30, &[], &command);
    wait_ready(&t);
    let pid = find_roster(t.pane_pid(), STEP);
    let (_, _, _, before) = proc_stat(pid).expect("roster's /proc entry");
    let mut last = before;
    let closed = Instant::now();
    t.kill_session();
    let ended = poll(Duration::from_secs(3), || match proc_stat(pid) {
        Some((_, _, state, cpu)) => {
            last = cpu;
            state == 'Z' || state == 'X'
        }
        None => true,
    });
    let cpu = (last - before) as f64 / ticks_per_second();
    eprintln!(
        "{label}: roster ended after {:?}, using {cpu:.2} CPU-seconds",
        closed.elapsed()
    );
    if !ended {
        // Do not leave it behind.
        // SAFETY: kill only sends a signal to the roster process this test started.
        unsafe { libc::kill(pid as i32, libc::SIGKILL) };
    }
    assert!(
        ended,
        "{label}: roster still runs 3 s after its terminal closed"
    );
    assert!(
        cpu < 1.0,
        "{label}: roster burnt {cpu:.2} CPU-seconds after its terminal closed"
    );
    if let Some(code) = code {
        let exit = read_when_written(status.path(), STEP);
        assert_eq!(
            exit.trim(),
            code,
            "{label}: exit status (134 would be an abort)"
        );
    }
}

#[test]
fn a_closed_terminal_ends_roster() {
    // The kernel hangs up the terminal's session: roster gets SIGHUP.
    closing_the_terminal_ends_roster(
        "kill-session",
        &format!(
            "{} demo; echo $? > {{status}}; exec sleep 600",
            sh_quote(ROSTER)
        ),
        // The shell dies of the hang-up too and records nothing; see the pty test for the status.
        None,
    );
}

/// roster on a pseudo-terminal of its own (its controlling terminal, roster the session leader):
/// closing the master side hangs the terminal up and sends roster SIGHUP. roster must exit with
/// 129, quickly and without an abort (writing to a dead terminal must not turn into a panic).
#[test]
fn closing_the_pty_master_ends_roster_with_129() {
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    let (mut master, mut slave) = (-1, -1);
    let size = libc::winsize {
        ws_row: 30,
        ws_col: 100,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors, which are then owned below.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty");
    // roster must not inherit the master: its own copy would keep the terminal from hanging up.
    for fd in [master, slave] {
        // SAFETY: sets a flag on a descriptor this test owns.
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    // SAFETY: both descriptors were just opened and are owned by nobody else.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let mut cmd = std::process::Command::new(ROSTER);
    cmd.arg("demo")
        .stdin(slave.try_clone().expect("dup"))
        .stdout(slave.try_clone().expect("dup"))
        .stderr(slave.try_clone().expect("dup"));
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("start roster demo");
    drop(slave);
    let pid = child.id();

    // Drain the terminal (roster blocks once the buffer is full) until told to close it.
    let output = std::sync::Arc::new(std::sync::Mutex::new(Vec::<u8>::new()));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (output, stop) = (output.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut file = std::fs::File::from(master);
            let mut buf = [0u8; 4096];
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let mut p = libc::pollfd {
                    fd: std::os::fd::AsRawFd::as_raw_fd(&file),
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd.
                if unsafe { libc::poll(&mut p, 1, 20) } > 0 {
                    match std::io::Read::read(&mut file, &mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => output.lock().unwrap().extend_from_slice(&buf[..n]),
                    }
                }
            }
            // Dropping `file` closes the only master descriptor: the terminal hangs up.
        })
    };
    // Ready once the first workspace's members are drawn (a row is written in one piece the
    // first time; later frames only write the cells that changed).
    let ready = poll(STEP, || {
        let out = output.lock().unwrap();
        out.windows(12).any(|w| w == b"Thea Vasquez")
    });
    if !ready {
        let _ = child.kill();
        panic!(
            "roster demo never drew its workspaces; it wrote:\n{}",
            String::from_utf8_lossy(&output.lock().unwrap())
        );
    }
    let (_, _, _, before) = proc_stat(pid).expect("roster's /proc entry");
    let mut last = before;
    let closed = Instant::now();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    reader.join().expect("reader thread");
    let ended = poll(Duration::from_secs(3), || match proc_stat(pid) {
        Some((_, _, state, cpu)) => {
            last = cpu;
            state == 'Z' || state == 'X'
        }
        None => true,
    });
    let took = closed.elapsed();
    if !ended {
        let _ = child.kill();
    }
    let status = child.wait().expect("wait for roster");
    let cpu = (last - before) as f64 / ticks_per_second();
    eprintln!("pty closed: roster ended after {took:?} using {cpu:.2} CPU-seconds: {status}");
    assert!(ended, "roster still runs 3 s after its terminal closed");
    assert_eq!(status.signal(), None, "killed by a signal: {status}");
    assert_eq!(status.code(), Some(129), "{status}");
    assert!(cpu < 1.0, "roster burnt {cpu:.2} CPU-seconds");
}

#[test]
fn a_closed_terminal_ends_roster_even_without_a_hangup_signal() {
    // In a session of its own, roster gets no SIGHUP: only end-of-file on its terminal, which
    // crossterm's reader does not report, so roster must notice the hang-up itself.
    let inner = format!("{} demo; echo $? > {{status}}", sh_quote(ROSTER));
    closing_the_terminal_ends_roster(
        "kill-session, no SIGHUP",
        &format!("setsid -w sh -c {}", sh_quote(&inner)),
        Some("1"),
    );
}

#[test]
fn ctrl_z_suspends_to_a_usable_shell_and_fg_repaints() {
    if !tmux_or_skip("ctrl_z_suspends_to_a_usable_shell_and_fg_repaints") {
        return;
    }
    let stty = tempfile::NamedTempFile::new().expect("temp file");
    let t = Tmux::start(
        100,
        30,
        &[("PS1", "e2e$ ")],
        "exec bash --norc --noprofile -i",
    );
    // (capture-pane drops trailing spaces, so the prompt reads `e2e$`.)
    t.wait_for("e2e$");
    t.type_text(&format!("{} demo", sh_quote(ROSTER)));
    t.keys(&["Enter"]);
    wait_ready(&t);
    assert_eq!(t.display("#{alternate_on}"), "1");

    t.keys(&["C-z"]);
    t.wait_for("Stopped");
    assert_eq!(
        t.display("#{alternate_on}"),
        "0",
        "left the alternate screen"
    );
    assert_eq!(t.display("#{cursor_flag}"), "1", "the cursor is visible");
    // The shell takes a command and shows what it prints.
    t.type_text(&format!(
        "stty -a > {}; echo ALIVE-$((40+2))",
        sh_quote(&stty.path().display().to_string())
    ));
    t.keys(&["Enter"]);
    t.wait_for("ALIVE-42");
    assert_cooked(&read_when_written(stty.path(), STEP));

    // fg: the whole screen comes back (the alternate screen starts blank, so only a full repaint
    // shows the panes, the header and the key hints again).
    t.type_text("fg");
    t.keys(&["Enter"]);
    let screen = t.wait_until("the full screen after fg", STEP, |s| {
        s.contains("roster │ profile:")
            && s.contains("Workspaces")
            && s.matches('✓').count() >= 4
            && s.contains("q quit")
    });
    assert!(!screen.contains("ALIVE-42"), "{screen}");
    assert_eq!(t.display("#{alternate_on}"), "1");
    // And it still takes keys.
    t.keys(&["q"]);
    // Type only once roster is gone, or it would read the keys.
    assert!(
        poll(STEP, || t.display("#{alternate_on}") == "0"),
        "roster did not quit"
    );
    t.type_text("echo CODE-$?");
    t.keys(&["Enter"]);
    t.wait_for("CODE-0");
}

#[test]
fn a_storm_of_resizes_leaves_roster_alive_and_drawing() {
    if !tmux_or_skip("a_storm_of_resizes_leaves_roster_alive_and_drawing") {
        return;
    }
    let stty = tempfile::NamedTempFile::new().expect("temp file");
    let t = Tmux::start(100, 30, &[], &wrapped("demo", stty.path()));
    wait_ready(&t);
    let pid = find_roster(t.pane_pid(), STEP);
    let sizes: [(u16, u16); 14] = [
        (20, 5),
        (1, 1),
        (300, 100),
        (59, 14),
        (60, 15),
        (2, 40),
        (150, 2),
        (1, 100),
        (300, 1),
        (61, 16),
        (3, 3),
        (240, 60),
        (80, 24),
        (1, 1),
    ];
    for _ in 0..3 {
        for (w, h) in sizes {
            t.resize(w, h);
        }
    }
    assert!(running(pid), "roster died during the resizes");
    // Below the minimum it says so; at a normal size the panes come back.
    t.resize(50, 12);
    t.wait_for("Terminal too small: 50×12");
    t.resize(100, 30);
    let screen = t.wait_until("the panes at 100×30", STEP, |s| {
        s.contains("roster │ profile:") && s.matches('✓').count() >= 4 && s.contains("q quit")
    });
    assert!(!screen.contains("Terminal too small"), "{screen}");
    assert!(running(pid), "roster died");
    t.keys(&["q"]);
    t.wait_for("EXITED 0");
    assert_cooked(&read_when_written(stty.path(), STEP));
}
