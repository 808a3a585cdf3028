//! `roster undo` through the real binary against the sandbox: the undo of each kind of change on
//! each provider, checked in the store; an undo is audited and can be undone in turn; an undo
//! refused because the member changed in between; what cannot be undone; a dry run sends nothing.

use crate::cli_people::{
    BOB_ASKUI, BOB_DREADNODE, BOB_PARADIGM, BOB_TL, DAN_ASKUI, DAN_DREADNODE, DAN_PARADIGM, DAN_TL,
    LEGAL, RED_TEAM, RESEARCH_ASKUI, RESEARCH_TL, changes_sent, count_changes,
};
use crate::cli_support;
use crate::common;

use cli_support::*;
use roster::sandbox::store::{Dataset, ProviderData};
use serde_json::Value;

/// One provider's case: profile, workspace (as typed and its ID), the user to add (as typed, and
/// their ID), the direct member to change (as typed, and their ID), two roles (as typed and as
/// stored), and how to reach the provider's part of the store.
struct Case {
    profile: &'static str,
    workspace: &'static str,
    workspace_id: &'static str,
    add: &'static str,
    add_id: &'static str,
    member: &'static str,
    member_id: &'static str,
    /// The member's role now, as stored.
    old: &'static str,
    /// Another role: as typed, and as stored.
    new: (&'static str, &'static str),
    section: fn(&Dataset) -> &ProviderData,
}

fn cases() -> [Case; 4] {
    [
        Case {
            profile: "askui",
            workspace: "Research",
            workspace_id: RESEARCH_ASKUI,
            // AskUI finds people by email only among workspace members: dan is added by ID.
            add: DAN_ASKUI,
            add_id: DAN_ASKUI,
            member: "bob@example.com",
            member_id: BOB_ASKUI,
            old: "ROLE_WORKSPACE_MEMBER",
            new: ("admin", "ROLE_WORKSPACE_ADMIN"),
            section: |d| &d.askui,
        },
        Case {
            profile: "dreadnode",
            workspace: "red-team",
            workspace_id: RED_TEAM,
            add: "dan@example.com",
            add_id: DAN_DREADNODE,
            member: "bob@example.com",
            member_id: BOB_DREADNODE,
            old: "reader",
            new: ("contributor", "contributor"),
            section: |d| &d.dreadnode,
        },
        Case {
            profile: "paradigm",
            workspace: "Legal",
            workspace_id: LEGAL,
            add: "dan@example.com",
            add_id: DAN_PARADIGM,
            member: "bob@example.com",
            member_id: BOB_PARADIGM,
            old: "viewer",
            new: ("editor", "editor"),
            section: |d| &d.paradigm,
        },
        Case {
            profile: "tl",
            workspace: "Research",
            workspace_id: RESEARCH_TL,
            add: "dan@example.com",
            add_id: DAN_TL,
            member: "bob@example.com",
            member_id: BOB_TL,
            old: TL_ROLE_MANAGER,
            new: ("Analyst", TL_ROLE_ANALYST),
            section: |d| &d.transactionlink,
        },
    ]
}

/// Runs `roster ARGS -o json` and returns the change's ID.
fn change_id(home: &Home, args: &[&str]) -> String {
    let mut full = args.to_vec();
    full.extend(["-o", "json"]);
    let run = home.run(&full);
    run.expect_code(0).expect_no_token();
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON");
    v["changes"][0]["id"]
        .as_str()
        .expect("a change that ran has an ID")
        .to_string()
}

