//! `z` (lazygit): undo the last change made in this session, after one confirm line that says what
//! it will do. The worker plans the undo from the audit log ([`crate::engine::Engine::plan_undo_last_here`])
//! and runs it through the engine, whose stale check refuses when the member changed since (the
//! message says what the server holds now). The undo is a change of its own, audited with its own
//! ID, so `z` again undoes the undo.

use super::common::Step;
use crate::engine::undo::Undo;
use crate::error::Error;
use crate::tui::keys::Action;
use crate::tui::msg::{Command, Work};
use crate::tui::state::Model;
use crate::tui::text;
use crate::tui::view::widgets::{dialog, line, spinner, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Where the undo is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoStage {
    /// The worker reads the audit log (the request number).
    Planning(u64),
    /// Planned: the confirm line asks.
    Ready {
        /// Profile index of the change.
        profile: usize,
        /// The undo (boxed: it holds two whole changes).
        undo: Box<Undo>,
    },
    /// Sent (the request number); the outcome closes the line.
    Running(u64),
    /// Nothing to undo, or it failed: why (sanitized).
    Failed(String),
}

/// The undo confirm line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoConfirm {
    /// Where it is.
    pub stage: UndoStage,
}

impl UndoConfirm {
    /// `z`: the line, waiting for the undo to be planned, and the command that plans it.
    pub(crate) fn open(model: &mut Model) -> (UndoConfirm, Work) {
        let request = model.next_id();
        (
            UndoConfirm {
                stage: UndoStage::Planning(request),
            },
            Command::PlanUndo { request }.into(),
        )
    }

    /// The request this line waits for, while the undo runs.
    pub fn submitting(&self) -> Option<u64> {
        match self.stage {
            UndoStage::Running(r) => Some(r),
            _ => None,
        }
    }

    /// The undo planned for `request` (or why there is none).
    pub(crate) fn planned(&mut self, model: &Model, request: u64, planned: Result<Undo, Error>) {
        if self.stage != UndoStage::Planning(request) {
            return;
        }
        self.stage = match planned {
            Ok(undo) => {
                match model
                    .profiles()
                    .iter()
                    .position(|p| p.name == undo.inverse.profile)
                {
                    Some(profile) => UndoStage::Ready {
                        profile,
                        undo: Box::new(undo),
                    },
                    None => UndoStage::Failed(text::undo_elsewhere(&undo.describe())),
                }
            }
            Err(e) => {
                UndoStage::Failed(crate::sanitize::sanitize_line(&e.to_string()).into_owned())
            }
        };
    }

    /// The undo failed (not stale: that closes the line with a message).
    pub(crate) fn fail(&mut self, message: String) {
        self.stage = UndoStage::Failed(message);
    }

    /// A key while the line is open; `None` for keys it leaves to everyone (quit, suspend).
    pub(crate) fn on_action(&mut self, model: &mut Model, action: Action) -> Option<Step> {
        Some(match (&self.stage, action) {
            (UndoStage::Ready { profile, undo }, Action::Confirm) => {
                let (profile, undo) = (*profile, undo.as_ref().clone());
                let request = model.next_id();
                model.track_change(request, undo.inverse.describe());
                self.stage = UndoStage::Running(request);
                Step::stay_with(Command::Undo {
                    profile,
                    undo,
                    request,
                })
            }
            (UndoStage::Failed(_), Action::Confirm) => Step::close(),
            (_, Action::Cancel | Action::Deny) => Step::close(),
            (_, Action::Confirm) => Step::stay(),
            _ => return None,
        })
    }

    /// Draws the line at the bottom of `body`, over the panes.
    pub(crate) fn draw(&self, frame: &mut Frame, body: Rect, model: &Model) {
        let theme = model.theme();
        let w = body.width.saturating_sub(4);
        let inner_w = w.saturating_sub(4) as usize;
        let rows = 4;
        let lines: Vec<Line> = match &self.stage {
            UndoStage::Planning(_) => vec![line(vec![(
                format!("{} {}", spinner(model), text::UNDO_PLANNING),
                theme.dim(),
            )])],
            UndoStage::Ready { undo, .. } => {
                wrap(&text::undo_question(&undo.describe()), inner_w, rows)
                    .into_iter()
                    .map(|l| line(vec![(l, theme.warning())]))
                    .collect()
            }
            UndoStage::Running(_) => wrap(
                &format!("{} {}", spinner(model), text::UNDOING),
                inner_w,
                rows,
            )
            .into_iter()
            .map(|l| line(vec![(l, theme.warning())]))
            .collect(),
            UndoStage::Failed(e) => wrap(e, inner_w, rows)
                .into_iter()
                .map(|l| line(vec![(l, theme.error())]))
                .collect(),
        };
        // One line above the body's end: the cleared margin below falls on the pane's border and
        // the detail line stays.
        let room = body.height.saturating_sub(1);
        let h = (lines.len() as u16 + 2).min(room);
        if w < 4 || h < 3 {
            return;
        }
        let area = Rect::new(body.x + 2, body.y + room - h, w, h);
        let inner = dialog(frame, area, text::UNDO_TITLE.to_string(), theme);
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
