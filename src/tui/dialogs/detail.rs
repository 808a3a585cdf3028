//! The member detail panel (Enter on a member): everything about one member, untruncated and
//! wrapped: name, email, full IDs, role, access and where inherited access comes from, every other
//! row of the same person in the workspace with the effective role, what the provider cannot list,
//! and the last change to the member from the audit log (read by the worker, off the UI thread).
//! It scrolls.

use super::common::{Step, scroll_page};
use crate::audit::AuditEntry;
use crate::model::{Member, MemberKind, Support};
use crate::sanitize::sanitize_line;
use crate::tui::keys::Action;
use crate::tui::layout::centered;
use crate::tui::msg::{Command, Work};
use crate::tui::state::{MemberRow, Model, Move, WorkspaceRef};
use crate::tui::text;
use crate::tui::view::widgets::{dialog, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Width of the field labels.
const LABEL_W: usize = 12;

/// What the audit log said about the member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum History {
    /// Being read; the request number of the read.
    Loading(u64),
    /// The last change, or `None` when the log names none.
    Found(Option<Box<AuditEntry>>),
    /// The log could not be read.
    Failed(String),
}

/// The detail panel.
#[derive(Debug, Clone)]
pub struct DetailPanel {
    /// The member's workspace.
    pub target: WorkspaceRef,
    /// The member as listed.
    pub member: Member,
    /// Sanitized label.
    pub label: String,
    /// The other rows of the same person in this workspace: (role, access), sanitized.
    pub others: Vec<(String, String)>,
    /// The effective role when the person has more than one row: (role, source).
    pub effective: Option<(String, String)>,
    /// What the provider cannot list (inherited access), when it says so.
    pub note: Option<String>,
    /// The last change from the audit log.
    pub history: History,
    /// First line shown.
    pub scroll: usize,
}

