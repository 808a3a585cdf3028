//! Concurrency safety of changes made from the TUI (headless: App + worker + real clients + the
//! sandbox over HTTP):
//! - a change to a member whose role someone else changed since the list was loaded is not sent;
//!   the admin gets a warning naming the role the server holds now, and the list is re-read;
//! - the same for a member someone else removed meanwhile;
//! - two quick changes to one member run one after the other, in order: the last one wins;
//! - a change the server answers with success but does not make is shown as failed, never done.

use crate::common;

use ratatui::crossterm::event::KeyCode;
use roster::model::{ProviderKind, Role};
use roster::sandbox::demo_dataset;
use roster::sandbox::section;
use roster::sandbox::store::Dataset;
use roster::tui::TuiProfile;
use roster::tui::dialogs::Dialog;
use roster::tui::runtime::headless::Driver;
use roster::tui::state::MemberRow;
use roster::tui::state::ToastKind;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

/// The workspace of `ws_id` (ID, or Dreadnode key) in `data`, mutably.
fn workspace_mut<'a>(
    data: &'a mut Dataset,
    kind: ProviderKind,
    ws_id: &str,
) -> &'a mut roster::sandbox::store::WorkspaceData {
    let sec = match kind {
        roster::providers::askui::KIND => &mut data[roster::providers::askui::KIND],
        roster::providers::dreadnode::KIND => &mut data[roster::providers::dreadnode::KIND],
        roster::providers::paradigm::KIND => &mut data[roster::providers::paradigm::KIND],
        roster::providers::transactionlink::KIND => {
            &mut data[roster::providers::transactionlink::KIND]
        }
        other => unreachable!("no fixture for {other}"),
    };
    sec.workspaces
        .iter_mut()
        .find(|w| w.id == ws_id || w.key.as_deref() == Some(ws_id))
        .expect("the workspace is in the store")
}

/// The role ID of `user`'s direct grant in the workspace, as the sandbox holds it.
fn stored_role(
    server: &common::TestServer,
    kind: ProviderKind,
    ws_id: &str,
    user: &str,
) -> Option<String> {
    server.store.read(|d| {
        section(d, kind)
            .workspaces
            .iter()
            .find(|w| w.id == ws_id || w.key.as_deref() == Some(ws_id))
            .and_then(|w| w.members.iter().find(|g| g.user.as_deref() == Some(user)))
            .map(|g| g.role.clone())
    })
}

/// A TUI on `kind`'s demo account with the first workspace open, the role picker open on a direct
/// member who has the workspace's last (least) role, and the roles listed.
struct Setup {
    server: common::TestServer,
    /// Keeps the audit log and journal of the changes alive.
    _engine: common::TestEngine,
    d: Driver,
    ws_id: String,
    member: MemberRow,
    roles: Vec<Role>,
}

async fn setup(kind: ProviderKind) -> Setup {
    let server = common::serve(demo_dataset()).await;
    let provider =
        roster::providers::build(server.sandbox.provider_config(kind)).map_err(|e| e.to_string());
    let profile = TuiProfile {
        name: kind.as_str().into(),
        kind,
        provider,
        max_concurrency: 8,
        readonly: false,
    };
    let engine = common::engine();
    let mut d = Driver::start(vec![profile], engine.tui_options(), 140, 40);
    d.wait_until("the first workspace's members", WAIT, |app, _| {
        app.open_workspace()
            .is_some_and(|(_, w)| w.members.loaded && w.members.pending.is_none())
    })
    .await
    .unwrap();
    d.press(KeyCode::Tab);
    // The role list, via the picker of any changeable member.
    let ws_id = d.app().open_workspace().unwrap().1.workspace.id.clone();
    let first = d
        .app()
        .open_workspace()
        .unwrap()
        .1
        .members
        .rows
        .iter()
        .position(MemberRow::is_changeable)
        .expect("a direct member");
    for _ in 0..first {
        d.press(KeyCode::Char('j'));
    }
    d.press(KeyCode::Char('e'));
    d.wait_until("the roles", WAIT, |app, _| {
        app.open_workspace()
            .is_some_and(|(_, w)| w.roles.roles.is_some())
    })
    .await
    .unwrap();
    d.press(KeyCode::Esc);
    let roles = d
        .app()
        .open_workspace()
        .unwrap()
        .1
        .roles
        .roles
        .clone()
        .unwrap();
    assert!(roles.len() >= 3, "three roles needed: {roles:?}");
    let lowest = roles.last().unwrap().id.clone();
    let member = d
        .app()
        .open_workspace()
        .unwrap()
        .1
        .members
        .rows
        .iter()
        .find(|r| r.is_changeable() && r.member_role().id == lowest && r.email().is_some())
        .expect("a direct member with the lowest role")
        .clone();
    // Only that member in the table, selected.
    d.press(KeyCode::Char('/'));
    d.type_text(member.email().unwrap());
    d.press(KeyCode::Enter);
    assert_eq!(
        d.app().selected_member().map(|r| r.id().to_string()),
        Some(member.id().to_string())
    );
    Setup {
        server,
        _engine: engine,
        d,
        ws_id,
        member,
        roles,
    }
}

