//! The remove confirmation (`x`): names the member and the workspace, starts on Cancel (k9s), says
//! how the provider removes when it is emulated, shows progress once sent and the server's words if
//! it fails. The engine may refuse to remove a last owner; the dialog then offers to do it anyway.

use super::common::{Step, changeable_member};
use crate::engine::planner;
use crate::model::{Member, Support};
use crate::sanitize::sanitize_line;
use crate::tui::keys::Action;
use crate::tui::layout::centered;
use crate::tui::msg::Command;
use crate::tui::state::{Model, WorkspaceRef};
use crate::tui::text;
use crate::tui::view::widgets::{dialog, line, spinner, wrap};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

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
    pub target: WorkspaceRef,
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

impl ConfirmRemove {
    /// `x`: the confirmation for the selected member (focus on Cancel), or an explanation toast
    /// and `None`.
    pub(crate) fn open(model: &mut Model) -> Option<ConfirmRemove> {
        let (target, member, member_label) =
            changeable_member(model, |c| &c.remove, text::ACTION_REMOVE)?;
        Some(ConfirmRemove {
            target,
            member,
            member_label,
            focus: Button::Cancel,
            error: None,
            submitting: None,
            force_offered: false,
        })
    }

    /// A key while the confirmation is open; `None` for keys it leaves to everyone (quit, suspend).
    pub(crate) fn on_action(&mut self, model: &mut Model, action: Action) -> Option<Step> {
        Some(match action {
            Action::SwitchButton => {
                self.focus = match self.focus {
                    Button::Cancel => Button::Remove,
                    Button::Remove => Button::Cancel,
                };
                Step::stay()
            }
            Action::Submit if self.focus == Button::Cancel => {
                if self.submitting.is_none() {
                    Step::close()
                } else {
                    Step::stay()
                }
            }
            Action::Submit | Action::Confirm => Step::stay_with(self.confirm(model)),
            // A removal already sent cannot be called back: `n` does nothing then, and Esc only
            // hides the dialog (it says so; the result comes as a toast).
            Action::Deny if self.submitting.is_some() => Step::stay(),
            Action::Deny | Action::Cancel => Step::close(),
            _ => return None,
        })
    }

    /// `y`, or Enter on Remove: sends the removal (forced, once the engine refused a last owner
    /// and the admin pressed it again).
    fn confirm(&mut self, model: &mut Model) -> Option<Command> {
        if self.submitting.is_some() {
            return None;
        }
        let workspace = model.workspace(&self.target)?.workspace.clone();
        let prof = model.profile(self.target.profile)?;
        let change = planner::from_row(prof.kind, &prof.name, &workspace, &self.member, None);
        let request = model.next_id();
        self.error = None;
        self.submitting = Some(request);
        Some(model.change_command(self.target.profile, change, self.force_offered, request))
    }

    /// Draws the dialog centred in `body`.
    pub(crate) fn draw(&self, frame: &mut Frame, body: Rect, model: &Model) {
        let c = self;
        let theme = model.theme();
        let w = body.width.saturating_sub(4).min(60);
        let inner_w = w.saturating_sub(4) as usize; // borders and padding
        // No text block needs more lines than the dialog can ever be high (server errors can be long).
        let rows = body.height as usize;
        let mut who = c.member_label.clone();
        if let Some(email) = &c.member.email {
            let email = sanitize_line(email);
            if email != who {
                who = format!("{who} <{email}>");
            }
        }
        let mut lines: Vec<Line> = wrap(
            &text::remove_question(&who, &c.target.workspace_name),
            inner_w,
            rows,
        )
        .into_iter()
        .map(Line::from)
        .collect();
        let caps = model.caps(c.target.profile);
        if let Some(Support::Emulated(note)) = caps.map(|x| &x.remove) {
            for l in wrap(&text::emulated_note(note), inner_w, rows) {
                lines.push(line(vec![(l, theme.warning())]));
            }
        }
        lines.push(Line::from(""));
        let button = |label: &str, b: Button| {
            let focused = c.focus == b;
            let s = if focused {
                format!("> {label} <")
            } else {
                format!("  {label}  ")
            };
            (
                s,
                if focused {
                    theme.focused()
                } else {
                    theme.text()
                },
            )
        };
        if c.submitting.is_some() {
            // Sent: nothing can call it back, so no button pretends to.
            let mut progress = line(vec![(
                format!("{} {}", spinner(model), text::REMOVING),
                theme.warning(),
            )]);
            progress.alignment = Some(Alignment::Center);
            lines.push(progress);
            for l in wrap(text::SENT_NO_CANCEL, inner_w, rows) {
                lines.push(line(vec![(l, theme.dim())]));
            }
            let h = (lines.len() as u16).saturating_add(2).min(body.height);
            let area = centered(body, w, h);
            let inner = dialog(frame, area, text::REMOVE_TITLE.to_string(), theme);
            frame.render_widget(Paragraph::new(lines), inner);
            return;
        }
        let mut buttons = line(vec![
            button(text::BUTTON_CANCEL, Button::Cancel),
            ("    ".to_string(), theme.text()),
            button(text::BUTTON_REMOVE, Button::Remove),
        ]);
        buttons.alignment = Some(Alignment::Center);
        lines.push(buttons);
        if let Some(e) = &c.error {
            lines.push(Line::from(""));
            for l in wrap(e, inner_w, rows) {
                lines.push(line(vec![(l, theme.error())]));
            }
        }
        let h = (lines.len() as u16).saturating_add(2).min(body.height);
        let area = centered(body, w, h);
        let inner = dialog(frame, area, text::REMOVE_TITLE.to_string(), theme);
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
