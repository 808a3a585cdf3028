//! The change journal: the intent of every change is written (and synced) before its first request,
//! and its outcome after the verification read. A change whose intent has no outcome (roster was
//! killed, the machine lost power) or whose outcome left the server half-way is *unfinished*:
//! every start of roster says so, and `roster recover` completes or rolls it back.
//!
//! The journal is a file beside the audit log (`<audit file>.journal`), mode 0600, one whole-line
//! record per write (the audit log's locked append). Once every change in it is finished, it is
//! emptied, so reading it at every start stays cheap.

use super::plan::Change;
use crate::audit::now;
use crate::line_file::{Durability, LineFile};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// Size above which a finished journal is emptied after an outcome.
const COMPACT_ABOVE_BYTES: u64 = 16 * 1024;

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// RFC 3339 UTC time.
    pub time: String,
    /// The change's ID.
    pub id: String,
    /// What this line says.
    #[serde(flatten)]
    pub entry: Entry,
}

/// What a journal line says about a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// A record is built, written and dropped one at a time.
#[allow(clippy::large_enum_variant)]
#[serde(rename_all = "snake_case", tag = "phase")]
pub enum Entry {
    /// About to send the first request.
    Intent {
        /// The process that runs it (a live process means "in progress", not "unfinished").
        pid: u32,
        /// The change.
        change: Change,
    },
    /// Finished, with the verdict the verification read gave (the audit word).
    Outcome {
        /// `ok`, `failed`, `partial`, `unknown`, `interrupted`, …
        outcome: String,
    },
    /// An unfinished change settled by `roster recover` (or found settled).
    Resolved {
        /// How: `completed`, `rolled-back`, `already-complete`, …
        how: String,
    },
}

/// A change the journal says is not finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfinished {
    /// The change's ID.
    pub id: String,
    /// When its intent was written.
    pub time: String,
    /// The change.
    pub change: Change,
    /// The last outcome written, if any (`partial`, `unknown`, `interrupted`).
    pub outcome: Option<String>,
    /// Whether the process that runs it is still alive (then it is in progress, not abandoned).
    pub running: bool,
}

/// The journal file.
#[derive(Debug)]
pub struct Journal {
    file: LineFile,
}

impl Journal {
    /// The journal that belongs to the audit log at `audit`: `<audit>.journal`.
    pub fn beside(audit: &Path) -> Journal {
        let mut name = audit.file_name().unwrap_or_default().to_os_string();
        name.push(".journal");
        Journal::at(&audit.with_file_name(name))
    }

    /// The journal at `path`; nothing is created until the first record.
    pub fn at(path: &Path) -> Journal {
        Journal {
            file: LineFile::lazy(path),
        }
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// Appends one record. An intent is synced to disk before this returns (no request goes out
    /// before it is durable); an outcome or a resolution is only written: if a power cut loses
    /// it, the change shows as unfinished and `roster recover` finds it already settled.
    pub fn write(&self, id: &str, entry: Entry) -> std::io::Result<()> {
        let durability = match entry {
            Entry::Intent { .. } => Durability::Synced,
            Entry::Outcome { .. } | Entry::Resolved { .. } => Durability::Written,
        };
        let record = Record {
            time: now(),
            id: id.to_string(),
            entry,
        };
        let line = serde_json::to_vec(&record)?;
        self.file.append(&line, durability)
    }

    /// Every change that is not finished, oldest first. A missing journal has none.
    pub fn unfinished(&self) -> std::io::Result<Vec<Unfinished>> {
        Ok(unfinished_in(&read_records(self.path())?))
    }

    /// The change whose intent the journal holds under `id`, if it still does (the journal is
    /// emptied once everything in it is finished, so older changes are only in the audit log).
    pub fn intent_of(&self, id: &str) -> std::io::Result<Option<Change>> {
        Ok(read_records(self.path())?
            .into_iter()
            .find_map(|r| match r.entry {
                Entry::Intent { change, .. } if r.id == id => Some(change),
                _ => None,
            }))
    }

    /// Empties the journal when it is large and every change in it is finished, under the lock
    /// every append takes, so no record written meanwhile by another process is lost.
    pub fn compact_if_finished(&self) -> std::io::Result<()> {
        let path = self.path().to_path_buf();
        self.file
            .with_locked(|f| {
                if f.metadata()?.len() < COMPACT_ABOVE_BYTES {
                    return Ok(());
                }
                if open_ids(&read_records(&path)?).is_empty() {
                    f.set_len(0)?;
                    f.sync_data()?;
                }
                Ok(())
            })
            .map(|_| ())
    }
}

fn read_records(path: &Path) -> std::io::Result<Vec<Record>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    // A line cut short by a crash is skipped: its change's intent, if that is what it was, never
    // made it to disk whole, and then no request was sent either.
    Ok(bytes
        .split(|b| *b == b'\n')
        .filter_map(|line| serde_json::from_slice(line).ok())
        .collect())
}

