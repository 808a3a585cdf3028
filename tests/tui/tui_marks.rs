//! Marks in the members pane and the bulk changes they make, as pure update() tests: `space`,
//! `*` and Esc (after the filter), the header's count, one preview and one confirm for `x` and `e`
//! on every marked row, progress as outcomes come, failures listed and left marked, last owners
//! flagged and offered again, and a plan whose dialog was closed still ending with a message.

use crate::tui_fixture;

use ratatui::crossterm::event::KeyCode;
use roster::engine::{ChangeOutcome, Operation, Refusal, State, Subject, Verdict};
use roster::model::Role;
use roster::tui::App;
use roster::tui::dialogs::Dialog;
use roster::tui::dialogs::bulk::{BulkChange, Button, Stage};
use roster::tui::state::ToastKind;
use tui_fixture::*;

fn bulk(app: &App) -> &BulkChange {
    match app.dialog() {
        Some(Dialog::Bulk(b)) => b,
        other => panic!("no bulk change: {other:?}"),
    }
}

/// The names of the marked rows, in list order.
fn marked(app: &App) -> Vec<String> {
    app.marked_rows()
        .iter()
        .map(|r| r.name().into_owned())
        .collect()
}

/// Marks the members named, in that order.
fn mark(app: &mut App, names: &[&str]) {
    for n in names {
        select_member(app, n);
        ch(app, ' ');
    }
}

#[test]
fn space_marks_and_moves_down_star_marks_what_the_filter_shows_esc_clears_after_the_filter() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Ada Lovelace");
    ch(&mut app, ' ');
    assert_eq!(marked(&app), ["Ada Lovelace"]);
    assert_eq!(
        app.selected_member()
            .map(|r| r.name().into_owned())
            .as_deref(),
        Some("Grace Hopper"),
        "space moves down, so holding it marks a run of rows"
    );
    let screen = render(&app, 80, 24);
    assert!(
        screen.lines().next().unwrap().contains("1 marked"),
        "the header counts the marks: {screen}"
    );
    assert!(
        line_with(&screen, &["Ada Lovelace"]).contains(" *"),
        "a marked row shows a * (visible without colour): {screen}"
    );
    // Space again unmarks.
    select_member(&mut app, "Ada Lovelace");
    ch(&mut app, ' ');
    assert!(marked(&app).is_empty());
    assert!(!render(&app, 80, 24).contains("marked"));
    // A group and inherited access are explained, not marked.
    select_member(&mut app, "Data team");
    ch(&mut app, ' ');
    assert!(marked(&app).is_empty());
    assert!(app.toast().unwrap().text.contains("is a group"));
    select_member(&mut app, "Katherine Johnson");
    ch(&mut app, ' ');
    assert!(marked(&app).is_empty());
    assert!(
        app.toast()
            .unwrap()
            .text
            .contains("through group: Data team")
    );

    // `*` marks every row the filter shows that roster can change, and says what it left out.
    ch(&mut app, '/');
    type_text(&mut app, "example.com");
    press(&mut app, KeyCode::Enter);
    ch(&mut app, '*');
    let names = marked(&app);
    assert_eq!(names[..3], ["Ada Lovelace", "Grace Hopper", "Alan Turing"]);
    assert!(
        names.len() == 4 && names[3].starts_with("Mallory"),
        "{names:?}"
    );
    assert!(
        app.toast().unwrap().text.contains("1 row not marked"),
        "Katherine (inherited) matches the filter: {:?}",
        app.toast()
    );
    assert!(render(&app, 80, 24).contains("4 marked"));
    // Esc clears the filter first, then the marks.
    press(&mut app, KeyCode::Esc);
    assert!(!app.members_filter().is_active());
    assert_eq!(marked(&app).len(), 4);
    press(&mut app, KeyCode::Esc);
    assert!(marked(&app).is_empty());
    // Esc while typing a filter only clears the filter.
    mark(&mut app, &["Grace Hopper"]);
    ch(&mut app, '/');
    type_text(&mut app, "zzz");
    press(&mut app, KeyCode::Esc);
    assert_eq!(marked(&app), ["Grace Hopper"]);
}

