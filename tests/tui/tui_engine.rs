//! The TUI's side of the change engine, as pure update() tests: read-only says so instead of
//! doing nothing, role changes to or from the owner are confirmed, the last owner is kept unless
//! the admin confirms, the remove dialog shows progress without a Cancel button once sent, and
//! quitting while a change runs asks first and waits for it.

use crate::tui_fixture;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roster::engine::{ChangeOutcome, Refusal, State, Subject, Verdict};
use roster::model::Role;
use roster::tui::dialogs::Dialog;
use roster::tui::state::ToastKind;
use roster::tui::{App, Command, Effect, Event, ProfileSeed, Work, update};
use tui_fixture::*;

fn ctrl_c(app: &mut App) -> Work {
    update(
        app,
        Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    )
}

/// Sends a role change of Grace Hopper (editor) to `target_index` of [`roles`]; returns the
/// Enter's commands.
fn pick_role(app: &mut App, moves: &[char]) -> Work {
    select_member(app, "Grace Hopper");
    let cmds = ch(app, 'e');
    give_roles(app, &cmds);
    for m in moves {
        ch(app, *m);
    }
    press(app, KeyCode::Enter)
}

#[test]
fn a_changing_key_pressed_read_only_says_read_only() {
    let mut app = loaded_app(true, None);
    select_member(&mut app, "Grace Hopper");
    for key in ['a', 'e', 'x'] {
        app.dismiss_toast();
        assert!(ch(&mut app, key).is_empty(), "{key} sends nothing");
        assert!(app.dialog().is_none(), "{key} opens nothing");
        let toast = app
            .toast()
            .cloned()
            .unwrap_or_else(|| panic!("{key} says something"));
        assert_eq!(toast.kind, ToastKind::Info);
        assert!(toast.text.starts_with("Read-only"), "{}", toast.text);
        assert!(
            toast.text.contains("--readonly"),
            "says why: {}",
            toast.text
        );
    }
    // With a banner that says why (no audit log), the toast gives that reason.
    let mut app = loaded_app(
        true,
        Some("READ-ONLY: cannot open the audit log /x: denied"),
    );
    select_member(&mut app, "Grace Hopper");
    ch(&mut app, 'x');
    let toast = app.toast().cloned().unwrap();
    assert!(
        toast.text.contains("cannot open the audit log"),
        "{}",
        toast.text
    );
}

#[test]
fn a_readonly_profile_is_marked_and_refuses_its_changes() {
    let mut seeds = seeds();
    seeds[0] = ProfileSeed {
        readonly: true,
        ..seeds[0].clone()
    };
    let mut app = App::new(seeds, false, None);
    let start = app.start();
    let after = answer_workspaces(&mut app, &start[0], workspaces());
    answer_members(&mut app, &only(&after, is_load_members), members());
    // The left pane has the focus, so it shows at 80 columns.
    assert!(
        render(&app, 80, 24).contains("acme ✓ [RO]"),
        "{}",
        render(&app, 80, 24)
    );
    press(&mut app, KeyCode::Tab);
    select_member(&mut app, "Grace Hopper");
    for key in ['a', 'e', 'x'] {
        assert!(ch(&mut app, key).commands.iter().all(|c| !is_change(c)));
        assert!(app.dialog().is_none(), "{key}: {:?}", app.dialog());
        let toast = app.toast().cloned().expect("an explanation");
        assert!(
            toast.text.contains("profile acme is read-only"),
            "{}",
            toast.text
        );
    }
}

#[test]
fn a_role_change_to_the_owner_role_is_confirmed_first() {
    let mut app = loaded_app(false, None);
    // Grace is editor; k moves to owner, the top role.
    let first = pick_role(&mut app, &['k']);
    assert!(first.is_empty(), "nothing sent on the first Enter");
    let Some(Dialog::Role(p)) = app.dialog() else {
        panic!("{:?}", app.dialog())
    };
    assert!(
        p.error
            .as_deref()
            .is_some_and(|e| e.contains("Press Enter again")),
        "{:?}",
        p.error
    );
    let second = press(&mut app, KeyCode::Enter);
    let change = only(&second, is_change);
    let Command::Change { change, force, .. } = change else {
        unreachable!()
    };
    assert!(!force);
    let Subject::Membership(m) = change.subject else {
        panic!()
    };
    assert_eq!(m.want, State::Member(Role::named("owner")));
}

#[test]
fn other_role_changes_need_no_confirmation() {
    let mut app = loaded_app(false, None);
    only(&pick_role(&mut app, &['j']), is_change);
}

#[test]
fn the_last_owner_is_removed_only_after_the_admin_confirms_it() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Ada Lovelace");
    ch(&mut app, 'x');
    let cmd = only(&ch(&mut app, 'y'), is_change);
    let Command::Change { change, force, .. } = &cmd else {
        unreachable!()
    };
    assert!(!force);
    let refused = ChangeOutcome::refused(
        change.clone(),
        Refusal::LastOwner("Ada Lovelace is the last owner of \"Design\"".into()),
    );
    answer_outcome(&mut app, &cmd, refused);
    let Some(Dialog::Confirm(c)) = app.dialog() else {
        panic!("the dialog stays: {:?}", app.dialog())
    };
    let shown = c.error.clone().unwrap_or_default();
    assert!(
        shown.contains("last owner") && shown.contains("Press Enter again"),
        "{shown}"
    );
    // The next confirmation sends it forced.
    let forced = only(&ch(&mut app, 'y'), is_change);
    assert!(matches!(forced, Command::Change { force: true, .. }));
    answer_change(&mut app, &forced, Ok(()));
    assert!(app.dialog().is_none());
}

