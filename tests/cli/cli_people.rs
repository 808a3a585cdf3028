//! One person across every profile through the real binary, against the sandbox's four providers:
//! `roster who`, `offboard` and `copy-access`, each checked in the sandbox store; dry runs that
//! send no change (counted on the wire); a bulk change with one row failing; the access an
//! organisation admin keeps; a profile that fails while the others answer.

use crate::cli_support;
use crate::common;

use axum::http::Method;
use cli_support::*;
use roster::sandbox::store::{Dataset, Grant};
use roster::sandbox::{Fault, FaultRule, RuleId};
use serde_json::Value;
use std::time::Duration;

pub const RESEARCH_ASKUI: &str = "3f1c2b7e-0000-4000-8000-0000000000a1";
pub const RED_TEAM: &str = "6d9f0a3e-0000-4000-8000-0000000000d1";
pub const BLUE_TEAM: &str = "6d9f0a3e-0000-4000-8000-0000000000d2";
pub const LEGAL: &str = "101";
pub const FINANCE: &str = "102";
pub const RESEARCH_TL: &str = "b0000000-0000-4000-8000-0000000000f1";
pub const SALES_TL: &str = "b0000000-0000-4000-8000-0000000000f2";

/// Bob's ID on each provider.
pub const BOB_ASKUI: &str = "auth0|bob";
pub const BOB_DREADNODE: &str = "d0000000-0000-4000-8000-000000000002";
pub const BOB_PARADIGM: &str = "2";
pub const BOB_TL: &str = "c0000000-0000-4000-8000-000000000002";
/// Dan's ID on each provider (in no workspace).
pub const DAN_ASKUI: &str = "auth0|dan";
pub const DAN_DREADNODE: &str = "d0000000-0000-4000-8000-000000000004";
pub const DAN_PARADIGM: &str = "4";
pub const DAN_TL: &str = "c0000000-0000-4000-8000-000000000004";

/// The CLI tests' dataset, where bob has a direct grant on every provider, is also in the
/// Paradigm group that has Legal (direct viewer, inherited editor), is a TransactionLink
/// organisation admin (inherited access to every workspace there), and a Dreadnode workspace lists
/// a member without an email.
pub fn people_dataset() -> Dataset {
    let mut data = dataset();
    data.paradigm.groups[0].members.push(BOB_PARADIGM.into());
    if let Some(bob) = data
        .transactionlink
        .users
        .iter_mut()
        .find(|u| u.id == BOB_TL)
    {
        bob.org_role = Some("admin".into());
    }
    // A grant for an account the organisation does not list: the API gives no email for it.
    data.dreadnode.workspaces[0].members.push(Grant {
        id: None,
        user: Some("d0000000-0000-4000-8000-0000000000ff".into()),
        group: None,
        role: "reader".into(),
    });
    data
}

