//! The person view's state and keys: the search's progress, its rows, marks, and the removal of
//! marked grants.

use super::rows::{Failure, GrantKey, PersonRow, WithoutEmail};
use crate::engine::{ChangeOutcome, Subject, planner};
use crate::model::{MemberKind, UserRef};
use crate::people::Found;
use crate::sanitize::sanitize_line;
use crate::tui::dialogs::bulk::{BulkChange, Item};
use crate::tui::dialogs::common::{Step, scroll_page};
use crate::tui::keys::Action;
use crate::tui::msg::{Command, Work};
use crate::tui::state::{ListCursor, Model, Move, ProfileStatus};
use crate::tui::text;
use std::collections::HashSet;

/// `u`: where one person has access, across every profile.
#[derive(Debug, Clone)]
pub struct PersonView {
    /// Who is searched: their email (matched ignoring case) or, without one, their ID.
    pub who: UserRef,
    /// Sanitized label of the person.
    pub label: String,
    /// Request number of the running search; replies of any other are dropped.
    pub request: u64,
    /// How many profiles are searched.
    pub searched: usize,
    /// How many of them have finished (every workspace answered, or the profile failed).
    pub profiles_done: usize,
    /// Profiles the search could not list (or that cannot be used at all).
    pub profiles_failed: usize,
    /// Searched profiles whose workspaces are not listed yet.
    pub listing: usize,
    /// Workspaces listed so far (the gauge's total).
    pub total: usize,
    /// Workspaces read.
    pub checked: usize,
    /// Workspaces that could not be read.
    pub failed: usize,
    /// The person's access, in profile and workspace order.
    pub rows: Vec<PersonRow>,
    /// Widest profile, workspace, role, source and effective role of the rows, in columns
    /// (kept as rows come in, so drawing never measures every row).
    pub widths: [usize; 5],
    /// The selected row.
    pub cursor: ListCursor,
    /// Marked direct grants.
    pub marks: HashSet<GrantKey>,
    /// What could not be searched, in the order it was learnt.
    pub failures: Vec<Failure>,
    /// Profiles that list members without an email (any of them could be the person).
    pub without_email: Vec<WithoutEmail>,
    /// A message about the last key (why a row cannot be marked, why Enter cannot jump).
    pub note: Option<String>,
    /// The removal of the marked grants, open over the view.
    pub bulk: Option<Box<BulkChange>>,
}

impl PersonView {
    /// `u`: the view for the selected user, and the command that starts the search; or an
    /// explanation toast and no view.
    pub(crate) fn open(model: &mut Model) -> (Option<PersonView>, Work) {
        let Some(row) = model.selected_member() else {
            model.info(text::SELECT_MEMBER_FIRST.to_string());
            return (None, Work::none());
        };
        if row.member_kind() == MemberKind::Group {
            model.info(text::ACCESS_USERS_ONLY.to_string());
            return (None, Work::none());
        }
        let label = row.label().into_owned();
        // By email across providers (each gives the person another ID); by ID without one.
        let who = match row.email().map(str::trim) {
            Some(email) if !email.is_empty() => UserRef::Email(email.to_string()),
            _ => UserRef::Id(row.id().to_string()),
        };
        let mut view = PersonView {
            who,
            label,
            request: 0,
            searched: 0,
            profiles_done: 0,
            profiles_failed: 0,
            listing: 0,
            total: 0,
            checked: 0,
            failed: 0,
            rows: Vec::new(),
            widths: [0; 5],
            cursor: ListCursor::default(),
            marks: HashSet::new(),
            failures: Vec::new(),
            without_email: Vec::new(),
            note: None,
            bulk: None,
        };
        let cmd = view.search(model);
        (Some(view), cmd.into())
    }

    /// Starts (or restarts) the search: forgets what the last one found.
    fn search(&mut self, model: &mut Model) -> Command {
        self.request = model.next_id();
        self.rows.clear();
        self.marks.clear();
        self.failures.clear();
        self.without_email.clear();
        self.cursor = ListCursor::default();
        self.total = 0;
        self.checked = 0;
        self.failed = 0;
        self.profiles_done = 0;
        self.profiles_failed = 0;
        self.searched = 0;
        self.widths = [0; 5];
        for prof in model.profiles() {
            match (&prof.caps, &prof.status) {
                (Some(_), _) => self.searched += 1,
                // A profile that cannot be used is not searched: say so, with why.
                (None, ProfileStatus::Unavailable(why)) => {
                    self.profiles_failed += 1;
                    self.failures.push(Failure {
                        place: sanitize_line(&prof.name).into_owned(),
                        error: sanitize_line(why).into_owned(),
                    });
                }
                (None, _) => self.profiles_failed += 1,
            }
        }
        self.listing = self.searched;
        Command::FindPerson {
            who: self.who.clone(),
            request: self.request,
        }
    }

