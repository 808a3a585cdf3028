//! End-to-end: the real `roster demo` binary in tmux, driven by keys, read from the screen.
//!
//! For each provider: find a workspace with the `/` filter, open it, add someone by email with a
//! chosen role, change the role with `e`, remove them with `x` + `y`; then add someone by ID and
//! remove them again; finally quit with `q` and check the terminal is back in cooked mode. The
//! sandbox lives inside the roster process, so every confirmation comes from the screen, which only
//! shows what the server confirmed (the workspace is read again after every change).
//!
//! The providers run as separate tests, each in its own tmux server, so they run in parallel.
//! Needs tmux: skipped with a message without it, except under CI, where it fails.

use crate::e2e_support;

use e2e_support::{STEP, Tmux, assert_cooked, read_when_written, tmux_or_skip, wrapped};
use roster::model::ProviderKind;
use roster::sandbox::store::User;
use roster::sandbox::{Sandbox, SandboxOptions, demo_dataset, section};
use std::collections::HashSet;

/// What one provider's run does, chosen from the demo dataset.
struct Plan {
    /// The workspace's name as listed.
    workspace: String,
    /// Role names of the workspace, in the order the forms list them.
    roles: Vec<String>,
    /// Added by email.
    by_email: User,
    /// Added by ID.
    by_id: User,
}

/// The first workspace of `kind` in the demo dataset, and two people who have no access to it at
/// all (neither granted, nor an organisation owner or admin, nor in a group granted there), so
/// that filtering on their email shows exactly the row roster adds. The one added by email is in
/// some other workspace (AskUI finds emails only among memberships).
fn plan(kind: ProviderKind) -> Plan {
    let data = demo_dataset();
    let sec = section(&data, kind);
    let ws = &sec.workspaces[0];
    let granted: HashSet<&str> = ws
        .members
        .iter()
        .filter_map(|g| g.user.as_deref())
        .collect();
    let granted_groups: HashSet<&str> = ws
        .members
        .iter()
        .filter_map(|g| g.group.as_deref())
        .collect();
    let via_group: HashSet<&str> = sec
        .groups
        .iter()
        .filter(|g| granted_groups.contains(g.id.as_str()))
        .flat_map(|g| g.members.iter().map(String::as_str))
        .collect();
    let in_some_workspace: HashSet<&str> = sec
        .workspaces
        .iter()
        .flat_map(|w| w.members.iter().filter_map(|g| g.user.as_deref()))
        .collect();
    let outsiders: Vec<&User> = sec
        .users
        .iter()
        .filter(|u| {
            !granted.contains(u.id.as_str())
                && !via_group.contains(u.id.as_str())
                && !matches!(u.org_role.as_deref(), Some("owner" | "admin"))
        })
        .collect();
    let by_email = outsiders
        .iter()
        .find(|u| in_some_workspace.contains(u.id.as_str()))
        .map(|u| (*u).clone())
        .expect("an outsider who is in another workspace");
    let by_id = outsiders
        .iter()
        .find(|u| u.id != by_email.id)
        .map(|u| (*u).clone())
        .expect("a second outsider");
    // The role names exactly as roster lists them: ask the real client, on a sandbox of our own
    // with the same dataset.
    let (id, key) = (ws.id.clone(), ws.key.clone());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (workspace, roles) = rt.block_on(async move {
        let sandbox = Sandbox::start(SandboxOptions::new(data))
            .await
            .expect("sandbox");
        let client = roster::providers::build(sandbox.provider_config(kind)).expect("client");
        let listed = client.list_workspaces().await.expect("workspaces");
        let w = listed
            .into_iter()
            .find(|w| w.id == id || Some(&w.id) == key.as_ref())
            .expect("the workspace is listed");
        let roles = client.list_roles(&w).await.expect("roles");
        (w.name, roles.into_iter().map(|r| r.name).collect())
    });
    Plan {
        workspace,
        roles,
        by_email,
        by_id,
    }
}

