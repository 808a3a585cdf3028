//! The person view (`u`), as pure update() tests: it searches every profile, streams in under a
//! gauge whose count is honest about failures, keeps its columns aligned, drops the replies of an
//! earlier search, lets rows be selected, marked and removed as one plan, and Enter opens the
//! workspace in the panes with the member selected.

use crate::tui_fixture;

use ratatui::crossterm::event::KeyCode;
use roster::engine::{Operation, Subject};
use roster::model::{Access, Member, ProviderKind, UserRef, Workspace};
use roster::people::Found;
use roster::tui::dialogs::Dialog;
use roster::tui::dialogs::person::PersonView;
use roster::tui::keys::Context;
use roster::tui::state::{Pane, TreeRow};
use roster::tui::{App, Command};
use tui_fixture::*;

const PARADIGM: ProviderKind = roster::providers::paradigm::KIND;
const TL: ProviderKind = roster::providers::transactionlink::KIND;

fn ws(id: &str, name: &str) -> Workspace {
    Workspace {
        id: id.into(),
        name: name.into(),
    }
}

fn grace(role: &str) -> Member {
    user("u-2", "Grace Hopper", Some("grace@example.com"), role)
}

fn grace_via(role: &str, via: &str) -> Member {
    Member {
        access: Access::Inherited { via: via.into() },
        ..grace(role)
    }
}

fn view(app: &App) -> &PersonView {
    match app.dialog() {
        Some(Dialog::Person(v)) => v,
        other => panic!("no person view: {other:?}"),
    }
}

/// `u` on Grace Hopper; returns the search's request number.
fn open_on_grace(app: &mut App) -> u64 {
    select_member(app, "Grace Hopper");
    let work = ch(app, 'u');
    request_of(&work, is_find)
}

/// Grace's access: a direct editor of Design, a direct viewer of Research who is also an editor
/// there through a group (effective: editor), and nothing in Operations. tl-prod lists two
/// workspaces: one cannot be read, the other lists two members without an email.
fn stream_everything(app: &mut App, request: u64) {
    found(app, request, listed("acme", PARADIGM, 3));
    found(app, request, listed("tl-prod", TL, 2));
    found(
        app,
        request,
        checked(
            "acme",
            PARADIGM,
            &ws("ws-1", "Design"),
            vec![grace("editor")],
            None,
            false,
        ),
    );
    found(
        app,
        request,
        checked(
            "acme",
            PARADIGM,
            &ws("ws-2", "Research"),
            vec![grace("viewer"), grace_via("editor", "group: Data team")],
            Some("editor"),
            false,
        ),
    );
    found(
        app,
        request,
        Found::WorkspaceFailed {
            profile: "tl-prod".into(),
            provider: TL,
            workspace: ws("t-1", "Fraud Ops"),
            error: list_error("transactionlink", 403, "forbidden"),
        },
    );
    let mut no_email = checked(
        "tl-prod",
        TL,
        &ws("t-2", "Onboarding EU"),
        vec![],
        None,
        false,
    );
    if let Found::Checked(c) = &mut no_email {
        c.without_email = 2;
    }
    found(app, request, no_email);
    found(app, request, profile_done("tl-prod"));
    found(
        app,
        request,
        checked(
            "acme",
            PARADIGM,
            &ws("ws-3", "Operations"),
            vec![],
            None,
            false,
        ),
    );
    found(app, request, profile_done("acme"));
}

