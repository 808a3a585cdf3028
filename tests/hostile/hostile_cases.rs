//! The hostile-server suite (issue 9): the real binary against [`crate::hostile_server`], a server
//! that sends what no sandbox would. For each case the CLI's peak resident memory (VmHWM, read
//! from /proc every 2 ms while it runs) and time are checked against bounds, and so is how fast the
//! TUI quits with `q` while that server is talking to it. (`ru_maxrss` would not do: it counts the
//! test process's own pages, which the child shares between fork and exec.)
//!
//! `cargo test --test hostile hostile_cases -- --nocapture` prints the table README's reliability
//! section shows.

use crate::cli_support::TOKEN_VARS;
use crate::hostile_server::{Hostile, Reply, Request, Script};
use crate::pty::Pty;
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The bound on the CLI's resident memory in every case (issue 9).
const RSS_BOUND_MB: f64 = 150.0;
/// The bound on the time from `q` to the TUI's exit, whatever the server is doing.
const QUIT_BOUND: Duration = Duration::from_secs(1);
/// Dreadnode's organisation in these configs.
const ORG: &str = "acme";

/// A temporary home with a config whose one profile, `h`, points at the hostile server.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(profile: &str) -> Home {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("config.toml"), profile).expect("config");
        Home { dir }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_roster"));
        let home = self.dir.path();
        cmd.arg("--config")
            .arg(home.join("config.toml"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("ROSTER_AUDIT_FILE", home.join("audit.jsonl"))
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8");
        for (var, token) in TOKEN_VARS {
            cmd.env(var, token);
        }
        cmd
    }
}

fn dreadnode_profile(base: &str, timeout_secs: u32) -> String {
    format!(
        "[profiles.h]\nprovider = \"dreadnode\"\nbase_url = \"{base}\"\norg = \"{ORG}\"\n\
         token_env = \"{}\"\ntimeout_secs = {timeout_secs}\n",
        TOKEN_VARS[1].0
    )
}

fn paradigm_profile(base: &str) -> String {
    format!(
        "[profiles.h]\nprovider = \"paradigm\"\nbase_url = \"{base}\"\ntier = \"company\"\n\
         token_env = \"{}\"\ntimeout_secs = 30\n",
        TOKEN_VARS[2].0
    )
}

/// What one run of the CLI did.
struct Run {
    code: i32,
    stderr: String,
    took: Duration,
    /// Peak resident memory, MB.
    peak_mb: f64,
}

