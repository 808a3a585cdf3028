//! `roster diff OLD NEW`: the grants added, removed and changed between two exports (membership
//! files, TOML or CSV) or two `members --all -o csv` listings, for access reviews. Nothing is read
//! from a server. Exit code: 0 no difference, 3 differences, 2 a file that cannot be read.

use super::args::DiffArgs;
use super::code::{DRIFT, print_file_errors};
use super::output::{Record, RowWriter};
use crate::membership::diff::{GrantChange, Listing, compare};
use crate::sanitize::sanitize_line;
use serde::Serialize;
use std::io;
use std::path::Path;

/// Runs `roster diff`; returns the exit code.
pub(super) fn run(args: DiffArgs) -> i32 {
    let (Some(old), Some(new)) = (read(&args.old), read(&args.new)) else {
        return 2;
    };
    let changes = match compare(&old, &new) {
        Ok(c) => c,
        Err(why) => {
            eprintln!("roster: {}", sanitize_line(&why));
            return 2;
        }
    };
    let written = (|| {
        let mut w = RowWriter::new(args.output.output, DiffRecord::FIELDS, io::stdout().lock())?;
        for c in &changes {
            w.row(&DiffRecord(c))?;
        }
        w.finish().map(|_| ())
    })();
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            eprintln!("roster: cannot write the output: {e}");
            return 1;
        }
    }
    if changes.is_empty() { 0 } else { DRIFT }
}

fn read(path: &Path) -> Option<Listing> {
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("roster: cannot read {}: {e}", sanitize_line(&name));
            return None;
        }
    };
    match Listing::read(&name, &text) {
        Ok(l) => Some(l),
        Err(errors) => {
            print_file_errors(&name, &errors, "nothing was compared");
            None
        }
    }
}

/// One row of `roster diff`: `change`, `profile`, `workspace`, `user`, `old_role`, `new_role`,
/// `access`.
#[derive(Serialize)]
#[serde(transparent)]
struct DiffRecord<'a>(&'a GrantChange);

impl Record for DiffRecord<'_> {
    const FIELDS: &'static [&'static str] = &[
        "change",
        "profile",
        "workspace",
        "user",
        "old_role",
        "new_role",
        "access",
    ];
    fn cells(&self) -> Vec<Option<String>> {
        let c = self.0;
        vec![
            Some(c.change.as_str().to_string()),
            c.profile.clone(),
            Some(c.workspace.clone()),
            Some(c.user.clone()),
            c.old_role.clone(),
            c.new_role.clone(),
            Some(c.access.clone()),
        ]
    }
}
