//! `z`, as pure update() tests: one confirm line that says what the undo will do, the undo sent to
//! the engine, its outcome shown (the member read again), a refusal when the member changed since
//! that says what the server holds now, and nothing to undo said as such.

use crate::tui_fixture;

use ratatui::crossterm::event::KeyCode;
use roster::engine::undo::Undo;
use roster::engine::{ChangeOutcome, State, Subject, Verdict, planner};
use roster::model::Role;
use roster::tui::dialogs::Dialog;
use roster::tui::dialogs::undo::UndoStage;
use roster::tui::keys::Context;
use roster::tui::state::ToastKind;
use roster::tui::{App, Command, Event, Reply, ReplyBody, Work, update};
use tui_fixture::*;

/// Undoing the removal of Grace Hopper (editor) from Design: adding her back as editor.
fn undo_of_a_removal() -> Undo {
    let grace = user("u-2", "Grace Hopper", Some("grace@example.com"), "editor");
    let ws = workspaces()[0].clone();
    let original = planner::from_row(roster::providers::paradigm::KIND, "acme", &ws, &grace, None);
    let Subject::Membership(m) = &original.subject else {
        unreachable!()
    };
    let inverse = roster::engine::Change {
        subject: Subject::Membership(m.inverse()),
        ..original.clone()
    };
    Undo {
        id: "c0ffee123".into(),
        original,
        inverse,
    }
}

fn planned(app: &mut App, request: u64, result: Result<Undo, roster::error::Error>) -> Work {
    update(
        app,
        Event::Reply(Reply {
            profile: 0,
            request,
            body: ReplyBody::UndoPlanned(result),
        }),
    )
}

fn undone(app: &mut App, cmd: &Command, outcome: ChangeOutcome) -> Work {
    let (profile, request) = tag(cmd);
    update(
        app,
        Event::Reply(Reply {
            profile,
            request,
            body: ReplyBody::Undone(Box::new(outcome)),
        }),
    )
}

fn stage(app: &App) -> &UndoStage {
    match app.dialog() {
        Some(Dialog::Undo(u)) => &u.stage,
        other => panic!("no undo line: {other:?}"),
    }
}

/// `z`, answered with `undo`; returns the Undo command `y` sends.
fn z_then_y(app: &mut App, undo: Undo) -> Command {
    let asked = ch(app, 'z');
    let Command::PlanUndo { request } = only(&asked, |c| matches!(c, Command::PlanUndo { .. }))
    else {
        unreachable!()
    };
    planned(app, request, Ok(undo));
    only(&ch(app, 'y'), |c| matches!(c, Command::Undo { .. }))
}

#[test]
fn z_asks_with_one_line_that_says_what_it_will_do_then_undoes_through_the_engine() {
    let mut app = loaded_app(false, None);
    let asked = ch(&mut app, 'z');
    let request = only(&asked, |c| matches!(c, Command::PlanUndo { .. })).request();
    assert_eq!(app.context(), Context::Undo);
    assert!(matches!(stage(&app), UndoStage::Planning(r) if *r == request));
    // A reply for another request is not this line's.
    planned(&mut app, request + 100, Ok(undo_of_a_removal()));
    assert!(matches!(stage(&app), UndoStage::Planning(_)));
    planned(&mut app, request, Ok(undo_of_a_removal()));
    let screen = render(&app, 80, 24);
    // One line (wrapped to the width) saying what it undoes and what it will do.
    let said: String = screen
        .lines()
        .filter(|l| l.contains("│ │ "))
        .map(|l| l.trim_matches(|c| c == '│' || c == ' ' || c == '└' || c == '─'))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        said.contains(
            "undo change c0ffee123 (remove Grace Hopper (editor) from \"Design\"): add Grace \
             Hopper to \"Design\" as editor? y undoes it, Esc keeps it."
        ),
        "{said:?}\n{screen}"
    );
    insta::assert_snapshot!("undo_line_80x24", screen);
    insta::assert_snapshot!("undo_line_120x40", render(&app, 120, 40));

    let sent = ch(&mut app, 'y');
    let cmd = only(&sent, |c| matches!(c, Command::Undo { .. }));
    let Command::Undo { profile, undo, .. } = &cmd else {
        unreachable!()
    };
    assert_eq!((*profile, undo.id.as_str()), (0, "c0ffee123"));
    assert!(app.change_running(), "quitting waits for the undo");
    let Subject::Membership(m) = &undo.inverse.subject else {
        unreachable!()
    };
    let done = ChangeOutcome {
        now: Some(m.want.clone()),
        ..ChangeOutcome::new(undo.inverse.clone(), Verdict::Done)
    };
    let reload = undone(&mut app, &cmd, done);
    assert!(app.dialog().is_none());
    assert!(!app.change_running());
    only(&reload, is_load_members);
    let toast = app.toast().unwrap();
    assert_eq!(toast.kind, ToastKind::Success);
    assert!(
        toast.text.starts_with("Undone: Added Grace Hopper"),
        "{}",
        toast.text
    );
}

#[test]
fn z_refuses_when_the_member_changed_since_and_says_what_the_server_holds() {
    let mut app = loaded_app(false, None);
    let undo = undo_of_a_removal();
    let cmd = z_then_y(&mut app, undo.clone());
    // Someone added Grace back as a viewer meanwhile: the engine's precheck refuses.
    let stale = ChangeOutcome {
        now: Some(State::Member(Role::named("viewer"))),
        ..ChangeOutcome::new(undo.inverse.clone(), Verdict::Stale)
    };
    undone(&mut app, &cmd, stale);
    assert!(app.dialog().is_none());
    let toast = app.toast().unwrap();
    assert_eq!(toast.kind, ToastKind::Info);
    assert!(toast.text.starts_with("Nothing undone"), "{}", toast.text);
    assert!(
        toast.text.contains("viewer"),
        "what the server holds now: {}",
        toast.text
    );
}

#[test]
fn z_with_nothing_to_undo_says_so_and_esc_keeps_everything() {
    let mut app = loaded_app(false, None);
    let asked = ch(&mut app, 'z');
    let request = asked.commands[0].request();
    planned(
        &mut app,
        request,
        Err(roster::error::Error::usage(
            "no change was made in this session, so there is nothing to undo",
        )),
    );
    let screen = render(&app, 80, 24);
    assert!(screen.contains("nothing to undo"), "{screen}");
    // y does nothing but close; nothing is sent.
    assert!(ch(&mut app, 'y').is_empty());
    assert!(app.dialog().is_none());
    // Esc on the question keeps the change.
    let asked = ch(&mut app, 'z');
    planned(
        &mut app,
        asked.commands[0].request(),
        Ok(undo_of_a_removal()),
    );
    assert!(press(&mut app, KeyCode::Esc).is_empty());
    assert!(app.dialog().is_none());
}

#[test]
fn z_is_not_a_key_read_only() {
    let mut app = loaded_app(true, None);
    assert!(ch(&mut app, 'z').is_empty());
    assert!(app.dialog().is_none());
    assert!(app.toast().unwrap().text.starts_with("Read-only"));
    assert!(!render(&app, 80, 24).contains("undo"));
}
