//! Issue 12 (the TUI at k9s grade) through the pure update and rendering: one test per bug (each
//! fails on the code before the fix), then the features: sort, palette, copy, detail, searchable
//! help, mouse, rebinding.

use crate::tui_fixture;

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use roster::engine::{ChangeOutcome, State, Subject, Verdict};
use roster::model::{Access, Member, MemberKind, Role, Support};
use roster::tui::dialogs::Dialog;
use roster::tui::keys::{KeyOverride, Keymap};
use roster::tui::state::{MemberColumn, TreeRow};
use roster::tui::{App, Command, Effect, Event, ReplyBody, update};
use tui_fixture::*;

fn paste(app: &mut App, text: &str) -> roster::tui::Work {
    update(app, Event::Paste(text.to_string()))
}

fn at(app: &mut App, w: u16, h: u16) {
    update(app, Event::Resize(w, h));
}

fn add_form(app: &App) -> &roster::tui::dialogs::add::AddForm {
    match app.dialog() {
        Some(Dialog::Add(f)) => f,
        other => panic!("no add form: {other:?}"),
    }
}

fn the_change(cmds: &[Command]) -> &roster::engine::Change {
    cmds.iter()
        .find_map(|c| match c {
            Command::Change { change, .. } => Some(change),
            _ => None,
        })
        .expect("a change command")
}

fn wanted_role(change: &roster::engine::Change) -> String {
    let Subject::Membership(m) = &change.subject else {
        panic!("not a membership change")
    };
    m.want.role().map(|r| r.name.clone()).unwrap_or_default()
}

// ── Bug 1: a paste never submits the Add form ────────────────────────────────────────────────

#[test]
fn pasting_an_email_with_a_newline_into_the_add_form_fills_the_field_and_submits_nothing() {
    let mut app = loaded_app(false, None);
    let cmds = ch(&mut app, 'a');
    give_roles(&mut app, &cmds);
    let out = paste(&mut app, "dana@x.example\n");
    assert!(out.commands.iter().all(|c| !is_change(c)), "{out:?}");
    let form = add_form(&app);
    assert_eq!(form.user.text(), "dana@x.example");
    assert!(form.submitting.is_none());
    // The admin still picks the role, then Enter adds.
    ch(&mut app, 'k');
    let out = press(&mut app, KeyCode::Enter);
    assert!(out.commands.iter().any(is_change));
}

#[test]
fn a_paste_in_the_filter_is_text_not_keys() {
    let mut app = loaded_app(false, None);
    ch(&mut app, '/');
    // "q" would quit and "a" would add if a paste were taken as keys.
    paste(&mut app, "qa\nx");
    assert_eq!(app.members_filter().input.text(), "qa");
    assert!(!app.should_quit() && app.dialog().is_none());
}

// ── Bug 2: j/k in the Add form's role list ───────────────────────────────────────────────────

#[test]
fn tab_then_k_k_in_the_add_form_picks_the_owner_role() {
    let mut app = loaded_app(false, None);
    let cmds = ch(&mut app, 'a');
    give_roles(&mut app, &cmds);
    type_text(&mut app, "dana@x.example");
    press(&mut app, KeyCode::Tab);
    ch(&mut app, 'k');
    ch(&mut app, 'k');
    assert_eq!(
        add_form(&app).role_index(3),
        0,
        "k twice from viewer is owner"
    );
    assert_eq!(add_form(&app).user.text(), "dana@x.example", "no k typed");
    let out = press(&mut app, KeyCode::Enter);
    assert_eq!(wanted_role(the_change(&out.commands)), "owner");
    // And j moves down again (in a fresh form).
    let mut app = loaded_app(false, None);
    let cmds = ch(&mut app, 'a');
    give_roles(&mut app, &cmds);
    press(&mut app, KeyCode::Tab);
    ch(&mut app, 'g');
    ch(&mut app, 'j');
    assert_eq!(add_form(&app).role_index(3), 1);
}

// ── Bug 3: the Add form at 60×15 shows the selected role ─────────────────────────────────────

#[test]
fn the_add_form_at_60x15_shows_the_selected_role() {
    let mut app = loaded_app(false, Some("DEMO: sandbox on 127.0.0.1:7878"));
    at(&mut app, 60, 15);
    let cmds = ch(&mut app, 'a');
    give_roles(&mut app, &cmds);
    let screen = render(&app, 60, 15);
    assert!(screen.contains("> viewer"), "{screen}");
    press(&mut app, KeyCode::Tab);
    ch(&mut app, 'g');
    let screen = render(&app, 60, 15);
    assert!(screen.contains("> owner"), "{screen}");
}

