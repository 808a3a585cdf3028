//! Pure update() tests: a key or an outcome in, state and commands out. No terminal, no network.

use crate::tui_fixture;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roster::tui::ReplyBody;
use roster::tui::dialogs::Dialog;
use roster::tui::keys::{self, Action, Context};
use roster::tui::state::ProfileStatus;
use roster::tui::state::{Pane, ToastKind, TreeRow};
use roster::tui::{App, Command, Effect, Event, Work, update};
use tui_fixture::*;

#[test]
fn start_lists_every_usable_profile_and_shows_the_unusable_one() {
    let mut app = App::new(seeds(), false, None);
    let cmds = app.start();
    assert_eq!(cmds.len(), 2);
    assert!(matches!(
        cmds[0],
        Command::LoadWorkspaces { profile: 0, .. }
    ));
    assert!(matches!(
        cmds[1],
        Command::LoadWorkspaces { profile: 1, .. }
    ));
    assert!(matches!(
        app.profiles()[2].status,
        ProfileStatus::Unavailable(_)
    ));
    assert!(app.is_loading());
    // The slow profile does not hold back the fast one: answering profile 0 alone opens its
    // first workspace while profile 1 is still loading.
    let after = answer_workspaces(&mut app, &cmds[0], workspaces());
    let load = only(&after, is_load_members);
    assert!(
        matches!(&load, Command::LoadMembers { profile: 0, workspace, include_inherited: true, .. } if workspace.id == "ws-1")
    );
    assert_eq!(app.profiles()[1].status, ProfileStatus::Loading);
    assert_eq!(app.open(), Some((0, "ws-1")));
}

#[test]
fn the_first_profile_opens_first_whichever_answers_first() {
    let mut app = App::new(seeds(), false, None);
    let cmds = app.start();
    let tl = vec![roster::model::Workspace {
        id: "t-1".into(),
        name: "Payments".into(),
    }];
    // The second profile answers first: nothing opens yet, the first is still loading.
    assert!(answer_workspaces(&mut app, &cmds[1], tl).is_empty());
    assert_eq!(app.open(), None);
    // The first profile fails: the second one's first workspace opens.
    let (profile, request) = tag(&cmds[0]);
    let after = update(
        &mut app,
        Event::Reply(roster::tui::Reply {
            profile,
            request,
            body: ReplyBody::Workspaces(Err(error("askui: list workspaces failed: timeout"))),
        }),
    );
    only(&after, is_load_members);
    assert_eq!(app.open(), Some((1, "t-1")));
    assert!(matches!(app.profiles()[0].status, ProfileStatus::Failed(_)));
    assert_eq!(app.toast().unwrap().kind, ToastKind::Error);
}

#[test]
fn navigate_moves_cursor_switches_panes_and_opens_workspaces() {
    let mut app = loaded_app(false, None);
    assert_eq!(app.focus(), Pane::Members);
    assert_eq!(app.selected_member().unwrap().name(), "Ada Lovelace");
    ch(&mut app, 'j');
    assert_eq!(app.selected_member().unwrap().name(), "Grace Hopper");
    press(&mut app, KeyCode::Down);
    assert_eq!(app.selected_member().unwrap().name(), "Alan Turing");
    ch(&mut app, 'k');
    assert_eq!(app.selected_member().unwrap().name(), "Grace Hopper");
    ch(&mut app, 'G');
    assert_eq!(app.selected_member().unwrap().name(), "Edsger Dijkstra");
    ch(&mut app, 'g');
    assert_eq!(app.members_cursor().cursor, 0);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(
        app.members_cursor().cursor,
        6,
        "a page is taller than 7 rows: lands on the last"
    );
    press(&mut app, KeyCode::PageUp);
    assert_eq!(app.members_cursor().cursor, 0);
    // Moving past either end stays inside the list.
    ch(&mut app, 'k');
    assert_eq!(app.members_cursor().cursor, 0);

    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus(), Pane::Workspaces);
    assert_eq!(app.tree_selected(), Some(TreeRow::Workspace(0, 0)));
    ch(&mut app, 'j');
    assert_eq!(app.tree_selected(), Some(TreeRow::Workspace(0, 1)));
    let cmds = press(&mut app, KeyCode::Enter);
    let load = only(&cmds, is_load_members);
    assert!(matches!(&load, Command::LoadMembers { workspace, .. } if workspace.id == "ws-2"));
    assert_eq!(app.open(), Some((0, "ws-2")));
    assert_eq!(app.focus(), Pane::Members);
    assert!(
        app.selected_member().is_none(),
        "nothing loaded yet for Research"
    );
    answer_members(
        &mut app,
        &load,
        vec![user("u-1", "Ada Lovelace", None, "viewer")],
    );
    assert_eq!(app.members_view().len(), 1);
}

