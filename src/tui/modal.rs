//! The modal dialogs' state: add member form, role picker, remove confirmation, help.
//! A dialog that sent a change remembers the request number, so it can show progress and then
//! either close (success) or show the server's message (failure).

use super::input::TextInput;
use super::keys::Context;
use super::state::WorkspaceState;
use crate::model::{Member, Role, UserRef};
use crate::sanitize::sanitize_line;

/// Which workspace a dialog acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Index of the profile.
    pub profile: usize,
    /// The workspace's provider ID.
    pub workspace_id: String,
    /// Sanitized workspace name, for titles and messages.
    pub workspace_name: String,
}

/// The open dialog.
#[derive(Debug, Clone)]
pub enum Modal {
    /// `?`.
    Help {
        /// First line shown.
        scroll: usize,
    },
    /// `a`.
    AddMember(AddForm),
    /// `e`.
    RolePicker(RolePicker),
    /// `x`.
    Confirm(ConfirmRemove),
    /// `u`.
    Access(AccessView),
    /// `q` or a signal while a change runs.
    Quitting(QuitDialog),
}

/// Quitting while a change runs: asks first, then waits for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuitDialog {
    /// Whether the admin chose to quit (or a signal asked): roster quits once the change is done.
    pub waiting: bool,
    /// The exit code to quit with (a signal's, or 0).
    pub code: i32,
}

impl Modal {
    /// The key context of this dialog.
    pub fn context(&self) -> Context {
        match self {
            Modal::Help { .. } => Context::Help,
            Modal::AddMember(_) => Context::AddForm,
            Modal::RolePicker(_) => Context::RolePicker,
            Modal::Confirm(_) => Context::Confirm,
            Modal::Access(_) => Context::Access,
            Modal::Quitting(_) => Context::Quitting,
        }
    }

    /// The change request this dialog waits for, if any.
    pub fn submitting(&self) -> Option<u64> {
        match self {
            Modal::Help { .. } | Modal::Access(_) | Modal::Quitting(_) => None,
            Modal::AddMember(f) => f.submitting,
            Modal::RolePicker(p) => p.submitting,
            Modal::Confirm(c) => c.submitting,
        }
    }

    /// After the engine refused to leave a workspace without an owner: shows why, and lets the next
    /// Enter send the change again, forced.
    pub fn offer_force(&mut self, message: String) {
        match self {
            Modal::RolePicker(p) => {
                p.submitting = None;
                p.force_offered = true;
                p.error = Some(message);
            }
            Modal::Confirm(c) => {
                c.submitting = None;
                c.force_offered = true;
                c.error = Some(message);
            }
            other => other.fail(message),
        }
    }

    /// Shows a server error in the dialog and stops waiting.
    pub fn fail(&mut self, message: String) {
        match self {
            Modal::Help { .. } | Modal::Access(_) | Modal::Quitting(_) => {}
            Modal::AddMember(f) => {
                f.submitting = None;
                f.error = Some(message);
            }
            Modal::RolePicker(p) => {
                p.submitting = None;
                p.error = Some(message);
            }
            Modal::Confirm(c) => {
                c.submitting = None;
                c.error = Some(message);
            }
        }
    }
}

/// `u`: every workspace of a profile where one user has access, filled in as the member lists of
/// all workspaces arrive (the worker fetches them concurrently within the profile's bound). Member
/// lists already read since the last refresh are used as they are.
#[derive(Debug, Clone)]
pub struct AccessView {
    /// The profile searched.
    pub profile: usize,
    /// The user looked for (matched by ID, or email ignoring case).
    pub user: Member,
    /// Sanitized label of the user.
    pub label: String,
    /// Workspaces whose member list has not answered yet.
    pub waiting: Vec<String>,
    /// Workspaces asked for.
    pub total: usize,
    /// First result line shown.
    pub scroll: usize,
    /// What was found so far, in the profile's workspace order. Worked out once per answer, so
    /// drawing never scans every membership of every workspace.
    pub lines: Vec<AccessLine>,
    /// Width of the workspace column: the widest workspace name of the profile, within 8..=30.
    pub name_width: usize,
}

/// One line of the access view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessLine {
    /// Position of the workspace in the profile's list (the order of the lines).
    pub position: usize,
    /// The workspace's ID.
    pub workspace_id: String,
    /// Sanitized workspace name.
    pub workspace: String,
    /// What was found there.
    pub found: Found,
}

/// What the access view found in one workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The user appears with this role.
    Member {
        /// Sanitized role name.
        role: String,
        /// Sanitized source: where inherited access comes from; empty for direct access.
        via: String,
        /// Whether the access is direct.
        direct: bool,
    },
    /// The workspace's member list could not be read; the text is the error.
    Failed(String),
}

