//! Fetching: the commands that ask the worker for workspaces, members and roles (each marks what
//! it waits for with a fresh request number), and taking the worker's replies in. Only the awaited
//! reply (the newest for that profile or workspace) is taken, so an older refresh, or a reply for a
//! workspace that changed meanwhile, is dropped instead of overwriting newer data.

use super::cursor::Pane;
use super::model::{Model, Toast, ToastKind};
use super::profiles::{MemberRows, ProfileStatus, WorkspaceRef, WorkspaceState};
use super::tree::TreeRow;
use crate::error::Error;
use crate::model::{Capabilities, MemberKind, Role, Workspace};
use crate::sanitize::sanitize_line;
use crate::tui::msg::Command;
use crate::tui::text;

/// A member list that was taken in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MembersTaken {
    /// Position of the workspace in its profile's list.
    pub position: usize,
    /// The list was large: the runtime should give the freed memory back.
    pub large: bool,
}

impl Model {
    /// The first commands: list every usable profile's workspaces, each on its own.
    pub(crate) fn start(&mut self) -> Vec<Command> {
        let usable: Vec<usize> = (0..self.profiles.len())
            .filter(|&p| self.profiles[p].caps.is_some())
            .collect();
        usable
            .into_iter()
            .map(|p| self.load_workspaces(p))
            .collect()
    }

    /// Marks profile `p` as loading and returns the command that lists its workspaces.
    pub(crate) fn load_workspaces(&mut self, p: usize) -> Command {
        let request = self.next_id();
        self.profiles[p].pending = Some(request);
        Command::LoadWorkspaces {
            profile: p,
            request,
        }
    }

    /// Marks workspace `id` of profile `p` as loading and returns the command, unless the
    /// workspace is unknown.
    pub(crate) fn load_members(&mut self, p: usize, id: &str) -> Option<Command> {
        let request = self.next_id();
        let prof = self.profiles.get_mut(p)?;
        let include_inherited = prof
            .caps
            .as_ref()
            .is_some_and(|c| c.inherited_members.is_available());
        let ws = prof.workspace_mut(id)?;
        ws.members.pending = Some(request);
        Some(Command::LoadMembers {
            profile: p,
            workspace: ws.workspace.clone(),
            include_inherited,
            request,
        })
    }

    /// Starts listing the target's roles unless they are known or already on the way.
    pub(crate) fn ensure_roles(&mut self, target: &WorkspaceRef) -> Option<Command> {
        let request = self.next_id();
        let ws = self
            .profiles
            .get_mut(target.profile)?
            .workspace_mut(&target.workspace_id)?;
        if ws.roles.roles.is_some() || ws.roles.pending.is_some() {
            return None;
        }
        ws.roles.pending = Some(request);
        ws.roles.error = None;
        Some(Command::LoadRoles {
            profile: target.profile,
            workspace: ws.workspace.clone(),
            request,
        })
    }

    /// `r`: on a profile row reload its workspaces; otherwise reload the workspace's members (and
    /// forget its roles, so a form lists them again).
    pub(crate) fn refresh(&mut self) -> Vec<Command> {
        let target = match self.focus {
            Pane::Workspaces => self.tree_selected(),
            Pane::Members => None,
        };
        match target {
            Some(TreeRow::Profile(p) | TreeRow::Note(p) | TreeRow::NoteMore(p, _)) => {
                if self.profiles[p].pending.is_some() {
                    return Vec::new();
                }
                vec![self.retry_or_reload(p)]
            }
            Some(TreeRow::Workspace(p, w)) => {
                let id = self.profiles[p].workspaces[w].workspace.id.clone();
                self.profiles[p].workspaces[w].roles = Default::default();
                self.load_members(p, &id).into_iter().collect()
            }
            None => match self.open.clone() {
                Some((p, id)) => {
                    if let Some(ws) = self.open_workspace_mut() {
                        ws.roles = Default::default();
                    }
                    self.load_members(p, &id).into_iter().collect()
                }
                None => {
                    self.info(text::OPEN_WORKSPACE_FIRST.to_string());
                    Vec::new()
                }
            },
        }
    }

