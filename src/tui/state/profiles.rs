//! The data the TUI holds per profile and per workspace: what the servers last confirmed, what is
//! being fetched (the request number whose answer is awaited) and what failed. Plain values; the
//! [`super::Model`] is the only one that changes them.

use crate::http::ItemSink;
use crate::model::{Access, Capabilities, Member, MemberKind, ProviderKind, Role, Workspace};
use crate::sanitize::sanitize_line;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// After a member list of at least this many rows, the runtime is asked to give the memory freed
/// while reading it back ([`crate::tui::msg::Effect::ReleaseMemory`]).
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
    /// that the freed memory should be given back to the system: the rows were built while the
    /// answer was read, and what reading it freed (and the old rows) can go back.
    pub(super) fn set(&mut self, rows: impl Into<MemberRows>) -> bool {
        let rows = rows.into().rows;
        let large = rows.len() >= LARGE_ANSWER;
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

/// What many rows of one list have in common. A workspace of 100,000 members has a handful of
/// these, each kept once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct SharedKey {
    role: Role,
    access: Access,
    kind: MemberKind,
}

/// A [`SharedKey`] with its search text.
#[derive(Debug)]
struct Shared {
    role: Role,
    access: Access,
    kind: MemberKind,
    /// Lowercased, sanitized role name, access, source and kind, separated by newlines (which a
    /// filter cannot contain), so a match never spans two of them.
    search: Box<str>,
}

impl Shared {
    fn new(key: SharedKey) -> Self {
        let SharedKey { role, access, kind } = key;
        let search = format!(
            "{}\n{}\n{}\n{}",
            sanitize_line(&role.name),
            access.as_str(),
            sanitize_line(access.via().unwrap_or_default()),
            kind.as_str()
        )
        .to_lowercase()
        .into_boxed_str();
        Shared {
            role,
            access,
            kind,
            search,
        }
    }
}

/// Where a row's parts end in its text, and which have a search form of their own.
#[derive(Debug, Clone, Copy)]
struct Layout {
    name_end: u32,
    email_end: u32,
    id_end: u32,
    handle_end: u32,
    flags: u8,
}

const HAS_NAME: u8 = 1;
const HAS_EMAIL: u8 = 2;
const HAS_HANDLE: u8 = 4;
/// The name's (email's, ID's) search form differs from it and is in the row's search tail.
const OWN_NAME: u8 = 8;
const OWN_EMAIL: u8 = 16;
const OWN_ID: u8 = 32;

/// One member, compact: its own text (name, email, ID, handle, and the search form of those whose
/// lowercased, sanitized form differs) in one allocation, and what it shares with other rows
/// (role, access, kind) behind one pointer. Search text is normalised once per load, so filtering
/// never redoes that work per keystroke; display text is sanitized when a row is drawn (only
/// visible rows are).
#[derive(Debug, Clone)]
pub struct MemberRow {
    text: Box<str>,
    layout: Layout,
    shared: Arc<Shared>,
}

/// Rows being built from a listing, sharing what rows have in common; what the worker hands the
/// screen. Built from members one at a time as they are decoded ([`ItemSink`]), or from a list.
#[derive(Debug, Clone, Default)]
pub struct MemberRows {
    rows: Vec<MemberRow>,
    shared: HashMap<SharedKey, Arc<Shared>>,
}

impl MemberRows {
    /// The rows built so far.
    pub fn rows(&self) -> &[MemberRow] {
        &self.rows
    }

    fn add(&mut self, member: Member) {
        let row = self.row_of(member);
        self.rows.push(row);
    }

    /// `member`'s row, sharing what it has in common with the rows already built.
    fn row_of(&mut self, member: Member) -> MemberRow {
        let Member {
            id,
            email,
            name,
            role,
            access,
            kind,
            handle,
        } = member;
        let key = SharedKey { role, access, kind };
        let shared = match self.shared.get(&key) {
            Some(known) => known.clone(),
            None => {
                let shared = Arc::new(Shared::new(key.clone()));
                self.shared.insert(key, shared.clone());
                shared
            }
        };
        MemberRow::build(
            &id,
            email.as_deref(),
            name.as_deref(),
            handle.as_deref(),
            shared,
        )
    }

    /// Indices of the rows that are direct users without a name (what
    /// [`crate::providers::Provider::name_members`] may name).
    pub fn unnamed_direct_users(&self) -> Vec<usize> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.member_kind() == MemberKind::User && r.is_direct() && r.raw_name().is_none()
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Row `i` as the member it shows.
    pub fn member(&self, i: usize) -> Option<Member> {
        self.rows.get(i).map(MemberRow::member)
    }

    /// Replaces row `i` with `member`'s (a member named after the listing).
    pub fn replace(&mut self, i: usize, member: Member) {
        let row = self.row_of(member);
        if let Some(slot) = self.rows.get_mut(i) {
            *slot = row;
        }
    }
}

impl From<Vec<Member>> for MemberRows {
    fn from(members: Vec<Member>) -> Self {
        let mut rows = MemberRows::default();
        rows.rows.reserve_exact(members.len());
        for m in members {
            rows.add(m);
        }
        rows
    }
}

impl ItemSink<Member> for MemberRows {
    fn push(&mut self, member: Member) -> crate::error::Result<()> {
        self.add(member);
        Ok(())
    }

    fn mark(&self) -> usize {
        self.rows.len()
    }

    fn rewind(&mut self, mark: usize) {
        self.rows.truncate(mark);
    }
}

/// `text` lowercased and sanitized for search, or `None` when that is `text` itself.
fn search_form(text: &str) -> Option<String> {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_graphic() && !c.is_ascii_uppercase() || c == ' ');
    if plain {
        return None;
    }
    let form = sanitize_line(text).to_lowercase();
    (form != text).then_some(form)
}

