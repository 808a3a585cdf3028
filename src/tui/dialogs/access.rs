//! The `u` view: every workspace of the profile where one user has access, with role and source,
//! filled in as the member lists arrive, under a progress gauge.

use crate::tui::app::App;
use crate::tui::layout::centered;
use crate::tui::modal::{AccessLine, AccessView, Found};
use crate::tui::text;
use crate::tui::view::{dialog, truncate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};
use unicode_width::UnicodeWidthStr;

pub(crate) fn draw(frame: &mut Frame, body: Rect, app: &App, v: &AccessView) {
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
    let list = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
    let page = list.height as usize;
    let scroll = v.scroll.min(v.lines.len().saturating_sub(page));
    // Only the visible lines are formatted: a user in 2,000 workspaces costs one page per frame.
    let mut shown: Vec<Line> = v
        .lines
        .iter()
        .skip(scroll)
        .take(page)
        .map(|l| line(app, v, l, inner.width as usize))
        .collect();
    if v.lines.is_empty() {
        shown.push(Line::from(Span::styled(text::ACCESS_NONE, theme.dim())));
    }
    frame.render_widget(Paragraph::new(shown), list);
}

/// One workspace where the user appears (or whose list could not be read).
fn line(app: &App, v: &AccessView, l: &AccessLine, width: usize) -> Line<'static> {
    let theme = &app.theme;
    let name_w = v.name_width;
    match &l.found {
        Found::Failed(e) => {
            let s = text::access_failed(&l.workspace, e);
            Line::from(Span::styled(truncate(&s, width), theme.error()))
        }
        Found::Member { role, via, direct } => {
            let name = truncate(&l.workspace, name_w);
            let pad = name_w.saturating_sub(name.width());
            let source = if via.is_empty() {
                text::DETAIL_DIRECT.to_string()
            } else {
                text::detail_via(via)
            };
            let rest = truncate(
                &format!("{role}  {source}"),
                width.saturating_sub(name_w + 2),
            );
            let style = if *direct {
                Style::new()
            } else {
                theme.inherited()
            };
            Line::from(vec![
                Span::styled(format!("{name}{}  ", " ".repeat(pad)), theme.title()),
                Span::styled(rest, style),
            ])
        }
    }
}
