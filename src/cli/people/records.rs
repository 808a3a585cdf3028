//! The rows and JSON documents of `who`, `offboard`, `copy-access` and `undo`, with stable field
//! names (scripts rely on them; README documents them).

use super::shared::Search;
use crate::cli::output::Record;
use crate::cli::results::{ChangeRecord, WorkspaceField};
use crate::engine::{Change, ChangeOutcome, Subject};
use crate::error::Error;
use crate::model::{Member, Workspace};
use crate::people::offboard::Grant;
use crate::people::remaining::Remaining;
use crate::people::{Checked, PersonAccess};
use serde::Serialize;

/// `roster who`: one row per access the person has (a direct grant and each inherited one).
#[derive(Serialize)]
pub struct WhoRecord<'a> {
    /// Profile name.
    pub profile: &'a str,
    /// Provider name.
    pub provider: &'static str,
    /// Workspace ID.
    pub workspace_id: &'a str,
    /// Workspace name.
    pub workspace_name: &'a str,
    /// The person's ID on that provider.
    pub id: &'a str,
    /// Their email, when the provider lists it.
    pub email: Option<&'a str>,
    /// Their name, when the provider lists it.
    pub name: Option<&'a str>,
    /// The role this access gives.
    pub role: &'a str,
    /// `direct` or `inherited`.
    pub access: &'static str,
    /// Where inherited access comes from (`organisation admin`, `group: NAME`); null for direct.
    pub via: Option<&'a str>,
    /// With both direct and inherited access in the workspace: an organisation role when they have
    /// one (it covers every workspace), else the higher role of the two in the workspace's
    /// catalogue; null otherwise.
    pub effective_role: Option<&'a str>,
}

impl<'a> WhoRecord<'a> {
    /// The rows of one workspace.
    pub fn rows(checked: &'a Checked, access: &'a PersonAccess) -> Vec<WhoRecord<'a>> {
        access
            .rows
            .iter()
            .map(|m: &'a Member| WhoRecord {
                profile: &checked.profile,
                provider: checked.provider.as_str(),
                workspace_id: &checked.workspace.id,
                workspace_name: &checked.workspace.name,
                id: &m.id,
                email: m.email.as_deref(),
                name: m.name.as_deref(),
                role: &m.role.name,
                access: m.access.as_str(),
                via: m.access.via(),
                effective_role: access.effective.as_ref().map(|r| r.name.as_str()),
            })
            .collect()
    }
}

impl Record for WhoRecord<'_> {
    const FIELDS: &'static [&'static str] = &[
        "profile",
        "provider",
        "workspace_id",
        "workspace_name",
        "id",
        "email",
        "name",
        "role",
        "access",
        "via",
        "effective_role",
    ];
    fn cells(&self) -> Vec<Option<String>> {
        vec![
            Some(self.profile.into()),
            Some(self.provider.into()),
            Some(self.workspace_id.into()),
            Some(self.workspace_name.into()),
            Some(self.id.into()),
            self.email.map(Into::into),
            self.name.map(Into::into),
            Some(self.role.into()),
            Some(self.access.into()),
            self.via.map(Into::into),
            self.effective_role.map(Into::into),
        ]
    }
}

/// A change of a plan, before it runs.
#[derive(Serialize)]
pub struct PlannedRecord {
    /// Profile name.
    pub profile: String,
    /// Provider name.
    pub provider: &'static str,
    /// `add`, `set-role`, `remove`.
    pub operation: &'static str,
    /// The workspace: `{id, name}`.
    pub workspace: WorkspaceField,
    /// The person as the change names them (email or ID).
    pub user: Option<String>,
    /// The role it was planned against; null when they are not a member.
    pub from: Option<String>,
    /// The role wanted; null for a removal.
    pub to: Option<String>,
    /// The change in words.
    pub description: String,
}

impl From<&Change> for PlannedRecord {
    fn from(c: &Change) -> Self {
        let (workspace, user, from, to) = match &c.subject {
            Subject::Membership(m) => (
                workspace_field(&m.workspace),
                Some(m.who.as_str().to_string()),
                m.seen.role().map(|r| r.name.clone()),
                m.want.role().map(|r| r.name.clone()),
            ),
            Subject::Workspace(w) => (
                WorkspaceField {
                    id: None,
                    name: w.name.clone(),
                },
                None,
                None,
                None,
            ),
        };
        PlannedRecord {
            profile: c.profile.clone(),
            provider: c.provider.as_str(),
            operation: c.operation().as_str(),
            workspace,
            user,
            from,
            to,
            description: c.describe(),
        }
    }
}

