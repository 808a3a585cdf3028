//! Membership as code through the real binary against the sandbox: `export` then `plan` finds
//! nothing to do on every provider, each `--mode` plans its own kind of change, a bad file sends
//! nothing (counted on the wire) and names its line, `apply` stops at the first failure unless
//! `--keep-going` and does nothing the second time, the exit codes, the spreadsheet guard, and
//! `diff`.

use crate::cli_support;
use crate::common;

use axum::http::Method;
use cli_support::*;
use roster::sandbox::store::{Dataset, Grant};
use roster::sandbox::{Fault, FaultRule, RuleId};
use serde_json::Value;
use std::time::Duration;

const RESEARCH_TL: &str = "b0000000-0000-4000-8000-0000000000f1";
const TL_LI: &str = "c0000000-0000-4000-8000-000000000006";
const TL_BOB: &str = "c0000000-0000-4000-8000-000000000002";
const TL_DAN: &str = "c0000000-0000-4000-8000-000000000004";

/// Counts every request from now on.
fn count_all(server: &common::TestServer) -> RuleId {
    server
        .faults()
        .inject(FaultRule::new(Fault::Delay(Duration::ZERO)).times(u32::MAX))
}

/// Counts every request that could change something (POST, PUT, PATCH, DELETE) from now on.
fn count_changes(server: &common::TestServer) -> Vec<RuleId> {
    [Method::POST, Method::PUT, Method::PATCH, Method::DELETE]
        .into_iter()
        .map(|m| {
            server.faults().inject(
                FaultRule::new(Fault::Delay(Duration::ZERO))
                    .method(m)
                    .times(u32::MAX),
            )
        })
        .collect()
}

fn fired(server: &common::TestServer, rules: &[RuleId]) -> u32 {
    rules.iter().map(|r| server.faults().fired(*r)).sum()
}

async fn setup(data: Dataset) -> (common::TestServer, Home) {
    let server = common::serve(data).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    (server, home)
}