// ── Bug 4: the workspace filter selects the first matching workspace ─────────────────────────

#[test]
fn the_workspace_filter_selects_the_first_match_enter_opens_it_and_esc_keeps_the_row() {
    let mut app = loaded_app(false, None);
    press(&mut app, KeyCode::Tab);
    ch(&mut app, '/');
    type_text(&mut app, "research");
    assert_eq!(app.tree_selected(), Some(TreeRow::Workspace(0, 1)));
    // Enter keeps the filter; the next Enter opens the selected workspace.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(!app.tree_filter().editing);
    let out = press(&mut app, KeyCode::Enter);
    let load = only(&out, is_load_members);
    assert!(
        matches!(&load, Command::LoadMembers { workspace, .. } if workspace.name == "Research")
    );
    assert_eq!(
        app.open().map(|(_, id)| id.to_string()),
        Some("ws-2".into())
    );
    // Esc clears the filter and keeps the selected row.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Esc);
    ch(&mut app, '/');
    type_text(&mut app, "oper");
    assert_eq!(app.tree_selected(), Some(TreeRow::Workspace(0, 2)));
    press(&mut app, KeyCode::Esc);
    assert!(!app.tree_filter().is_active());
    assert_eq!(app.tree_selected(), Some(TreeRow::Workspace(0, 2)));
}

// ── Bug 6: a failed profile can be retried ───────────────────────────────────────────────────

#[test]
fn enter_or_r_on_a_failed_profile_rebuilds_its_client_then_lists_again() {
    let mut app = App::new(seeds(), false, None);
    app.start();
    // "broken" cannot be used: Enter asks to rebuild it rather than folding it.
    while !matches!(app.tree_selected(), Some(TreeRow::Profile(2))) {
        ch(&mut app, 'j');
    }
    let out = press(&mut app, KeyCode::Enter);
    let rebuild = only(&out, |c| matches!(c, Command::RebuildProfile { .. }));
    assert!(!app.profiles()[2].folded);
    // The token still does not resolve: the profile says why, and `r` tries again.
    update(
        &mut app,
        outcome(
            &rebuild,
            ReplyBody::Rebuilt(Err("token: still unset".into())),
        ),
    );
    assert!(app.toast().is_some_and(|t| t.text.contains("still unset")));
    let out = ch(&mut app, 'r');
    let rebuild = only(&out, |c| matches!(c, Command::RebuildProfile { .. }));
    // Now it works: the profile lists its workspaces.
    let out = update(
        &mut app,
        outcome(&rebuild, ReplyBody::Rebuilt(Ok(caps_native()))),
    );
    only(&out, |c| {
        matches!(c, Command::LoadWorkspaces { profile: 2, .. })
    });
    assert!(app.caps(2).is_some());
}

// ── Bug 8: drawing ───────────────────────────────────────────────────────────────────────────

/// The cells of `screen` as rows of characters.
fn grid(screen: &str) -> Vec<Vec<char>> {
    screen.lines().map(|l| l.chars().collect()).collect()
}

#[test]
fn a_popup_clears_a_margin_of_one_cell_around_it() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Alan Turing");
    ch(&mut app, 'x');
    let g = grid(&render(&app, 80, 24));
    let (top, left) = g
        .iter()
        .enumerate()
        .find_map(|(y, row)| row.iter().position(|&c| c == '╭').map(|x| (y, x)))
        .expect("the dialog's corner");
    let bottom = (top..g.len())
        .find(|&y| g[y].get(left) == Some(&'╰'))
        .unwrap();
    let right = g[top].iter().rposition(|&c| c == '╮').unwrap();
    for (y, row) in g.iter().enumerate().take(bottom + 2).skip(top - 1) {
        for x in [left - 1, right + 1] {
            let c = row.get(x).copied().unwrap_or(' ');
            assert_eq!(c, ' ', "text touches the dialog at {x},{y}");
        }
    }
    for x in left - 1..=right + 1 {
        for y in [top - 1, bottom + 1] {
            assert_eq!(g[y].get(x).copied().unwrap_or(' '), ' ', "at {x},{y}");
        }
    }
}