    /// The command that reads profile `p` again: a profile that failed or cannot be used gets its
    /// token read again and its client rebuilt first (the admin may have fixed either), a working
    /// one lists its workspaces again.
    pub(crate) fn retry_or_reload(&mut self, p: usize) -> Command {
        match self.profiles[p].status {
            ProfileStatus::Failed(_) | ProfileStatus::Unavailable(_) => {
                let request = self.next_id();
                let prof = &mut self.profiles[p];
                prof.pending = Some(request);
                Command::RebuildProfile {
                    profile: p,
                    request,
                }
            }
            _ => self.load_workspaces(p),
        }
    }

    /// Takes the rebuilt client's capabilities (or why the profile still cannot be used) if they
    /// answer `request`; a usable profile then lists its workspaces.
    pub(crate) fn take_rebuilt(
        &mut self,
        p: usize,
        request: u64,
        result: Result<Capabilities, String>,
    ) -> Vec<Command> {
        if self.profiles[p].pending != Some(request) {
            return Vec::new();
        }
        let prof = &mut self.profiles[p];
        prof.pending = None;
        match result {
            Ok(caps) => {
                prof.caps = Some(caps);
                if prof.workspaces.is_empty() {
                    prof.status = ProfileStatus::Loading;
                }
                vec![self.load_workspaces(p)]
            }
            Err(why) => {
                prof.caps = None;
                prof.status = ProfileStatus::Unavailable(why.clone());
                let text = about_profile(&prof.name, &why);
                self.error(text);
                self.clamp_lists();
                Vec::new()
            }
        }
    }

    /// Takes profile `p`'s workspace list (or its error) if it answers `request`; returns what to
    /// load next (the first workspace opens by itself). `dialog_open`: a dialog covers the panes,
    /// so the cursor is not the admin's to keep.
    pub(crate) fn take_workspaces(
        &mut self,
        p: usize,
        request: u64,
        result: Result<Vec<Workspace>, Error>,
        dialog_open: bool,
    ) -> Vec<Command> {
        if self.profiles[p].pending != Some(request) {
            return Vec::new();
        }
        let key = self.tree_key();
        let untouched = self.tree.cursor == 0 && self.focus == Pane::Workspaces && !dialog_open;
        let prof = &mut self.profiles[p];
        prof.pending = None;
        let list = match result {
            Ok(list) => list,
            Err(e) => {
                let e = error_text(&e);
                // The old list (if any) stays, marked by the error state; nothing is hidden.
                prof.status = ProfileStatus::Failed(e.clone());
                let text = about_profile(&prof.name, &e);
                self.show(Toast {
                    kind: ToastKind::Error,
                    text,
                });
                return self.auto_open(untouched, key);
            }
        };
        // Keep what is known of workspaces that are still there (members, roles, pending loads).
        // By ID, so a reload of thousands of workspaces stays linear.
        let mut old: std::collections::HashMap<String, WorkspaceState> =
            std::mem::take(&mut prof.workspaces)
                .into_iter()
                .map(|w| (w.workspace.id.clone(), w))
                .collect();
        prof.workspaces = list
            .into_iter()
            .map(|w| match old.remove(&w.id) {
                Some(mut kept) => {
                    kept.set_workspace(w);
                    kept
                }
                None => WorkspaceState::new(w),
            })
            .collect();
        prof.status = ProfileStatus::Ready;
        // The open workspace may have disappeared on the server.
        if let Some((op, id)) = self.open.clone()
            && op == p
            && self.profiles[p].workspace(&id).is_none()
        {
            self.close_workspace();
        }
        self.auto_open(untouched, key)
    }