#[test]
fn enter_on_a_profile_folds_it() {
    let mut app = loaded_app(false, None);
    press(&mut app, KeyCode::Tab);
    ch(&mut app, 'g');
    assert_eq!(app.tree_selected(), Some(TreeRow::Profile(0)));
    let before = app.tree_rows().len();
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert_eq!(app.tree_rows().len(), before - 3);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.tree_rows().len(), before);
}

#[test]
fn filter_is_live_case_insensitive_and_counts() {
    let mut app = loaded_app(false, None);
    ch(&mut app, '/');
    assert_eq!(app.context(), Context::Filter);
    // 'j', 'k', 'a' are text here, not keys.
    type_text(&mut app, "GRACE");
    assert_eq!(app.members_view().len(), 1);
    assert_eq!(app.selected_member().unwrap().name(), "Grace Hopper");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    // "g" matches names, emails and "group".
    let n = app.members_view().len();
    assert!(n > 1 && n < 7, "{n}");
    press(&mut app, KeyCode::Backspace);
    // Every visible column is searched: the via column and the kind column.
    type_text(&mut app, "organisation");
    assert_eq!(app.members_view().len(), 1);
    assert_eq!(app.selected_member().unwrap().name(), "Edsger Dijkstra");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Members);
    assert_eq!(app.members_view().len(), 1, "Enter keeps the filter");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.members_view().len(), 7, "Esc clears it");
    assert!(!app.members_filter().is_active());
    // Esc without a filter leaves the cursor where it is.
    ch(&mut app, 'j');
    let at = app.members_cursor().cursor;
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.members_cursor().cursor, at);
}

#[test]
fn filter_in_the_left_pane_keeps_matching_workspaces() {
    let mut app = loaded_app(false, None);
    press(&mut app, KeyCode::Tab);
    ch(&mut app, '/');
    type_text(&mut app, "rese");
    assert_eq!(app.tree_counts(), (1, 3));
    assert_eq!(
        app.tree_rows(),
        vec![TreeRow::Profile(0), TreeRow::Workspace(0, 1)]
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.tree_counts(), (3, 3));
}

#[test]
fn readonly_hides_changing_actions_from_keys_hints_and_help() {
    let mut app = loaded_app(true, None);
    for c in ['a', 'e', 'x'] {
        assert!(ch(&mut app, c).is_empty());
        assert!(
            app.dialog().is_none(),
            "{c} opened something in read-only mode"
        );
    }
    press(&mut app, KeyCode::Delete);
    assert!(app.dialog().is_none());
    let hints: Vec<&str> = keys::hints(app.keymap(), Context::Members, true)
        .iter()
        .map(|h| h.1)
        .collect();
    assert!(
        !hints.contains(&"add") && !hints.contains(&"role") && !hints.contains(&"remove"),
        "{hints:?}"
    );
    let full: Vec<&str> = keys::hints(app.keymap(), Context::Members, false)
        .iter()
        .map(|h| h.1)
        .collect();
    assert!(
        full.contains(&"add") && full.contains(&"remove"),
        "{full:?}"
    );
    let help: Vec<&str> = keys::help_sections(app.keymap(), true)
        .into_iter()
        .flat_map(|(_, l)| l.into_iter().map(|(_, d, _)| d))
        .collect();
    assert!(!help.contains(&roster::tui::text::D_ADD));
    assert!(!help.contains(&roster::tui::text::D_REMOVE));
    assert!(help.contains(&roster::tui::text::D_REFRESH));
    let ev = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
    assert_eq!(
        keys::action_for(app.keymap(), &ev, Context::Members, true),
        None
    );
    assert_eq!(
        keys::action_for(app.keymap(), &ev, Context::Members, false),
        Some(Action::Add)
    );
}

