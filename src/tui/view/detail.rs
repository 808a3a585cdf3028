//! The detail line: everything about the selected row, including what the table had to cut.

use super::widgets::truncate;
use crate::sanitize::sanitize_line;
use crate::tui::state::ProfileStatus;
use crate::tui::state::{App, Pane, TreeRow};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let s = match app.focus() {
        Pane::Members => member_detail(app),
        Pane::Workspaces => tree_detail(app),
    };
    let s = truncate(&format!(" {s}"), area.width as usize);
    frame.render_widget(Paragraph::new(s).style(app.theme().dim()), area);
}

fn member_detail(app: &App) -> String {
    let Some(r) = app.selected_member() else {
        return String::new();
    };
    let label = r.label();
    let mut parts = vec![label.to_string()];
    if let Some(email) = r.email() {
        let email = sanitize_line(email).into_owned();
        if email != label {
            parts.push(email);
        }
    }
    parts.push(r.role().into_owned());
    let via = r.via();
    parts.push(if via.is_empty() {
        text::DETAIL_DIRECT.to_string()
    } else {
        text::detail_via(&via)
    });
    parts.push(r.kind().to_string());
    // Last: IDs can be long (UUIDs) and are the least needed at a glance.
    parts.push(format!("{} {}", text::DETAIL_ID, sanitize_line(r.id())));
    parts.join(" · ")
}

fn tree_detail(app: &App) -> String {
    match app.tree_selected() {
        Some(TreeRow::Profile(p) | TreeRow::Note(p) | TreeRow::NoteMore(p, _)) => {
            let prof = &app.profiles()[p];
            let state = match &prof.status {
                ProfileStatus::Ready => text::STATE_OK.to_string(),
                ProfileStatus::Loading => text::LOADING_WORKSPACES.to_string(),
                ProfileStatus::Failed(e) | ProfileStatus::Unavailable(e) => {
                    sanitize_line(e).into_owned()
                }
            };
            format!(
                "{} · {} · {state}",
                sanitize_line(&prof.name),
                prof.kind.display_name()
            )
        }
        Some(TreeRow::Workspace(p, w)) => {
            let ws = &app.profiles()[p].workspaces[w];
            let mut s = format!(
                "{} · {} {}",
                ws.display_name,
                text::DETAIL_ID,
                sanitize_line(&ws.workspace.id)
            );
            if ws.members.loaded {
                s.push_str(&format!(" · {}", text::member_count(ws.members.rows.len())));
            }
            if let Some(e) = &ws.members.error {
                s.push_str(&format!(" · {}", sanitize_line(e)));
            }
            s
        }
        None => String::new(),
    }
}
