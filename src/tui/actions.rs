//! The changing actions of `update()`: opening the add form, role picker and remove confirmation
//! (or explaining why not), editing them and submitting. Pure state changes plus commands.
//!
//! What is offered is decided from the profile's [`Capabilities`] and the member's access, never
//! from the provider's name.

use super::app::{App, Command, Pane, TreeRow};
use super::modal::{
    AccessView, AddField, AddForm, Button, ConfirmRemove, Modal, RolePicker, Target,
};
use super::text;
use super::update::{load_members, open_workspace};
use crate::engine::planner;
use crate::model::{Capabilities, MemberKind, Role, Support, UserRef};
use ratatui::crossterm::event::KeyEvent;
use unicode_width::UnicodeWidthStr;

/// The open workspace as a dialog target, with the profile's capabilities.
fn open_target(app: &App) -> Option<(Target, Capabilities)> {
    let (p, id) = app.open.clone()?;
    let prof = app.profiles.get(p)?;
    let ws = prof.workspace(&id)?;
    Some((
        Target {
            profile: p,
            workspace_id: id,
            workspace_name: ws.display_name.clone(),
        },
        prof.caps.clone()?,
    ))
}

/// Starts listing the target's roles unless they are known or already on the way.
fn ensure_roles(app: &mut App, target: &Target) -> Option<Command> {
    let request = app.next_id();
    let ws = app
        .profiles
        .get_mut(target.profile)?
        .workspace_mut(&target.workspace_id)?;
    if ws.roles.roles.is_some() || ws.roles.pending.is_some() {
        return None;
    }
    ws.roles.pending = Some(request);
    ws.roles.error = None;
    Some(Command::LoadRoles {
        profile: target.profile,
        workspace: ws.workspace.clone(),
        request,
    })
}

/// Says "read-only" instead of opening a changing dialog on a profile with `readonly = true`.
fn refuse_readonly(app: &mut App, p: usize) -> bool {
    let Some(prof) = app.profiles.get(p) else {
        return false;
    };
    if !prof.readonly {
        return false;
    }
    let name = crate::sanitize::sanitize_line(&prof.name).into_owned();
    app.info(text::profile_readonly(&name));
    true
}

/// The target's roles, if listed.
pub(crate) fn roles_of<'a>(app: &'a App, target: &Target) -> Option<&'a [Role]> {
    app.profiles
        .get(target.profile)?
        .workspace(&target.workspace_id)?
        .roles
        .roles
        .as_deref()
}

/// `a`: the add form for the open workspace (in the left pane: the workspace under the cursor,
/// which is opened first so the result shows on the right).
pub(crate) fn open_add(app: &mut App) -> Vec<Command> {
    let mut cmds = Vec::new();
    if app.focus == Pane::Workspaces
        && let Some(TreeRow::Workspace(p, w)) = app.tree_selected()
    {
        let id = app.profiles[p].workspaces[w].workspace.id.clone();
        let already = app
            .open
            .as_ref()
            .is_some_and(|(op, oid)| *op == p && *oid == id);
        if !already {
            cmds.extend(open_workspace(app, p, &id, false));
        }
    }
    let Some((target, caps)) = open_target(app) else {
        app.info(text::OPEN_WORKSPACE_FIRST.to_string());
        return cmds;
    };
    if refuse_readonly(app, target.profile) {
        return cmds;
    }
    if let (Support::Unsupported(a), Support::Unsupported(_)) =
        (&caps.add_by_email, &caps.add_by_id)
    {
        app.info(text::unsupported(text::ACTION_ADD, a));
        return cmds;
    }
    cmds.extend(ensure_roles(app, &target));
    app.modal = Some(Modal::AddMember(AddForm::new(target)));
    cmds
}

