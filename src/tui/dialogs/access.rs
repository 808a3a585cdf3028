//! The `u` view: every workspace of the profile where one user has access, with role and source,
//! filled in as the member lists arrive, under a progress gauge. Member lists read since the last
//! refresh are used as they are (the open workspace's included); the others are read concurrently,
//! within the profile's bound. `r` reads them all again.

use super::common::{Step, open_target, scroll_page};
use crate::model::{Member, MemberKind};
use crate::sanitize::sanitize_line;
use crate::tui::keys::Action;
use crate::tui::layout::centered;
use crate::tui::msg::Work;
use crate::tui::state::{Model, Move, WorkspaceState};
use crate::tui::text;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{dialog, truncate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};
use unicode_width::UnicodeWidthStr;

/// `u`: every workspace of a profile where one user has access, filled in as the member lists of
/// all workspaces arrive (the worker fetches them concurrently within the profile's bound). Member
/// lists already read since the last refresh are used as they are.
#[derive(Debug, Clone)]
pub struct AccessView {
    /// The profile searched.
    pub profile: usize,
    /// The user looked for (matched by ID, or email ignoring case).
    pub user: Member,
    /// Sanitized label of the user.
    pub label: String,
    /// Workspaces whose member list has not answered yet.
    pub waiting: Vec<String>,
    /// Workspaces asked for.
    pub total: usize,
    /// First result line shown.
    pub scroll: usize,
    /// What was found so far, in the profile's workspace order. Worked out once per answer, so
    /// drawing never scans every membership of every workspace.
    pub lines: Vec<AccessLine>,
    /// Width of the workspace column: the widest workspace name of the profile, within 8..=30.
    pub name_width: usize,
}

/// One line of the access view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessLine {
    /// Position of the workspace in the profile's list (the order of the lines).
    pub position: usize,
    /// The workspace's ID.
    pub workspace_id: String,
    /// Sanitized workspace name.
    pub workspace: String,
    /// What was found there.
    pub found: Found,
}

/// What the access view found in one workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The user appears with this role.
    Member {
        /// Sanitized role name.
        role: String,
        /// Sanitized source: where inherited access comes from; empty for direct access.
        via: String,
        /// Whether the access is direct.
        direct: bool,
    },
    /// The workspace's member list could not be read; the text is the error.
    Failed(String),
}

impl AccessView {
    /// Records what workspace `ws` (at `position` in the profile) says about the user, replacing
    /// what an earlier answer for it said.
    pub(crate) fn record(&mut self, position: usize, ws: &WorkspaceState) {
        let id = &ws.workspace.id;
        self.lines.retain(|l| &l.workspace_id != id);
        let line = |found| AccessLine {
            position,
            workspace_id: id.clone(),
            workspace: ws.display_name.clone(),
            found,
        };
        let new: Vec<AccessLine> = match (&ws.members.error, ws.members.loaded) {
            (Some(e), false) => vec![line(Found::Failed(sanitize_line(e).into_owned()))],
            _ => ws
                .members
                .rows
                .iter()
                .filter(|r| self.is_user(r.member_kind(), r.id(), r.email()))
                .map(|r| {
                    line(Found::Member {
                        role: r.role().into_owned(),
                        via: r.via().into_owned(),
                        direct: r.is_direct(),
                    })
                })
                .collect(),
        };
        let at = self.lines.partition_point(|l| l.position <= position);
        self.lines.splice(at..at, new);
    }

    /// Whether a member of `kind` with `id` and `email` is the user looked for.
    pub fn is_user(&self, kind: MemberKind, id: &str, email: Option<&str>) -> bool {
        kind == MemberKind::User
            && (id == self.user.id
                || matches!((email, &self.user.email), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b)))
    }
}

