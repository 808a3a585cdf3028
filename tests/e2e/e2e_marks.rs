//! Marks, a bulk removal and `z` undo, end to end: the real `roster --config` binary in tmux against
//! a sandbox that runs in the test process, so the test reads the sandbox store itself instead of
//! trusting the screen.
//!
//! The admin marks three members of one workspace (each found with the `/` filter, marked with
//! `space`, the filter cleared with Esc, which keeps the marks), presses `x`, sees one preview naming
//! all three, applies it with `y` and sees every outcome; the store no longer holds their grants
//! and the owner is untouched. Then `z` asks with one line and `y` undoes the last change of the
//! session: exactly one of the three is back in the store, with the role they had. Needs tmux:
//! skipped with a message without it, except under CI, where it fails.

use crate::e2e_support;

use e2e_support::{STEP, Tmux, assert_cooked, poll, read_when_written, sh_quote, wrapped};
use roster::sandbox::store::{Grant, User, WorkspaceData};
use roster::sandbox::{Sandbox, SandboxOptions, demo_dataset};

/// The workspace the test adds to the demo's AskUI account.
const WORKSPACE_ID: &str = "00000000-0000-4000-8000-0000000e2e01";
const WORKSPACE: &str = "Offboarding Drill";
const OWNER: &str = "ROLE_WORKSPACE_OWNER";

/// (ID, email, name, role) of the members of the drill workspace; the first is its only owner
/// and stays, the other three leave.
const PEOPLE: [(&str, &str, &str, &str); 4] = [
    (
        "auth0|e2e00000000000000000000a",
        "olive.owner@drill.example",
        "Olive Owner",
        OWNER,
    ),
    (
        "auth0|e2e00000000000000000000b",
        "lena.leaver@drill.example",
        "Lena Leaver",
        "ROLE_WORKSPACE_ADMIN",
    ),
    (
        "auth0|e2e00000000000000000000c",
        "luis.leaver@drill.example",
        "Luis Leaver",
        "ROLE_WORKSPACE_MEMBER",
    ),
    (
        "auth0|e2e00000000000000000000d",
        "lou.leaver@drill.example",
        "Lou Leaver",
        "ROLE_WORKSPACE_MEMBER",
    ),
];

/// The demo dataset with the drill workspace and its four people added to AskUI.
fn dataset() -> roster::sandbox::store::Dataset {
    let mut data = demo_dataset();
    for (id, email, name, _) in PEOPLE {
        data[roster::providers::askui::KIND].users.push(User {
            id: id.into(),
            email: email.into(),
            name: name.into(),
            org_role: None,
        });
    }
    data[roster::providers::askui::KIND]
        .workspaces
        .push(WorkspaceData {
            id: WORKSPACE_ID.into(),
            key: None,
            name: WORKSPACE.into(),
            roles: Vec::new(),
            members: PEOPLE
                .iter()
                .map(|(id, _, _, role)| Grant {
                    id: None,
                    user: Some((*id).into()),
                    group: None,
                    role: (*role).into(),
                })
                .collect(),
        });
    data
}

/// The drill workspace's grants in the store: (user ID, role), sorted.
fn grants(sandbox: &Sandbox) -> Vec<(String, String)> {
    let mut grants: Vec<(String, String)> = sandbox.store().read(|d| {
        d[roster::providers::askui::KIND]
            .workspaces
            .iter()
            .find(|w| w.id == WORKSPACE_ID)
            .map(|w| {
                w.members
                    .iter()
                    .filter_map(|g| Some((g.user.clone()?, g.role.clone())))
                    .collect()
            })
            .unwrap_or_default()
    });
    grants.sort();
    grants
}

/// Waits (with a deadline) until the store holds exactly `want` for the drill workspace.
fn wait_for_grants(sandbox: &Sandbox, what: &str, want: &[(String, String)]) {
    let mut last = Vec::new();
    let held = poll(STEP, || {
        last = grants(sandbox);
        last == want
    });
    assert!(held, "{what}: the store holds {last:?}, expected {want:?}");
}

fn grant(i: usize) -> (String, String) {
    (PEOPLE[i].0.to_string(), PEOPLE[i].3.to_string())
}

