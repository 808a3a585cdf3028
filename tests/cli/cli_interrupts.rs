//! Interrupting a change on the real binary. A change of several steps is atomic to the person:
//! SIGINT, SIGTERM or SIGHUP at any step boundary of an emulated change (AskUI remove + re-add,
//! Paradigm read-modify-write) leaves the member in the old or the new state, never absent; a
//! second signal stops at once after a warning and the journal keeps what is left; SIGKILL leaves an
//! unfinished change that `roster recover` completes or rolls back. Checked against the store.

use crate::cli_support;
use crate::common;

use axum::http::Method;
use cli_support::*;
use roster::sandbox::{Fault, FaultRule, RuleId};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RESEARCH: &str = "3f1c2b7e-0000-4000-8000-0000000000a1";
const BOB: &str = "auth0|bob";
const WAIT: Duration = Duration::from_secs(20);

/// `roster ARGS` started in the background with `home`'s environment, stdout and stderr piped.
fn spawn(home: &Home, args: &[&str]) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roster"));
    cmd.arg("--config")
        .arg(&home.config)
        .args(args)
        .env_remove("ROSTER_CONFIG")
        .env_remove("ROSTER_LOG")
        .env("XDG_DATA_HOME", home.path("data"))
        .env("XDG_CONFIG_HOME", home.path("xdg-config"))
        .env("ROSTER_AUDIT_FILE", home.path("audit.jsonl"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (var, token) in TOKEN_VARS {
        cmd.env(var, token);
    }
    cmd.spawn().expect("start roster")
}

/// Waits for `child` to exit within `limit`; its exit code (128 + n when a signal ended it) and
/// output.
fn finish(mut child: Child, limit: Duration) -> Run {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            use std::io::Read;
            use std::os::unix::process::ExitStatusExt;
            let mut stdout = String::new();
            let mut stderr = String::new();
            let _ = child.stdout.take().unwrap().read_to_string(&mut stdout);
            let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
            let code = status
                .code()
                .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
            return Run {
                code,
                stdout,
                stderr,
            };
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("roster did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(child: &Child, sig: i32) {
    // SAFETY: kill(2) on a child this test started.
    assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, sig) }, 0);
}

/// Polls `cond` until true or the deadline; panics with `what` otherwise.
fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn bob_role(server: &common::TestServer) -> Option<String> {
    grant_role(
        &server.store.snapshot()[roster::providers::askui::KIND],
        RESEARCH,
        BOB,
    )
}

/// Delays the next request matching `method` and `path`.
fn hold(server: &common::TestServer, method: Method, path: &str, by: Duration) -> RuleId {
    server.faults().inject(
        FaultRule::new(Fault::Delay(by))
            .method(method)
            .path_contains(path),
    )
}

const ASKUI_SET_ROLE: &[&str] = &["set-role", "-p", "askui", "Research", BOB, "admin"];

