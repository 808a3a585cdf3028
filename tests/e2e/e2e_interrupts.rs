//! Quitting the TUI while a change runs, on the real binary in tmux, against a sandbox in this test
//! process whose fault layer holds back the middle step of an emulated change. The TUI asks first,
//! finishes the change, then quits; quitting at once says what it leaves, and `roster recover`
//! completes it; SIGTERM finishes the change before exiting. The member ends in the old or the new
//! state, never absent, checked in the store.

use crate::e2e_support;

use axum::http::Method;
use e2e_support::{STEP, Tmux, read_when_written, sh_quote, wrapped};
use roster::model::ProviderKind;
use roster::sandbox::store::Dataset;
use roster::sandbox::{Fault, FaultRule, Sandbox, SandboxOptions, demo_dataset, section};
use std::path::PathBuf;
use std::time::Duration;

/// A sandbox served by this test's own runtime, with a config for the binary.
struct Live {
    sandbox: Sandbox,
    dir: tempfile::TempDir,
    config: PathBuf,
    // Last: the runtime serving the sandbox stops when the test ends.
    _rt: tokio::runtime::Runtime,
}

impl Live {
    fn start() -> Live {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let sandbox = rt
            .block_on(Sandbox::start(SandboxOptions::new(demo_dataset())))
            .expect("sandbox");
        let dir = tempfile::tempdir().expect("scratch dir");
        let config =
            roster::sandbox::config_file::write_config(&dir.path().join("roster.toml"), &sandbox)
                .expect("config");
        Live {
            sandbox,
            dir,
            config,
            _rt: rt,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn data(&self) -> Dataset {
        self.sandbox.store().snapshot()
    }

    /// `roster --config … ARGS` to completion (for `recover`), with this test's audit file.
    fn run(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(e2e_support::ROSTER)
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .env("ROSTER_AUDIT_FILE", self.path("audit.jsonl"))
            .env("XDG_DATA_HOME", self.path("data"))
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run roster")
    }

    /// The TUI in tmux, recording its exit code and terminal state.
    fn tui(&self) -> Tmux {
        let stty = self.path("stty.txt");
        Tmux::start(
            120,
            32,
            &[
                (
                    "ROSTER_AUDIT_FILE",
                    &self.path("audit.jsonl").display().to_string(),
                ),
                ("XDG_DATA_HOME", &self.path("data").display().to_string()),
            ],
            &wrapped(
                &format!("--config {}", sh_quote(&self.config.display().to_string())),
                &stty,
            ),
        )
    }
}

/// Who is changed: a direct user member of the provider's first workspace holding its lowest
/// role, their email, the workspace's name and ID, and the wire role they should get.
struct Target {
    kind: ProviderKind,
    workspace: String,
    workspace_id: String,
    user_id: String,
    email: String,
    old_role: String,
    new_role: String,
}

fn target(kind: ProviderKind, lowest: &str, new_role: &str) -> Target {
    let data = demo_dataset();
    let sec = section(&data, kind);
    let ws = &sec.workspaces[0];
    let grant = ws
        .members
        .iter()
        .find(|g| g.user.is_some() && g.role == lowest)
        .expect("a member with the lowest role");
    let user_id = grant.user.clone().unwrap();
    let email = sec
        .users
        .iter()
        .find(|u| u.id == user_id)
        .map(|u| u.email.clone())
        .expect("the member's email");
    Target {
        kind,
        workspace: ws.name.clone(),
        workspace_id: ws.id.clone(),
        user_id,
        email,
        old_role: lowest.into(),
        new_role: new_role.into(),
    }
}

fn role_of(live: &Live, t: &Target) -> Option<String> {
    let data = live.data();
    section(&data, t.kind)
        .workspaces
        .iter()
        .find(|w| w.id == t.workspace_id)?
        .members
        .iter()
        .find(|g| g.user.as_deref() == Some(t.user_id.as_str()))
        .map(|g| g.role.clone())
}

/// Opens `t`'s workspace, selects the member and starts the change to the role above theirs.
fn start_role_change(tmux: &Tmux, t: &Target) {
    tmux.wait_until("the profiles", STEP, |s| s.matches('✓').count() >= 4);
    tmux.keys(&["/"]);
    tmux.type_text(&t.workspace);
    tmux.keys(&["Enter", "Enter"]);
    tmux.wait_for(&format!("Members — {} (", t.workspace));
    tmux.keys(&["/"]);
    tmux.type_text(&t.email);
    tmux.keys(&["Enter"]);
    tmux.wait_until("the member's row", STEP, |s| s.contains("1 of "));
    tmux.keys(&["e"]);
    tmux.wait_for("Change role of");
    tmux.keys(&["k", "Enter"]);
}

/// Holds back the middle step of `t`'s emulated change for `hold`, starts it, and waits until the
/// first step applied (AskUI: the DELETE) or the held step went out (Paradigm: the PUT).
fn change_in_the_middle(live: &Live, tmux: &Tmux, t: &Target, hold: Duration) {
    let rule = match t.kind {
        ProviderKind::Askui => FaultRule::new(Fault::Delay(hold))
            .method(Method::POST)
            .path_contains("/askui/api/v1/workspace-memberships"),
        _ => FaultRule::new(Fault::Delay(hold))
            .method(Method::PUT)
            .path_contains("/paradigm/"),
    };
    let held = live.sandbox.faults().inject(rule);
    start_role_change(tmux, t);
    let reached = e2e_support::poll(STEP, || match t.kind {
        ProviderKind::Askui => role_of(live, t).is_none(),
        _ => live.sandbox.faults().fired(held) == 1,
    });
    assert!(reached, "the change reached its middle step");
}

/// Esc on the role picker showing progress: it hides, the change goes on.
fn hide_the_picker(tmux: &Tmux) {
    tmux.keys(&["Escape"]);
    tmux.wait_until("the picker to hide", STEP, |s| {
        !s.contains("Change role of")
    });
}

fn q_waits_for_the_change_then_quits(t: Target) {
    let live = Live::start();
    let tmux = live.tui();
    change_in_the_middle(&live, &tmux, &t, Duration::from_secs(5));
    // The role picker shows the change's progress: Esc hides it, then q asks. (Apart: ESC and a
    // letter sent together read as Alt+letter.)
    hide_the_picker(&tmux);
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("A change is running");
    assert!(screen.contains("Ctrl-c quits now"), "{screen}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("EXITED 0");
    e2e_support::assert_cooked(&read_when_written(&live.path("stty.txt"), STEP));
    assert_eq!(
        role_of(&live, &t).as_deref(),
        Some(t.new_role.as_str()),
        "finished before quitting, never left absent"
    );
    let recover = live.run(&["recover"]);
    assert!(
        String::from_utf8_lossy(&recover.stderr).contains("no unfinished change"),
        "nothing left to recover"
    );
}

#[test]
fn q_during_an_askui_role_change_waits_for_it_then_quits() {
    if !e2e_support::tmux_or_skip("q_during_an_askui_role_change_waits_for_it_then_quits") {
        return;
    }
    q_waits_for_the_change_then_quits(target(
        ProviderKind::Askui,
        "ROLE_WORKSPACE_MEMBER",
        "ROLE_WORKSPACE_ADMIN",
    ));
}

#[test]
fn q_during_a_paradigm_rewrite_waits_for_it_then_quits() {
    if !e2e_support::tmux_or_skip("q_during_a_paradigm_rewrite_waits_for_it_then_quits") {
        return;
    }
    q_waits_for_the_change_then_quits(target(ProviderKind::Paradigm, "viewer", "editor"));
}

#[test]
fn esc_in_the_quit_dialog_keeps_working() {
    if !e2e_support::tmux_or_skip("esc_in_the_quit_dialog_keeps_working") {
        return;
    }
    let t = target(
        ProviderKind::Askui,
        "ROLE_WORKSPACE_MEMBER",
        "ROLE_WORKSPACE_ADMIN",
    );
    let live = Live::start();
    let tmux = live.tui();
    change_in_the_middle(&live, &tmux, &t, Duration::from_secs(5));
    hide_the_picker(&tmux);
    tmux.keys(&["q"]);
    tmux.wait_for("A change is running");
    tmux.keys(&["Escape"]);
    tmux.wait_until("the change's result", STEP, |s| {
        s.contains("Changed the role")
    });
    assert_eq!(role_of(&live, &t).as_deref(), Some(t.new_role.as_str()));
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
}

#[test]
fn ctrl_c_in_the_quit_dialog_quits_now_and_recover_completes_the_change() {
    if !e2e_support::tmux_or_skip(
        "ctrl_c_in_the_quit_dialog_quits_now_and_recover_completes_the_change",
    ) {
        return;
    }
    let t = target(
        ProviderKind::Askui,
        "ROLE_WORKSPACE_MEMBER",
        "ROLE_WORKSPACE_ADMIN",
    );
    let live = Live::start();
    let tmux = live.tui();
    // Held long enough that only the second Ctrl-c can end it.
    change_in_the_middle(&live, &tmux, &t, Duration::from_secs(30));
    // Ctrl-c first warns (the same dialog), a second Ctrl-c quits now.
    tmux.keys(&["C-c"]);
    tmux.wait_for("A change is running");
    tmux.keys(&["C-c"]);
    let screen = tmux.wait_for("EXITED 130");
    assert!(
        screen.contains("quit while a change was running") && screen.contains("roster recover"),
        "it says what it leaves: {screen}"
    );
    // Whatever the held POST did after roster left, recover settles it on the wanted role.
    live.sandbox.faults().clear_rules();
    let out = live.run(&["recover"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(role_of(&live, &t).as_deref(), Some(t.new_role.as_str()));
}

#[test]
fn sigterm_during_a_role_change_finishes_it_then_exits() {
    if !e2e_support::tmux_or_skip("sigterm_during_a_role_change_finishes_it_then_exits") {
        return;
    }
    let t = target(
        ProviderKind::Askui,
        "ROLE_WORKSPACE_MEMBER",
        "ROLE_WORKSPACE_ADMIN",
    );
    let live = Live::start();
    let tmux = live.tui();
    change_in_the_middle(&live, &tmux, &t, Duration::from_secs(5));
    let pid = e2e_support::find_roster(tmux.pane_pid(), STEP);
    // SAFETY: kill(2) on the roster process this test started (through tmux).
    assert_eq!(unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) }, 0);
    tmux.wait_until("the TUI saying it finishes first", STEP, |s| {
        s.contains("Quitting as soon as this finishes") || s.contains("EXITED 143")
    });
    tmux.wait_for("EXITED 143");
    e2e_support::assert_cooked(&read_when_written(&live.path("stty.txt"), STEP));
    assert_eq!(role_of(&live, &t).as_deref(), Some(t.new_role.as_str()));
    let _ = t.old_role;
}