/// A workspace of 30 members, so the selection can sit at the bottom of the table.
fn long_app() -> App {
    let mut app = App::new(seeds(), false, None);
    let start = app.start();
    let after = answer_workspaces(&mut app, &start[0], workspaces());
    let list: Vec<Member> = (0..30)
        .map(|i| {
            user(
                &format!("u-{i}"),
                &format!("Person {i}"),
                Some(&format!("p{i}@example.com")),
                "viewer",
            )
        })
        .collect();
    answer_members(&mut app, &only(&after, is_load_members), list);
    press(&mut app, KeyCode::Tab);
    app
}

#[test]
fn a_toast_never_covers_the_selected_row_nor_leaks_its_marker() {
    let mut app = long_app();
    ch(&mut app, 'G');
    // An explanation toast (the open workspace's members failed to refresh).
    let r = only(&ch(&mut app, 'r'), is_load_members);
    update(
        &mut app,
        outcome(
            &r,
            ReplyBody::Members {
                workspace_id: "ws-1".into(),
                result: Err(list_error("paradigm", 503, "Service under maintenance")),
            },
        ),
    );
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Service under"), "{screen}");
    let selected = screen
        .lines()
        .find(|l| l.contains("p29@example.com"))
        .unwrap_or_else(|| panic!("the selected row is hidden:\n{screen}"));
    assert!(selected.contains('>'), "{screen}");
    // No selection marker next to the toast's box.
    for l in screen
        .lines()
        .filter(|l| l.contains('╭') || l.contains('╰') || l.contains("Service"))
    {
        assert!(!l.contains('>'), "a marker at the toast: {l}");
    }
}

#[test]
fn a_toast_never_covers_the_add_forms_border() {
    let mut app = loaded_app(false, None);
    let load = only(&ch(&mut app, 'r'), is_load_members);
    let cmds = ch(&mut app, 'a');
    give_roles(&mut app, &cmds);
    // A refresh fails while the form is open: its error arrives as a toast.
    update(
        &mut app,
        outcome(
            &load,
            ReplyBody::Members {
                workspace_id: "ws-1".into(),
                result: Err(list_error("paradigm", 503, "Service under maintenance")),
            },
        ),
    );
    assert!(app.toast().is_some());
    for (w, h) in [(80, 24), (60, 15), (120, 40)] {
        at(&mut app, w, h);
        let g = grid(&render(&app, w, h));
        let top = g
            .iter()
            .position(|r| r.iter().collect::<String>().contains("╭ Add member"))
            .unwrap();
        let left = g[top].iter().position(|&c| c == '╭').unwrap();
        let bottom = (top + 1..g.len())
            .find(|&y| g[y].get(left) == Some(&'╰'))
            .unwrap_or_else(|| panic!("the form's bottom border is covered at {w}×{h}"));
        for (y, row) in g.iter().enumerate().take(bottom).skip(top + 1) {
            assert_eq!(
                row.get(left),
                Some(&'│'),
                "the form's left border at {w}×{h}, row {y}"
            );
        }
        let screen = render(&app, w, h);
        assert!(
            screen.contains("Error: paradigm: list members failed"),
            "the toast is shown at {w}×{h}:\n{screen}"
        );
    }
}

// ── Bug 9: messages ──────────────────────────────────────────────────────────────────────────

#[test]
fn an_add_names_who_was_added_and_selects_them() {
    let mut app = loaded_app(false, None);
    let cmds = ch(&mut app, 'a');
    give_roles(&mut app, &cmds);
    type_text(&mut app, "1005");
    let out = press(&mut app, KeyCode::Enter);
    let cmd = only(&out, is_change);
    let Command::Change { change, .. } = &cmd else {
        unreachable!()
    };
    let Subject::Membership(m) = &change.subject else {
        unreachable!()
    };
    let dana = Member {
        id: "1005".into(),
        email: Some("dana@x.example".into()),
        name: Some("Dana Scully".into()),
        role: Role::named("viewer"),
        access: Access::Direct,
        kind: MemberKind::User,
        handle: None,
    };
    let out = answer_outcome(
        &mut app,
        &cmd,
        ChangeOutcome {
            now: Some(m.want.clone()),
            member: Some(dana.clone()),
            ..ChangeOutcome::new(change.clone(), Verdict::Done)
        },
    );
    let toast = app.toast().expect("a toast").text.clone();
    assert_eq!(
        toast,
        "Added Dana Scully (dana@x.example, id 1005) to Design as viewer."
    );
    // The re-read shows Dana: she is selected.
    let reload = only(&out, is_load_members);
    let mut list = members();
    list.push(dana);
    answer_members(&mut app, &reload, list);
    assert_eq!(
        app.selected_member().map(|r| r.id().to_string()),
        Some("1005".into())
    );
}