/// AskUI's role change with its re-create POST held back, signalled once the DELETE applied.
async fn askui_between_delete_and_post(sig: i32, code: i32) {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    hold(
        &server,
        Method::POST,
        "/askui/api/v1/workspace-memberships",
        Duration::from_secs(2),
    );
    let child = spawn(&home, ASKUI_SET_ROLE);
    wait_until("the DELETE to apply", || bob_role(&server).is_none());
    signal(&child, sig);
    let run = finish(child, WAIT);
    run.expect_code(code);
    assert!(
        run.stderr.contains("finishing the change in flight"),
        "it says what it is doing: {}",
        run.stderr
    );
    assert!(run.stdout.contains("Changed the role"), "{}", run.stdout);
    assert_eq!(
        bob_role(&server).as_deref(),
        Some("ROLE_WORKSPACE_ADMIN"),
        "finished, never left absent"
    );
    let recover = home.run(&["recover"]);
    assert!(
        recover.stderr.contains("no unfinished change"),
        "nothing left unfinished: {}",
        recover.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_between_the_delete_and_the_post_finishes_the_askui_role_change() {
    askui_between_delete_and_post(libc::SIGINT, 130).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_between_the_delete_and_the_post_finishes_the_askui_role_change() {
    askui_between_delete_and_post(libc::SIGTERM, 143).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_between_the_delete_and_the_post_finishes_the_askui_role_change() {
    askui_between_delete_and_post(libc::SIGHUP, 129).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_during_the_precheck_sends_nothing() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let members = "/askui/api/v1/workspace-memberships?workspace_id";
    // The planner's read goes through; the engine's precheck read is held.
    let planner = server.faults().inject(
        FaultRule::new(Fault::Delay(Duration::ZERO))
            .method(Method::GET)
            .path_contains(members),
    );
    let precheck = hold(&server, Method::GET, members, Duration::from_secs(2));
    let before = server.store.snapshot();
    let child = spawn(&home, ASKUI_SET_ROLE);
    wait_until("the precheck read", || {
        server.faults().fired(planner) == 1 && server.faults().fired(precheck) == 1
    });
    signal(&child, libc::SIGINT);
    let run = finish(child, WAIT);
    run.expect_code(130);
    assert!(run.stderr.contains("Skipped"), "{}", run.stderr);
    assert_eq!(server.store.snapshot(), before, "nothing was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_during_the_verification_read_still_reports_what_it_found() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let members = "/askui/api/v1/workspace-memberships?workspace_id";
    // Planner and precheck pass; the verification read after the change is held.
    let first_two = server.faults().inject(
        FaultRule::new(Fault::Delay(Duration::ZERO))
            .method(Method::GET)
            .path_contains(members)
            .times(2),
    );
    let verify = hold(&server, Method::GET, members, Duration::from_secs(2));
    let child = spawn(&home, ASKUI_SET_ROLE);
    wait_until("the verification read", || {
        server.faults().fired(first_two) == 2 && server.faults().fired(verify) == 1
    });
    signal(&child, libc::SIGINT);
    let run = finish(child, WAIT);
    run.expect_code(130);
    assert!(run.stdout.contains("Changed the role"), "{}", run.stdout);
    assert_eq!(bob_role(&server).as_deref(), Some("ROLE_WORKSPACE_ADMIN"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_during_the_paradigm_rewrite_finishes_it() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let put = hold(&server, Method::PUT, "/paradigm/", Duration::from_secs(2));
    let child = spawn(
        &home,
        &[
            "set-role",
            "-p",
            "paradigm",
            "Legal",
            "bob@example.com",
            "editor",
        ],
    );
    wait_until("the PUT of the rewritten list", || {
        server.faults().fired(put) == 1
    });
    signal(&child, libc::SIGINT);
    let run = finish(child, WAIT);
    run.expect_code(130);
    assert!(
        run.stderr.contains("finishing the change in flight"),
        "{}",
        run.stderr
    );
    assert_eq!(
        grant_role(
            &server.store.snapshot()[roster::providers::paradigm::KIND],
            "101",
            "2"
        )
        .as_deref(),
        Some("editor")
    );
    // Everyone else kept their grant (the whole list was rewritten).
    let legal = server.store.snapshot()[roster::providers::paradigm::KIND].workspaces[0].clone();
    assert_eq!(legal.members.len(), 3, "{legal:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_sigint_stops_at_once_and_the_journal_keeps_the_change() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    hold(
        &server,
        Method::POST,
        "/askui/api/v1/workspace-memberships",
        Duration::from_secs(30),
    );
    let child = spawn(&home, ASKUI_SET_ROLE);
    wait_until("the DELETE to apply", || bob_role(&server).is_none());
    signal(&child, libc::SIGINT);
    // The warning comes before the second interrupt can cut anything.
    let audit = home.path("audit.jsonl");
    wait_until("the first interrupt to be taken", || {
        std::fs::read_to_string(&audit).is_ok_and(|a| a.contains("\"phase\":\"intent\""))
    });
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    signal(&child, libc::SIGINT);
    let run = finish(child, WAIT);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the second interrupt does not wait for the held POST"
    );
    run.expect_code(130);
    assert!(
        run.stderr.contains("Interrupt again to stop waiting")
            && run.stderr.contains("may be left half-done"),
        "it warned what would be left: {}",
        run.stderr
    );
    assert!(run.stderr.contains("Interrupted"), "{}", run.stderr);
    // The journal keeps it; recover completes it.
    let run = home.run(&["workspaces", "-p", "askui"]);
    assert!(run.stderr.contains("unfinished change"), "{}", run.stderr);
    server.faults().clear_rules();
    home.run(&["recover"]).expect_code(0);
    assert_eq!(bob_role(&server).as_deref(), Some("ROLE_WORKSPACE_ADMIN"));
}

/// SIGKILL between the DELETE and the POST: bob is gone, and the journal says so.
async fn killed_between_delete_and_post() -> (common::TestServer, Home) {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    hold(
        &server,
        Method::POST,
        "/askui/api/v1/workspace-memberships",
        Duration::from_secs(30),
    );
    let child = spawn(&home, ASKUI_SET_ROLE);
    wait_until("the DELETE to apply", || bob_role(&server).is_none());
    signal(&child, libc::SIGKILL);
    let run = finish(child, WAIT);
    assert_eq!(run.code, 128 + libc::SIGKILL);
    server.faults().clear_rules();
    assert_eq!(bob_role(&server), None, "killed half-way: bob is absent");
    let run = home.run(&["members", "-p", "askui", "Research"]);
    assert!(
        run.stderr.contains("unfinished change") && run.stderr.contains("roster recover"),
        "{}",
        run.stderr
    );
    (server, home)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sigkill_recover_completes_the_change() {
    let (server, home) = killed_between_delete_and_post().await;
    let run = home.run(&["recover"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("not a member") || run.stdout.contains("Added"),
        "{}",
        run.stdout
    );
    assert_eq!(bob_role(&server).as_deref(), Some("ROLE_WORKSPACE_ADMIN"));
    assert!(
        !home
            .run(&["workspaces", "-p", "askui"])
            .stderr
            .contains("unfinished")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sigkill_recover_rollback_re_adds_the_old_role() {
    let (server, home) = killed_between_delete_and_post().await;
    home.run(&["recover", "--rollback"]).expect_code(0);
    assert_eq!(
        bob_role(&server).as_deref(),
        Some("ROLE_WORKSPACE_MEMBER"),
        "bob is back with the role he had"
    );
    assert!(
        !home
            .run(&["workspaces", "-p", "askui"])
            .stderr
            .contains("unfinished")
    );
}