#[test]
fn marks_belong_to_the_open_workspace_and_leave_with_members_who_are_gone() {
    let mut app = loaded_app(false, None);
    mark(&mut app, &["Grace Hopper", "Alan Turing"]);
    // A fresh list without Alan: his mark goes, Grace's stays.
    let reload = ch(&mut app, 'r');
    let load = only(&reload, is_load_members);
    let without_alan: Vec<_> = members().into_iter().filter(|m| m.id != "u-3").collect();
    answer_members(&mut app, &load, without_alan);
    assert_eq!(marked(&app), ["Grace Hopper"]);
    // Another workspace: no marks.
    press(&mut app, KeyCode::Tab);
    ch(&mut app, 'j');
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.marked_count(), 0);
}

#[test]
fn marks_survive_sorting_and_the_preview_follows_the_sorted_order() {
    let mut app = loaded_app(false, None);
    mark(&mut app, &["Grace Hopper", "Alan Turing"]);
    assert_eq!(marked(&app), ["Grace Hopper", "Alan Turing"]);
    // `s` sorts the members by email: alan@ comes before grace@.
    ch(&mut app, 's');
    assert_eq!(
        marked(&app),
        ["Alan Turing", "Grace Hopper"],
        "the same rows stay marked, in the table's new order"
    );
    let screen = render(&app, 80, 24);
    assert!(
        screen.lines().next().unwrap().contains("2 marked"),
        "{screen}"
    );
    for name in ["Alan Turing", "Grace Hopper"] {
        assert!(
            line_with(&screen, &[name]).contains(" *"),
            "{name} still shows its mark after the sort: {screen}"
        );
    }
    assert!(
        !line_with(&screen, &["Ada Lovelace"]).contains(" *"),
        "{screen}"
    );
    // The preview lists the changes as the table shows the rows.
    let opened = ch(&mut app, 'x');
    give_roles(&mut app, &opened);
    let screen = render(&app, 80, 24);
    let alan = screen
        .find("remove Alan Turing")
        .expect("Alan's removal is listed");
    let grace = screen
        .find("remove Grace Hopper")
        .expect("Grace's removal is listed");
    assert!(alan < grace, "{screen}");
}

#[test]
fn x_with_rows_marked_previews_every_removal_confirms_once_and_shows_each_outcome() {
    let mut app = loaded_app(false, None);
    mark(&mut app, &["Grace Hopper", "Alan Turing"]);
    // The preview lists each change; the focus starts on Cancel; the roles (which name the
    // owner) are read.
    let opened = ch(&mut app, 'x');
    give_roles(&mut app, &opened);
    let b = bulk(&app);
    assert_eq!((b.stage, b.focus), (Stage::Preview, Button::Cancel));
    assert_eq!(b.items.len(), 2);
    assert_eq!(b.last_owners(), 0);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Remove 2 members"), "{screen}");
    assert!(screen.contains("Make these 2 changes?"), "{screen}");
    assert!(
        screen.contains("remove Grace Hopper (editor) from \"Design\""),
        "{screen}"
    );
    assert!(
        screen.contains("remove Alan Turing (viewer) from \"Design\""),
        "{screen}"
    );
    insta::assert_snapshot!("bulk_preview_80x24", screen);
    insta::assert_snapshot!("bulk_preview_120x40", render(&app, 120, 40));
    // Enter on Cancel: nothing is sent, the marks stay.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(app.dialog().is_none());
    assert_eq!(marked(&app).len(), 2);

    // One confirm sends one plan of both removals, each built from the row as it was seen.
    ch(&mut app, 'x');
    ch(&mut app, 'l');
    let sent = press(&mut app, KeyCode::Enter);
    let (plan, request, force) = plan_of(&sent);
    assert!(!force);
    assert_eq!(sent.commands.len(), 1, "{sent:?}");
    let seen: Vec<(Operation, State)> = plan
        .changes
        .iter()
        .map(|c| match &c.subject {
            Subject::Membership(m) => (c.operation(), m.seen.clone()),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        seen,
        [
            (Operation::Remove, State::Member(Role::named("editor"))),
            (Operation::Remove, State::Member(Role::named("viewer"))),
        ]
    );
    assert!(app.change_running());
    let screen = render(&app, 80, 24);
    assert!(screen.contains("0 of 2"), "{screen}");

    // Grace's removal is confirmed: her row is unmarked and Design is read again.
    let reload = plan_step(&mut app, request, 0, &plan.changes[0], Ok(()));
    assert!(only(&reload, is_load_members).request() > 0);
    assert_eq!(marked(&app), ["Alan Turing"]);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("1 of 2"), "{screen}");
    insta::assert_snapshot!("bulk_progress_80x24", screen);
    insta::assert_snapshot!("bulk_progress_120x40", render(&app, 120, 40));
    // Alan's fails: listed with the server's words; his row stays marked.
    plan_step(
        &mut app,
        request,
        1,
        &plan.changes[1],
        Err("paradigm: Alan is protected"),
    );
    plan_done(&mut app, request);
    assert!(!app.change_running());
    assert_eq!(marked(&app), ["Alan Turing"]);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("2 of 2"), "{screen}");
    assert!(screen.contains("1 done, 1 not"), "{screen}");
    assert!(
        screen.contains("protected"),
        "the failure with the server's words: {screen}"
    );
    insta::assert_snapshot!("bulk_result_80x24", screen);
    insta::assert_snapshot!("bulk_result_120x40", render(&app, 120, 40));
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(app.dialog().is_none());
}