#[test]
fn u_searches_every_profile_by_email_and_streams_in_under_an_honest_gauge() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Grace Hopper");
    let work = ch(&mut app, 'u');
    let Command::FindPerson { who, request } = only(&work, is_find) else {
        unreachable!()
    };
    // By email: each provider gives the person another ID.
    assert_eq!(who, UserRef::Email("grace@example.com".into()));
    assert_eq!(
        work.commands.len(),
        1,
        "one search for every profile: {work:?}"
    );
    assert!(view(&app).searching());
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Where Grace Hopper has access"), "{screen}");
    assert!(screen.contains("listing 2 of 2 profiles"), "{screen}");
    // The profile that cannot be used is not searched, and says why.
    assert!(screen.contains("1 profile not searched"), "{screen}");
    assert!(
        screen.contains("broken: token: environment variable DREADNODE_TOKEN"),
        "{screen}"
    );

    found(&mut app, request, listed("acme", PARADIGM, 3));
    found(&mut app, request, listed("tl-prod", TL, 2));
    found(
        &mut app,
        request,
        checked(
            "acme",
            PARADIGM,
            &ws("ws-1", "Design"),
            vec![grace("editor")],
            None,
            false,
        ),
    );
    let screen = render(&app, 80, 24);
    assert!(screen.contains("checked 1 of 5 workspaces"), "{screen}");
    assert!(line_with(&screen, &["acme", "Design", "editor", "direct"]).contains('>'));

    let mut app2 = loaded_app(false, None);
    let request = open_on_grace(&mut app2);
    stream_everything(&mut app2, request);
    let screen = render(&app2, 80, 24);
    // Read, of listed, and failed: never "checked 5 of 5" when one failed.
    assert!(
        screen.contains("checked 4 of 5 workspaces, 1 failed, 1 profile not searched"),
        "{screen}"
    );
    assert!(
        screen.contains("tl-prod / Fraud Ops: transactionlink: list members failed"),
        "the failure is listed with its error: {screen}"
    );
    assert!(
        screen.contains("tl-prod: 2 members in 1 workspace listed without an email"),
        "{screen}"
    );
    assert!(!view(&app2).searching(), "the search is over");
    assert_eq!(view(&app2).rows.len(), 3);
    insta::assert_snapshot!("person_view_80x24", screen);
    insta::assert_snapshot!("person_view_120x40", render(&app2, 120, 40));
}

#[test]
fn the_person_views_columns_are_aligned() {
    let mut app = loaded_app(false, None);
    let request = open_on_grace(&mut app);
    stream_everything(&mut app, request);
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = render(&app, w, h);
        let head = line_with(&screen, &["Profile", "Workspace", "Role", "Access"]);
        let design = line_with(&screen, &["Design", "editor"]);
        let research = line_with(&screen, &["Research", "viewer"]);
        let inherited = line_with(&screen, &["Research", "via group"]);
        for (heading, cells) in [
            ("Workspace", ["Design", "Research", "Research"]),
            ("Role", ["editor", "viewer", "editor"]),
            ("Access", ["direct", "direct", "via group"]),
        ] {
            let at = column_of(head, heading);
            for (line, cell) in [design, research, inherited].into_iter().zip(cells) {
                assert_eq!(
                    column_of(line, cell),
                    at,
                    "{cell} under {heading}:\n{screen}"
                );
            }
        }
        // The effective role, on the direct row of the workspace where Grace has both.
        let effective = column_of(head, "Effective");
        let tail: String = research.chars().skip(effective).collect();
        assert!(tail.starts_with("editor"), "{research:?}\n{screen}");
    }
}

#[test]
fn replies_of_an_earlier_search_are_dropped_and_closing_stops_the_search() {
    let mut app = loaded_app(false, None);
    let first = open_on_grace(&mut app);
    found(&mut app, first, listed("acme", PARADIGM, 3));
    // `r` searches again: a new request; what the first search still sends is dropped.
    let again = ch(&mut app, 'r');
    let second = request_of(&again, is_find);
    assert_ne!(first, second);
    found(
        &mut app,
        first,
        checked(
            "acme",
            PARADIGM,
            &ws("ws-1", "Design"),
            vec![grace("editor")],
            None,
            false,
        ),
    );
    assert!(view(&app).rows.is_empty(), "a stale finding is dropped");
    assert_eq!(view(&app).total, 0);
    found(&mut app, second, listed("acme", PARADIGM, 3));
    assert_eq!(view(&app).total, 3);
    // Esc (no marks) closes the view and stops the search that still runs.
    let closed = press(&mut app, KeyCode::Esc);
    assert!(app.dialog().is_none());
    assert_eq!(
        closed.commands,
        vec![Command::StopFind { request: second }],
        "{closed:?}"
    );
    // Groups have no "where": explained instead.
    select_member(&mut app, "Data team");
    assert!(ch(&mut app, 'u').is_empty());
    assert!(app.toast().unwrap().text.contains("not a group"));
}

