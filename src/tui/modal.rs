//! The modal dialogs' state: add member form, role picker, remove confirmation, help.
//! A dialog that sent a change remembers the request number, so it can show progress and then
//! either close (success) or show the server's message (failure).

use super::input::TextInput;
use super::keys::Context;
use crate::model::{Member, Role, UserRef};

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
        }
    }

    /// The change request this dialog waits for, if any.
    pub fn submitting(&self) -> Option<u64> {
        match self {
            Modal::Help { .. } | Modal::Access(_) => None,
            Modal::AddMember(f) => f.submitting,
            Modal::RolePicker(p) => p.submitting,
            Modal::Confirm(c) => c.submitting,
        }
    }

    /// Shows a server error in the dialog and stops waiting.
    pub fn fail(&mut self, message: String) {
        match self {
            Modal::Help { .. } | Modal::Access(_) => {}
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
/// all workspaces arrive (the worker fetches them concurrently within its bound).
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
}

impl AccessView {
    /// Whether `m` is the user looked for.
    pub fn is_user(&self, m: &Member) -> bool {
        m.kind == crate::model::MemberKind::User
            && (m.id == self.user.id
                || matches!((&m.email, &self.user.email), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b)))
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
