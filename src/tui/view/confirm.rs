//! The remove confirmation: names the member and the workspace; focus starts on Cancel.

use super::{dialog, line, spinner, wrap};
use crate::model::Support;
use crate::sanitize::sanitize_line;
use crate::tui::app::App;
use crate::tui::layout::centered;
use crate::tui::modal::{Button, ConfirmRemove};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub(super) fn draw(frame: &mut Frame, body: Rect, app: &App, c: &ConfirmRemove) {
    let theme = &app.theme;
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
    let caps = app
        .profiles
        .get(c.target.profile)
        .and_then(|x| x.caps.as_ref());
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
            format!("{} {}", spinner(app), text::REMOVING),
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