    /// Whether the search still runs.
    pub fn searching(&self) -> bool {
        self.profiles_done < self.searched
    }

    /// Workspaces answered (read or failed), for the gauge.
    pub fn answered(&self) -> usize {
        self.checked + self.failed
    }

    /// The selected row, if any.
    pub fn selected(&self) -> Option<&PersonRow> {
        self.rows.get(self.cursor.cursor)
    }

    /// Whether `row` is marked (only direct grants are: an inherited row of the same workspace
    /// shares the grant's key).
    pub fn is_marked(&self, row: &PersonRow) -> bool {
        !self.marks.is_empty() && row.is_direct() && self.marks.contains(&row.key())
    }

    /// One finding of the search `request` (others are dropped: an earlier search's).
    pub(crate) fn take(&mut self, model: &Model, request: u64, found: Found) {
        if request != self.request {
            return;
        }
        let index = |name: &str| model.profiles().iter().position(|p| p.name == name);
        match found {
            Found::Listed { workspaces, .. } => {
                self.listing = self.listing.saturating_sub(1);
                self.total += workspaces;
            }
            Found::Checked(checked) => {
                self.checked += 1;
                let Some(p) = index(&checked.profile) else {
                    return;
                };
                if checked.without_email > 0 {
                    let profile = sanitize_line(&checked.profile).into_owned();
                    match self.without_email.iter_mut().find(|w| w.profile == profile) {
                        Some(w) => {
                            w.members += checked.without_email;
                            w.workspaces += 1;
                        }
                        None => self.without_email.push(WithoutEmail {
                            profile,
                            members: checked.without_email,
                            workspaces: 1,
                        }),
                    }
                }
                for row in PersonRow::from_checked(p, &checked) {
                    self.insert(row);
                }
            }
            Found::WorkspaceFailed {
                profile,
                workspace,
                error,
                ..
            } => {
                self.failed += 1;
                self.failures.push(Failure {
                    place: format!(
                        "{} / {}",
                        sanitize_line(&profile),
                        sanitize_line(&workspace.name)
                    ),
                    error: sanitize_line(&error.to_string()).into_owned(),
                });
            }
            Found::ProfileFailed { profile, error, .. } => {
                self.listing = self.listing.saturating_sub(1);
                self.profiles_done += 1;
                self.profiles_failed += 1;
                self.failures.push(Failure {
                    place: sanitize_line(&profile).into_owned(),
                    error: sanitize_line(&error.to_string()).into_owned(),
                });
            }
            Found::ProfileDone { .. } => self.profiles_done += 1,
        }
    }

    /// Puts `row` in its place; the selection stays on the row it was on.
    fn insert(&mut self, row: PersonRow) {
        if self
            .rows
            .iter()
            .any(|r| r.key() == row.key() && r.member.access == row.member.access)
        {
            return;
        }
        let cells = [
            row.profile_label(),
            row.workspace_label(),
            row.role_label(),
            row.source_label(),
            row.effective_label(),
        ];
        for (w, cell) in self.widths.iter_mut().zip(&cells) {
            *w = (*w).max(unicode_width::UnicodeWidthStr::width(cell.as_str()));
        }
        let at = self.rows.partition_point(|r| r.order() <= row.order());
        if at <= self.cursor.cursor && !self.rows.is_empty() {
            self.cursor.cursor += 1;
        }
        self.rows.insert(at, row);
    }

    /// A key while the view is open; `None` for keys it leaves to everyone (quit, suspend).
    pub(crate) fn on_action(&mut self, model: &mut Model, action: Action) -> Option<Step> {
        if let Some(bulk) = &mut self.bulk {
            let step = bulk.on_action(model, action)?;
            if step.close {
                self.bulk = None;
            }
            return Some(Step::stay_with(step.work));
        }
        self.note = None;
        if let Some(how) = Move::of(action) {
            self.cursor.apply(how, self.rows.len(), scroll_page(model));
            return Some(Step::stay());
        }
        Some(match action {
            Action::Refresh => Step::stay_with(self.search(model)),
            Action::Mark => {
                self.toggle_mark(scroll_page(model));
                Step::stay()
            }
            Action::MarkAll => {
                self.mark_all();
                Step::stay()
            }
            Action::ClearMarks if !self.marks.is_empty() => {
                self.marks.clear();
                Step::stay()
            }
            Action::ClearMarks | Action::CloseAccess => Step {
                work: self.stop(),
                close: true,
            },
            Action::Jump => return Some(self.jump(model)),
            Action::Remove => {
                self.remove(model);
                Step::stay()
            }
            _ => return None,
        })
    }

