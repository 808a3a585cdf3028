//! Reading a profile's token from the environment, a command, a file or the config itself.
//!
//! Messages never contain the token: a failing command's stderr is shown, its stdout never is, and a
//! token file's content is never echoed.

use super::Profile;
use crate::error::{Error, Result};
use crate::sanitize::sanitize_line;
use crate::secret::Secret;
use std::ffi::OsString;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

impl Profile {
    /// Reads the token from the first configured source, in this order: the `--token-env` override
    /// (when given it is the only source tried), `token_env`, `token_command`, `token_file`, inline
    /// `token`. An unset or empty `token_env` variable is skipped so a later source can serve; a
    /// failing command or an unsafe file is an error. Errors never contain the token.
    ///
    /// This may run a command and read files: call it off any UI thread.
    pub fn resolve_token(&self, token_env_override: Option<&str>) -> Result<(Secret, TokenSource)> {
        resolve(self, token_env_override, &|var| std::env::var_os(var))
    }

    /// The configured token sources in precedence order, for `roster profiles` when none resolves.
    pub fn token_sources(&self) -> Vec<TokenSource> {
        let mut out = Vec::new();
        if let Some(v) = &self.token_env {
            out.push(TokenSource::Env(v.clone()));
        }
        if self.token_command.is_some() {
            out.push(TokenSource::Command);
        }
        if let Some(p) = &self.token_file {
            out.push(TokenSource::File(p.clone()));
        }
        if self.inline_token.is_some() {
            out.push(TokenSource::Inline);
        }
        out
    }
}

/// Longest stretch of a failing command's stderr quoted in an error.
const MAX_STDERR_CHARS: usize = 400;

/// Where a profile's token came from (shown by `roster profiles`; never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// An environment variable (from `--token-env` or the profile's `token_env`).
    Env(String),
    /// The profile's `token_command`.
    Command,
    /// The profile's `token_file`.
    File(PathBuf),
    /// A `token` written in the config file.
    Inline,
}

impl fmt::Display for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Env(var) => write!(f, "env {var}"),
            TokenSource::Command => f.write_str("command"),
            TokenSource::File(p) => write!(f, "file {}", p.display()),
            TokenSource::Inline => f.write_str("inline (config file)"),
        }
    }
}

/// Looks up an environment variable (injectable so tests need not touch the process environment).
pub(super) type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<OsString>;

pub(super) fn resolve(
    profile: &Profile,
    token_env_override: Option<&str>,
    env: EnvLookup<'_>,
) -> Result<(Secret, TokenSource)> {
    if let Some(var) = token_env_override {
        // An explicit flag is the only source tried: falling back would hide a typo in it.
        return match from_env(var, env)? {
            Some(token) => Ok((token, TokenSource::Env(var.to_string()))),
            None => Err(Error::usage(format!(
                "environment variable {var} (from --token-env) is not set or is empty"
            ))),
        };
    }
    if let Some(var) = &profile.token_env
        && let Some(token) = from_env(var, env)?
    {
        return Ok((token, TokenSource::Env(var.clone())));
    }
    if let Some(command) = &profile.token_command {
        return Ok((from_command(command)?, TokenSource::Command));
    }
    if let Some(path) = &profile.token_file {
        let path = expand_home(path);
        return Ok((from_file(&path)?, TokenSource::File(path)));
    }
    if let Some(token) = &profile.inline_token {
        return Ok((token.clone(), TokenSource::Inline));
    }
    Err(Error::usage(match &profile.token_env {
        Some(var) => format!(
            "environment variable {var} (token_env) is not set or is empty; \
             export it, or pass --token-env VAR to read another variable"
        ),
        None => "no token source: set token_env (an environment variable's name), \
                 token_command (a command that prints the token) or token_file \
                 (a file readable only by you) in the profile"
            .to_string(),
    }))
}

fn from_env(var: &str, env: EnvLookup<'_>) -> Result<Option<Secret>> {
    let Some(value) = env(var) else {
        return Ok(None);
    };
    let value = value.into_string().map_err(|_| {
        Error::usage(format!(
            "environment variable {var} does not hold valid UTF-8"
        ))
    })?;
    let token = Secret::new(value);
    Ok((!token.is_empty()).then_some(token))
}

