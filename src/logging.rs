//! Logging to a file: `tracing` events go to `roster.log` in the platform data dir (for example
//! `~/.local/share/roster/roster.log`), never to the terminal, where they would corrupt the TUI or a
//! script's output. `ROSTER_LOG` sets the level (default `info`; any `tracing` filter works).

use std::fs::OpenOptions;
use std::path::PathBuf;
use std::sync::Mutex;
use tracing_subscriber::EnvFilter;

/// Environment variable holding the log filter.
pub const LOG_ENV: &str = "ROSTER_LOG";

/// Keeps logging set up; holds the log file's path so callers can show it.
#[derive(Debug)]
pub struct LogGuard {
    path: PathBuf,
}

impl LogGuard {
    /// The file being written.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }
}

/// Where the log goes: `roster.log` in the platform data dir, if the platform has one.
pub fn log_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "roster").map(|d| d.data_dir().join("roster.log"))
}

/// Starts logging to [`log_path`]. Returns `None`, and roster runs on without a log, when the file
/// cannot be opened or a logger is already installed: a log must never stop the tool.
pub fn init() -> Option<LogGuard> {
    let path = log_path()?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).ok()?;
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    // The log names people (emails in request paths): readable by its owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&path).ok()?;
    // A malformed ROSTER_LOG falls back to the default rather than failing.
    let filter = std::env::var(LOG_ENV)
        .ok()
        .and_then(|v| EnvFilter::try_new(v).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .ok()?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "roster started");
    Some(LogGuard { path })
}
