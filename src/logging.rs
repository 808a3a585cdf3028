//! Logging to a file: `tracing` events go to `roster.log` in the platform data dir (for example
//! `~/.local/share/roster/roster.log`), never to the terminal, where they would corrupt the TUI or a
//! script's output. `ROSTER_LOG` sets the level (default `info`), or levels per target such as
//! `warn,roster=debug` ([`Targets`]: a target-and-level filter, without the regex engine a full
//! `EnvFilter` would add to the binary).
//! Each line is cut at [`LOGGED_MAX`] bytes ([`CappedLines`]), whatever a server sent.

use crate::server_text::LOGGED_MAX;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

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
    let filter = log_filter(std::env::var(LOG_ENV).ok().as_deref());
    let lines = tracing_subscriber::fmt::layer()
        .with_writer(CappedLines::new(file))
        .with_ansi(false);
    tracing_subscriber::registry()
        .with(lines)
        .with(filter)
        .try_init()
        .ok()?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "roster started");
    Some(LogGuard { path })
}

/// The filter `ROSTER_LOG` asks for; `info` when it is unset or malformed.
fn log_filter(setting: Option<&str>) -> Targets {
    setting
        .and_then(|v| v.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::INFO))
}

/// A log writer that keeps at most [`LOGGED_MAX`] bytes of each event, then notes how many bytes
/// were left out: the log file keeps at most 64 KB of any server text that reaches a log line.
#[derive(Debug)]
pub struct CappedLines<W> {
    out: Mutex<W>,
}

impl<W: Write> CappedLines<W> {
    /// Logs to `out`.
    pub fn new(out: W) -> Self {
        CappedLines {
            out: Mutex::new(out),
        }
    }
}

/// The writer of one event: `tracing_subscriber` asks for one per event and writes the formatted
/// line through it.
pub struct CappedLine<'a, W: Write> {
    out: MutexGuard<'a, W>,
    written: usize,
    dropped: usize,
}

impl<'a, W: Write + 'a> MakeWriter<'a> for CappedLines<W> {
    type Writer = CappedLine<'a, W>;

    fn make_writer(&'a self) -> Self::Writer {
        CappedLine {
            out: self.out.lock().unwrap_or_else(|p| p.into_inner()),
            written: 0,
            dropped: 0,
        }
    }
}

impl<W: Write> Write for CappedLine<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut keep = buf.len().min(LOGGED_MAX.saturating_sub(self.written));
        // Never split a UTF-8 character: back off over continuation bytes.
        while keep < buf.len() && keep > 0 && buf[keep] & 0xc0 == 0x80 {
            keep -= 1;
        }
        self.out.write_all(&buf[..keep])?;
        self.written += keep;
        self.dropped += buf.len() - keep;
        if self.dropped > 0 {
            // Nothing more of this event is written once something was left out.
            self.written = LOGGED_MAX;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl<W: Write> Drop for CappedLine<'_, W> {
    fn drop(&mut self) {
        if self.dropped > 0 {
            // The cut removed the line's end too: close it.
            let _ = writeln!(self.out, "… ({} bytes more)", self.dropped);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tracing::Level;

    #[test]
    fn roster_log_sets_levels_per_target_and_falls_back_to_info() {
        let per_target = log_filter(Some("warn,roster=debug"));
        assert!(per_target.would_enable("roster::http", &Level::DEBUG));
        assert!(!per_target.would_enable("hyper::proto", &Level::INFO));
        assert!(per_target.would_enable("hyper::proto", &Level::WARN));

        for unset_or_bad in [None, Some("roster=loud=very")] {
            let default = log_filter(unset_or_bad);
            assert!(
                default.would_enable("roster", &Level::INFO),
                "{unset_or_bad:?}"
            );
            assert!(
                !default.would_enable("roster", &Level::DEBUG),
                "{unset_or_bad:?}"
            );
        }
    }

    /// A log file in memory that the test can read while the writer holds it.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_log_line_keeps_at_most_64_kb_of_server_text() {
        let file = Shared::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(CappedLines::new(file.clone()))
            .with_ansi(false)
            .finish();
        let detail = "é".repeat(1_000_000);
        tracing::subscriber::with_default(subscriber, || {
            tracing::warn!("forbidden: {detail}");
            tracing::info!("next line");
        });
        let text = String::from_utf8(file.0.lock().unwrap().clone()).expect("whole characters");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{}", &text[text.len() - 200..]);
        assert!(
            lines[0].len() <= LOGGED_MAX + 64,
            "{} bytes",
            lines[0].len()
        );
        assert!(
            lines[0].ends_with("bytes more)"),
            "{}",
            &lines[0][lines[0].len() - 80..]
        );
        assert!(lines[1].ends_with("next line"));
    }
}
