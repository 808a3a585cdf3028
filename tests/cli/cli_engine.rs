//! The change engine through the real binary: read-only enforced before any request, the journal
//! and `roster recover`, the last-owner guard, the note on access kept elsewhere, audit failures
//! that refuse a change, and the JSON results of a change.

use crate::cli_support;
use crate::common;

use cli_support::*;
use roster::engine::journal::{Entry, Journal};
use roster::engine::planner;
use roster::model::{ProviderKind, Role, UserRef, Workspace};
use roster::sandbox::{Fault, FaultRule, RuleId};
use serde_json::Value;
use std::time::Duration;

const RESEARCH_ASKUI: &str = "3f1c2b7e-0000-4000-8000-0000000000a1";
const RESEARCH_TL: &str = "b0000000-0000-4000-8000-0000000000f1";

/// Counts every request (of any method) the sandbox sees from now on.
fn count_requests(server: &common::TestServer) -> RuleId {
    server
        .faults()
        .inject(FaultRule::new(Fault::Delay(Duration::ZERO)).times(u32::MAX))
}

/// Every changing subcommand, with arguments that would change something.
const CHANGES: &[&[&str]] = &[
    &[
        "add",
        "-p",
        "askui",
        "Research",
        "auth0|dan",
        "--role",
        "member",
    ],
    &["set-role", "-p", "askui", "Research", "auth0|bob", "admin"],
    &["remove", "-p", "askui", "Research", "auth0|bob", "--yes"],
    &["create-workspace", "-p", "dreadnode", "Purple Team"],
    &["recover"],
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readonly_refuses_every_change_before_any_request() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let counted = count_requests(&server);
    let before = server.store.snapshot();
    for args in CHANGES {
        let mut full = vec!["--readonly"];
        full.extend_from_slice(args);
        let run = home.run(&full);
        run.expect_code(2);
        assert!(
            run.stderr.contains("read-only"),
            "{args:?} says why: {}",
            run.stderr
        );
    }
    assert_eq!(
        server.faults().fired(counted),
        0,
        "not one request went over the wire"
    );
    assert_eq!(server.store.snapshot(), before);
    // Reading is still allowed.
    home.run(&["--readonly", "members", "-p", "askui", "Research"])
        .expect_code(0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_readonly_profile_refuses_its_changes_and_only_its_own() {
    let server = common::serve(dataset()).await;
    let base = format!("http://{}", server.addr);
    let home = Home::new(&base, "");
    // The askui profile of the shared config, marked read-only (a production tenant).
    home.write_config(&profiles_for(&base).replace(
        "token_env = \"CLI_TEST_ASKUI_TOKEN\"",
        "token_env = \"CLI_TEST_ASKUI_TOKEN\"\nreadonly = true",
    ));
    let counted = count_requests(&server);
    let before = server.store.snapshot();
    for args in &CHANGES[..3] {
        let run = home.run(args);
        run.expect_code(2);
        assert!(
            run.stderr.contains("profile askui is read-only"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert_eq!(server.faults().fired(counted), 0);
    assert_eq!(server.store.snapshot(), before);
    // Another profile still changes.
    home.run(&[
        "add",
        "-p",
        "paradigm",
        "Legal",
        "dan@example.com",
        "--role",
        "viewer",
    ])
    .expect_code(0);
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_audit_log_that_cannot_be_written_refuses_the_change_before_it_is_sent() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let posts = server.faults().inject(
        FaultRule::new(Fault::Delay(Duration::ZERO))
            .method(axum::http::Method::POST)
            .times(u32::MAX),
    );
    let deletes = server.faults().inject(
        FaultRule::new(Fault::Delay(Duration::ZERO))
            .method(axum::http::Method::DELETE)
            .times(u32::MAX),
    );
    let before = server.store.snapshot();
    for args in [
        &[
            "add",
            "-p",
            "askui",
            "Research",
            "auth0|dan",
            "--role",
            "member",
        ][..],
        &["remove", "-p", "askui", "Research", "auth0|bob", "--yes"][..],
    ] {
        let mut cmd = home.command(args);
        cmd.env("ROSTER_AUDIT_FILE", "/dev/full");
        let run = run_command(cmd);
        run.expect_code(2);
        assert!(
            run.stderr.contains("cannot write to the audit log")
                && run.stderr.contains("nothing was sent"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert_eq!(server.faults().fired(posts), 0, "no change request sent");
    assert_eq!(server.faults().fired(deletes), 0, "no change request sent");
    assert_eq!(server.store.snapshot(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roster_audit_names_unreadable_lines_and_exits_1() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    home.run(&[
        "add",
        "-p",
        "askui",
        "Research",
        "auth0|dan",
        "--role",
        "member",
    ])
    .expect_code(0);
    // A record cut short (a crash mid-write), then a later change.
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(home.path("audit.jsonl"))
        .unwrap();
    f.write_all(br#"{"time":"2026-11-30T10:00:00Z","profile":"ask"#)
        .unwrap();
    drop(f);
    home.run(&["set-role", "-p", "askui", "Research", "auth0|dan", "admin"])
        .expect_code(0);
    let lines = std::fs::read_to_string(home.path("audit.jsonl")).unwrap();
    let broken = lines
        .lines()
        .position(|l| l.ends_with(r#""profile":"ask"#))
        .expect("the broken line stays on its own line")
        + 1;
    let run = home.run(&["audit", "-o", "json"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("1 unreadable line") && run.stderr.contains(&format!("line {broken}")),
        "{}",
        run.stderr
    );
    let entries: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        entries.iter().any(|e| e["operation"] == "set-role"
            && e["phase"] == "outcome"
            && e["outcome"] == "ok"),
        "the record after the broken line is intact: {entries:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_owner_is_kept_unless_forced() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    // Each provider's workspace with a single holder of its top role.
    let cases: &[(&str, &str, &str, &str)] = &[
        ("askui", "Research", "auth0|ada", "member"),
        ("dreadnode", "red-team", "ada@example.com", "reader"),
        ("paradigm", "Legal", "ada@example.com", "viewer"),
        ("tl", "Sales, \"EU\"", "eve@example.com", ""),
    ];
    for (profile, ws, user, lower) in cases {
        let before = server.store.snapshot();
        if !lower.is_empty() {
            let run = home.run(&["set-role", "-p", profile, ws, user, lower]);
            run.expect_code(2);
            assert!(
                run.stderr.contains("last") && run.stderr.contains("--force"),
                "{profile}: {}",
                run.stderr
            );
        }
        let run = home.run(&["remove", "-p", profile, ws, user, "--yes"]);
        run.expect_code(2);
        assert!(
            run.stderr.contains("without an owner"),
            "{profile}: {}",
            run.stderr
        );
        assert_eq!(server.store.snapshot(), before, "{profile}: nothing sent");
        let forced = home.run(&["remove", "-p", profile, ws, user, "--yes", "--force"]);
        if *profile == "askui" {
            // AskUI's server keeps the last owner itself: forced, roster sends the removal and
            // reports the server's refusal, which a fresh read confirms.
            forced.expect_code(1);
            assert!(
                forced.stderr.contains("last owner")
                    && forced.stderr.contains("did not take effect"),
                "{}",
                forced.stderr
            );
            assert_eq!(server.store.snapshot(), before);
        } else {
            forced.expect_code(0);
            assert_ne!(
                server.store.snapshot(),
                before,
                "{profile}: removed when forced"
            );
        }
    }
    let entries = roster::audit::read_entries(&home.path("audit.jsonl")).unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.outcome == "refused"
                && e.detail.as_deref().is_some_and(|d| d.contains("last"))),
        "a refusal is audited"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_an_organisation_admins_grant_says_they_keep_access() {
    let mut data = dataset();
    // Olga is an organisation owner of TransactionLink; give her a direct grant too.
    let research = data
        .transactionlink
        .workspaces
        .iter_mut()
        .find(|w| w.id == RESEARCH_TL)
        .unwrap();
    let manager = research.members[0].role.clone();
    research.members.push(roster::sandbox::store::Grant {
        id: None,
        user: Some("c0000000-0000-4000-8000-000000000001".into()),
        group: None,
        role: manager,
    });
    let server = common::serve(data).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let run = home.run(&[
        "remove",
        "-p",
        "tl",
        "Research",
        "olga@example.com",
        "--yes",
    ]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("Removed") && run.stdout.contains("keep access as organisation"),
        "{}",
        run.stdout
    );
    let json = home.run(&[
        "remove",
        "-p",
        "tl",
        "Research",
        "cyd@example.com",
        "--yes",
        "-o",
        "json",
    ]);
    json.expect_code(0);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        v["changes"][0]["keeps_access"],
        Value::Null,
        "cyd has no other access"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_results_give_the_plan_and_what_the_fresh_read_found() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let run = home.run(&[
        "set-role",
        "-p",
        "askui",
        "Research",
        "bob@example.com",
        "admin",
        "-o",
        "json",
    ]);
    run.expect_code(0).expect_no_token();
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let c = &v["changes"][0];
    assert_eq!(c["operation"], "set-role");
    assert_eq!(c["profile"], "askui");
    assert_eq!(c["provider"], "askui");
    assert_eq!(c["workspace"]["id"], RESEARCH_ASKUI);
    assert_eq!(c["workspace"]["name"], "Research");
    assert_eq!(c["user"], "auth0|bob");
    assert_eq!(c["member_id"], "auth0|bob");
    assert_eq!(c["from"], "member");
    assert_eq!(c["to"], "admin");
    assert_eq!(c["outcome"], "done");
    assert_eq!(c["now"]["member"], true);
    assert_eq!(c["now"]["role"], "admin");
    assert!(c["id"].as_str().is_some_and(|id| id.starts_with('c')));
    assert!(c["steps"].as_array().is_some_and(|s| !s.is_empty()));
    assert_eq!(v["summary"]["total"], 1);
    assert_eq!(v["summary"]["succeeded"], 1);
    // The ID is the audit log's.
    let entries = roster::audit::read_entries(&home.path("audit.jsonl")).unwrap();
    assert!(entries.iter().any(
        |e| e.change_id.as_deref() == c["id"].as_str() && e.phase.as_deref() == Some("outcome")
    ));
    // A stale change: nothing sent, exit 1, and the JSON says what the server holds now.
    let run = home.run(&[
        "add",
        "-p",
        "askui",
        "Research",
        "bob@example.com",
        "--role",
        "member",
        "-o",
        "json",
    ]);
    run.expect_code(1);
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(v["changes"][0]["outcome"], "stale");
    assert_eq!(v["changes"][0]["now"]["role"], "admin");
    assert_eq!(v["changes"][0]["id"], Value::Null, "nothing was journaled");
}

/// Writes an unfinished change into the journal of `home`, as a roster killed mid-change leaves it.
fn leave_unfinished(home: &Home, change: roster::engine::Change) {
    let journal = Journal::beside(&home.path("audit.jsonl"));
    journal
        .write(
            "c0badcafe",
            Entry::Intent {
                // No process has this ID: the change was abandoned.
                pid: u32::MAX,
                change,
            },
        )
        .unwrap();
}

/// AskUI's role change of bob (member → admin), cut between its DELETE and its POST: bob is gone.
async fn askui_change_cut_in_half(server: &common::TestServer) -> roster::engine::Change {
    let change = planner::from_row(
        ProviderKind::Askui,
        "askui",
        &Workspace {
            id: RESEARCH_ASKUI.into(),
            name: "Research".into(),
        },
        &roster::model::Member {
            id: "auth0|bob".into(),
            email: Some("bob@example.com".into()),
            name: Some("Bob Builder".into()),
            role: Role {
                id: "ROLE_WORKSPACE_MEMBER".into(),
                name: "member".into(),
            },
            access: roster::model::Access::Direct,
            kind: roster::model::MemberKind::User,
            handle: Some("m-0002".into()),
        },
        Some(Role {
            id: "ROLE_WORKSPACE_ADMIN".into(),
            name: "admin".into(),
        }),
    );
    server
        .store
        .write(|d| {
            d.askui.workspaces[0]
                .members
                .retain(|g| g.user.as_deref() != Some("auth0|bob"))
        })
        .unwrap();
    change
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unfinished_change_is_announced_and_recovered() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let change = askui_change_cut_in_half(&server).await;
    leave_unfinished(&home, change);

    // Every command says so on stderr.
    let run = home.run(&["workspaces", "-p", "askui"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("unfinished change") && run.stderr.contains("roster recover"),
        "{}",
        run.stderr
    );
    // A dry run shows it beside a fresh read and changes nothing.
    let before = server.store.snapshot();
    let run = home.run(&["recover", "--dry-run"]);
    run.expect_code(0);
    assert!(run.stdout.contains("not a member"), "{}", run.stdout);
    assert_eq!(server.store.snapshot(), before);

    // Recover completes it: bob is re-added with the role the change wanted.
    let run = home.run(&["recover", "-o", "json"]);
    run.expect_code(0);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["changes"][0]["id"], "c0badcafe");
    assert_eq!(v["changes"][0]["before"]["member"], false);
    assert_eq!(v["changes"][0]["recovery"]["outcome"], "done");
    assert_eq!(
        grant_role(&server.store.snapshot().askui, RESEARCH_ASKUI, "auth0|bob").as_deref(),
        Some("ROLE_WORKSPACE_ADMIN")
    );
    // Settled: no more warnings, nothing left to recover.
    let run = home.run(&["workspaces", "-p", "askui"]);
    assert!(!run.stderr.contains("unfinished"), "{}", run.stderr);
    let run = home.run(&["recover"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("no unfinished change"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recover_rollback_puts_the_old_state_back() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let change = askui_change_cut_in_half(&server).await;
    leave_unfinished(&home, change);
    let run = home.run(&["recover", "--rollback"]);
    run.expect_code(0);
    assert!(run.stdout.contains("Added"), "{}", run.stdout);
    assert_eq!(
        grant_role(&server.store.snapshot().askui, RESEARCH_ASKUI, "auth0|bob").as_deref(),
        Some("ROLE_WORKSPACE_MEMBER"),
        "bob is back with the role he had"
    );
    assert!(
        home.run(&["recover"])
            .stderr
            .contains("no unfinished change")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_add_by_email_of_an_unknown_user_is_audited_as_failed_with_the_servers_words() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let run = home.run(&[
        "add",
        "-p",
        "paradigm",
        "Legal",
        "nobody@example.com",
        "--role",
        "viewer",
        "-o",
        "json",
    ]);
    run.expect_code(1);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["changes"][0]["outcome"], "failed");
    assert_eq!(v["changes"][0]["error"]["kind"], "not-found");
    let entries = roster::audit::read_entries(&home.path("audit.jsonl")).unwrap();
    let outcome = entries
        .iter()
        .find(|e| e.phase.as_deref() == Some("outcome"))
        .expect("an outcome line");
    assert_eq!(
        outcome.outcome, "failed",
        "the audit says what the person was told"
    );
    let _ = UserRef::Email(String::new());
}

/// Every change request of every provider answered with success and not applied.
fn ignore_every_change(server: &common::TestServer) {
    for method in [
        axum::http::Method::POST,
        axum::http::Method::PUT,
        axum::http::Method::DELETE,
    ] {
        server.faults().inject(
            FaultRule::new(Fault::IgnoreChange)
                .method(method)
                .times(u32::MAX),
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_the_server_ignores_is_reported_as_failed_on_every_provider() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    ignore_every_change(&server);
    let before = server.store.snapshot();
    let cases: &[&[&str]] = &[
        &[
            "add",
            "-p",
            "askui",
            "Research",
            "auth0|dan",
            "--role",
            "member",
        ],
        &["set-role", "-p", "askui", "Research", "auth0|bob", "admin"],
        &["remove", "-p", "askui", "Research", "auth0|bob", "--yes"],
        &[
            "add",
            "-p",
            "dreadnode",
            "red-team",
            "dan@example.com",
            "--role",
            "reader",
        ],
        &[
            "set-role",
            "-p",
            "dreadnode",
            "red-team",
            "bob@example.com",
            "contributor",
        ],
        &[
            "remove",
            "-p",
            "dreadnode",
            "red-team",
            "bob@example.com",
            "--yes",
        ],
        &[
            "add",
            "-p",
            "paradigm",
            "Legal",
            "dan@example.com",
            "--role",
            "viewer",
        ],
        &[
            "set-role",
            "-p",
            "paradigm",
            "Legal",
            "bob@example.com",
            "editor",
        ],
        &[
            "remove",
            "-p",
            "paradigm",
            "Legal",
            "bob@example.com",
            "--yes",
        ],
        &[
            "add",
            "-p",
            "tl",
            "Research",
            "dan@example.com",
            "--role",
            "Analyst",
        ],
        &[
            "set-role",
            "-p",
            "tl",
            "Research",
            "cyd@example.com",
            "Manager",
        ],
        &["remove", "-p", "tl", "Research", "cyd@example.com", "--yes"],
    ];
    for args in cases {
        let run = home.run(args);
        run.expect_code(1);
        assert!(
            run.stderr.contains("Failed to") && run.stderr.contains("nothing changed"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            !run.stdout.contains("Added") && !run.stdout.contains("Removed"),
            "{args:?}"
        );
    }
    assert_eq!(
        server.store.snapshot(),
        before,
        "the server changed nothing"
    );
    let entries = roster::audit::read_entries(&home.path("audit.jsonl")).unwrap();
    let outcomes: Vec<&str> = entries
        .iter()
        .filter(|e| e.phase.as_deref() == Some("outcome"))
        .map(|e| e.outcome.as_str())
        .collect();
    assert_eq!(outcomes.len(), cases.len());
    assert!(
        outcomes.iter().all(|o| *o == "failed"),
        "the audit says what the person was told: {outcomes:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_a_direct_grant_says_access_through_a_group_remains() {
    let mut data = dataset();
    // Cyd is in the Auditors group, which Paradigm's Legal grants editor; give her a direct grant.
    data.paradigm.workspaces[0]
        .members
        .push(roster::sandbox::store::Grant {
            id: None,
            user: Some("3".into()),
            group: None,
            role: "viewer".into(),
        });
    let server = common::serve(data).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let run = home.run(&[
        "remove",
        "-p",
        "paradigm",
        "Legal",
        "cyd@example.com",
        "--yes",
        "-o",
        "json",
    ]);
    run.expect_code(0);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let kept = v["changes"][0]["keeps_access"].as_str().unwrap_or_default();
    assert!(kept.contains("Auditors"), "{kept}");
    assert!(
        v["changes"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("They keep access as")),
        "{v}"
    );
}

/// Runs `roster ARGS` with the audit log and the journal allowed to grow to `limit` bytes each
/// (RLIMIT_FSIZE; SIGXFSZ ignored, so an over-long write fails with EFBIG instead of killing it).
#[cfg(target_os = "linux")]
fn run_with_file_size_limit(home: &Home, args: &[&str], limit: u64) -> Run {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_roster"));
    cmd.arg("--config")
        .arg(&home.config)
        .args(args)
        .env_remove("ROSTER_CONFIG")
        .env("XDG_DATA_HOME", home.path("data"))
        .env("XDG_CONFIG_HOME", home.path("xdg-config"))
        .env("ROSTER_AUDIT_FILE", home.path("audit.jsonl"))
        .env("ROSTER_LOG", "off")
        .stdin(std::process::Stdio::null());
    for (var, token) in TOKEN_VARS {
        cmd.env(var, token);
    }
    // SAFETY: signal() and setrlimit() between fork and exec, async-signal-safe, no allocation.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let rl = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rl) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().expect("run roster");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_audit_write_that_fails_after_the_change_started_is_reported_and_exits_1() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    // Room for the intent (about 620 bytes: it carries the whole change, for `roster undo`) and
    // the step (about 290), not for the outcome (about 470).
    let run = run_with_file_size_limit(
        &home,
        &[
            "add",
            "-p",
            "askui",
            "Research",
            "auth0|dan",
            "--role",
            "member",
        ],
        1100,
    );
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("warning: the outcome could not be written to the audit log"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("Added"),
        "the change itself is reported: {}",
        run.stdout
    );
    // The change happened; the audit log holds its intent, and no broken line.
    assert!(grant_role(&server.store.snapshot().askui, RESEARCH_ASKUI, "auth0|dan").is_some());
    let read = roster::audit::read_log(&home.path("audit.jsonl")).unwrap();
    assert!(read.unreadable.is_empty(), "no partial line left behind");
    assert!(
        read.entries
            .iter()
            .any(|e| e.phase.as_deref() == Some("intent"))
    );
}