/// How long a `token_command` may run: a password manager waiting for an unlock that never comes
/// must not hold up roster (the TUI resolves tokens before its first frame).
const TOKEN_COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

fn from_command(command: &str) -> Result<Secret> {
    from_command_within(command, TOKEN_COMMAND_TIMEOUT)
}

/// Most bytes a token source may give (command output, file size): a token is a few hundred bytes,
/// so more is a mistake (the wrong file, a command printing a page) and is refused unread.
pub(super) const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// Once the command's shell has exited, how long its output may stay open before roster stops
/// waiting: only a process it left running in the background (`… &`) can still hold it.
const DRAIN_GRACE: Duration = Duration::from_millis(200);

/// What a finished command left behind.
struct Finished {
    status: std::process::ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// What a reader thread has taken from one pipe so far.
#[derive(Default)]
struct Capture {
    bytes: Vec<u8>,
    /// The pipe reached its end (or failed).
    done: bool,
    /// More than [`MAX_TOKEN_BYTES`] came; the reader stopped.
    over: bool,
}

/// Reads `pipe` on its own thread, keeping at most [`MAX_TOKEN_BYTES`] + 1 bytes. The thread is
/// never joined: roster stops waiting for it at the time limit, and it ends when the pipe closes.
fn capture(pipe: Option<impl Read + Send + 'static>) -> Arc<Mutex<Capture>> {
    let shared = Arc::new(Mutex::new(Capture::default()));
    let Some(mut pipe) = pipe else {
        shared.lock().unwrap_or_else(|p| p.into_inner()).done = true;
        return shared;
    };
    let writer = Arc::clone(&shared);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            let n = pipe.read(&mut buf).unwrap_or(0);
            let mut c = writer.lock().unwrap_or_else(|p| p.into_inner());
            if n == 0 {
                c.done = true;
                return;
            }
            let room = MAX_TOKEN_BYTES + 1 - c.bytes.len();
            c.bytes.extend_from_slice(&buf[..n.min(room)]);
            if c.bytes.len() > MAX_TOKEN_BYTES {
                // Stop reading at once; the pipe closes when this thread returns.
                c.over = true;
                c.done = true;
                return;
            }
        }
    });
    shared
}

/// Sends SIGKILL to every process of the group `pgid` (the command's shell and all it started).
fn kill_group(pgid: u32) {
    #[cfg(unix)]
    // SAFETY: kill(2) on the process group of a child this module spawned in its own group.
    unsafe {
        libc::kill(-(pgid as libc::pid_t), libc::SIGKILL);
    }
    #[cfg(not(unix))]
    let _ = pgid;
}

