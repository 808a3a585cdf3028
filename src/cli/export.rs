//! `roster export`: the current direct memberships of the chosen profiles (every profile by
//! default) and workspaces, as a membership file in TOML or CSV. The order is fixed, so exporting
//! the same memberships twice gives the same bytes and a git diff shows only real changes.
//! Inherited access and groups are written as comments in TOML, and not at all in CSV. When a
//! read fails nothing is written: a partial export would look complete.

use super::args::{ExportArgs, FileFormat};
use super::code;
use super::output::{csv_cell, csv_value};
use super::session::Session;
use super::{print_error, report};
use crate::config::{Config, Profile};
use crate::error::{Error, ErrorKind};
use crate::membership::Format;
use crate::membership::csv_text::HEADER;
use crate::membership::export::{Export, ExportProfile, ExportWorkspace};
use crate::model::Workspace;
use crate::ops;
use crate::sanitize::sanitize_line;
use futures::StreamExt;
use std::io::{self, Write};
use std::path::Path;

/// Runs `roster export`; returns the exit code.
pub(super) fn run(config_path: Option<&Path>, args: ExportArgs) -> i32 {
    let config = match Config::load(config_path) {
        Ok(c) => c,
        Err(e) => return report(None, &e.into()),
    };
    let profiles: Vec<Profile> = if args.profiles.is_empty() {
        config.profiles().cloned().collect()
    } else {
        let mut chosen = Vec::new();
        for name in &args.profiles {
            match config.profile(name) {
                Ok(p) => chosen.push(p.clone()),
                Err(e) => return report(Some(name), &e.into()),
            }
        }
        chosen
    };
    let Some(runtime) = code::runtime(2) else {
        return 1;
    };
    runtime.block_on(export(&config, &profiles, &args))
}

async fn export(config: &Config, profiles: &[Profile], args: &ExportArgs) -> i32 {
    let format = match args.format {
        FileFormat::Toml => Format::Toml,
        FileFormat::Csv => Format::Csv,
    };
    let mut export = Export::default();
    let mut matched = vec![false; args.workspaces.len()];
    let mut failed = 0;
    let mut worst = 0;
    for profile in profiles {
        let name = profile.name.clone();
        let mut fail = |context: Option<String>, e: &Error| {
            print_error(Some(&name), context.as_deref(), e);
            failed += 1;
            worst = worst.max(e.exit_code());
        };
        let s = match Session::for_profile(config, profile.clone(), None, None) {
            Ok(s) => s,
            Err(e) => {
                fail(None, &e);
                continue;
            }
        };
        let caps = s.provider.capabilities();
        let all = match ops::require(&*s.provider, "list workspaces", &caps.list_workspaces) {
            Ok(()) => s.provider.list_workspaces().await,
            Err(e) => Err(e),
        };
        let all = match all {
            Ok(all) => all,
            Err(e) => {
                fail(None, &e);
                continue;
            }
        };
        let chosen = match choose(&all, &args.workspaces, &mut matched, s.provider_name()) {
            Ok(c) => c,
            Err(e) => {
                fail(None, &e);
                continue;
            }
        };
        let inherited = caps.inherited_members.is_available();
        let mut crawl = ops::crawl_members(
            s.provider.clone(),
            chosen,
            inherited,
            s.profile.max_concurrency(),
        );
        let mut workspaces = Vec::new();
        while let Some((_, ws, result)) = crawl.next().await {
            match result {
                Ok(members) => workspaces.push(ExportWorkspace::new(&all, &ws, &members, format)),
                Err(e) => fail(
                    Some(format!(
                        "workspace \"{}\" (id {})",
                        sanitize_line(&ws.name),
                        sanitize_line(&ws.id)
                    )),
                    &e,
                ),
            }
        }
        export.profiles.push(ExportProfile { name, workspaces });
    }
    if let Some(i) = matched.iter().position(|m| !m) {
        eprintln!(
            "roster: no profile has a workspace with ID or name {:?} (`roster workspaces -p \
             PROFILE` lists them); nothing was written",
            sanitize_line(&args.workspaces[i])
        );
        return 2;
    }
    if failed > 0 {
        eprintln!(
            "roster: {failed} read{} failed; nothing was written, since the export would be \
             incomplete",
            if failed == 1 { "" } else { "s" }
        );
        return worst.max(1);
    }
    export.sort();
    let text = match format {
        Format::Toml => crate::membership::toml_text::write(&export),
        Format::Csv => csv_text(&export),
    };
    let written = match &args.output {
        Some(path) => write_whole(path, &text),
        None => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush())
        }
    };
    match written {
        Ok(()) => 0,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("roster: cannot write the export: {e}");
            1
        }
    }
}

/// The workspaces to export: all, or those `wanted` names (marking which were found). A name that
/// several workspaces share is an error listing their IDs.
fn choose(
    all: &[Workspace],
    wanted: &[String],
    matched: &mut [bool],
    provider: &str,
) -> Result<Vec<Workspace>, Error> {
    if wanted.is_empty() {
        return Ok(all.to_vec());
    }
    let mut chosen: Vec<Workspace> = Vec::new();
    for (i, w) in wanted.iter().enumerate() {
        match ops::find_workspace(all, w, provider) {
            Ok(ws) => {
                matched[i] = true;
                if !chosen.iter().any(|c| c.id == ws.id) {
                    chosen.push(ws.clone());
                }
            }
            Err(e) if e.kind == ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(chosen)
}

/// The CSV text: the header, then one row per direct member, every cell guarded and quoted.
fn csv_text(export: &Export) -> String {
    let mut out = HEADER.map(csv_cell).join(",");
    out.push('\n');
    for row in export.csv_rows() {
        out.push_str(&row.map(csv_value).join(","));
        out.push('\n');
    }
    out
}

/// Replaces `path` whole: written to a temporary file beside it, then renamed over it, so a
/// reader (or a crash) never sees half an export.
fn write_whole(path: &Path, text: &str) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
