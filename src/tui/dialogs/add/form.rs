//! The add member form's state and keys: typing the user, picking the role, submitting.

use crate::engine::planner;
use crate::model::{Role, Support, UserRef};
use crate::tui::dialogs::common::{Step, open_target};
use crate::tui::input::TextInput;
use crate::tui::keys::Action;
use crate::tui::msg::{Command, Work};
use crate::tui::state::{Model, Move, Pane, TreeRow, WorkspaceRef};
use crate::tui::text;
use ratatui::crossterm::event::KeyEvent;

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
    pub target: WorkspaceRef,
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
    pub fn new(target: WorkspaceRef) -> Self {
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

    /// `a`: the form for the open workspace (in the left pane: the workspace under the cursor,
    /// which is opened first so the result shows on the right), with the commands that open it and
    /// list its roles; or an explanation toast and no form.
    pub(crate) fn open(model: &mut Model) -> (Option<AddForm>, Work) {
        let mut out = Work::none();
        if model.focus() == Pane::Workspaces
            && let Some(TreeRow::Workspace(p, w)) = model.tree_selected()
            && let Some(id) = model
                .profile(p)
                .and_then(|prof| prof.workspaces.get(w))
                .map(|ws| ws.workspace.id.clone())
            && model.open() != Some((p, id.as_str()))
        {
            out = out.and(model.show_workspace(p, &id, false));
        }
        let Some((target, caps)) = open_target(model) else {
            return (None, out);
        };
        if model.refuse_readonly(target.profile) {
            return (None, out);
        }
        if let (Support::Unsupported(a), Support::Unsupported(_)) =
            (&caps.add_by_email, &caps.add_by_id)
        {
            model.info(text::unsupported(text::ACTION_ADD, a));
            return (None, out);
        }
        out = out.and(model.ensure_roles(&target));
        (Some(AddForm::new(target)), out)
    }

    /// What the user field holds, as roster reads it.
    pub fn parsed(&self) -> Result<UserRef, String> {
        UserRef::parse(self.user.text())
    }

    /// The index of the chosen role among `count` roles.
    pub fn role_index(&self, count: usize) -> usize {
        self.role_cursor
            .unwrap_or(count.saturating_sub(1))
            .min(count.saturating_sub(1))
    }

    /// A key while the form is open; `None` for keys it leaves to everyone (quit, suspend).
    pub(crate) fn on_action(&mut self, model: &mut Model, action: Action) -> Option<Step> {
        if let Some(how) = Move::of(action) {
            self.move_role(model, how.as_delta());
            return Some(Step::stay());
        }
        Some(match action {
            Action::NextField | Action::PrevField => {
                self.focus = match self.focus {
                    AddField::User => AddField::Role,
                    AddField::Role => AddField::User,
                };
                Step::stay()
            }
            Action::Submit => Step::stay_with(self.submit(model)),
            // Esc while the add runs only hides the form; the result comes as a toast.
            Action::Cancel => Step::close(),
            _ => return None,
        })
    }

    /// A key that is no action: typing goes to the user field (when it has the focus).
    pub(crate) fn on_text(&mut self, key: &KeyEvent) {
        if self.focus == AddField::User && self.submitting.is_none() && self.user.handle(key) {
            // A new value deserves a fresh verdict; the live detection line shows it.
            self.error = None;
        }
    }

    /// Pasted text goes into the user field, whichever field has the focus: one line, never
    /// submitted, so the admin still picks the role and presses Enter.
    pub(crate) fn on_paste(&mut self, text: &str) {
        if self.submitting.is_some() {
            return;
        }
        self.focus = AddField::User;
        self.user.insert_str(text.trim());
        self.error = None;
    }

    fn move_role(&mut self, model: &Model, delta: isize) {
        let count = model.roles(&self.target).map_or(0, <[Role]>::len);
        if count == 0 || self.submitting.is_some() {
            return;
        }
        let at = self.role_index(count).saturating_add_signed(delta);
        self.role_cursor = Some(at.min(count - 1));
    }

    /// Enter: checks the user and the role, then sends the add.
    fn submit(&mut self, model: &mut Model) -> Option<Command> {
        if self.submitting.is_some() {
            return None;
        }
        let verdict = self.verdict(model);
        let workspace = model.workspace(&self.target).map(|w| w.workspace.clone());
        let request = model.next_id();
        self.attempted = true;
        match (verdict, workspace) {
            (Ok((user, role)), Some(workspace)) => {
                let prof = model.profile(self.target.profile)?;
                let change = planner::add_user(prof.kind, &prof.name, &workspace, &user, role);
                self.error = None;
                self.submitting = Some(request);
                Some(model.change_command(self.target.profile, change, false, request))
            }
            (Err(e), _) => {
                self.error = Some(e);
                None
            }
            (Ok(_), None) => {
                self.error = Some(text::OPEN_WORKSPACE_FIRST.to_string());
                None
            }
        }
    }

    /// The user and role to add, or what is wrong with the form.
    fn verdict(&self, model: &Model) -> Result<(UserRef, Role), String> {
        let user = self.parsed()?;
        if let Some(caps) = model.caps(self.target.profile) {
            let support = match user {
                UserRef::Email(_) => &caps.add_by_email,
                UserRef::Id(_) => &caps.add_by_id,
            };
            if let Support::Unsupported(why) = support {
                return Err(text::cannot_add_by(user.kind_label(), why));
            }
        }
        let roles = model.roles(&self.target).ok_or_else(|| {
            model
                .workspace(&self.target)
                .and_then(|w| w.roles.error.clone())
                .unwrap_or_else(|| text::ROLES_NOT_READY.to_string())
        })?;
        if roles.is_empty() {
            return Err(text::ROLES_EMPTY.to_string());
        }
        let role = roles[self.role_index(roles.len())].clone();
        Ok((user, role))
    }
}
