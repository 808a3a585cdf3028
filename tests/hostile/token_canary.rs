//! A canary token must never come out: not in any error (Display, Debug, hint) of any kind, not in
//! the Debug output of configs, HTTP clients and provider clients, not in the API-call records, not
//! in tracing output at TRACE level (reqwest's own `log` records included), not in panic messages
//! that format them, not even when a server echoes it back, and it is never sent to another host
//! on a redirect. Every provider is checked; errors are provoked by the emulators themselves
//! (401, 404, 409, 422) and by the sandbox's faults (403, 422, 429, 500, timeout, reset, bad JSON).

use crate::fault_fixture as fixture;

use axum::http::Method;
use base64::Engine;
use fixture::{cast, config, dataset, new_role, settings, workspace};
use roster::error::Error;
use roster::http::{ApiClient, AuthHeader, CallRecord};
use roster::model::{ProviderKind, Role, UserRef};
use roster::providers::{Provider, ProviderConfig, build};
use roster::sandbox::store::Dataset;
use roster::sandbox::{Fault, FaultRule, Sandbox, SandboxOptions};
use roster::secret::Secret;
use serde_json::json;
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The token every provider gets. Its middle part is what the checks look for.
const CANARY: &str = "tot_CANARY_5f1e9a7c3b2d4e6f8a0b";
const MARK: &str = "5f1e9a7c3b2d";

/// Whether `text` holds the canary in any form roster could send it (raw, or AskUI's base64).
fn leaks(text: &str) -> bool {
    let b64 = base64::engine::general_purpose::STANDARD.encode(CANARY);
    text.contains(MARK) || text.contains("CANARY") || text.contains(&b64[4..24])
}

fn assert_clean(what: &str, text: &str) {
    assert!(!leaks(text), "the token leaked in {what}: {text}");
}

/// Every way an error is shown: Display, Debug, pretty Debug, the hint.
fn assert_error_clean(context: &str, e: &Error) {
    assert_clean(context, &e.to_string());
    assert_clean(context, &format!("{e:?}"));
    assert_clean(context, &format!("{e:#?}"));
    assert_clean(context, &e.hint().unwrap_or_default());
}

/// Tracing output of the whole test binary, at TRACE, `log` records included (one global
/// subscriber, as the CLI installs one).
fn captured() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer: Arc<Mutex<Vec<u8>>> = Arc::default();
        let sink = buffer.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || Sink(sink.clone()))
            .try_init()
            .expect("install the capturing subscriber");
        buffer
    })
    .clone()
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_log_clean(log: &Arc<Mutex<Vec<u8>>>) {
    let text = String::from_utf8_lossy(&log.lock().unwrap()).into_owned();
    assert!(text.contains("api call"), "the capture works: {text}");
    assert_clean("the TRACE log", &text);
}

fn canary_dataset() -> Dataset {
    let mut data = dataset();
    for kind in roster::registry::KINDS {
        let section = &mut data[kind];
        section.token = CANARY.into();
    }
    data
}

type Records = Arc<Mutex<Vec<String>>>;

/// A client with the canary whose call records are kept as Debug text.
fn client(sandbox: &Sandbox, kind: ProviderKind, records: &Records) -> Arc<dyn Provider> {
    let mut cfg = config(sandbox, kind, settings());
    cfg.token = Secret::new(CANARY);
    let sink = records.clone();
    cfg.observer = Some(Arc::new(move |r: &CallRecord| {
        sink.lock().unwrap().push(format!("{r:?}"));
    }));
    build(cfg).expect("client")
}

/// Someone with no access in any provider's workspace, per provider.
fn stranger(kind: ProviderKind) -> UserRef {
    match kind {
        roster::providers::askui::KIND => UserRef::Id("auth0|nobody".into()),
        roster::providers::dreadnode::KIND => UserRef::Email("nobody@example.com".into()),
        roster::providers::paradigm::KIND => UserRef::Id("9999".into()),
        roster::providers::transactionlink::KIND => {
            UserRef::Id("4f5a0000-0000-4000-8000-0000000000ff".into())
        }
        other => unreachable!("no fixture for {other}"),
    }
}