#[test]
fn removing_every_owner_is_flagged_in_the_preview_and_offered_again_once_refused() {
    let mut app = loaded_app(false, None);
    // Ada is Design's only owner.
    mark(&mut app, &["Ada Lovelace", "Grace Hopper"]);
    let opened = ch(&mut app, 'x');
    assert_eq!(
        bulk(&app).items[0].last_owner,
        None,
        "not known before the roles"
    );
    give_roles(&mut app, &opened);
    let b = bulk(&app);
    assert_eq!(b.items[0].last_owner, Some(true));
    assert_eq!(b.items[1].last_owner, Some(false));
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("last owner: refused unless you confirm again"),
        "{screen}"
    );
    // `y` applies at once (the preview was the confirm).
    let (plan, request, force) = plan_of(&ch(&mut app, 'y'));
    assert!(!force);
    let refused = ChangeOutcome::refused(
        plan.changes[0].clone(),
        Refusal::LastOwner("Ada Lovelace is the last owner of \"Design\"".into()),
    );
    plan_outcome(&mut app, request, 0, refused);
    plan_step(&mut app, request, 1, &plan.changes[1], Ok(()));
    plan_done(&mut app, request);
    assert!(bulk(&app).force_offered);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("does it anyway"), "{screen}");
    assert_eq!(
        marked(&app),
        ["Ada Lovelace"],
        "the refused row stays marked"
    );
    // Enter: the refused change only, forced.
    let (again, forced_request, force) = plan_of(&press(&mut app, KeyCode::Enter));
    assert!(force);
    assert_eq!(again.changes, vec![plan.changes[0].clone()]);
    plan_step(&mut app, forced_request, 0, &again.changes[0], Ok(()));
    plan_done(&mut app, forced_request);
    assert!(marked(&app).is_empty());
    assert!(render(&app, 80, 24).contains("Done: all 1 change confirmed"));
}

#[test]
fn e_with_rows_marked_asks_for_the_role_then_previews_those_who_change() {
    let mut app = loaded_app(false, None);
    mark(&mut app, &["Grace Hopper", "Alan Turing"]);
    let opened = ch(&mut app, 'e');
    assert!(matches!(bulk(&app).stage, Stage::PickRole(_)));
    give_roles(&mut app, &opened);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Change the role of 2 members"), "{screen}");
    assert!(
        screen.contains("Pick the role every marked member gets"),
        "{screen}"
    );
    // editor (the second role): Grace has it already.
    ch(&mut app, 'j');
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let b = bulk(&app);
    assert_eq!(b.stage, Stage::Preview);
    assert_eq!(b.items.len(), 1);
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("change the role of Alan Turing in \"Design\" from viewer to editor"),
        "{screen}"
    );
    assert!(
        screen.contains("Grace Hopper already is editor: left as is"),
        "{screen}"
    );
    let (plan, _, _) = plan_of(&ch(&mut app, 'y'));
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.changes[0].operation(), Operation::SetRole);
}

