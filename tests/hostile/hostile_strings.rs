//! Hostile strings from a server never reach the terminal as control sequences.
//!
//! A sandbox dataset whose user names, emails, workspace names, TransactionLink role names and
//! Paradigm group names carry a screen clear (`ESC[2J`), an OSC 52 clipboard write, an OSC 0 title
//! change, the C1 control U+009B (CSI) and the bidi override U+202E. Then:
//! (a) the TUI (headless, every provider) shows visible placeholders and no raw control character;
//! (b) the real binary in a terminal (tmux, raw output captured with `pipe-pane`) writes none of the
//!     hostile sequences, and the placeholders are on screen;
//! (c) the CLI's table and CSV output hold the placeholders and no ESC byte at all, while JSON
//!     round-trips every original string exactly.

use crate::common;
use crate::e2e_support;

use roster::model::ProviderKind;
use roster::sandbox::store::Dataset;
use roster::sandbox::{demo_dataset, section};
use roster::sanitize::needs_placeholder;
use roster::tui::runtime::headless::Driver;
use roster::tui::{TuiOptions, TuiProfile};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Screen clear, OSC 52 clipboard write, OSC 0 title change, C1 CSI (U+009B), right-to-left
/// override. No spaces, so names split into first and last name keep it whole.
const PAYLOAD: &str = "\u{1b}[2J\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}";

/// Byte sequences that must never reach a terminal from server text.
const FORBIDDEN: [(&str, &[u8]); 4] = [
    ("OSC 52", b"\x1b]52"),
    ("OSC 0", b"\x1b]0;"),
    ("C1 CSI", "\u{9b}".as_bytes()),
    ("U+202E", "\u{202e}".as_bytes()),
];

/// What sanitized server text looks like on screen.
const PLACEHOLDERS: [&str; 4] = ["␛[2J", "␛]52;c;", "<U+009B>", "<U+202E>"];

const WAIT: Duration = Duration::from_secs(30);

fn hostile(s: &str) -> String {
    format!("{s}{PAYLOAD}")
}

fn hostile_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{local}{PAYLOAD}@{domain}"),
        None => hostile(email),
    }
}

/// The demo organisations cut to two workspaces each, with every name made hostile.
fn hostile_dataset() -> Dataset {
    let mut data = demo_dataset();
    for kind in ProviderKind::ALL {
        let sec = match kind {
            ProviderKind::Askui => &mut data.askui,
            ProviderKind::Dreadnode => &mut data.dreadnode,
            ProviderKind::Paradigm => &mut data.paradigm,
            ProviderKind::Transactionlink => &mut data.transactionlink,
        };
        sec.workspaces.truncate(2);
        for u in &mut sec.users {
            u.name = hostile(&u.name);
            u.email = hostile_email(&u.email);
        }
        for g in &mut sec.groups {
            g.name = hostile(&g.name);
        }
        for w in &mut sec.workspaces {
            w.name = hostile(&w.name);
            for r in &mut w.roles {
                r.name = hostile(&r.name);
            }
        }
    }
    data
}

/// Fails when `text` holds a hostile sequence or lacks the placeholders.
fn assert_defused(what: &str, text: &str) {
    for (name, bytes) in FORBIDDEN {
        assert!(
            !text.as_bytes().windows(bytes.len()).any(|w| w == bytes),
            "{what}: contains {name}:\n{text}"
        );
    }
    for p in PLACEHOLDERS {
        assert!(text.contains(p), "{what}: no placeholder {p:?}:\n{text}");
    }
}

// ── (a) The TUI's screen ─────────────────────────────────────────────────────────────────────────

