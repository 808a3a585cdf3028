//! The audit log: one JSON line per change (its intent before the first request, its outcome after
//! the verification read) and per API step of a change, appended to `audit.jsonl` in the data dir
//! and synced before anything is shown, so it survives a crash or `kill -9`. It never contains a
//! token. The change engine ([`crate::engine`]) is its only writer of change records.
//!
//! Every record is one whole-line write made under an exclusive lock on the file, so two roster
//! processes never interleave, and a record that a full disk cut short is removed again (or, if
//! that fails, never glued onto: the next record starts on a fresh line).

use crate::error::{Error, Result};
pub use crate::line_file::Durability;
use crate::line_file::LineFile;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// One line of the audit log. Field names are stable (scripts read them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// RFC 3339 UTC time.
    pub time: String,
    /// Profile name.
    pub profile: String,
    /// Provider name.
    pub provider: String,
    /// `add`, `set-role`, `remove`, `create-workspace`, or `step` for one API request of a change.
    pub operation: String,
    /// Workspace ID (or the request path for a step).
    pub workspace: Option<String>,
    /// The user (email or ID) the change is about.
    pub user: Option<String>,
    /// Role before the change.
    pub old_role: Option<String>,
    /// Role after the change.
    pub new_role: Option<String>,
    /// `pending` on an intent; on an outcome what the verification read found: `ok`, `failed`,
    /// `partial`, `unknown`, `interrupted`, `stale`, `refused`; on a step `ok` or `failed`.
    pub outcome: String,
    /// HTTP status of the step, or of the failure.
    pub status: Option<u16>,
    /// Server request ID.
    pub request_id: Option<String>,
    /// Details: the step (`POST /api/...`) or the message shown.
    pub detail: Option<String>,
    /// The change's ID (`roster recover` and `roster audit` show it); shared by its intent,
    /// steps and outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_id: Option<String>,
    /// `intent` or `outcome` for a change record; absent on steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// On an intent: the whole change as planned (the state it was planned against and the state
    /// wanted), so `roster undo` can plan its inverse from the audit log alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Box<crate::engine::plan::Change>>,
    /// On the outcome of a membership change: the member's ID as the verification read showed it
    /// (an add by email learns it there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<String>,
}

/// An append-only audit file.
#[derive(Debug)]
pub struct AuditLog {
    file: LineFile,
}

impl AuditLog {
    /// The default location: `audit.jsonl` in the platform data dir (`ROSTER_AUDIT_FILE` overrides it).
    pub fn default_path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os("ROSTER_AUDIT_FILE").filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(p));
        }
        directories::ProjectDirs::from("", "", "roster").map(|d| d.data_dir().join("audit.jsonl"))
    }

    /// Opens (creating if needed, mode 0600) the audit file at `path`.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        Ok(AuditLog {
            file: LineFile::open(path)?,
        })
    }

    /// Where the log is.
    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// Appends one line, synced to disk before returning.
    pub fn append(&self, entry: &AuditEntry) -> std::io::Result<()> {
        self.append_with(entry, Durability::Synced)
    }

    /// Appends one line, as durable as asked (a change's outcome is synced; its intent and steps
    /// only written, and synced with it).
    pub fn append_with(&self, entry: &AuditEntry, durability: Durability) -> std::io::Result<()> {
        let line = serde_json::to_vec(entry)?;
        self.file.append(&line, durability)
    }
}

/// What reading the audit file found: the entries, and the line numbers (1-based) of lines that
/// are not entries.
#[derive(Debug, Default)]
pub struct AuditRead {
    /// Readable entries, in file order.
    pub entries: Vec<AuditEntry>,
    /// 1-based numbers of the lines that could not be read.
    pub unreadable: Vec<usize>,
}