#[test]
fn errors_name_the_profile_once_and_give_no_command_line_advice() {
    let mut seeds = seeds();
    seeds[0].name = "paradigm".into();
    let mut app = App::new(seeds, false, None);
    let start = app.start();
    let e = roster::error::Error::new(
        roster::error::ErrorKind::Unauthorized,
        "paradigm",
        "list workspaces",
        "Invalid token.",
    )
    .with_status(401);
    update(&mut app, outcome(&start[0], ReplyBody::Workspaces(Err(e))));
    let toast = app.toast().expect("a toast").text.clone();
    assert!(
        toast.starts_with("paradigm: list workspaces failed (HTTP 401)"),
        "{toast}"
    );
    assert!(!toast.contains("paradigm: paradigm"), "{toast}");
    assert!(!toast.contains("roster profiles"), "CLI advice: {toast}");
    assert!(toast.contains("press Enter on the profile"), "{toast}");
}

// ── Bug 10: effective access ─────────────────────────────────────────────────────────────────

#[test]
fn a_provider_that_cannot_list_inherited_access_says_so() {
    let mut seeds = seeds();
    seeds[0].caps = Ok(roster::model::Capabilities {
        inherited_members: Support::Unsupported("no endpoint for team grants"),
        ..caps_native()
    });
    let mut app = App::new(seeds, false, None);
    let start = app.start();
    let after = answer_workspaces(&mut app, &start[0], workspaces());
    answer_members(&mut app, &only(&after, is_load_members), members());
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("inherited access is not listed"),
        "{screen}"
    );
    // The detail panel gives the provider's reason.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    let screen = render(&app, 120, 40);
    assert!(screen.contains("no endpoint for team grants"), "{screen}");
}

#[test]
fn an_organisation_admin_with_a_direct_grant_shows_both_rows_and_the_effective_role() {
    let mut app = App::new(seeds(), false, None);
    let start = app.start();
    let after = answer_workspaces(&mut app, &start[0], workspaces());
    let mut grant = user("u-40", "Olga Admin", Some("olga@example.com"), "viewer");
    grant.role = Role::named("viewer");
    let mut org = grant.clone();
    org.role = Role::named("admin");
    org.access = Access::Inherited {
        via: "organisation admin".into(),
    };
    answer_members(&mut app, &only(&after, is_load_members), vec![grant, org]);
    press(&mut app, KeyCode::Tab);
    let screen = render(&app, 120, 40);
    let rows = screen
        .lines()
        .filter(|l| l.contains("olga@example.com") && l.contains('┃'))
        .count();
    assert_eq!(rows, 2, "{screen}");
    press(&mut app, KeyCode::Enter);
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Effective"), "{screen}");
    assert!(
        screen.contains("admin (inherited via organisation admin)"),
        "{screen}"
    );
}

// ── Bug 11: 80 columns ───────────────────────────────────────────────────────────────────────

#[test]
fn at_80_columns_emails_keep_their_domain_ids_are_whole_in_the_detail_and_reasons_wrap() {
    let mut app = App::new(seeds(), false, None);
    let start = app.start();
    let after = answer_workspaces(&mut app, &start[0], workspaces());
    let id = "4f1c2a9e-7b3d-4e8f-9a1b-2c3d4e5f6a7b";
    let mut long = vec![user(
        id,
        "Alejandro Popescu",
        Some("alejandro.maria.popescu-ionescu@northwind.example"),
        "viewer",
    )];
    long.extend(members());
    answer_members(&mut app, &only(&after, is_load_members), long);
    // The reason an unusable profile gives wraps over lines in the narrow left pane.
    let screen = render(&app, 80, 24);
    assert!(screen.contains("DREADNODE_TOKEN"), "{screen}");
    press(&mut app, KeyCode::Tab);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("…@northwind.example"), "{screen}");
    press(&mut app, KeyCode::Enter);
    let screen = render(&app, 80, 24);
    assert!(screen.contains(id), "the full ID:\n{screen}");
    assert!(
        screen.contains("alejandro.maria.popescu-ionescu@northwind.example"),
        "{screen}"
    );
}