impl AccessView {
    /// Records what workspace `ws` (at `position` in the profile) says about the user, replacing
    /// what an earlier answer for it said.
    pub fn record(&mut self, position: usize, ws: &WorkspaceState) {
        let id = &ws.workspace.id;
        self.lines.retain(|l| &l.workspace_id != id);
        let line = |found| AccessLine {
            position,
            workspace_id: id.clone(),
            workspace: ws.display_name.clone(),
            found,
        };
        let new: Vec<AccessLine> = match (&ws.members.error, ws.members.loaded) {
            (Some(e), false) => vec![line(Found::Failed(sanitize_line(e).into_owned()))],
            _ => ws
                .members
                .rows
                .iter()
                .filter(|r| self.is_user(r.member_kind(), r.id(), r.email()))
                .map(|r| {
                    line(Found::Member {
                        role: r.role().into_owned(),
                        via: r.via().into_owned(),
                        direct: r.is_direct(),
                    })
                })
                .collect(),
        };
        let at = self.lines.partition_point(|l| l.position <= position);
        self.lines.splice(at..at, new);
    }

    /// Whether a member of `kind` with `id` and `email` is the user looked for.
    pub fn is_user(&self, kind: crate::model::MemberKind, id: &str, email: Option<&str>) -> bool {
        kind == crate::model::MemberKind::User
            && (id == self.user.id
                || matches!((email, &self.user.email), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b)))
    }
}

/// Field of the add form with the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddField {
    /// The user (email or ID) text field.
    User,
    /// The role list.
    Role,
}

/// The add member form.
#[derive(Debug, Clone)]
pub struct AddForm {
    /// Workspace to add to.
    pub target: Target,
    /// Email or user ID as typed.
    pub user: TextInput,
    /// Focused field.
    pub focus: AddField,
    /// Index of the chosen role in the workspace's roles; `None` until the user moves it, meaning
    /// the last listed role (the providers list the least privileged role last).
    pub role_cursor: Option<usize>,
    /// Whether Enter was pressed once (then an empty field is shown as an error, not a hint).
    pub attempted: bool,
    /// Validation or server error shown in the form.
    pub error: Option<String>,
    /// Request number of the add in flight.
    pub submitting: Option<u64>,
}

impl AddForm {
    /// An empty form for `target`.
    pub fn new(target: Target) -> Self {
        AddForm {
            target,
            user: TextInput::default(),
            focus: AddField::User,
            role_cursor: None,
            attempted: false,
            error: None,
            submitting: None,
        }
    }

    /// What the user field holds, as roster reads it.
    pub fn parsed(&self) -> Result<UserRef, String> {
        UserRef::parse(self.user.text())
    }
}

/// The role picker of `e`.
#[derive(Debug, Clone)]
pub struct RolePicker {
    /// Workspace of the member.
    pub target: Target,
    /// The member whose role changes.
    pub member: Member,
    /// Sanitized label of the member.
    pub member_label: String,
    /// Index of the highlighted role; `None` until the user moves it, meaning the current role.
    pub cursor: Option<usize>,
    /// Server error (or "same role") shown in the picker.
    pub error: Option<String>,
    /// Request number of the change in flight.
    pub submitting: Option<u64>,
    /// A move to or from the owner role waits for a second Enter on this cursor position.
    pub confirming: Option<Option<usize>>,
    /// The engine refused to demote the last owner; the next Enter does it anyway.
    pub force_offered: bool,
}

/// Button of the confirmation with the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    /// Keep the member (the default focus).
    Cancel,
    /// Remove the member.
    Remove,
}

/// The remove confirmation.
#[derive(Debug, Clone)]
pub struct ConfirmRemove {
    /// Workspace of the member.
    pub target: Target,
    /// The member to remove.
    pub member: Member,
    /// Sanitized label of the member.
    pub member_label: String,
    /// Focused button; starts on Cancel.
    pub focus: Button,
    /// Server error shown in the dialog.
    pub error: Option<String>,
    /// Request number of the removal in flight.
    pub submitting: Option<u64>,
    /// The engine refused to remove the last owner; the next Remove does it anyway.
    pub force_offered: bool,
}

impl AddForm {
    /// The index of the chosen role among `count` roles.
    pub fn role_index(&self, count: usize) -> usize {
        self.role_cursor
            .unwrap_or(count.saturating_sub(1))
            .min(count.saturating_sub(1))
    }
}

impl RolePicker {
    /// The index of the highlighted role among `roles` (the current role until moved).
    pub fn index(&self, roles: &[Role]) -> usize {
        let current = roles.iter().position(|r| self.is_current(r)).unwrap_or(0);
        self.cursor
            .unwrap_or(current)
            .min(roles.len().saturating_sub(1))
    }

    /// Whether `role` is the member's current role.
    pub fn is_current(&self, role: &Role) -> bool {
        role.id == self.member.role.id || role.matches(&self.member.role.name)
    }
}
