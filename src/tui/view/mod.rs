//! Drawing: a pure function of the [`App`]. One file per pane or dialog. Nothing here changes state;
//! scrolling offsets are derived from the cursor so the selection is always visible.

mod access;
mod add_member;
mod confirm;
mod detail;
mod header;
mod help;
mod members;
mod quitting;
mod role_picker;
mod status_bar;
mod toast;
mod too_small;
mod workspaces;

use super::app::App;
use super::layout;
use super::modal::Modal;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Draws the whole screen for `app`.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    if layout::too_small(area) {
        too_small::draw(frame, area, app);
        return;
    }
    let a = layout::areas(area, app.banner.is_some());
    header::draw(frame, a.header, a.banner, app);
    workspaces::draw(frame, a.tree, app);
    members::draw(frame, a.members, app);
    detail::draw(frame, a.detail, app);
    status_bar::draw(frame, a.footer, app);
    let body = Rect::new(area.x, a.tree.y, area.width, a.tree.height);
    toast::draw(frame, body, app);
    match &app.modal {
        None => {}
        Some(Modal::Help { scroll }) => help::draw(frame, area, app, *scroll),
        Some(Modal::AddMember(form)) => add_member::draw(frame, body, app, form),
        Some(Modal::RolePicker(p)) => role_picker::draw(frame, body, app, p),
        Some(Modal::Confirm(c)) => confirm::draw(frame, body, app, c),
        Some(Modal::Access(v)) => access::draw(frame, body, app, v),
        Some(Modal::Quitting(q)) => quitting::draw(frame, body, app, q),
    }
}

/// Braille spinner frames.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner's current frame.
pub(crate) fn spinner(app: &App) -> &'static str {
    SPINNER[app.spinner % SPINNER.len()]
}

/// `s` cut to at most `width` columns, with `…` when something was cut.
pub(crate) fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// A pane or dialog frame.
pub(crate) fn block<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme.border_focused()
        } else {
            theme.border()
        })
        .title(title)
}

/// A dialog: clears the area under it and draws a frame.
pub(crate) fn dialog(frame: &mut Frame, area: Rect, title: String, theme: &Theme) -> Rect {
    frame.render_widget(Clear, area);
    let b = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border_focused())
        .padding(ratatui::widgets::Padding::horizontal(1))
        .title(Line::from(Span::styled(
            format!(" {title} "),
            theme.title(),
        )));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    inner
}

/// The prefix marking a selected row (visible without colour) or its blank.
pub(crate) fn marker(selected: bool) -> &'static str {
    if selected {
        super::text::SELECTED_MARKER
    } else {
        super::text::UNSELECTED_MARKER
    }
}

/// Wraps `text` to lines of at most `width` columns (by words; long words are cut).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut word = word.to_string();
        loop {
            let sep = usize::from(!line.is_empty());
            if line.width() + sep + word.width() <= width {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // A word longer than the line: cut it.
            let mut head = String::new();
            let mut used = 0;
            let mut rest = String::new();
            for (i, c) in word.char_indices() {
                let w = c.width().unwrap_or(0);
                if used + w > width {
                    rest = word[i..].to_string();
                    break;
                }
                head.push(c);
                used += w;
            }
            lines.push(head);
            if rest.is_empty() {
                break;
            }
            word = rest;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A styled line of `(text, style)` parts.
pub(crate) fn line<'a>(parts: Vec<(String, Style)>) -> Line<'a> {
    Line::from(
        parts
            .into_iter()
            .map(|(t, s)| Span::styled(t, s))
            .collect::<Vec<_>>(),
    )
}