// ── Features ─────────────────────────────────────────────────────────────────────────────────

fn emails(app: &App) -> Vec<String> {
    let (_, ws) = app.open_workspace().unwrap();
    app.members_view()
        .iter()
        .map(|&i| ws.members.rows[i].email_or_id().into_owned())
        .collect()
}

#[test]
fn s_sorts_the_focused_table_s_reverses_and_the_order_survives_a_refresh() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Grace Hopper");
    ch(&mut app, 's');
    assert_eq!(app.members_sort().column, Some(MemberColumn::Email));
    let sorted = emails(&app);
    let mut expected = sorted.clone();
    expected.sort();
    assert_eq!(sorted, expected);
    assert!(render(&app, 80, 24).contains("Email or ID ▲"));
    assert_eq!(
        app.selected_member().map(|r| r.name().into_owned()),
        Some("Grace Hopper".into())
    );
    ch(&mut app, 'S');
    let mut reversed = expected.clone();
    reversed.reverse();
    assert_eq!(emails(&app), reversed);
    assert!(render(&app, 80, 24).contains("Email or ID ▼"));
    // A refresh answering in another order keeps the sort and the selection.
    let r = only(&ch(&mut app, 'r'), is_load_members);
    let mut shuffled = members();
    shuffled.reverse();
    answer_members(&mut app, &r, shuffled);
    assert_eq!(emails(&app), reversed);
    assert_eq!(
        app.selected_member().map(|r| r.name().into_owned()),
        Some("Grace Hopper".into())
    );
    // s cycles on to the next column.
    ch(&mut app, 's');
    assert_eq!(app.members_sort().column, Some(MemberColumn::Name));
}

#[test]
fn the_palette_finds_workspaces_people_and_actions() {
    let mut app = loaded_app(false, None);
    ch(&mut app, ':');
    assert!(matches!(app.dialog(), Some(Dialog::Palette(_))));
    type_text(&mut app, "resrch");
    let out = press(&mut app, KeyCode::Enter);
    assert!(app.dialog().is_none());
    assert_eq!(
        app.open().map(|(_, id)| id.to_string()),
        Some("ws-2".into())
    );
    only(&out, is_load_members);
    // A person of a list already read: their workspace opens with them selected.
    ch(&mut app, ':');
    type_text(&mut app, "grace hop");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.open().map(|(_, id)| id.to_string()),
        Some("ws-1".into())
    );
    assert_eq!(
        app.selected_member().map(|r| r.id().to_string()),
        Some("u-2".into())
    );
    // An action runs as its key would.
    ch(&mut app, ':');
    type_text(&mut app, "show this help");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.dialog(), Some(Dialog::Help(_))));
}

#[test]
fn y_copies_the_id_with_osc52_and_says_so() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Grace Hopper");
    ch(&mut app, 'y');
    assert!(matches!(app.dialog(), Some(Dialog::Copy(_))));
    let out = ch(&mut app, 'i');
    assert_eq!(out.effects, vec![Effect::Copy("u-2".into())]);
    assert!(app.dialog().is_none());
    assert!(
        app.toast()
            .is_some_and(|t| t.text.contains("Copied the ID"))
    );
    ch(&mut app, 'y');
    let out = ch(&mut app, 'c');
    let Some(Effect::Copy(cmd)) = out.effects.first() else {
        panic!("{out:?}")
    };
    assert!(cmd.starts_with("roster members -p acme Design"), "{cmd}");
    assert!(cmd.contains("grace@example.com"), "{cmd}");
}

#[test]
fn enter_on_a_member_opens_the_detail_with_the_last_change_from_the_audit_log() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Grace Hopper");
    let out = press(&mut app, KeyCode::Enter);
    let read = only(&out, |c| matches!(c, Command::LoadHistory { .. }));
    let Command::LoadHistory { who, .. } = &read else {
        unreachable!()
    };
    assert!(who.contains(&"u-2".to_string()) && who.contains(&"grace@example.com".to_string()));
    assert!(render(&app, 80, 24).contains("reading the audit log"));
    let entry = roster::audit::AuditEntry {
        time: "2026-11-22T10:00:00Z".into(),
        profile: "acme".into(),
        provider: "paradigm".into(),
        operation: "set-role".into(),
        workspace: Some("ws-1".into()),
        user: Some("grace@example.com".into()),
        old_role: Some("viewer".into()),
        new_role: Some("editor".into()),
        outcome: "ok".into(),
        status: None,
        request_id: None,
        detail: None,
        change_id: None,
        phase: Some("outcome".into()),
        change: None,
        member_id: None,
    };
    update(
        &mut app,
        outcome(
            &read,
            ReplyBody::History {
                workspace_id: "ws-1".into(),
                result: Ok(Some(Box::new(entry))),
            },
        ),
    );
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("2026-11-22T10:00:00Z: set-role viewer → editor (ok)"),
        "{screen}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog().is_none());
}

