//! `roster audit`: prints the audit log of attempted changes, filtered by profile and time. Lines
//! that cannot be read are never dropped silently: they are counted and named on stderr, and the
//! exit code is 1.

use super::args::Output;
use super::output::{Record, RowWriter};
use super::{Failure, report};
use crate::audit::{self, AuditEntry, AuditLog};
use crate::error::Error;
use serde::Serialize;

/// Prints the entries of the audit log; returns the exit code.
pub fn run(profile: Option<&str>, since: Option<&str>, output: Output) -> i32 {
    match list(profile, since, output) {
        Ok(code) => code,
        Err(f) => report(profile, &f),
    }
}

fn list(profile: Option<&str>, since: Option<&str>, output: Output) -> Result<i32, Failure> {
    let since = since.map(audit::parse_since).transpose()?;
    let path = AuditLog::default_path().ok_or_else(|| {
        Error::usage("cannot find a data directory; set ROSTER_AUDIT_FILE to the audit file")
    })?;
    let read = audit::read_log(&path)
        .map_err(|e| Error::usage(format!("cannot read the audit log {}: {e}", path.display())))?;
    let entries = audit::filter(read.entries, profile, since);
    let mut writer = RowWriter::new(output, AuditRecord::FIELDS, std::io::stdout())?;
    for entry in &entries {
        writer.row(&AuditRecord(entry))?;
    }
    writer.finish()?;
    if entries.is_empty() && read.unreadable.is_empty() {
        eprintln!("roster: no audit entries in {}", path.display());
    }
    if read.unreadable.is_empty() {
        return Ok(0);
    }
    const LISTED: usize = 20;
    let lines: Vec<String> = read
        .unreadable
        .iter()
        .take(LISTED)
        .map(usize::to_string)
        .collect();
    let more = read.unreadable.len().saturating_sub(LISTED);
    eprintln!(
        "roster: {} unreadable line{} in the audit log {} (line{} {}{}); they are not shown. A \
         line cut short by a crash or a full disk looks like this: check the file",
        read.unreadable.len(),
        if read.unreadable.len() == 1 { "" } else { "s" },
        path.display(),
        if read.unreadable.len() == 1 { "" } else { "s" },
        lines.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    );
    Ok(1)
}

/// One audit line as a listing row; JSON keeps the stored field names.
#[derive(Serialize)]
#[serde(transparent)]
struct AuditRecord<'a>(&'a AuditEntry);

impl Record for AuditRecord<'_> {
    const FIELDS: &'static [&'static str] = &[
        "time",
        "profile",
        "provider",
        "operation",
        "workspace",
        "user",
        "old_role",
        "new_role",
        "outcome",
        "status",
        "request_id",
        "detail",
        "change_id",
        "phase",
    ];
    fn cells(&self) -> Vec<Option<String>> {
        let e = self.0;
        vec![
            Some(e.time.clone()),
            Some(e.profile.clone()),
            Some(e.provider.clone()),
            Some(e.operation.clone()),
            e.workspace.clone(),
            e.user.clone(),
            e.old_role.clone(),
            e.new_role.clone(),
            Some(e.outcome.clone()),
            e.status.map(|s| s.to_string()),
            e.request_id.clone(),
            e.detail.clone(),
            e.change_id.clone(),
            e.phase.clone(),
        ]
    }
}
