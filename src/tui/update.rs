//! `update()`: the only function that changes the [`App`]. Pure: no I/O, no awaits; it returns the
//! [`Command`]s the worker (or the terminal loop) should run.

use super::app::{App, Command, Event, Pane, TreeRow};
use super::keys::{self, Action, Context};
use super::modal::Modal;
use super::{actions, outcome};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

/// Applies `event` to `app` and returns the work it asks for.
pub fn update(app: &mut App, event: Event) -> Vec<Command> {
    match event {
        Event::Tick => {
            app.spinner = app.spinner.wrapping_add(1);
            Vec::new()
        }
        Event::Resize(w, h) => {
            app.size = (w, h);
            clamp_lists(app);
            Vec::new()
        }
        Event::Key(key) => on_key(app, key),
        Event::Outcome(mut o) => {
            // Cut once on entry: every later frame draws from bounded text.
            if let Some(e) = o.answer.error_mut() {
                e.message = crate::server_text::cap_owned(
                    std::mem::take(&mut e.message),
                    super::app::ANSWER_TEXT_MAX,
                );
            }
            outcome::apply(app, o)
        }
        Event::Signal(code) => {
            if app.quitting() {
                // A second signal while waiting: stop waiting.
                app.quit = true;
                app.exit_code = code;
                return vec![Command::StopChanges { now: true }];
            }
            if app.request_quit(code, false) {
                vec![Command::StopChanges { now: false }]
            } else {
                Vec::new()
            }
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Command> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    // A toast is read by the time the next key comes; any key dismisses it.
    app.toast = None;
    let ctx = app.context();
    match keys::action_for(&key, ctx, app.readonly) {
        Some(action) => on_action(app, ctx, action),
        // A key that changes data, pressed read-only, says so rather than doing nothing.
        None if app.readonly && keys::action_for(&key, ctx, false).is_some() => {
            let why = app
                .banner
                .as_deref()
                .filter(|b| b.starts_with("READ-ONLY"))
                .map(|b| b.trim_start_matches("READ-ONLY:").trim().to_string())
                .unwrap_or_else(|| super::text::READONLY_FLAG.to_string());
            app.info(super::text::readonly_key(&why));
            Vec::new()
        }
        None => {
            on_text(app, ctx, &key);
            Vec::new()
        }
    }
}

/// Keys that are not actions: typing into the filter or the add form.
fn on_text(app: &mut App, ctx: Context, key: &KeyEvent) {
    match ctx {
        Context::Filter => {
            let changed = match app.focus {
                Pane::Workspaces => app.tree_filter.input.handle(key),
                Pane::Members => app.members_filter.input.handle(key),
            };
            if changed {
                filter_changed(app);
            }
        }
        Context::AddForm => actions::add_form_text(app, key),
        _ => {}
    }
}

fn on_action(app: &mut App, ctx: Context, action: Action) -> Vec<Command> {
    match action {
        Action::Interrupt if ctx == Context::Quitting => {
            // The dialog said what this leaves: quit now.
            app.quit = true;
            // Quitting with a change cut short is not a clean exit: 130, as for Ctrl-c in a shell,
            // unless a signal chose the code.
            app.exit_code = match &app.modal {
                Some(Modal::Quitting(q)) if q.code != 0 => q.code,
                _ => 130,
            };
            vec![Command::StopChanges { now: true }]
        }
        Action::Interrupt | Action::Quit => {
            app.request_quit(0, true);
            Vec::new()
        }
        Action::QuitWhenDone => {
            if let Some(Modal::Quitting(q)) = &mut app.modal {
                q.waiting = true;
            }
            vec![Command::StopChanges { now: false }]
        }
        Action::Cancel if ctx == Context::Quitting => {
            // Once roster was told to quit, the engine starts nothing new: no way back.
            if !app.quitting() {
                app.modal = None;
            }
            Vec::new()
        }
        // A change already sent cannot be called back: `n` does nothing then, and Esc only hides
        // the dialog (the dialog says so; the result comes as a toast).
        Action::Deny if app.modal.as_ref().is_some_and(|m| m.submitting().is_some()) => Vec::new(),
        Action::Suspend => vec![Command::Suspend],
        Action::Down => move_cursor(app, ctx, Move::By(1)),
        Action::Up => move_cursor(app, ctx, Move::By(-1)),
        Action::PageDown => move_cursor(app, ctx, Move::Page(1)),
        Action::PageUp => move_cursor(app, ctx, Move::Page(-1)),
        Action::Top => move_cursor(app, ctx, Move::Top),
        Action::Bottom => move_cursor(app, ctx, Move::Bottom),
        Action::NextPane | Action::PrevPane => {
            app.focus = match app.focus {
                Pane::Workspaces => Pane::Members,
                Pane::Members => Pane::Workspaces,
            };
            Vec::new()
        }
        Action::Open => open_tree_row(app),
        Action::Filter => {
            match app.focus {
                Pane::Workspaces => app.tree_filter.editing = true,
                Pane::Members => app.members_filter.editing = true,
            }
            Vec::new()
        }
        Action::ClearFilter | Action::FilterClear => {
            let before = app.focused_filter().needle();
            match app.focus {
                Pane::Workspaces => app.tree_filter.clear(),
                Pane::Members => app.members_filter.clear(),
            }
            // Esc without a filter must not move the cursor.
            if !before.is_empty() {
                filter_changed(app);
            }
            Vec::new()
        }
        Action::FilterKeep => {
            match app.focus {
                Pane::Workspaces => app.tree_filter.editing = false,
                Pane::Members => app.members_filter.editing = false,
            }
            Vec::new()
        }
        Action::Refresh if ctx == Context::Access => actions::refresh_access(app),
        Action::Refresh => refresh(app),
        Action::Help => {
            app.modal = Some(Modal::Help { scroll: 0 });
            Vec::new()
        }
        Action::CloseHelp | Action::Cancel | Action::Deny => {
            app.modal = None;
            Vec::new()
        }
        Action::Add => actions::open_add(app),
        Action::ChangeRole => actions::open_role_picker(app),
        Action::Remove => actions::open_confirm(app),
        Action::WhereAccess => actions::open_access(app),
        Action::NextField | Action::PrevField => {
            actions::switch_add_field(app);
            Vec::new()
        }
        Action::SwitchButton => {
            actions::switch_button(app);
            Vec::new()
        }
        Action::Submit => actions::submit(app),
        Action::Confirm => actions::confirm_remove(app),
    }
}

#[derive(Clone, Copy)]
enum Move {
    By(isize),
    Page(isize),
    Top,
    Bottom,
}

fn move_cursor(app: &mut App, ctx: Context, how: Move) -> Vec<Command> {
    match ctx {
        Context::Help | Context::Access => {
            let scroll = match &mut app.modal {
                Some(Modal::Help { scroll }) => Some(scroll),
                Some(Modal::Access(v)) => Some(&mut v.scroll),
                _ => None,
            };
            if let Some(scroll) = scroll {
                let page = app.size.1.saturating_sub(6).max(1) as isize;
                *scroll = match how {
                    Move::By(d) => scroll.saturating_add_signed(d),
                    Move::Page(d) => scroll.saturating_add_signed(d * page),
                    Move::Top => 0,
                    // Drawing clamps the scroll to the content.
                    Move::Bottom => usize::MAX / 2,
                };
            }
        }
        Context::RolePicker | Context::AddForm => actions::move_role_cursor(app, how_delta(how)),
        _ => match app.focus {
            Pane::Workspaces => {
                let len = app.tree_rows().len();
                let page = app.tree_page();
                apply_move(&mut app.tree, how, len, page);
            }
            Pane::Members => {
                let len = app.members_view.len();
                let page = app.members_page();
                apply_move(&mut app.members, how, len, page);
            }
        },
    }
    Vec::new()
}

/// A move as a row delta, for short lists without paging (role lists).
fn how_delta(how: Move) -> isize {
    match how {
        Move::By(d) => d,
        Move::Page(d) => d * 10,
        Move::Top => isize::MIN / 2,
        Move::Bottom => isize::MAX / 2,
    }
}

fn apply_move(c: &mut super::app::ListCursor, how: Move, len: usize, page: usize) {
    match how {
        Move::By(d) => c.move_by(d, len, page),
        Move::Page(d) => c.move_by(d * page as isize, len, page),
        Move::Top => {
            c.cursor = 0;
            c.clamp(len, page);
        }
        Move::Bottom => {
            c.cursor = len.saturating_sub(1);
            c.clamp(len, page);
        }
    }
}

/// Re-applies the focused list's filter and keeps the cursor inside it.
fn filter_changed(app: &mut App) {
    match app.focus {
        Pane::Workspaces => {
            app.tree.cursor = 0;
            app.tree.offset = 0;
            let (len, page) = (app.tree_rows().len(), app.tree_page());
            app.tree.clamp(len, page);
        }
        Pane::Members => {
            app.members.cursor = 0;
            app.members.offset = 0;
            app.refresh_members_view(None);
        }
    }
}

/// Keeps both cursors valid after a size or content change.
pub(crate) fn clamp_lists(app: &mut App) {
    let (len, page) = (app.tree_rows().len(), app.tree_page());
    app.tree.clamp(len, page);
    let (len, page) = (app.members_view.len(), app.members_page());
    app.members.clamp(len, page);
}

/// Enter in the left pane: open a workspace, fold a profile, or retry a failed one.
fn open_tree_row(app: &mut App) -> Vec<Command> {
    match app.tree_selected() {
        Some(TreeRow::Workspace(p, w)) => {
            let id = app.profiles[p].workspaces[w].workspace.id.clone();
            open_workspace(app, p, &id, true)
        }
        Some(TreeRow::Profile(p)) | Some(TreeRow::Note(p)) => {
            let prof = &mut app.profiles[p];
            if matches!(prof.status, super::state::ProfileStatus::Failed(_))
                && prof.pending.is_none()
            {
                return vec![app.load_workspaces(p)];
            }
            prof.folded = !prof.folded;
            let (len, page) = (app.tree_rows().len(), app.tree_page());
            app.tree.clamp(len, page);
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// Shows workspace `id` of profile `p` on the right and (re)loads its members.
pub(crate) fn open_workspace(app: &mut App, p: usize, id: &str, focus: bool) -> Vec<Command> {
    let same = app
        .open
        .as_ref()
        .is_some_and(|(op, oid)| *op == p && oid == id);
    if !same {
        app.open = Some((p, id.to_string()));
        app.members_filter.clear();
        app.members = Default::default();
        app.members_view_needle.clear();
        app.refresh_members_view(None);
    }
    if focus {
        app.focus = Pane::Members;
    }
    load_members(app, p, id).into_iter().collect()
}

/// Marks workspace `id` as loading and returns the command, unless the workspace is unknown.
pub(crate) fn load_members(app: &mut App, p: usize, id: &str) -> Option<Command> {
    let request = app.next_id();
    let prof = app.profiles.get_mut(p)?;
    let include_inherited = prof
        .caps
        .as_ref()
        .is_some_and(|c| c.inherited_members.is_available());
    let ws = prof.workspace_mut(id)?;
    ws.members.pending = Some(request);
    Some(Command::LoadMembers {
        profile: p,
        workspace: ws.workspace.clone(),
        include_inherited,
        request,
    })
}

/// `r`: on a profile row reload its workspaces; otherwise reload the workspace's members.
fn refresh(app: &mut App) -> Vec<Command> {
    let target = match app.focus {
        Pane::Workspaces => app.tree_selected(),
        Pane::Members => None,
    };
    match target {
        Some(TreeRow::Profile(p)) | Some(TreeRow::Note(p)) => {
            if app.profiles[p].caps.is_none() {
                app.info(super::text::PROFILE_UNAVAILABLE.to_string());
                return Vec::new();
            }
            vec![app.load_workspaces(p)]
        }
        Some(TreeRow::Workspace(p, w)) => {
            let id = app.profiles[p].workspaces[w].workspace.id.clone();
            app.profiles[p].workspaces[w].roles = Default::default();
            load_members(app, p, &id).into_iter().collect()
        }
        None => match app.open.clone() {
            Some((p, id)) => {
                if let Some(ws) = app.open_workspace_mut() {
                    ws.roles = Default::default();
                }
                load_members(app, p, &id).into_iter().collect()
            }
            None => {
                app.info(super::text::OPEN_WORKSPACE_FIRST.to_string());
                Vec::new()
            }
        },
    }
}