#[test]
fn rows_are_selected_with_j_and_k_and_enter_opens_the_workspace_with_the_member_selected() {
    let mut app = loaded_app(false, None);
    let request = open_on_grace(&mut app);
    stream_everything(&mut app, request);
    assert_eq!(view(&app).cursor.cursor, 0);
    ch(&mut app, 'j');
    let screen = render(&app, 80, 24);
    let selected = line_with(&screen, &["Research", "viewer"]);
    assert!(
        selected.contains("> "),
        "the selected row is marked: {selected}"
    );
    assert!(
        !line_with(&screen, &["Design", "editor"]).contains("> "),
        "{screen}"
    );
    ch(&mut app, 'k');
    ch(&mut app, 'j');
    // Enter: Research opens on the right with the focus, its members are read, Grace selected.
    let work = press(&mut app, KeyCode::Enter);
    assert!(app.dialog().is_none());
    assert_eq!(app.open(), Some((0, "ws-2")));
    assert_eq!(app.focus(), Pane::Members);
    assert_eq!(app.tree_selected(), Some(TreeRow::Workspace(0, 1)));
    let load = only(&work, is_load_members);
    let mut research = members();
    research.rotate_left(3);
    answer_members(&mut app, &load, research);
    assert_eq!(
        app.selected_member().map(|r| r.id()),
        Some("u-2"),
        "Grace is selected once Research's list is there"
    );
    assert!(render(&app, 80, 24).contains("workspace: Research"));

    // Jumping to a workspace whose list is already there selects at once.
    select_member(&mut app, "Grace Hopper");
    let request = request_of(&ch(&mut app, 'u'), is_find);
    stream_everything(&mut app, request);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.open(), Some((0, "ws-1")));
    assert_eq!(app.selected_member().map(|r| r.id()), Some("u-2"));
}

#[test]
fn enter_on_a_workspace_the_panes_do_not_list_says_so() {
    let mut app = loaded_app(false, None);
    let request = open_on_grace(&mut app);
    found(&mut app, request, listed("tl-prod", TL, 1));
    // tl-prod's workspaces never answered in the panes.
    found(
        &mut app,
        request,
        checked(
            "tl-prod",
            TL,
            &ws("t-9", "Partner Banks"),
            vec![grace("viewer")],
            None,
            false,
        ),
    );
    let work = press(&mut app, KeyCode::Enter);
    assert!(work.is_empty(), "{work:?}");
    let v = view(&app);
    assert!(
        v.note
            .as_deref()
            .unwrap_or_default()
            .contains("Partner Banks is not in the left pane"),
        "{:?}",
        v.note
    );
}

