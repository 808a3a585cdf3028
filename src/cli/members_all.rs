//! `roster members --all`: every membership of every workspace, for access reviews.
//!
//! Workspaces are fetched concurrently (bounded by the profile's `max_concurrency`) and JSON/CSV rows
//! are written as each workspace completes, so a crawl of hundreds of workspaces shows results at once
//! and a failure of one workspace does not lose the others.

use super::args::Output;
use super::listings::inherited_supported;
use super::output::{Record, RowWriter};
use super::records::WorkspaceMemberRecord;
use super::session::Session;
use super::{Failure, describe_workspace, print_error};
use crate::error::Error;
use crate::model::{Member, Workspace};
use crate::ops;
use futures::StreamExt;
use std::io::{self, IsTerminal, Write};

/// Lists every membership; exit code 1 when some workspaces could not be listed.
pub async fn run(s: &Session, inherited: bool, output: Output) -> Result<i32, Failure> {
    let caps = s.provider.capabilities();
    ops::require(&*s.provider, "list workspaces", &caps.list_workspaces)?;
    let workspaces = s.provider.list_workspaces().await?;
    let total = workspaces.len();
    let include = inherited && inherited_supported(s);
    let mut crawl = ops::crawl_members(
        s.provider.clone(),
        workspaces,
        include,
        s.profile.max_concurrency(),
    );
    let mut progress = Progress::new(total);
    let mut writer = RowWriter::new(output, WorkspaceMemberRecord::FIELDS, io::stdout())?;
    // Tables are aligned over all rows anyway, so they are printed in workspace order.
    let mut for_table: Vec<(usize, Workspace, Vec<Member>)> = Vec::new();
    let mut failures: Vec<(Workspace, Error)> = Vec::new();
    while let Some((index, workspace, result)) = crawl.next().await {
        progress.done += 1;
        match result {
            Ok(members) if output == Output::Table => for_table.push((index, workspace, members)),
            Ok(members) => {
                // The progress line shares the terminal with stdout: erase it before rows land.
                progress.erase();
                for m in &members {
                    writer.row(&WorkspaceMemberRecord::new(&workspace, m))?;
                }
                writer.flush()?;
            }
            Err(e) => failures.push((workspace, e)),
        }
        progress.draw();
    }
    progress.erase();
    for_table.sort_by_key(|(index, _, _)| *index);
    for (_, workspace, members) in &for_table {
        for m in members {
            writer.row(&WorkspaceMemberRecord::new(workspace, m))?;
        }
    }
    writer.finish()?;
    if failures.is_empty() {
        return Ok(0);
    }
    for (workspace, e) in &failures {
        let context = format!("workspace {}", describe_workspace(workspace));
        print_error(Some(&s.profile.name), Some(&context), e);
    }
    eprintln!(
        "roster: {} of {total} workspaces could not be listed; the output above is incomplete",
        failures.len()
    );
    Ok(1)
}

/// `[12/500 workspaces]` on stderr, redrawn in place, only when stderr is a terminal (a script's
/// log should not fill with carriage returns).
struct Progress {
    done: usize,
    total: usize,
    shown: bool,
}

impl Progress {
    fn new(total: usize) -> Self {
        let progress = Progress {
            done: 0,
            total,
            shown: io::stderr().is_terminal(),
        };
        progress.draw();
        progress
    }

    fn draw(&self) {
        if self.shown {
            let mut err = io::stderr();
            let _ = write!(err, "\r[{}/{} workspaces]", self.done, self.total);
            let _ = err.flush();
        }
    }

    fn erase(&self) {
        if self.shown {
            let width = format!("[{0}/{0} workspaces]", self.total).len();
            let mut err = io::stderr();
            let _ = write!(err, "\r{}\r", " ".repeat(width));
            let _ = err.flush();
        }
    }
}