/// `roster undo ID --yes -o json`: the undo's own change record.
fn undo(home: &Home, id: Option<&str>) -> Value {
    let mut args = vec!["undo"];
    args.extend(id);
    args.extend(["--yes", "-o", "json"]);
    let run = home.run(&args);
    run.expect_code(0).expect_no_token();
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON");
    if let Some(id) = id {
        assert_eq!(v["undoes"], id);
    }
    assert_eq!(v["changes"][0]["outcome"], "done", "{v:#}");
    v["changes"][0].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_kind_of_change_is_undone_on_each_provider() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    for c in cases() {
        let role =
            |who: &str| grant_role((c.section)(&server.store.snapshot()), c.workspace_id, who);
        // An add, undone: the member added is removed.
        let add = change_id(
            &home,
            &[
                "add",
                "-p",
                c.profile,
                c.workspace,
                c.add,
                "--role",
                c.new.0,
            ],
        );
        assert_eq!(role(c.add_id).as_deref(), Some(c.new.1), "{}", c.profile);
        let undone = undo(&home, Some(&add));
        assert_eq!(undone["operation"], "remove", "{}: {undone:#}", c.profile);
        assert_eq!(role(c.add_id), None, "{}: the add is undone", c.profile);
        // A role change, undone: the old role is back.
        let set = change_id(
            &home,
            &["set-role", "-p", c.profile, c.workspace, c.member, c.new.0],
        );
        assert_eq!(role(c.member_id).as_deref(), Some(c.new.1));
        let undone = undo(&home, Some(&set));
        assert_eq!(undone["operation"], "set-role");
        assert_eq!(
            role(c.member_id).as_deref(),
            Some(c.old),
            "{}: the old role is restored",
            c.profile
        );
        // A removal, undone: re-added with the role they had.
        let remove = change_id(
            &home,
            &["remove", "-p", c.profile, c.workspace, c.member, "--yes"],
        );
        assert_eq!(role(c.member_id), None);
        let undone = undo(&home, Some(&remove));
        assert_eq!(undone["operation"], "add");
        assert_eq!(
            role(c.member_id).as_deref(),
            Some(c.old),
            "{}: re-added with the old role",
            c.profile
        );
        // The undo is a change of its own: audited, and undone by default as the last change.
        let undo_id = undone["id"].as_str().expect("the undo's ID").to_string();
        let audit = roster::audit::read_entries(&home.path("audit.jsonl")).unwrap();
        assert!(
            audit
                .iter()
                .any(|e| e.change_id.as_deref() == Some(&undo_id)
                    && e.phase.as_deref() == Some("intent")
                    && e.change.is_some()),
            "the undo's intent carries the change"
        );
        assert!(
            audit
                .iter()
                .any(|e| e.change_id.as_deref() == Some(&undo_id)
                    && e.phase.as_deref() == Some("outcome")
                    && e.outcome == "ok")
        );
        let redo = undo(&home, None);
        assert_eq!(redo["operation"], "remove", "{}: {redo:#}", c.profile);
        assert_eq!(role(c.member_id), None, "{}: the undo is undone", c.profile);
        undo(&home, None);
        assert_eq!(role(c.member_id).as_deref(), Some(c.old));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undo_is_refused_when_the_member_changed_in_between() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let add = change_id(
        &home,
        &[
            "add",
            "-p",
            "paradigm",
            "Legal",
            "dan@example.com",
            "--role",
            "viewer",
        ],
    );
    // Someone changes dan's role after the add.
    home.run(&[
        "set-role",
        "-p",
        "paradigm",
        "Legal",
        "dan@example.com",
        "editor",
    ])
    .expect_code(0);
    let counted = count_changes(&server);
    let run = home.run(&["undo", &add, "--yes"]);
    run.expect_code(1).expect_no_token();
    assert!(
        run.stderr.contains("Not sent")
            && run.stderr.contains("is now a member with role editor")
            && run.stderr.contains("was a member with role viewer"),
        "says what the server holds now: {}",
        run.stderr
    );
    assert_eq!(changes_sent(&server, &counted), 0, "nothing sent");
    assert_eq!(
        grant_role(&server.store.snapshot().paradigm, LEGAL, DAN_PARADIGM).as_deref(),
        Some("editor")
    );
    let audit = roster::audit::read_entries(&home.path("audit.jsonl")).unwrap();
    assert!(
        audit.iter().any(|e| e.outcome == "stale"),
        "the refusal is audited"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_cannot_be_undone_says_why_and_a_dry_run_sends_nothing() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    // Nothing done yet.
    let run = home.run(&["undo", "--yes"]);
    run.expect_code(2);
    assert!(run.stderr.contains("nothing to undo"), "{}", run.stderr);
    home.run(&["undo", "c00000000", "--yes"]).expect_code(2);
    // A created workspace: no API deletes one.
    let created = change_id(
        &home,
        &["create-workspace", "-p", "dreadnode", "Purple Team"],
    );
    let run = home.run(&["undo", &created, "--yes"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("cannot be undone") && run.stderr.contains("Dreadnode's console"),
        "{}",
        run.stderr
    );
    // A dry run says what it would do and sends nothing; without a terminal, --yes is needed.
    let remove = change_id(
        &home,
        &["remove", "-p", "tl", "Research", "cyd@example.com", "--yes"],
    );
    // A change that did not take effect (bob is already there) is not the last change to undo.
    home.run(&[
        "add",
        "-p",
        "dreadnode",
        "red-team",
        "bob@example.com",
        "--role",
        "reader",
    ])
    .expect_code(1);
    let counted = count_changes(&server);
    let dry = home.run(&["undo", "--dry-run", "-o", "json"]);
    dry.expect_code(0);
    let v: Value = serde_json::from_str(&dry.stdout).unwrap();
    assert_eq!(v["undoes"], remove.as_str());
    assert_eq!(v["operation"], "add");
    home.run(&["undo"]).expect_code(2);
    home.run(&["--readonly", "undo", "--yes"]).expect_code(2);
    assert_eq!(changes_sent(&server, &counted), 0);
    assert_eq!(
        grant_role(
            &server.store.snapshot().transactionlink,
            RESEARCH_TL,
            "c0000000-0000-4000-8000-000000000003"
        ),
        None
    );
}
