//! Every bad input gets a clear message, the documented exit code, and changes nothing on the server.

use crate::cli_support;
use crate::common;

use cli_support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn start() -> (common::TestServer, Home) {
    let server = common::serve(dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");
    (server, home)
}

/// Runs `args` and checks the server's data is exactly as before.
fn run_unchanged(server: &common::TestServer, home: &Home, args: &[&str]) -> Run {
    let before = server.store.snapshot();
    let run = home.run(args);
    assert_eq!(
        server.store.snapshot(),
        before,
        "data changed by {args:?}: {run:?}"
    );
    run.expect_no_token();
    run
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_profile_lists_the_configured_ones() {
    let (server, home) = start().await;
    let run = run_unchanged(&server, &home, &["workspaces", "-p", "nope"]);
    run.expect_code(2);
    assert!(run.stderr.contains("profile nope"), "{}", run.stderr);
    assert!(
        run.stderr.contains("askui, dreadnode, paradigm, tl"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_token_names_the_variable() {
    let (server, home) = start().await;
    let mut cmd = home.command(&[
        "add",
        "-p",
        "tl",
        "Research",
        "dan@example.com",
        "--role",
        "Analyst",
    ]);
    cmd.env_remove("CLI_TEST_TL_TOKEN");
    let before = server.store.snapshot();
    let run = run_command(cmd);
    run.expect_code(2);
    assert_eq!(server.store.snapshot(), before);
    assert!(run.stderr.contains("profile tl"), "{}", run.stderr);
    assert!(run.stderr.contains("CLI_TEST_TL_TOKEN"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_token_is_exit_1_naming_profile_provider_and_status_without_the_token() {
    let (server, home) = start().await;
    let wrong = "tot_wrong_canary_5150";
    let mut cmd = home.command(&[
        "add",
        "-p",
        "tl",
        "Research",
        "dan@example.com",
        "--role",
        "Analyst",
    ]);
    cmd.env("CLI_TEST_TL_TOKEN", wrong)
        .env("ROSTER_LOG", "trace");
    let before = server.store.snapshot();
    let run = run_command(cmd);
    run.expect_code(1);
    assert_eq!(server.store.snapshot(), before);
    for part in ["profile tl", "transactionlink", "401"] {
        assert!(run.stderr.contains(part), "missing {part}: {}", run.stderr);
    }
    assert!(!run.stdout.contains(wrong) && !run.stderr.contains(wrong));
    let log = std::fs::read_to_string(home.log_file()).expect("log file written");
    assert!(log.contains("401"), "the log records the call: {log}");
    assert!(!log.contains(wrong), "token in the log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_env_flag_reads_another_variable() {
    let (_server, home) = start().await;
    let mut cmd = home.command(&["workspaces", "-p", "tl", "--token-env", "OTHER_TL_VAR"]);
    cmd.env("CLI_TEST_TL_TOKEN", "tot_wrong")
        .env("OTHER_TL_VAR", TL_TOKEN);
    run_command(cmd).expect_code(0);
    let run = home.run(&[
        "workspaces",
        "-p",
        "tl",
        "--token-env",
        "CLI_TEST_UNSET_VAR",
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("CLI_TEST_UNSET_VAR"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_workspace_is_not_found_listing_names() {
    let (server, home) = start().await;
    let run = run_unchanged(
        &server,
        &home,
        &[
            "add",
            "-p",
            "tl",
            "Nowhere",
            "dan@example.com",
            "--role",
            "Analyst",
        ],
    );
    run.expect_code(1);
    assert!(run.stderr.contains("\"Nowhere\""), "{}", run.stderr);
    assert!(run.stderr.contains("Research"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_user_email_changes_nothing() {
    let (server, home) = start().await;
    for args in [
        &[
            "add",
            "-p",
            "tl",
            "Research",
            "nobody@example.com",
            "--role",
            "Analyst",
        ][..],
        &[
            "set-role",
            "-p",
            "tl",
            "Research",
            "nobody@example.com",
            "Manager",
        ][..],
        &[
            "remove",
            "-p",
            "tl",
            "Research",
            "nobody@example.com",
            "--yes",
        ][..],
    ] {
        let run = run_unchanged(&server, &home, args);
        run.expect_code(1);
        assert!(
            run.stderr.contains("nobody@example.com"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_email_is_a_usage_error() {
    let (server, home) = start().await;
    let run = run_unchanged(
        &server,
        &home,
        &["add", "-p", "tl", "Research", "dan@", "--role", "Analyst"],
    );
    run.expect_code(2);
    assert!(run.stderr.contains("not a valid email"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_role_lists_the_valid_roles() {
    let (server, home) = start().await;
    let run = run_unchanged(
        &server,
        &home,
        &[
            "add",
            "-p",
            "tl",
            "Research",
            "dan@example.com",
            "--role",
            "boss",
        ],
    );
    run.expect_code(2);
    assert!(run.stderr.contains("Analyst, Manager"), "{}", run.stderr);
    let run = run_unchanged(
        &server,
        &home,
        &[
            "set-role",
            "-p",
            "dreadnode",
            "red-team",
            "bob@example.com",
            "admin",
        ],
    );
    run.expect_code(2);
    assert!(
        run.stderr.contains("owner, contributor, reader"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_a_present_member_is_a_conflict() {
    let (server, home) = start().await;
    for args in [
        &[
            "add",
            "-p",
            "tl",
            "Research",
            "bob@example.com",
            "--role",
            "Analyst",
        ][..],
        &[
            "add",
            "-p",
            "dreadnode",
            "red-team",
            "bob@example.com",
            "--role",
            "owner",
        ][..],
    ] {
        let run = run_unchanged(&server, &home, args);
        run.expect_code(1);
        assert!(
            run.stderr.to_lowercase().contains("already"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inherited_access_cannot_be_changed_here() {
    let (server, home) = start().await;
    let run = run_unchanged(
        &server,
        &home,
        &[
            "remove",
            "-p",
            "tl",
            "Research",
            "olga@example.com",
            "--yes",
        ],
    );
    run.expect_code(2);
    assert!(run.stderr.contains("organisation owner"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remove_without_yes_and_without_a_terminal_is_refused() {
    let (server, home) = start().await;
    let before = server.store.snapshot();
    let mut cmd = home.command(&["remove", "-p", "tl", "Research", "bob@example.com"]);
    cmd.write_stdin("y\n");
    let run = run_command(cmd);
    run.expect_code(2);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert_eq!(server.store.snapshot(), before);
    let still = grant_role(
        &server.store.snapshot()[roster::providers::transactionlink::KIND],
        "b0000000-0000-4000-8000-0000000000f1",
        "c0000000-0000-4000-8000-000000000002",
    );
    assert_eq!(still.as_deref(), Some(TL_ROLE_MANAGER));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_file_readable_by_others_is_refused_with_the_fix() {
    let (server, home) = start().await;
    let file = home.path("tl.token");
    write_with_mode(&file, TL_TOKEN, 0o644);
    let text = format!(
        "{}[profiles.filed]\nprovider = \"transactionlink\"\nbase_url = \"http://{}/transactionlink\"\ntoken_file = {:?}\n",
        profiles_for(&format!("http://{}", server.addr)),
        server.addr,
        file.display().to_string()
    );
    home.write_config(&text);
    let run = run_unchanged(&server, &home, &["workspaces", "-p", "filed"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains(&format!("chmod 600 {}", file.display())),
        "{}",
        run.stderr
    );
    // The same file with the fix applied works.
    write_with_mode(&file, TL_TOKEN, 0o600);
    let run = home.run(&["workspaces", "-p", "filed"]);
    run.expect_code(0).expect_no_token();
    assert!(run.stdout.contains("Research"), "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_server_is_exit_1_with_a_clear_message() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let home = Home::new(&format!("http://127.0.0.1:{port}"), "");
    let run = home.run(&["workspaces", "-p", "tl"]);
    run.expect_code(1).expect_no_token();
    assert!(run.stderr.contains("profile tl"), "{}", run.stderr);
    assert!(run.stderr.contains("cannot connect"), "{}", run.stderr);
    assert!(run.stderr.contains(&port.to_string()), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_is_exit_1_saying_so() {
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/organizations/workspaces"))
        .respond_with(ResponseTemplate::new(200).set_body_string("[{\"id\": oops"))
        .mount(&mock)
        .await;
    let home = Home::new("http://unused.invalid", "");
    home.write_config(&format!(
        "[profiles.tl]\nprovider = \"transactionlink\"\nbase_url = \"{}\"\ntoken_env = \"CLI_TEST_TL_TOKEN\"\n",
        mock.uri()
    ));
    let run = home.run(&["workspaces", "-p", "tl", "-o", "json"]);
    run.expect_code(1).expect_no_token();
    assert!(run.stderr.contains("not valid JSON"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "no partial listing: {}", run.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limit_beyond_the_cap_says_until_when() {
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/organizations/workspaces"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .mount(&mock)
        .await;
    let home = Home::new("http://unused.invalid", "");
    home.write_config(&format!(
        "[profiles.tl]\nprovider = \"transactionlink\"\nbase_url = \"{}\"\ntoken_env = \"CLI_TEST_TL_TOKEN\"\n",
        mock.uri()
    ));
    let run = home.run(&["workspaces", "-p", "tl"]);
    run.expect_code(1).expect_no_token();
    assert!(run.stderr.contains("rate limited until"), "{}", run.stderr);
    assert!(run.stderr.contains("429"), "{}", run.stderr);
    let calls = mock.received_requests().await.unwrap_or_default();
    assert_eq!(
        calls.len(),
        1,
        "a long Retry-After is not waited for or retried"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_all_prints_what_it_got_and_reports_failed_workspaces() {
    let mock = MockServer::start().await;
    let ws = serde_json::json!([
        {"id": "f0000000-0000-4000-8000-00000000000a", "name": "Fine", "type": "DEFAULT"},
        {"id": "f0000000-0000-4000-8000-00000000000b", "name": "Broken", "type": "DEFAULT"}
    ]);
    Mock::given(method("GET"))
        .and(path("/organizations/workspaces"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ws))
        .mount(&mock)
        .await;
    let role = serde_json::json!({"id": "d0000000-0000-4000-8000-000000000001", "name": "Analyst", "workspaceId": "f0000000-0000-4000-8000-00000000000a",
        "createdDateTime": "2025-01-01T00:00:00Z", "type": "WORKSPACE"});
    Mock::given(method("GET"))
        .and(path("/workspaces/f0000000-0000-4000-8000-00000000000a/memberships"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"workspaceId": "f0000000-0000-4000-8000-00000000000a", "userId": "e0000000-0000-4000-8000-000000000001", "role": role}
        ])))
        .mount(&mock)
        .await;
    Mock::given(method("GET"))
        .and(path(
            "/workspaces/f0000000-0000-4000-8000-00000000000b/memberships",
        ))
        .respond_with(ResponseTemplate::new(500).set_body_json(serde_json::json!({
            "fingerprint": "fp-77", "errors": [{"code": "INTERNAL", "message": "database on fire"}]
        })))
        .mount(&mock)
        .await;
    Mock::given(method("GET"))
        .and(path("/organizations/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "content": [{"id": "e0000000-0000-4000-8000-000000000001", "email": "ada@example.com", "idpId": null, "roleId": "x",
                "profile": {"firstName": "Ada", "lastName": "Lovelace"},
                "createdDateTime": "2025-01-01T00:00:00Z"}],
            "totalElements": 1, "totalPages": 1, "size": 2000, "number": 0
        })))
        .mount(&mock)
        .await;
    let home = Home::new("http://unused.invalid", "");
    home.write_config(&format!(
        "[profiles.tl]\nprovider = \"transactionlink\"\nbase_url = \"{}\"\ntoken_env = \"CLI_TEST_TL_TOKEN\"\n",
        mock.uri()
    ));
    let run = home.run(&["members", "-p", "tl", "--all", "-o", "csv"]);
    run.expect_code(1).expect_no_token();
    let rows = parse_csv(&run.stdout);
    assert_eq!(rows.len(), 2, "header and the one good row: {}", run.stdout);
    assert_eq!(rows[1][0], "f0000000-0000-4000-8000-00000000000a");
    assert_eq!(rows[1][3], "ada@example.com");
    assert!(
        run.stderr
            .contains("\"Broken\" (id f0000000-0000-4000-8000-00000000000b)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("database on fire"), "{}", run.stderr);
    assert!(run.stderr.contains("1 of 2 workspaces"), "{}", run.stderr);
}

#[test]
fn missing_config_points_to_the_location_and_the_demo() {
    let home = Home::new("http://unused.invalid", "");
    std::fs::remove_file(&home.config).unwrap();
    let missing = home.config.clone();
    let run = home.run(&["workspaces", "-p", "tl"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains(&missing.display().to_string()),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("roster demo"), "{}", run.stderr);
}

#[test]
fn config_typo_names_the_key_and_profile() {
    let home = Home::new(
        "http://unused.invalid",
        "[profiles.typo]\nprovider = \"askui\"\ntokn_env = \"X\"\n",
    );
    let run = home.run(&["profiles"]);
    run.expect_code(2);
    assert!(run.stderr.contains("tokn_env"), "{}", run.stderr);
    assert!(run.stderr.contains("[profiles.typo]"), "{}", run.stderr);
}

#[test]
fn audit_with_a_bad_time_is_a_usage_error() {
    let home = Home::new("http://unused.invalid", "");
    let run = home.run(&["audit", "--since", "last tuesday"]);
    run.expect_code(2);
    assert!(run.stderr.contains("RFC 3339"), "{}", run.stderr);
}
