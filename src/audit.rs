//! The audit log: one JSON line per attempted change and per API step of a change, appended to
//! `audit.jsonl` in the data dir, flushed and synced before the result is shown, so it survives a crash
//! or `kill -9`. It never contains a token.
//!
//! Two writers feed it: [`AuditedProvider`] wraps a provider and records each operation (add, set role,
//! remove, create workspace) with the old and new role and its outcome; [`step_observer`] records every
//! mutating HTTP request (POST, PUT, PATCH, DELETE) the provider sends, so the steps of an emulated change
//! (AskUI remove + re-add, Paradigm read-modify-write) are visible one by one.

use crate::error::{Error, Result};
use crate::http::{CallObserver, CallRecord};
use crate::model::{
    Capabilities, ChangeReport, Member, NewWorkspace, ProviderKind, Role, UserRef, Workspace,
};
use crate::providers::Provider;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
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
    /// `ok`, `failed` or `partial`.
    pub outcome: String,
    /// HTTP status of the step, or of the failure.
    pub status: Option<u16>,
    /// Server request ID.
    pub request_id: Option<String>,
    /// Details: the step (`POST /api/...`) or the error message.
    pub detail: Option<String>,
}

/// An append-only audit file.
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    file: Mutex<File>,
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
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut options = OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(path)?;
        Ok(AuditLog {
            path: path.to_path_buf(),
            file: Mutex::new(file),
        })
    }

    /// Where the log is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line, then flushes and syncs it to disk before returning.
    pub fn append(&self, entry: &AuditEntry) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(entry)?;
        line.push(b'\n');
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        // One write call per line: O_APPEND keeps concurrent roster processes from interleaving.
        file.write_all(&line)?;
        file.flush()?;
        file.sync_data()
    }

    fn record(&self, entry: AuditEntry) {
        if let Err(e) = self.append(&entry) {
            tracing::error!(path = %self.path.display(), error = %e, "cannot write the audit log");
        }
    }
}

/// Reads every entry of the audit file at `path`, skipping lines that are not entries.
pub fn read_entries(path: &Path) -> std::io::Result<Vec<AuditEntry>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect())
}

fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| "unknown".into())
}

/// An observer that writes one `step` entry for every mutating request a provider sends.
pub fn step_observer(log: Arc<AuditLog>, profile: String) -> CallObserver {
    Arc::new(move |call: &CallRecord| {
        if call.method == "GET" || call.method == "HEAD" {
            return;
        }
        // A 2xx whose answer was cut off or was not JSON is a failed step, not an `ok` one.
        let ok = call.failure.is_none() && call.status.is_some_and(|s| (200..300).contains(&s));
        log.record(AuditEntry {
            time: now(),
            profile: profile.clone(),
            provider: call.provider.to_string(),
            operation: "step".into(),
            workspace: None,
            user: None,
            old_role: None,
            new_role: None,
            outcome: if ok { "ok" } else { "failed" }.into(),
            status: call.status,
            request_id: call.request_id.clone(),
            detail: Some(format!("{} {}", call.method, call.path)),
        });
    })
}

/// Chains two observers (the TUI's API-call log and the audit steps).
pub fn both(a: CallObserver, b: CallObserver) -> CallObserver {
    Arc::new(move |call: &CallRecord| {
        a(call);
        b(call);
    })
}

/// A provider whose every change is recorded in the audit log.
pub struct AuditedProvider {
    inner: Arc<dyn Provider>,
    log: Arc<AuditLog>,
    profile: String,
}

impl AuditedProvider {
    /// Wraps `inner`, recording its changes under `profile`.
    pub fn wrap(inner: Arc<dyn Provider>, log: Arc<AuditLog>, profile: &str) -> Arc<dyn Provider> {
        Arc::new(AuditedProvider {
            inner,
            log,
            profile: profile.to_string(),
        })
    }

    fn record<T>(&self, change: Change<'_>, result: &Result<T>) {
        let (outcome, status, request_id, detail) = match result {
            Ok(_) => ("ok", None, None, None),
            Err(e) => (
                if e.kind == crate::error::ErrorKind::Partial {
                    "partial"
                } else {
                    "failed"
                },
                e.status,
                e.request_id.clone(),
                Some(e.to_string()),
            ),
        };
        self.log.record(AuditEntry {
            time: now(),
            profile: self.profile.clone(),
            provider: self.inner.kind().as_str().to_string(),
            operation: change.operation.into(),
            workspace: change.workspace,
            user: change.user,
            old_role: change.old_role,
            new_role: change.new_role,
            outcome: outcome.into(),
            status,
            request_id,
            detail,
        });
    }
}

struct Change<'a> {
    operation: &'a str,
    workspace: Option<String>,
    user: Option<String>,
    old_role: Option<String>,
    new_role: Option<String>,
}

#[async_trait]
impl Provider for AuditedProvider {
    fn kind(&self) -> ProviderKind {
        self.inner.kind()
    }

    fn capabilities(&self) -> &Capabilities {
        self.inner.capabilities()
    }

    async fn list_workspaces(&self) -> Result<Vec<Workspace>> {
        self.inner.list_workspaces().await
    }

    async fn list_members(&self, ws: &Workspace, inherited: bool) -> Result<Vec<Member>> {
        self.inner.list_members(ws, inherited).await
    }

    async fn list_roles(&self, ws: &Workspace) -> Result<Vec<Role>> {
        self.inner.list_roles(ws).await
    }

    async fn add_member(
        &self,
        ws: &Workspace,
        user: &UserRef,
        role: &Role,
    ) -> Result<ChangeReport> {
        let result = self.inner.add_member(ws, user, role).await;
        let change = Change {
            operation: "add",
            workspace: Some(ws.id.clone()),
            user: Some(user.to_string()),
            old_role: None,
            new_role: Some(role.name.clone()),
        };
        self.record(change, &result);
        result
    }

    async fn set_role(&self, ws: &Workspace, member: &Member, role: &Role) -> Result<ChangeReport> {
        let result = self.inner.set_role(ws, member, role).await;
        let change = Change {
            operation: "set-role",
            workspace: Some(ws.id.clone()),
            user: Some(member_ref(member)),
            old_role: Some(member.role.name.clone()),
            new_role: Some(role.name.clone()),
        };
        self.record(change, &result);
        result
    }

    async fn remove_member(&self, ws: &Workspace, member: &Member) -> Result<ChangeReport> {
        let result = self.inner.remove_member(ws, member).await;
        let change = Change {
            operation: "remove",
            workspace: Some(ws.id.clone()),
            user: Some(member_ref(member)),
            old_role: Some(member.role.name.clone()),
            new_role: None,
        };
        self.record(change, &result);
        result
    }

    async fn create_workspace(&self, new: &NewWorkspace) -> Result<Workspace> {
        let result = self.inner.create_workspace(new).await;
        let change = Change {
            operation: "create-workspace",
            workspace: Some(match &result {
                Ok(ws) => ws.id.clone(),
                Err(_) => new.name.clone(),
            }),
            user: None,
            old_role: None,
            new_role: None,
        };
        self.record(change, &result);
        result
    }
}

fn member_ref(member: &Member) -> String {
    member.email.clone().unwrap_or_else(|| member.id.clone())
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

    #[test]
    fn appends_parsable_lines_and_filters() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let log = AuditLog::open(&path).unwrap();
        for (profile, time) in [("a", "2026-01-01T00:00:00Z"), ("b", "2026-06-01T00:00:00Z")] {
            log.append(&AuditEntry {
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
            })
            .unwrap();
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
}
