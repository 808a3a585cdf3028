//! Drawing the bulk change: the role list while one is picked; then the question, one line per
//! change (last owners flagged), the notes and the buttons; then the progress (`n of N`) and each
//! change's outcome, failures with the server's words. The changes scroll; the question, the gauge
//! and the buttons stay.

use super::change::{BulkChange, Button, Origin, Stage};
use crate::sanitize::sanitize_line;
use crate::tui::layout::centered;
use crate::tui::state::Model;
use crate::tui::text;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{dialog, line, marker, spinner, truncate, wrap};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{LineGauge, Paragraph};

/// Most lines a server's message about one change wraps to.
const MESSAGE_LINES: usize = 3;
/// Most role rows shown at once.
const ROLE_ROWS: usize = 8;

impl BulkChange {
    /// Draws the dialog centred in `body`.
    pub(crate) fn draw(&self, frame: &mut Frame, body: Rect, model: &Model) {
        draw(frame, body, model, self);
    }
}

fn draw(frame: &mut Frame, body: Rect, model: &Model, b: &BulkChange) {
    let theme = model.theme();
    let w = body.width.saturating_sub(4).min(100);
    let inner_w = w.saturating_sub(4) as usize;
    // A line free above and below, so the cleared margin spares the header and the detail line.
    let rows = body.height.saturating_sub(2) as usize;
    let (head, list, foot) = match b.stage {
        Stage::PickRole(at) => (pick_role(b, model, at, inner_w), Vec::new(), Vec::new()),
        Stage::Preview => preview(b, theme, inner_w, rows),
        Stage::Running | Stage::Finished => progress(b, model, theme, inner_w, rows),
    };
    let mut foot = foot;
    if let Some(e) = &b.error {
        for l in wrap(e, inner_w, rows) {
            foot.push(line(vec![(l, theme.error())]));
        }
    }
    // Borders, the gauge line while running, and the fixed parts; the changes get the rest.
    let gauge_h = usize::from(matches!(b.stage, Stage::Running | Stage::Finished));
    let fixed = head.len() + foot.len() + gauge_h + 2;
    let room = rows.saturating_sub(fixed).max(1);
    let page = list.len().min(room);
    let scroll = b.scroll.min(list.len().saturating_sub(page));
    let h = (fixed + page).min(rows) as u16;
    let area = centered(body, w, h);
    let inner = dialog(frame, area, b.title.clone(), theme);
    if inner.height == 0 {
        return;
    }
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    if gauge_h == 1 {
        let (ok, answered) = b.progress();
        let total = b.sent.len();
        let ratio = if total == 0 {
            1.0
        } else {
            answered as f64 / total as f64
        };
        let mut label = text::bulk_progress(answered, total);
        if b.stage == Stage::Running {
            label = format!("{} {label}", spinner(model));
        } else {
            label.push_str(&format!(" · {ok} ✓ · {} ✗", answered - ok));
        }
        let gauge = LineGauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .label(label)
            .filled_style(theme.key())
            .unfilled_style(theme.dim());
        frame.render_widget(gauge, Rect::new(inner.x, y, inner.width, 1));
        y += 1;
    }
    let mut lines: Vec<Line> = head;
    lines.extend(list.into_iter().skip(scroll).take(page));
    lines.extend(foot);
    let area = Rect::new(inner.x, y, inner.width, bottom.saturating_sub(y));
    frame.render_widget(Paragraph::new(lines), area);
}

/// The role list of `e` with rows marked.
fn pick_role(b: &BulkChange, model: &Model, at: usize, width: usize) -> Vec<Line<'static>> {
    let theme = model.theme();
    let mut out = vec![line(vec![(text::BULK_PICK_ROLE.to_string(), theme.text())])];
    let target = match &b.origin {
        Origin::Workspace(t) => t,
        Origin::Person => return out,
    };
    match model.roles(target) {
        Some([]) => out.push(line(vec![(text::ROLES_EMPTY.to_string(), theme.dim())])),
        Some(roles) => {
            let at = at.min(roles.len() - 1);
            let start = at.saturating_sub(ROLE_ROWS - 1);
            for (i, r) in roles.iter().enumerate().skip(start).take(ROLE_ROWS) {
                let sel = i == at;
                let name = truncate(&sanitize_line(&r.name), width.saturating_sub(2));
                let style = if sel { theme.selected() } else { theme.text() };
                out.push(line(vec![(format!("{}{name}", marker(sel)), style)]));
            }
        }
        None => {
            let error = model
                .workspace(target)
                .and_then(|w| w.roles.error.clone().filter(|_| w.roles.pending.is_none()));
            match error {
                Some(e) => {
                    for l in wrap(&e, width, MESSAGE_LINES) {
                        out.push(line(vec![(l, theme.error())]));
                    }
                }
                None => out.push(line(vec![(
                    format!("{} {}", spinner(model), text::ROLES_LOADING),
                    theme.dim(),
                )])),
            }
        }
    }
    for n in &b.notes {
        for l in wrap(n, width, MESSAGE_LINES) {
            out.push(line(vec![(l, theme.warning())]));
        }
    }
    out
}

