//! Hardening against hostile servers and inputs (issue 9, the part that does not touch answer
//! decoding): long server text never freezes or floods, config errors never echo a token, every
//! control and invisible character is defused in terminals and JSON, CSV cells never run as
//! formulas, and an unusable 2xx answer is an audit `failed` step.
//!
//! Servers here are real HTTP servers: wiremock answering what the test scripts (a 5 MB `detail`,
//! an HTML page), or the sandbox with its fault injection.

use crate::cli_support::{self, Home, TOKEN_VARS, parse_csv};
use crate::common;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roster::audit::read_entries;
use roster::engine::{Engine, RunOptions, Target, Verdict, planner};
use roster::http::HttpSettings;
use roster::model::{Role, UserRef, Workspace};
use roster::providers::{Provider, ProviderConfig, build};
use roster::sandbox::faults::{Fault, FaultRule};
use roster::sanitize::{needs_placeholder, sanitize, sanitize_line};
use roster::secret::Secret;
use roster::tui::runtime::headless::Driver;
use roster::tui::state::ProfileStatus;
use roster::tui::state::{Toast, ToastKind};
use roster::tui::{App, Command, Event, ProfileSeed, TuiOptions, TuiProfile, update};
use roster::tui::{Reply, ReplyBody};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What a hostile server puts in one error message (the issue's case).
const HUGE: usize = 5 * 1024 * 1024;

/// The bound on the TUI's answer to a key, frame included: 100 ms is the requirement. Debug builds
/// stay far under it once text is cut before wrapping, while the quadratic wrap took 1.5 s for
/// 0.3 MB and minutes for 5 MB.
const KEY_BOUND: Duration = Duration::from_millis(100);

/// A 403 in Dreadnode's envelope whose `detail` is `HUGE` bytes long.
fn huge_403() -> ResponseTemplate {
    let detail = format!("access denied: {}", "no ".repeat(HUGE / 3));
    ResponseTemplate::new(403)
        .set_body_json(json!({"code": 403, "detail": detail, "type": "authorization_error"}))
}

fn dreadnode_config(base_url: &str) -> ProviderConfig {
    ProviderConfig {
        kind: roster::providers::dreadnode::KIND,
        base_url: base_url.to_string(),
        token: Secret::new(TOKEN_VARS[1].1),
        settings: roster::providers::ProviderSettings::new().with("org", "acme"),
        http: HttpSettings {
            max_attempts: 1,
            ..HttpSettings::default()
        },
        observer: None,
    }
}

// ── Long server text ────────────────────────────────────────────────────────────────────────────

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5_mb_error_is_cut_to_2_kb_on_stderr_in_the_audit_log_and_in_the_log_file() {
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/org/acme/ws"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"id": "1d2c3b4a-0000-4000-8000-0000000000a1", "key": "red-team", "name": "Red Team"}])))
        .mount(&mock)
        .await;
    // The engine reads the members before and after the change.
    Mock::given(method("GET"))
        .and(path("/api/v1/org/acme/ws/red-team/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&mock)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/org/acme/ws/red-team/users"))
        .respond_with(huge_403())
        .expect(1)
        .mount(&mock)
        .await;
    let home = Home::new("http://127.0.0.1:9", "");
    home.write_config(&format!(
        "[profiles.dn]\nprovider = \"dreadnode\"\nbase_url = \"{}\"\norg = \"acme\"\n\
         token_env = \"{}\"\n",
        mock.uri(),
        TOKEN_VARS[1].0
    ));
    let started = Instant::now();
    let run = home.run(&[
        "add",
        "-p",
        "dn",
        "red-team",
        "cyd@example.com",
        "--role",
        "reader",
    ]);
    let took = started.elapsed();
    run.expect_code(1).expect_no_token();
    assert!(
        run.stderr
            .contains("dreadnode: add member failed (HTTP 403): access denied: no no"),
        "{}",
        &run.stderr[..run.stderr.len().min(300)]
    );
    assert!(
        run.stderr.len() < 3 * 1024,
        "stderr is {} bytes",
        run.stderr.len()
    );
    assert!(
        run.stderr.contains(" bytes more)"),
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(300)..]
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");

    let entries = read_entries(&home.path("audit.jsonl")).expect("audit log");
    let add = entries
        .iter()
        .find(|e| e.operation == "add" && e.phase.as_deref() == Some("outcome"))
        .expect("add entry");
    assert_eq!(add.outcome, "failed");
    let detail = add.detail.as_deref().unwrap_or_default();
    assert!(
        detail.len() < 3 * 1024,
        "audit detail is {} bytes",
        detail.len()
    );
    assert!(detail.contains(" bytes more)"), "{detail}");
    let audit_size = std::fs::metadata(home.path("audit.jsonl"))
        .expect("audit")
        .len();
    assert!(audit_size < 8 * 1024, "audit file is {audit_size} bytes");

    let log = std::fs::read_to_string(home.log_file()).expect("log file");
    assert!(log.len() < 64 * 1024, "log is {} bytes", log.len());
    assert!(!log.contains(TOKEN_VARS[1].1));
}

/// Seeds and the tagged `LoadWorkspaces` command of a one-profile App.
fn one_profile_app() -> (App, usize, u64) {
    let caps = build(dreadnode_config("http://127.0.0.1:9"))
        .expect("client")
        .capabilities()
        .clone();
    let mut app = App::new(
        vec![ProfileSeed {
            name: "dn".into(),
            kind: roster::providers::dreadnode::KIND,
            caps: Ok(caps),
            readonly: false,
        }],
        false,
        None,
    );
    app.resize(80, 24);
    let cmds = app.start();
    let (profile, request) = cmds
        .iter()
        .find_map(|c| match c {
            Command::LoadWorkspaces { profile, request } => Some((*profile, *request)),
            _ => None,
        })
        .expect("a workspace listing");
    (app, profile, request)
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) -> Duration {
    let started = Instant::now();
    terminal
        .draw(|f| roster::tui::view::draw(f, app))
        .expect("draw");
    started.elapsed()
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

#[test]
fn a_5_mb_error_fed_to_the_app_leaves_q_and_ctrl_c_answering_within_100_ms() {
    for quit in [
        key('q'),
        Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    ] {
        let (mut app, profile, request) = one_profile_app();
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        draw(&mut terminal, &app);
        let text = format!(
            "dreadnode: list workspaces failed (HTTP 403): {}",
            "x".repeat(HUGE)
        );
        let started = Instant::now();
        update(
            &mut app,
            Event::Reply(Reply {
                profile,
                request,
                body: ReplyBody::Workspaces(Err(roster::error::Error::new(
                    roster::error::ErrorKind::Forbidden,
                    "",
                    "",
                    text,
                ))),
            }),
        );
        draw(&mut terminal, &app);
        let first = started.elapsed();
        assert!(first < KEY_BOUND, "the answer and its frame took {first:?}");
        assert!(matches!(app.profiles()[0].status, ProfileStatus::Failed(_)));
        assert!(app.toast().is_some(), "the error shows in a toast");
        // Frames go on drawing the failed profile's reason; each stays within the bound.
        for _ in 0..3 {
            let t = draw(&mut terminal, &app);
            assert!(t < KEY_BOUND, "a frame took {t:?}");
        }
        let started = Instant::now();
        update(&mut app, quit.clone());
        draw(&mut terminal, &app);
        let took = started.elapsed();
        assert!(app.should_quit(), "{quit:?} quits");
        assert!(took < KEY_BOUND, "{quit:?} took {took:?}");
        eprintln!("5 MB answer + frame: {first:?}; quit key + frame: {took:?}");
    }
}

#[test]
fn drawing_a_toast_of_5_mb_costs_what_a_2_kb_one_does() {
    let (mut app, _, _) = one_profile_app();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut fastest = |text: String| {
        app.show_toast(Toast {
            kind: ToastKind::Error,
            text,
        });
        (0..5)
            .map(|_| draw(&mut terminal, &app))
            .min()
            .unwrap_or_default()
    };
    let small = fastest("no ".repeat(2048 / 3));
    let huge = fastest("no ".repeat(HUGE / 3));
    let one_word = fastest("x".repeat(HUGE));
    assert!(
        huge < small * 3 + Duration::from_millis(2)
            && one_word < small * 3 + Duration::from_millis(2),
        "2 KB: {small:?}, 5 MB of words: {huge:?}, one 5 MB word: {one_word:?}"
    );
    let screen = terminal.backend().buffer().clone();
    let text: String = screen.content().iter().map(|c| c.symbol()).collect();
    assert!(
        text.contains("Error:"),
        "the toast shows the message's start"
    );
    assert!(
        text.contains("xxxxxxxxxx"),
        "the toast shows the message's start"
    );
    eprintln!("toast frame: 2 KB {small:?}, 5 MB of words {huge:?}, one 5 MB word {one_word:?}");
    assert!(text.contains('…'), "and says it goes on");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_sending_a_5_mb_error_leaves_the_tui_answering_keys_within_100_ms() {
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/org/acme/ws"))
        .respond_with(huge_403())
        .mount(&mock)
        .await;
    let provider = build(dreadnode_config(&mock.uri())).map_err(|e| e.to_string());
    let profile = TuiProfile {
        name: "dn".into(),
        kind: roster::providers::dreadnode::KIND,
        provider,
        max_concurrency: 2,
        readonly: false,
    };
    let mut d = Driver::start(vec![profile], TuiOptions::default(), 80, 24);
    d.wait_until("the listing to fail", Duration::from_secs(30), |app, _| {
        matches!(app.profiles()[0].status, ProfileStatus::Failed(_))
    })
    .await
    .unwrap();
    let ProfileStatus::Failed(reason) = &d.app().profiles()[0].status else {
        unreachable!()
    };
    assert!(
        reason.len() < 3 * 1024,
        "the TUI keeps {} bytes",
        reason.len()
    );
    assert!(reason.contains(" bytes more)"), "{reason}");
    let toast = d.app().toast().expect("toast").text.clone();
    assert!(toast.contains("access denied: no no"), "{toast}");
    let started = Instant::now();
    let screen = d.screen();
    assert!(
        started.elapsed() < KEY_BOUND,
        "a frame took {:?}",
        started.elapsed()
    );
    assert!(screen.contains("access denied"), "{screen}");
    for c in [
        KeyCode::Char('j'),
        KeyCode::Char('k'),
        KeyCode::Char('?'),
        KeyCode::Esc,
    ] {
        let started = Instant::now();
        d.press(c);
        assert!(
            started.elapsed() < KEY_BOUND,
            "{c:?} took {:?}",
            started.elapsed()
        );
    }
    let started = Instant::now();
    d.press(KeyCode::Char('q'));
    assert!(d.app().should_quit());
    assert!(
        started.elapsed() < KEY_BOUND,
        "q took {:?}",
        started.elapsed()
    );
    eprintln!(
        "q after a 5 MB 403, frame included: {:?}",
        started.elapsed()
    );
}

// ── Config errors ───────────────────────────────────────────────────────────────────────────────

#[test]
fn a_token_pasted_into_the_config_never_reaches_stderr_or_the_log() {
    const PASTED: &str = "dn_live_7Qz93PastedCanaryTokenX";
    let home = Home::new("http://127.0.0.1:9", "");
    for (text, place) in [
        (
            format!("[profiles.h]\nprovider = \"dreadnode\"\norg = \"acme\"\n{PASTED}\n"),
            ":4:",
        ),
        (
            format!("[profiles.h]\nprovider = \"dreadnode\"\ntimeout_secs = \"{PASTED}\"\n"),
            ":3:16:",
        ),
        (
            format!("[profiles.h]\nprovider = \"{PASTED}\"\n"),
            "profile \"h\"",
        ),
        (
            format!("[profiles.h]\nprovider = \"askui\"\ntoken = \"{PASTED}\n"),
            ":3:",
        ),
    ] {
        home.write_config(&text);
        let run = home.run(&["profiles"]);
        run.expect_code(2);
        assert!(!run.stderr.contains(PASTED), "echoed: {}", run.stderr);
        assert!(!run.stdout.contains(PASTED), "echoed: {}", run.stdout);
        assert!(run.stderr.contains(place), "{place} in {}", run.stderr);
        let log = std::fs::read_to_string(home.log_file()).unwrap_or_default();
        assert!(!log.contains(PASTED), "logged: {log}");
    }
}

// ── Sanitizer, JSON and CSV ─────────────────────────────────────────────────────────────────────

/// Every code point Unicode (as regex-syntax 0.8 knows it, independently of roster's table) puts in
/// `class`.
fn unicode_class(class: &str) -> Vec<(char, char)> {
    let hir = regex_syntax::Parser::new()
        .parse(class)
        .expect("a Unicode class");
    match hir.kind() {
        regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(c)) => {
            c.ranges().iter().map(|r| (r.start(), r.end())).collect()
        }
        other => panic!("not a class: {other:?}"),
    }
}

/// Controls (Cc), format characters (Cf, bidi controls included) and the line and paragraph
/// separators (Zl, Zp): what must never reach a terminal as it is.
fn forbidden() -> &'static [(char, char)] {
    static SET: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    SET.get_or_init(|| unicode_class(r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]"))
}

fn is_forbidden(c: char) -> bool {
    forbidden().iter().any(|&(a, b)| a <= c && c <= b)
}

/// Any character, or one of the forbidden ones (so they are frequent enough to matter).
fn hostile_char() -> impl Strategy<Value = char> {
    let picks: Vec<char> = forbidden()
        .iter()
        .flat_map(|&(a, b)| [a, b, char::from_u32((a as u32 + b as u32) / 2).unwrap_or(a)])
        .chain([
            '\u{2028}',
            '\u{2029}',
            '\u{feff}',
            '\u{e0041}',
            '\u{2064}',
            '\u{9b}',
            '\u{7f}',
        ])
        .collect();
    prop_oneof![any::<char>(), proptest::sample::select(picks)]
}

proptest! {
    #[test]
    fn no_control_format_bidi_or_separator_character_survives(
        chars in proptest::collection::vec(hostile_char(), 0..64)
    ) {
        let s: String = chars.into_iter().collect();
        let out = sanitize(&s);
        prop_assert!(
            !out.chars().any(|c| is_forbidden(c) && c != '\n' && c != '\t'),
            "{:?} -> {:?}", s, out
        );
        let line = sanitize_line(&s);
        prop_assert!(!line.chars().any(is_forbidden), "{:?} -> {:?}", s, line);
        // Sanitizing twice changes nothing: what is shown is stable.
        let again = sanitize_line(&line).into_owned();
        prop_assert_eq!(again, line.into_owned());
    }

    #[test]
    fn every_dangerous_character_takes_a_known_number_of_columns(
        chars in proptest::collection::vec(
            prop_oneof![proptest::char::range(' ', '~'), hostile_char()], 0..64)
    ) {
        // Printable ASCII around any dangerous character: each one becomes a placeholder of a known
        // width, so a row never shifts (U+2028 used to move a TUI row by 4 columns).
        let s: String = chars.iter().filter(|c| c.is_ascii() || needs_placeholder(**c)).collect();
        let expected: usize = s.chars().map(|c| match c as u32 {
            0x20..=0x7e => 1,
            0x09 | 0x0a => 1,
            0x00..=0x1f | 0x7f => 1,
            u if u > 0xffff => format!("<U+{u:X}>").len(),
            _ => "<U+XXXX>".len(),
        }).sum();
        let line = sanitize_line(&s);
        prop_assert_eq!(line.width(), expected, "{:?} -> {:?}", s, line);
        prop_assert!(line.chars().all(|c| c.width() == Some(1)), "{:?}", line);
    }

    #[test]
    fn json_escapes_every_such_character_and_reads_back_the_same(
        chars in proptest::collection::vec(hostile_char(), 0..64)
    ) {
        let s: String = chars.into_iter().collect();
        let json = roster::cli::output::to_json(&json!({"name": s})).expect("json");
        prop_assert!(!json.chars().any(needs_placeholder), "{:?}", json);
        prop_assert!(!json.chars().any(is_forbidden), "{:?}", json);
        let back: Value = serde_json::from_str(&json).expect("valid JSON");
        prop_assert_eq!(back["name"].as_str(), Some(s.as_str()));
    }
}

#[test]
fn the_sanitizer_covers_every_format_character_unicode_lists() {
    for &(a, b) in forbidden() {
        for u in a as u32..=b as u32 {
            let Some(c) = char::from_u32(u) else { continue };
            if c == '\n' || c == '\t' {
                continue;
            }
            assert!(needs_placeholder(c), "U+{u:04X} is not defused");
        }
    }
    // The tag block is covered whole, unassigned code points included.
    for u in 0xe0000..=0xe007f {
        assert!(needs_placeholder(char::from_u32(u).unwrap()), "U+{u:X}");
    }
}

/// A user whose name and email carry what a terminal, a JSON reader and a spreadsheet must not act
/// on.
const HOSTILE_NAME: &str =
    "=HYPERLINK(\"http://evil\")\u{9b}31m\u{202e}\u{2028}\u{2029}\u{feff}\u{2060}\u{e0041}\u{7f}";

fn hostile_dataset() -> roster::sandbox::store::Dataset {
    let mut data = cli_support::dataset();
    for u in &mut data[roster::providers::transactionlink::KIND].users {
        match u.email.as_str() {
            "eve@example.com" => u.name = HOSTILE_NAME.into(),
            "cyd@example.com" => u.name = "-2+3".into(),
            "li@example.com" => {
                u.name = "@SUM(A1)".into();
                u.email = "+cmd@example.com".into();
            }
            _ => {}
        }
    }
    data[roster::providers::transactionlink::KIND].workspaces[0].name =
        "=WEBSERVICE(\"http://x\")".into();
    data
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_never_starts_a_cell_with_a_formula_and_json_escapes_what_terminals_act_on() {
    let server = common::serve(hostile_dataset()).await;
    let home = Home::new(&format!("http://{}", server.addr), "");

    for args in [
        &["members", "-p", "tl", "--all", "-o", "csv"][..],
        &["workspaces", "-p", "tl", "-o", "csv"][..],
    ] {
        let run = home.run(args);
        run.expect_code(0).expect_no_token();
        let rows = parse_csv(&run.stdout);
        assert!(rows.len() > 1, "{}", run.stdout);
        for cell in rows.iter().flatten() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{args:?}: cell {cell:?} would run as a formula"
            );
        }
        assert!(run.stdout.contains("'=WEBSERVICE"), "{}", run.stdout);
    }
    let run = home.run(&["members", "-p", "tl", "--all", "-o", "csv"]);
    for expected in ["'=HYPERLINK", "'@SUM(A1)", "'+cmd@example.com"] {
        assert!(
            run.stdout.contains(expected),
            "{expected} in {}",
            run.stdout
        );
    }

    let run = home.run(&["members", "-p", "tl", "--all", "-o", "json"]);
    run.expect_code(0).expect_no_token();
    assert!(
        !run.stdout.chars().any(needs_placeholder),
        "raw control or invisible character in {:?}",
        run.stdout
    );
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert!(
        rows.iter().any(|r| r["name"] == HOSTILE_NAME),
        "the hostile name reads back exactly: {}",
        run.stdout
    );
    assert!(rows.iter().any(|r| r["email"] == "+cmd@example.com"));
    assert!(
        run.stdout
            .contains(r"\u009b31m\u202e\u2028\u2029\ufeff\u2060\udb40\udc41\u007f")
    );
}

#[test]
fn a_separator_in_a_name_never_shifts_a_tui_row() {
    let (mut app, profile, request) = one_profile_app();
    app.resize(100, 20);
    let ws = Workspace {
        id: "red-team".into(),
        name: "Red Team".into(),
    };
    let cmds = update(
        &mut app,
        Event::Reply(Reply {
            profile,
            request,
            body: ReplyBody::Workspaces(Ok(vec![ws.clone()])),
        }),
    );
    let request = cmds
        .commands
        .iter()
        .find_map(|c| match c {
            Command::LoadMembers { request, .. } => Some(*request),
            _ => None,
        })
        .expect("members load");
    let member = |id: &str, name: &str, email: &str| roster::model::Member {
        id: id.into(),
        email: Some(email.into()),
        name: Some(name.into()),
        role: Role::named("reader"),
        access: roster::model::Access::Direct,
        kind: roster::model::MemberKind::User,
        handle: None,
    };
    update(
        &mut app,
        Event::Reply(Reply {
            profile,
            request,
            body: ReplyBody::Members {
                workspace_id: ws.id.clone(),
                result: Ok(vec![
                    member("u1", "Ada\u{2028}Lovelace", "ada@example.com"),
                    member("u2", "Bob\u{2029}\u{feff}B\u{e0041}", "bob@example.com"),
                    member("u3", "Cyd", "cyd@example.com"),
                ]
                .into()),
            },
        }),
    );
    let mut terminal = Terminal::new(TestBackend::new(100, 20)).expect("terminal");
    draw(&mut terminal, &app);
    let buffer = terminal.backend().buffer();
    let mut email_columns = Vec::new();
    for y in 0..buffer.area.height {
        let row: Vec<&str> = (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol())
            .collect();
        let line = row.concat();
        for c in ['\u{2028}', '\u{2029}', '\u{feff}', '\u{e0041}'] {
            assert!(!line.contains(c), "raw {c:?} on screen: {line}");
        }
        for who in ["ada@", "bob@", "cyd@"] {
            if let Some(x) = (0..row.len()).find(|&x| row[x..].concat().starts_with(who)) {
                email_columns.push((who, x));
            }
        }
    }
    assert_eq!(email_columns.len(), 3, "{email_columns:?}");
    assert!(
        email_columns.iter().all(|&(_, x)| x == email_columns[0].1),
        "the email column moved: {email_columns:?}"
    );
}

// ── Audit steps ─────────────────────────────────────────────────────────────────────────────────

/// A change engine recording in `dir`, and a Dreadnode client whose steps it audits.
fn audited(config: ProviderConfig, dir: &tempfile::TempDir) -> (Engine, Target) {
    let engine = Engine::open(Some(&dir.path().join("audit.jsonl")), false);
    let mut config = config;
    config.observer = engine.step_observer("dn");
    let provider: Arc<dyn Provider> = build(config).expect("client");
    let target = Target {
        profile: "dn".into(),
        provider,
        readonly: false,
    };
    (engine, target)
}

/// Adds cyd as reader to Red Team through the engine.
async fn add_cyd(engine: &Engine, target: &Target) -> roster::engine::ChangeOutcome {
    let ws = Workspace {
        id: "red-team".into(),
        name: "Red Team".into(),
    };
    let change = planner::add_user(
        roster::providers::dreadnode::KIND,
        "dn",
        &ws,
        &UserRef::Email("cyd@example.com".into()),
        Role::named("reader"),
    );
    engine.run(target, change, &RunOptions::default()).await
}

#[tokio::test]
async fn a_2xx_html_page_is_a_failed_audit_step() {
    let mock = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/org/acme/ws/red-team/users"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .set_body_string("<html><body>Welcome to the proxy</body></html>"),
        )
        .mount(&mock)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/org/acme/ws/red-team/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&mock)
        .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (engine, target) = audited(dreadnode_config(&mock.uri()), &dir);
    let outcome = add_cyd(&engine, &target).await;
    // The proxy's page is no answer, and the fresh read does not list cyd: not done.
    assert_eq!(outcome.verdict, Verdict::Failed, "{}", outcome.message());
    let entries = read_entries(&dir.path().join("audit.jsonl")).expect("entries");
    let step = entries
        .iter()
        .find(|e| e.operation == "step")
        .expect("a step line");
    assert_eq!(step.status, Some(200));
    assert_eq!(step.outcome, "failed", "{step:?}");
}