#[test]
fn the_remove_dialog_shows_progress_without_a_cancel_button_once_sent() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Alan Turing");
    ch(&mut app, 'x');
    let before = render(&app, 80, 24);
    assert!(before.contains("Cancel"), "{before}");
    let cmd = only(&ch(&mut app, 'y'), is_change);
    let during = render(&app, 80, 24);
    assert!(
        !during.contains("Cancel"),
        "no button pretends to cancel: {during}"
    );
    assert!(during.contains("Removing"), "{during}");
    assert!(during.contains("cannot be called back"), "{during}");
    // `n` cannot call it back either; Esc only hides the dialog, the result still arrives.
    assert!(ch(&mut app, 'n').is_empty());
    assert!(matches!(app.dialog(), Some(Dialog::Confirm(_))));
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog().is_none());
    answer_change(&mut app, &cmd, Ok(()));
    let toast = app.toast().cloned().unwrap();
    assert_eq!(toast.kind, ToastKind::Success);
    assert!(toast.text.contains("Removed"), "{}", toast.text);
}

#[test]
fn quitting_while_a_change_runs_asks_then_waits_for_it() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Alan Turing");
    ch(&mut app, 'x');
    let cmd = only(&ch(&mut app, 'y'), is_change);
    press(&mut app, KeyCode::Esc);
    // q asks instead of quitting.
    assert!(ch(&mut app, 'q').is_empty());
    assert!(!app.should_quit());
    let Some(Dialog::Quit(q)) = app.dialog() else {
        panic!("{:?}", app.dialog())
    };
    assert!(!q.waiting);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("A change is running"), "{screen}");
    assert!(
        screen.contains("Alan Turing"),
        "it names the change: {screen}"
    );
    // Enter: quit as soon as it is done, and the engine is told to start nothing more.
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Work::effect(Effect::StopChanges { now: false })
    );
    assert!(!app.should_quit(), "not before the change is done");
    assert!(render(&app, 80, 24).contains("Quitting as soon as this finishes"));
    // Esc no longer takes it back: the engine was told to stop.
    press(&mut app, KeyCode::Esc);
    assert!(app.quitting());
    answer_change(&mut app, &cmd, Ok(()));
    assert!(app.should_quit());
    assert_eq!(app.exit_code(), 0);
}

#[test]
fn esc_in_the_quit_dialog_keeps_working_and_ctrl_c_twice_quits_now() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Alan Turing");
    ch(&mut app, 'x');
    let cmd = only(&ch(&mut app, 'y'), is_change);
    press(&mut app, KeyCode::Esc);
    ch(&mut app, 'q');
    press(&mut app, KeyCode::Esc);
    assert!(
        app.dialog().is_none() && !app.should_quit(),
        "keeps working"
    );
    // Ctrl-c warns first (the same dialog, saying what quitting now leaves) ...
    assert!(ctrl_c(&mut app).is_empty());
    assert!(!app.should_quit());
    assert!(render(&app, 80, 24).contains("Ctrl-c quits now"));
    // ... and a second Ctrl-c quits now, cutting the change.
    assert_eq!(
        ctrl_c(&mut app),
        Work::effect(Effect::StopChanges { now: true })
    );
    assert!(app.should_quit());
    assert_eq!(app.exit_code(), 130);
    let _ = cmd;
}

#[test]
fn a_signal_while_a_change_runs_waits_for_it_and_exits_with_its_code() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Alan Turing");
    ch(&mut app, 'x');
    let cmd = only(&ch(&mut app, 'y'), is_change);
    assert_eq!(
        update(&mut app, Event::Signal(143)),
        Work::effect(Effect::StopChanges { now: false })
    );
    assert!(app.quitting() && !app.should_quit());
    answer_change(&mut app, &cmd, Ok(()));
    assert!(app.should_quit());
    assert_eq!(app.exit_code(), 143);
    // Without a change running, a signal quits at once.
    let mut idle = loaded_app(false, None);
    assert!(update(&mut idle, Event::Signal(129)).is_empty());
    assert!(idle.should_quit());
    assert_eq!(idle.exit_code(), 129);
}

#[test]
fn an_outcome_the_server_did_not_apply_is_an_error_not_a_success() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Alan Turing");
    ch(&mut app, 'x');
    let cmd = only(&ch(&mut app, 'y'), is_change);
    let Command::Change { change, .. } = &cmd else {
        unreachable!()
    };
    // The server answered 204, but the fresh read still lists Alan.
    let ignored = ChangeOutcome {
        now: Some(State::Member(Role::named("viewer"))),
        ..ChangeOutcome::new(change.clone(), Verdict::Failed)
    };
    answer_outcome(&mut app, &cmd, ignored);
    let Some(Dialog::Confirm(c)) = app.dialog() else {
        panic!("{:?}", app.dialog())
    };
    let shown = c.error.clone().unwrap_or_default();
    assert!(
        shown.contains("answered OK") && shown.contains("still"),
        "{shown}"
    );
    assert!(app.toast().is_none(), "no success toast");
}
