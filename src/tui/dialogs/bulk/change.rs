//! The bulk change's state and keys: its stages, its items and their outcomes.

use crate::engine::{Change, ChangeOutcome, Plan, Refusal};
use crate::model::Member;
use crate::tui::dialogs::common::Step;
use crate::tui::keys::Action;
use crate::tui::msg::{Command, Work};
use crate::tui::state::{Model, Move, WorkspaceRef};
use crate::tui::text;

/// One change of the bulk change and, once it ran, what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Profile index of the change.
    pub profile: usize,
    /// The change, with the state it was planned against.
    pub change: Change,
    /// What it does, in words (sanitized).
    pub description: String,
    /// It would take the workspace's last owner away: the engine refuses it unless confirmed
    /// again. `None` while the workspace's roles (which name the owner) are being read.
    pub last_owner: Option<bool>,
    /// What came of it, once it ran.
    pub result: Option<ItemResult>,
}

impl Item {
    /// A change of profile `profile`, not run yet.
    pub fn new(profile: usize, change: Change, last_owner: Option<bool>) -> Item {
        Item {
            profile,
            description: change.describe(),
            change,
            last_owner,
            result: None,
        }
    }
}

/// What came of one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemResult {
    /// A fresh read shows the wanted state (or showed it already).
    pub ok: bool,
    /// What the server holds now and what to do, in words (sanitized).
    pub text: String,
    /// The engine refused it: it would have left the workspace without an owner.
    pub refused_last_owner: bool,
}

impl ItemResult {
    fn of(outcome: &ChangeOutcome) -> ItemResult {
        ItemResult {
            ok: outcome.verdict.is_success(),
            text: outcome.message(),
            refused_last_owner: matches!(outcome.refusal, Some(Refusal::LastOwner(_))),
        }
    }
}

/// Where the marked rows come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The members pane's marks, all in this workspace.
    Workspace(WorkspaceRef),
    /// The person view's marked grants, across profiles.
    Person,
}

/// Where the bulk change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// `e`: the role every marked member gets is being picked (the highlighted role's index).
    PickRole(usize),
    /// Every change listed; nothing sent yet.
    Preview,
    /// Sent; outcomes come in.
    Running,
    /// Every change answered.
    Finished,
}

/// Button of the preview with the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    /// Send nothing (the default focus).
    Cancel,
    /// Run every change.
    Apply,
}

/// A change of every marked row.
#[derive(Debug, Clone)]
pub struct BulkChange {
    /// The dialog's title (sanitized).
    pub title: String,
    /// Where the rows come from.
    pub origin: Origin,
    /// Where it is.
    pub stage: Stage,
    /// The marked members, while the role is being picked.
    pub members: Vec<Member>,
    /// The changes.
    pub items: Vec<Item>,
    /// Rows left out, and how the provider does the change (sanitized).
    pub notes: Vec<String>,
    /// Focused button of the preview.
    pub focus: Button,
    /// Request number of the plan in flight.
    pub request: Option<u64>,
    /// The item of each change of the plan sent, by the change's index in that plan.
    pub sent: Vec<usize>,
    /// Changes were refused as last owners: the next Enter sends them again, forced.
    pub force_offered: bool,
    /// First line of the changes shown.
    pub scroll: usize,
    /// Why the last key did nothing (sanitized).
    pub error: Option<String>,
}

impl BulkChange {
    pub(super) fn new(title: String, origin: Origin, stage: Stage) -> BulkChange {
        BulkChange {
            title,
            origin,
            stage,
            members: Vec::new(),
            items: Vec::new(),
            notes: Vec::new(),
            focus: Button::Cancel,
            request: None,
            sent: Vec::new(),
            force_offered: false,
            scroll: 0,
            error: None,
        }
    }

    /// From the person view: removing `items` (grants of `who` across profiles), with `notes` on
    /// the grants left out.
    pub(crate) fn offboard(who: &str, items: Vec<Item>, notes: Vec<String>) -> BulkChange {
        let mut b = BulkChange::new(
            text::bulk_offboard_title(who, items.len()),
            Origin::Person,
            Stage::Preview,
        );
        b.items = items;
        b.notes = notes;
        b
    }

