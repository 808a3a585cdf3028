//! Helpers for end-to-end tests of the real `roster` binary inside tmux: a private tmux server per
//! test (its own socket, killed on drop even when the test fails), keys in, screen text out, and
//! polling with a deadline instead of sleeping. Plus a few `/proc` helpers to find and watch the
//! roster process.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The binary under test.
pub const ROSTER: &str = env!("CARGO_BIN_EXE_roster");

/// How long one step may take before the test fails (debug build, busy machine).
pub const STEP: Duration = Duration::from_secs(30);

/// How often the screen is read while waiting.
const POLL: Duration = Duration::from_millis(40);

/// Whether tmux can be run. When it cannot: under CI (`CI` set and not `false`/`0`) the test
/// fails, since CI installs tmux; elsewhere the test is skipped with a message, and this returns
/// false.
pub fn tmux_or_skip(test: &str) -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "{test}: tmux is not installed, and CI is set: the end-to-end tests must run in CI"
    );
    eprintln!("SKIPPED {test}: tmux is not installed (install tmux to run the end-to-end tests)");
    false
}

/// Quotes `s` for a POSIX shell.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A private tmux server with one session, `e2e`. Dropping it kills the server (and with it the
/// processes in its panes).
pub struct Tmux {
    socket: PathBuf,
    /// Scratch directory of the test (the socket lives here too).
    pub dir: tempfile::TempDir,
}

impl Tmux {
    /// Starts a server with one `width`×`height` window running `shell_command` (run by the
    /// default shell with `-c`). Environment variables in `env` are set for the command.
    pub fn start(width: u16, height: u16, env: &[(&str, &str)], shell_command: &str) -> Tmux {
        let dir = tempfile::Builder::new()
            .prefix("roster-e2e-")
            .tempdir()
            .expect("scratch directory");
        let socket = dir.path().join("tmux.sock");
        let t = Tmux { socket, dir };
        let mut args: Vec<String> = vec![
            "new-session".into(),
            "-d".into(),
            "-s".into(),
            "e2e".into(),
            "-x".into(),
            width.to_string(),
            "-y".into(),
            height.to_string(),
        ];
        let exports: String = env
            .iter()
            .map(|(k, v)| format!("export {k}={}; ", sh_quote(v)))
            .collect();
        args.push(format!("{exports}{shell_command}"));
        let out = t.run(&args);
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    /// Path of a file in the scratch directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("-f")
            .arg("/dev/null")
            .args(args)
            .output()
            .expect("run tmux")
    }

