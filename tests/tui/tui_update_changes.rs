//! Pure update() tests of the changing flows: add, change role, remove, explanations instead of
//! forms. A key or an outcome in, state and commands out. (The person view, `u`, is in
//! `tui_person.rs`.)

use crate::tui_fixture;

use ratatui::crossterm::event::KeyCode;
use roster::engine::{State, Subject, planner};
use roster::model::{MemberKind, Role, UserRef};
use roster::tui::dialogs::Dialog;
use roster::tui::dialogs::add::AddField;
use roster::tui::dialogs::confirm::Button;
use roster::tui::state::{ToastKind, TreeRow};
use roster::tui::{App, Command, Work};
use tui_fixture::*;

fn open_add_form(app: &mut App) -> Work {
    let cmds = ch(app, 'a');
    assert!(
        matches!(app.dialog(), Some(Dialog::Add(_))),
        "{:?}",
        app.dialog()
    );
    cmds
}

fn form(app: &App) -> &roster::tui::dialogs::add::AddForm {
    match app.dialog() {
        Some(Dialog::Add(f)) => f,
        other => panic!("no add form: {other:?}"),
    }
}

#[test]
fn add_validates_before_sending_anything() {
    let mut app = loaded_app(false, None);
    let cmds = open_add_form(&mut app);
    let roles_cmd = only(&cmds, is_load_roles);
    answer_roles(&mut app, &roles_cmd, roles());
    // Empty field.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(
        form(&app)
            .error
            .as_deref()
            .unwrap()
            .contains("email address or a user ID")
    );
    // Malformed email.
    type_text(&mut app, "ada@");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(
        form(&app)
            .error
            .as_deref()
            .unwrap()
            .contains("not a valid email")
    );
    assert!(form(&app).submitting.is_none());
}

#[test]
fn add_submits_then_refreshes_on_success() {
    let mut app = loaded_app(false, None);
    let cmds = open_add_form(&mut app);
    give_roles(&mut app, &cmds);
    type_text(&mut app, "new@example.com");
    assert_eq!(
        form(&app).parsed(),
        Ok(UserRef::Email("new@example.com".into()))
    );
    // Pick a role: Tab to the role list, move up from the default (last = least privileged).
    press(&mut app, KeyCode::Tab);
    assert_eq!(form(&app).focus, AddField::Role);
    press(&mut app, KeyCode::Up);
    let cmds = press(&mut app, KeyCode::Enter);
    let change = only(&cmds, is_change);
    assert_eq!(
        change,
        Command::Change {
            profile: 0,
            change: planner::add_user(
                roster::providers::paradigm::KIND,
                "acme",
                &workspaces()[0],
                &UserRef::Email("new@example.com".into()),
                Role::named("editor"),
            ),
            force: false,
            request: roster::tui::dialogs::Dialog::submitting(app.dialog().unwrap()).unwrap(),
        }
    );
    assert!(app.is_loading(), "the form shows progress");
    // A second Enter while it runs sends nothing.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let after = answer_change(&mut app, &change, Ok(()));
    assert!(app.dialog().is_none(), "success closes the form");
    let reload = only(&after, is_load_members);
    assert!(matches!(&reload, Command::LoadMembers { workspace, .. } if workspace.id == "ws-1"));
    let toast = app.toast().cloned().unwrap();
    assert_eq!(toast.kind, ToastKind::Success);
    assert!(toast.text.contains("new@example.com"), "{}", toast.text);
    // No optimistic row: the table shows the server's list only once it arrives.
    assert_eq!(app.members_view().len(), 7);
    let mut list = members();
    list.push(user(
        "u-10",
        "New Person",
        Some("new@example.com"),
        "editor",
    ));
    answer_members(&mut app, &reload, list);
    assert_eq!(app.members_view().len(), 8);
}

#[test]
fn add_failure_keeps_the_form_open_with_the_servers_message() {
    let mut app = loaded_app(false, None);
    let cmds = open_add_form(&mut app);
    give_roles(&mut app, &cmds);
    type_text(&mut app, "u-2");
    let change = only(&press(&mut app, KeyCode::Enter), is_change);
    let msg = "paradigm: add member failed (HTTP 409): User is already a member";
    let after = answer_change(&mut app, &change, Err(msg.into()));
    let f = form(&app);
    let shown = f.error.as_deref().unwrap_or_default();
    assert!(shown.contains(msg), "the server's words are shown: {shown}");
    assert!(f.submitting.is_none());
    assert_eq!(f.user.text(), "u-2", "what was typed stays");
    // The members are re-read anyway: the table only ever shows the server's state.
    only(&after, is_load_members);
}