/// Reads the audit file at `path`; a missing file reads as empty.
pub fn read_log(path: &Path) -> std::io::Result<AuditRead> {
    let bytes = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(AuditRead::default()),
        Err(e) => return Err(e),
    };
    let mut read = AuditRead::default();
    for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice(line) {
            Ok(entry) => read.entries.push(entry),
            Err(_) => read.unreadable.push(n + 1),
        }
    }
    Ok(read)
}

/// Reads every readable entry of the audit file at `path` (see [`read_log`] for the unreadable ones).
pub fn read_entries(path: &Path) -> std::io::Result<Vec<AuditEntry>> {
    read_log(path).map(|r| r.entries)
}

/// The current time as the audit log writes it.
pub fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| "unknown".into())
}

/// Keeps entries of `profile` (if given) at or after `since` (if given).
pub fn filter(
    entries: Vec<AuditEntry>,
    profile: Option<&str>,
    since: Option<OffsetDateTime>,
) -> Vec<AuditEntry> {
    entries
        .into_iter()
        .filter(|e| profile.is_none_or(|p| e.profile == p))
        .filter(|e| {
            since.is_none_or(|s| OffsetDateTime::parse(&e.time, &Rfc3339).is_ok_and(|t| t >= s))
        })
        .collect()
}

/// Parses `--since`: RFC 3339 (`2026-11-22T10:00:00Z`) or a date (`2026-11-22`, midnight UTC).
pub fn parse_since(input: &str) -> Result<OffsetDateTime> {
    if let Ok(t) = OffsetDateTime::parse(input, &Rfc3339) {
        return Ok(t);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(input, &format)
        .map(|d| d.midnight().assume_utc())
        .map_err(|_| {
            Error::usage(format!(
                "--since {input:?} is not a time; use RFC 3339 (2026-11-22T10:00:00Z) or a date (2026-11-22)"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(profile: &str, time: &str) -> AuditEntry {
        AuditEntry {
            time: time.into(),
            profile: profile.into(),
            provider: "askui".into(),
            operation: "add".into(),
            workspace: Some("w".into()),
            user: Some("u@x.io".into()),
            old_role: None,
            new_role: Some("admin".into()),
            outcome: "ok".into(),
            status: None,
            request_id: None,
            detail: None,
            change_id: None,
            phase: None,
            change: None,
            member_id: None,
        }
    }

    #[test]
    fn appends_parsable_lines_and_filters() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let log = AuditLog::open(&path).unwrap();
        for (profile, time) in [("a", "2026-01-01T00:00:00Z"), ("b", "2026-06-01T00:00:00Z")] {
            log.append(&entry(profile, time)).unwrap();
        }
        let all = read_entries(&path).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(filter(all.clone(), Some("b"), None).len(), 1);
        let since = parse_since("2026-03-01").unwrap();
        let recent = filter(all, None, Some(since));
        assert_eq!(recent.len(), 1);
        assert_eq!(recent[0].profile, "b");
        assert!(parse_since("yesterday").is_err());
    }

    #[test]
    fn a_record_cut_short_is_never_glued_onto_and_is_reported_by_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let log = AuditLog::open(&path).unwrap();
        log.append(&entry("a", "2026-01-01T00:00:00Z")).unwrap();
        // A crash in the middle of a write leaves half a record without its newline.
        let mut raw = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        std::io::Write::write_all(&mut raw, br#"{"time":"2026-01-02T00:00:00Z","prof"#).unwrap();
        log.append(&entry("b", "2026-01-03T00:00:00Z")).unwrap();
        let read = read_log(&path).unwrap();
        let profiles: Vec<&str> = read.entries.iter().map(|e| e.profile.as_str()).collect();
        assert_eq!(
            profiles,
            ["a", "b"],
            "the record after the broken line is intact"
        );
        assert_eq!(read.unreadable, [2]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_is_an_error_not_a_silent_loss() {
        let log = AuditLog::open(Path::new("/dev/full")).unwrap();
        let err = log.append(&entry("a", "2026-01-01T00:00:00Z")).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ENOSPC), "{err}");
    }
}