/// In the open role picker, moves to `role` and presses Enter.
fn pick(d: &mut Driver, roles: &[Role], role: &Role) {
    assert!(
        matches!(d.app().dialog(), Some(Dialog::Role(_))),
        "{}",
        d.screen()
    );
    let idx = roles.iter().position(|r| r.id == role.id).unwrap();
    d.press(KeyCode::Char('g'));
    for _ in 0..idx {
        d.press(KeyCode::Char('j'));
    }
    d.press(KeyCode::Enter);
}

async fn settle(d: &mut Driver) {
    d.wait_until("the change and the re-read", WAIT, |app, _| {
        app.dialog().is_none() && !app.is_loading()
    })
    .await
    .unwrap();
}

/// Someone else changes the member's role after roster loaded the list; roster's change is not sent.
async fn role_changed_meanwhile_is_reported_not_overwritten(kind: ProviderKind) {
    let Setup {
        server,
        _engine,
        mut d,
        ws_id,
        member,
        roles,
    } = setup(kind).await;
    let others: Vec<&Role> = roles
        .iter()
        .filter(|r| r.id != member.member_role().id)
        .collect();
    let (theirs, ours) = (others[0].clone(), others[1].clone());
    server
        .store
        .write(|data| {
            let w = workspace_mut(data, kind, &ws_id);
            let g = w
                .members
                .iter_mut()
                .find(|g| g.user.as_deref() == Some(member.id()))
                .expect("the grant");
            g.role = theirs.id.clone();
        })
        .unwrap();

    d.press(KeyCode::Char('e'));
    pick(&mut d, &roles, &ours);
    settle(&mut d).await;

    assert_eq!(
        stored_role(&server, kind, &ws_id, member.id()).as_deref(),
        Some(theirs.id.as_str()),
        "the other admin's change stands"
    );
    let toast = d.app().toast().cloned().expect("a warning");
    assert_eq!(toast.kind, ToastKind::Info);
    assert!(toast.text.starts_with("Nothing changed"), "{}", toast.text);
    assert!(toast.text.contains(&theirs.name), "{}", toast.text);
    let row = d.app().selected_member().expect("still listed");
    assert_eq!(row.member_role().id, theirs.id, "the list was re-read");
    assert!(d.screen().contains("Nothing changed"), "{}", d.screen());
}

/// Someone else removes the member; roster's removal reports it and sends nothing.
async fn member_removed_meanwhile_is_reported(kind: ProviderKind) {
    let Setup {
        server,
        _engine,
        mut d,
        ws_id,
        member,
        ..
    } = setup(kind).await;
    server
        .store
        .write(|data| {
            let w = workspace_mut(data, kind, &ws_id);
            w.members.retain(|g| g.user.as_deref() != Some(member.id()));
        })
        .unwrap();
    d.press(KeyCode::Char('x'));
    d.press(KeyCode::Char('y'));
    settle(&mut d).await;
    let toast = d.app().toast().cloned().expect("a warning");
    assert!(
        toast.text.contains("no longer a direct member"),
        "{}",
        toast.text
    );
    assert_eq!(
        toast.kind,
        ToastKind::Info,
        "a warning, not an error: {}",
        toast.text
    );
    assert!(d.app().members_view().is_empty(), "the list was re-read");
}

/// Two changes in a row, the second chosen before the first finished: both apply, in order.
async fn two_quick_changes_apply_in_order(kind: ProviderKind) {
    let Setup {
        server,
        _engine,
        mut d,
        ws_id,
        member,
        roles,
    } = setup(kind).await;
    let others: Vec<&Role> = roles
        .iter()
        .filter(|r| r.id != member.member_role().id)
        .collect();
    let (first, last) = (others[0].clone(), others[1].clone());

    d.press(KeyCode::Char('e'));
    pick(&mut d, &roles, &first);
    // Close the dialog while the first change runs, and pick again on the list as it was.
    d.press(KeyCode::Esc);
    d.press(KeyCode::Char('e'));
    pick(&mut d, &roles, &last);
    settle(&mut d).await;
    // The first change's answer may have re-read the list before the second finished: wait for the
    // final state to be listed.
    let want = last.id.clone();
    d.wait_until("the last role listed", WAIT, |app, _| {
        !app.is_loading()
            && app
                .selected_member()
                .is_some_and(|r| r.member_role().id == want)
    })
    .await
    .unwrap();

    assert_eq!(
        stored_role(&server, kind, &ws_id, member.id()).as_deref(),
        Some(last.id.as_str()),
        "the last change wins on the server"
    );
    let toast = d.app().toast().cloned().expect("a confirmation");
    assert_eq!(toast.kind, ToastKind::Success, "{}", toast.text);
    assert!(toast.text.contains(&last.name), "{}", toast.text);
}