/// The selected member, if it can be changed; otherwise explains why not (inherited, group,
/// unsupported by the provider) and returns `None`.
fn changeable_member(
    app: &mut App,
    support: impl Fn(&Capabilities) -> &Support,
    action: &str,
) -> Option<(Target, crate::model::Member, String)> {
    let Some((target, caps)) = open_target(app) else {
        app.info(text::OPEN_WORKSPACE_FIRST.to_string());
        return None;
    };
    if refuse_readonly(app, target.profile) {
        return None;
    }
    let Some(row) = app.selected_member() else {
        let loaded = app.open_workspace().is_some_and(|(_, w)| w.members.loaded);
        app.info(
            if loaded {
                text::SELECT_MEMBER_FIRST
            } else {
                text::WAIT_FOR_MEMBERS
            }
            .to_string(),
        );
        return None;
    };
    let (member, label) = (row.member(), row.label().into_owned());
    if member.kind == MemberKind::Group {
        app.info(text::group_refusal(&label));
        return None;
    }
    if let Some(via) = member.access.via() {
        let via = crate::sanitize::sanitize_line(via).into_owned();
        app.info(text::inherited_refusal(&label, &via));
        return None;
    }
    if let Support::Unsupported(why) = support(&caps) {
        app.info(text::unsupported(action, why));
        return None;
    }
    Some((target, member, label))
}

/// `e`: the role picker for the selected member, or an explanation.
pub(crate) fn open_role_picker(app: &mut App) -> Vec<Command> {
    let Some((target, member, member_label)) =
        changeable_member(app, |c| &c.set_role, text::ACTION_SET_ROLE)
    else {
        return Vec::new();
    };
    let cmds = ensure_roles(app, &target).into_iter().collect();
    app.modal = Some(Modal::RolePicker(RolePicker {
        target,
        member,
        member_label,
        cursor: None,
        error: None,
        submitting: None,
        confirming: None,
        force_offered: false,
    }));
    cmds
}

/// `x`: the remove confirmation for the selected member (focus on Cancel), or an explanation.
pub(crate) fn open_confirm(app: &mut App) -> Vec<Command> {
    if let Some((target, member, member_label)) =
        changeable_member(app, |c| &c.remove, text::ACTION_REMOVE)
    {
        app.modal = Some(Modal::Confirm(ConfirmRemove {
            target,
            member,
            member_label,
            focus: Button::Cancel,
            error: None,
            submitting: None,
            force_offered: false,
        }));
    }
    Vec::new()
}

/// Typing in the add form goes to the user field (when it has the focus).
pub(crate) fn add_form_text(app: &mut App, key: &KeyEvent) {
    if let Some(Modal::AddMember(form)) = &mut app.modal
        && form.focus == AddField::User
        && form.submitting.is_none()
        && form.user.handle(key)
    {
        // A new value deserves a fresh verdict; the live detection line shows it.
        form.error = None;
    }
}

/// Tab in the add form.
pub(crate) fn switch_add_field(app: &mut App) {
    if let Some(Modal::AddMember(form)) = &mut app.modal {
        form.focus = match form.focus {
            AddField::User => AddField::Role,
            AddField::Role => AddField::User,
        };
    }
}

/// Tab/arrows in the confirmation.
pub(crate) fn switch_button(app: &mut App) {
    if let Some(Modal::Confirm(c)) = &mut app.modal {
        c.focus = match c.focus {
            Button::Cancel => Button::Remove,
            Button::Remove => Button::Cancel,
        };
    }
}

/// Up/down in a role list (add form or picker).
pub(crate) fn move_role_cursor(app: &mut App, delta: isize) {
    let target = match &app.modal {
        Some(Modal::AddMember(f)) => f.target.clone(),
        Some(Modal::RolePicker(p)) => p.target.clone(),
        _ => return,
    };
    let roles: Vec<Role> = roles_of(app, &target)
        .map(<[Role]>::to_vec)
        .unwrap_or_default();
    if roles.is_empty() {
        return;
    }
    let last = roles.len() - 1;
    let step = |i: usize| i.saturating_add_signed(delta).min(last);
    match &mut app.modal {
        Some(Modal::AddMember(f)) if f.submitting.is_none() => {
            f.role_cursor = Some(step(f.role_index(roles.len())));
        }
        Some(Modal::RolePicker(p)) if p.submitting.is_none() => {
            p.cursor = Some(step(p.index(&roles)));
            p.error = None;
        }
        _ => {}
    }
}

