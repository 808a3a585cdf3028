//! `roster workspaces`, `roster members WORKSPACE` and `roster roles WORKSPACE`.

use super::Failure;
use super::args::Output;
use super::output::{Record, RowWriter};
use super::records::{MemberRecord, RoleRecord, WorkspaceRecord};
use super::session::Session;
use crate::model::Support;
use crate::ops;
use std::io;

/// Lists every workspace the profile's token can see.
pub async fn workspaces(s: &Session, output: Output) -> Result<i32, Failure> {
    let caps = s.provider.capabilities();
    ops::require(&*s.provider, "list workspaces", &caps.list_workspaces)?;
    let workspaces = s.provider.list_workspaces().await?;
    let mut writer = RowWriter::new(output, WorkspaceRecord::FIELDS, io::stdout())?;
    for w in &workspaces {
        writer.row(&WorkspaceRecord::from(w))?;
    }
    writer.finish()?;
    Ok(0)
}

/// Lists the members of one workspace, with inherited access when asked and possible.
pub async fn members(
    s: &Session,
    workspace: &str,
    inherited: bool,
    output: Output,
) -> Result<i32, Failure> {
    let ws = ops::resolve_workspace(&*s.provider, workspace).await?;
    let include = inherited && inherited_supported(s);
    let mut members = s.provider.list_members(&ws, include).await?;
    if include {
        s.provider.name_members(&mut members).await;
    }
    let mut writer = RowWriter::new(output, MemberRecord::FIELDS, io::stdout())?;
    for m in &members {
        writer.row(&MemberRecord::from(m))?;
    }
    writer.finish()?;
    Ok(0)
}

/// Lists the roles a member of one workspace can be given.
pub async fn roles(s: &Session, workspace: &str, output: Output) -> Result<i32, Failure> {
    let ws = ops::resolve_workspace(&*s.provider, workspace).await?;
    let roles = s.provider.list_roles(&ws).await?;
    let mut writer = RowWriter::new(output, RoleRecord::FIELDS, io::stdout())?;
    for r in &roles {
        writer.row(&RoleRecord::from(r))?;
    }
    writer.finish()?;
    Ok(0)
}

/// Whether the provider can list inherited access; when it cannot, says so on stderr (the listing
/// then shows direct members only, and the admin knows it).
pub(super) fn inherited_supported(s: &Session) -> bool {
    match &s.provider.capabilities().inherited_members {
        Support::Unsupported(why) => {
            eprintln!(
                "roster: note: {} cannot list inherited access ({why}); showing direct members only",
                s.provider_name()
            );
            false
        }
        _ => true,
    }
}