#[test]
fn three_marked_members_are_removed_as_one_plan_and_z_brings_the_last_one_back() {
    if !e2e_support::tmux_or_skip(
        "three_marked_members_are_removed_as_one_plan_and_z_brings_the_last_one_back",
    ) {
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let sandbox = rt
        .block_on(Sandbox::start(SandboxOptions::new(dataset())))
        .expect("sandbox");
    let scratch = tempfile::tempdir().expect("scratch dir");
    let config =
        roster::sandbox::config_file::write_config(&scratch.path().join("roster.toml"), &sandbox)
            .expect("write the config");
    let audit = scratch.path().join("audit.jsonl").display().to_string();
    let data = scratch.path().join("data").display().to_string();
    let stty = scratch.path().join("stty.txt");
    let everyone: Vec<(String, String)> = (0..4).map(grant).collect();
    assert_eq!(grants(&sandbox), everyone, "the drill starts with four");

    let t = Tmux::start(
        120,
        40,
        &[
            ("ROSTER_AUDIT_FILE", audit.as_str()),
            ("XDG_DATA_HOME", data.as_str()),
        ],
        &wrapped(
            &format!("--config {}", sh_quote(&config.display().to_string())),
            &stty,
        ),
    );
    t.wait_until("four loaded profiles", STEP, |s| {
        s.matches('✓').count() >= 4 && s.contains("Members — ")
    });
    // Open the drill workspace (Enter also focuses its members).
    t.keys(&["/"]);
    t.type_text(WORKSPACE);
    t.keys(&["Enter", "j", "Enter"]);
    t.wait_for(&format!("Members — {WORKSPACE} (4)"));
    let owner_email = PEOPLE[0].1;
    t.wait_for(owner_email);

    // Mark the three leavers, each found with the filter; Esc clears the filter, not the marks.
    for (n, (_, email, _, _)) in PEOPLE[1..].iter().enumerate() {
        t.keys(&["/"]);
        t.type_text(email);
        t.keys(&["Enter"]);
        t.wait_until(&format!("only {email} listed"), STEP, |s| {
            s.contains(email) && !s.contains(owner_email)
        });
        t.keys(&["Space"]);
        t.wait_for(&format!("{} marked", n + 1));
        t.keys(&["Escape"]);
        t.wait_until("the filter to clear", STEP, |s| s.contains(owner_email));
    }
    let screen = t.wait_for("3 marked");
    assert!(
        screen
            .lines()
            .next()
            .is_some_and(|l| l.contains("3 marked")),
        "the header counts the marks: {screen}"
    );

    // x: one preview naming all three, nothing sent yet.
    t.keys(&["x"]);
    let preview = t.wait_for("Remove 3 members");
    for (_, _, name, _) in &PEOPLE[1..] {
        assert!(preview.contains(name), "{name} in the preview: {preview}");
    }
    assert!(
        !preview.contains(PEOPLE[0].2) || preview.contains(owner_email),
        "the owner is not in the plan: {preview}"
    );
    assert_eq!(grants(&sandbox), everyone, "the preview sends nothing");

    // y applies it: every outcome shown, the store holds only the owner, the marks are gone.
    t.keys(&["y"]);
    let done = t.wait_for("Done: all 3 changes");
    assert!(done.contains("3 of 3"), "progress n of N: {done}");
    wait_for_grants(&sandbox, "after the bulk removal", &[grant(0)]);
    assert!(
        !done.lines().next().is_some_and(|l| l.contains("marked")),
        "rows that succeeded are no longer marked: {done}"
    );
    t.keys(&["Escape"]);
    t.wait_until(
        "the dialog to close and the list to be read again",
        STEP,
        |s| {
            !s.contains("Remove 3 members")
                && s.contains(&format!("Members — {WORKSPACE} (1)"))
                && PEOPLE[1..]
                    .iter()
                    .all(|(_, email, _, _)| !s.contains(email))
        },
    );

    // z: one line saying what it will do; Esc would keep it, y undoes through the engine.
    t.keys(&["z"]);
    let question = t.wait_for("undo change");
    assert!(question.contains("y undoes it"), "{question}");
    assert_eq!(grants(&sandbox), vec![grant(0)], "asking sends nothing");
    t.keys(&["y"]);
    t.wait_for("Undone:");
    // Exactly one leaver is back, with the role they had; the other two stay removed.
    let mut back = Vec::new();
    let came_back = poll(STEP, || {
        back = grants(&sandbox);
        back.len() == 2
    });
    assert!(came_back, "one grant comes back: {back:?}");
    assert!(back.contains(&grant(0)), "{back:?}");
    let returned = back
        .iter()
        .find(|g| **g != grant(0))
        .expect("the returned grant");
    assert!(
        (1..4).any(|i| *returned == grant(i)),
        "a leaver is back with their old role: {back:?}"
    );
    let name = PEOPLE
        .iter()
        .find(|p| p.0 == returned.0)
        .map(|p| p.1)
        .expect("known");
    t.wait_until("the returned member listed again", STEP, |s| {
        s.contains(&format!("Members — {WORKSPACE} (2)")) && s.contains(name)
    });

    t.keys(&["q"]);
    t.wait_for("EXITED 0");
    assert_cooked(&read_when_written(&stty, STEP));
    // Both the removals and the undo are in the audit log.
    let entries = roster::audit::read_entries(std::path::Path::new(&audit)).expect("audit log");
    let removals = entries
        .iter()
        .filter(|e| e.operation == "remove" && e.outcome == "ok")
        .count();
    assert!(removals >= 3, "three audited removals: {entries:?}");
    assert!(
        entries
            .iter()
            .any(|e| e.operation == "add" && e.outcome == "ok"),
        "the undo is audited: {entries:?}"
    );
    drop(t);
    rt.block_on(sandbox.shutdown());
}