#[test]
fn a_bulk_change_whose_dialog_was_closed_still_moves_the_marks_and_says_how_it_ended() {
    let mut app = loaded_app(false, None);
    mark(&mut app, &["Grace Hopper", "Alan Turing"]);
    let opened = ch(&mut app, 'x');
    give_roles(&mut app, &opened);
    let (plan, request, _) = plan_of(&ch(&mut app, 'y'));
    // Esc while it runs only hides it.
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog().is_none());
    assert!(app.change_running());
    plan_step(&mut app, request, 0, &plan.changes[0], Ok(()));
    let failed = ChangeOutcome {
        error: Some(error("paradigm: timeout")),
        ..ChangeOutcome::new(plan.changes[1].clone(), Verdict::Unknown)
    };
    plan_outcome(&mut app, request, 1, failed);
    plan_done(&mut app, request);
    let toast = app.toast().expect("a message says how it ended");
    assert_eq!(toast.kind, ToastKind::Error);
    assert!(toast.text.contains("1 done, 1 not"), "{}", toast.text);
    assert_eq!(marked(&app), ["Alan Turing"]);
}

#[test]
fn read_only_marks_still_work_but_no_bulk_change_opens() {
    let mut app = loaded_app(true, None);
    mark(&mut app, &["Grace Hopper"]);
    assert_eq!(app.marked_count(), 1);
    assert!(ch(&mut app, 'x').is_empty());
    assert!(app.dialog().is_none());
    assert!(app.toast().unwrap().text.starts_with("Read-only"));
}

#[test]
fn server_strings_in_the_bulk_preview_and_its_failures_are_sanitized() {
    let mut app = loaded_app(false, None);
    mark(&mut app, &["Mallory␛[2J"]);
    let opened = ch(&mut app, 'x');
    give_roles(&mut app, &opened);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("remove Mallory␛[2J (viewer)"),
        "the name, made visible: {screen}"
    );
    assert!(!screen.contains('\u{1b}'), "no raw escape: {screen:?}");
    let sent = ch(&mut app, 'y');
    let (plan, request, _) = plan_of(&sent);
    plan_step(
        &mut app,
        request,
        0,
        &plan.changes[0],
        Err("paradigm: \u{1b}]52;c;aGk=\u{7} refused\u{202e}"),
    );
    plan_done(&mut app, request);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("refused"),
        "the failure is listed: {screen}"
    );
    assert!(
        !screen.contains(['\u{1b}', '\u{7}', '\u{202e}']),
        "the server's words are sanitized: {screen:?}"
    );
}

#[test]
fn the_mark_and_undo_keys_are_rebindable_by_name_and_the_palette_runs_them() {
    use roster::tui::Command;
    use roster::tui::keys::{KeyOverride, Keymap};
    let rebind = |name: &str, key: &str| KeyOverride {
        name: name.into(),
        keys: vec![key.into()],
        origin: "config.toml:7".into(),
    };
    let (keymap, problems) = Keymap::with_overrides(&[
        rebind("mark", "m"),
        rebind("mark-all", "M"),
        rebind("undo", "U"),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    let mut app = loaded_app(false, None);
    app.set_keymap(keymap);
    select_member(&mut app, "Grace Hopper");
    ch(&mut app, ' ');
    assert!(marked(&app).is_empty(), "space is no longer mark");
    select_member(&mut app, "Grace Hopper");
    ch(&mut app, 'm');
    assert_eq!(marked(&app), ["Grace Hopper"]);
    ch(&mut app, 'M');
    assert!(marked(&app).len() > 1, "M marks every row shown");
    press(&mut app, KeyCode::Esc);
    assert!(marked(&app).is_empty());
    assert!(
        !ch(&mut app, 'z')
            .commands
            .iter()
            .any(|c| matches!(c, Command::PlanUndo { .. })),
        "z is no longer undo"
    );
    let asked = ch(&mut app, 'U');
    assert!(
        asked
            .commands
            .iter()
            .any(|c| matches!(c, Command::PlanUndo { .. })),
        "{asked:?}"
    );
    press(&mut app, KeyCode::Esc);

    // The palette lists the new actions with the keys in force, and runs them as their keys do.
    ch(&mut app, ':');
    type_text(&mut app, "undo the last");
    let screen = render(&app, 100, 30);
    assert!(
        screen.contains("(U)"),
        "the palette shows the rebound key: {screen}"
    );
    let out = press(&mut app, KeyCode::Enter);
    assert!(
        out.commands
            .iter()
            .any(|c| matches!(c, Command::PlanUndo { .. })),
        "{out:?}"
    );
    press(&mut app, KeyCode::Esc);
    select_member(&mut app, "Alan Turing");
    ch(&mut app, ':');
    type_text(&mut app, "mark or unmark");
    press(&mut app, KeyCode::Enter);
    assert_eq!(marked(&app), ["Alan Turing"]);
}