#[test]
fn marked_grants_are_removed_as_one_plan_after_one_preview_and_failures_stay_marked() {
    let mut app = loaded_app(false, None);
    let request = open_on_grace(&mut app);
    stream_everything(&mut app, request);
    // Space marks and moves down; the inherited row is explained, not marked.
    ch(&mut app, ' ');
    ch(&mut app, ' ');
    assert_eq!(view(&app).marks.len(), 2);
    ch(&mut app, ' ');
    assert_eq!(view(&app).marks.len(), 2);
    assert!(
        view(&app)
            .note
            .as_deref()
            .unwrap_or_default()
            .contains("through group: Data team"),
        "{:?}",
        view(&app).note
    );
    assert!(render(&app, 80, 24).contains("2 marked"));
    // Esc clears the marks first (the view stays); `*` marks every direct grant.
    press(&mut app, KeyCode::Esc);
    assert!(view(&app).marks.is_empty());
    assert!(app.dialog().is_some());
    ch(&mut app, '*');
    assert_eq!(view(&app).marks.len(), 2);

    // x: one preview; Enter starts on Cancel and sends nothing.
    assert!(ch(&mut app, 'x').is_empty());
    assert_eq!(app.context(), Context::Bulk);
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("Remove 2 grants of Grace Hopper"),
        "{screen}"
    );
    assert!(screen.contains("Make these 2 changes?"), "{screen}");
    assert!(
        screen.contains("remove Grace Hopper (editor) from \"Design\""),
        "{screen}"
    );
    assert!(
        screen.contains("remove Grace Hopper (viewer) from \"Research\""),
        "{screen}"
    );
    assert!(screen.contains("> Cancel <"), "{screen}");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert_eq!(app.context(), Context::Person, "only the preview closed");

    ch(&mut app, 'x');
    press(&mut app, KeyCode::Tab);
    let sent = press(&mut app, KeyCode::Enter);
    let (plan, run, force) = plan_of(&sent);
    assert!(!force);
    assert_eq!(plan.changes.len(), 2);
    assert!(
        plan.changes
            .iter()
            .all(|c| c.operation() == Operation::Remove && c.profile == "acme")
    );
    assert!(app.change_running(), "quitting waits for the plan");
    plan_step(&mut app, run, 0, &plan.changes[0], Ok(()));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("1 of 2"), "{screen}");
    plan_step(
        &mut app,
        run,
        1,
        &plan.changes[1],
        Err("paradigm: the server said no"),
    );
    plan_done(&mut app, run);
    assert!(!app.change_running());
    let screen = render(&app, 80, 24);
    assert!(screen.contains("1 done, 1 not"), "{screen}");
    assert!(
        screen.contains("server said no"),
        "the failure is listed: {screen}"
    );
    // Back in the view: Design's grant is gone; Research's failed removal stays marked.
    press(&mut app, KeyCode::Esc);
    let v = view(&app);
    assert!(v.bulk.is_none());
    assert!(
        !v.rows.iter().any(|r| r.workspace.id == "ws-1"),
        "{:?}",
        v.rows
    );
    assert_eq!(
        v.marks.iter().map(|k| k.1.as_str()).collect::<Vec<_>>(),
        vec!["ws-2"]
    );
}

#[test]
fn x_on_a_last_owner_flags_it_in_the_preview() {
    let mut app = loaded_app(false, None);
    let request = open_on_grace(&mut app);
    found(&mut app, request, listed("acme", PARADIGM, 1));
    found(
        &mut app,
        request,
        checked(
            "acme",
            PARADIGM,
            &ws("ws-1", "Design"),
            vec![grace("owner")],
            None,
            true,
        ),
    );
    ch(&mut app, 'x');
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("last owner: refused unless you confirm again"),
        "{screen}"
    );
    assert!(
        screen.contains("would leave a workspace without an owner"),
        "{screen}"
    );
    let Some(Dialog::Person(v)) = app.dialog() else {
        unreachable!()
    };
    let b = v.bulk.as_ref().expect("the preview");
    let Subject::Membership(m) = &b.items[0].change.subject else {
        unreachable!()
    };
    assert_eq!(m.workspace.id, "ws-1");
}

#[test]
fn server_strings_in_the_person_view_are_sanitized() {
    let mut app = loaded_app(false, None);
    let request = open_on_grace(&mut app);
    found(&mut app, request, listed("acme", PARADIGM, 2));
    found(
        &mut app,
        request,
        checked(
            "acme",
            PARADIGM,
            &ws("ws-1", "Evil\u{1b}[2J\u{202e}Ops"),
            vec![grace("editor")],
            None,
            false,
        ),
    );
    found(
        &mut app,
        request,
        Found::WorkspaceFailed {
            profile: "acme".into(),
            provider: PARADIGM,
            workspace: ws("ws-2", "Bell\u{7}Room"),
            error: list_error("paradigm", 500, "boom\u{1b}]52;c;aGk=\u{7}"),
        },
    );
    found(&mut app, request, profile_done("acme"));
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Evil␛[2J"),
        "the workspace, made visible: {screen}"
    );
    assert!(screen.contains("boom"), "the failure is listed: {screen}");
    assert!(
        !screen.contains(['\u{1b}', '\u{7}', '\u{202e}']),
        "no raw control or bidi character: {screen:?}"
    );
}
