//! Building the bulk change from the members pane's marks: the checks (an open workspace, a
//! writable profile, what the provider can do), one change per marked row, and which changes take
//! the workspace's last owner away (the preview flags them; the engine refuses them unless the admin
//! confirms again).

use super::change::{BulkChange, Item, Origin, Stage};
use crate::engine::plan::same_role;
use crate::engine::{State, Subject, planner};
use crate::model::{Capabilities, Support};
use crate::sanitize::sanitize_line;
use crate::tui::dialogs::common::open_target;
use crate::tui::msg::Work;
use crate::tui::state::{Model, WorkspaceRef};
use crate::tui::text;

/// The open workspace, when its profile may be changed and its provider can do `support`;
/// otherwise an explanation toast and `None`.
fn writable_target(
    model: &mut Model,
    support: impl Fn(&Capabilities) -> &Support,
    action: &str,
) -> Option<(WorkspaceRef, Capabilities)> {
    let (target, caps) = open_target(model)?;
    if model.refuse_readonly(target.profile) {
        return None;
    }
    if let Support::Unsupported(why) = support(&caps) {
        model.info(text::unsupported(action, why));
        return None;
    }
    Some((target, caps))
}

/// How the provider does it, when it emulates it.
fn emulated(support: &Support) -> Option<String> {
    match support {
        Support::Emulated(note) => Some(text::emulated_note(note)),
        _ => None,
    }
}

/// `x` with rows marked: the preview of removing every marked member (and the command that lists
/// the workspace's roles, which name its owner, unless they are known).
pub fn remove_marked(model: &mut Model) -> (Option<BulkChange>, Work) {
    let Some((target, caps)) = writable_target(model, |c| &c.remove, text::ACTION_REMOVE) else {
        return (None, Work::none());
    };
    let (Some(ws), Some(prof)) = (
        model.workspace(&target).map(|w| w.workspace.clone()),
        model.profile(target.profile),
    ) else {
        return (None, Work::none());
    };
    let (kind, name) = (prof.kind, prof.name.clone());
    let items: Vec<Item> = model
        .marked_rows()
        .into_iter()
        .map(|r| {
            let change = planner::from_row(kind, &name, &ws, &r.member(), None);
            Item::new(target.profile, change, None)
        })
        .collect();
    let load = model.ensure_roles(&target);
    let mut b = BulkChange::new(
        text::bulk_remove_title(items.len()),
        Origin::Workspace(target),
        Stage::Preview,
    );
    b.items = items;
    b.notes.extend(emulated(&caps.remove));
    b.roles_arrived(model);
    (Some(b), load.into())
}

/// `e` with rows marked: the role picker for every marked member (and the command that lists the
/// workspace's roles, unless they are known).
pub fn role_marked(model: &mut Model) -> (Option<BulkChange>, Work) {
    let Some((target, caps)) = writable_target(model, |c| &c.set_role, text::ACTION_SET_ROLE)
    else {
        return (None, Work::none());
    };
    let members: Vec<_> = model
        .marked_rows()
        .into_iter()
        .map(|r| r.member())
        .collect();
    let load = model.ensure_roles(&target);
    let mut b = BulkChange::new(
        text::bulk_role_title(members.len()),
        Origin::Workspace(target),
        Stage::PickRole(0),
    );
    b.members = members;
    b.notes.extend(emulated(&caps.set_role));
    (Some(b), load.into())
}

impl BulkChange {
    /// Enter on role `at`: one change per marked member who does not have it yet; those who do are
    /// listed as left as they are.
    pub(super) fn pick(&mut self, model: &Model, at: usize) {
        let Origin::Workspace(target) = &self.origin else {
            return;
        };
        let Some(role) = model.roles(target).and_then(|r| r.get(at)).cloned() else {
            self.error = Some(text::ROLES_NOT_READY.to_string());
            return;
        };
        let (Some(ws), Some(prof)) = (
            model.workspace(target).map(|w| w.workspace.clone()),
            model.profile(target.profile),
        ) else {
            return;
        };
        let mut items = Vec::new();
        let mut already = Vec::new();
        for m in &self.members {
            if same_role(&m.role, &role) {
                already.push(text::already_role(
                    &sanitize_line(m.label()),
                    &sanitize_line(&role.name),
                ));
                continue;
            }
            let change = planner::from_row(prof.kind, &prof.name, &ws, m, Some(role.clone()));
            items.push(Item::new(target.profile, change, None));
        }
        if items.is_empty() {
            self.error = Some(text::BULK_NOTHING.to_string());
            return;
        }
        self.items = items;
        // Who is left as they are comes first: it explains why the count is lower.
        already.append(&mut self.notes);
        self.notes = already;
        self.stage = Stage::Preview;
        self.roles_arrived(model);
    }

    /// The workspace's roles are known (again): flags the changes that take the last holders of
    /// its top role away (members pane only: the person view's rows say it themselves). With every
    /// holder of the top role removed or demoted, whichever runs last would leave no owner, so
    /// each is flagged; the engine checks again on a fresh read when the plan runs.
    pub(crate) fn roles_arrived(&mut self, model: &Model) {
        flag_last_owners(self, model);
    }
}

fn flag_last_owners(b: &mut BulkChange, model: &Model) {
    let Origin::Workspace(target) = &b.origin else {
        return;
    };
    let (Some(roles), Some(ws)) = (model.roles(target), model.workspace(target)) else {
        return;
    };
    let Some(owner) = roles.first() else {
        for item in &mut b.items {
            item.last_owner = Some(false);
        }
        return;
    };
    let takes_owner_away = |item: &Item| match &item.change.subject {
        Subject::Membership(m) => {
            matches!(&m.seen, State::Member(r) if same_role(r, owner))
                && !m.want.role().is_some_and(|r| same_role(r, owner))
        }
        Subject::Workspace(_) => false,
    };
    let holders = ws
        .members
        .rows
        .iter()
        .filter(|r| r.member_access().is_direct() && same_role(r.member_role(), owner))
        .count();
    let leaving = b.items.iter().filter(|i| takes_owner_away(i)).count();
    let none_left = holders > 0 && leaving >= holders;
    for item in &mut b.items {
        item.last_owner = Some(none_left && takes_owner_away(item));
    }
}
