//! `roster who USER`: every workspace, across the profiles, where a person has access. JSON and CSV
//! rows stream out as each workspace answers; a table is printed once everything answered, sorted
//! by profile and workspace.

use super::records::WhoRecord;
use super::shared::{Opened, report_search, search};
use crate::cli::args::Output;
use crate::cli::common::Failure;
use crate::cli::output::{Record, RowWriter};
use crate::model::UserRef;
use crate::people::Checked;
use crate::sanitize::sanitize_line;
use std::io;

/// Lists the person's access; exit code 1 when a profile or a workspace could not be searched.
pub async fn run(opened: &Opened, who: &UserRef, format: Output) -> Result<i32, Failure> {
    let mut writer = RowWriter::new(format, WhoRecord::FIELDS, io::stdout())?;
    let mut rows = 0usize;
    let result = search(opened, who, &mut |checked: &Checked| {
        let Some(access) = &checked.access else {
            return Ok(());
        };
        rows += access.rows.len();
        if format != Output::Table {
            for r in WhoRecord::rows(checked, access) {
                writer.row(&r)?;
            }
            writer.flush()?;
        }
        Ok(())
    })
    .await?;
    if format == Output::Table {
        let mut hits: Vec<&Checked> = result
            .checked
            .iter()
            .filter(|c| c.access.is_some())
            .collect();
        hits.sort_by(|a, b| {
            (&a.profile, &a.workspace.name, &a.workspace.id).cmp(&(
                &b.profile,
                &b.workspace.name,
                &b.workspace.id,
            ))
        });
        for checked in hits {
            if let Some(access) = &checked.access {
                for r in WhoRecord::rows(checked, access) {
                    writer.row(&r)?;
                }
            }
        }
    }
    writer.finish()?;
    report_search(&result, who);
    if rows == 0 {
        eprintln!(
            "roster: {} has no access in the {} workspace{} searched",
            sanitize_line(who.as_str()),
            result.workspaces(),
            if result.workspaces() == 1 { "" } else { "s" }
        );
    }
    Ok(if result.incomplete() { 1 } else { 0 })
}