/// Whether a row of the member table shows `email` with `role`, as a direct member, and no dialog
/// is open any more. (The detail line under the panes, which says "direct member", is not a row;
/// toasts end their sentences with a period, so they never match the exact role word.)
fn shows_member(screen: &str, email: &str, role: &str) -> bool {
    let dialog = ["Add member to", "Change role of", "Remove member"]
        .iter()
        .any(|d| screen.contains(d));
    !dialog
        && screen.lines().any(|line| {
            let words: Vec<&str> = line
                .split(|c: char| c.is_whitespace() || "│┃".contains(c))
                .collect();
            !line.contains('·')
                && words.contains(&email)
                && words.contains(&role)
                && words.contains(&"direct")
        })
}

const NO_MATCH: &str = "Nothing matches the filter.";

/// Opens the add form, types `user`, picks role `role` (index into the listed roles) and submits.
fn add(t: &Tmux, p: &Plan, user: &str, detected: &str, role: usize) {
    t.keys(&["a"]);
    t.wait_for(&format!("Add member to {}", p.workspace));
    // The role list must be there before arrows can pick from it.
    let last = p.roles.last().expect("roles").clone();
    t.wait_until("the roles in the add form", STEP, |s| {
        s.contains(&last) && !s.contains("Loading roles")
    });
    t.type_text(user);
    t.wait_for(&format!("detected: {detected}"));
    t.keys(&["Tab"]);
    for _ in 0..p.roles.len() {
        t.keys(&["Up"]);
    }
    for _ in 0..role {
        t.keys(&["Down"]);
    }
    t.keys(&["Enter"]);
}

/// Shows only `email`'s rows in the member table. With `clear_first`, the current filter (which
/// matches nothing) is cleared first.
fn filter_members(t: &Tmux, clear_first: bool, email: &str) {
    if clear_first {
        // Esc alone, and seen to take effect (the rows are back): an Esc followed at once by `/`
        // reads as Alt-/.
        t.keys(&["Escape"]);
        t.wait_until("the filter to clear", STEP, |s| {
            s.contains("Members — ") && !s.contains(NO_MATCH)
        });
    }
    t.keys(&["/"]);
    t.type_text(email);
    t.keys(&["Enter"]);
    t.wait_for(NO_MATCH);
}

/// Removes the selected (only) row; the filter then matches nothing once the list is re-read.
fn remove_selected(t: &Tmux) {
    t.keys(&["x"]);
    t.wait_for("Remove member");
    t.keys(&["y"]);
    t.wait_for(NO_MATCH);
}

fn run_provider(kind: ProviderKind) {
    if !tmux_or_skip(&format!("e2e_tmux {kind}")) {
        return;
    }
    let p = plan(kind);
    assert!(p.roles.len() >= 2, "{kind}: needs two roles: {:?}", p.roles);
    let scratch = tempfile::tempdir().expect("scratch dir");
    let stty = scratch.path().join("stty.txt");
    let audit = scratch.path().join("audit.jsonl");
    let audit = audit.display().to_string();
    let t = Tmux::start(
        100,
        30,
        &[("ROSTER_AUDIT_FILE", audit.as_str())],
        &wrapped("demo", &stty),
    );

    // All four profiles loaded (so nothing opens by itself any more), then find the workspace.
    t.wait_until("four loaded profiles", STEP, |s| {
        s.matches('✓').count() >= 4
    });
    t.keys(&["/"]);
    t.type_text(&p.workspace);
    t.keys(&["Enter", "Enter"]);
    t.wait_for(&format!("Members — {} (", p.workspace));

    // Add by email with the second role, change it to the last, remove.
    let email = p.by_email.email.clone();
    filter_members(&t, false, &email);
    add(&t, &p, &email, "email", 1);
    t.wait_until("the member added by email", STEP, |s| {
        shows_member(s, &email, &p.roles[1])
    });
    t.keys(&["e"]);
    t.wait_for("Change role of");
    t.keys(&["g"]);
    for _ in 0..p.roles.len() - 1 {
        t.keys(&["j"]);
    }
    t.keys(&["Enter"]);
    let last = &p.roles[p.roles.len() - 1];
    t.wait_until("the new role", STEP, |s| shows_member(s, &email, last));
    remove_selected(&t);

    // Add by ID with the last role, remove.
    let other = p.by_id.email.clone();
    filter_members(&t, true, &other);
    add(&t, &p, &p.by_id.id, "ID", p.roles.len() - 1);
    t.wait_until("the member added by ID", STEP, |s| {
        shows_member(s, &other, last)
    });
    remove_selected(&t);

    // Quit: the shell gets a cooked terminal back.
    t.keys(&["q"]);
    t.wait_for("EXITED 0");
    assert_eq!(
        t.display("#{alternate_on}"),
        "0",
        "left the alternate screen"
    );
    assert_cooked(&read_when_written(&stty, STEP));
}