#[test]
fn typing_in_the_help_searches_it() {
    let mut app = loaded_app(false, None);
    ch(&mut app, '?');
    type_text(&mut app, "sort");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Sort the focused list"), "{screen}");
    assert!(!screen.contains("Add a member"), "{screen}");
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog().is_none());
}

#[test]
fn a_click_selects_and_focuses_and_the_wheel_moves() {
    let mut app = loaded_app(false, None);
    at(&mut app, 120, 40);
    let click = |column, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // The third member's row: header line, pane border, column headings, then rows.
    update(&mut app, click(60, 1 + 1 + 1 + 2));
    assert_eq!(
        app.selected_member().map(|r| r.id().to_string()),
        Some("u-3".into())
    );
    // A click in the left pane focuses it.
    update(&mut app, click(5, 2));
    assert_eq!(app.focus(), roster::tui::state::Pane::Workspaces);
    update(
        &mut app,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 60,
            row: 10,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(app.focus(), roster::tui::state::Pane::Members);
    // The wheel moves one row down from Alan Turing (u-3): the group g-7 comes next in the
    // server's order.
    assert_eq!(
        app.selected_member().map(|r| r.id().to_string()),
        Some("g-7".into())
    );
}

#[test]
fn a_rebound_key_works_shows_in_the_footer_and_the_old_one_is_free() {
    let (keymap, problems) = Keymap::with_overrides(&[KeyOverride {
        name: "sort".into(),
        keys: vec!["o".into()],
        origin: "config.toml:4".into(),
    }]);
    assert!(problems.is_empty(), "{problems:?}");
    let mut app = loaded_app(false, None);
    app.set_keymap(keymap);
    ch(&mut app, 's');
    assert_eq!(app.members_sort().column, None, "s is no longer sort");
    ch(&mut app, 'o');
    assert_eq!(app.members_sort().column, Some(MemberColumn::Email));
    assert!(render(&app, 120, 40).contains("o sort"));
}

#[test]
fn ctrl_keys_still_quit_and_suspend_in_every_new_dialog() {
    for open in [':', '?', 'y'] {
        let mut app = loaded_app(false, None);
        ch(&mut app, open);
        let out = update(
            &mut app,
            Event::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL)),
        );
        assert_eq!(out.effects, vec![Effect::Suspend], "{open}");
    }
}

#[test]
fn a_state_seen_as_a_member_keeps_its_role() {
    // The outcome's `now` wins over the planned role in the add toast.
    let s = State::Member(Role::named("editor"));
    assert_eq!(s.role().map(|r| r.name.as_str()), Some("editor"));
}

/// The cells of `app` drawn at `w`×`h`.
fn cells(app: &App, w: u16, h: u16) -> ratatui::buffer::Buffer {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("backend");
    t.draw(|f| roster::tui::view::draw(f, app)).expect("draw");
    t.backend().buffer().clone()
}

/// Whether the `len` cells from the first place `needle` shows on screen are underlined; `None`
/// when the text is not on screen.
fn underlined_at(buf: &ratatui::buffer::Buffer, needle: &str) -> Option<Vec<bool>> {
    use ratatui::style::Modifier;
    for y in 0..buf.area.height {
        let line: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        let text: String = line.concat();
        if let Some(byte) = text.find(needle) {
            // The screen is ASCII where these tests look, so a byte is a cell.
            let x0 = text[..byte].chars().count() as u16;
            return Some(
                (0..needle.chars().count() as u16)
                    .map(|i| buf[(x0 + i, y)].modifier.contains(Modifier::UNDERLINED))
                    .collect(),
            );
        }
    }
    None
}

