//! Happy paths of the changing commands, one test per provider, through the real binary and real
//! HTTP: add by email, add by ID, set-role, remove. Each step is checked twice: in what roster prints
//! (the state a fresh listing confirmed) and in the sandbox's own data.

use crate::cli_support;
use crate::common;

use cli_support::*;
use roster::sandbox::store::ProviderData;

/// One provider's scenario: a workspace (as typed), its ID in the store, two users to add (one by
/// email, one by ID), and the role names to use.
struct Scenario {
    profile: &'static str,
    workspace: &'static str,
    workspace_id: &'static str,
    by_email: (&'static str, &'static str),
    by_id: &'static str,
    first_role: &'static str,
    first_wire: &'static str,
    second_role: &'static str,
    second_wire: &'static str,
    data: fn(&roster::sandbox::store::Dataset) -> &ProviderData,
}

async fn run_scenario(s: Scenario) {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let data = |server: &common::TestServer| (s.data)(&server.store.snapshot()).clone();
    let (email, email_id) = s.by_email;

    // Add by email, with the role typed in another case.
    let role_typed = s.first_role.to_uppercase();
    let run = home.run(&[
        "add",
        "-p",
        s.profile,
        s.workspace,
        email,
        "--role",
        &role_typed,
    ]);
    run.expect_code(0).expect_no_token();
    assert!(run.stdout.starts_with("Added "), "{}", run.stdout);
    assert!(run.stdout.contains(email), "{}", run.stdout);
    assert!(run.stdout.contains(s.first_role), "{}", run.stdout);
    assert_eq!(
        grant_role(&data(&server), s.workspace_id, email_id).as_deref(),
        Some(s.first_wire)
    );

    // Add by ID.
    let run = home.run(&[
        "add",
        "-p",
        s.profile,
        s.workspace,
        s.by_id,
        "--role",
        s.second_role,
    ]);
    run.expect_code(0).expect_no_token();
    assert!(run.stdout.contains(s.by_id), "{}", run.stdout);
    assert!(run.stdout.contains(s.second_role), "{}", run.stdout);
    assert_eq!(
        grant_role(&data(&server), s.workspace_id, s.by_id).as_deref(),
        Some(s.second_wire)
    );

    // Set the role it already has: nothing is sent, exit 0.
    let before = server.store.snapshot();
    let run = home.run(&[
        "set-role",
        "-p",
        s.profile,
        s.workspace,
        email,
        s.first_role,
    ]);
    run.expect_code(0);
    assert!(run.stdout.contains("nothing changed"), "{}", run.stdout);
    assert_eq!(server.store.snapshot(), before);

    // Change the role.
    let run = home.run(&[
        "set-role",
        "-p",
        s.profile,
        s.workspace,
        email,
        s.second_role,
    ]);
    run.expect_code(0).expect_no_token();
    assert!(
        run.stdout.starts_with("Changed the role of "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("-> {}", s.second_role)),
        "{}",
        run.stdout
    );
    assert_eq!(
        grant_role(&data(&server), s.workspace_id, email_id).as_deref(),
        Some(s.second_wire)
    );

    // The listing shows both new members with their roles.
    let list = home.run(&["members", "-p", s.profile, s.workspace, "-o", "csv"]);
    list.expect_code(0);
    let rows = parse_csv(&list.stdout);
    assert!(
        rows.iter()
            .any(|r| r[0] == email_id && r[3] == s.second_role),
        "{}",
        list.stdout
    );
    assert!(
        rows.iter()
            .any(|r| r[0] == s.by_id && r[3] == s.second_role),
        "{}",
        list.stdout
    );

    // Remove, by email then by ID.
    for who in [email, s.by_id] {
        let run = home.run(&["remove", "-p", s.profile, s.workspace, who, "--yes"]);
        run.expect_code(0).expect_no_token();
        assert!(run.stdout.starts_with("Removed "), "{}", run.stdout);
        assert!(run.stdout.contains("no longer"), "{}", run.stdout);
    }
    assert_eq!(grant_role(&data(&server), s.workspace_id, email_id), None);
    assert_eq!(grant_role(&data(&server), s.workspace_id, s.by_id), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transactionlink_add_change_remove() {
    run_scenario(Scenario {
        profile: "tl",
        workspace: "research",
        workspace_id: "b0000000-0000-4000-8000-0000000000f1",
        by_email: ("dan@example.com", "c0000000-0000-4000-8000-000000000004"),
        by_id: "c0000000-0000-4000-8000-000000000005",
        first_role: "Analyst",
        first_wire: TL_ROLE_ANALYST,
        second_role: "Manager",
        second_wire: TL_ROLE_MANAGER,
        data: |d| &d[roster::providers::transactionlink::KIND],
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dreadnode_add_change_remove() {
    run_scenario(Scenario {
        profile: "dreadnode",
        workspace: "red-team",
        workspace_id: "red-team",
        by_email: ("dan@example.com", "d0000000-0000-4000-8000-000000000004"),
        by_id: "d0000000-0000-4000-8000-000000000003",
        first_role: "reader",
        first_wire: "reader",
        second_role: "contributor",
        second_wire: "contributor",
        data: |d| &d[roster::providers::dreadnode::KIND],
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paradigm_add_change_remove() {
    run_scenario(Scenario {
        profile: "paradigm",
        workspace: "Legal",
        workspace_id: "101",
        by_email: ("dan@example.com", "4"),
        by_id: "3",
        first_role: "viewer",
        first_wire: "viewer",
        second_role: "editor",
        second_wire: "editor",
        data: |d| &d[roster::providers::paradigm::KIND],
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn askui_add_change_remove() {
    // AskUI finds users by email only among existing memberships: Cyd is in Sales, not in Research.
    run_scenario(Scenario {
        profile: "askui",
        workspace: "Research",
        workspace_id: "3f1c2b7e-0000-4000-8000-0000000000a1",
        by_email: ("cyd@example.com", "auth0|cyd"),
        by_id: "auth0|dan",
        first_role: "member",
        first_wire: "ROLE_WORKSPACE_MEMBER",
        second_role: "admin",
        second_wire: "ROLE_WORKSPACE_ADMIN",
        data: |d| &d[roster::providers::askui::KIND],
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_workspace_where_supported_and_refuse_where_not() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let run = home.run(&[
        "create-workspace",
        "-p",
        "dreadnode",
        "Purple Team",
        "--key",
        "purple-team",
    ]);
    run.expect_code(0).expect_no_token();
    assert!(run.stdout.contains("Purple Team"), "{}", run.stdout);
    assert!(
        server.store.snapshot()[roster::providers::dreadnode::KIND]
            .workspaces
            .iter()
            .any(|w| w.name == "Purple Team" && w.key.as_deref() == Some("purple-team"))
    );

    let before = server.store.snapshot();
    let run = home.run(&["create-workspace", "-p", "tl", "Nope"]);
    run.expect_code(1);
    assert!(
        run.stderr.to_lowercase().contains("transactionlink"),
        "the provider is named: {}",
        run.stderr
    );
    assert_eq!(server.store.snapshot(), before);
}

/// Runs `roster ARGS` under `script`, which gives it a pseudo-terminal as stdin, and types `answer`.
/// `None` when `script` (util-linux) is not installed.
fn run_on_a_terminal(home: &Home, args: &[&str], answer: &str) -> Option<Run> {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipping: `script` is not installed");
        return None;
    }
    let roster = assert_cmd::cargo::cargo_bin("roster");
    let mut line = format!(
        "'{}' --config '{}'",
        roster.display(),
        home.config.display()
    );
    for a in args {
        line.push_str(&format!(" '{a}'"));
    }
    let mut script = assert_cmd::Command::new("script");
    script.args(["-qec", &line, "/dev/null"]);
    home.isolate(&mut script);
    script.write_stdin(answer.to_string());
    Some(run_command(script))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remove_asks_on_a_terminal_and_only_yes_removes() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let ws = "b0000000-0000-4000-8000-0000000000f1";
    let bob = "c0000000-0000-4000-8000-000000000002";
    let before = server.store.snapshot();
    let Some(run) = run_on_a_terminal(
        &home,
        &["remove", "-p", "tl", "Research", "bob@example.com"],
        "n\n",
    ) else {
        return;
    };
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains("Remove Bob Builder <bob@example.com>"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("[y/N]"), "{}", run.stdout);
    assert!(run.stdout.contains("not removed"), "{}", run.stdout);
    assert_eq!(server.store.snapshot(), before);

    let run = run_on_a_terminal(
        &home,
        &["remove", "-p", "tl", "Research", "bob@example.com"],
        "y\n",
    )
    .expect("script present");
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("Removed Bob Builder"), "{}", run.stdout);
    assert_eq!(
        grant_role(
            &server.store.snapshot()[roster::providers::transactionlink::KIND],
            ws,
            bob
        ),
        None
    );
}