async fn tui_shows_placeholders(kind: ProviderKind) {
    let server = common::serve(hostile_dataset()).await;
    let provider =
        roster::providers::build(server.sandbox.provider_config(kind)).map_err(|e| e.to_string());
    let profile = TuiProfile {
        name: kind.as_str().into(),
        kind,
        provider,
        max_concurrency: 8,
        readonly: false,
    };
    let mut d = Driver::start(vec![profile], TuiOptions::default(), 220, 50);
    d.wait_until("the first workspace's members", WAIT, |app, _| {
        app.open_workspace()
            .is_some_and(|(_, w)| w.members.loaded && w.members.pending.is_none())
    })
    .await
    .unwrap();
    let screen = d.screen();
    let raw: Vec<char> = screen
        .chars()
        .filter(|&c| c != '\n' && needs_placeholder(c))
        .collect();
    assert!(
        raw.is_empty(),
        "raw control characters {raw:?} on screen:\n{screen}"
    );
    assert!(screen.contains("␛[2J"), "{screen}");
    assert!(screen.contains("<U+009B>"), "{screen}");
    assert!(screen.contains("<U+202E>"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tui_shows_placeholders_askui() {
    tui_shows_placeholders(ProviderKind::Askui).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tui_shows_placeholders_dreadnode() {
    tui_shows_placeholders(ProviderKind::Dreadnode).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tui_shows_placeholders_paradigm() {
    tui_shows_placeholders(ProviderKind::Paradigm).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tui_shows_placeholders_transactionlink() {
    tui_shows_placeholders(ProviderKind::Transactionlink).await;
}

// ── A `roster sandbox` child process serving the hostile dataset ─────────────────────────────────

/// `roster sandbox --data FILE --listen 127.0.0.1:0 --write-config CFG`, killed on drop.
struct SandboxProcess {
    child: Child,
    /// Scratch directory: dataset, config, token files, log and audit file.
    dir: tempfile::TempDir,
}

impl SandboxProcess {
    fn start(data: &Dataset) -> SandboxProcess {
        let dir = tempfile::tempdir().expect("scratch dir");
        let data_file = dir.path().join("hostile.json");
        std::fs::write(&data_file, serde_json::to_vec(data).expect("dataset JSON"))
            .expect("write dataset");
        let mut child = Command::new(e2e_support::ROSTER)
            .arg("sandbox")
            .arg("--data")
            .arg(&data_file)
            .args(["--listen", "127.0.0.1:0", "--write-config"])
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
                if line.starts_with("listening on ") {
                    let _ = tx.send(line);
                }
            }
        });
        let sandbox = SandboxProcess { child, dir };
        rx.recv_timeout(WAIT)
            .expect("roster sandbox prints `listening on`");
        sandbox
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("roster.toml")
    }

    /// Environment that keeps roster's log and audit file in the scratch directory.
    fn env(&self) -> Vec<(&'static str, String)> {
        let d = self.dir.path().display();
        vec![
            ("XDG_DATA_HOME", format!("{d}/data")),
            ("ROSTER_AUDIT_FILE", format!("{d}/audit.jsonl")),
        ]
    }

    /// Runs `roster --config CFG ARGS`; returns stdout after checking it succeeded.
    fn roster(&self, args: &[&str]) -> Vec<u8> {
        let out = Command::new(e2e_support::ROSTER)
            .arg("--config")
            .arg(self.config())
            .args(args)
            .envs(self.env())
            .stdin(Stdio::null())
            .output()
            .expect("run roster");
        assert!(
            out.status.success(),
            "roster {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !out.stderr.contains(&0x1b),
            "roster {args:?}: ESC on stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The workspace ID roster uses (Dreadnode: the key) of the first workspace of `kind`.
fn first_workspace(data: &Dataset, kind: ProviderKind) -> String {
    let w = &section(data, kind).workspaces[0];
    w.key.clone().unwrap_or_else(|| w.id.clone())
}

// ── (b) The real binary in a terminal ─────────────────────────────────────────────────────────────

#[test]
fn the_terminal_receives_no_hostile_sequence() {
    if !e2e_support::tmux_or_skip("the_terminal_receives_no_hostile_sequence") {
        return;
    }
    let sandbox = SandboxProcess::start(&hostile_dataset());
    let stty = sandbox.dir.path().join("stty.txt");
    let env = sandbox.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // roster starts only once the output is captured (on Enter).
    let config = sandbox.config().display().to_string();
    let cmd = format!(
        "read go; {}",
        e2e_support::wrapped(
            &format!("--config {}", e2e_support::sh_quote(&config)),
            &stty
        )
    );
    let t = e2e_support::Tmux::start(120, 40, &env, &cmd);
    let raw_file = t.path("output.raw");
    t.pipe_output_to(&raw_file);
    t.keys(&["Enter"]);
    t.wait_until("four loaded profiles", e2e_support::STEP, |s| {
        s.matches('✓').count() >= 4
    });
    // Open the first workspace of every profile, so each provider's names are drawn.
    let mut previous: Option<&str> = None;
    for kind in ProviderKind::ALL {
        let name = kind.as_str();
        if let Some(previous) = previous {
            // Back to the left pane; Esc alone (Esc then `/` at once reads as Alt-/).
            t.keys(&["Tab", "Escape"]);
            let shown = format!("/{previous} ");
            t.wait_until("the filter to clear", e2e_support::STEP, |s| {
                s.contains("Workspaces") && !s.contains(&shown)
            });
        }
        previous = Some(name);
        t.keys(&["/"]);
        t.type_text(name);
        t.keys(&["Enter", "Enter"]);
        t.wait_until(&format!("{name}'s members"), e2e_support::STEP, |s| {
            s.contains(&format!("profile: {name} ")) && s.contains("Members — ") && s.contains("␛")
        });
    }
    let screen = t.screen();
    for p in ["␛[2J", "<U+009B>", "<U+202E>"] {
        assert!(
            screen.contains(p),
            "placeholder {p:?} not on screen:\n{screen}"
        );
    }
    t.keys(&["q"]);
    t.wait_for("EXITED 0");
    e2e_support::assert_cooked(&e2e_support::read_when_written(&stty, e2e_support::STEP));
    assert_ne!(t.display("#{pane_title}"), "pwned", "the title was changed");

    // Everything roster wrote precedes the shell's `EXITED`.
    let mut raw = Vec::new();
    let complete = e2e_support::poll(e2e_support::STEP, || {
        raw = std::fs::read(&raw_file).unwrap_or_default();
        raw.windows(8).any(|w| w == b"EXITED 0")
    });
    assert!(complete, "the captured output never got to EXITED");
    let text = String::from_utf8_lossy(&raw);
    for (name, bytes) in FORBIDDEN {
        assert!(
            !raw.windows(bytes.len()).any(|w| w == bytes),
            "roster wrote {name} to the terminal"
        );
    }
    for p in ["␛", "<U+009B>", "<U+202E>"] {
        assert!(text.contains(p), "placeholder {p:?} not in the output");
    }
}

// ── (c) The CLI ───────────────────────────────────────────────────────────────────────────────────

/// Table and CSV output of every listing that shows server text.
#[test]
fn cli_table_and_csv_show_placeholders_and_no_escape() {
    let data = hostile_dataset();
    let sandbox = SandboxProcess::start(&data);
    for kind in ProviderKind::ALL {
        let p = kind.as_str();
        let ws = first_workspace(&data, kind);
        for format in ["table", "csv"] {
            let listings: [Vec<&str>; 3] = [
                vec!["members", "-p", p, &ws, "--inherited", "-o", format],
                vec!["workspaces", "-p", p, "-o", format],
                vec!["roles", "-p", p, &ws, "-o", format],
            ];
            for args in listings {
                let out = sandbox.roster(&args);
                assert!(!out.contains(&0x1b), "{args:?}: ESC in the output");
                let text = String::from_utf8_lossy(&out);
                // Fixed role sets have nothing hostile in them.
                if args[0] != "roles" || kind == ProviderKind::Transactionlink {
                    assert_defused(&format!("{args:?}"), &text);
                }
            }
        }
    }
}

/// JSON carries the server's strings exactly (escaped by JSON, not replaced).
#[test]
fn cli_json_round_trips_the_original_strings() {
    let data = hostile_dataset();
    let sandbox = SandboxProcess::start(&data);
    for kind in ProviderKind::ALL {
        let p = kind.as_str();
        let sec = section(&data, kind);
        let ws = first_workspace(&data, kind);
        let out = sandbox.roster(&["members", "-p", p, &ws, "--inherited", "-o", "json"]);
        assert!(!out.contains(&0x1b), "{p}: a raw ESC in JSON");
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&out).expect("JSON array");
        let mut checked = 0;
        for row in &rows {
            let id = row["id"].as_str().expect("id");
            if row["kind"] == "group" {
                let group = sec
                    .groups
                    .iter()
                    .find(|g| g.id == id)
                    .expect("a known group");
                assert_eq!(row["name"].as_str(), Some(group.name.as_str()));
                checked += 1;
                continue;
            }
            let user = sec.users.iter().find(|u| u.id == id).expect("a known user");
            assert_eq!(row["email"].as_str(), Some(user.email.as_str()), "{p}");
            if let Some(name) = row["name"].as_str() {
                assert_eq!(name, user.name, "{p}");
            }
            checked += 1;
        }
        assert!(checked > 0, "{p}: no rows");
        // Role names (TransactionLink's are the workspace's own) and workspace names.
        let w = &sec.workspaces[0];
        for row in rows
            .iter()
            .filter(|r| r["access"] == "direct" && r["kind"] == "user")
        {
            let grant = w
                .members
                .iter()
                .find(|g| g.user.as_deref() == row["id"].as_str())
                .expect("a direct grant");
            if let Some(role) = w.roles.iter().find(|r| r.id == grant.role) {
                assert_eq!(row["role"].as_str(), Some(role.name.as_str()), "{p}");
            }
        }
        let out = sandbox.roster(&["workspaces", "-p", p, "-o", "json"]);
        let listed: Vec<serde_json::Value> = serde_json::from_slice(&out).expect("JSON array");
        for w in &sec.workspaces {
            let id = w.key.as_deref().unwrap_or(&w.id);
            let row = listed
                .iter()
                .find(|r| r["id"] == id)
                .expect("the workspace is listed");
            assert_eq!(row["name"].as_str(), Some(w.name.as_str()), "{p}");
        }
    }
}
