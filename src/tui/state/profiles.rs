//! The data the TUI holds per profile and per workspace: what the servers last confirmed, what is
//! being fetched (the request number whose answer is awaited) and what failed. Plain values; the
//! [`super::Model`] is the only one that changes them.

use crate::model::{Capabilities, Member, MemberKind, ProviderKind, Role, Workspace};
use crate::sanitize::sanitize_line;
use std::borrow::Cow;

/// Member lists of at least this many rows are copied out of the worker's heap, and the runtime is
/// asked to give the freed memory back ([`crate::tui::msg::Effect::ReleaseMemory`]).
pub const LARGE_ANSWER: usize = 10_000;

/// A profile as the App is given it: plain values, no client (the worker owns the clients).
#[derive(Debug, Clone)]
pub struct ProfileSeed {
    /// Profile name.
    pub name: String,
    /// Which API (label only).
    pub kind: ProviderKind,
    /// The provider's capabilities, or why the profile cannot be used.
    pub caps: Result<Capabilities, String>,
    /// The profile says `readonly = true`.
    pub readonly: bool,
}

/// One workspace of one profile, as a dialog names what it acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceRef {
    /// Index of the profile.
    pub profile: usize,
    /// The workspace's provider ID.
    pub workspace_id: String,
    /// Sanitized workspace name, for titles and messages.
    pub workspace_name: String,
}

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
    /// The profile says `readonly = true`: its changes are refused.
    pub readonly: bool,
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
    pub(super) fn workspace_mut(&mut self, id: &str) -> Option<&mut WorkspaceState> {
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
    /// Lowercased name and ID, separated by a newline, for the filter (normalised once per listing).
    pub haystack: String,
    /// Its members.
    pub members: MembersState,
    /// Its roles (fetched when a form needs them).
    pub roles: RolesState,
}

impl WorkspaceState {
    /// A workspace nothing has been fetched for yet.
    pub fn new(workspace: Workspace) -> Self {
        let mut ws = WorkspaceState {
            display_name: String::new(),
            haystack: String::new(),
            workspace: Workspace {
                id: String::new(),
                name: String::new(),
            },
            members: MembersState::default(),
            roles: RolesState::default(),
        };
        ws.set_workspace(workspace);
        ws
    }

    /// Takes the workspace as listed again (its name may have changed), keeping what was fetched.
    pub(super) fn set_workspace(&mut self, workspace: Workspace) {
        self.display_name = sanitize_line(&workspace.name).into_owned();
        self.haystack = format!(
            "{}\n{}",
            self.display_name.to_lowercase(),
            sanitize_line(&workspace.id).to_lowercase()
        );
        self.workspace = workspace;
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
    /// Widest email (or ID), in columns.
    pub email_width: u16,
    /// Widest source of inherited access, in columns (0 when every row is direct).
    pub via_width: u16,
}

impl MembersState {
    /// Replaces the rows with a fresh server answer. Returns whether the answer was large enough
    /// that the freed memory should be given back to the system.
    pub(super) fn set(&mut self, members: Vec<Member>) -> bool {
        let large = members.len() >= LARGE_ANSWER;
        let rows = if large {
            // A large answer's strings sit between the freed remains of its JSON, pinning those
            // pages. Copies made while the originals still hold their places land elsewhere;
            // once the originals are freed, the runtime's trim can return the whole region.
            let rows = members.iter().cloned().map(MemberRow::new).collect();
            drop(members);
            rows
        } else {
            members.into_iter().map(MemberRow::new).collect()
        };
        drop(std::mem::replace(&mut self.rows, rows));
        let widest = |f: fn(&MemberRow) -> Cow<'_, str>| {
            self.rows
                .iter()
                .map(|r| unicode_width::UnicodeWidthStr::width(f(r).as_ref()))
                .max()
                .unwrap_or(0)
                .min(u16::MAX as usize) as u16
        };
        self.role_width = widest(MemberRow::role);
        self.name_width = widest(MemberRow::name);
        self.email_width = widest(MemberRow::email_or_id);
        self.via_width = widest(MemberRow::via);
        self.loaded = true;
        self.error = None;
        large
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

/// One member with its search text normalised once per load, so filtering never redoes that work
/// per keystroke. Display text is sanitized when a row is drawn (only visible rows are): keeping a
/// sanitized copy of every cell would double the memory of a 100,000-member workspace.
#[derive(Debug, Clone)]
pub struct MemberRow {
    /// The member as the provider returned it (needed to change it).
    pub member: Member,
    /// Lowercased text of every column, separated by newlines (which a filter cannot contain), so
    /// a match never spans two columns.
    pub haystack: Box<str>,
}

impl MemberRow {
    /// Prepares `member` for search.
    pub fn new(member: Member) -> Self {
        let mut haystack = String::with_capacity(
            member.name.as_deref().map_or(0, str::len)
                + member.email.as_deref().map_or(0, str::len)
                + member.id.len()
                + member.role.name.len()
                + 24,
        );
        let row = |h: &mut String, text: &str| {
            if !h.is_empty() {
                h.push('\n');
            }
            h.push_str(text);
        };
        row(
            &mut haystack,
            &sanitize_line(member.name.as_deref().unwrap_or_default()),
        );
        row(
            &mut haystack,
            &sanitize_line(member.email.as_deref().unwrap_or(&member.id)),
        );
        row(&mut haystack, &sanitize_line(&member.id));
        row(&mut haystack, &sanitize_line(&member.role.name));
        row(&mut haystack, member.access.as_str());
        row(
            &mut haystack,
            &sanitize_line(member.access.via().unwrap_or_default()),
        );
        row(&mut haystack, member.kind.as_str());
        let haystack = haystack.to_lowercase().into_boxed_str();
        MemberRow { member, haystack }
    }

    /// How to call the member in messages: name, else email, else ID.
    pub fn label(&self) -> Cow<'_, str> {
        sanitize_line(self.member.label())
    }

    /// Name cell (empty when the provider gives no name; the email column shows who it is).
    pub fn name(&self) -> Cow<'_, str> {
        sanitize_line(self.member.name.as_deref().unwrap_or_default())
    }

    /// Email, or ID when there is no email.
    pub fn email_or_id(&self) -> Cow<'_, str> {
        sanitize_line(self.member.email.as_deref().unwrap_or(&self.member.id))
    }

    /// Role name.
    pub fn role(&self) -> Cow<'_, str> {
        sanitize_line(&self.member.role.name)
    }

    /// Where inherited access comes from (empty for direct).
    pub fn via(&self) -> Cow<'_, str> {
        sanitize_line(self.member.access.via().unwrap_or_default())
    }

    /// `direct` or `inherited`.
    pub fn access(&self) -> &'static str {
        self.member.access.as_str()
    }

    /// `user` or `group`.
    pub fn kind(&self) -> &'static str {
        self.member.kind.as_str()
    }

    /// Whether roster may change or remove this row (direct user grants only).
    pub fn is_changeable(&self) -> bool {
        self.member.access.is_direct() && self.member.kind == MemberKind::User
    }
}
