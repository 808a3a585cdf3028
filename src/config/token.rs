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
use std::time::{Duration, Instant};

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

/// What a finished command left behind.
struct Finished {
    status: std::process::ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs `command` under `sh -c` in its own process group, killing the whole group after `timeout`.
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
    let mut child = cmd
        .spawn()
        .map_err(|e| Error::usage(format!("token_command could not be started: {e}")))?;
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut buf);
            }
            buf
        })
    };
    let stdout = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                #[cfg(unix)]
                // SAFETY: kill(2) on the process group of a child this function spawned.
                unsafe {
                    libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL);
                }
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::usage(format!(
                    "token_command did not finish within {} s; roster stopped it (is it waiting \
                     for an unlock or a prompt?)",
                    timeout.as_secs_f32()
                )));
            }
            Err(e) => {
                return Err(Error::usage(format!(
                    "token_command could not be waited for: {e}"
                )));
            }
        }
    };
    Ok(Finished {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
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

fn from_file(path: &Path) -> Result<Secret> {
    let shown = path.display();
    let mut file = std::fs::File::open(path)
        .map_err(|e| Error::usage(format!("cannot open token_file {shown}: {e}")))?;
    // Checked on the open handle, so the file cannot be swapped between the check and the read.
    let meta = file
        .metadata()
        .map_err(|e| Error::usage(format!("cannot inspect token_file {shown}: {e}")))?;
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
    if !meta.is_file() {
        return Err(Error::usage(format!("token_file {shown} is not a file")));
    }
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(|e| {
        Error::usage(format!(
            "cannot read token_file {shown} as text: {}",
            e.kind()
        ))
    })?;
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
}