impl DetailPanel {
    /// Enter on a member: the panel, and the read of the audit log; or an explanation toast.
    pub(crate) fn open(model: &mut Model) -> (Option<DetailPanel>, Work) {
        let Some(target) = model.open_target() else {
            model.info(text::OPEN_WORKSPACE_FIRST.to_string());
            return (None, Work::none());
        };
        let Some(row) = model.selected_member() else {
            model.info(text::SELECT_MEMBER_FIRST.to_string());
            return (None, Work::none());
        };
        let member = row.member();
        let label = row.label().into_owned();
        let same_person = |r: &MemberRow| {
            r.member_kind() == member.kind
                && (r.id() == member.id
                    || matches!((r.email(), &member.email), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b)))
        };
        // Rows are compact: only this person's become members.
        let owned: Vec<Member> = model
            .workspace(&target)
            .map(|ws| {
                ws.members
                    .rows
                    .iter()
                    .filter(|r| same_person(r))
                    .map(MemberRow::member)
                    .collect()
            })
            .unwrap_or_default();
        let rows: Vec<&Member> = owned.iter().collect();
        let others = rows
            .iter()
            .filter(|m| !(m.role == member.role && m.access == member.access))
            .map(|m| (sanitize_line(&m.role.name).into_owned(), access_text(m)))
            .collect();
        let effective = (rows.len() > 1)
            .then(|| effective_row(model, &target, &rows))
            .flatten()
            .map(|m| (sanitize_line(&m.role.name).into_owned(), access_text(m)));
        let note = model
            .caps(target.profile)
            .and_then(|c| match &c.inherited_members {
                Support::Unsupported(why) => Some(why.to_string()),
                _ => None,
            });
        let request = model.next_id();
        let mut who = vec![member.id.clone()];
        who.extend(member.email.clone());
        let read = Command::LoadHistory {
            profile: target.profile,
            workspace_id: target.workspace_id.clone(),
            who,
            request,
        };
        let panel = DetailPanel {
            target,
            member,
            label,
            others,
            effective,
            note,
            history: History::Loading(request),
            scroll: 0,
        };
        (Some(panel), read.into())
    }

    /// The audit log answered `request`.
    pub(crate) fn history_arrived(
        &mut self,
        request: u64,
        result: Result<Option<Box<AuditEntry>>, String>,
    ) {
        if self.history != History::Loading(request) {
            return;
        }
        self.history = match result {
            Ok(entry) => History::Found(entry),
            Err(e) => History::Failed(e),
        };
    }

    /// A key while the panel is open; `None` for keys it leaves to everyone (quit, suspend).
    pub(crate) fn on_action(&mut self, model: &mut Model, action: Action) -> Option<Step> {
        if let Some(how) = Move::of(action) {
            self.scroll = how.scroll(self.scroll, scroll_page(model));
            return Some(Step::stay());
        }
        match action {
            Action::Cancel => Some(Step::close()),
            _ => None,
        }
    }

    /// The panel's lines, wrapped to `width`.
    fn lines(&self, model: &Model, width: usize) -> Vec<Line<'static>> {
        let theme = model.theme();
        let m = &self.member;
        let mut fields: Vec<(&str, String)> = Vec::new();
        if let Some(name) = m.name.as_deref().filter(|n| !n.is_empty()) {
            fields.push((text::F_NAME, sanitize_line(name).into_owned()));
        }
        if let Some(email) = &m.email {
            fields.push((text::F_EMAIL, sanitize_line(email).into_owned()));
        }
        fields.push((text::F_ID, sanitize_line(&m.id).into_owned()));
        fields.push((text::F_KIND, m.kind.as_str().to_string()));
        fields.push((text::F_ROLE, sanitize_line(&m.role.name).into_owned()));
        if m.role.id != m.role.name {
            fields.push((text::F_ROLE_ID, sanitize_line(&m.role.id).into_owned()));
        }
        fields.push((text::F_ACCESS, access_text(m)));
        fields.push((
            text::F_WORKSPACE,
            format!(
                "{} (id {})",
                self.target.workspace_name,
                sanitize_line(&self.target.workspace_id)
            ),
        ));
        for (role, access) in &self.others {
            fields.push((text::F_OTHER_ROWS, format!("{role}, {access}")));
        }
        if let Some((role, source)) = &self.effective {
            fields.push((text::F_EFFECTIVE, text::effective(role, source)));
        }
        if let Some(note) = &self.note {
            fields.push((text::F_NOTE, sanitize_line(note).into_owned()));
        }
        fields.push((text::F_LAST_CHANGE, self.history_text()));
        let room = width.saturating_sub(LABEL_W + 1).max(1);
        let mut out = Vec::new();
        for (label, value) in fields {
            for (i, l) in wrap(&value, room, 50).into_iter().enumerate() {
                let head = if i == 0 { label } else { "" };
                out.push(Line::from(vec![
                    Span::styled(format!("{head:<LABEL_W$} "), theme.title()),
                    Span::raw(l),
                ]));
            }
        }
        out
    }

    fn history_text(&self) -> String {
        match &self.history {
            History::Loading(_) => text::HISTORY_LOADING.to_string(),
            History::Failed(e) => text::history_failed(&sanitize_line(e)),
            History::Found(None) => text::HISTORY_NONE.to_string(),
            History::Found(Some(e)) => {
                let role = |r: &Option<String>| r.as_deref().map(|s| sanitize_line(s).into_owned());
                let what = match (role(&e.old_role), role(&e.new_role)) {
                    (Some(a), Some(b)) => format!("{} {a} → {b}", e.operation),
                    (None, Some(b)) => format!("{} as {b}", e.operation),
                    (Some(a), None) => format!("{} (was {a})", e.operation),
                    (None, None) => e.operation.clone(),
                };
                let mut s = text::history_line(
                    &sanitize_line(&e.time),
                    &sanitize_line(&what),
                    &sanitize_line(&e.outcome),
                );
                if let Some(detail) = &e.detail {
                    s.push_str(": ");
                    s.push_str(&sanitize_line(&crate::server_text::cap(detail, 600)));
                }
                s
            }
        }
    }

    /// Draws the panel over most of `body`.
    pub(crate) fn draw(&self, frame: &mut Frame, body: Rect, model: &Model) {
        let w = body.width.saturating_sub(4).min(100);
        let inner_w = w.saturating_sub(4) as usize;
        let all = self.lines(model, inner_w);
        let h = (all.len() as u16)
            .saturating_add(2)
            .min(body.height.saturating_sub(2).max(3));
        let area = centered(body, w, h);
        let inner = dialog(frame, area, text::detail_title(&self.label), model.theme());
        let page = inner.height as usize;
        let scroll = self.scroll.min(all.len().saturating_sub(page));
        let shown: Vec<Line> = all.into_iter().skip(scroll).take(page).collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }
}

/// `direct`, or `inherited via …`.
fn access_text(m: &Member) -> String {
    match m.access.via() {
        Some(via) => text::access_via(&sanitize_line(via)),
        None if m.kind == MemberKind::Group => {
            format!("{} ({})", text::ACCESS_DIRECT, m.kind.as_str())
        }
        None => text::ACCESS_DIRECT.to_string(),
    }
}

/// Of one person's rows, the one that decides what they can do: access as an organisation's owner
/// or admin covers every workspace, so it wins; otherwise the role listed first by the workspace
/// (providers list the most privileged role first), when its roles are known.
fn effective_row<'a>(
    model: &Model,
    target: &WorkspaceRef,
    rows: &[&'a Member],
) -> Option<&'a Member> {
    let organisation = rows.iter().find(|m| m.access.is_organisation_wide());
    if let Some(m) = organisation {
        return Some(m);
    }
    let roles = model.roles(target)?;
    rows.iter()
        .min_by_key(|m| {
            roles
                .iter()
                .position(|r| r.id == m.role.id || r.matches(&m.role.name))
                .unwrap_or(usize::MAX)
        })
        .copied()
}
