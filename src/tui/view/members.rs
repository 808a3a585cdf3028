//! The right pane: the open workspace's members as a table. Only the rows in the visible window
//! are built, so a workspace of 100,000 members draws as fast as one of 20.
//!
//! Columns, in the order admins read them: the email (cut in the middle so its domain, which tells
//! an outside account, always shows), the name, the role, and the access (direct, or where it comes
//! from); wide terminals add the kind and the ID. The first column holds the selection marker and
//! a marked row's `*` (space, `*`). The sorted column's heading shows the direction; the filter's matches
//! are highlighted in the cells.

use super::widgets::{
    block, filter_title, marker, place_filter_cursor, spinner, truncate, truncate_middle, wrap,
};
use crate::model::{MemberKind, Support};
use crate::tui::state::{App, MemberColumn, MemberRow, Pane, match_ranges};
use crate::tui::text;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

/// Inner width from which the Kind and ID columns are shown.
const WIDE: usize = 110;
const KIND_W: usize = 5;
/// The selection marker (two cells) and the mark (`*` on a marked row).
const MARK_W: usize = 3;

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
    if let Some((prof, ws)) = open {
        let counts = (app.members_view().len(), ws.members.rows.len());
        if let Some(f) = filter_title(app.members_filter(), counts, app.theme()) {
            b = b.title_bottom(f);
        }
        // A provider that cannot list inherited access: say so where the list is.
        if let Some(caps) = &prof.caps
            && matches!(caps.inherited_members, Support::Unsupported(_))
        {
            b = b.title_bottom(
                Line::from(Span::styled(
                    format!(" {} ", text::INHERITED_NOT_LISTED),
                    theme.dim(),
                ))
                .right_aligned(),
            );
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
    let cols = columns(
        w,
        Widest {
            email: m.email_width as usize,
            name: m.name_width as usize,
            role: m.role_width as usize,
            via: m.via_width as usize,
        },
    );
    let header = Row::new(
        cols.headers(app)
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
    let needle = app.members_filter().needle();
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
            } else if r.member_kind() == MemberKind::Group {
                theme.group()
            } else if !r.is_direct() {
                theme.inherited()
            } else {
                theme.text()
            };
            Row::new(cols.cells(r, selected, marked, &needle, theme)).style(style)
        })
        .collect();
    let table = Table::new(rows, cols.constraints())
        .header(header)
        .column_spacing(1);
    frame.render_widget(table, inner);
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
    email: usize,
    name: usize,
    role: usize,
    access: usize,
    id: usize,
    wide: bool,
}

/// The widest cell of each column of the open list (computed once per load).
struct Widest {
    email: usize,
    name: usize,
    role: usize,
    via: usize,
}

fn columns(width: usize, widest: Widest) -> Columns {
    let wide = width >= WIDE;
    let role = widest.role.clamp(4, 16);
    // Spaces between columns: one per gap.
    let gaps = if wide { 6 } else { 4 };
    let fixed = MARK_W + role + if wide { KIND_W } else { 0 } + gaps;
    let mut room = width.saturating_sub(fixed);
    // What each column would like, and what it keeps when room is short: the email keeps enough
    // for its domain, the access enough for "direct" and the start of a source.
    let want_access = widest.via.max(text::ACCESS_DIRECT.len()).clamp(6, 24);
    let want_email = widest.email.clamp(12, 44);
    let want_name = widest.name.min(24);
    let want_id = if wide { 38 } else { 0 };
    let mins = [20.min(want_email), 9.min(want_access), 8.min(want_name), 0];
    let wants = [want_email, want_access, want_name, want_id];
    let mut got = [0usize; 4];
    for (g, m) in got.iter_mut().zip(mins) {
        *g = m.min(room);
        room -= *g;
    }
    // Then up to what each wants, in the order admins need them.
    for (g, w) in got.iter_mut().zip(wants) {
        let more = w.saturating_sub(*g).min(room);
        *g += more;
        room -= more;
    }
    // What is left goes to the last column, so the columns stay together on the left.
    got[1] += room;
    Columns {
        email: got[0],
        access: got[1],
        name: got[2],
        id: got[3],
        role,
        wide,
    }
}

impl Columns {
    fn widths(&self) -> Vec<usize> {
        let mut w = vec![MARK_W, self.email, self.name, self.role, self.access];
        if self.wide {
            w.push(KIND_W);
            w.push(self.id);
        }
        w
    }

    fn constraints(&self) -> Vec<Constraint> {
        self.widths()
            .into_iter()
            .map(|w| Constraint::Length(w.min(u16::MAX as usize) as u16))
            .collect()
    }

    /// The headings; the sorted column's carries its direction.
    fn headers(&self, app: &App) -> Vec<String> {
        let sort = app.members_sort();
        let head = |col: MemberColumn, width: usize| {
            let mark = match (sort.column == Some(col), sort.reverse) {
                (true, false) => format!(" {}", text::SORT_UP),
                (true, true) => format!(" {}", text::SORT_DOWN),
                _ => String::new(),
            };
            truncate(&format!("{}{mark}", col.label()), width)
        };
        let first = if sort.column.is_none() && sort.reverse {
            text::SORT_DOWN.to_string()
        } else {
            String::new()
        };
        let mut h = vec![
            first,
            head(MemberColumn::Email, self.email),
            head(MemberColumn::Name, self.name),
            head(MemberColumn::Role, self.role),
            head(MemberColumn::Access, self.access),
        ];
        if self.wide {
            h.push(text::COL_KIND.to_string());
            h.push(truncate(text::COL_ID, self.id));
        }
        h
    }

    /// One row's cells. `marked` fills the mark cell (`*` after the selection marker, visible
    /// without colour).
    fn cells(
        &self,
        r: &MemberRow,
        selected: bool,
        marked: bool,
        needle: &str,
        theme: &Theme,
    ) -> Vec<Cell<'static>> {
        let via = r.via();
        let access = if via.is_empty() {
            text::ACCESS_DIRECT.to_string()
        } else {
            via.into_owned()
        };
        let mut c = vec![
            Cell::from(format!(
                "{}{}",
                marker(selected),
                if marked { text::MARK } else { " " }
            )),
            Cell::from(lit(
                truncate_middle(&r.email_or_id(), self.email),
                needle,
                theme,
            )),
            Cell::from(lit(truncate(&r.name(), self.name), needle, theme)),
            Cell::from(lit(truncate(&r.role(), self.role), needle, theme)),
            Cell::from(lit(truncate(&access, self.access), needle, theme)),
        ];
        if self.wide {
            c.push(Cell::from(r.kind()));
            c.push(Cell::from(lit(
                truncate_middle(&crate::sanitize::sanitize_line(r.id()), self.id),
                needle,
                theme,
            )));
        }
        c
    }
}

/// `shown` with the filter's matches highlighted.
fn lit(shown: String, needle: &str, theme: &Theme) -> Line<'static> {
    let ranges = match_ranges(&shown, needle);
    if ranges.is_empty() {
        return Line::from(shown);
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for (start, end) in ranges {
        if start > at {
            spans.push(Span::raw(shown[at..start].to_string()));
        }
        spans.push(Span::styled(shown[start..end].to_string(), theme.matched()));
        at = end;
    }
    if at < shown.len() {
        spans.push(Span::raw(shown[at..].to_string()));
    }
    Line::from(spans)
}