    /// The command that stops the search, when it still runs (the view closes).
    fn stop(&self) -> Work {
        if self.searching() {
            Command::StopFind {
                request: self.request,
            }
            .into()
        } else {
            Work::none()
        }
    }

    fn toggle_mark(&mut self, page: usize) {
        let Some(row) = self.selected() else {
            return;
        };
        if !row.is_direct() {
            let via = sanitize_line(row.member.access.via().unwrap_or_default()).into_owned();
            self.note = Some(text::inherited_refusal(&self.label, &via));
            return;
        }
        let key = row.key();
        if !self.marks.remove(&key) {
            self.marks.insert(key);
        }
        self.cursor.move_by(1, self.rows.len(), page);
    }

    fn mark_all(&mut self) {
        let keys: Vec<GrantKey> = self
            .rows
            .iter()
            .filter(|r| r.is_direct())
            .map(PersonRow::key)
            .collect();
        let left_out = self.rows.len() - keys.len();
        self.marks.extend(keys);
        if left_out > 0 {
            self.note = Some(text::marks_left_out(left_out));
        }
    }

    /// Enter: opens the selected row's workspace in the panes, the member selected; the view
    /// closes (and its search stops).
    fn jump(&mut self, model: &mut Model) -> Step {
        let Some(row) = self.selected().cloned() else {
            return Step::stay();
        };
        match model.jump_to(
            row.profile,
            &row.workspace.id,
            &row.member.id,
            row.member.kind,
        ) {
            Some(cmds) => Step {
                work: self.stop().and(cmds),
                close: true,
            },
            None => {
                self.note = Some(text::not_in_panes(&row.workspace_label()));
                Step::stay()
            }
        }
    }

    /// `x`: the preview of removing every marked grant, or the selected one when none is marked.
    fn remove(&mut self, model: &Model) {
        let chosen: Vec<&PersonRow> = if self.marks.is_empty() {
            match self.selected() {
                Some(r) if r.is_direct() => vec![r],
                Some(_) => {
                    self.note = Some(text::MARK_DIRECT_ONLY.to_string());
                    return;
                }
                None => return,
            }
        } else {
            self.rows.iter().filter(|r| self.is_marked(r)).collect()
        };
        let mut notes = Vec::new();
        let mut items = Vec::new();
        for row in chosen {
            if model.profile(row.profile).is_some_and(|p| p.readonly) {
                notes.push(text::profile_readonly(&row.profile_label()));
                continue;
            }
            items.push(Item::new(
                row.profile,
                planner::from_row(
                    row.provider,
                    &row.profile_name,
                    &row.workspace,
                    &row.member,
                    None,
                ),
                Some(row.sole_owner),
            ));
        }
        notes.dedup();
        self.bulk = Some(Box::new(BulkChange::offboard(&self.label, items, notes)));
    }

    /// One change of the plan `request` answered: a removal the server confirmed takes its row
    /// (and mark) away, and access the fresh read still shows (an organisation admin) comes in;
    /// a failure stays marked.
    pub(crate) fn plan_step(
        &mut self,
        model: &Model,
        p: usize,
        request: u64,
        index: usize,
        outcome: &ChangeOutcome,
    ) {
        let Some(bulk) = &mut self.bulk else {
            return;
        };
        if !bulk.step(request, index, outcome) {
            return;
        }
        let Subject::Membership(m) = &outcome.change.subject else {
            return;
        };
        if !outcome.verdict.is_success() {
            return;
        }
        let member_id = m.who.as_str();
        let key: GrantKey = (p, m.workspace.id.clone(), member_id.to_string());
        self.marks.remove(&key);
        let before = self.selected().map(|r| (r.key(), r.member.access.clone()));
        self.rows.retain(|r| !(r.is_direct() && r.key() == key));
        let profile = model.profile(p).map(|x| x.name.clone()).unwrap_or_default();
        for kept in &outcome.kept {
            self.insert(PersonRow {
                profile: p,
                profile_name: profile.clone(),
                provider: outcome.change.provider,
                workspace: m.workspace.clone(),
                member: kept.clone(),
                effective: None,
                sole_owner: false,
            });
        }
        // Back onto the row that was selected, or the one that took its place.
        if let Some(pos) = before.and_then(|(k, a)| {
            self.rows
                .iter()
                .position(|r| r.key() == k && r.member.access == a)
        }) {
            self.cursor.cursor = pos;
        }
        self.cursor.clamp(self.rows.len(), scroll_page(model));
    }

    /// The plan `request` finished.
    pub(crate) fn plan_done(&mut self, request: u64) -> bool {
        self.bulk.as_mut().is_some_and(|b| b.done(request))
    }
}