/// Enter in a dialog.
pub(crate) fn submit(app: &mut App) -> Vec<Command> {
    match &app.modal {
        Some(Modal::AddMember(_)) => submit_add(app),
        Some(Modal::RolePicker(_)) => submit_role(app),
        Some(Modal::Confirm(c)) => match c.focus {
            Button::Cancel => {
                if c.submitting.is_none() {
                    app.modal = None;
                }
                Vec::new()
            }
            Button::Remove => confirm_remove(app),
        },
        _ => Vec::new(),
    }
}

fn workspace_of(app: &App, target: &Target) -> Option<crate::model::Workspace> {
    Some(
        app.profiles
            .get(target.profile)?
            .workspace(&target.workspace_id)?
            .workspace
            .clone(),
    )
}

fn submit_add(app: &mut App) -> Vec<Command> {
    let Some(Modal::AddMember(form)) = &app.modal else {
        return Vec::new();
    };
    if form.submitting.is_some() {
        return Vec::new();
    }
    let target = form.target.clone();
    let parsed = form.parsed();
    let caps = app
        .profiles
        .get(target.profile)
        .and_then(|p| p.caps.clone());
    let roles = roles_of(app, &target).map(<[Role]>::to_vec);
    let roles_error = app
        .profiles
        .get(target.profile)
        .and_then(|p| p.workspace(&target.workspace_id))
        .and_then(|w| w.roles.error.clone());
    let workspace = workspace_of(app, &target);
    let verdict: Result<(UserRef, Role), String> = (|| {
        let user = parsed?;
        if let Some(caps) = &caps {
            let support = match user {
                UserRef::Email(_) => &caps.add_by_email,
                UserRef::Id(_) => &caps.add_by_id,
            };
            if let Support::Unsupported(why) = support {
                return Err(text::cannot_add_by(user.kind_label(), why));
            }
        }
        let roles = roles
            .ok_or_else(|| roles_error.unwrap_or_else(|| text::ROLES_NOT_READY.to_string()))?;
        if roles.is_empty() {
            return Err(text::ROLES_EMPTY.to_string());
        }
        let role = roles[form.role_index(roles.len())].clone();
        Ok((user, role))
    })();
    let request = app.next_id();
    let Some(Modal::AddMember(form)) = &mut app.modal else {
        return Vec::new();
    };
    form.attempted = true;
    match (verdict, workspace) {
        (Ok((user, role)), Some(workspace)) => {
            form.error = None;
            form.submitting = Some(request);
            let (name, kind) = profile_of(app, target.profile);
            let change = planner::add_user(kind, &name, &workspace, &user, role);
            vec![app.change_command(target.profile, change, false, request)]
        }
        (Err(e), _) => {
            form.error = Some(e);
            Vec::new()
        }
        (Ok(_), None) => {
            form.error = Some(text::OPEN_WORKSPACE_FIRST.to_string());
            Vec::new()
        }
    }
}

fn submit_role(app: &mut App) -> Vec<Command> {
    let Some(Modal::RolePicker(picker)) = &app.modal else {
        return Vec::new();
    };
    if picker.submitting.is_some() {
        return Vec::new();
    }
    let target = picker.target.clone();
    let Some(roles) = roles_of(app, &target).map(<[Role]>::to_vec) else {
        return Vec::new();
    };
    let Some(role) = roles.get(picker.index(&roles)).cloned() else {
        return Vec::new();
    };
    let same = picker.is_current(&role);
    // A move to or from the top role (the owner) is confirmed with a second Enter.
    let touches_owner = roles
        .first()
        .is_some_and(|owner| picker.is_current(owner) || owner == &role);
    let member = picker.member.clone();
    let workspace = workspace_of(app, &target);
    let request = app.next_id();
    let (name, kind) = profile_of(app, target.profile);
    let Some(Modal::RolePicker(picker)) = &mut app.modal else {
        return Vec::new();
    };
    if same {
        picker.error = Some(text::SAME_ROLE.to_string());
        return Vec::new();
    }
    let Some(workspace) = workspace else {
        return Vec::new();
    };
    if touches_owner && picker.confirming != Some(picker.cursor) {
        picker.confirming = Some(picker.cursor);
        picker.error = Some(text::confirm_owner_change(&crate::sanitize::sanitize_line(
            &role.name,
        )));
        return Vec::new();
    }
    let force = picker.force_offered;
    picker.error = None;
    picker.submitting = Some(request);
    let change = planner::from_row(kind, &name, &workspace, &member, Some(role));
    vec![app.change_command(target.profile, change, force, request)]
}