fn write(home: &Home, name: &str, text: &str) -> String {
    let path = home.path(name);
    std::fs::write(&path, text).expect("write the membership file");
    path.display().to_string()
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// `(operation, user)` of each change of a plan's JSON.
fn operations(plan: &Value) -> Vec<(String, String)> {
    plan["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["operation"].as_str().unwrap_or_default().to_string(),
                c["user"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_then_plan_shows_no_change_on_every_provider() {
    let (server, home) = setup(dataset()).await;
    let changes = count_changes(&server);
    for profile in ["askui", "dreadnode", "paradigm", "tl"] {
        for format in ["toml", "csv"] {
            let file = home.path(&format!("{profile}.{format}"));
            let file = file.to_str().unwrap();
            home.run(&["export", "-p", profile, "--format", format, "-o", file])
                .expect_code(0)
                .expect_no_token();
            let text = std::fs::read_to_string(file).unwrap();
            // The same memberships always give the same bytes.
            let again = home.run(&["export", "-p", profile, "--format", format]);
            again.expect_code(0);
            assert_eq!(again.stdout, text, "{profile} {format}: deterministic");
            let plan = home.run(&["plan", file]);
            plan.expect_code(0).expect_no_token();
            assert!(
                plan.stdout.contains("No changes"),
                "{profile} {format}:\n{text}\n{}",
                plan.stdout
            );
            let plan = home.run(&["plan", file, "-o", "json"]);
            plan.expect_code(0);
            assert_eq!(json(&plan)["summary"]["total"], 0, "{profile} {format}");
        }
    }
    assert_eq!(
        fired(&server, &changes),
        0,
        "export and plan change nothing"
    );
    // Inherited access and groups are comments in TOML, and absent from CSV.
    let tl = std::fs::read_to_string(home.path("tl.toml")).unwrap();
    assert!(tl.contains("[tl.\"Sales, \\\"EU\\\"\"]"), "{tl}");
    assert!(tl.contains("\"bob@example.com\" = \"Manager\""), "{tl}");
    assert!(
        tl.contains("# inherited: \"olga@example.com\" = \"owner\" (via organisation owner)"),
        "{tl}"
    );
    assert!(
        !std::fs::read_to_string(home.path("tl.csv"))
            .unwrap()
            .contains("olga")
    );
    let paradigm = std::fs::read_to_string(home.path("paradigm.toml")).unwrap();
    assert!(
        paradigm.contains("# group: \"Auditors\" = \"editor\""),
        "{paradigm}"
    );
    assert!(
        paradigm.contains("# inherited: \"cyd@example.com\" = \"editor\" (via group: Auditors)"),
        "{paradigm}"
    );
    let csv = std::fs::read_to_string(home.path("paradigm.csv")).unwrap();
    assert!(!csv.contains("Auditors") && !csv.contains("cyd"), "{csv}");
    // Every profile at once, in one file.
    let all = home.run(&["export"]);
    all.expect_code(0);
    let all_file = write(&home, "all.toml", &all.stdout);
    home.run(&["plan", &all_file]).expect_code(0);
}

/// TransactionLink's Research holds bob (Manager), cyd and li (Analyst). The file changes bob,
/// keeps cyd, leaves li out and adds dan.
const MODES_FILE: &str = "[tl.Research]\n\"bob@example.com\" = \"analyst\"\n\"cyd@example.com\" = \"Analyst\"\n\"dan@example.com\" = \"Analyst\"\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_mode_plans_and_applies_its_own_kind_of_change() {
    let cases: [(&str, &[(&str, &str)]); 3] = [
        (
            "sync",
            &[
                ("add", "dan@example.com"),
                ("set-role", TL_BOB),
                ("remove", TL_LI),
            ],
        ),
        ("add-only", &[("add", "dan@example.com")]),
        ("remove-only", &[("remove", TL_LI)]),
    ];
    for (mode, expected) in cases {
        let (server, home) = setup(dataset()).await;
        let file = write(&home, "modes.toml", MODES_FILE);
        let plan = home.run(&["plan", &file, "--mode", mode, "-o", "json"]);
        plan.expect_code(3);
        let v = json(&plan);
        let got = operations(&v);
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(o, u)| (o.to_string(), u.to_string()))
            .collect();
        assert_eq!(got, want, "{mode}");
        assert_eq!(
            v["summary"]["left_out"]
                .as_object()
                .unwrap()
                .values()
                .map(|n| n.as_u64().unwrap())
                .sum::<u64>(),
            3 - expected.len() as u64,
            "{mode}: the rest is counted as left out"
        );
        let table = home.run(&["plan", &file, "--mode", mode]);
        table.expect_code(3);
        assert!(
            table.stdout.contains("tl: \"Research\""),
            "{}",
            table.stdout
        );
        home.run(&["apply", &file, "--mode", mode, "--yes"])
            .expect_code(0);
        let tl = server.store.snapshot().transactionlink;
        let role = |user: &str| grant_role(&tl, RESEARCH_TL, user);
        let added = role(TL_DAN).is_some();
        let changed = role(TL_BOB).as_deref() == Some(TL_ROLE_ANALYST);
        let removed = role(TL_LI).is_none();
        assert_eq!(
            (added, changed, removed),
            (mode != "remove-only", mode == "sync", mode != "add-only"),
            "{mode}"
        );
        home.run(&["plan", &file, "--mode", mode]).expect_code(0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_file_sends_nothing_and_names_its_line() {
    let (server, home) = setup(dataset()).await;
    let before = server.store.snapshot();
    // A valid change first, so a file that was applied in part would show.
    let valid = "[paradigm.Legal]\n\"ada@example.com\" = \"owner\"\n\"bob@example.com\" = \"viewer\"\n\"dan@example.com\" = \"viewer\"\n\n";
    // Found without asking a server: not one request is sent.
    let local: &[(&str, &str, &str)] = &[
        (
            "unknown profile",
            "[nosuch.Legal]\n\"ada@example.com\" = \"owner\"\n",
            ":6: unknown profile \"nosuch\"; profiles in",
        ),
        (
            "malformed email",
            "[askui.Research]\n\"ada@example\" = \"owner\"\n",
            ":7: \"ada@example\" is not a valid email address",
        ),
        (
            "user listed twice",
            "[askui.Research]\n\"Bob@example.com\" = \"member\"\n\"bob@EXAMPLE.com\" = \"admin\"\n",
            ":8: bob@EXAMPLE.com is listed twice in workspace \"Research\" (first at line 7)",
        ),
        ("not TOML", "[askui.Research\n", ":6: not valid TOML"),
    ];
    let counted = count_all(&server);
    for (what, tail, expected) in local {
        let file = write(&home, "bad.toml", &format!("{valid}{tail}"));
        let run = home.run(&["apply", &file, "--yes"]);
        run.expect_code(2);
        assert!(
            run.stderr.contains(&format!("bad.toml{expected}")),
            "{what}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("nothing was sent"), "{what}");
        home.run(&["plan", &file]).expect_code(2);
    }
    let csv = write(
        &home,
        "bad.csv",
        "profile,workspace,user,role\nparadigm,Legal,dan@example.com,viewer\nparadigm,Legal,dan@,viewer\n",
    );
    let run = home.run(&["apply", &csv, "--yes"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("bad.csv:3: \"dan@\" is not a valid email"),
        "{}",
        run.stderr
    );
    assert_eq!(server.faults().fired(counted), 0, "not one request");
    server.faults().clear_rules();
    // Found by reading the server (workspaces and roles are the server's): reads, no change.
    let remote: &[(&str, &str, &str)] = &[
        (
            "unknown workspace",
            "[askui.Nowhere]\n\"ada@example.com\" = \"owner\"\n",
            ":6: profile \"askui\": no workspace with ID or name \"Nowhere\"; workspaces: \"Research\", \"Sales\"",
        ),
        (
            "unknown role",
            "[askui.Research]\n\"ada@example.com\" = \"owner\"\n\"bob@example.com\" = \"boss\"\n",
            ":8: workspace \"Research\" (id 3f1c2b7e-0000-4000-8000-0000000000a1): unknown role \"boss\"; valid roles: owner, admin, member",
        ),
        (
            "one member named twice",
            "[askui.Research]\n\"ada@example.com\" = \"owner\"\n\"auth0|ada\" = \"owner\"\n",
            ":8: workspace \"Research\" (id 3f1c2b7e-0000-4000-8000-0000000000a1): auth0|ada and \
             line 7 name the same member (Ada Lovelace)",
        ),
        (
            "workspace declared twice",
            "[askui.Research]\n\"ada@example.com\" = \"owner\"\n[askui.\"3f1c2b7e-0000-4000-8000-0000000000a1\"]\n",
            ":8: workspace \"Research\" (id 3f1c2b7e-0000-4000-8000-0000000000a1) is declared twice",
        ),
    ];
    let changes = count_changes(&server);
    for (what, tail, expected) in remote {
        let file = write(&home, "bad.toml", &format!("{valid}{tail}"));
        let run = home.run(&["apply", &file, "--yes"]);
        run.expect_code(2);
        assert!(
            run.stderr.contains(&format!("bad.toml{expected}")),
            "{what}: {}",
            run.stderr
        );
    }
    assert_eq!(fired(&server, &changes), 0, "no change request");
    assert_eq!(server.store.snapshot(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_twice_changes_nothing_the_second_time() {
    let (server, home) = setup(dataset()).await;
    let file = write(&home, "m.toml", MODES_FILE);
    let first = home.run(&["apply", &file, "--yes"]);
    first.expect_code(0).expect_no_token();
    assert!(
        first
            .stdout
            .contains("3 changes: 3 done, 0 failed or refused."),
        "{}",
        first.stdout
    );
    let after = server.store.snapshot();
    let changes = count_changes(&server);
    let second = home.run(&["apply", &file, "--yes"]);
    second.expect_code(0);
    assert!(second.stdout.contains("No changes"), "{}", second.stdout);
    let json = home.run(&["apply", &file, "--yes", "-o", "json"]);
    json.expect_code(0);
    assert_eq!(self::json(&json)["summary"]["total"], 0);
    assert_eq!(fired(&server, &changes), 0, "nothing sent the second time");
    assert_eq!(server.store.snapshot(), after);
    // The changes went through the engine: intent and outcome in the audit log.
    let entries = roster::audit::read_entries(&home.path("audit.jsonl")).unwrap();
    let mut outcomes: Vec<(&str, &str)> = entries
        .iter()
        .filter(|e| e.phase.as_deref() == Some("outcome"))
        .map(|e| (e.operation.as_str(), e.outcome.as_str()))
        .collect();
    outcomes.sort_unstable();
    assert_eq!(
        outcomes,
        [("add", "ok"), ("remove", "ok"), ("set-role", "ok")]
    );
}

/// Dreadnode at one change at a time, with a file that adds cyd and dan to Red Team and bob to
/// Blue Team; the add of cyd is refused by the server.
async fn one_failing_change(keep_going: bool) -> (common::TestServer, Run) {
    let server = common::serve(dataset()).await;
    let base = format!("http://{}", server.addr);
    let home = Home::new(&base, "");
    home.write_config(
        &profiles_for(&base).replace("org = \"acme\"\n", "org = \"acme\"\nmax_concurrency = 1\n"),
    );
    let file = write(
        &home,
        "m.toml",
        "[dreadnode.\"Red Team\"]\n\"ada@example.com\" = \"owner\"\n\"bob@example.com\" = \"reader\"\n\"cyd@example.com\" = \"reader\"\n\"dan@example.com\" = \"reader\"\n\n[dreadnode.\"Blue Team\"]\n\"ada@example.com\" = \"owner\"\n\"bob@example.com\" = \"contributor\"\n",
    );
    server.faults().inject(
        FaultRule::new(Fault::Status {
            code: 403,
            retry_after: None,
        })
        .method(Method::POST)
        .path_contains("/ws/red-team/users"),
    );
    let mut args = vec!["apply", &file, "--yes", "-o", "json"];
    if keep_going {
        args.push("--keep-going");
    }
    let run = home.run(&args);
    (server, run)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_stops_at_the_first_failure_unless_told_to_keep_going() {
    let members = |server: &common::TestServer, ws: &str| -> Vec<String> {
        let dn = server.store.snapshot().dreadnode;
        let w = dn
            .workspaces
            .iter()
            .find(|w| w.key.as_deref() == Some(ws))
            .unwrap();
        w.members.iter().filter_map(|g| g.user.clone()).collect()
    };
    let dan = "d0000000-0000-4000-8000-000000000004";
    let bob = "d0000000-0000-4000-8000-000000000002";
    let (server, run) = one_failing_change(false).await;
    run.expect_code(1);
    let v = json(&run);
    let outcomes: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["failed", "skipped", "skipped"]);
    assert_eq!(v["summary"]["failed"], 3);
    assert!(!members(&server, "red-team").contains(&dan.to_string()));
    assert!(!members(&server, "blue-team").contains(&bob.to_string()));

    let (server, run) = one_failing_change(true).await;
    run.expect_code(1);
    let v = json(&run);
    let outcomes: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["failed", "done", "done"]);
    assert!(members(&server, "red-team").contains(&dan.to_string()));
    assert!(members(&server, "blue-team").contains(&bob.to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes_for_cron_and_ci() {
    let mut data = dataset();
    // Finance has two owners; a file that keeps neither leaves it without one.
    data.paradigm.workspaces[1].members.push(Grant {
        id: None,
        user: Some("2".into()),
        group: None,
        role: "owner".into(),
    });
    let (server, home) = setup(data).await;
    let export = home.run(&["export", "-p", "paradigm"]);
    export.expect_code(0);
    let same = write(&home, "same.toml", &export.stdout);
    home.run(&["plan", &same]).expect_code(0);
    let drift = write(&home, "drift.toml", MODES_FILE);
    home.run(&["plan", &drift]).expect_code(3);
    // An API error: the server refuses the token.
    let mut cmd = home.command(&["plan", &same]);
    cmd.env("CLI_TEST_PARADIGM_TOKEN", "wrong-token");
    let run = run_command(cmd);
    run.expect_code(1);
    assert!(run.stderr.contains("profile paradigm"), "{}", run.stderr);
    // Usage: no file, apply without a terminal and without --yes.
    home.run(&["plan", &home.path("missing.toml").display().to_string()])
        .expect_code(2);
    let run = home.run(&["apply", &drift]);
    run.expect_code(2);
    assert!(run.stderr.contains("pass --yes"), "{}", run.stderr);

    let changes = count_changes(&server);
    // Read-only refuses before anything is read.
    let run = home.run(&["--readonly", "apply", &drift, "--yes"]);
    run.expect_code(2);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    // Removing both owners of Finance is refused as a whole plan, unless forced.
    let no_owner = write(
        &home,
        "no-owner.toml",
        "[paradigm.Finance]\n\"cyd@example.com\" = \"viewer\"\n",
    );
    let plan = home.run(&["plan", &no_owner]);
    plan.expect_code(3);
    assert!(
        plan.stdout.contains("apply refuses it unless --force"),
        "{}",
        plan.stdout
    );
    let run = home.run(&["apply", &no_owner, "--yes"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains(
            "refusing to apply: the plan leaves nobody in the top role (owner) of \"Finance\""
        ),
        "{}",
        run.stderr
    );
    assert_eq!(fired(&server, &changes), 0, "nothing sent");
    home.run(&["apply", &no_owner, "--yes", "--force"])
        .expect_code(0);
    let finance = &server.store.snapshot().paradigm.workspaces[1];
    let users: Vec<&str> = finance
        .members
        .iter()
        .filter_map(|g| g.user.as_deref())
        .collect();
    assert_eq!(users, ["3"], "forced: only cyd is left");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_cells_that_look_like_formulas_are_guarded_and_read_back() {
    let mut data = dataset();
    let mut ws = data.askui.workspaces[1].clone();
    ws.id = "3f1c2b7e-0000-4000-8000-0000000000a9".into();
    ws.name = "=HYPERLINK(\"http://evil\",\"x\")".into();
    ws.members[0].id = Some("m-0009".into());
    ws.members[1].id = Some("m-0010".into());
    ws.members[1].user = Some("auth0|plus".into());
    data.askui.workspaces.push(ws);
    data.askui.users.push(roster::sandbox::store::User {
        id: "auth0|plus".into(),
        email: "+cmd@example.com".into(),
        name: "@SUM(A1)".into(),
        org_role: None,
    });
    let (_server, home) = setup(data).await;
    let export = home.run(&["export", "-p", "askui", "--format", "csv"]);
    export.expect_code(0);
    let rows = parse_csv(&export.stdout);
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "cell {cell:?} would run as a formula"
            );
        }
    }
    assert!(
        rows.iter()
            .any(|r| r[1] == "'=HYPERLINK(\"http://evil\",\"x\")" && r[2] == "'+cmd@example.com"),
        "{}",
        export.stdout
    );
    // The guard is undone when the file is read: the plan finds nothing to do.
    let file = write(&home, "guarded.csv", &export.stdout);
    home.run(&["plan", &file]).expect_code(0);
    let all = home.run(&["members", "-p", "askui", "--all", "-o", "csv"]);
    all.expect_code(0);
    assert!(all.stdout.contains(",'@SUM(A1),"), "{}", all.stdout);
    assert!(all.stdout.contains("'+cmd@example.com"), "{}", all.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diff_lists_the_grants_added_removed_and_changed() {
    let (_server, home) = setup(dataset()).await;
    let old = home.path("old.toml").display().to_string();
    let new = home.path("new.csv").display().to_string();
    home.run(&["export", "-p", "tl", "-o", &old]).expect_code(0);
    let old_all = home.run(&["members", "-p", "tl", "--all", "-o", "csv"]);
    let file = write(&home, "m.toml", MODES_FILE);
    home.run(&["apply", &file, "--yes"]).expect_code(0);
    home.run(&["export", "-p", "tl", "--format", "csv", "-o", &new])
        .expect_code(0);
    let run = home.run(&["diff", &old, &new, "-o", "csv"]);
    run.expect_code(3);
    let rows = parse_csv(&run.stdout);
    assert_eq!(
        rows,
        [
            vec![
                "change",
                "profile",
                "workspace",
                "user",
                "old_role",
                "new_role",
                "access"
            ],
            vec![
                "changed",
                "tl",
                "Research",
                "bob@example.com",
                "Manager",
                "Analyst",
                "direct"
            ],
            vec![
                "added",
                "tl",
                "Research",
                "dan@example.com",
                "",
                "Analyst",
                "direct"
            ],
            vec![
                "removed",
                "tl",
                "Research",
                "li@example.com",
                "Analyst",
                "",
                "direct"
            ],
        ]
    );
    let run = home.run(&["diff", &old, &new, "-o", "json"]);
    run.expect_code(3);
    assert_eq!(json(&run).as_array().unwrap().len(), 3);
    let table = home.run(&["diff", &old, &new]);
    table.expect_code(3);
    assert!(table.stdout.starts_with("CHANGE"), "{}", table.stdout);
    home.run(&["diff", &old, &old]).expect_code(0);
    // Two members --all listings: the same three grants.
    let old_csv = write(&home, "old-all.csv", &old_all.stdout);
    let new_all = home.run(&["members", "-p", "tl", "--all", "-o", "csv"]);
    let new_csv = write(&home, "new-all.csv", &new_all.stdout);
    let run = home.run(&["diff", &old_csv, &new_csv, "-o", "json"]);
    run.expect_code(3);
    let changes: Vec<(String, String)> = json(&run)
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["change"].as_str().unwrap().to_string(),
                c["user"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("changed".to_string(), "bob@example.com".to_string()),
            ("added".to_string(), "dan@example.com".to_string()),
            ("removed".to_string(), "li@example.com".to_string()),
        ]
    );
    // An export and a listing are not compared.
    let run = home.run(&["diff", &old, &new_csv]);
    run.expect_code(2);
    assert!(run.stderr.contains("members --all"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_to_a_rewritten_member_list_run_one_at_a_time() {
    // Paradigm changes a role by rewriting the whole member list: run beside the adds to the same
    // workspace, the rewrite would put back the list it read before them.
    let (server, home) = setup(dataset()).await;
    server.faults().set_latency(Duration::from_millis(100));
    let file = write(
        &home,
        "m.toml",
        "[paradigm.Legal]\n\"ada@example.com\" = \"owner\"\n\"bob@example.com\" = \"editor\"\n\"cyd@example.com\" = \"viewer\"\n\"dan@example.com\" = \"viewer\"\n",
    );
    let run = home.run(&["apply", &file, "--yes", "-o", "json"]);
    run.expect_code(0);
    let v = json(&run);
    assert_eq!(v["summary"]["succeeded"], 3, "{}", run.stdout);
    let legal = &server.store.snapshot().paradigm.workspaces[0];
    let mut users: Vec<(String, String)> = legal
        .members
        .iter()
        .filter_map(|g| Some((g.user.clone()?, g.role.clone())))
        .collect();
    users.sort();
    let want = [
        ("1", "owner"),
        ("2", "editor"),
        ("3", "viewer"),
        ("4", "viewer"),
    ];
    assert_eq!(
        users,
        want.map(|(u, r)| (u.to_string(), r.to_string())),
        "every change is on the server"
    );
    server.faults().set_latency(Duration::ZERO);
    home.run(&["plan", &file]).expect_code(0);
}