    /// How many changes would be refused as last owners.
    pub fn last_owners(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.last_owner == Some(true))
            .count()
    }

    /// How many profiles the changes span.
    pub fn profiles(&self) -> usize {
        let mut p: Vec<usize> = self.items.iter().map(|i| i.profile).collect();
        p.sort_unstable();
        p.dedup();
        p.len()
    }

    /// `(done, answered)` among the changes sent.
    pub fn progress(&self) -> (usize, usize) {
        let answered = self
            .sent
            .iter()
            .filter_map(|&i| self.items.get(i)?.result.as_ref())
            .collect::<Vec<_>>();
        (answered.iter().filter(|r| r.ok).count(), answered.len())
    }

    /// A key while the dialog is open; `None` for keys it leaves to everyone (quit, suspend).
    pub(crate) fn on_action(&mut self, model: &mut Model, action: Action) -> Option<Step> {
        self.error = None;
        if let Some(how) = Move::of(action) {
            match self.stage {
                Stage::PickRole(at) => {
                    let count = self.roles(model).map_or(0, <[_]>::len);
                    let at = at.saturating_add_signed(how.as_delta());
                    self.stage = Stage::PickRole(at.min(count.saturating_sub(1)));
                }
                _ => self.scroll = how.scroll(self.scroll, 10),
            }
            return Some(Step::stay());
        }
        Some(match (self.stage, action) {
            (_, Action::Cancel | Action::Deny) => Step::close(),
            (Stage::PickRole(at), Action::Submit) => {
                self.pick(model, at);
                Step::stay()
            }
            (Stage::Preview, Action::SwitchButton) => {
                self.focus = match self.focus {
                    Button::Cancel => Button::Apply,
                    Button::Apply => Button::Cancel,
                };
                Step::stay()
            }
            (Stage::Preview, Action::Submit) if self.focus == Button::Cancel => Step::close(),
            (Stage::Preview, Action::Submit | Action::Confirm) => {
                Step::stay_with(self.send(model, false))
            }
            (Stage::Finished, Action::Submit) if self.force_offered => {
                Step::stay_with(self.send(model, true))
            }
            (Stage::Finished, Action::Submit) => Step::close(),
            (_, Action::Submit | Action::Confirm | Action::SwitchButton) => Step::stay(),
            _ => return None,
        })
    }

    /// The roles of the workspace whose members are changed (members pane only).
    fn roles<'m>(&self, model: &'m Model) -> Option<&'m [crate::model::Role]> {
        match &self.origin {
            Origin::Workspace(target) => model.roles(target),
            Origin::Person => None,
        }
    }

    /// Sends the changes not run yet (or, `forced`, those refused as last owners) as one plan.
    fn send(&mut self, model: &mut Model, forced: bool) -> Work {
        if self.request.is_some() {
            return Work::none();
        }
        let chosen: Vec<usize> = (0..self.items.len())
            .filter(|&i| {
                let r = self.items[i].result.as_ref();
                if forced {
                    r.is_some_and(|r| r.refused_last_owner)
                } else {
                    r.is_none()
                }
            })
            .collect();
        if chosen.is_empty() {
            return Work::none();
        }
        let plan = Plan {
            changes: chosen
                .iter()
                .map(|&i| self.items[i].change.clone())
                .collect(),
        };
        for &i in &chosen {
            self.items[i].result = None;
        }
        let request = model.next_id();
        model.track_change(request, self.title.clone());
        self.sent = chosen;
        self.request = Some(request);
        self.stage = Stage::Running;
        self.force_offered = false;
        self.scroll = 0;
        Command::RunPlan {
            plan,
            force: forced,
            request,
        }
        .into()
    }

    /// One change of the plan `request` answered. Returns whether the plan is this dialog's.
    pub(crate) fn step(&mut self, request: u64, index: usize, outcome: &ChangeOutcome) -> bool {
        if self.request != Some(request) {
            return false;
        }
        if let Some(item) = self.sent.get(index).and_then(|&i| self.items.get_mut(i)) {
            item.result = Some(ItemResult::of(outcome));
        }
        true
    }

    /// The plan `request` finished: a change that never answered is listed as such, and changes
    /// refused as last owners are offered again. Returns whether the plan is this dialog's.
    pub(crate) fn done(&mut self, request: u64) -> bool {
        if self.request != Some(request) {
            return false;
        }
        self.request = None;
        self.stage = Stage::Finished;
        for &i in &self.sent {
            if let Some(item) = self.items.get_mut(i)
                && item.result.is_none()
            {
                item.result = Some(ItemResult {
                    ok: false,
                    text: text::NO_ANSWER.to_string(),
                    refused_last_owner: false,
                });
            }
        }
        self.force_offered = self
            .items
            .iter()
            .any(|i| i.result.as_ref().is_some_and(|r| r.refused_last_owner));
        true
    }
}
