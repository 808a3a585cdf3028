//! Append-only files of JSON lines (the audit log and the change journal): each record is one
//! whole-line write under an exclusive lock on the file, and syncing to disk is shared between
//! writers (group commit).
//!
//! - If the file does not end with a newline (a record cut short by a crash), the next record starts
//!   with one, so it is never glued onto the broken one.
//! - If a write fails (a full disk), what it wrote is cut off again, so no partial line is left for
//!   the next record to join.
//! - A record that must be durable waits for a sync that covers it; while one writer syncs, the
//!   others' records pile up and the next sync covers them all, so N concurrent changes cost about
//!   one sync, not N.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

/// How far a record must have gone before [`LineFile::append`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Written to the file (the OS holds it; a crash of roster loses nothing, a power cut may).
    Written,
    /// Written and synced to the disk.
    Synced,
}

/// One append-only file.
#[derive(Debug)]
pub struct LineFile {
    path: PathBuf,
    file: Mutex<Option<Arc<File>>>,
    sync: GroupSync,
}

impl LineFile {
    /// The file at `path`, opened (created with mode 0600 if needed) at the first append.
    pub fn lazy(path: &Path) -> LineFile {
        LineFile {
            path: path.to_path_buf(),
            file: Mutex::new(None),
            sync: GroupSync::default(),
        }
    }

    /// The file at `path`, opened (created with mode 0600 if needed) now.
    pub fn open(path: &Path) -> std::io::Result<LineFile> {
        let f = LineFile::lazy(path);
        f.handle()?;
        Ok(f)
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn handle(&self) -> std::io::Result<Arc<File>> {
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = file.as_ref() {
            return Ok(f.clone());
        }
        let f = Arc::new(open_append(&self.path)?);
        *file = Some(f.clone());
        Ok(f)
    }

    /// Appends `line` (without its newline) as one record, as durable as asked.
    pub fn append(&self, line: &[u8], durability: Durability) -> std::io::Result<()> {
        let file = self.handle()?;
        let seq = {
            // Records of one process go out one at a time, in order.
            let _order = self.file.lock().unwrap_or_else(|p| p.into_inner());
            append_line(&file, line)?;
            self.sync.wrote()
        };
        match durability {
            Durability::Written => Ok(()),
            Durability::Synced => self.sync.through(seq, &file),
        }
    }

    /// Runs `f` on the open file under the exclusive lock every append takes (to rewrite it
    /// safely while other processes may append). Does nothing before the first append.
    pub fn with_locked<T>(
        &self,
        f: impl FnOnce(&File) -> std::io::Result<T>,
    ) -> std::io::Result<Option<T>> {
        let guard = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let Some(file) = guard.as_ref() else {
            return Ok(None);
        };
        file.lock()?;
        let result = f(file);
        let _ = file.unlock();
        result.map(Some)
    }
}

/// Opens `path` for appending, creating it (and its directory) with mode 0600.
pub fn open_append(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true).read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Appends `line` and a newline to `file` as one write, under an exclusive lock (see the module
/// docs for the newline and the cut-back on failure).
fn append_line(file: &File, line: &[u8]) -> std::io::Result<()> {
    let mut record = Vec::with_capacity(line.len() + 2);
    // A lock the file system does not support must not stop the record; O_APPEND still keeps
    // each write whole.
    let locked = file.lock().is_ok();
    let result = (|| {
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len > 0 && !ends_with_newline(file, len) {
            record.push(b'\n');
        }
        record.extend_from_slice(line);
        record.push(b'\n');
        let mut writer = file;
        if let Err(e) = writer.write_all(&record).and_then(|()| writer.flush()) {
            // Only regular files can be cut back (and only they can hold a partial line).
            if file.metadata().is_ok_and(|m| m.is_file()) {
                let _ = file.set_len(len);
            }
            return Err(e);
        }
        Ok(())
    })();
    if locked {
        let _ = file.unlock();
    }
    result
}

fn ends_with_newline(file: &File, len: u64) -> bool {
    let mut reader = file;
    let mut last = [0u8; 1];
    let ok = reader.seek(SeekFrom::Start(len - 1)).is_ok() && reader.read_exact(&mut last).is_ok();
    // Appends go to the end whatever the position; an unreadable file is assumed whole.
    !ok || last[0] == b'\n'
}

/// Shared syncing: records are numbered as they are written; a sync covers every record written
/// before it started.
#[derive(Debug, Default)]
struct GroupSync {
    state: Mutex<SyncState>,
    done: Condvar,
}

#[derive(Debug, Default)]
struct SyncState {
    written: u64,
    synced: u64,
    syncing: bool,
    /// The last failed sync: the records it was to cover, and why.
    failed: Option<(u64, std::io::ErrorKind, String)>,
}

impl GroupSync {
    /// Notes one more record written; its number.
    fn wrote(&self) -> u64 {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.written += 1;
        st.written
    }

    /// Returns once a sync covering record `seq` succeeded (or failed: its error).
    fn through(&self, seq: u64, file: &File) -> std::io::Result<()> {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if st.synced >= seq {
                return Ok(());
            }
            if let Some((through, kind, why)) = &st.failed
                && *through >= seq
            {
                return Err(std::io::Error::new(*kind, why.clone()));
            }
            if st.syncing {
                st = self.done.wait(st).unwrap_or_else(|p| p.into_inner());
                continue;
            }
            st.syncing = true;
            let target = st.written;
            drop(st);
            let result = file.sync_data();
            st = self.state.lock().unwrap_or_else(|p| p.into_inner());
            st.syncing = false;
            match result {
                Ok(()) => st.synced = st.synced.max(target),
                Err(e) => st.failed = Some((target, e.kind(), e.to_string())),
            }
            self.done.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_synced_appends_share_syncs_and_every_line_arrives_whole() {
        let dir = tempfile::tempdir().unwrap();
        let f = Arc::new(LineFile::open(&dir.path().join("x.jsonl")).unwrap());
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let f = f.clone();
                std::thread::spawn(move || {
                    for i in 0..25 {
                        f.append(
                            format!("{{\"t\":{t},\"i\":{i}}}").as_bytes(),
                            Durability::Synced,
                        )
                        .unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let text = std::fs::read_to_string(f.path()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 200);
        assert!(
            lines
                .iter()
                .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok())
        );
        let st = f.sync.state.lock().unwrap();
        assert_eq!(st.synced, 200, "every record is covered by a sync");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_write_that_fails_is_an_error() {
        let f = LineFile::open(Path::new("/dev/full")).unwrap();
        let err = f.append(b"{}", Durability::Written).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ENOSPC), "{err}");
    }
}
