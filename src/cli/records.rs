//! The rows of each listing, with their stable JSON/CSV field names (scripts rely on them; README
//! documents them).

use super::output::Record;
use crate::model::{Member, Role, Workspace};
use serde::Serialize;

/// `roster workspaces`: `id`, `name`.
#[derive(Serialize)]
pub struct WorkspaceRecord<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

impl<'a> From<&'a Workspace> for WorkspaceRecord<'a> {
    fn from(w: &'a Workspace) -> Self {
        WorkspaceRecord {
            id: &w.id,
            name: &w.name,
        }
    }
}

impl Record for WorkspaceRecord<'_> {
    const FIELDS: &'static [&'static str] = &["id", "name"];
    fn cells(&self) -> Vec<Option<String>> {
        vec![Some(self.id.into()), Some(self.name.into())]
    }
}

/// `roster roles`: `id`, `name`.
#[derive(Serialize)]
pub struct RoleRecord<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

impl<'a> From<&'a Role> for RoleRecord<'a> {
    fn from(r: &'a Role) -> Self {
        RoleRecord {
            id: &r.id,
            name: &r.name,
        }
    }
}

impl Record for RoleRecord<'_> {
    const FIELDS: &'static [&'static str] = &["id", "name"];
    fn cells(&self) -> Vec<Option<String>> {
        vec![Some(self.id.into()), Some(self.name.into())]
    }
}

/// `roster members`: `id`, `email`, `name`, `role` (the role's name), `access` (`direct` |
/// `inherited`), `via` (where inherited access comes from, else null), `kind` (`user` | `group`).
#[derive(Serialize)]
pub struct MemberRecord<'a> {
    pub id: &'a str,
    pub email: Option<&'a str>,
    pub name: Option<&'a str>,
    pub role: &'a str,
    pub access: &'static str,
    pub via: Option<&'a str>,
    pub kind: &'static str,
}

impl<'a> From<&'a Member> for MemberRecord<'a> {
    fn from(m: &'a Member) -> Self {
        MemberRecord {
            id: &m.id,
            email: m.email.as_deref(),
            name: m.name.as_deref(),
            role: &m.role.name,
            access: m.access.as_str(),
            via: m.access.via(),
            kind: m.kind.as_str(),
        }
    }
}

impl MemberRecord<'_> {
    fn member_cells(&self) -> Vec<Option<String>> {
        vec![
            Some(self.id.into()),
            self.email.map(Into::into),
            self.name.map(Into::into),
            Some(self.role.into()),
            Some(self.access.into()),
            self.via.map(Into::into),
            Some(self.kind.into()),
        ]
    }
}

impl Record for MemberRecord<'_> {
    const FIELDS: &'static [&'static str] =
        &["id", "email", "name", "role", "access", "via", "kind"];
    fn cells(&self) -> Vec<Option<String>> {
        self.member_cells()
    }
}

/// `roster members --all`: `workspace_id`, `workspace_name`, then the fields of [`MemberRecord`].
#[derive(Serialize)]
pub struct WorkspaceMemberRecord<'a> {
    pub workspace_id: &'a str,
    pub workspace_name: &'a str,
    #[serde(flatten)]
    pub member: MemberRecord<'a>,
}

impl<'a> WorkspaceMemberRecord<'a> {
    /// One membership row of `workspace`.
    pub fn new(workspace: &'a Workspace, member: &'a Member) -> Self {
        WorkspaceMemberRecord {
            workspace_id: &workspace.id,
            workspace_name: &workspace.name,
            member: member.into(),
        }
    }
}

impl Record for WorkspaceMemberRecord<'_> {
    const FIELDS: &'static [&'static str] = &[
        "workspace_id",
        "workspace_name",
        "id",
        "email",
        "name",
        "role",
        "access",
        "via",
        "kind",
    ];
    fn cells(&self) -> Vec<Option<String>> {
        let mut cells = vec![
            Some(self.workspace_id.into()),
            Some(self.workspace_name.into()),
        ];
        cells.extend(self.member.member_cells());
        cells
    }
}

/// `roster profiles`: `name`, `provider`, `base_url`, `token_source`, `token_ok`, `token_error`.
#[derive(Serialize)]
pub struct ProfileRecord {
    pub name: String,
    pub provider: &'static str,
    pub base_url: String,
    pub token_source: String,
    pub token_ok: bool,
    pub token_error: Option<String>,
}

impl Record for ProfileRecord {
    const FIELDS: &'static [&'static str] = &[
        "name",
        "provider",
        "base_url",
        "token_source",
        "token_ok",
        "token_error",
    ];
    fn cells(&self) -> Vec<Option<String>> {
        vec![
            Some(self.name.clone()),
            Some(self.provider.into()),
            Some(self.base_url.clone()),
            Some(self.token_source.clone()),
            Some(if self.token_ok { "yes" } else { "no" }.into()),
            self.token_error.clone(),
        ]
    }
}
