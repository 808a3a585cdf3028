//! The audit log through the real binary: every attempted change, and each API step of an emulated
//! change, is one JSON line written before roster prints the result; `roster audit` reads it back,
//! filtered by profile and time; no token ever appears in it.

use crate::cli_support;
use crate::common;

use cli_support::*;
use serde_json::Value;

fn audit_json(home: &Home, args: &[&str]) -> Vec<Value> {
    let mut full = vec!["audit", "-o", "json"];
    full.extend_from_slice(args);
    let run = home.run(&full);
    run.expect_code(0);
    serde_json::from_str(&run.stdout).expect("audit JSON")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_and_their_steps_are_audited_without_tokens() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");

    // An emulated role change (AskUI: delete, then re-create) and a failed add.
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
    home.run(&["set-role", "-p", "askui", "Research", "auth0|dan", "admin"])
        .expect_code(0);
    home.run(&[
        "add",
        "-p",
        "dreadnode",
        "red-team",
        "nobody@example.com",
        "--role",
        "reader",
    ])
    .expect_code(1);
    // Listings are not changes: nothing is recorded for them.
    home.run(&["members", "-p", "askui", "Research"])
        .expect_code(0);

    let raw = std::fs::read_to_string(home.path("audit.jsonl")).expect("audit file");
    for (_, token) in TOKEN_VARS {
        assert!(!raw.contains(token), "token in the audit log");
    }

    let entries = audit_json(&home, &[]);
    let ops: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["operation"].as_str().unwrap_or(""),
                e["phase"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    // Each change: its intent before the first request, its steps, its outcome after the
    // verification read.
    assert_eq!(
        ops,
        [
            ("add", "intent"),
            ("step", "-"),
            ("add", "outcome"),
            ("set-role", "intent"),
            ("step", "-"),
            ("step", "-"),
            ("set-role", "outcome"),
            ("add", "intent"),
            ("step", "-"),
            ("add", "outcome"),
        ],
        "{entries:#?}"
    );
    let set_role = &entries[6];
    assert_eq!(set_role["profile"], "askui");
    assert_eq!(set_role["old_role"], "member");
    assert_eq!(set_role["new_role"], "admin");
    assert_eq!(set_role["outcome"], "ok");
    assert_eq!(entries[3]["outcome"], "pending");
    // One change ID ties the intent, the steps and the outcome together.
    let id = set_role["change_id"].as_str().expect("a change id");
    for e in &entries[3..7] {
        assert_eq!(e["change_id"].as_str(), Some(id), "{e:#?}");
    }
    // The two steps of the emulated change: the DELETE of the old membership, the POST of the new one.
    assert!(
        entries[4]["detail"]
            .as_str()
            .unwrap()
            .starts_with("DELETE ")
    );
    assert!(entries[5]["detail"].as_str().unwrap().starts_with("POST "));
    assert!(entries[5]["request_id"].is_string(), "{:?}", entries[5]);

    // Dreadnode adds by email natively: its POST was sent and refused.
    assert_eq!(entries[8]["outcome"], "failed");
    assert_eq!(entries[8]["status"], 404);
    let failed = &entries[9];
    assert_eq!(failed["profile"], "dreadnode");
    assert_eq!(failed["outcome"], "failed");
    assert!(
        failed["detail"]
            .as_str()
            .unwrap()
            .contains("nobody@example.com")
    );

    // Filters: by profile, and by time (everything above happened today, nothing after 2999).
    assert_eq!(audit_json(&home, &["-p", "dreadnode"]).len(), 3);
    assert!(audit_json(&home, &["--since", "2999-01-01"]).is_empty());
    assert_eq!(audit_json(&home, &["--since", "2000-01-01"]).len(), 10);
    home.run(&["audit", "--since", "yesterday"]).expect_code(2);

    // The table is for people: one header and one line per entry.
    let table = home.run(&["audit", "-p", "askui"]);
    table.expect_code(0);
    assert_eq!(table.stdout.lines().count(), 1 + 7, "{}", table.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_is_refused_when_the_audit_log_cannot_be_written() {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    let before = server.store.snapshot();
    let mut cmd = home.command(&[
        "add",
        "-p",
        "askui",
        "Research",
        "auth0|dan",
        "--role",
        "member",
    ]);
    // A directory where the file should be: it cannot be opened for appending.
    std::fs::create_dir_all(home.path("blocked")).unwrap();
    cmd.env("ROSTER_AUDIT_FILE", home.path("blocked"));
    let run = run_command(cmd);
    run.expect_code(2);
    assert!(run.stderr.contains("audit log"), "{}", run.stderr);
    assert_eq!(server.store.snapshot(), before, "nothing changed");
}
