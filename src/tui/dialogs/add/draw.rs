//! Drawing the add member form: the user field with live detection (email or ID) and validation,
//! the workspace's roles, progress while the request runs and the server's message if it fails.

use super::form::{AddField, AddForm};
use crate::model::{Support, UserRef};
use crate::sanitize::sanitize_line;
use crate::tui::layout::centered;
use crate::tui::state::Model;
use crate::tui::text;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{dialog, line, marker, spinner, truncate, wrap};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// Most role rows shown at once.
const ROLE_ROWS: usize = 6;
const LABEL_W: usize = 6;

impl AddForm {
    /// Draws the form centred in `body`, with the terminal cursor in the user field.
    pub(crate) fn draw(&self, frame: &mut Frame, body: Rect, model: &Model) {
        draw(frame, body, model, self);
    }
}

fn draw(frame: &mut Frame, body: Rect, model: &Model, form: &AddForm) {
    let theme = model.theme();
    let w = body.width.saturating_sub(4).min(72);
    let inner_w = w.saturating_sub(4) as usize; // borders and padding
    // No text block needs more lines than the dialog can ever be high (server errors can be long).
    let rows = body.height as usize;
    let mut lines: Vec<Line> = Vec::new();

    // User field.
    let user_focused = form.focus == AddField::User && form.submitting.is_none();
    let field_w = inner_w.saturating_sub(LABEL_W + 1).max(1);
    let typed = sanitize_line(form.user.text()).into_owned();
    let shown = tail(&typed, field_w.saturating_sub(1));
    let field_style = if user_focused {
        theme.focused()
    } else {
        theme.text()
    };
    let pad = field_w.saturating_sub(shown.width());
    lines.push(line(vec![
        (
            format!("{:<LABEL_W$}", text::ADD_USER_LABEL),
            label_style(theme, user_focused),
        ),
        (format!("{shown}{}", " ".repeat(pad)), field_style),
    ]));
    // Live detection and validation.
    let detected = detection(model, form);
    for (msg, style) in &detected {
        let (msg, style) = (msg.as_str(), *style);
        for l in wrap(msg, inner_w.saturating_sub(LABEL_W), rows) {
            lines.push(line(vec![(" ".repeat(LABEL_W), Style::new()), (l, style)]));
        }
    }

    // Progress or the server's answer, below the roles.
    let mut after: Vec<Line> = Vec::new();
    if form.submitting.is_some() {
        after.push(Line::from(""));
        after.push(line(vec![(
            format!("{} {}", spinner(model), text::ADDING),
            theme.warning(),
        )]));
    } else if let (Some(e), true) = (&form.error, form.attempted)
        && form.parsed().is_ok()
        && !detected.iter().any(|(d, _)| d == e)
    {
        // Parse errors already show under the field; this is the server's (or a capability) answer.
        after.push(Line::from(""));
        for l in wrap(e, inner_w, rows) {
            after.push(line(vec![(l, theme.error())]));
        }
    }

    // Roles: as many rows as the screen leaves (never fewer than one), the chosen one always among
    // them, so a short terminal still shows which role will be given.
    let inner_h = (body.height as usize).saturating_sub(2);
    let fixed = lines.len() + 1 + after.len();
    let spare = inner_h.saturating_sub(fixed);
    let blank = spare > 1;
    if blank {
        lines.push(Line::from(""));
    }
    let role_rows = spare.saturating_sub(usize::from(blank)).clamp(1, ROLE_ROWS);
    let role_focused = form.focus == AddField::Role && form.submitting.is_none();
    lines.push(line(vec![(
        text::ROLE_LABEL.to_string(),
        label_style(theme, role_focused),
    )]));
    let ws = model.workspace(&form.target);
    match (model.roles(&form.target), ws) {
        (Some([]), _) => lines.push(line(vec![(
            format!("  {}", text::ROLES_EMPTY),
            theme.dim(),
        )])),
        (Some(roles), _) => {
            let chosen = form.role_index(roles.len());
            let start = chosen.saturating_sub(role_rows - 1);
            for (i, r) in roles.iter().enumerate().skip(start).take(role_rows) {
                let sel = i == chosen;
                let style = if sel && role_focused {
                    theme.selected()
                } else if sel {
                    theme.title()
                } else {
                    theme.text()
                };
                let name = truncate(&sanitize_line(&r.name), inner_w.saturating_sub(4));
                lines.push(line(vec![(format!("  {}{name}", marker(sel)), style)]));
            }
        }
        (None, Some(ws)) if ws.roles.error.is_some() && ws.roles.pending.is_none() => {
            for l in wrap(
                ws.roles.error.as_deref().unwrap_or_default(),
                inner_w.saturating_sub(2),
                role_rows.max(2),
            ) {
                lines.push(line(vec![(format!("  {l}"), theme.error())]));
            }
        }
        _ => lines.push(line(vec![(
            format!("  {} {}", spinner(model), text::ROLES_LOADING),
            theme.dim(),
        )])),
    }
    lines.extend(after);

    let h = (lines.len() as u16).saturating_add(2).min(body.height);
    let area = centered(body, w, h);
    let inner = dialog(
        frame,
        area,
        text::add_title(&form.target.workspace_name),
        theme,
    );
    frame.render_widget(Paragraph::new(lines), inner);
    if user_focused && inner.width as usize > LABEL_W {
        let x = inner.x as usize + LABEL_W + shown.width().min(field_w.saturating_sub(1));
        frame.set_cursor_position(Position::new(x.min(u16::MAX as usize) as u16, inner.y));
    }
}

fn label_style(theme: &Theme, focused: bool) -> Style {
    if focused { theme.key() } else { theme.title() }
}

/// The last `width` columns of `s`, so the cursor end of a long entry stays visible.
fn tail(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out.into_iter().rev().collect()
}

/// What the form says under the user field: the detected kind, a validation error, or whether
/// the provider can add that kind (and how, when emulated).
fn detection(model: &Model, form: &AddForm) -> Vec<(String, Style)> {
    let theme = model.theme();
    if form.user.is_empty() && !form.attempted {
        return vec![(text::ADD_USER_HELP.to_string(), theme.dim())];
    }
    let parsed = match form.parsed() {
        Ok(u) => u,
        Err(e) => return vec![(sanitize_line(&e).into_owned(), theme.error())],
    };
    let caps = model.caps(form.target.profile);
    let support = caps.map(|c| match parsed {
        UserRef::Email(_) => &c.add_by_email,
        UserRef::Id(_) => &c.add_by_id,
    });
    let mut out = vec![(text::detected(parsed.kind_label()), theme.success())];
    match support {
        Some(Support::Unsupported(why)) => {
            out = vec![(text::cannot_add_by(parsed.kind_label(), why), theme.error())];
        }
        Some(Support::Emulated(note)) => out.push((text::emulated_note(note), theme.dim())),
        _ => {}
    }
    out
}