impl AccessView {
    /// `u`: the view for the selected user, with the commands that read the workspaces not read
    /// yet; or an explanation toast and no view.
    pub(crate) fn open(model: &mut Model) -> (Option<AccessView>, Work) {
        let Some((target, _)) = open_target(model) else {
            return (None, Work::none());
        };
        let Some(row) = model.selected_member() else {
            model.info(text::SELECT_MEMBER_FIRST.to_string());
            return (None, Work::none());
        };
        if row.member_kind() == MemberKind::Group {
            model.info(text::ACCESS_USERS_ONLY.to_string());
            return (None, Work::none());
        }
        let (user, label) = (row.member(), row.label().into_owned());
        let p = target.profile;
        let Some(prof) = model.profile(p) else {
            return (None, Work::none());
        };
        let name_width = prof
            .workspaces
            .iter()
            .map(|w| w.display_name.width())
            .max()
            .unwrap_or(0)
            .clamp(8, 30);
        let mut view = AccessView {
            profile: p,
            user,
            label,
            total: prof.workspaces.len(),
            waiting: Vec::new(),
            scroll: 0,
            lines: Vec::new(),
            name_width,
        };
        let mut to_load = Vec::new();
        for (position, ws) in prof.workspaces.iter().enumerate() {
            let m = &ws.members;
            if m.pending.is_some() {
                // Its answer is on the way; the view takes it when it lands.
                view.waiting.push(ws.workspace.id.clone());
            } else if m.loaded && m.error.is_none() {
                view.record(position, ws);
            } else {
                to_load.push(ws.workspace.id.clone());
            }
        }
        let mut cmds = Vec::new();
        for id in to_load {
            if let Some(c) = model.load_members(p, &id) {
                cmds.push(c);
                view.waiting.push(id);
            }
        }
        (Some(view), cmds.into())
    }

    /// A key while the view is open; `None` for keys it leaves to everyone (quit, suspend).
    pub(crate) fn on_action(&mut self, model: &mut Model, action: Action) -> Option<Step> {
        if let Some(how) = Move::of(action) {
            self.scroll = how.scroll(self.scroll, scroll_page(model));
            return Some(Step::stay());
        }
        Some(match action {
            Action::Refresh => Step::stay_with(self.refresh(model)),
            Action::CloseAccess => Step::close(),
            _ => return None,
        })
    }

    /// `r`: reads every workspace of the profile again.
    fn refresh(&mut self, model: &mut Model) -> Work {
        let p = self.profile;
        let ids: Vec<String> = model
            .profile(p)
            .map(|prof| {
                prof.workspaces
                    .iter()
                    .map(|w| w.workspace.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        let mut cmds = Vec::new();
        let mut waiting = Vec::new();
        for id in ids {
            if let Some(c) = model.load_members(p, &id) {
                cmds.push(c);
                waiting.push(id);
            }
        }
        self.total = waiting.len();
        self.waiting = waiting;
        self.lines.clear();
        cmds.into()
    }

    /// Workspace `workspace_id` (at `position`) of profile `p` answered: its line fills in.
    pub(crate) fn arrived(&mut self, model: &Model, p: usize, position: usize) {
        if self.profile != p {
            return;
        }
        let Some(ws) = model
            .profile(p)
            .and_then(|prof| prof.workspaces.get(position))
        else {
            return;
        };
        self.waiting.retain(|w| *w != ws.workspace.id);
        self.record(position, ws);
    }

    /// Draws the view over most of `body`.
    pub(crate) fn draw(&self, frame: &mut Frame, body: Rect, model: &Model) {
        draw(frame, body, model, self);
    }
}

fn draw(frame: &mut Frame, body: Rect, model: &Model, v: &AccessView) {
    let theme = model.theme();
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
        .map(|l| line(theme, v, l, inner.width as usize))
        .collect();
    if v.lines.is_empty() {
        shown.push(Line::from(Span::styled(text::ACCESS_NONE, theme.dim())));
    }
    frame.render_widget(Paragraph::new(shown), list);
}

/// One workspace where the user appears (or whose list could not be read).
fn line(theme: &Theme, v: &AccessView, l: &AccessLine, width: usize) -> Line<'static> {
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
