//! The listing commands through the real binary against the sandbox emulators: table alignment, JSON
//! field names and values, CSV quoting, sanitizing, `members --all`, `profiles`.

use crate::cli_support;
use crate::common;

use cli_support::*;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

async fn start() -> (common::TestServer, Home) {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    (server, home)
}

/// Display column at which each cell of a table line starts (cells are separated by 2+ spaces).
fn column_starts(line: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut rest = line;
    let mut consumed = 0;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        consumed += rest.len() - trimmed.len();
        if trimmed.is_empty() {
            break;
        }
        starts.push(line[..consumed].width());
        let end = trimmed.find("  ").unwrap_or(trimmed.len());
        consumed += end;
        rest = &trimmed[end..];
    }
    starts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn member_table_columns_align_by_display_width() {
    let (_server, home) = start().await;
    let run = home.run(&["members", "-p", "tl", "Research"]);
    run.expect_code(0).expect_no_token();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(column_starts(lines[0]).len(), 7, "header: {}", lines[0]);
    assert!(lines[0].starts_with("ID "), "{}", run.stdout);
    assert!(run.stdout.contains("李雷"), "{}", run.stdout);
    let header = column_starts(lines[0]);
    for line in &lines[1..] {
        assert_eq!(
            column_starts(line),
            header,
            "misaligned line {line:?} in\n{}",
            run.stdout
        );
        assert_eq!(line.trim_end(), *line, "trailing blanks in {line:?}");
    }
    assert_eq!(lines.len(), 4, "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn member_json_has_stable_field_names_and_server_values() {
    let (_server, home) = start().await;
    let run = home.run(&[
        "members",
        "-p",
        "tl",
        "Research",
        "--inherited",
        "-o",
        "json",
    ]);
    run.expect_code(0).expect_no_token();
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).expect("json array");
    for row in &rows {
        let mut keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["access", "email", "id", "kind", "name", "role", "via"]
        );
    }
    let by_email = |e: &str| {
        rows.iter()
            .find(|r| r["email"] == e)
            .unwrap_or_else(|| panic!("{e} missing in {}", run.stdout))
    };
    let bob = by_email("bob@example.com");
    assert_eq!(bob["id"], "c0000000-0000-4000-8000-000000000002");
    assert_eq!(bob["role"], "Manager");
    assert_eq!(bob["access"], "direct");
    assert!(bob["via"].is_null());
    assert_eq!(bob["kind"], "user");
    let olga = by_email("olga@example.com");
    assert_eq!(olga["access"], "inherited");
    assert_eq!(olga["via"], "organisation owner");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_keeps_server_text_exactly_while_table_and_csv_sanitize_it() {
    let (_server, home) = start().await;
    let ws = "Sales, \"EU\"";
    let json = home.run(&["members", "-p", "tl", ws, "-o", "json"]);
    json.expect_code(0);
    assert!(!json.stdout.contains('\u{1b}'), "raw escape in JSON output");
    let rows: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(rows[0]["name"], "Eve \u{1b}[31mRed");

    for format in ["table", "csv"] {
        let run = home.run(&["members", "-p", "tl", ws, "-o", format]);
        run.expect_code(0);
        assert!(
            !run.stdout.contains('\u{1b}'),
            "{format}: raw escape reached the output"
        );
        assert!(
            run.stdout.contains("Eve \u{241b}[31mRed"),
            "{format}: {}",
            run.stdout
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_quotes_a_comma_and_a_quote_per_rfc_4180() {
    let (_server, home) = start().await;
    let run = home.run(&["workspaces", "-p", "tl", "-o", "csv"]);
    run.expect_code(0).expect_no_token();
    assert!(
        run.stdout.contains("\"Sales, \"\"EU\"\"\""),
        "{}",
        run.stdout
    );
    let rows = parse_csv(&run.stdout);
    assert_eq!(rows[0], ["id", "name"]);
    assert!(rows.contains(&vec![
        "b0000000-0000-4000-8000-0000000000f2".to_string(),
        "Sales, \"EU\"".to_string()
    ]));
    assert_eq!(rows.len(), 3, "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspaces_and_roles_list_what_the_server_holds() {
    let (server, home) = start().await;
    let run = home.run(&["workspaces", "-p", "dreadnode", "-o", "json"]);
    run.expect_code(0).expect_no_token();
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let mut got: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().into(),
                r["name"].as_str().unwrap().into(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, String)> = server.store.snapshot()
        [roster::providers::dreadnode::KIND]
        .workspaces
        .iter()
        .map(|w| (w.key.clone().unwrap(), w.name.clone()))
        .collect();
    want.sort();
    assert_eq!(got, want);

    let roles = home.run(&["roles", "-p", "tl", "research", "-o", "json"]);
    roles.expect_code(0);
    let roles: Vec<Value> = serde_json::from_str(&roles.stdout).unwrap();
    let names: Vec<&str> = roles.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert!(
        names.contains(&"Analyst") && names.contains(&"Manager"),
        "{names:?}"
    );
    assert!(roles.iter().any(|r| r["id"] == TL_ROLE_ANALYST));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_all_lists_every_membership_with_its_workspace() {
    let (server, home) = start().await;
    let run = home.run(&["members", "-p", "paradigm", "--all", "-o", "csv"]);
    run.expect_code(0).expect_no_token();
    assert!(
        !run.stderr.contains("workspaces]"),
        "progress shown on a pipe: {}",
        run.stderr
    );
    let rows = parse_csv(&run.stdout);
    assert_eq!(
        rows[0],
        [
            "workspace_id",
            "workspace_name",
            "id",
            "email",
            "name",
            "role",
            "access",
            "via",
            "kind"
        ]
    );
    let grants: usize = server.store.snapshot()[roster::providers::paradigm::KIND]
        .workspaces
        .iter()
        .map(|w| w.members.len())
        .sum();
    assert_eq!(rows.len() - 1, grants, "{}", run.stdout);
    assert!(
        rows.iter()
            .any(|r| r[1] == "Finance" && r[3] == "ada@example.com" && r[5] == "owner")
    );
    assert!(
        rows.iter()
            .any(|r| r[1] == "Legal" && r[4] == "Auditors" && r[8] == "group")
    );

    let json = home.run(&[
        "members",
        "-p",
        "paradigm",
        "--all",
        "--inherited",
        "-o",
        "json",
    ]);
    json.expect_code(0);
    let rows: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    assert!(
        rows.iter()
            .all(|r| r["workspace_id"].is_string() && r["workspace_name"].is_string())
    );
    assert!(
        rows.iter().any(|r| r["workspace_name"] == "Legal"
            && r["email"] == "cyd@example.com"
            && r["access"] == "inherited"
            && r["via"] == "group: Auditors"),
        "{}",
        json.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_all_table_is_in_workspace_order() {
    let (_server, home) = start().await;
    let run = home.run(&["members", "-p", "askui", "--all"]);
    run.expect_code(0);
    let names: Vec<&str> = run
        .stdout
        .lines()
        .skip(1)
        .map(|l| {
            if l.contains("Research") {
                "Research"
            } else {
                "Sales"
            }
        })
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "{}", run.stdout);
    assert_eq!(names.len(), 4, "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_show_source_and_status_never_the_token() {
    let (_server, home) = start().await;
    let bad_file = home.path("open.token");
    write_with_mode(&bad_file, TL_TOKEN, 0o644);
    let extra = format!(
        "[profiles.leaky]\nprovider = \"transactionlink\"\ntoken_file = {:?}\n\n\
         [profiles.unset]\nprovider = \"askui\"\ntoken_env = \"CLI_TEST_NOT_SET\"\n",
        bad_file.display().to_string()
    );
    let text = std::fs::read_to_string(&home.config).unwrap() + &extra;
    home.write_config(&text);
    let run = home.run(&["profiles", "-o", "json"]);
    run.expect_code(0).expect_no_token();
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let row = |n: &str| rows.iter().find(|r| r["name"] == n).unwrap().clone();
    let tl = row("tl");
    assert_eq!(tl["provider"], "transactionlink");
    assert_eq!(tl["token_source"], "env CLI_TEST_TL_TOKEN");
    assert_eq!(tl["token_ok"], true);
    assert!(tl["token_error"].is_null());
    assert!(
        tl["base_url"]
            .as_str()
            .unwrap()
            .ends_with("/transactionlink")
    );
    let leaky = row("leaky");
    assert_eq!(leaky["token_ok"], false);
    assert!(
        leaky["token_error"]
            .as_str()
            .unwrap()
            .contains(&format!("chmod 600 {}", bad_file.display())),
        "{leaky}"
    );
    let unset = row("unset");
    assert_eq!(unset["token_ok"], false);
    assert!(
        unset["token_error"]
            .as_str()
            .unwrap()
            .contains("CLI_TEST_NOT_SET")
    );

    let table = home.run(&["profiles"]);
    table.expect_code(0).expect_no_token();
    assert!(table.stdout.starts_with("NAME "), "{}", table.stdout);
}