/// A grant left out of an offboarding because the person is the workspace's last owner.
#[derive(Serialize)]
pub struct LastOwnerRecord {
    /// Profile name.
    pub profile: String,
    /// Provider name.
    pub provider: &'static str,
    /// The workspace: `{id, name}`.
    pub workspace: WorkspaceField,
    /// Their role (the workspace's top role).
    pub role: String,
    /// Whether `--force` put it in the plan anyway.
    pub forced: bool,
}

impl LastOwnerRecord {
    /// From a grant of the plan.
    pub fn new(g: &Grant, forced: bool) -> Self {
        LastOwnerRecord {
            profile: g.profile.clone(),
            provider: g.provider.as_str(),
            workspace: workspace_field(&g.workspace),
            role: g.member.role.name.clone(),
            forced,
        }
    }
}

/// Access that remains, and where to remove it.
#[derive(Serialize)]
pub struct RemainingRecord {
    /// Profile name.
    pub profile: String,
    /// Provider name.
    pub provider: &'static str,
    /// The workspace: `{id, name}`.
    pub workspace: WorkspaceField,
    /// The role it gives.
    pub role: String,
    /// `inherited` or `direct` (a direct grant left in place).
    pub access: &'static str,
    /// Where inherited access comes from, or why a direct grant was left.
    pub source: String,
    /// Where and how to remove it.
    pub where_to_remove: String,
}

impl From<&Remaining> for RemainingRecord {
    fn from(r: &Remaining) -> Self {
        RemainingRecord {
            profile: r.profile.clone(),
            provider: r.provider.as_str(),
            workspace: workspace_field(&r.workspace),
            role: r.role.clone(),
            access: r.kind.access(),
            source: r.kind.source().to_string(),
            where_to_remove: r.where_to_remove.clone(),
        }
    }
}

/// A profile or workspace that could not be searched.
#[derive(Serialize)]
pub struct FailedRecord {
    /// Profile name.
    pub profile: String,
    /// The workspace, when only one workspace failed; null when the whole profile did.
    pub workspace: Option<WorkspaceField>,
    /// The error's kind (`unauthorized`, `server`, …).
    pub kind: &'static str,
    /// The whole message (sanitized).
    pub message: String,
}

impl FailedRecord {
    /// A failure of a profile (no workspace) or of one workspace.
    pub fn new(profile: &str, workspace: Option<&Workspace>, e: &Error) -> Self {
        FailedRecord {
            profile: profile.to_string(),
            workspace: workspace.map(workspace_field),
            kind: e.kind.as_str(),
            message: e.to_string(),
        }
    }
}

/// Counts at the end of a JSON document.
#[derive(Serialize, Default)]
pub struct Summary {
    /// Changes in the plan.
    pub planned: usize,
    /// Changes run that succeeded (0 without `--apply`).
    pub succeeded: usize,
    /// Changes run that did not succeed.
    pub failed: usize,
}

impl Summary {
    /// The counts of a plan and, when it ran, its outcomes.
    pub fn new(planned: usize, outcomes: &[ChangeOutcome]) -> Self {
        Summary {
            planned,
            succeeded: outcomes.iter().filter(|o| o.verdict.is_success()).count(),
            failed: outcomes.iter().filter(|o| !o.verdict.is_success()).count(),
        }
    }
}

/// The outcomes as JSON records.
pub fn change_records(outcomes: &[ChangeOutcome]) -> Vec<ChangeRecord> {
    outcomes.iter().map(ChangeRecord::from).collect()
}

/// `{id, name}` of a workspace.
pub fn workspace_field(w: &Workspace) -> WorkspaceField {
    WorkspaceField {
        id: Some(w.id.clone()),
        name: w.name.clone(),
    }
}

/// The failures of a search as JSON records.
pub fn not_searched(found: &Search) -> Vec<FailedRecord> {
    found
        .failed_profiles
        .iter()
        .map(|(p, e)| FailedRecord::new(p, None, e))
        .chain(
            found
                .failed_workspaces
                .iter()
                .map(|(p, w, e)| FailedRecord::new(p, Some(w), e)),
        )
        .collect()
}