#[test]
fn stale_answers_are_dropped() {
    let mut app = loaded_app(false, None);
    let first = only(&ch(&mut app, 'r'), is_load_members);
    let second = only(&ch(&mut app, 'r'), is_load_members);
    assert_ne!(first, second);
    // The older refresh answers last-but-late: it must not overwrite anything.
    answer_members(
        &mut app,
        &first,
        vec![user("u-old", "Old Answer", None, "viewer")],
    );
    assert_eq!(app.members_view().len(), 7);
    assert!(app.is_loading(), "still waiting for the newest refresh");
    answer_members(
        &mut app,
        &second,
        vec![user("u-1", "Ada Lovelace", None, "owner")],
    );
    assert_eq!(app.members_view().len(), 1);
    assert!(!app.profiles()[0].is_loading());
    // An answer for another workspace's old request changes nothing here either.
    let bogus = Event::Reply(roster::tui::Reply {
        profile: 0,
        request: 1,
        body: ReplyBody::Members {
            workspace_id: "ws-1".into(),
            result: Ok(Default::default()),
        },
    });
    update(&mut app, bogus);
    assert_eq!(app.members_view().len(), 1);
    // An answer for a profile that does not exist is ignored.
    let stray = Event::Reply(roster::tui::Reply {
        profile: 99,
        request: 1,
        body: ReplyBody::Workspaces(Ok(vec![])),
    });
    assert!(update(&mut app, stray).is_empty());
}

#[test]
fn refresh_failure_keeps_the_rows_marked_stale_and_shows_the_error() {
    let mut app = loaded_app(false, None);
    let r = only(&ch(&mut app, 'r'), is_load_members);
    let Command::LoadMembers {
        profile, request, ..
    } = r
    else {
        unreachable!()
    };
    update(
        &mut app,
        Event::Reply(roster::tui::Reply {
            profile,
            request,
            body: ReplyBody::Members {
                workspace_id: "ws-1".into(),
                result: Err(list_error("paradigm", 503, "maintenance")),
            },
        }),
    );
    assert_eq!(app.members_view().len(), 7, "old rows stay");
    let ws = app.open_workspace().unwrap().1;
    assert!(ws.members.error.is_some());
    assert_eq!(app.toast().unwrap().kind, ToastKind::Error);
}

#[test]
fn quit_keys_and_suspend() {
    let mut app = loaded_app(false, None);
    assert!(
        update(
            &mut app,
            Event::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL))
        ) == Work::effect(Effect::Suspend)
    );
    assert!(!app.should_quit());
    ch(&mut app, 'q');
    assert!(app.should_quit());
    // Ctrl-c quits even from a text field.
    let mut app = loaded_app(false, None);
    ch(&mut app, 'a');
    ch(&mut app, 'q');
    assert!(!app.should_quit(), "q is text in the form");
    update(
        &mut app,
        Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert!(app.should_quit());
}

#[test]
fn help_opens_and_closes() {
    let mut app = loaded_app(false, None);
    ch(&mut app, '?');
    assert!(matches!(app.dialog(), Some(Dialog::Help(_))));
    // Letters search the help; the arrows scroll it.
    press(&mut app, KeyCode::Down);
    assert!(matches!(app.dialog(), Some(Dialog::Help(h)) if h.scroll == 1));
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog().is_none());
}

#[test]
fn spinner_ticks_and_resize_keeps_the_cursor_visible() {
    let mut app = loaded_app(false, None);
    update(&mut app, Event::Tick);
    assert_eq!(app.spinner(), 1);
    ch(&mut app, 'G');
    update(&mut app, Event::Resize(60, 15));
    let page = app.members_page();
    assert!(
        app.members_cursor().cursor >= app.members_cursor().offset
            && app.members_cursor().cursor < app.members_cursor().offset + page
    );
}

#[test]
fn filtering_a_hundred_thousand_rows_refines_the_previous_matches() {
    let mut app = loaded_app(false, None);
    let r = only(&ch(&mut app, 'r'), is_load_members);
    let many: Vec<_> = (0..100_000)
        .map(|i| {
            user(
                &format!("u-{i}"),
                &format!("Person {i}"),
                Some(&format!("p{i}@example.com")),
                "viewer",
            )
        })
        .collect();
    answer_members(&mut app, &r, many);
    ch(&mut app, '/');
    type_text(&mut app, "person 9999");
    // "person 9999" and "person 99990".."person 99999".
    assert_eq!(app.members_view().len(), 11);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.members_view().len(), 111);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("111 of 100000"), "{screen}");
}
