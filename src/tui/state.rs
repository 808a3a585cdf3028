//! The data the TUI holds per profile and per workspace: what the servers last confirmed, what is
//! being fetched (the request number whose answer is awaited) and what failed. Plain values only.

use crate::model::{Capabilities, Member, MemberKind, ProviderKind, Role, Workspace};
use crate::sanitize::sanitize_line;

/// Whether a profile can be used and how far its loading got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileStatus {
    /// The profile cannot be used (bad config, missing token); the text says why.
    Unavailable(String),
    /// Workspaces are being listed for the first time.
    Loading,
    /// Workspaces are listed.
    Ready,
    /// Listing workspaces failed; the text is the error.
    Failed(String),
}

/// One profile in the left pane.
#[derive(Debug, Clone)]
pub struct ProfileState {
    /// Profile name from the config.
    pub name: String,
    /// Which API (label only).
    pub kind: ProviderKind,
    /// What the provider can do (`None` when unavailable).
    pub caps: Option<Capabilities>,
    /// Connection state.
    pub status: ProfileStatus,
    /// Workspaces, in server order.
    pub workspaces: Vec<WorkspaceState>,
    /// Request number of the workspace listing in flight, if any.
    pub pending: Option<u64>,
    /// Whether its workspaces are hidden in the tree.
    pub folded: bool,
}

impl ProfileState {
    /// Finds a workspace by its provider ID.
    pub fn workspace(&self, id: &str) -> Option<&WorkspaceState> {
        self.workspaces.iter().find(|w| w.workspace.id == id)
    }

    /// Finds a workspace by its provider ID, mutably.
    pub fn workspace_mut(&mut self, id: &str) -> Option<&mut WorkspaceState> {
        self.workspaces.iter_mut().find(|w| w.workspace.id == id)
    }

    /// Whether anything of this profile is being fetched.
    pub fn is_loading(&self) -> bool {
        self.pending.is_some()
            || self
                .workspaces
                .iter()
                .any(|w| w.members.pending.is_some() || w.roles.pending.is_some())
    }
}

/// One workspace and what roster knows of it.
#[derive(Debug, Clone)]
pub struct WorkspaceState {
    /// The workspace as listed.
    pub workspace: Workspace,
    /// Sanitized display name.
    pub display_name: String,
    /// Its members.
    pub members: MembersState,
    /// Its roles (fetched when a form needs them).
    pub roles: RolesState,
}

impl WorkspaceState {
    /// A workspace nothing has been fetched for yet.
    pub fn new(workspace: Workspace) -> Self {
        WorkspaceState {
            display_name: sanitize_line(&workspace.name).into_owned(),
            workspace,
            members: MembersState::default(),
            roles: RolesState::default(),
        }
    }
}

/// A workspace's member list: the last server-confirmed rows plus load state.
#[derive(Debug, Clone, Default)]
pub struct MembersState {
    /// Rows of the last successful load (never optimistic).
    pub rows: Vec<MemberRow>,
    /// Whether a load ever succeeded.
    pub loaded: bool,
    /// Request number of the load whose answer is awaited (older answers are dropped).
    pub pending: Option<u64>,
    /// The last load's error; the rows (if any) are then stale.
    pub error: Option<String>,
    /// Widest role name, in columns, computed once per load for the table layout.
    pub role_width: u16,
    /// Widest name, in columns (0 when no row has a name: the column is then left out).
    pub name_width: u16,
}

impl MembersState {
    /// Replaces the rows with a fresh server answer.
    pub fn set(&mut self, members: Vec<Member>) {
        self.rows = members.into_iter().map(MemberRow::new).collect();
        let widest = |f: fn(&MemberRow) -> &str| {
            self.rows
                .iter()
                .map(|r| unicode_width::UnicodeWidthStr::width(f(r)))
                .max()
                .unwrap_or(0)
                .min(u16::MAX as usize) as u16
        };
        self.role_width = widest(|r| &r.role);
        self.name_width = widest(|r| &r.name);
        self.loaded = true;
        self.error = None;
    }
}

/// A workspace's roles.
#[derive(Debug, Clone, Default)]
pub struct RolesState {
    /// The roles, once listed.
    pub roles: Option<Vec<Role>>,
    /// Request number of the listing in flight.
    pub pending: Option<u64>,
    /// The last listing's error.
    pub error: Option<String>,
}

/// One member with its display cells sanitized and its search text normalised once per load, so
/// drawing and filtering never redo that work per frame or per keystroke.
#[derive(Debug, Clone)]
pub struct MemberRow {
    /// The member as the provider returned it (needed to change it).
    pub member: Member,
    /// How to call the member in messages: name, else email, else ID.
    pub label: String,
    /// Name cell (empty when the provider gives no name; the email column shows who it is).
    pub name: String,
    /// Email, or ID when there is no email.
    pub email_or_id: String,
    /// Role name.
    pub role: String,
    /// `direct` or `inherited`.
    pub access: &'static str,
    /// Where inherited access comes from (empty for direct).
    pub via: String,
    /// `user` or `group`.
    pub kind: &'static str,
    /// Lowercased text of every column, separated by newlines (which a filter cannot contain), so
    /// a match never spans two columns.
    pub haystack: String,
}

impl MemberRow {
    /// Prepares `member` for display and search.
    pub fn new(member: Member) -> Self {
        let label = sanitize_line(member.label()).into_owned();
        let name = sanitize_line(member.name.as_deref().unwrap_or_default()).into_owned();
        let email_or_id = sanitize_line(member.email.as_deref().unwrap_or(&member.id)).into_owned();
        let role = sanitize_line(&member.role.name).into_owned();
        let via = member
            .access
            .via()
            .map(|v| sanitize_line(v).into_owned())
            .unwrap_or_default();
        let access = member.access.as_str();
        let kind = member.kind.as_str();
        let id = sanitize_line(&member.id);
        let haystack = [
            name.as_str(),
            email_or_id.as_str(),
            &id,
            role.as_str(),
            access,
            via.as_str(),
            kind,
        ]
        .join("\n")
        .to_lowercase();
        MemberRow {
            member,
            label,
            name,
            email_or_id,
            role,
            access,
            via,
            kind,
            haystack,
        }
    }

    /// Whether roster may change or remove this row (direct user grants only).
    pub fn is_changeable(&self) -> bool {
        self.member.access.is_direct() && self.member.kind == MemberKind::User
    }
}
