//! `roster` with no command: the TUI on the profiles of a config file (the real binary; the TUI
//! part in tmux against a `roster sandbox` child process).
//!
//! - Without a config file it says where the file goes, shows an example, points to `roster demo`
//!   and exits 2 without touching the terminal.
//! - A profile whose token does not resolve shows why in the left pane; the others work, and a
//!   change made in the TUI is written to the audit log.
//! - When the audit log cannot be opened, the TUI opens read-only and says why.
//! - `mouse = false` in the config: roster does not ask the terminal for mouse reports (it does
//!   by default).

use crate::e2e_support;

use e2e_support::{ROSTER, STEP, Tmux, assert_cooked, read_when_written, sh_quote, wrapped};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

#[test]
fn without_a_config_file_roster_says_where_it_goes_and_exits_2() {
    let dir = tempfile::tempdir().expect("scratch dir");
    let missing = dir.path().join("nowhere").join("config.toml");
    let out = Command::new(ROSTER)
        .arg("--config")
        .arg(&missing)
        .env("XDG_DATA_HOME", dir.path())
        .stdin(Stdio::null())
        .output()
        .expect("run roster");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&missing.display().to_string()), "{err}");
    assert!(err.contains("[profiles."), "an example: {err}");
    assert!(err.contains("roster demo"), "{err}");
    assert!(out.stdout.is_empty());
    // The terminal was never set up: no escape sequence anywhere.
    assert!(!out.stderr.contains(&0x1b));
    assert!(!dir.path().join("nowhere").exists(), "nothing was created");
}

/// `roster sandbox` on the demo dataset with a config written for it; killed on drop.
struct SandboxProcess {
    child: Child,
    dir: tempfile::TempDir,
}

impl SandboxProcess {
    fn start() -> SandboxProcess {
        let dir = tempfile::tempdir().expect("scratch dir");
        let mut child = Command::new(ROSTER)
            .args(["sandbox", "--listen", "127.0.0.1:0", "--write-config"])
            .arg(dir.path().join("roster.toml"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start roster sandbox");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(url) = line.strip_prefix("listening on ") {
                    let _ = tx.send(url.to_string());
                }
            }
        });
        let sandbox = SandboxProcess { child, dir };
        rx.recv_timeout(Duration::from_secs(30))
            .expect("roster sandbox prints `listening on`");
        sandbox
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("roster.toml")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Adds a profile whose token comes from a variable nobody sets.
fn add_broken_profile(config: &Path) {
    let mut text = std::fs::read_to_string(config).expect("config");
    text.push_str(
        "\n[profiles.broken]\nprovider = \"dreadnode\"\nbase_url = \"http://127.0.0.1:9/dreadnode\"\n\
         token_env = \"ROSTER_E2E_NEVER_SET\"\norg = \"acme\"\n",
    );
    std::fs::write(config, text).expect("write config");
}

#[test]
fn the_tui_opens_on_the_configured_profiles_and_audits_changes() {
    if !e2e_support::tmux_or_skip("the_tui_opens_on_the_configured_profiles_and_audits_changes") {
        return;
    }
    let sandbox = SandboxProcess::start();
    add_broken_profile(&sandbox.config());
    let audit = sandbox.path("audit.jsonl");
    let data = sandbox.path("data");
    let stty = sandbox.path("stty.txt");
    let t = Tmux::start(
        100,
        30,
        &[
            ("ROSTER_AUDIT_FILE", &audit.display().to_string()),
            ("XDG_DATA_HOME", &data.display().to_string()),
        ],
        &wrapped(
            &format!(
                "--config {}",
                sh_quote(&sandbox.config().display().to_string())
            ),
            &stty,
        ),
    );
    // Four working profiles and the broken one, with the reason.
    let screen = t.wait_until("four loaded profiles", STEP, |s| {
        s.matches('✓').count() >= 4 && s.contains("Members — ")
    });
    assert!(screen.contains("broken ✗"), "{screen}");
    assert!(!screen.contains("DEMO"), "{screen}");
    // The reason, in full on the detail line once the cursor is on it.
    t.keys(&["/"]);
    t.type_text("broken");
    t.keys(&["Enter", "j"]);
    t.wait_for("ROSTER_E2E_NEVER_SET");

    // Change the second member's role to the one above it; the audit log records it.
    t.keys(&["Tab", "j", "e"]);
    t.wait_for("Change role of");
    t.keys(&["k", "Enter"]);
    t.wait_for("Changed the role of");
    t.keys(&["q"]);
    t.wait_for("EXITED 0");
    assert_cooked(&read_when_written(&stty, STEP));
    let entries = roster::audit::read_entries(&audit).expect("the audit log");
    assert!(
        entries
            .iter()
            .any(|e| e.operation == "set-role" && e.profile == "askui" && e.outcome == "ok"),
        "{entries:?}"
    );
    assert!(entries.iter().any(|e| e.operation == "step"), "{entries:?}");
}

#[test]
fn without_an_audit_log_the_tui_is_read_only_and_says_why() {
    if !e2e_support::tmux_or_skip("without_an_audit_log_the_tui_is_read_only_and_says_why") {
        return;
    }
    let sandbox = SandboxProcess::start();
    let stty = sandbox.path("stty.txt");
    let t = Tmux::start(
        140,
        30,
        &[
            // A path below a regular file cannot be created.
            ("ROSTER_AUDIT_FILE", "/dev/null/audit.jsonl"),
            ("XDG_DATA_HOME", &sandbox.path("data").display().to_string()),
        ],
        &wrapped(
            &format!(
                "--config {}",
                sh_quote(&sandbox.config().display().to_string())
            ),
            &stty,
        ),
    );
    let screen = t.wait_until("four loaded profiles", STEP, |s| {
        s.matches('✓').count() >= 4 && s.contains("Members — ")
    });
    assert!(screen.contains("READ-ONLY"), "{screen}");
    assert!(screen.contains("cannot open the audit log"), "{screen}");
    assert!(
        !screen.contains("a add"),
        "no key that changes data: {screen}"
    );
    t.keys(&["q"]);
    t.wait_for("EXITED 0");
}

#[test]
fn mouse_false_in_the_config_leaves_the_mouse_to_the_terminal() {
    if !e2e_support::tmux_or_skip("mouse_false_in_the_config_leaves_the_mouse_to_the_terminal") {
        return;
    }
    for (mouse, wanted) in [(true, "1"), (false, "0")] {
        let sandbox = SandboxProcess::start();
        if !mouse {
            // A top-level key: before the first section.
            let text = std::fs::read_to_string(sandbox.config()).expect("config");
            std::fs::write(sandbox.config(), format!("mouse = false\n{text}"))
                .expect("write config");
        }
        let stty = sandbox.path("stty.txt");
        let audit = sandbox.path("audit.jsonl").display().to_string();
        let t = Tmux::start(
            120,
            30,
            &[
                ("ROSTER_AUDIT_FILE", audit.as_str()),
                ("XDG_DATA_HOME", &sandbox.path("data").display().to_string()),
            ],
            &wrapped(
                &format!(
                    "--config {}",
                    sh_quote(&sandbox.config().display().to_string())
                ),
                &stty,
            ),
        );
        t.wait_until("four loaded profiles", STEP, |s| {
            s.matches('✓').count() >= 4 && s.contains("Members — ")
        });
        // tmux knows whether the program in the pane asked for mouse reports.
        assert_eq!(t.display("#{mouse_any_flag}"), wanted, "mouse = {mouse}");
        t.keys(&["q"]);
        t.wait_for("EXITED 0");
    }
}