#[tokio::test]
async fn errors_of_every_kind_never_show_the_token() {
    let log = captured();
    let records: Records = Arc::default();
    let sandbox = Sandbox::start(SandboxOptions::new(canary_dataset()))
        .await
        .unwrap();
    // Tokens differ here: every request is a real 401 from the emulators.
    let locked_out = Sandbox::start(SandboxOptions::new(dataset()))
        .await
        .unwrap();
    let audit_dir = tempfile::tempdir().unwrap();
    for kind in roster::registry::KINDS {
        let p = client(&sandbox, kind, &records);
        let ws = workspace(kind);
        let mut errors: Vec<(String, Error)> = Vec::new();

        let denied = client(&locked_out, kind, &records);
        errors.push(("401".into(), denied.list_workspaces().await.unwrap_err()));
        if let Err(e) = p.add_member(&ws, &stranger(kind), &new_role(kind)).await {
            errors.push(("unknown user (404)".into(), e));
        }
        let bob = UserRef::Id(cast(kind).bob.into());
        let bob = match kind {
            roster::providers::dreadnode::KIND => UserRef::Email("bob@example.com".into()),
            _ => bob,
        };
        // The server's own 409 where it has one (TransactionLink's PUT is an upsert: there the
        // engine's precheck is what refuses, checked below).
        if let Err(e) = p.add_member(&ws, &bob, &new_role(kind)).await {
            errors.push(("already a member (409)".into(), e));
        }
        let engine = roster::engine::Engine::open(Some(&audit_dir.path().join("a.jsonl")), false);
        let target = roster::engine::Target {
            profile: "canary".into(),
            provider: p.clone(),
            readonly: false,
        };
        let again = roster::engine::planner::add_user(kind, "canary", &ws, &bob, new_role(kind));
        let outcome = engine
            .run(&target, again, &roster::engine::RunOptions::default())
            .await;
        assert_ne!(outcome.verdict, roster::engine::Verdict::Done, "{kind}");
        assert_clean(
            &format!("{kind} already a member, as shown"),
            &outcome.message(),
        );
        assert_clean(
            &format!("{kind} already a member, Debug"),
            &format!("{outcome:?}"),
        );
        if let Err(e) = p
            .add_member(&ws, &stranger(kind), &Role::named("no-such-role"))
            .await
        {
            errors.push(("bad role (422 or refused before sending)".into(), e));
        }
        let faults = [
            ("403", status(403, None)),
            ("422", status(422, None)),
            ("429 until later", status(429, Some("3600"))),
            ("500", status(500, None)),
            ("timeout", Fault::Delay(Duration::from_secs(2))),
            ("reset", Fault::ResetConnection),
            ("malformed JSON", Fault::MalformedJson),
            ("truncated", Fault::TruncatedBody),
        ];
        for (name, fault) in faults {
            sandbox.faults().inject(
                FaultRule::new(fault)
                    .method(Method::GET)
                    .path_contains(format!("/{kind}/"))
                    .times(10),
            );
            errors.push((name.into(), p.list_members(&ws, false).await.unwrap_err()));
            sandbox.faults().clear_rules();
        }
        // A lost POST answer settled by re-reading goes through other messages too.
        sandbox.faults().inject(
            FaultRule::new(status(500, None))
                .path_contains(format!("/{kind}/"))
                .method(Method::DELETE),
        );
        let members = p.list_members(&ws, false).await.unwrap();
        let cy = members.iter().find(|m| m.id == cast(kind).cy).unwrap();
        if let Err(e) = p.remove_member(&ws, cy).await {
            errors.push(("500 on a change".into(), e));
        }
        sandbox.faults().clear_rules();

        // Twelve kinds, less TransactionLink's 409, which its upsert API cannot send.
        assert!(errors.len() >= 11, "{kind}: {}", errors.len());
        for (name, e) in &errors {
            assert_error_clean(&format!("{kind} {name}"), e);
        }
    }
    for record in records.lock().unwrap().iter() {
        assert_clean("a call record", record);
    }
    assert_clean("the sandbox's Debug", &format!("{sandbox:?}"));
    assert_log_clean(&log);
}

fn status(code: u16, retry_after: Option<&str>) -> Fault {
    Fault::Status {
        code,
        retry_after: retry_after.map(str::to_string),
    }
}

fn canary_config(kind: ProviderKind, base_url: String) -> ProviderConfig {
    ProviderConfig {
        kind,
        base_url,
        token: Secret::new(CANARY),
        settings: roster::providers::ProviderSettings::new().with("org", "acme"),
        http: settings(),
        observer: None,
    }
}

#[test]
fn configs_http_clients_and_provider_clients_print_no_token() {
    let base = "https://api.example.com".to_string();
    for kind in roster::registry::KINDS {
        let cfg = canary_config(kind, base.clone());
        assert_clean("ProviderConfig Debug", &format!("{cfg:?} {cfg:#?}"));
        let shown = match kind {
            roster::providers::askui::KIND => {
                format!("{:#?}", roster::providers::askui::AskUi::new(cfg).unwrap())
            }
            roster::providers::dreadnode::KIND => format!(
                "{:#?}",
                roster::providers::dreadnode::Dreadnode::new(cfg).unwrap()
            ),
            roster::providers::paradigm::KIND => format!(
                "{:#?}",
                roster::providers::paradigm::Paradigm::new(cfg).unwrap()
            ),
            roster::providers::transactionlink::KIND => format!(
                "{:#?}",
                roster::providers::transactionlink::TransactionLink::new(cfg).unwrap()
            ),
            other => unreachable!("no fixture for {other}"),
        };
        assert!(shown.contains("api.example.com"), "{shown}");
        assert_clean("provider client Debug", &shown);
    }
    let api = ApiClient::new(
        "transactionlink",
        &base,
        AuthHeader {
            name: "Authorization",
            value: Secret::new(CANARY),
        },
        settings(),
        |_| None,
    )
    .unwrap();
    assert_clean("ApiClient Debug", &format!("{api:?} {api:#?}"));
    let secret = Secret::new(CANARY);
    assert_clean("Secret", &format!("{secret} {secret:?}"));
}

