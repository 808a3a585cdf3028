//! Headless app tests: App + worker + real provider clients + the sandbox over real HTTP, driven by
//! key events exactly as the terminal would send them, waiting for conditions (never fixed sleeps).
//! For each provider: add a member, change their role, remove them; after each step the rendered
//! table and the sandbox's store must agree.

use crate::common;

use ratatui::crossterm::event::KeyCode;
use roster::model::{ProviderKind, Support};
use roster::sandbox::demo::demo_dataset;
use roster::sandbox::section;
use roster::tui::dialogs::Dialog;
use roster::tui::runtime::headless::Driver;
use roster::tui::state::ProfileStatus;
use roster::tui::{TuiOptions, TuiProfile};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

/// The role of `user_id`'s direct grant in workspace `ws_id` (matched by ID or, for Dreadnode,
/// by the workspace key), as the sandbox holds it.
fn grant_role(
    server: &common::TestServer,
    kind: ProviderKind,
    ws_id: &str,
    user_id: &str,
) -> Option<String> {
    server.store.read(|d| {
        section(d, kind)
            .workspaces
            .iter()
            .find(|w| w.id == ws_id || w.key.as_deref() == Some(ws_id))
            .and_then(|w| {
                w.members
                    .iter()
                    .find(|g| g.user.as_deref() == Some(user_id))
                    .map(|g| g.role.clone())
            })
    })
}

