//! Issue 12 through the real worker and clients against the sandbox: a failed profile retried once
//! its token file is fixed (its client rebuilt), Paradigm's direct members with their names, and a
//! TransactionLink organisation admin with a direct grant listed with both rows.

use crate::common;

use ratatui::crossterm::event::KeyCode;
use roster::config::Config;
use roster::model::Access;
use roster::sandbox::demo::demo_dataset;
use roster::sandbox::store::Grant;
use roster::sandbox::{section, section_mut};
use roster::tui::runtime::headless::Driver;
use roster::tui::state::ProfileStatus;
use roster::tui::{TuiOptions, TuiProfile};
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_whose_token_file_was_fixed_is_retried_with_enter() {
    let server = common::serve(demo_dataset()).await;
    let client = server
        .sandbox
        .provider_config(roster::providers::paradigm::KIND);
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("paradigm.token");
    std::fs::write(&token, client.token.expose()).unwrap();
    // Readable by others: roster refuses it.
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o644)).unwrap();
    let text = format!(
        "[profiles.lighton]\nprovider = \"paradigm\"\nbase_url = {:?}\ntoken_file = {:?}\n{}",
        client.base_url,
        token.display().to_string(),
        client
            .settings
            .iter()
            .map(|(key, value)| format!("{key} = {value}\n"))
            .collect::<String>()
    );
    let config = Config::parse(&text, &dir.path().join("config.toml")).unwrap();
    let engine = common::engine();
    let profile = config.profile("lighton").unwrap().clone();
    let first = profile
        .resolve_token(None)
        .map(|_| ())
        .map_err(|e| e.to_string());
    assert!(
        first
            .as_ref()
            .is_err_and(|e| e.contains("0644") || e.contains("mode")),
        "{first:?}"
    );
    let tui_profile = TuiProfile {
        name: profile.name.clone(),
        kind: profile.kind,
        provider: Err(first.unwrap_err()),
        max_concurrency: 4,
        readonly: false,
    };
    let options = TuiOptions {
        rebuild: Some(roster::tui::runtime::rebuilder(
            vec![profile],
            engine.engine.clone(),
        )),
        ..engine.tui_options()
    };
    let mut d = Driver::start(vec![tui_profile], options, 100, 30);
    assert!(matches!(
        d.app().profiles()[0].status,
        ProfileStatus::Unavailable(_)
    ));
    // Enter before the fix: still unusable, and it says why.
    d.press(KeyCode::Enter);
    d.wait_until("the rebuild to answer", WAIT, |app, _| {
        app.profiles()[0].pending.is_none()
    })
    .await
    .unwrap();
    assert!(matches!(
        d.app().profiles()[0].status,
        ProfileStatus::Unavailable(_)
    ));
    // The admin fixes the file; Enter reads it again and the profile loads.
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
    d.press(KeyCode::Enter);
    d.wait_until("the profile to load", WAIT, |app, _| {
        app.profiles()[0].status == ProfileStatus::Ready && !app.profiles()[0].workspaces.is_empty()
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paradigm_direct_members_have_names() {
    let server = common::serve(demo_dataset()).await;
    let provider = roster::providers::build(
        server
            .sandbox
            .provider_config(roster::providers::paradigm::KIND),
    )
    .map_err(|e| e.to_string());
    let profile = TuiProfile {
        name: "lighton".into(),
        kind: roster::providers::paradigm::KIND,
        provider,
        max_concurrency: 4,
        readonly: false,
    };
    let engine = common::engine();
    let mut d = Driver::start(vec![profile], engine.tui_options(), 120, 40);
    d.wait_until("the first workspace's members", WAIT, |app, _| {
        app.open_workspace()
            .is_some_and(|(_, w)| w.members.loaded && w.members.pending.is_none())
    })
    .await
    .unwrap();
    let (_, ws) = d.app().open_workspace().unwrap();
    let direct: Vec<_> = ws
        .members
        .rows
        .iter()
        .map(|r| r.member())
        .filter(|m| m.access.is_direct() && m.kind == roster::model::MemberKind::User)
        .collect();
    assert!(!direct.is_empty());
    let screen = d.screen();
    let mut on_screen = 0;
    for m in direct {
        let name = m.name.clone().unwrap_or_default();
        assert!(!name.is_empty(), "no name for {m:?}");
        let expected = server.store.read(|d| {
            section(d, roster::providers::paradigm::KIND)
                .users
                .iter()
                .find(|u| u.id == m.id)
                .map(|u| u.name.clone())
        });
        assert_eq!(Some(name.clone()), expected);
        on_screen += usize::from(screen.contains(&name));
    }
    assert!(on_screen > 0, "the names on screen:\n{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transactionlink_organisation_admin_with_a_direct_grant_has_both_rows() {
    let server = common::serve(demo_dataset()).await;
    // Give an organisation admin a direct grant in the first workspace.
    let (admin, ws_id) = server
        .store
        .write(|d| {
            let tl = section_mut(d, roster::providers::transactionlink::KIND);
            let admin = tl
                .users
                .iter()
                .find(|u| u.org_role.as_deref() == Some("admin"))
                .expect("an organisation admin")
                .id
                .clone();
            let ws = &mut tl.workspaces[0];
            ws.members
                .retain(|g| g.user.as_deref() != Some(admin.as_str()));
            let role = ws.roles.last().expect("a role").id.clone();
            ws.members.push(Grant {
                id: None,
                user: Some(admin.clone()),
                group: None,
                role,
            });
            (admin, ws.id.clone())
        })
        .unwrap();
    let client = roster::providers::build(
        server
            .sandbox
            .provider_config(roster::providers::transactionlink::KIND),
    )
    .unwrap();
    let ws = client
        .list_workspaces()
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.id == ws_id)
        .unwrap();
    let rows: Vec<_> = client
        .list_members(&ws, true)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.id.eq_ignore_ascii_case(&admin))
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().any(|m| m.access == Access::Direct));
    assert!(rows.iter().any(
        |m| matches!(&m.access, Access::Inherited { via } if via.contains("organisation admin"))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_configs_screen_settings_apply_and_their_problems_show_at_start_with_file_and_line() {
    let text = "mouse = false\n\n[keys]\nsort = \"o\"\nadd = \"r\"\n\n[theme]\npreset = \"high-contrast\"\nerror = \"bloodish\"\n";
    let config = Config::parse(text, std::path::Path::new("/etc/roster/config.toml")).unwrap();
    let options = roster::tui::runtime::screen_settings(&config);
    assert!(!options.mouse, "mouse = false turns the mouse off");
    // `add = "r"` would give r two meanings (refresh): refused, with its line; so is a colour
    // roster cannot read.
    assert_eq!(options.problems.len(), 2, "{:?}", options.problems);
    assert!(
        options.problems[0].starts_with("/etc/roster/config.toml:5: `add` = r conflicts"),
        "{:?}",
        options.problems
    );
    assert!(
        options.problems[1].starts_with("/etc/roster/config.toml:7: [theme] error"),
        "{:?}",
        options.problems
    );
    let engine = common::engine();
    let options = TuiOptions {
        engine: engine.engine.clone(),
        ..options
    };
    let mut d = Driver::start(Vec::new(), options, 160, 30);
    let toast = d.app().toast().map(|t| t.text.clone()).unwrap_or_default();
    assert!(
        toast.starts_with("Config: /etc/roster/config.toml:5:"),
        "{toast}"
    );
    let screen = d.screen();
    assert!(screen.contains("/etc/roster/config.toml:5"), "{screen}");
    // The rebinding that was accepted works in the focused left pane: `o` sorts, `s` no longer
    // does.
    let before = d.app().tree_sort();
    d.press(KeyCode::Char('s'));
    assert_eq!(d.app().tree_sort(), before, "s is no longer sort");
    d.press(KeyCode::Char('o'));
    assert_ne!(d.app().tree_sort(), before, "o sorts");
}
