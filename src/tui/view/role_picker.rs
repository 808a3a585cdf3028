//! The role picker of `e`: the workspace's roles with the current one marked, the provider's note
//! when the change is emulated, progress, and the server's message on failure.

use super::{dialog, line, marker, spinner, truncate, wrap};
use crate::model::Support;
use crate::sanitize::sanitize_line;
use crate::tui::actions::roles_of;
use crate::tui::app::App;
use crate::tui::layout::centered;
use crate::tui::modal::RolePicker;
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Most role rows shown at once.
const ROWS: usize = 8;

pub(super) fn draw(frame: &mut Frame, body: Rect, app: &App, p: &RolePicker) {
    let theme = &app.theme;
    let w = body.width.saturating_sub(4).min(64);
    let inner_w = w.saturating_sub(4) as usize; // borders and padding
    // No text block needs more lines than the dialog can ever be high (server errors can be long).
    let rows = body.height as usize;
    let mut lines: Vec<Line> = Vec::new();
    let ws = app
        .profiles
        .get(p.target.profile)
        .and_then(|x| x.workspace(&p.target.workspace_id));
    match (roles_of(app, &p.target), ws) {
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
            format!("{} {}", spinner(app), text::ROLES_LOADING),
            theme.dim(),
        )])),
    }
    let caps = app
        .profiles
        .get(p.target.profile)
        .and_then(|x| x.caps.as_ref());
    if let Some(Support::Emulated(note)) = caps.map(|c| &c.set_role) {
        lines.push(Line::from(""));
        for l in wrap(&text::emulated_note(note), inner_w, rows) {
            lines.push(line(vec![(l, theme.warning())]));
        }
    }
    if p.submitting.is_some() {
        lines.push(Line::from(""));
        lines.push(line(vec![(
            format!("{} {}", spinner(app), text::CHANGING),
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