async fn add_change_remove(kind: ProviderKind) {
    let server = common::serve(demo_dataset()).await;
    let provider =
        roster::providers::build(server.sandbox.provider_config(kind)).map_err(|e| e.to_string());
    let caps = provider
        .as_ref()
        .map(|p| p.capabilities().clone())
        .expect("client builds");
    let profile = TuiProfile {
        name: format!("{kind}-demo"),
        kind,
        provider,
        max_concurrency: 8,
        readonly: false,
    };
    let engine = common::engine();
    let mut d = Driver::start(vec![profile], engine.tui_options(), 120, 40);

    // The first workspace opens by itself once the profile has loaded.
    d.wait_until("the first workspace's members", WAIT, |app, _| {
        let loaded = app
            .open_workspace()
            .is_some_and(|(_, w)| w.members.loaded && w.members.pending.is_none());
        loaded || matches!(app.profiles()[0].status, ProfileStatus::Failed(_))
    })
    .await
    .unwrap();
    if let ProfileStatus::Failed(e) = &d.app().profiles()[0].status {
        panic!("listing workspaces failed: {e}");
    }
    let (ws_id, ws_name) = {
        let (_, ws) = d.app().open_workspace().unwrap();
        (ws.workspace.id.clone(), ws.workspace.name.clone())
    };
    assert!(d.screen().contains(&ws_name));

    // Someone of the organisation who does not appear in this workspace at all (not even inherited).
    let listed: Vec<(String, Option<String>)> = d
        .app()
        .open_workspace()
        .unwrap()
        .1
        .members
        .rows
        .iter()
        .map(|r| (r.id().to_string(), r.email().map(str::to_string)))
        .collect();
    let newcomer = server.store.read(|data| {
        section(data, kind)
            .users
            .iter()
            .filter(|u| !matches!(u.org_role.as_deref(), Some("owner" | "admin")))
            .find(|u| {
                !listed.iter().any(|(id, email)| {
                    *id == u.id
                        || email
                            .as_deref()
                            .is_some_and(|e| e.eq_ignore_ascii_case(&u.email))
                })
            })
            .cloned()
            .expect("a user outside the workspace")
    });
    // Prefer the kind of reference the provider takes natively; exercise what it offers.
    let typed = if caps.add_by_id == Support::Native {
        newcomer.id.clone()
    } else {
        newcomer.email.clone()
    };

    // Add.
    d.press(KeyCode::Tab);
    d.press(KeyCode::Char('a'));
    assert!(
        matches!(d.app().dialog(), Some(Dialog::Add(_))),
        "{}",
        d.screen()
    );
    d.wait_until("roles in the add form", WAIT, |app, _| {
        app.open_workspace()
            .is_some_and(|(_, w)| w.roles.roles.is_some())
    })
    .await
    .unwrap();
    d.type_text(&typed);
    d.press(KeyCode::Enter);
    d.wait_until("the add to finish", WAIT, |app, _| {
        app.dialog().is_none() && !app.is_loading()
    })
    .await
    .unwrap();
    // The toast names who was added (issue 12, bug 9), whatever was typed.
    let toast = d.app().toast().map(|t| t.text.clone()).unwrap_or_default();
    assert!(
        toast.starts_with(&format!("Added {} (", newcomer.name)),
        "{kind}: {toast}"
    );
    let added_role =
        grant_role(&server, kind, &ws_id, &newcomer.id).expect("the sandbox holds the new grant");
    // Narrow the table to the newcomer so they are on screen whatever the workspace's size.
    d.press(KeyCode::Char('/'));
    d.type_text(&newcomer.email);
    d.press(KeyCode::Enter);
    let screen = d.screen();
    assert!(screen.contains("1 of "), "{screen}");
    assert!(screen.contains(&newcomer.email), "{screen}");
    let row = d
        .app()
        .selected_member()
        .expect("the newcomer is selected")
        .clone();
    assert_eq!(row.member_role().id, added_role);

    // Change role: one up from the current role in the workspace's list.
    d.press(KeyCode::Char('e'));
    assert!(
        matches!(d.app().dialog(), Some(Dialog::Role(_))),
        "{}",
        d.screen()
    );
    let roles = d
        .app()
        .open_workspace()
        .unwrap()
        .1
        .roles
        .roles
        .clone()
        .expect("roles listed");
    let current = roles
        .iter()
        .position(|r| r.id == row.member_role().id)
        .expect("current role listed");
    // The picker starts on the current role: step to a neighbour.
    d.press(KeyCode::Char(if current > 0 { 'k' } else { 'j' }));
    d.press(KeyCode::Enter);
    d.wait_until("the role change to finish", WAIT, |app, _| {
        app.dialog().is_none() && !app.is_loading()
    })
    .await
    .unwrap();
    let new_role = grant_role(&server, kind, &ws_id, &newcomer.id).expect("still a member");
    assert_ne!(new_role, added_role, "the sandbox holds the new role");
    let row = d.app().selected_member().expect("still listed").clone();
    assert_eq!(
        row.member_role().id,
        new_role,
        "the table shows the server's role"
    );
    assert!(d.screen().contains(row.role().as_ref()), "{}", d.screen());

    // Remove: confirmation starts on Cancel; y confirms.
    d.press(KeyCode::Char('x'));
    assert!(
        matches!(d.app().dialog(), Some(Dialog::Confirm(_))),
        "{}",
        d.screen()
    );
    d.press(KeyCode::Char('y'));
    d.wait_until("the removal to finish", WAIT, |app, _| {
        app.dialog().is_none() && !app.is_loading()
    })
    .await
    .unwrap();
    assert_eq!(
        grant_role(&server, kind, &ws_id, &newcomer.id),
        None,
        "gone from the sandbox"
    );
    let screen = d.screen();
    assert!(d.app().members_view().is_empty(), "{screen}");
    assert!(screen.contains("Nothing matches the filter."), "{screen}");
    assert!(
        screen.contains("Removed "),
        "the toast confirms it: {screen}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn askui_add_change_remove() {
    add_change_remove(roster::providers::askui::KIND).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dreadnode_add_change_remove() {
    add_change_remove(roster::providers::dreadnode::KIND).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paradigm_add_change_remove() {
    add_change_remove(roster::providers::paradigm::KIND).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transactionlink_add_change_remove() {
    add_change_remove(roster::providers::transactionlink::KIND).await;
}

/// One unreachable provider does not block another: the reachable one loads and the other shows
/// its error in the left pane.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_profile_does_not_block_the_others() {
    let server = common::serve(demo_dataset()).await;
    let good = roster::providers::build(
        server
            .sandbox
            .provider_config(roster::providers::dreadnode::KIND),
    )
    .map_err(|e| e.to_string());
    let mut bad_cfg = server
        .sandbox
        .provider_config(roster::providers::askui::KIND);
    // A closed port on loopback: connection refused.
    bad_cfg.base_url = "http://127.0.0.1:9/askui".into();
    let bad = roster::providers::build(bad_cfg).map_err(|e| e.to_string());
    let profiles = vec![
        TuiProfile {
            name: "down".into(),
            kind: roster::providers::askui::KIND,
            provider: bad,
            max_concurrency: 8,
            readonly: false,
        },
        TuiProfile {
            name: "up".into(),
            kind: roster::providers::dreadnode::KIND,
            provider: good,
            max_concurrency: 8,
            readonly: false,
        },
        TuiProfile {
            name: "misconfigured".into(),
            kind: roster::providers::paradigm::KIND,
            provider: Err("no token: set PARADIGM_TOKEN".into()),
            max_concurrency: 8,
            readonly: false,
        },
    ];
    let mut d = Driver::start(profiles, TuiOptions::default(), 100, 30);
    let first = d.screen();
    assert!(first.contains("no token"), "{first}");
    d.wait_until("the reachable profile's members", WAIT, |app, _| {
        app.open_workspace()
            .is_some_and(|(p, w)| p.name == "up" && w.members.loaded)
    })
    .await
    .unwrap();
    d.wait_until("the unreachable profile's error", WAIT, |app, _| {
        matches!(
            app.profiles()[0].status,
            roster::tui::state::ProfileStatus::Failed(_)
        )
    })
    .await
    .unwrap();
    assert!(d.screen().contains("✗"));
}

/// Starts a bare worker (no App) on Dreadnode's demo account, whose member listing is one request.
async fn worker_on_dreadnode(
    limit: usize,
) -> (
    common::TestServer,
    Vec<roster::model::Workspace>,
    tokio::sync::mpsc::UnboundedSender<roster::tui::Command>,
    tokio::sync::mpsc::UnboundedReceiver<roster::tui::Reply>,
) {
    let server = common::serve(demo_dataset()).await;
    let provider = roster::providers::build(
        server
            .sandbox
            .provider_config(roster::providers::dreadnode::KIND),
    )
    .unwrap();
    let workspaces = provider.list_workspaces().await.unwrap();
    let (out_tx, out_rx) = tokio::sync::mpsc::unbounded_channel();
    let profile = roster::tui::runtime::worker::WorkerProfile {
        target: Some(roster::engine::Target {
            profile: "dreadnode".into(),
            provider,
            readonly: false,
        }),
        limit,
    };
    let tx = roster::tui::runtime::worker::spawn(
        vec![profile],
        roster::engine::Engine::default(),
        out_tx,
    );
    (server, workspaces, tx, out_rx)
}

fn load(workspace: &roster::model::Workspace, request: u64) -> roster::tui::Command {
    roster::tui::Command::LoadMembers {
        profile: 0,
        workspace: workspace.clone(),
        include_inherited: false,
        request,
    }
}

/// Repeated refreshes of one workspace while one runs cost one more request, not one each: the
/// newest waits, the ones in between are never sent. Other workspaces are not held up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_refresh_is_single_flight_per_workspace() {
    let (server, ws, tx, mut out) = worker_on_dreadnode(4).await;
    server.faults().set_latency(Duration::from_millis(300));
    let before = server.sandbox.request_count();
    for request in 1..=5 {
        tx.send(load(&ws[0], request)).unwrap();
    }
    tx.send(load(&ws[1], 6)).unwrap();
    let mut answered = Vec::new();
    while answered.len() < 3 {
        let o = tokio::time::timeout(WAIT, out.recv())
            .await
            .expect("answers")
            .unwrap();
        assert!(matches!(
            &o.body,
            roster::tui::ReplyBody::Members { result: Ok(_), .. }
        ));
        answered.push(o.request);
    }
    answered.sort();
    assert_eq!(answered, vec![1, 5, 6]);
    assert_eq!(server.sandbox.request_count() - before, 3);
}

/// With a bound of one, listings of different workspaces run one after the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_runs_at_most_the_bound_at_once() {
    let (server, ws, tx, mut out) = worker_on_dreadnode(1).await;
    let latency = Duration::from_millis(200);
    server.faults().set_latency(latency);
    let started = std::time::Instant::now();
    for (i, w) in ws.iter().take(3).enumerate() {
        tx.send(load(w, i as u64 + 1)).unwrap();
    }
    for _ in 0..3 {
        tokio::time::timeout(WAIT, out.recv())
            .await
            .expect("answers")
            .unwrap();
    }
    // A lower bound only: three delayed requests cannot finish sooner unless they overlapped.
    assert!(started.elapsed() >= latency * 3, "{:?}", started.elapsed());
}