/// The profile's name and provider, for a change.
fn profile_of(app: &App, p: usize) -> (String, crate::model::ProviderKind) {
    let prof = &app.profiles[p];
    (prof.name.clone(), prof.kind)
}

/// `y` (or Enter on Remove) in the confirmation.
pub(crate) fn confirm_remove(app: &mut App) -> Vec<Command> {
    let Some(Modal::Confirm(c)) = &app.modal else {
        return Vec::new();
    };
    if c.submitting.is_some() {
        return Vec::new();
    }
    let (target, member, force) = (c.target.clone(), c.member.clone(), c.force_offered);
    let Some(workspace) = workspace_of(app, &target) else {
        return Vec::new();
    };
    let request = app.next_id();
    if let Some(Modal::Confirm(c)) = &mut app.modal {
        c.error = None;
        c.submitting = Some(request);
    }
    let (name, kind) = profile_of(app, target.profile);
    let change = planner::from_row(kind, &name, &workspace, &member, None);
    vec![app.change_command(target.profile, change, force, request)]
}

/// After a change: re-read the workspace so the table shows what the server confirms.
pub(crate) fn reload_after_change(app: &mut App, p: usize, workspace_id: &str) -> Vec<Command> {
    load_members(app, p, workspace_id).into_iter().collect()
}

/// `u`: shows where the selected user appears in every workspace of the profile. Member lists read
/// since the last refresh are used as they are (the open workspace's included); the others are read
/// concurrently, within the profile's bound, and fill the view in as they answer.
pub(crate) fn open_access(app: &mut App) -> Vec<Command> {
    let Some((target, _)) = open_target(app) else {
        app.info(text::OPEN_WORKSPACE_FIRST.to_string());
        return Vec::new();
    };
    let Some(row) = app.selected_member() else {
        app.info(text::SELECT_MEMBER_FIRST.to_string());
        return Vec::new();
    };
    if row.member_kind() == MemberKind::Group {
        app.info(text::ACCESS_USERS_ONLY.to_string());
        return Vec::new();
    }
    let (user, label) = (row.member(), row.label().into_owned());
    let p = target.profile;
    let name_width = app.profiles[p]
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
        total: app.profiles[p].workspaces.len(),
        waiting: Vec::new(),
        scroll: 0,
        lines: Vec::new(),
        name_width,
    };
    let mut to_load = Vec::new();
    for (position, ws) in app.profiles[p].workspaces.iter().enumerate() {
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
        if let Some(c) = load_members(app, p, &id) {
            cmds.push(c);
            view.waiting.push(id);
        }
    }
    app.modal = Some(Modal::Access(view));
    cmds
}

/// `r` in the access view: reads every workspace of the profile again.
pub(crate) fn refresh_access(app: &mut App) -> Vec<Command> {
    let Some(Modal::Access(v)) = &app.modal else {
        return Vec::new();
    };
    let p = v.profile;
    let ids: Vec<String> = app
        .profiles
        .get(p)
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
        if let Some(c) = load_members(app, p, &id) {
            cmds.push(c);
            waiting.push(id);
        }
    }
    if let Some(Modal::Access(v)) = &mut app.modal {
        v.total = waiting.len();
        v.waiting = waiting;
        v.lines.clear();
    }
    cmds
}