/// An operation that fails with `value`, so `expect`/`unwrap` format it with Debug.
fn failing_with<T: std::fmt::Debug>(value: T) -> Result<(), T> {
    Err(value)
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn panics_that_format_the_config_or_an_error_hold_no_token() {
    let cfg = canary_config(
        roster::providers::transactionlink::KIND,
        "https://x.example".into(),
    );
    let shown = cfg.clone();
    let payload = catch_unwind(AssertUnwindSafe(move || {
        panic!("cannot start with {shown:?}")
    }))
    .expect_err("panicked");
    let message = panic_message(payload);
    assert!(message.contains("ProviderConfig"), "{message}");
    assert_clean("a panic formatting the config", &message);

    let client = roster::providers::transactionlink::TransactionLink::new(cfg).unwrap();
    // The panic happens while the client (and so the token) is held, and formats it.
    let payload = catch_unwind(AssertUnwindSafe(move || {
        failing_with(client).expect("the client failed")
    }))
    .expect_err("panicked");
    let message = panic_message(payload);
    assert!(message.contains("TransactionLink {"), "{message}");
    assert_clean("an expect on a client", &message);

    let err = Error::new(
        roster::error::ErrorKind::Unauthorized,
        "transactionlink",
        "list",
        "Invalid organization token",
    );
    let payload =
        catch_unwind(AssertUnwindSafe(move || failing_with(err).unwrap())).expect_err("panicked");
    assert_clean("an unwrap on an error", &panic_message(payload));
}

/// A body with the token in every field any provider's decoder reads.
fn echo_body() -> serde_json::Value {
    let b64 = base64::engine::general_purpose::STANDARD.encode(CANARY);
    let words = format!("Invalid key {CANARY} (sent as Basic {b64})");
    json!({
        "detail": words, "code": 401, "type": "authentication_error", "error": words,
        "id": CANARY, "doc_url": "https://docs.example",
        "fingerprint": CANARY, "errors": [{"code": "UNAUTHORIZED", "message": words}],
    })
}

#[tokio::test]
async fn a_server_echoing_the_token_back_does_not_make_roster_print_it() {
    let log = captured();
    for kind in roster::registry::KINDS {
        let mock = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(401).set_body_json(echo_body()))
            .mount(&mock)
            .await;
        let p = build(canary_config(kind, mock.uri())).unwrap();
        let err = p.list_workspaces().await.unwrap_err();
        assert!(err.to_string().contains("[redacted]"), "{kind}: {err}");
        assert_error_clean(&format!("{kind} echoed 401"), &err);

        // A 200 whose fields echo it, where a number is expected, reaches a decode error.
        let mock = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([CANARY])))
            .mount(&mock)
            .await;
        let p = build(canary_config(kind, mock.uri())).unwrap();
        if let Err(err) = p.list_workspaces().await {
            assert_error_clean(&format!("{kind} echoed in a decode error"), &err);
        }
    }
    assert_log_clean(&log);
}

#[tokio::test]
async fn a_redirect_to_another_host_never_carries_the_token_there() {
    // Every provider's default header, and Dreadnode's `X-API-Key` mode: reqwest keeps such a
    // header across hosts, so only roster's redirect policy stops it.
    let cases = roster::registry::KINDS
        .into_iter()
        .map(|kind| (kind, None))
        .chain([(roster::providers::dreadnode::KIND, Some("x-api-key"))]);
    for (kind, auth) in cases {
        let elsewhere = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
            .mount(&elsewhere)
            .await;
        let api = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(307)
                    .insert_header("location", format!("{}/stolen", elsewhere.uri())),
            )
            .mount(&api)
            .await;
        let mut config = canary_config(kind, api.uri());
        if let Some(auth) = auth {
            config.settings = config.settings.with("auth", auth);
        }
        let p = build(config).unwrap();
        let err = p.list_workspaces().await.expect_err("refused redirect");
        let received = elsewhere.received_requests().await.unwrap_or_default();
        assert!(
            received.is_empty(),
            "{kind}: the other host got {received:?}"
        );
        assert!(
            err.to_string().contains("redirected to http://127.0.0.1"),
            "{kind}: {err}"
        );
        assert_error_clean(&format!("{kind} redirect"), &err);
    }
}

#[tokio::test]
async fn a_redirect_within_the_same_origin_is_followed() {
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::path("/api/v1/org/acme/ws"))
        .respond_with(ResponseTemplate::new(308).insert_header("location", "/moved/ws"))
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::path("/moved/ws"))
        .and(wiremock::matchers::header("x-api-key", CANARY))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!([{"id": "1d2c3b4a-0000-4000-8000-0000000000a1", "key": "red-team", "name": "Red Team"}]),
        ))
        .mount(&api)
        .await;
    // `X-API-Key` is the header reqwest would keep across hosts: the profile sends it here.
    let mut config = canary_config(roster::providers::dreadnode::KIND, api.uri());
    config.settings = config.settings.with("auth", "x-api-key");
    let p = build(config).unwrap();
    let workspaces = p.list_workspaces().await.expect("followed");
    assert_eq!(workspaces[0].id, "red-team");
}