#[test]
fn add_explains_when_the_provider_cannot_add_that_kind_of_user() {
    let mut app = loaded_app(false, None);
    // Profile 1 ("tl-prod") adds by email only.
    let list_cmd = Command::LoadWorkspaces {
        profile: 1,
        request: app.profiles()[1].pending.unwrap(),
    };
    answer_workspaces(
        &mut app,
        &list_cmd,
        vec![roster::model::Workspace {
            id: "t-1".into(),
            name: "Payments".into(),
        }],
    );
    press(&mut app, KeyCode::Tab);
    ch(&mut app, 'G');
    assert!(
        matches!(
            app.tree_selected(),
            Some(TreeRow::Note(2) | TreeRow::NoteMore(2, _))
        ),
        "the unusable profile's reason: {:?}",
        app.tree_selected()
    );
    // Up over the reason's lines to the profile, then to the workspace above it.
    while app.tree_selected() != Some(TreeRow::Profile(2)) {
        ch(&mut app, 'k');
    }
    ch(&mut app, 'k');
    assert_eq!(app.tree_selected(), Some(TreeRow::Workspace(1, 0)));
    let cmds = ch(&mut app, 'a');
    assert!(
        cmds.commands.iter().any(is_load_members),
        "a opens the workspace under the cursor"
    );
    give_roles(&mut app, &cmds);
    type_text(&mut app, "u-42");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let err = form(&app).error.clone().unwrap();
    assert!(
        err.contains("cannot add by ID") && err.contains("email only"),
        "{err}"
    );
}

#[test]
fn esc_cancels_a_form_without_any_command() {
    let mut app = loaded_app(false, None);
    let cmds = open_add_form(&mut app);
    give_roles(&mut app, &cmds);
    type_text(&mut app, "someone@example.com");
    assert!(press(&mut app, KeyCode::Esc).is_empty());
    assert!(app.dialog().is_none());
}

#[test]
fn change_role_marks_current_and_sends_the_new_role() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Grace Hopper");
    let cmds = ch(&mut app, 'e');
    let Some(Dialog::Role(_)) = app.dialog() else {
        panic!("no role picker: {:?}", app.dialog())
    };
    give_roles(&mut app, &cmds);
    let Some(Dialog::Role(p)) = app.dialog() else {
        unreachable!()
    };
    assert_eq!(p.index(&roles()), 1, "starts on the current role (editor)");
    // Enter on the current role explains instead of sending.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    ch(&mut app, 'j');
    let change = only(&press(&mut app, KeyCode::Enter), is_change);
    let Command::Change { change: c, .. } = &change else {
        panic!("{change:?}")
    };
    let Subject::Membership(m) = &c.subject else {
        panic!("{c:?}")
    };
    assert_eq!(m.member.as_ref().map(|x| x.id.as_str()), Some("u-2"));
    assert_eq!(
        m.seen,
        State::Member(Role::named("editor")),
        "planned against what was shown"
    );
    assert_eq!(m.want, State::Member(Role::named("viewer")));
    let after = answer_change(&mut app, &change, Ok(()));
    assert!(app.dialog().is_none());
    only(&after, is_load_members);
}

#[test]
fn remove_starts_on_cancel_and_y_confirms() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Alan Turing");
    assert!(ch(&mut app, 'x').is_empty());
    let Some(Dialog::Confirm(c)) = app.dialog() else {
        panic!("no confirmation")
    };
    assert_eq!(c.focus, Button::Cancel);
    assert_eq!(c.member.id, "u-3");
    // Enter on Cancel closes and sends nothing.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(app.dialog().is_none());
    // Delete opens it too; y confirms.
    press(&mut app, KeyCode::Delete);
    let change = only(&ch(&mut app, 'y'), is_change);
    assert!(matches!(
        &change,
        Command::Change { change: c, .. }
            if matches!(&c.subject, Subject::Membership(m)
                if m.want == State::Absent && m.member.as_ref().is_some_and(|x| x.id == "u-3"))
    ));
    // Failure: the dialog stays with the message.
    answer_change(
        &mut app,
        &change,
        Err("paradigm: remove member failed (HTTP 500): boom".into()),
    );
    let Some(Dialog::Confirm(c)) = app.dialog() else {
        panic!("dialog closed on failure")
    };
    assert!(c.error.as_deref().unwrap().contains("boom"));
    // Tab to Remove, Enter activates it.
    press(&mut app, KeyCode::Tab);
    let change = only(&press(&mut app, KeyCode::Enter), is_change);
    answer_change(&mut app, &change, Ok(()));
    assert!(app.dialog().is_none());
}

#[test]
fn inherited_members_and_groups_are_explained_not_edited() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Katherine Johnson");
    assert!(ch(&mut app, 'e').is_empty());
    assert!(app.dialog().is_none());
    let t = app.toast().cloned().unwrap();
    assert_eq!(t.kind, ToastKind::Info);
    assert!(t.text.contains("group: Data team"), "{}", t.text);
    select_member(&mut app, "Edsger Dijkstra");
    ch(&mut app, 'x');
    assert!(app.dialog().is_none());
    assert!(
        app.toast()
            .as_ref()
            .unwrap()
            .text
            .contains("organisation admin")
    );
    select_member(&mut app, "Data team");
    assert_eq!(
        app.selected_member().unwrap().member_kind(),
        MemberKind::Group
    );
    ch(&mut app, 'x');
    assert!(app.dialog().is_none());
    assert!(app.toast().unwrap().text.contains("is a group"));
    // The next key dismisses the toast.
    ch(&mut app, 'j');
    assert!(app.toast().is_none());
}