#[test]
fn filter_matches_are_highlighted_in_both_panes() {
    let mut app = loaded_app(false, None);
    at(&mut app, 120, 40);
    ch(&mut app, '/');
    type_text(&mut app, "grace");
    press(&mut app, KeyCode::Enter);
    let buf = cells(&app, 120, 40);
    let marks = underlined_at(&buf, "grace@example.com").expect("Grace's row on screen");
    assert!(marks[..5].iter().all(|u| *u), "the match: {marks:?}");
    assert!(marks[5..].iter().all(|u| !u), "the rest: {marks:?}");
    // In the left pane: the workspace's name where it matches.
    press(&mut app, KeyCode::Tab);
    ch(&mut app, '/');
    type_text(&mut app, "sear");
    let buf = cells(&app, 120, 40);
    let marks = underlined_at(&buf, "Research").expect("Research on screen");
    assert_eq!(
        marks,
        [false, false, true, true, true, true, false, false],
        "only \"sear\" of Research"
    );
}

#[test]
fn the_left_pane_hides_when_narrow_and_w_hides_or_shows_it_at_any_width() {
    let mut app = loaded_app(false, None);
    // 80 columns with the members focused: the members have the whole width.
    at(&mut app, 80, 24);
    assert!(!render(&app, 80, 24).contains("Workspaces"));
    // Tab focuses the left pane, which shows again.
    press(&mut app, KeyCode::Tab);
    assert!(render(&app, 80, 24).contains("Workspaces"));
    press(&mut app, KeyCode::Tab);
    // Wide: shown; `w` hides it, `w` again shows it.
    at(&mut app, 120, 40);
    assert!(render(&app, 120, 40).contains("Workspaces"));
    ch(&mut app, 'w');
    let screen = render(&app, 120, 40);
    assert!(!screen.contains("Workspaces"), "{screen}");
    assert!(screen.contains("grace@example.com"), "{screen}");
    ch(&mut app, 'w');
    assert!(render(&app, 120, 40).contains("Workspaces"));
}

#[test]
fn the_detail_panel_scrolls_when_it_is_taller_than_the_screen() {
    let mut app = App::new(seeds(), false, None);
    let start = app.start();
    let after = answer_workspaces(&mut app, &start[0], workspaces());
    // Long enough to wrap over more lines than a 60×15 screen has.
    let long = "Maria Alejandra Popescu-Ionescu de la Vega y Montenegro-Villalobos";
    let mut list = vec![user(
        "4f1c2a9e-7b3d-4e8f-9a1b-2c3d4e5f6a7b-0e1d2c3b4a59-8f7e6d5c4b3a-2910",
        long,
        Some("maria.alejandra.popescu-ionescu.de-la-vega@northwind-holdings.example"),
        "viewer",
    )];
    list.extend(members());
    answer_members(&mut app, &only(&after, is_load_members), list);
    press(&mut app, KeyCode::Tab);
    at(&mut app, 60, 15);
    select_member(&mut app, long);
    press(&mut app, KeyCode::Enter);
    let top = render(&app, 60, 15);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let scrolled = render(&app, 60, 15);
    assert_ne!(top, scrolled, "Down scrolls the panel");
    assert!(matches!(app.dialog(), Some(Dialog::Detail(_))));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    assert_eq!(render(&app, 60, 15), top, "Up scrolls back");
}

#[test]
fn after_an_add_a_filter_that_shows_the_new_member_stays_and_one_that_hides_them_goes() {
    for (filter, kept) in [("dana", true), ("grace", false)] {
        let mut app = loaded_app(false, None);
        ch(&mut app, '/');
        type_text(&mut app, filter);
        press(&mut app, KeyCode::Enter);
        let cmds = ch(&mut app, 'a');
        give_roles(&mut app, &cmds);
        type_text(&mut app, "dana@x.example");
        let out = press(&mut app, KeyCode::Enter);
        let cmd = only(&out, is_change);
        let Command::Change { change, .. } = &cmd else {
            unreachable!()
        };
        let dana = user("1005", "Dana Scully", Some("dana@x.example"), "viewer");
        let out = answer_outcome(
            &mut app,
            &cmd,
            ChangeOutcome {
                member: Some(dana.clone()),
                ..ChangeOutcome::new(change.clone(), Verdict::Done)
            },
        );
        let mut list = members();
        list.push(dana);
        answer_members(&mut app, &only(&out, is_load_members), list);
        assert_eq!(
            app.selected_member().map(|r| r.id().to_string()),
            Some("1005".into()),
            "{filter}"
        );
        assert_eq!(app.members_filter().is_active(), kept, "{filter}");
    }
}