#[test]
fn askui_end_to_end() {
    run_provider(ProviderKind::Askui);
}

#[test]
fn dreadnode_end_to_end() {
    run_provider(ProviderKind::Dreadnode);
}

#[test]
fn paradigm_end_to_end() {
    run_provider(ProviderKind::Paradigm);
}

#[test]
fn transactionlink_end_to_end() {
    run_provider(ProviderKind::Transactionlink);
}

/// The audit line of a change is on disk before the change is shown: killing roster with SIGKILL
/// the moment the new member appears loses nothing.
#[test]
fn audit_line_survives_kill_9() {
    if !tmux_or_skip("e2e_tmux audit kill -9") {
        return;
    }
    let p = plan(ProviderKind::Dreadnode);
    let scratch = tempfile::tempdir().expect("scratch dir");
    let stty = scratch.path().join("stty.txt");
    let audit = scratch.path().join("audit.jsonl");
    let audit_env = audit.display().to_string();
    let t = Tmux::start(
        100,
        30,
        &[("ROSTER_AUDIT_FILE", audit_env.as_str())],
        &wrapped("demo", &stty),
    );
    t.wait_until("four loaded profiles", STEP, |s| {
        s.matches('✓').count() >= 4
    });
    t.keys(&["/"]);
    t.type_text(&p.workspace);
    t.keys(&["Enter", "Enter"]);
    t.wait_for(&format!("Members — {} (", p.workspace));
    let email = p.by_email.email.clone();
    filter_members(&t, false, &email);
    add(&t, &p, &email, "email", 1);
    t.wait_until("the member added by email", STEP, |s| {
        shows_member(s, &email, &p.roles[1])
    });

    let pid = e2e_support::find_roster(t.pane_pid(), STEP);
    // SAFETY: kill(2) on a process this test started (through tmux) and identified by its binary.
    assert_eq!(unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) }, 0);
    assert!(
        e2e_support::poll(STEP, || !e2e_support::running(pid)),
        "roster survived SIGKILL"
    );

    let entries = roster::audit::read_entries(&audit).expect("audit file");
    let add = entries
        .iter()
        .find(|e| e.operation == "add" && e.phase.as_deref() == Some("outcome"))
        .unwrap_or_else(|| panic!("no add outcome in {entries:#?}"));
    assert!(
        entries.iter().any(|e| e.operation == "add"
            && e.phase.as_deref() == Some("intent")
            && e.change_id == add.change_id),
        "its intent was recorded before the first request: {entries:#?}"
    );
    assert_eq!(add.outcome, "ok");
    assert_eq!(add.profile, "dreadnode");
    assert_eq!(add.user.as_deref(), Some(email.as_str()));
    assert_eq!(add.new_role.as_deref(), Some(p.roles[1].as_str()));
    assert!(
        entries.iter().any(|e| e.operation == "step"
            && e.detail.as_deref().is_some_and(|d| d.starts_with("POST "))),
        "the POST step is recorded: {entries:#?}"
    );
}
