//! The header: app name, profile and provider, workspace; the demo banner below it.

use super::widgets::truncate;
use crate::sanitize::sanitize_line;
use crate::tui::state::{App, TreeRow};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn draw(frame: &mut Frame, area: Rect, banner: Option<Rect>, app: &App) {
    let theme = app.theme();
    // The open workspace's profile, else the profile under the left cursor.
    let profile = app.open().map(|(p, _)| p).or(match app.tree_selected() {
        Some(
            TreeRow::Profile(p)
            | TreeRow::Note(p)
            | TreeRow::NoteMore(p, _)
            | TreeRow::Workspace(p, _),
        ) => Some(p),
        None => None,
    });
    let (profile_text, provider) = match profile.and_then(|p| app.profile(p)) {
        Some(p) => (
            sanitize_line(&p.name).into_owned(),
            p.kind.display_name().to_string(),
        ),
        None => (text::HEADER_NONE.to_string(), String::new()),
    };
    let workspace = app
        .open_workspace()
        .map(|(_, w)| w.display_name.clone())
        .unwrap_or_else(|| text::HEADER_NONE.to_string());
    let mut s = format!(
        " {} │ {}: {}",
        text::APP_NAME,
        text::HEADER_PROFILE,
        profile_text
    );
    if !provider.is_empty() {
        s.push_str(&format!(" ({provider})"));
    }
    s.push_str(&format!(" │ {}: {workspace}", text::HEADER_WORKSPACE));
    // Badges at the right end, which a narrow terminal cuts last: how many rows are marked (what
    // `e` and `x` will act on, styled as the marked rows are), read-only (styled as a warning).
    let marked =
        (app.marked_count() > 0).then(|| (text::marked(app.marked_count()), theme.title()));
    let readonly = app
        .readonly()
        .then(|| (text::READONLY_BADGE.to_string(), theme.error()));
    let badges: Vec<(String, ratatui::style::Style)> =
        [marked, readonly].into_iter().flatten().collect();
    // Each badge padded with a space either side in its style, `·` between them.
    let mut badge_spans = Vec::new();
    for (i, (b, style)) in badges.into_iter().enumerate() {
        if i > 0 {
            badge_spans.push(Span::raw("·"));
        }
        badge_spans.push(Span::styled(format!(" {b} "), style));
    }
    let badge_w: usize = badge_spans.iter().map(|s| s.width()).sum();
    let room = (area.width as usize).saturating_sub(badge_w);
    let s = truncate(&s, room);
    let pad = room.saturating_sub(unicode_width::UnicodeWidthStr::width(s.as_str()));
    let mut spans = vec![Span::raw(s), Span::raw(" ".repeat(pad))];
    spans.extend(badge_spans);
    let line = Line::from(spans);
    frame.render_widget(Paragraph::new(line).style(theme.header()), area);
    if let (Some(area), Some(b)) = (banner, app.banner()) {
        let text = truncate(&format!(" {}", sanitize_line(b)), area.width as usize);
        frame.render_widget(Paragraph::new(Span::styled(text, theme.banner())), area);
    }
}
