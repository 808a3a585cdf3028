//! The role picker (`e`): the workspace's roles with the current one marked, the provider's note
//! when the change is emulated, progress, and the server's message on failure. A move to or from
//! the owner role waits for a second Enter; the engine may refuse to demote a last owner, and the
//! picker then offers to do it anyway.

use super::common::{Step, changeable_member};
use crate::engine::planner;
use crate::model::{Member, Role, Support};
use crate::sanitize::sanitize_line;
use crate::tui::keys::Action;
use crate::tui::layout::centered;
use crate::tui::msg::{Command, Work};
use crate::tui::state::{Model, Move, WorkspaceRef};
use crate::tui::text;
use crate::tui::view::widgets::{dialog, line, marker, spinner, truncate, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Most role rows shown at once.
const ROWS: usize = 8;

/// The role picker of `e`.
#[derive(Debug, Clone)]
pub struct RolePicker {
    /// Workspace of the member.
    pub target: WorkspaceRef,
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

impl RolePicker {
    /// `e`: the picker for the selected member (and the command that lists the workspace's roles,
    /// unless they are known), or an explanation toast and `None`.
    pub(crate) fn open(model: &mut Model) -> (Option<RolePicker>, Work) {
        let Some((target, member, member_label)) =
            changeable_member(model, |c| &c.set_role, text::ACTION_SET_ROLE)
        else {
            return (None, Work::none());
        };
        let load = model.ensure_roles(&target);
        let picker = RolePicker {
            target,
            member,
            member_label,
            cursor: None,
            error: None,
            submitting: None,
            confirming: None,
            force_offered: false,
        };
        (Some(picker), load.into())
    }

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

    /// A key while the picker is open; `None` for keys it leaves to everyone (quit, suspend).
    pub(crate) fn on_action(&mut self, model: &mut Model, action: Action) -> Option<Step> {
        if let Some(how) = Move::of(action) {
            self.move_cursor(model, how.as_delta());
            return Some(Step::stay());
        }
        Some(match action {
            Action::Submit => Step::stay_with(self.submit(model)),
            // Esc while the change runs only hides the picker; the result comes as a toast.
            Action::Cancel => Step::close(),
            _ => return None,
        })
    }

    fn move_cursor(&mut self, model: &Model, delta: isize) {
        let count = model.roles(&self.target).map_or(0, <[Role]>::len);
        if count == 0 || self.submitting.is_some() {
            return;
        }
        let roles = model.roles(&self.target).unwrap_or_default();
        let at = self
            .index(roles)
            .saturating_add_signed(delta)
            .min(count - 1);
        self.cursor = Some(at);
        self.error = None;
    }

    /// Enter: sends the change, after a second Enter when it moves the member to or from the top
    /// role (the owner).
    fn submit(&mut self, model: &mut Model) -> Option<Command> {
        if self.submitting.is_some() {
            return None;
        }
        let roles = model.roles(&self.target)?.to_vec();
        let role = roles.get(self.index(&roles)).cloned()?;
        let same = self.is_current(&role);
        let touches_owner = roles
            .first()
            .is_some_and(|owner| self.is_current(owner) || owner == &role);
        let workspace = model.workspace(&self.target).map(|w| w.workspace.clone());
        let request = model.next_id();
        if same {
            self.error = Some(text::SAME_ROLE.to_string());
            return None;
        }
        let workspace = workspace?;
        if touches_owner && self.confirming != Some(self.cursor) {
            self.confirming = Some(self.cursor);
            self.error = Some(text::confirm_owner_change(&sanitize_line(&role.name)));
            return None;
        }
        let prof = model.profile(self.target.profile)?;
        let change = planner::from_row(prof.kind, &prof.name, &workspace, &self.member, Some(role));
        self.error = None;
        self.submitting = Some(request);
        Some(model.change_command(self.target.profile, change, self.force_offered, request))
    }

    /// Draws the picker centred in `body`.
    pub(crate) fn draw(&self, frame: &mut Frame, body: Rect, model: &Model) {
        let p = self;
        let theme = model.theme();
        let w = body.width.saturating_sub(4).min(64);
        let inner_w = w.saturating_sub(4) as usize; // borders and padding
        // No text block needs more lines than the dialog can ever be high (server errors can be long).
        let rows = body.height as usize;
        let mut lines: Vec<Line> = Vec::new();
        let ws = model.workspace(&p.target);
        match (model.roles(&p.target), ws) {
            (Some([]), _) => lines.push(line(vec![(text::ROLES_EMPTY.to_string(), theme.dim())])),
            (Some(roles), _) => {
                let idx = p.index(roles);
                let start = idx.saturating_sub(ROWS - 1);
                for (i, r) in roles.iter().enumerate().skip(start).take(ROWS) {
                    let sel = i == idx;
                    let current = if p.is_current(r) {
                        format!(" {}", text::CURRENT_ROLE)
                    } else {
                        String::new()
                    };
                    let name = truncate(
                        &format!("{}{current}", sanitize_line(&r.name)),
                        inner_w.saturating_sub(2),
                    );
                    let style = if sel && p.submitting.is_none() {
                        theme.selected()
                    } else if sel {
                        theme.title()
                    } else {
                        theme.text()
                    };
                    lines.push(line(vec![(format!("{}{name}", marker(sel)), style)]));
                }
            }
            (None, Some(ws)) if ws.roles.error.is_some() && ws.roles.pending.is_none() => {
                for l in wrap(ws.roles.error.as_deref().unwrap_or_default(), inner_w, rows) {
                    lines.push(line(vec![(l, theme.error())]));
                }
            }
            _ => lines.push(line(vec![(
                format!("{} {}", spinner(model), text::ROLES_LOADING),
                theme.dim(),
            )])),
        }
        let caps = model.caps(p.target.profile);
        if let Some(Support::Emulated(note)) = caps.map(|c| &c.set_role) {
            lines.push(Line::from(""));
            for l in wrap(&text::emulated_note(note), inner_w, rows) {
                lines.push(line(vec![(l, theme.warning())]));
            }
        }
        if p.submitting.is_some() {
            lines.push(Line::from(""));
            lines.push(line(vec![(
                format!("{} {}", spinner(model), text::CHANGING),
                theme.warning(),
            )]));
        } else if let Some(e) = &p.error {
            lines.push(Line::from(""));
            for l in wrap(e, inner_w, rows) {
                lines.push(line(vec![(l, theme.error())]));
            }
        }
        let h = (lines.len() as u16).saturating_add(2).min(body.height);
        let area = centered(body, w, h);
        let inner = dialog(frame, area, text::role_title(&p.member_label), theme);
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
