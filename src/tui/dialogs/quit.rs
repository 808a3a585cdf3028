//! The quit dialog while a change runs: says which change, asks whether to quit once it is done,
//! and says what quitting at once would leave. Once roster was told to quit (Enter, or a signal)
//! there is no way back: the engine starts nothing new.

use super::common::Step;
use crate::tui::keys::Action;
use crate::tui::layout::centered;
use crate::tui::msg::{Effect, Work};
use crate::tui::state::Model;
use crate::tui::text;
use crate::tui::view::widgets::{dialog, line, spinner, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Quitting while a change runs: asks first, then waits for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuitDialog {
    /// Whether the admin chose to quit (or a signal asked): roster quits once the change is done.
    pub waiting: bool,
    /// The exit code to quit with (a signal's, or 0).
    pub code: i32,
}

impl QuitDialog {
    /// A key while the dialog is open; `None` for keys it leaves to everyone (suspend).
    pub(crate) fn on_action(&mut self, model: &mut Model, action: Action) -> Option<Step> {
        Some(match action {
            Action::Interrupt => {
                // The dialog said what this leaves: quit now. Quitting with a change cut short is
                // not a clean exit: 130, as for Ctrl-c in a shell, unless a signal chose the code.
                model.quit(if self.code != 0 { self.code } else { 130 });
                Step::stay_with(Work::effect(Effect::StopChanges { now: true }))
            }
            Action::QuitWhenDone => {
                self.waiting = true;
                Step::stay_with(Work::effect(Effect::StopChanges { now: false }))
            }
            Action::Cancel if self.waiting => Step::stay(),
            Action::Cancel => Step::close(),
            _ => return None,
        })
    }

    /// Draws the dialog centred in `body`.
    pub(crate) fn draw(&self, frame: &mut Frame, body: Rect, model: &Model) {
        draw(frame, body, model, self);
    }
}

fn draw(frame: &mut Frame, body: Rect, model: &Model, q: &QuitDialog) {
    let theme = model.theme();
    let w = body.width.saturating_sub(4).min(64);
    let inner_w = w.saturating_sub(4) as usize;
    // No block needs more lines than the dialog can ever be high.
    let rows = body.height as usize;
    let changes = model.running_changes();
    let question = if q.waiting {
        format!("{} {}", spinner(model), text::quit_waiting(&changes))
    } else {
        text::quit_question(&changes)
    };
    let mut lines: Vec<Line> = wrap(&question, inner_w, rows)
        .into_iter()
        .map(|l| line(vec![(l, theme.warning())]))
        .collect();
    lines.push(Line::from(""));
    for l in wrap(text::QUIT_NOW, inner_w, rows) {
        lines.push(line(vec![(l, theme.text())]));
    }
    let h = (lines.len() as u16).saturating_add(2).min(body.height);
    let area = centered(body, w, h);
    let inner = dialog(frame, area, text::QUIT_TITLE.to_string(), theme);
    frame.render_widget(Paragraph::new(lines), inner);
}
