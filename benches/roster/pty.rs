//! Runs a program on a pseudo-terminal of a given size and records every byte it writes to the
//! terminal, with the time each chunk arrived. Shared by the benchmarks and `tests/perf/perf_guard.rs`.

use super::vt::Screen;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the program wrote so far.
#[derive(Debug, Default)]
pub struct Output {
    /// Every byte, in order.
    pub bytes: Vec<u8>,
    /// `(arrival time, total length after this chunk)` per read.
    pub chunks: Vec<(Instant, usize)>,
    /// Whether the terminal closed (the program and its children exited).
    pub closed: bool,
}

impl Output {
    /// When the byte at `offset` arrived.
    pub fn arrival(&self, offset: usize) -> Option<Instant> {
        self.chunks
            .iter()
            .find(|(_, end)| *end > offset)
            .map(|(t, _)| *t)
    }
}

/// A program running on a pseudo-terminal.
pub struct Pty {
    child: Child,
    master: File,
    output: Arc<Mutex<Output>>,
    reader: Option<JoinHandle<()>>,
    size: (u16, u16),
    /// When the program was started.
    pub started: Instant,
}

impl Pty {
    /// Starts `cmd` in a new session whose controlling terminal is a fresh `cols`×`rows` pty.
    pub fn spawn(mut cmd: Command, cols: u16, rows: u16) -> io::Result<Pty> {
        let (master, slave) = open(cols, rows)?;
        cmd.stdin(Stdio::from(slave.try_clone()?))
            .stdout(Stdio::from(slave.try_clone()?))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec: setsid and ioctl.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() == -1 {
                    return Err(io::Error::last_os_error());
                }
                if libc::ioctl(0, libc::TIOCSCTTY as _, 0) == -1 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let started = Instant::now();
        let child = cmd.spawn()?;
        // The parent's copies of the slave end go with `cmd`, so the master sees the end of the
        // terminal when the program exits.
        drop(cmd);
        let master = File::from(master);
        let output = Arc::new(Mutex::new(Output::default()));
        let mut reading = master.try_clone()?;
        let sink = output.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match reading.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let now = Instant::now();
                        let mut out = sink.lock().unwrap_or_else(|p| p.into_inner());
                        out.bytes.extend_from_slice(&buf[..n]);
                        let len = out.bytes.len();
                        out.chunks.push((now, len));
                    }
                }
            }
            sink.lock().unwrap_or_else(|p| p.into_inner()).closed = true;
        });
        Ok(Pty {
            child,
            master,
            output,
            reader: Some(reader),
            size: (cols, rows),
            started,
        })
    }

    /// The program's process ID.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Runs `f` on the output so far.
    pub fn with_output<T>(&self, f: impl FnOnce(&Output) -> T) -> T {
        f(&self.output.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The screen as the output so far leaves it.
    pub fn screen(&self) -> Screen {
        let mut screen = Screen::new(self.size.0, self.size.1);
        self.with_output(|o| screen.feed(&o.bytes));
        screen
    }

    /// Polls until `text` is on the screen, at most `timeout`; returns whether it appeared.
    pub fn wait_for_text(&self, text: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self.screen().contains(text) {
                return true;
            }
            if Instant::now() >= deadline || self.with_output(|o| o.closed) {
                return self.screen().contains(text);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.with_output(|o| o.bytes.len())
    }

    /// Polls until `cond` holds on the output (returns its value) or `timeout` passes (`None`).
    pub fn wait_for<T>(&self, timeout: Duration, cond: impl Fn(&Output) -> Option<T>) -> Option<T> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(v) = self.with_output(&cond) {
                return Some(v);
            }
            if Instant::now() >= deadline || self.with_output(|o| o.closed) {
                return self.with_output(&cond);
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Waits until nothing was written for `quiet`, at most `timeout`; returns whether it happened.
    pub fn wait_quiet(&self, quiet: Duration, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            let last = self.with_output(|o| o.chunks.last().map(|(t, _)| *t));
            let since = last.map_or(self.started.elapsed(), |t| t.elapsed());
            if since >= quiet {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Types `bytes` into the terminal.
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.master.write_all(bytes)?;
        self.master.flush()
    }

    /// Asks the program to quit with `q`, then ends it with SIGTERM (and SIGKILL) if it does not
    /// exit within `grace`.
    pub fn quit(mut self, grace: Duration) {
        let _ = self.send(b"q");
        if !self.exited_within(grace) {
            // SAFETY: signals our own child by its PID.
            unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
            if !self.exited_within(grace) {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
        }
        drop(self.master);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }

    fn exited_within(&mut self, grace: Duration) -> bool {
        let deadline = Instant::now() + grace;
        loop {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Opens a pty pair of the given size.
fn open(cols: u16, rows: u16) -> io::Result<(OwnedFd, OwnedFd)> {
    let mut master: libc::c_int = -1;
    let mut slave: libc::c_int = -1;
    let size = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors; the name and termios pointers may be null.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: openpty succeeded, so both descriptors are open and owned by us alone.
    let pair = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    // The master must not leak into the child.
    // SAFETY: fcntl on a descriptor we own.
    unsafe { libc::fcntl(pair.0.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC) };
    Ok(pair)
}

/// Where the end of the first synchronized update (a complete frame) is in `bytes`, if any.
pub fn frame_end(bytes: &[u8], from: usize) -> Option<usize> {
    const END: &[u8] = b"\x1b[?2026l";
    bytes
        .get(from..)?
        .windows(END.len())
        .position(|w| w == END)
        .map(|p| from + p + END.len())
}

/// Whether `needle` occurs in `bytes`.
pub fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}