    /// Takes workspace `workspace_id`'s member list (or its error) if it answers `request`.
    pub(crate) fn take_members(
        &mut self,
        p: usize,
        request: u64,
        workspace_id: &str,
        result: Result<MemberRows, Error>,
    ) -> Option<MembersTaken> {
        let is_open = self
            .open
            .as_ref()
            .is_some_and(|(op, id)| *op == p && id == workspace_id);
        let keep: Option<(String, MemberKind)> = if is_open {
            // A member the person view jumped to wins over the row under the cursor.
            self.take_select_on_load(p, workspace_id).or_else(|| {
                self.selected_member()
                    .map(|r| (r.id().to_string(), r.member_kind()))
            })
        } else {
            None
        };
        // A member just added is selected once this read shows them.
        let awaited = self
            .awaited
            .as_ref()
            .filter(|a| a.profile == p && a.workspace_id == workspace_id)
            .cloned();
        let position = self.profiles[p]
            .workspaces
            .iter()
            .position(|w| w.workspace.id == workspace_id)?;
        let ws = &mut self.profiles[p].workspaces[position];
        if ws.members.pending != Some(request) {
            return None;
        }
        ws.members.pending = None;
        let mut large = false;
        match result {
            Ok(list) => large = ws.members.set(list),
            Err(e) => {
                let e = error_text(&e);
                ws.members.error = Some(e.clone());
                if is_open {
                    self.error(e);
                }
            }
        }
        if is_open {
            let found = awaited.as_ref().and_then(|a| {
                ws_rows(self, p, position).and_then(|rows| {
                    rows.iter()
                        .find(|r| {
                            r.member_access().is_direct()
                                && (a.id.as_deref() == Some(r.id())
                                    || r.id().eq_ignore_ascii_case(&a.typed)
                                    || r.email().is_some_and(|e| e.eq_ignore_ascii_case(&a.typed)))
                        })
                        .map(|r| {
                            let needle = self.members_filter.needle();
                            let shown = !self.members_filter.is_active() || r.matches(&needle);
                            (r.id().to_string(), r.member_kind(), shown)
                        })
                })
            });
            let found = found.map(|(id, kind, shown)| {
                self.awaited = None;
                // A filter that hides the new member is cleared to show everyone rather than hide
                // them; one that shows them stays.
                if !shown {
                    self.members_filter.clear();
                }
                (id, kind)
            });
            self.members_replaced(found.or(keep));
            self.prune_marks();
        }
        self.clamp_lists();
        Some(MembersTaken { position, large })
    }

    /// Takes workspace `workspace_id`'s roles (or the error) if they answer `request`.
    pub(crate) fn take_roles(
        &mut self,
        p: usize,
        request: u64,
        workspace_id: &str,
        result: Result<Vec<Role>, Error>,
    ) {
        let Some(ws) = self.profiles[p].workspace_mut(workspace_id) else {
            return;
        };
        if ws.roles.pending != Some(request) {
            return;
        }
        ws.roles.pending = None;
        match result {
            Ok(roles) => {
                ws.roles.roles = Some(roles);
                ws.roles.error = None;
            }
            Err(e) => ws.roles.error = Some(error_text(&e)),
        }
    }
}

/// The rows of workspace `position` of profile `p`.
fn ws_rows(model: &Model, p: usize, position: usize) -> Option<&[super::profiles::MemberRow]> {
    Some(
        &model
            .profiles
            .get(p)?
            .workspaces
            .get(position)?
            .members
            .rows,
    )
}

/// How an error reads on screen: its message, which names the provider, the status, the server's
/// words and what to do here (a rate limit says until when). The advice is the TUI's own: never a
/// command line to type.
pub(crate) fn error_text(e: &Error) -> String {
    let mut text = e.without_hint();
    let hint = match e.kind {
        crate::error::ErrorKind::Unauthorized => Some(text::HINT_TOKEN.to_string()),
        _ => e.hint(),
    };
    if let Some(hint) = hint {
        text.push_str("; ");
        text.push_str(&hint);
    }
    text
}

/// `message` about profile `name`, prefixed with the profile's name unless it already starts with
/// it (a profile named after its provider would read `paradigm: paradigm: …`).
pub(crate) fn about_profile(name: &str, message: &str) -> String {
    let name = sanitize_line(name);
    match message.strip_prefix(name.as_ref()) {
        Some(rest) if rest.starts_with(':') => message.to_string(),
        _ => format!("{name}: {message}"),
    }
}