/// Counts every request that would change something (POST, PUT, DELETE) from now on.
pub fn count_changes(server: &common::TestServer) -> Vec<RuleId> {
    [Method::POST, Method::PUT, Method::DELETE, Method::PATCH]
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

/// How many of the counted requests were sent.
pub fn changes_sent(server: &common::TestServer, rules: &[RuleId]) -> u32 {
    rules.iter().map(|r| server.faults().fired(*r)).sum()
}

fn bob_grants(data: &Dataset) -> [Option<String>; 4] {
    [
        grant_role(&data.askui, RESEARCH_ASKUI, BOB_ASKUI),
        grant_role(&data.dreadnode, RED_TEAM, BOB_DREADNODE),
        grant_role(&data.paradigm, LEGAL, BOB_PARADIGM),
        grant_role(&data.transactionlink, RESEARCH_TL, BOB_TL),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_lists_direct_and_inherited_access_on_every_provider_and_sends_no_change() {
    let server = common::serve(people_dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let counted = count_changes(&server);
    let before = server.store.snapshot();
    // Any case: emails are matched ignoring it.
    let run = home.run(&["who", "BOB@Example.com", "-o", "json"]);
    run.expect_code(0).expect_no_token();
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).expect("a JSON array");
    let has = |profile: &str, ws: &str, role: &str, access: &str| {
        rows.iter().any(|r| {
            r["profile"] == profile
                && r["workspace_id"] == ws
                && r["role"] == role
                && r["access"] == access
        })
    };
    assert!(
        has("askui", RESEARCH_ASKUI, "member", "direct"),
        "{rows:#?}"
    );
    assert!(
        has("dreadnode", "red-team", "reader", "direct"),
        "{rows:#?}"
    );
    assert!(has("paradigm", LEGAL, "viewer", "direct"), "{rows:#?}");
    assert!(has("paradigm", LEGAL, "editor", "inherited"), "{rows:#?}");
    assert!(has("tl", RESEARCH_TL, "Manager", "direct"), "{rows:#?}");
    assert!(has("tl", SALES_TL, "admin", "inherited"), "{rows:#?}");
    // Both kinds of access in Legal: the higher role of the catalogue counts.
    for r in rows.iter().filter(|r| r["workspace_id"] == LEGAL) {
        assert_eq!(r["effective_role"], "editor", "{r}");
        assert_eq!(r["email"], "bob@example.com");
    }
    let legal_via = rows
        .iter()
        .find(|r| r["workspace_id"] == LEGAL && r["access"] == "inherited")
        .unwrap();
    assert_eq!(legal_via["via"], "group: Auditors");
    assert_eq!(
        rows.iter()
            .find(|r| r["workspace_id"] == "red-team")
            .unwrap()["effective_role"],
        Value::Null,
        "one kind of access: no effective role to decide"
    );
    // An organisation admin with a direct grant has both rows there (issue 12, bug 10).
    assert!(has("tl", RESEARCH_TL, "admin", "inherited"), "{rows:#?}");
    assert_eq!(rows.len(), 7, "{rows:#?}");
    // The member Dreadnode lists without an email could be bob: the output says so.
    assert!(
        run.stderr.contains(
            "profile dreadnode: 1 member in 1 workspace (\"Red Team\") is listed without an email"
        ),
        "{}",
        run.stderr
    );
    // Table and CSV carry the same rows.
    let table = home.run(&["who", "bob@example.com"]);
    table.expect_code(0);
    assert!(table.stdout.starts_with("PROFILE"), "{}", table.stdout);
    assert!(table.stdout.contains("group: Auditors"), "{}", table.stdout);
    let csv = home.run(&["who", "bob@example.com", "-o", "csv", "-p", "tl"]);
    csv.expect_code(0);
    let cells = parse_csv(&csv.stdout);
    assert_eq!(cells[0][0], "profile");
    assert_eq!(
        cells.len(),
        4,
        "header and tl's three rows (Research: the grant and the organisation admin): {cells:?}"
    );
    // By ID: only the provider that knows it matches.
    let by_id = home.run(&["who", BOB_PARADIGM, "-o", "json"]);
    by_id.expect_code(0);
    let rows: Vec<Value> = serde_json::from_str(&by_id.stdout).unwrap();
    assert!(rows.iter().all(|r| r["profile"] == "paradigm"), "{rows:#?}");
    assert_eq!(changes_sent(&server, &counted), 0, "who only reads");
    assert_eq!(server.store.snapshot(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_reports_a_failing_profile_and_still_prints_the_others() {
    let server = common::serve(people_dataset()).await;
    let base = format!("http://{}", server.addr);
    let extra = format!(
        "[profiles.broken]\nprovider = \"dreadnode\"\nbase_url = \"{base}/dreadnode\"\norg = \
         \"acme\"\ntoken_env = \"CLI_TEST_WRONG_TOKEN\"\n"
    );
    let home = Home::new(&base, &extra);
    let mut cmd = home.command(&["who", "bob@example.com", "-o", "json"]);
    cmd.env("CLI_TEST_WRONG_TOKEN", "not-the-token");
    let run = run_command(cmd);
    run.expect_code(1).expect_no_token();
    assert!(
        run.stderr.contains("profile broken") && run.stderr.contains("could not be searched"),
        "{}",
        run.stderr
    );
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).expect("the others' rows");
    for profile in ["askui", "dreadnode", "paradigm", "tl"] {
        assert!(
            rows.iter().any(|r| r["profile"] == profile),
            "{profile} still answered: {rows:#?}"
        );
    }
    // A profile whose token does not resolve at all fails the same way.
    let run = home.run(&["who", "bob@example.com", "-p", "broken", "-p", "askui"]);
    run.expect_code(1);
    assert!(run.stdout.contains("askui"), "{}", run.stdout);
    assert!(run.stderr.contains("profile broken"), "{}", run.stderr);
    // An unknown profile is a usage error before anything is read.
    home.run(&["who", "bob@example.com", "-p", "nope"])
        .expect_code(2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offboard_plans_without_sending_then_removes_every_direct_grant_and_reports_what_remains() {
    let server = common::serve(people_dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let counted = count_changes(&server);
    let before = server.store.snapshot();
    let plan = home.run(&["offboard", "bob@example.com", "-o", "json"]);
    plan.expect_code(0).expect_no_token();
    let v: Value = serde_json::from_str(&plan.stdout).expect("JSON");
    assert_eq!(v["applied"], false);
    assert_eq!(v["plan"].as_array().unwrap().len(), 4, "{v:#}");
    assert!(v["changes"].as_array().unwrap().is_empty());
    assert_eq!(changes_sent(&server, &counted), 0, "a plan sends no change");
    assert_eq!(server.store.snapshot(), before);
    // Without a terminal and without --yes: refused before anything is read.
    let requests = server.sandbox.request_count();
    home.run(&["offboard", "bob@example.com", "--apply"])
        .expect_code(2);
    assert_eq!(server.sandbox.request_count(), requests, "nothing read");
    // Read-only: refused before anything is read.
    let ro = home.run(&[
        "--readonly",
        "offboard",
        "bob@example.com",
        "--apply",
        "--yes",
    ]);
    ro.expect_code(2);
    assert!(ro.stderr.contains("read-only"), "{}", ro.stderr);
    assert_eq!(server.sandbox.request_count(), requests, "nothing read");

    let run = home.run(&[
        "offboard",
        "bob@example.com",
        "--apply",
        "--yes",
        "-o",
        "json",
    ]);
    run.expect_code(0).expect_no_token();
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(v["applied"], true);
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 4);
    for c in changes {
        assert_eq!(c["outcome"], "done", "{c:#}");
        assert_eq!(c["operation"], "remove");
        assert!(c["id"].as_str().is_some_and(|id| id.starts_with('c')));
    }
    assert_eq!(
        bob_grants(&server.store.snapshot()),
        [None, None, None, None]
    );
    // What remains: the Paradigm group and the TransactionLink organisation role, with where.
    let remaining = v["remaining"].as_array().unwrap();
    let remains = |profile: &str, ws: &str, source: &str, place: &str| {
        remaining.iter().any(|r| {
            r["profile"] == profile
                && r["workspace"]["id"] == ws
                && r["access"] == "inherited"
                && r["source"] == source
                && r["where_to_remove"]
                    .as_str()
                    .is_some_and(|w| w.contains(place))
        })
    };
    assert!(
        remains(
            "paradigm",
            LEGAL,
            "group: Auditors",
            "group \"Auditors\" in LightOn Paradigm's admin console"
        ),
        "{remaining:#?}"
    );
    assert!(
        remains(
            "tl",
            SALES_TL,
            "organisation admin",
            "TransactionLink's organisation settings"
        ),
        "{remaining:#?}"
    );
    // The organisation admin's removed grant: the fresh read after it shows the access they keep.
    assert!(
        remains(
            "tl",
            RESEARCH_TL,
            "organisation admin",
            "organisation settings"
        ),
        "{remaining:#?}"
    );
    let tl = changes.iter().find(|c| c["profile"] == "tl").unwrap();
    assert!(
        tl["keeps_access"]
            .as_str()
            .is_some_and(|k| k.contains("organisation admin")),
        "{tl:#}"
    );
    // Each removal is in the audit log with its intent and outcome.
    let audit = roster::audit::read_entries(&home.path("audit.jsonl")).unwrap();
    for c in changes {
        let id = c["id"].as_str().unwrap();
        assert!(audit.iter().any(|e| e.change_id.as_deref() == Some(id)
            && e.phase.as_deref() == Some("outcome")
            && e.outcome == "ok"));
    }
    // Offboarded, nothing is left to remove: the plan is empty, and the table says so.
    let again = home.run(&["offboard", "bob@example.com", "--apply", "--yes"]);
    again.expect_code(0);
    assert!(
        again.stdout.contains("Nothing to remove"),
        "{}",
        again.stdout
    );
    assert!(
        again.stdout.contains("Access that remains") && again.stdout.contains("organisation admin"),
        "{}",
        again.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offboard_leaves_the_last_owner_unless_forced() {
    let server = common::serve(people_dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let before = server.store.snapshot();
    // Ada is the only owner of every workspace she is in (AskUI, Dreadnode, Paradigm).
    let run = home.run(&[
        "offboard",
        "ada@example.com",
        "--apply",
        "--yes",
        "-o",
        "json",
    ]);
    run.expect_code(0);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(v["plan"].as_array().unwrap().is_empty(), "{v:#}");
    let last: Vec<&Value> = v["last_owner"].as_array().unwrap().iter().collect();
    assert_eq!(last.len(), 6, "{v:#}");
    assert!(last.iter().all(|l| l["forced"] == false));
    assert!(
        v["remaining"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["access"] == "direct")
            .count()
            == 6
    );
    assert_eq!(server.store.snapshot(), before, "nothing sent");
    // Forced, on the providers whose server lets the last owner go.
    let run = home.run(&[
        "offboard",
        "ada@example.com",
        "-p",
        "dreadnode",
        "-p",
        "paradigm",
        "--apply",
        "--yes",
        "--force",
    ]);
    run.expect_code(0);
    let after = server.store.snapshot();
    for ws in [RED_TEAM, BLUE_TEAM] {
        assert_eq!(
            grant_role(&after.dreadnode, ws, "d0000000-0000-4000-8000-000000000001"),
            None
        );
    }
    for ws in [LEGAL, FINANCE] {
        assert_eq!(grant_role(&after.paradigm, ws, "1"), None);
    }
    assert_eq!(
        after.askui, before.askui,
        "a profile not named is not touched"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_change_with_one_failing_row_runs_the_others_and_lists_the_failure() {
    let server = common::serve(people_dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    // TransactionLink refuses the removal from Research, every time it is asked.
    server.faults().inject(
        FaultRule::new(Fault::Status {
            code: 500,
            retry_after: None,
        })
        .method(Method::DELETE)
        .path_contains(format!(
            "/transactionlink/workspaces/{RESEARCH_TL}/memberships"
        ))
        .times(u32::MAX),
    );
    let run = home.run(&[
        "offboard",
        "bob@example.com",
        "--apply",
        "--yes",
        "-o",
        "json",
    ]);
    run.expect_code(1).expect_no_token();
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 4, "every row was tried");
    let failed: Vec<&Value> = changes.iter().filter(|c| c["outcome"] != "done").collect();
    assert_eq!(failed.len(), 1, "{changes:#?}");
    assert_eq!(failed[0]["profile"], "tl");
    assert_eq!(failed[0]["outcome"], "failed");
    assert_eq!(v["summary"]["succeeded"], 3);
    assert_eq!(v["summary"]["failed"], 1);
    let after = server.store.snapshot();
    assert_eq!(
        bob_grants(&after)[..3],
        [None, None, None],
        "the other rows were removed"
    );
    assert!(bob_grants(&after)[3].is_some(), "the failed row stays");
    assert!(
        v["remaining"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["profile"] == "tl"
                && r["workspace"]["id"] == RESEARCH_TL
                && r["access"] == "direct"
                && r["source"]
                    .as_str()
                    .is_some_and(|s| s.contains("did not succeed"))),
        "{v:#}"
    );
    // The table lists the failure on stderr, the successes on stdout.
    let table = home.run(&["offboard", "bob@example.com", "--apply", "--yes"]);
    table.expect_code(1);
    assert!(
        table.stderr.contains("profile tl") && table.stderr.contains("Failed to remove"),
        "{}",
        table.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_access_plans_without_sending_then_gives_every_direct_grant() {
    let server = common::serve(people_dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let counted = count_changes(&server);
    let before = server.store.snapshot();
    let plan = home.run(&[
        "copy-access",
        "bob@example.com",
        "dan@example.com",
        "-o",
        "json",
    ]);
    plan.expect_code(0).expect_no_token();
    let v: Value = serde_json::from_str(&plan.stdout).unwrap();
    let items = v["plan"].as_array().unwrap();
    let adds = items.iter().filter(|i| i["action"] == "add").count();
    assert_eq!(adds, 4, "{items:#?}");
    // Inherited access cannot be copied, and says where to give it instead.
    assert!(
        items.iter().any(|i| i["action"] == "cannot"
            && i["workspace"]["id"] == LEGAL
            && i["detail"]
                .as_str()
                .is_some_and(|d| d.contains("add them to the group \"Auditors\""))),
        "{items:#?}"
    );
    assert!(
        items.iter().any(|i| i["action"] == "cannot"
            && i["workspace"]["id"] == SALES_TL
            && i["detail"]
                .as_str()
                .is_some_and(|d| d.contains("organisation"))),
        "{items:#?}"
    );
    assert_eq!(changes_sent(&server, &counted), 0, "a plan sends no change");
    assert_eq!(server.store.snapshot(), before);
    // AskUI cannot look a user up by email when they are in no workspace: the copy uses an ID
    // there, so copy per provider as the admin would.
    let by_email = home.run(&[
        "copy-access",
        "bob@example.com",
        "dan@example.com",
        "-p",
        "dreadnode",
        "-p",
        "paradigm",
        "-p",
        "tl",
        "--apply",
        "--yes",
    ]);
    by_email.expect_code(0).expect_no_token();
    let by_id = home.run(&[
        "copy-access",
        "bob@example.com",
        DAN_ASKUI,
        "-p",
        "askui",
        "--apply",
        "--yes",
    ]);
    by_id.expect_code(0);
    let after = server.store.snapshot();
    assert_eq!(
        grant_role(&after.askui, RESEARCH_ASKUI, DAN_ASKUI).as_deref(),
        Some("ROLE_WORKSPACE_MEMBER")
    );
    assert_eq!(
        grant_role(&after.dreadnode, RED_TEAM, DAN_DREADNODE).as_deref(),
        Some("reader")
    );
    assert_eq!(
        grant_role(&after.paradigm, LEGAL, DAN_PARADIGM).as_deref(),
        Some("viewer")
    );
    assert_eq!(
        grant_role(&after.transactionlink, RESEARCH_TL, DAN_TL).as_deref(),
        Some(TL_ROLE_MANAGER)
    );
    // A second copy finds everything in place.
    let again = home.run(&[
        "copy-access",
        "bob@example.com",
        "dan@example.com",
        "-p",
        "paradigm",
    ]);
    again.expect_code(0);
    assert!(again.stdout.contains("already"), "{}", again.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_access_leaves_another_role_unless_upgrading_and_never_demotes() {
    let server = common::serve(people_dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let before = server.store.snapshot();
    // Bob is a member where ada is owner: shown and left.
    let run = home.run(&[
        "copy-access",
        "ada@example.com",
        "bob@example.com",
        "-p",
        "askui",
        "-p",
        "dreadnode",
        "-p",
        "paradigm",
        "-o",
        "json",
    ]);
    run.expect_code(0);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let left: Vec<&Value> = v["plan"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["action"] == "left")
        .collect();
    assert_eq!(left.len(), 3, "{v:#}");
    assert!(left.iter().all(|i| {
        i["detail"]
            .as_str()
            .is_some_and(|d| d.contains("--upgrade"))
    }));
    // Upgrading: raised to owner where he was lower, added where he was absent.
    let up = home.run(&[
        "copy-access",
        "ada@example.com",
        "bob@example.com",
        "-p",
        "dreadnode",
        "-p",
        "paradigm",
        "--upgrade",
        "--apply",
        "--yes",
    ]);
    up.expect_code(0);
    let after = server.store.snapshot();
    for ws in [RED_TEAM, BLUE_TEAM] {
        assert_eq!(
            grant_role(&after.dreadnode, ws, BOB_DREADNODE).as_deref(),
            Some("owner")
        );
    }
    for ws in [LEGAL, FINANCE] {
        assert_eq!(
            grant_role(&after.paradigm, ws, BOB_PARADIGM).as_deref(),
            Some("owner")
        );
    }
    assert_eq!(after.askui, before.askui);
    // The other way round nobody is demoted: ada's owner role is higher than bob's member role.
    let down = home.run(&[
        "copy-access",
        "bob@example.com",
        "ada@example.com",
        "-p",
        "askui",
        "--upgrade",
        "-o",
        "json",
    ]);
    down.expect_code(0);
    let v: Value = serde_json::from_str(&down.stdout).unwrap();
    let research = v["plan"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["workspace"]["id"] == RESEARCH_ASKUI)
        .unwrap();
    assert_eq!(research["action"], "left", "{research:#}");
    assert!(
        research["detail"]
            .as_str()
            .is_some_and(|d| d.contains("at least as high")),
        "{research:#}"
    );
}