fn offset(len: usize) -> u32 {
    // A row's own text is bounded by the decode limits (a few KB); a larger one could only come
    // from a test, and is cut at 4 GB rather than wrap.
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl MemberRow {
    /// Prepares `member` for display and search (a row of its own, sharing nothing).
    pub fn new(member: Member) -> Self {
        let mut rows = MemberRows::default();
        rows.add(member);
        rows.rows.remove(0)
    }

    fn build(
        id: &str,
        email: Option<&str>,
        name: Option<&str>,
        handle: Option<&str>,
        shared: Arc<Shared>,
    ) -> Self {
        let mut flags = 0;
        let forms = [
            name.and_then(search_form).inspect(|_| flags |= OWN_NAME),
            email.and_then(search_form).inspect(|_| flags |= OWN_EMAIL),
            search_form(id).inspect(|_| flags |= OWN_ID),
        ];
        let own: usize = forms.iter().flatten().map(|f| f.len() + 1).sum();
        let mut text = String::with_capacity(
            name.map_or(0, str::len)
                + email.map_or(0, str::len)
                + id.len()
                + handle.map_or(0, str::len)
                + own,
        );
        if let Some(name) = name {
            flags |= HAS_NAME;
            text.push_str(name);
        }
        let name_end = offset(text.len());
        if let Some(email) = email {
            flags |= HAS_EMAIL;
            text.push_str(email);
        }
        let email_end = offset(text.len());
        text.push_str(id);
        let id_end = offset(text.len());
        if let Some(handle) = handle {
            flags |= HAS_HANDLE;
            text.push_str(handle);
        }
        let handle_end = offset(text.len());
        for form in forms.iter().flatten() {
            text.push('\n');
            text.push_str(form);
        }
        MemberRow {
            text: text.into_boxed_str(),
            layout: Layout {
                name_end,
                email_end,
                id_end,
                handle_end,
                flags,
            },
            shared,
        }
    }

    fn part(&self, from: u32, to: u32) -> &str {
        self.text
            .get(from as usize..to as usize)
            .unwrap_or_default()
    }

    fn has(&self, flag: u8) -> bool {
        self.layout.flags & flag != 0
    }

    /// The member's (or group's) ID as the provider knows it.
    pub fn id(&self) -> &str {
        self.part(self.layout.email_end, self.layout.id_end)
    }

    /// The email, as the server sent it, when it sent one.
    pub fn email(&self) -> Option<&str> {
        self.has(HAS_EMAIL)
            .then(|| self.part(self.layout.name_end, self.layout.email_end))
    }

    /// The display name, as the server sent it, when it sent one.
    pub fn raw_name(&self) -> Option<&str> {
        self.has(HAS_NAME)
            .then(|| self.part(0, self.layout.name_end))
    }

    /// User or group.
    pub fn member_kind(&self) -> MemberKind {
        self.shared.kind
    }

    /// The member's role.
    pub fn member_role(&self) -> &Role {
        &self.shared.role
    }

    /// Direct or inherited, and from where.
    pub fn member_access(&self) -> &Access {
        &self.shared.access
    }

    /// Whether the access is granted on this workspace itself.
    pub fn is_direct(&self) -> bool {
        self.shared.access.is_direct()
    }

    /// The member as the provider returned it (what a change needs).
    pub fn member(&self) -> Member {
        Member {
            id: self.id().to_string(),
            email: self.email().map(str::to_string),
            name: self.raw_name().map(str::to_string),
            role: self.shared.role.clone(),
            access: self.shared.access.clone(),
            kind: self.shared.kind,
            handle: self.has(HAS_HANDLE).then(|| {
                self.part(self.layout.id_end, self.layout.handle_end)
                    .to_string()
            }),
        }
    }

    /// Whether `needle` (lowercase, no newline) is in one of the row's columns: name, email, ID,
    /// role, access, source or kind, compared lowercased and sanitized.
    pub fn matches(&self, needle: &str) -> bool {
        let own = |flag: u8, text: Option<&str>| {
            !self.has(flag) && text.is_some_and(|t| t.contains(needle))
        };
        own(OWN_NAME, self.raw_name())
            || own(OWN_EMAIL, self.email())
            || own(OWN_ID, Some(self.id()))
            || self.text[self.layout.handle_end as usize..].contains(needle)
            || self.shared.search.contains(needle)
    }

    /// How to call the member in messages: name, else email, else ID.
    pub fn label(&self) -> Cow<'_, str> {
        let label = self
            .raw_name()
            .filter(|s| !s.is_empty())
            .or(self.email())
            .unwrap_or(self.id());
        sanitize_line(label)
    }

    /// Name cell (empty when the provider gives no name; the email column shows who it is).
    pub fn name(&self) -> Cow<'_, str> {
        sanitize_line(self.raw_name().unwrap_or_default())
    }

    /// Email, or ID when there is no email.
    pub fn email_or_id(&self) -> Cow<'_, str> {
        sanitize_line(self.email().unwrap_or(self.id()))
    }

    /// Role name.
    pub fn role(&self) -> Cow<'_, str> {
        sanitize_line(&self.shared.role.name)
    }

    /// Where inherited access comes from (empty for direct).
    pub fn via(&self) -> Cow<'_, str> {
        sanitize_line(self.shared.access.via().unwrap_or_default())
    }

    /// `direct` or `inherited`.
    pub fn access(&self) -> &'static str {
        self.shared.access.as_str()
    }

    /// `user` or `group`.
    pub fn kind(&self) -> &'static str {
        self.shared.kind.as_str()
    }

    /// Whether roster may change or remove this row (direct user grants only).
    pub fn is_changeable(&self) -> bool {
        self.is_direct() && self.shared.kind == MemberKind::User
    }
}
