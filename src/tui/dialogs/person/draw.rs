//! Drawing the person view: the gauge with its honest count, aligned columns (profile, workspace,
//! role, access, effective role), the selected row reversed with a `>` and marked rows with a `*`
//! (both visible without colour), then what could not be searched and the notes. Only the visible
//! lines are formatted, so a person with thousands of grants costs one page per frame.

use super::rows::PersonRow;
use super::view::PersonView;
use crate::tui::layout::centered;
use crate::tui::state::Model;
use crate::tui::text;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{dialog, truncate, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Widest column a workspace name or a source gets, so one long name cannot push the others off.
const WIDE_CELL: usize = 32;
/// Widest profile and role cells.
const NARROW_CELL: usize = 16;
/// Most lines one failure or note wraps to.
const NOTE_LINES: usize = 2;

impl PersonView {
    /// Draws the view over most of `body` (and the bulk change over it).
    pub(crate) fn draw(&self, frame: &mut Frame, body: Rect, model: &Model) {
        draw(frame, body, model, self);
        if let Some(bulk) = &self.bulk {
            bulk.draw(frame, body, model);
        }
    }
}

fn draw(frame: &mut Frame, body: Rect, model: &Model, v: &PersonView) {
    let theme = model.theme();
    // A line free above and below: the dialog's cleared margin falls on the panes' borders, and
    // the header and the detail line stay.
    let area = centered(
        body,
        body.width.saturating_sub(2).min(150),
        body.height.saturating_sub(2),
    );
    let mut title = text::access_title(&v.label);
    if !v.marks.is_empty() {
        title.push_str(&format!(" · {}", text::marked(v.marks.len())));
    }
    let inner = dialog(frame, area, title, theme);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    frame.render_widget(gauge(v, theme), Rect::new(inner.x, inner.y, inner.width, 1));
    if inner.height < 3 {
        return;
    }
    let width = inner.width as usize;
    let cols = Columns::fit(v, width);
    let heading = Line::from(Span::styled(cols.heading(width), theme.column_header()));
    frame.render_widget(
        Paragraph::new(heading),
        Rect::new(inner.x, inner.y + 1, inner.width, 1),
    );
    let mut list = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
    if let Some(note) = &v.note {
        // The answer to the last key, on the view's last line.
        if list.height > 1 {
            list.height -= 1;
            let at = Rect::new(list.x, list.y + list.height, list.width, 1);
            let line = Line::from(Span::styled(truncate(note, width), theme.warning()));
            frame.render_widget(Paragraph::new(line), at);
        }
    }
    let page = list.height as usize;
    let trailer = trailer(v, width, theme);
    let content = v.rows.len() + trailer.len();
    let mut offset = v.cursor.visible_offset(v.rows.len(), page);
    if v.rows.is_empty() || v.cursor.cursor + 1 >= v.rows.len() {
        // On the last row, what follows the rows (failures, notes) comes into view as well.
        offset = offset.max(content.saturating_sub(page).min(v.cursor.cursor));
    }
    let mut lines: Vec<Line> = Vec::with_capacity(page);
    for i in offset..content.min(offset + page) {
        match v.rows.get(i) {
            Some(row) => lines.push(cols.row(v, row, i == v.cursor.cursor, theme)),
            None => {
                if let Some(l) = trailer.get(i - v.rows.len()) {
                    lines.push(l.clone());
                }
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), list);
}

/// The gauge: `checked N of M workspaces, K failed`, and profiles still listing or not searched.
fn gauge<'a>(v: &PersonView, theme: &Theme) -> LineGauge<'a> {
    let ratio = if v.total == 0 {
        if v.searching() { 0.0 } else { 1.0 }
    } else {
        v.answered() as f64 / v.total as f64
    };
    let mut label = if v.listing > 0 && v.total == 0 {
        text::profiles_listing(v.listing, v.searched)
    } else {
        let mut s = text::access_progress(v.checked, v.total, v.failed);
        if v.listing > 0 {
            s.push_str(&format!(", {}", text::still_listing(v.listing)));
        }
        s
    };
    if v.profiles_failed > 0 {
        label.push_str(&format!(
            ", {}",
            text::profiles_not_searched(v.profiles_failed)
        ));
    }
    LineGauge::default()
        .ratio(ratio.clamp(0.0, 1.0))
        .label(label)
        .filled_style(theme.key())
        .unfilled_style(theme.dim())
}

/// What follows the rows: nothing found, what could not be searched, members without an email.
fn trailer(v: &PersonView, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if v.rows.is_empty() {
        let none = if v.searching() {
            text::ACCESS_NONE
        } else {
            text::ACCESS_NONE_DONE
        };
        out.push(Line::from(Span::styled(none.to_string(), theme.dim())));
    }
    let notes = |lines: &mut Vec<Line<'static>>, s: &str, style: Style| {
        for l in wrap(s, width, NOTE_LINES) {
            lines.push(Line::from(Span::styled(l, style)));
        }
    };
    if !v.failures.is_empty() {
        out.push(Line::from(""));
        out.push(Line::from(Span::styled(
            text::NOT_SEARCHED.to_string(),
            theme.title(),
        )));
        for f in &v.failures {
            notes(
                &mut out,
                &text::access_failed(&f.place, &f.error),
                theme.error(),
            );
        }
    }
    if !v.without_email.is_empty() {
        out.push(Line::from(""));
        let who = v.who.as_str();
        for w in &v.without_email {
            let s = text::without_email(
                &w.profile,
                w.members,
                w.workspaces,
                &crate::sanitize::sanitize_line(who),
            );
            notes(&mut out, &s, theme.warning());
        }
    }
    out
}

/// Column widths for a view `width` columns wide.
struct Columns {
    profile: usize,
    workspace: usize,
    role: usize,
    source: usize,
    /// 0 when no row has an effective role (the column is left out).
    effective: usize,
}

/// The marker cell: `>` on the selected row, `*` on a marked one.
const MARK_W: usize = 2;

impl Columns {
    fn fit(v: &PersonView, width: usize) -> Columns {
        let [p, w, r, s, e] = v.widths;
        let head = |h: &str, data: usize, max: usize| data.max(h.width()).min(max);
        let profile = head(text::COL_PROFILE, p, NARROW_CELL);
        let role = head(text::COL_ROLE, r, NARROW_CELL);
        let effective = if e == 0 {
            0
        } else {
            head(text::COL_EFFECTIVE, e, NARROW_CELL)
        };
        let gaps = if effective > 0 { 4 } else { 3 };
        let fixed = MARK_W + profile + role + effective + gaps;
        let flexible = width.saturating_sub(fixed);
        let want_ws = head(text::COL_WORKSPACE, w, WIDE_CELL);
        let want_source = head(text::COL_SOURCE, s, WIDE_CELL);
        // The workspace gets what it needs first, but leaves the source a readable share.
        let workspace = want_ws.min(flexible.saturating_sub(want_source.min(flexible * 2 / 5)));
        // What neither needs is left blank at the end, so the effective role stays close.
        let source = want_source.min(flexible.saturating_sub(workspace));
        Columns {
            profile,
            workspace,
            role,
            source,
            effective,
        }
    }

    fn cells(&self, parts: [&str; 5]) -> String {
        let [p, w, r, s, e] = parts;
        let mut out = String::new();
        out.push_str(&pad(p, self.profile));
        out.push(' ');
        out.push_str(&pad(w, self.workspace));
        out.push(' ');
        out.push_str(&pad(r, self.role));
        out.push(' ');
        if self.effective > 0 {
            out.push_str(&pad(s, self.source));
            out.push(' ');
            out.push_str(&truncate(e, self.effective));
        } else {
            out.push_str(&truncate(s, self.source));
        }
        out
    }

    fn heading(&self, width: usize) -> String {
        let s = self.cells([
            text::COL_PROFILE,
            text::COL_WORKSPACE,
            text::COL_ROLE,
            text::COL_SOURCE,
            text::COL_EFFECTIVE,
        ]);
        truncate(&format!("{}{s}", " ".repeat(MARK_W)), width)
    }

    fn row(&self, v: &PersonView, r: &PersonRow, selected: bool, theme: &Theme) -> Line<'static> {
        let marked = v.is_marked(r);
        let lead = format!(
            "{}{}",
            if selected { ">" } else { " " },
            if marked { "*" } else { " " }
        );
        let cells = self.cells([
            &r.profile_label(),
            &r.workspace_label(),
            &r.role_label(),
            &r.source_label(),
            &r.effective_label(),
        ]);
        let style = if selected {
            theme.selected()
        } else if marked {
            theme.title()
        } else if !r.is_direct() {
            theme.inherited()
        } else {
            theme.text()
        };
        Line::from(Span::styled(format!("{lead}{cells}"), style))
    }
}

/// `s` cut to `width` columns and padded to exactly `width`.
fn pad(s: &str, width: usize) -> String {
    let t = truncate(s, width);
    let fill = width.saturating_sub(t.width());
    format!("{t}{}", " ".repeat(fill))
}