    /// Sends key names (`Enter`, `Tab`, `Up`, `C-z`, or single characters).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        let out = self.run(&args);
        assert!(
            out.status.success(),
            "send-keys {keys:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Types `text` literally.
    pub fn type_text(&self, text: &str) {
        let out = self.run(&["send-keys", "-t", "e2e", "-l", text]);
        assert!(
            out.status.success(),
            "send-keys -l: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Pastes `text` into the pane as a terminal would: with bracketed paste markers when the
    /// program asked for them (tmux `paste-buffer -p`).
    pub fn paste(&self, text: &str) {
        let out = self.run(&["set-buffer", "-b", "e2e-paste", "--", text]);
        assert!(
            out.status.success(),
            "set-buffer: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = self.run(&["paste-buffer", "-p", "-d", "-b", "e2e-paste", "-t", "e2e"]);
        assert!(
            out.status.success(),
            "paste-buffer: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The visible screen as text (empty when the session is gone).
    pub fn screen(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-t", "e2e"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A tmux format evaluated for the pane, e.g. `#{alternate_on}`.
    pub fn display(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "e2e", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// The PID of the pane's first process (the shell running the command).
    pub fn pane_pid(&self) -> u32 {
        self.display("#{pane_pid}")
            .parse()
            .expect("tmux reports the pane's PID")
    }

    /// Resizes the window.
    pub fn resize(&self, width: u16, height: u16) {
        let out = self.run(&[
            "resize-window",
            "-t",
            "e2e",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
        assert!(
            out.status.success(),
            "resize-window {width}x{height}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Copies everything the pane's programs write (raw bytes) to `file`.
    pub fn pipe_output_to(&self, file: &Path) {
        let cmd = format!("cat > {}", sh_quote(&file.display().to_string()));
        let out = self.run(&["pipe-pane", "-O", "-t", "e2e", &cmd]);
        assert!(
            out.status.success(),
            "pipe-pane: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Kills the session: tmux closes the pane's terminal.
    pub fn kill_session(&self) {
        let _ = self.run(&["kill-session", "-t", "e2e"]);
    }

    /// Polls the screen until `cond` holds; fails the test after `timeout` with `what` and the
    /// screen. Returns the screen that satisfied it.
    pub fn wait_until(&self, what: &str, timeout: Duration, cond: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if cond(&screen) {
                return screen;
            }
            if Instant::now() >= deadline {
                panic!("timed out after {timeout:?} waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until `text` is on the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} on screen"), STEP, |s| s.contains(text))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// Polls `cond` until it holds or `timeout` passes; returns whether it held.
pub fn poll(timeout: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if cond() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// `(pid, parent pid, state, utime + stime in clock ticks)` of a process, from `/proc`.
pub fn proc_stat(pid: u32) -> Option<(u32, u32, char, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: fields start after the last ')'.
    let rest = &text[text.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let state = f.first()?.chars().next()?;
    let ppid = f.get(1)?.parse().ok()?;
    let utime: u64 = f.get(11)?.parse().ok()?;
    let stime: u64 = f.get(12)?.parse().ok()?;
    Some((pid, ppid, state, utime + stime))
}

/// Whether `pid` runs (a zombie, already dead but not yet reaped, counts as gone).
pub fn running(pid: u32) -> bool {
    proc_stat(pid).is_some_and(|(_, _, state, _)| state != 'Z' && state != 'X')
}

/// The first process below `root` (any depth) running the roster binary, waiting up to `timeout`.
pub fn find_roster(root: u32, timeout: Duration) -> u32 {
    let target = std::fs::canonicalize(ROSTER).expect("the roster binary exists");
    let mut found = None;
    let ok = poll(timeout, || {
        found = descendants(root).into_iter().find(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == target)
                && running(*pid)
        });
        found.is_some()
    });
    assert!(ok, "no roster process below PID {root}");
    found.unwrap_or_default()
}

fn descendants(root: u32) -> Vec<u32> {
    let all: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
                .filter_map(|pid| proc_stat(pid).map(|(p, pp, _, _)| (p, pp)))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut frontier = vec![root];
    while let Some(parent) = frontier.pop() {
        for &(pid, ppid) in &all {
            if ppid == parent {
                out.push(pid);
                frontier.push(pid);
            }
        }
    }
    out
}

/// Asserts that `stty -a` output shows a cooked terminal: `icanon` and `echo` on.
pub fn assert_cooked(stty: &str) {
    let flags: Vec<&str> = stty
        .split(|c: char| c.is_whitespace() || c == ';')
        .collect();
    for flag in ["icanon", "echo"] {
        assert!(
            flags.contains(&flag) && !flags.contains(&format!("-{flag}").as_str()),
            "terminal not restored: `{flag}` is off; stty -a says:\n{stty}"
        );
    }
}

/// Reads the file `path` once it exists and is not empty, or fails after `timeout`.
pub fn read_when_written(path: &Path, timeout: Duration) -> String {
    let mut text = String::new();
    let ok = poll(timeout, || {
        text = std::fs::read_to_string(path).unwrap_or_default();
        !text.is_empty()
    });
    assert!(ok, "{} was never written", path.display());
    text
}

/// A shell command that runs roster with `args`, then records the terminal state in `stty_file`
/// and prints `EXITED <code>`, then stays (so the pane can be read).
pub fn wrapped(args: &str, stty_file: &Path) -> String {
    format!(
        "{} {args}; code=$?; stty -a > {}; echo EXITED $code; exec sleep 600",
        sh_quote(ROSTER),
        sh_quote(&stty_file.display().to_string())
    )
}
