//! What the person view holds: one row per access the search found (the direct grant and each
//! inherited one), kept in profile and workspace order as they stream in; what could not be
//! searched; and where members are listed without an email.

use crate::model::{Member, ProviderKind, Role, Workspace};
use crate::people::Checked;
use crate::sanitize::sanitize_line;
use crate::tui::text;

/// One access of the person: a direct grant or an inherited one, in one workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    /// Profile index in the panes.
    pub profile: usize,
    /// The profile's name as configured (the change engine finds the profile by it).
    pub profile_name: String,
    /// Its provider.
    pub provider: ProviderKind,
    /// The workspace.
    pub workspace: Workspace,
    /// The person's row in the workspace's listing.
    pub member: Member,
    /// With both direct and inherited access there: the role that counts (on the direct row).
    pub effective: Option<Role>,
    /// The direct grant is the workspace's last holder of its top role.
    pub sole_owner: bool,
}

/// What identifies a direct grant across searches: (profile, workspace ID, member ID).
pub type GrantKey = (usize, String, String);

impl PersonRow {
    /// The rows of one checked workspace (none when the person has no access there).
    pub fn from_checked(profile: usize, checked: &Checked) -> Vec<PersonRow> {
        let Some(access) = &checked.access else {
            return Vec::new();
        };
        access
            .rows
            .iter()
            .map(|m| {
                let direct = m.access.is_direct();
                PersonRow {
                    profile,
                    profile_name: checked.profile.clone(),
                    provider: checked.provider,
                    workspace: checked.workspace.clone(),
                    member: m.clone(),
                    effective: access.effective.clone().filter(|_| direct),
                    sole_owner: direct && access.sole_owner,
                }
            })
            .collect()
    }

    /// Whether roster can remove it here (a direct user grant).
    pub fn is_direct(&self) -> bool {
        self.member.access.is_direct()
    }

    /// The key of the grant (marks are kept by it).
    pub fn key(&self) -> GrantKey {
        (
            self.profile,
            self.workspace.id.clone(),
            self.member.id.clone(),
        )
    }

    /// Where the row goes: profile order, then workspace name, the direct grant first.
    pub fn order(&self) -> (usize, String, &str, bool, &str) {
        (
            self.profile,
            self.workspace.name.to_lowercase(),
            &self.workspace.id,
            !self.is_direct(),
            self.member.access.via().unwrap_or_default(),
        )
    }

    /// Sanitized profile name.
    pub fn profile_label(&self) -> String {
        sanitize_line(&self.profile_name).into_owned()
    }

    /// Sanitized workspace name.
    pub fn workspace_label(&self) -> String {
        sanitize_line(&self.workspace.name).into_owned()
    }

    /// Sanitized role.
    pub fn role_label(&self) -> String {
        sanitize_line(&self.member.role.name).into_owned()
    }

    /// `direct`, or `via organisation admin`.
    pub fn source_label(&self) -> String {
        match self.member.access.via() {
            None => text::SOURCE_DIRECT.to_string(),
            Some(via) => text::source_via(&sanitize_line(via)),
        }
    }

    /// Sanitized effective role, or empty.
    pub fn effective_label(&self) -> String {
        self.effective
            .as_ref()
            .map(|r| sanitize_line(&r.name).into_owned())
            .unwrap_or_default()
    }
}

/// A profile or a workspace that could not be searched, with why (both sanitized).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// `profile` or `profile / workspace`.
    pub place: String,
    /// The error, as its message reads.
    pub error: String,
}

/// Members listed without an email in one profile, when searching by email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithoutEmail {
    /// Sanitized profile name.
    pub profile: String,
    /// How many such members.
    pub members: usize,
    /// In how many workspaces.
    pub workspaces: usize,
}
