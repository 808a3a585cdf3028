//! The right pane: the open workspace's members as a table. Only the rows in the visible window
//! are built, so a workspace of 100,000 members draws as fast as one of 20.

use super::widgets::{block, filter_title, marker, place_filter_cursor, spinner, truncate, wrap};
use crate::tui::state::MemberRow;
use crate::tui::state::{App, Pane};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

/// Width from which the Via and Kind columns are shown.
const WIDE: usize = 90;
const ACCESS_W: usize = 9;
const KIND_W: usize = 5;
const MARK_W: usize = 2;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme();
    let focused = app.focus() == Pane::Members && app.dialog().is_none();
    let open = app.open_workspace();
    let mut title = vec![Span::styled(
        format!(" {} ", text::MEMBERS_TITLE),
        theme.title(),
    )];
    if let Some((_, ws)) = open {
        title.push(Span::styled(
            format!("— {} ", ws.display_name),
            theme.title(),
        ));
        if ws.members.loaded {
            title.push(Span::styled(
                format!("{} ", text::member_count(ws.members.rows.len())),
                theme.dim(),
            ));
            if ws.members.pending.is_some() {
                title.push(Span::styled(
                    format!("{} {} ", spinner(app), text::REFRESHING),
                    theme.warning(),
                ));
            } else if ws.members.error.is_some() {
                title.push(Span::styled(format!("[{}] ", text::STALE), theme.warning()));
            }
        }
    }
    let mut b = block(Line::from(title), focused, theme);
    if let Some((_, ws)) = open {
        let counts = (app.members_view().len(), ws.members.rows.len());
        if let Some(f) = filter_title(app.members_filter(), counts, app.theme()) {
            b = b.title_bottom(f);
        }
    }
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if focused && app.members_filter().editing {
        place_filter_cursor(frame, area, app.members_filter());
    }
    let Some((_, ws)) = open else {
        message(frame, inner, text::NO_WORKSPACE_OPEN, theme.dim());
        return;
    };
    let m = &ws.members;
    if !m.loaded {
        match (&m.error, m.pending) {
            (_, Some(_)) => message(
                frame,
                inner,
                &format!("{} {}", spinner(app), text::LOADING_MEMBERS),
                theme.dim(),
            ),
            (Some(e), None) => message(frame, inner, e, theme.error()),
            (None, None) => message(frame, inner, text::LOADING_MEMBERS, theme.dim()),
        }
        return;
    }
    let w = inner.width as usize;
    let cols = columns(w, m.role_width as usize, m.name_width as usize);
    let header = Row::new(
        cols.headers()
            .into_iter()
            .map(|h| Cell::from(h).style(theme.column_header())),
    );
    let page = (inner.height as usize).saturating_sub(1);
    let view = app.members_view();
    if view.is_empty() {
        let note = if m.rows.is_empty() {
            text::NO_MEMBERS
        } else {
            text::NO_MATCHES
        };
        let table = Table::new(Vec::<Row>::new(), cols.constraints()).header(header);
        frame.render_widget(table, inner);
        if inner.height > 2 {
            let r = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
            message(frame, r, note, theme.dim());
        }
        return;
    }
    let offset = app.members_cursor().visible_offset(view.len(), page);
    let rows: Vec<Row> = view
        .iter()
        .enumerate()
        .skip(offset)
        .take(page)
        .filter_map(|(i, &idx)| m.rows.get(idx).map(|r| (i, r)))
        .map(|(i, r)| {
            let selected = i == app.members_cursor().cursor;
            let marked = app.is_marked(r);
            let style = if selected && focused {
                theme.selected()
            } else if selected || marked {
                theme.title()
            } else if r.member.kind == crate::model::MemberKind::Group {
                theme.group()
            } else if !r.member.access.is_direct() {
                theme.inherited()
            } else {
                theme.text()
            };
            Row::new(cols.cells(r, selected, marked)).style(style)
        })
        .collect();
    let table = Table::new(rows, cols.constraints())
        .header(header)
        .column_spacing(1);
    frame.render_widget(table, inner);
}

/// The first column: `>` on the selected row, `*` after it on a marked one (visible without colour).
fn mark_cell(selected: bool, marked: bool) -> &'static str {
    match (selected, marked) {
        (_, false) => marker(selected),
        (true, true) => ">*",
        (false, true) => " *",
    }
}

fn message(frame: &mut Frame, area: Rect, msg: &str, style: Style) {
    let lines: Vec<Line> = wrap(
        msg,
        area.width.saturating_sub(2) as usize,
        area.height as usize,
    )
    .into_iter()
    .map(|l| Line::from(format!(" {l}")))
    .collect();
    frame.render_widget(Paragraph::new(lines).style(style), area);
}

/// Column widths for a table `width` columns wide.
struct Columns {
    name: usize,
    email: usize,
    role: usize,
    via: usize,
    wide: bool,
}

fn columns(width: usize, role_width: usize, name_width: usize) -> Columns {
    let wide = width >= WIDE;
    let role = role_width.clamp(4, 24);
    // Spaces between columns: one per gap.
    let gaps = if wide { 6 } else { 4 };
    let fixed = MARK_W + role + ACCESS_W + if wide { KIND_W } else { 0 } + gaps;
    let flexible = width.saturating_sub(fixed);
    let (name, email, via) = if wide {
        let via = flexible / 4;
        let name = ((flexible - via) * 2 / 5).min(name_width);
        (name, flexible - via - name, via)
    } else {
        // Names get up to two fifths; a provider without names leaves it all to the email.
        let name = (flexible * 2 / 5).min(name_width);
        (name, flexible - name, 0)
    };
    Columns {
        name,
        email,
        role,
        via,
        wide,
    }
}

impl Columns {
    fn widths(&self) -> Vec<usize> {
        let mut w = vec![MARK_W, self.name, self.email, self.role, ACCESS_W];
        if self.wide {
            w.push(self.via);
            w.push(KIND_W);
        }
        w
    }

    fn constraints(&self) -> Vec<Constraint> {
        self.widths()
            .into_iter()
            .map(|w| Constraint::Length(w.min(u16::MAX as usize) as u16))
            .collect()
    }

    fn headers(&self) -> Vec<String> {
        let mut h = vec![
            String::new(),
            truncate(text::COL_NAME, self.name),
            truncate(text::COL_EMAIL, self.email),
            truncate(text::COL_ROLE, self.role),
            text::COL_ACCESS.to_string(),
        ];
        if self.wide {
            h.push(truncate(text::COL_VIA, self.via));
            h.push(text::COL_KIND.to_string());
        }
        h
    }

    fn cells(&self, r: &MemberRow, selected: bool, marked: bool) -> Vec<Cell<'static>> {
        let mut c = vec![
            Cell::from(mark_cell(selected, marked)),
            Cell::from(truncate(&r.name(), self.name)),
            Cell::from(truncate(&r.email_or_id(), self.email)),
            Cell::from(truncate(&r.role(), self.role)),
            Cell::from(r.access()),
        ];
        if self.wide {
            c.push(Cell::from(truncate(&r.via(), self.via)));
            c.push(Cell::from(r.kind()));
        }
        c
    }
}
