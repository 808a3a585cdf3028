//! The left pane: profiles (provider, connection state) with their workspaces and member counts.
//! Only the visible window of rows is built.

use super::widgets::{block, filter_title, marker, place_filter_cursor, spinner, truncate};
use crate::sanitize::sanitize_line;
use crate::tui::layout;
use crate::tui::state::ProfileStatus;
use crate::tui::state::{App, Pane, TreeRow, match_ranges};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme();
    let focused = app.focus() == Pane::Workspaces && app.dialog().is_none();
    let sort = app.tree_sort();
    let order = match (sort.column, sort.reverse) {
        (Some(c), false) => format!("{}{} ", text::SORT_UP, c.label()),
        (Some(c), true) => format!("{}{} ", text::SORT_DOWN, c.label()),
        (None, true) => format!("{} ", text::SORT_SERVER_REVERSED),
        (None, false) => String::new(),
    };
    let title = Line::from(vec![
        Span::styled(format!(" {} ", text::WORKSPACES_TITLE), theme.title()),
        Span::styled(order, theme.dim()),
    ]);
    let mut b = block(title, focused, theme);
    if let Some(f) = filter_title(app.tree_filter(), app.tree_counts(), app.theme()) {
        b = b.title_bottom(f);
    }
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if app.profiles().is_empty() {
        let lines: Vec<Line> = super::widgets::wrap(
            text::NO_PROFILES,
            inner.width as usize,
            inner.height as usize,
        )
        .into_iter()
        .map(Line::from)
        .collect();
        frame.render_widget(Paragraph::new(lines).style(theme.dim()), inner);
        return;
    }
    let rows = app.tree_rows();
    let page = inner.height as usize;
    let offset = app.tree_cursor().visible_offset(rows.len(), page);
    let width = inner.width as usize;
    let needle = app.tree_filter().needle();
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(page)
        .map(|(i, row)| {
            let selected = i == app.tree_cursor().cursor;
            let (text, style) = row_text(app, *row);
            let body = truncate(&format!("{}{}", marker(selected), text), width);
            let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(body.as_str()));
            let style = if selected && focused {
                theme.selected()
            } else if selected {
                style.add_modifier(Modifier::BOLD)
            } else {
                style
            };
            let full = format!("{body}{}", " ".repeat(pad));
            // The filter's matches, highlighted in workspace and profile rows.
            let ranges = match row {
                TreeRow::Workspace(..) | TreeRow::Profile(_) => match_ranges(&full, &needle),
                _ => Vec::new(),
            };
            let mut spans = Vec::new();
            let mut at = 0;
            for (start, end) in ranges {
                spans.push(Span::styled(full[at..start].to_string(), style));
                spans.push(Span::styled(
                    full[start..end].to_string(),
                    style.patch(theme.matched()),
                ));
                at = end;
            }
            spans.push(Span::styled(full[at..].to_string(), style));
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    if focused && app.tree_filter().editing {
        place_filter_cursor(frame, area, app.tree_filter());
    }
}

fn row_text(app: &App, row: TreeRow) -> (String, Style) {
    let theme = app.theme();
    match row {
        TreeRow::Profile(p) => {
            let prof = &app.profiles()[p];
            let fold = if prof.folded {
                text::FOLDED
            } else {
                text::UNFOLDED
            };
            // The state glyph goes right after the name so a narrow pane never cuts it off.
            let state = if prof.pending.is_some() {
                spinner(app)
            } else {
                match &prof.status {
                    ProfileStatus::Ready => text::GLYPH_OK,
                    ProfileStatus::Loading => spinner(app),
                    ProfileStatus::Failed(_) | ProfileStatus::Unavailable(_) => text::GLYPH_ERROR,
                }
            };
            let style = match &prof.status {
                ProfileStatus::Failed(_) | ProfileStatus::Unavailable(_) => theme.error(),
                _ => theme.title(),
            };
            // Read-only goes before the provider name, so a narrow pane still shows it.
            let readonly = if prof.readonly {
                format!(" {}", text::PROFILE_READONLY_MARK)
            } else {
                String::new()
            };
            (
                format!(
                    "{fold} {} {state}{readonly} {}",
                    sanitize_line(&prof.name),
                    prof.kind.display_name()
                ),
                style,
            )
        }
        TreeRow::Workspace(p, w) => {
            let ws = &app.profiles()[p].workspaces[w];
            let mut s = format!("  {}", ws.display_name);
            if ws.members.loaded {
                s.push(' ');
                s.push_str(&text::member_count(ws.members.rows.len()));
            }
            if ws.members.pending.is_some() {
                s.push(' ');
                s.push_str(spinner(app));
            } else if ws.members.error.is_some() {
                s.push_str(" !");
            }
            let is_open = app.open() == Some((p, ws.workspace.id.as_str()));
            let style = if is_open {
                theme
                    .text()
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            } else {
                theme.text()
            };
            (s, style)
        }
        TreeRow::Note(p) | TreeRow::NoteMore(p, _) => {
            let prof = &app.profiles()[p];
            match &prof.status {
                ProfileStatus::Unavailable(why) | ProfileStatus::Failed(why) => {
                    // The reason wraps over the note's lines, so it can be read in a narrow pane.
                    let k = match row {
                        TreeRow::NoteMore(_, k) => k as usize,
                        _ => 0,
                    };
                    let why = sanitize_line(why);
                    let (w, n) = (
                        layout::note_width(app.size().0),
                        layout::note_lines(&why, app.size().0),
                    );
                    let lines = super::widgets::wrap(&why, w, n as usize);
                    let line = lines.get(k).cloned().unwrap_or_default();
                    (format!("  {line}"), theme.error())
                }
                ProfileStatus::Loading => (
                    format!("  {} {}", spinner(app), text::LOADING_WORKSPACES),
                    theme.dim(),
                ),
                ProfileStatus::Ready => (format!("  {}", text::NO_WORKSPACES), theme.dim()),
            }
        }
    }
}