/// Waits until the open dialog shows an error and nothing loads; returns that error.
async fn dialog_error(d: &mut Driver) -> String {
    d.wait_until("the dialog's error", WAIT, |app, _| {
        !app.is_loading()
            && match app.dialog() {
                Some(Dialog::Role(p)) => p.error.is_some(),
                Some(Dialog::Confirm(c)) => c.error.is_some(),
                Some(Dialog::Add(f)) => f.error.is_some(),
                _ => false,
            }
    })
    .await
    .unwrap();
    match d.app().dialog() {
        Some(Dialog::Role(p)) => p.error.clone(),
        Some(Dialog::Confirm(c)) => c.error.clone(),
        Some(Dialog::Add(f)) => f.error.clone(),
        _ => None,
    }
    .unwrap_or_default()
}

/// The server answers every change with success and makes none: the TUI says each failed, the
/// table still shows the server's state, and nothing reads "done".
async fn ignored_changes_are_reported_as_failed(kind: ProviderKind) {
    let Setup {
        server,
        _engine,
        mut d,
        ws_id,
        member,
        roles,
    } = setup(kind).await;
    for method in [
        axum::http::Method::POST,
        axum::http::Method::PUT,
        axum::http::Method::DELETE,
    ] {
        server.faults().inject(
            roster::sandbox::FaultRule::new(roster::sandbox::Fault::IgnoreChange)
                .method(method)
                .times(u32::MAX),
        );
    }
    let before = server.store.snapshot();
    // Set role: to the role above the lowest (never the owner, which would ask twice).
    d.press(KeyCode::Char('e'));
    let middle = roles[roles.len() - 2].clone();
    pick(&mut d, &roles, &middle);
    let shown = dialog_error(&mut d).await;
    assert!(
        shown.starts_with("Failed to") && shown.contains("nothing changed"),
        "{shown}"
    );
    d.press(KeyCode::Esc);
    // Remove.
    d.press(KeyCode::Char('x'));
    d.press(KeyCode::Char('y'));
    let shown = dialog_error(&mut d).await;
    assert!(shown.contains("nothing changed"), "{shown}");
    d.press(KeyCode::Esc);
    assert_eq!(
        d.app().selected_member().map(|r| r.id().to_string()),
        Some(member.id().to_string()),
        "still listed, as the server still holds them"
    );
    // Add someone of the organisation who is not in this workspace.
    let outsider = server.store.read(|data| {
        let sec = section(data, kind);
        let ws = sec
            .workspaces
            .iter()
            .find(|w| w.id == ws_id || w.key.as_deref() == Some(ws_id.as_str()))
            .unwrap();
        let in_ws = |id: &str| ws.members.iter().any(|g| g.user.as_deref() == Some(id));
        let in_any = |id: &str| {
            sec.workspaces
                .iter()
                .any(|w| w.members.iter().any(|g| g.user.as_deref() == Some(id)))
        };
        sec.users
            .iter()
            .find(|u| {
                !in_ws(&u.id)
                    && in_any(&u.id)
                    && !matches!(u.org_role.as_deref(), Some("owner" | "admin"))
            })
            .map(|u| u.email.clone())
            .expect("an outsider")
    });
    d.press(KeyCode::Char('a'));
    d.wait_until("the roles", WAIT, |app, _| {
        app.open_workspace()
            .is_some_and(|(_, w)| w.roles.roles.is_some())
    })
    .await
    .unwrap();
    d.type_text(&outsider);
    d.press(KeyCode::Enter);
    let shown = dialog_error(&mut d).await;
    assert!(
        shown.contains("the server answered OK but") && shown.contains("nothing changed"),
        "{shown}"
    );
    assert_eq!(server.store.snapshot(), before);
    assert!(
        d.app().toast().is_none_or(|t| t.kind != ToastKind::Success),
        "no success shown"
    );
}

macro_rules! per_provider {
    ($test:ident, $($name:ident => $kind:expr),+) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                $test($kind).await;
            }
        )+
    };
}

per_provider!(role_changed_meanwhile_is_reported_not_overwritten,
    askui_role_changed_meanwhile => roster::providers::askui::KIND,
    dreadnode_role_changed_meanwhile => roster::providers::dreadnode::KIND,
    paradigm_role_changed_meanwhile => roster::providers::paradigm::KIND,
    transactionlink_role_changed_meanwhile => roster::providers::transactionlink::KIND);

per_provider!(member_removed_meanwhile_is_reported,
    askui_member_removed_meanwhile => roster::providers::askui::KIND,
    dreadnode_member_removed_meanwhile => roster::providers::dreadnode::KIND,
    paradigm_member_removed_meanwhile => roster::providers::paradigm::KIND,
    transactionlink_member_removed_meanwhile => roster::providers::transactionlink::KIND);

per_provider!(two_quick_changes_apply_in_order,
    askui_two_quick_changes => roster::providers::askui::KIND,
    dreadnode_two_quick_changes => roster::providers::dreadnode::KIND,
    paradigm_two_quick_changes => roster::providers::paradigm::KIND,
    transactionlink_two_quick_changes => roster::providers::transactionlink::KIND);

per_provider!(ignored_changes_are_reported_as_failed,
    askui_ignored_changes => roster::providers::askui::KIND,
    dreadnode_ignored_changes => roster::providers::dreadnode::KIND,
    paradigm_ignored_changes => roster::providers::paradigm::KIND,
    transactionlink_ignored_changes => roster::providers::transactionlink::KIND);