#[tokio::test]
async fn a_cut_off_2xx_answer_is_a_failed_audit_step() {
    let server = common::serve(cli_support::dataset()).await;
    let rule = server.sandbox.faults().inject(
        FaultRule::new(Fault::TruncatedBody)
            .method(reqwest::Method::POST)
            .path_contains("/dreadnode/api/v1/org/acme/ws/red-team/users")
            .times(1)
            .after_apply(),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = server
        .sandbox
        .provider_config(roster::providers::dreadnode::KIND);
    config.http.max_attempts = 1;
    let (engine, target) = audited(config, &dir);
    // The POST applied and only its answer was cut: the re-read shows the change took effect.
    let outcome = add_cyd(&engine, &target).await;
    assert_eq!(
        outcome.verdict,
        Verdict::Done,
        "settled as applied: {}",
        outcome.message()
    );
    assert_eq!(server.sandbox.faults().fired(rule), 1);
    let entries = read_entries(&dir.path().join("audit.jsonl")).expect("entries");
    let step = entries
        .iter()
        .find(|e| {
            e.operation == "step" && e.detail.as_deref().is_some_and(|d| d.starts_with("POST"))
        })
        .expect("the POST step");
    assert_eq!(step.status, Some(200), "{step:?}");
    assert_eq!(step.outcome, "failed", "{step:?}");
    let add = entries
        .iter()
        .find(|e| e.operation == "add" && e.phase.as_deref() == Some("outcome"))
        .expect("add");
    assert_eq!(add.outcome, "ok");
}