/// Runs the CLI to its end, watching its peak resident memory (VmHWM, a high-water mark, so a read
/// every 2 ms misses at most what the last 2 ms before the exit added).
fn run_cli(cmd: &mut Command) -> Run {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start roster");
    let pid = child.id() as libc::pid_t;
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = stdout.read_to_end(&mut sink);
    });
    let err = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr.read_to_end(&mut text);
        String::from_utf8_lossy(&text).into_owned()
    });
    let done = Arc::new(AtomicBool::new(false));
    let hwm_kb = Arc::new(AtomicU64::new(0));
    let watcher = {
        let (done, hwm_kb) = (done.clone(), hwm_kb.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                if let Some(kb) = status_kb(pid, "VmHWM:") {
                    hwm_kb.fetch_max(kb, Ordering::SeqCst);
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    let status = child.wait().expect("roster ends");
    let took = started.elapsed();
    done.store(true, Ordering::SeqCst);
    let _ = watcher.join();
    let _ = out.join();
    let stderr = err.join().unwrap_or_default();
    let code = status.code().unwrap_or(-1);
    let peak_kb = hwm_kb.load(Ordering::SeqCst);
    assert!(peak_kb > 0, "VmHWM was read while roster ran");
    Run {
        code,
        stderr,
        took,
        peak_mb: peak_kb as f64 * 1024.0 / 1e6,
    }
}

/// A `kB` field of `/proc/PID/status`.
fn status_kb(pid: libc::pid_t, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Starts the TUI on `home`, waits until the server received a new request whose path contains
/// `path` (the case's hostile answer is then on its way), then presses `q`: the time until the
/// process is gone (past [`QUIT_BOUND`], `Pty::quit` ends it with signals after 10 s).
fn quit_latency(home: &Home, server: &Hostile, path: &str) -> Duration {
    let before = server.count(path);
    let pty = Pty::spawn(home.command(&[]), 100, 30).expect("start the TUI");
    assert!(
        pty.wait_for_text("roster", Duration::from_secs(20)),
        "the TUI drew its first frame"
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.count(path) == before {
        assert!(Instant::now() < deadline, "the TUI never asked for {path}");
        std::thread::sleep(Duration::from_millis(10));
    }
    // Let the answer start arriving (or finish failing) before the key.
    std::thread::sleep(Duration::from_millis(200));
    let state = std::fs::read_to_string(format!("/proc/{}/stat", pty.pid())).unwrap_or_default();
    let state = state
        .rsplit(')')
        .next()
        .and_then(|s| s.split_whitespace().next());
    assert!(
        matches!(state, Some(s) if s != "Z"),
        "the TUI still runs when q is pressed ({state:?})"
    );
    let pressed = Instant::now();
    pty.quit(Duration::from_secs(10));
    pressed.elapsed()
}

/// One row of the printed table.
fn report(case: &str, does: &str, run: &Run, quit: Option<Duration>) {
    eprintln!(
        "| {case} | {does} | {:.2} s | {:.1} MB | {} |",
        run.took.as_secs_f64(),
        run.peak_mb,
        quit.map_or("n/a".to_string(), |q| format!("{} ms", q.as_millis()))
    );
}

fn check_rss(case: &str, run: &Run) {
    assert!(
        run.peak_mb < RSS_BOUND_MB,
        "{case}: roster's peak resident memory was {:.1} MB (bound {RSS_BOUND_MB} MB)",
        run.peak_mb
    );
}

fn workspaces_json(n: usize) -> Vec<u8> {
    let list: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id": "w{i}", "key": "ws-{i}", "name": "Team {i}"}}"#))
        .collect();
    format!("[{}]", list.join(",")).into_bytes()
}

/// Dreadnode: `n` workspaces listed normally; every member listing answered by `members`.
fn dreadnode_script(n: usize, members: fn(&Request) -> Reply) -> Script {
    Arc::new(move |r: &Request| {
        if r.path == format!("/api/v1/org/{ORG}/ws") {
            Reply::json(200, workspaces_json(n))
        } else if r.path.ends_with("/users") {
            members(r)
        } else {
            Reply::json(404, r#"{"detail": "Not Found"}"#)
        }
    })
}

fn quit_bounded(case: &str, quit: Duration) {
    assert!(
        quit < QUIT_BOUND,
        "{case}: the TUI took {quit:?} to quit after q (bound {QUIT_BOUND:?})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5_mb_error_on_every_workspace_of_a_crawl() {
    const CASE: &str = "5 MB error";
    let server = Hostile::start(dreadnode_script(8, |_| {
        let detail = format!("access denied: {}", "no ".repeat(5 * 1024 * 1024 / 3));
        Reply::json(
            403,
            format!(r#"{{"code": 403, "detail": "{detail}", "type": "authorization_error"}}"#),
        )
    }))
    .await;
    let home = Home::new(&dreadnode_profile(&server.url(), 30));
    let run = tokio::task::block_in_place(|| {
        run_cli(&mut home.command(&["members", "--all", "-p", "h", "-o", "csv"]))
    });
    assert_eq!(run.code, 1, "{}", &run.stderr[..run.stderr.len().min(500)]);
    assert!(
        run.stderr.contains("access denied: no no") && run.stderr.contains(" bytes more)"),
        "{}",
        &run.stderr[..run.stderr.len().min(500)]
    );
    // Eight workspaces, each error cut to about 2 KB.
    assert!(
        run.stderr.len() < 8 * 3 * 1024,
        "stderr: {} bytes",
        run.stderr.len()
    );
    check_rss(CASE, &run);
    let quit = tokio::task::block_in_place(|| quit_latency(&home, &server, "/users"));
    quit_bounded(CASE, quit);
    report(
        CASE,
        "every listing fails with the server's words cut to 2 KB; exit 1",
        &run,
        Some(quit),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_two_mib_of_tiny_objects_fail_at_the_first_one() {
    const CASE: &str = "32 MiB of `{\"a\":0}`";
    let server = Hostile::start(dreadnode_script(8, |_| Reply::Repeated {
        open: b"[".to_vec(),
        unit: br#"{"a":0},"#.to_vec(),
        count: (32 << 20) / 8 - 16,
        close: br#"{"a":0}]"#.to_vec(),
    }))
    .await;
    let home = Home::new(&dreadnode_profile(&server.url(), 30));
    let run = tokio::task::block_in_place(|| {
        run_cli(&mut home.command(&["members", "--all", "-p", "h", "-o", "csv"]))
    });
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("unexpected answer: item 1: missing field `user_id`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("(in workspace Team 0)"),
        "{}",
        run.stderr
    );
    check_rss(CASE, &run);
    let quit = tokio::task::block_in_place(|| quit_latency(&home, &server, "/users"));
    quit_bounded(CASE, quit);
    report(
        CASE,
        "refused at the first object (missing `user_id`), nothing kept",
        &run,
        Some(quit),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paradigm_pages_carrying_20_mib_names_fail_at_the_first_name() {
    const CASE: &str = "Paradigm pages with a 20 MiB name each";
    let script: Script = Arc::new(|r: &Request| {
        if r.path.starts_with("/api/v3/company/workspaces?") {
            Reply::json(
                200,
                r#"{"count": 1, "next": null, "previous": null,
                    "results": [{"id": 7, "name": "Legal"}]}"#,
            )
        } else if r.path.starts_with("/api/v3/company/workspaces/7/members") {
            Reply::json(
                200,
                r#"{"users": [], "groups": [{"id": 9, "name": "Data", "role": "viewer"}]}"#,
            )
        } else if r.path.starts_with("/api/v3/users") {
            // Every page links to the next and carries a 20 MiB first name.
            let page: usize = r
                .path
                .split("page=")
                .nth(1)
                .and_then(|p| p.split('&').next())
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let name = "n".repeat(20 << 20);
            Reply::json(
                200,
                format!(
                    r#"{{"count": 100000, "next": "/api/v3/users?group_id=9&page={}&page_size=100",
                        "previous": null, "results": [{{"id": {page}, "email": "p{page}@example.com",
                        "first_name": "{name}", "last_name": "L"}}]}}"#,
                    page + 1
                ),
            )
        } else {
            Reply::json(404, r#"{"detail": "Not found."}"#)
        }
    });
    let server = Hostile::start(script).await;
    let home = Home::new(&paradigm_profile(&server.url()));
    let run = tokio::task::block_in_place(|| {
        run_cli(&mut home.command(&["members", "--all", "--inherited", "-p", "h", "-o", "csv"]))
    });
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the name is 20971520 bytes long")
            && run.stderr.contains("(in workspace Legal)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        server.count("/api/v3/users"),
        1,
        "roster stops at the first such page"
    );
    check_rss(CASE, &run);
    let quit = tokio::task::block_in_place(|| quit_latency(&home, &server, "/api/v3/users"));
    quit_bounded(CASE, quit);
    report(
        CASE,
        "refused at the first name over 1 KB, naming the field and the workspace; no second page",
        &run,
        Some(quit),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_sent_one_byte_a_second_ends_at_the_timeout() {
    const CASE: &str = "body at 1 byte/s";
    let server = Hostile::start(dreadnode_script(1, |_| Reply::Slow {
        body: br#"[{"user_id": "u-1", "permission": "owner"}]"#.to_vec(),
        interval: Duration::from_secs(1),
    }))
    .await;
    let home = Home::new(&dreadnode_profile(&server.url(), 3));
    let run = tokio::task::block_in_place(|| {
        run_cli(&mut home.command(&["members", "--all", "-p", "h", "-o", "csv"]))
    });
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no answer within 3 s"),
        "{}",
        run.stderr
    );
    assert!(
        run.took < Duration::from_secs(6),
        "the 3 s timeout covers the body: {:?}",
        run.took
    );
    check_rss(CASE, &run);
    let quit = tokio::task::block_in_place(|| quit_latency(&home, &server, "/users"));
    quit_bounded(CASE, quit);
    report(
        CASE,
        "fails at the profile's timeout (3 s here), which covers the whole answer",
        &run,
        Some(quit),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_answered_ok_but_ignored_is_reported_failed() {
    const CASE: &str = "ignored change (2xx, nothing changes)";
    let script: Script = Arc::new(|r: &Request| {
        if r.path == format!("/api/v1/org/{ORG}/ws") {
            Reply::json(200, workspaces_json(1))
        } else if r.path.ends_with("/users") && r.method == "GET" {
            Reply::json(200, "[]")
        } else if r.path.ends_with("/users") && r.method == "POST" {
            Reply::json(
                200,
                r#"{"user_id": "u-9", "user_email": "cyd@example.com", "permission": "reader"}"#,
            )
        } else {
            Reply::json(404, r#"{"detail": "Not Found"}"#)
        }
    });
    let server = Hostile::start(script).await;
    let home = Home::new(&dreadnode_profile(&server.url(), 30));
    let run = tokio::task::block_in_place(|| {
        run_cli(&mut home.command(&[
            "add",
            "-p",
            "h",
            "ws-0",
            "cyd@example.com",
            "--role",
            "reader",
        ]))
    });
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the server answered OK but"),
        "{}",
        run.stderr
    );
    assert_eq!(
        server
            .requests()
            .iter()
            .filter(|r| r.method == "POST")
            .count(),
        1,
        "sent once"
    );
    check_rss(CASE, &run);
    report(
        CASE,
        "the fresh read shows no change: reported failed, exit 1, POST sent once",
        &run,
        None,
    );
}