type Parts = (Vec<Line<'static>>, Vec<Line<'static>>, Vec<Line<'static>>);

/// The question, every change, the notes and the buttons.
fn preview(b: &BulkChange, theme: &Theme, width: usize, rows: usize) -> Parts {
    let head = wrap(
        &text::bulk_question(b.items.len(), b.profiles()),
        width,
        rows,
    )
    .into_iter()
    .map(|l| line(vec![(l, theme.title())]))
    .collect();
    let mut list = Vec::new();
    for item in &b.items {
        list.push(line(vec![(
            truncate(&format!("  {}", item.description), width),
            theme.text(),
        )]));
        if item.last_owner == Some(true) {
            list.push(line(vec![(
                truncate(&format!("    ⚠ {}", text::LAST_OWNER_FLAG), width),
                theme.warning(),
            )]));
        }
    }
    let mut foot = Vec::new();
    let owners = b.last_owners();
    if owners > 0 {
        for l in wrap(&text::last_owner_note(owners), width, rows) {
            foot.push(line(vec![(l, theme.warning())]));
        }
    }
    for n in &b.notes {
        for l in wrap(n, width, MESSAGE_LINES) {
            foot.push(line(vec![(l, theme.dim())]));
        }
    }
    foot.push(Line::from(""));
    let button = |label: &str, which: Button| {
        let focused = b.focus == which;
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
    let mut buttons = line(vec![
        button(text::BUTTON_CANCEL, Button::Cancel),
        ("    ".to_string(), theme.text()),
        button(text::BUTTON_APPLY, Button::Apply),
    ]);
    buttons.alignment = Some(Alignment::Center);
    foot.push(buttons);
    (head, list, foot)
}

/// Each change with its outcome as it comes; the summary and what Enter does once finished.
fn progress(b: &BulkChange, model: &Model, theme: &Theme, width: usize, rows: usize) -> Parts {
    let mut list = Vec::new();
    for &i in &b.sent {
        let Some(item) = b.items.get(i) else {
            continue;
        };
        let (glyph, style) = match &item.result {
            None => (spinner(model).to_string(), theme.dim()),
            Some(r) if r.ok => ("✓".to_string(), theme.success()),
            Some(_) => ("✗".to_string(), theme.error()),
        };
        list.push(line(vec![(
            truncate(&format!("{glyph} {}", item.description), width),
            style,
        )]));
        if let Some(r) = item.result.as_ref().filter(|r| !r.ok) {
            for l in wrap(&r.text, width.saturating_sub(2), MESSAGE_LINES) {
                list.push(line(vec![(format!("  {l}"), theme.error())]));
            }
        }
    }
    let mut foot = Vec::new();
    match b.stage {
        Stage::Running => {
            for l in wrap(text::BULK_RUNS_ON, width, rows) {
                foot.push(line(vec![(l, theme.dim())]));
            }
        }
        _ => {
            let (ok, answered) = b.progress();
            for l in wrap(&text::bulk_summary(ok, answered - ok), width, rows) {
                foot.push(line(vec![(l, theme.title())]));
            }
            if b.force_offered {
                let refused = b
                    .items
                    .iter()
                    .filter(|i| i.result.as_ref().is_some_and(|r| r.refused_last_owner))
                    .count();
                for l in wrap(&text::force_last_owners(refused), width, rows) {
                    foot.push(line(vec![(l, theme.warning())]));
                }
            }
        }
    }
    (Vec::new(), list, foot)
}