/// The IDs of changes with an intent and neither a finishing outcome nor a resolution.
fn open_ids(records: &[Record]) -> Vec<String> {
    unfinished_in(records).into_iter().map(|u| u.id).collect()
}

fn unfinished_in(records: &[Record]) -> Vec<Unfinished> {
    let mut order: Vec<String> = Vec::new();
    let mut by_id: HashMap<String, Unfinished> = HashMap::new();
    let mut closed: HashMap<String, bool> = HashMap::new();
    for r in records {
        match &r.entry {
            Entry::Intent { pid, change } => {
                order.push(r.id.clone());
                by_id.insert(
                    r.id.clone(),
                    Unfinished {
                        id: r.id.clone(),
                        time: r.time.clone(),
                        change: change.clone(),
                        outcome: None,
                        running: *pid != std::process::id() && process_alive(*pid),
                    },
                );
                closed.insert(r.id.clone(), false);
            }
            Entry::Outcome { outcome } => {
                let finished = !matches!(outcome.as_str(), "partial" | "unknown" | "interrupted");
                closed.insert(r.id.clone(), finished);
                if let Some(u) = by_id.get_mut(&r.id) {
                    u.outcome = Some(outcome.clone());
                    // An outcome was written: the process is done with it, alive or not.
                    u.running = false;
                }
            }
            Entry::Resolved { .. } => {
                closed.insert(r.id.clone(), true);
            }
        }
    }
    order
        .into_iter()
        .filter(|id| closed.get(id) == Some(&false))
        .filter_map(|id| by_id.remove(&id))
        .collect()
}

/// Whether a process with this ID exists (it may be another program after a reboot; then the
/// change shows as in progress until that program ends, which errs on the safe side).
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists and may be signalled.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// A new change ID: short enough to type (`roster undo c3f9a12b`), random enough to be unique.
pub fn new_id() -> String {
    let u = uuid::Uuid::new_v4().simple().to_string();
    format!("c{}", &u[..8])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::plan::{Membership, State, Who};
    use crate::model::{ProviderKind, Role, Workspace};

    fn change() -> Change {
        Change::membership(
            "p",
            ProviderKind::Askui,
            Membership {
                workspace: Workspace {
                    id: "w".into(),
                    name: "W".into(),
                },
                who: Who::Id("u1".into()),
                member: None,
                seen: State::Member(Role::named("admin")),
                want: State::Member(Role::named("member")),
            },
        )
    }

    #[test]
    fn an_intent_without_an_outcome_is_unfinished_until_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::beside(&dir.path().join("audit.jsonl"));
        assert!(j.unfinished().unwrap().is_empty(), "no file, nothing open");
        // A pid that cannot be alive: the intent was abandoned.
        j.write(
            "c1",
            Entry::Intent {
                pid: u32::MAX,
                change: change(),
            },
        )
        .unwrap();
        j.write(
            "c2",
            Entry::Intent {
                pid: u32::MAX,
                change: change(),
            },
        )
        .unwrap();
        j.write(
            "c2",
            Entry::Outcome {
                outcome: "ok".into(),
            },
        )
        .unwrap();
        let open = j.unfinished().unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].id, "c1");
        assert!(!open[0].running);
        assert_eq!(open[0].change, change());
        j.write(
            "c1",
            Entry::Resolved {
                how: "completed".into(),
            },
        )
        .unwrap();
        assert!(j.unfinished().unwrap().is_empty());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(j.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_partial_outcome_stays_unfinished() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(&dir.path().join("j"));
        j.write(
            "c1",
            Entry::Intent {
                pid: u32::MAX,
                change: change(),
            },
        )
        .unwrap();
        j.write(
            "c1",
            Entry::Outcome {
                outcome: "partial".into(),
            },
        )
        .unwrap();
        let open = j.unfinished().unwrap();
        assert_eq!(open[0].outcome.as_deref(), Some("partial"));
    }
}