/// Runs `command` under `sh -c` in its own process group. Returns once the shell has exited and its
/// output is read; a process it left in the background holding the output open gets
/// [`DRAIN_GRACE`], then the group is killed. At `timeout` the whole group is killed and roster
/// stops reading at once, whatever still holds the pipes. Output beyond [`MAX_TOKEN_BYTES`] is an
/// error, found as soon as it arrives.
fn run_with_timeout(command: &str, timeout: Duration) -> Result<Finished> {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(command)
        // stdin is closed: the command must not wait for input roster cannot give (and the TUI owns
        // the terminal). Password managers that need a passphrase use their own agent or pinentry.
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Its own group, so a timeout can stop the shell and everything it started.
        cmd.process_group(0);
    }
    let started = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| Error::usage(format!("token_command could not be started: {e}")))?;
    let group = child.id();
    let stdout = capture(child.stdout.take());
    let stderr = capture(child.stderr.take());
    let deadline = started + timeout;
    let mut exited: Option<(std::process::ExitStatus, Instant)> = None;
    loop {
        if exited.is_none() {
            match child.try_wait() {
                Ok(Some(status)) => exited = Some((status, Instant::now())),
                Ok(None) => {}
                Err(e) => {
                    kill_group(group);
                    return Err(Error::usage(format!(
                        "token_command could not be waited for: {e}"
                    )));
                }
            }
        }
        let (out_done, over) = {
            let c = stdout.lock().unwrap_or_else(|p| p.into_inner());
            (c.done, c.over)
        };
        let (err_done, err_over) = {
            let c = stderr.lock().unwrap_or_else(|p| p.into_inner());
            (c.done, c.over)
        };
        let now = Instant::now();
        if over {
            stop(&mut child, group, exited.is_some());
            return Err(Error::usage(format!(
                "token_command printed more than {} KB; a token is far shorter, so roster stopped                  it (does the command print more than the token?)",
                MAX_TOKEN_BYTES / 1024
            )));
        }
        match exited {
            Some((status, at)) => {
                let drained = out_done && (err_done || err_over);
                if drained || now >= at + DRAIN_GRACE || now >= deadline {
                    if !drained {
                        // The shell is gone; what holds its output is something it started in
                        // the background. Its output as a command is complete.
                        tracing::warn!(
                            "token_command left a background process holding its output;                              roster stopped it"
                        );
                        kill_group(group);
                    }
                    let take = |c: &Arc<Mutex<Capture>>| {
                        std::mem::take(&mut c.lock().unwrap_or_else(|p| p.into_inner()).bytes)
                    };
                    return Ok(Finished {
                        status,
                        stdout: take(&stdout),
                        stderr: take(&stderr),
                    });
                }
            }
            None if now >= deadline => {
                stop(&mut child, group, false);
                return Err(Error::usage(format!(
                    "token_command did not finish within {} s; roster stopped it (is it waiting \
                     for an unlock or a prompt?)",
                    timeout.as_secs_f32()
                )));
            }
            None => {}
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Kills the command's whole group and reaps the shell (unless already reaped), without waiting
/// for the pipes.
fn stop(child: &mut std::process::Child, group: u32, reaped: bool) {
    kill_group(group);
    if !reaped {
        let _ = child.kill();
        let _ = child.wait();
    }
}

fn from_command_within(command: &str, timeout: Duration) -> Result<Secret> {
    let output = run_with_timeout(command, timeout)?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stderr = stderr.trim();
        let shown: String = sanitize_line(stderr)
            .chars()
            .take(MAX_STDERR_CHARS)
            .collect();
        return Err(Error::usage(format!(
            "token_command failed ({}){}",
            output.status,
            if shown.is_empty() {
                " without error output".to_string()
            } else {
                format!(": {shown}")
            }
        )));
    }
    let stdout = String::from_utf8(output.stdout)
        .map_err(|_| Error::usage("token_command printed something that is not UTF-8 text"))?;
    let token = Secret::new(stdout);
    if token.is_empty() {
        return Err(Error::usage("token_command succeeded but printed nothing"));
    }
    Ok(token)
}

/// What a token file must be, or why it is refused, from its metadata alone.
fn check_token_file(shown: &std::path::Display<'_>, meta: &std::fs::Metadata) -> Result<()> {
    let kind = meta.file_type();
    if !kind.is_file() {
        let what = if kind.is_dir() {
            "a directory"
        } else {
            file_kind(&kind)
        };
        return Err(Error::usage(format!(
            "token_file {shown} is {what}, not a regular file; roster reads tokens only from \
             regular files and did not open it"
        )));
    }
    if meta.len() > MAX_TOKEN_BYTES as u64 {
        return Err(Error::usage(format!(
            "token_file {shown} is {} bytes; a token file holds at most {} KB, so roster did not \
             read it (is it the right file?)",
            meta.len(),
            MAX_TOKEN_BYTES / 1024
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(Error::usage(format!(
                "token_file {shown} has mode {mode:04o}, so other users can read it; \
                 roster refuses to use it. Fix: chmod 600 {shown}"
            )));
        }
    }
    Ok(())
}

/// A name for a file that is neither regular nor a directory.
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = kind;
    "not a regular file"
}

/// Reads a token file: its metadata is checked before it is opened (a FIFO, a device, a directory,
/// a huge file or one others can read is refused unread); it is opened without blocking (a FIFO
/// swapped in cannot hang roster) and checked again on the open handle, which must be the very file
/// checked before; at most [`MAX_TOKEN_BYTES`] are read.
fn from_file(path: &Path) -> Result<Secret> {
    let shown = path.display();
    let before = std::fs::metadata(path)
        .map_err(|e| Error::usage(format!("cannot open token_file {shown}: {e}")))?;
    check_token_file(&shown, &before)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options
        .open(path)
        .map_err(|e| Error::usage(format!("cannot open token_file {shown}: {e}")))?;
    let after = file
        .metadata()
        .map_err(|e| Error::usage(format!("cannot inspect token_file {shown}: {e}")))?;
    check_token_file(&shown, &after)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (before.dev(), before.ino()) != (after.dev(), after.ino()) {
            return Err(Error::usage(format!(
                "token_file {shown} was replaced while roster opened it; try again"
            )));
        }
    }
    let mut bytes = Vec::new();
    file.take(MAX_TOKEN_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::usage(format!("cannot read token_file {shown}: {}", e.kind())))?;
    if bytes.len() > MAX_TOKEN_BYTES {
        // It grew after the check.
        return Err(Error::usage(format!(
            "token_file {shown} holds more than {} KB; a token is far shorter",
            MAX_TOKEN_BYTES / 1024
        )));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::usage(format!("token_file {shown} is not UTF-8 text")))?;
    let token = Secret::new(text);
    if token.is_empty() {
        return Err(Error::usage(format!("token_file {shown} is empty")));
    }
    Ok(token)
}

/// `~/x` means the home directory, as people expect from shell-style paths in config files.
fn expand_home(path: &Path) -> PathBuf {
    match path.strip_prefix("~") {
        Ok(rest) => directories::BaseDirs::new()
            .map(|b| b.home_dir().join(rest))
            .unwrap_or_else(|| path.to_path_buf()),
        Err(_) => path.to_path_buf(),
    }
}

#[cfg(test)]
mod timeout_tests {
    use super::*;

    #[test]
    fn a_hanging_token_command_is_stopped_with_a_clear_error() {
        let started = Instant::now();
        let err = from_command_within("sleep 20; echo late", Duration::from_millis(300))
            .expect_err("timed out");
        assert!(err.message.contains("did not finish"), "{}", err.message);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "took {:?}",
            started.elapsed()
        );
        let ok = from_command_within("echo quick", Duration::from_secs(10)).expect("token");
        assert_eq!(ok.expose(), "quick");
    }

    /// Whether process `pid` still runs (a zombie waiting for a reaper does not).
    fn running(pid: &str) -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            !stat
                .rsplit(')')
                .next()
                .unwrap_or("")
                .trim()
                .starts_with('Z')
        })
    }

    /// `echo T; sleep N &`: the shell exits at once, but the background `sleep` holds stdout open.
    /// Roster must neither wait for it nor leave it running.
    fn background_child_holding_the_pipe(sleep_secs: u32) {
        let dir = tempfile::tempdir().expect("temp dir");
        let pid_file = dir.path().join("pid");
        let command = format!(
            "sleep {sleep_secs} & echo $! > '{}'; echo TOKEN-T",
            pid_file.display()
        );
        let limit = Duration::from_secs(3);
        let started = Instant::now();
        let token = from_command_within(&command, limit).expect("the shell printed a token");
        let took = started.elapsed();
        assert_eq!(token.expose(), "TOKEN-T");
        assert!(took < limit, "waited {took:?} for a background child");
        let pid = std::fs::read_to_string(&pid_file).expect("pid written");
        let pid = pid.trim();
        let deadline = Instant::now() + Duration::from_secs(5);
        while running(pid) {
            assert!(
                Instant::now() < deadline,
                "the background sleep {pid} still runs"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn a_background_child_holding_stdout_does_not_hold_roster_sleep_90() {
        background_child_holding_the_pipe(90);
    }

    #[test]
    fn a_background_child_holding_stdout_does_not_hold_roster_sleep_20() {
        background_child_holding_the_pipe(20);
    }

    #[test]
    fn at_the_limit_the_whole_group_is_killed_and_reading_stops_at_once() {
        // The shell itself runs past the limit, and so does a background child holding both pipes.
        let dir = tempfile::tempdir().expect("temp dir");
        let pid_file = dir.path().join("pid");
        let command = format!(
            "sleep 90 & echo $! > '{}'; echo partial; sleep 90",
            pid_file.display()
        );
        let limit = Duration::from_millis(500);
        let started = Instant::now();
        let err = from_command_within(&command, limit).expect_err("timed out");
        let took = started.elapsed();
        assert!(
            err.message.contains("did not finish within 0.5 s"),
            "{}",
            err.message
        );
        assert!(!err.message.contains("partial"), "{}", err.message);
        assert!(took < limit + Duration::from_millis(400), "took {took:?}");
        let pid = std::fs::read_to_string(&pid_file).expect("pid written");
        let pid = pid.trim();
        let deadline = Instant::now() + Duration::from_secs(5);
        while running(pid) {
            assert!(Instant::now() < deadline, "background sleep {pid} survived");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn output_over_64_kb_is_an_error_found_as_it_arrives() {
        let err = from_command_within(
            "head -c 70000 /dev/zero | tr '\\0' a",
            Duration::from_secs(10),
        )
        .expect_err("too long");
        assert!(err.message.contains("more than 64 KB"), "{}", err.message);
        assert!(!err.message.contains("aaaa"), "{}", err.message);
        // A command that never stops printing is stopped as soon as it passes the cap, not at the
        // time limit.
        let started = Instant::now();
        let err = from_command_within("yes", Duration::from_secs(20)).expect_err("endless");
        assert!(err.message.contains("more than 64 KB"), "{}", err.message);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        // Exactly 64 KB is still a token (a long one).
        let ok = from_command_within(
            "head -c 65536 /dev/zero | tr '\\0' b",
            Duration::from_secs(10),
        )
        .expect("64 KB");
        assert_eq!(ok.expose().len(), MAX_TOKEN_BYTES);
    }
}

#[cfg(all(test, unix))]
mod file_tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::time::{Duration, Instant};

    fn refused(path: &Path) -> String {
        let started = Instant::now();
        let err = from_file(path).expect_err("refused");
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "took {:?} for {}",
            started.elapsed(),
            path.display()
        );
        err.message
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("token");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: mkfifo(3) on a NUL-terminated path in a fresh temporary directory.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let msg = refused(&fifo);
        assert!(
            msg.contains("is a FIFO (named pipe), not a regular file"),
            "{msg}"
        );
    }

    #[test]
    fn a_directory_and_a_device_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = dir.path().join("tokens");
        std::fs::create_dir(&sub).expect("dir");
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        assert!(refused(&sub).contains("is a directory, not a regular file"));
        // /dev/zero would be read forever.
        assert!(refused(Path::new("/dev/zero")).contains("is a device, not a regular file"));
    }

    #[test]
    fn a_huge_file_is_refused_unread() {
        let dir = tempfile::tempdir().expect("temp dir");
        let big = dir.path().join("token");
        let f = std::fs::File::create(&big).expect("create");
        // A sparse 1 GiB file: cheap to make, 2.5 GB of memory if it were read.
        f.set_len(1 << 30).expect("set_len");
        std::fs::set_permissions(&big, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let msg = refused(&big);
        assert!(
            msg.contains("is 1073741824 bytes; a token file holds at most 64 KB"),
            "{msg}"
        );
        // At the limit the file is still read.
        f.set_len(MAX_TOKEN_BYTES as u64).expect("set_len");
        drop(f);
        std::fs::write(&big, "t".repeat(MAX_TOKEN_BYTES)).expect("write");
        assert_eq!(
            from_file(&big).expect("64 KB").expose().len(),
            MAX_TOKEN_BYTES
        );
    }

    #[test]
    fn group_or_other_bits_are_refused_and_0600_or_0400_accepted() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("token");
        std::fs::write(&file, "file-token\n").expect("write");
        for mode in [0o640, 0o604, 0o660, 0o644] {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).expect("chmod");
            let msg = refused(&file);
            assert!(msg.contains("chmod 600"), "{mode:o}: {msg}");
            assert!(!msg.contains("file-token"), "{msg}");
        }
        for mode in [0o600, 0o400] {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).expect("chmod");
            assert_eq!(from_file(&file).expect("accepted").expose(), "file-token");
        }
    }
}
