//! The `u` view: every workspace of the profile where one user has access, with role and source,
//! filled in as the member lists arrive, under a progress gauge.

use super::{dialog, truncate};
use crate::sanitize::sanitize_line;
use crate::tui::app::App;
use crate::tui::layout::centered;
use crate::tui::modal::AccessView;
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};
use unicode_width::UnicodeWidthStr;

pub(super) fn draw(frame: &mut Frame, body: Rect, app: &App, v: &AccessView) {
    let theme = &app.theme;
    let w = body.width.saturating_sub(4).min(90);
    let h = body.height.saturating_sub(2);
    let area = centered(body, w, h);
    let inner = dialog(frame, area, text::access_title(&v.label), theme);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let done = v.total.saturating_sub(v.waiting.len());
    let ratio = if v.total == 0 {
        1.0
    } else {
        done as f64 / v.total as f64
    };
    let gauge = LineGauge::default()
        .ratio(ratio.clamp(0.0, 1.0))
        .label(text::access_progress(done, v.total))
        .filled_style(theme.key())
        .unfilled_style(theme.dim());
    frame.render_widget(gauge, Rect::new(inner.x, inner.y, inner.width, 1));
    if inner.height < 3 {
        return;
    }
    let lines = results(app, v, inner.width as usize);
    let list = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
    let page = list.height as usize;
    let scroll = v.scroll.min(lines.len().saturating_sub(page));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(page).collect();
    frame.render_widget(Paragraph::new(shown), list);
}

/// One line per workspace where the user appears (or whose list could not be read).
fn results(app: &App, v: &AccessView, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let Some(prof) = app.profiles.get(v.profile) else {
        return Vec::new();
    };
    let name_w = prof
        .workspaces
        .iter()
        .map(|w| w.display_name.width())
        .max()
        .unwrap_or(0)
        .clamp(8, 30);
    let mut out = Vec::new();
    for ws in &prof.workspaces {
        if v.waiting.contains(&ws.workspace.id) {
            continue;
        }
        if let (Some(e), false) = (&ws.members.error, ws.members.loaded) {
            let s = text::access_failed(&ws.display_name, &sanitize_line(e));
            out.push(Line::from(Span::styled(truncate(&s, width), theme.error())));
            continue;
        }
        for r in ws.members.rows.iter().filter(|r| v.is_user(&r.member)) {
            let name = truncate(&ws.display_name, name_w);
            let pad = name_w.saturating_sub(name.width());
            let source = if r.via.is_empty() {
                text::DETAIL_DIRECT.to_string()
            } else {
                text::detail_via(&r.via)
            };
            let rest = truncate(
                &format!("{}  {source}", r.role),
                width.saturating_sub(name_w + 2),
            );
            let style = if r.member.access.is_direct() {
                Style::new()
            } else {
                theme.inherited()
            };
            out.push(Line::from(vec![
                Span::styled(format!("{name}{}  ", " ".repeat(pad)), theme.title()),
                Span::styled(rest, style),
            ]));
        }
    }
    if out.is_empty() {
        out.push(Line::from(Span::styled(text::ACCESS_NONE, theme.dim())));
    }
    out
}
