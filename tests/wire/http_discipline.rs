//! The HTTP layer's discipline, counted on the wire (the sandbox's request counter and fault rule
//! counters): timeouts bound every call, only GET, PUT and DELETE are retried and only on transient
//! failures, a bounded number of times with a growing backoff, `Retry-After` is honoured up to a cap,
//! a POST is sent exactly once, and refusals are sent once and say what to do. An add whose answer
//! never comes is run through the change engine, whose fresh read settles it.

use crate::fault_fixture as fixture;
use crate::{common, engine_run};

use axum::http::Method;
use fixture::{REQUEST_TIMEOUT, cast, config, dataset, new_role, newcomer, settings, workspace};
use roster::engine::{Verdict, planner};
use roster::error::{Error, ErrorKind};
use roster::http::{ApiClient, AuthHeader, HttpSettings};
use roster::providers::build;
use roster::sandbox::{Fault, FaultRule, Sandbox, SandboxOptions};
use roster::secret::Secret;
use serde_json::json;
use std::time::{Duration, Instant, SystemTime};

const SLACK: Duration = Duration::from_secs(1);
const USERS: &str = "api/v1/org/acme/ws/red-team/users";

async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxOptions::new(dataset()))
        .await
        .expect("start the sandbox")
}

/// A bare HTTP client on Dreadnode's emulator (its auth header), so each method can be exercised.
fn api(sandbox: &Sandbox, settings: HttpSettings) -> ApiClient {
    ApiClient::new(
        "dreadnode",
        &sandbox.base_url(roster::providers::dreadnode::KIND),
        AuthHeader {
            name: "X-API-Key",
            value: Secret::new("dn-matrix-key"),
        },
        settings,
        |_| None,
    )
    .expect("client")
}

/// One request of `method` to a real Dreadnode path (the PUT and DELETE address Bob).
async fn send(api: &ApiClient, method: Method) -> Result<(), Error> {
    let bob = cast(roster::providers::dreadnode::KIND).bob;
    let (path, body) = match method.as_str() {
        "GET" => (USERS.to_string(), None),
        "PUT" => (
            format!("{USERS}/{bob}"),
            Some(json!({"permission": "owner"})),
        ),
        "DELETE" => (format!("{USERS}/{bob}"), None),
        _ => (
            USERS.to_string(),
            Some(json!({"email": "dan@example.com", "permission": "reader"})),
        ),
    };
    let method = reqwest::Method::from_bytes(method.as_str().as_bytes()).expect("method");
    api.call("test", method, &path, body.as_ref())
        .await
        .map(drop)
}

fn status(code: u16) -> Fault {
    Fault::Status {
        code,
        retry_after: None,
    }
}

fn rule(fault: Fault, method: &Method, times: u32) -> FaultRule {
    FaultRule::new(fault)
        .method(method.clone())
        .path_contains("/dreadnode/api/v1/org/acme/ws/red-team/users")
        .times(times)
}

const IDEMPOTENT: [Method; 3] = [Method::GET, Method::PUT, Method::DELETE];

#[tokio::test]
async fn a_server_that_never_answers_ends_in_a_timeout_within_the_limit() {
    for method in [Method::GET, Method::PUT, Method::DELETE, Method::POST] {
        let sandbox = sandbox().await;
        let stall =
            sandbox
                .faults()
                .inject(rule(Fault::Delay(Duration::from_secs(30)), &method, 10));
        let started = Instant::now();
        let err = send(&api(&sandbox, settings()), method.clone())
            .await
            .expect_err("no answer");
        let took = started.elapsed();
        assert_eq!(err.kind, ErrorKind::Timeout, "{method}: {err}");
        assert!(
            took >= REQUEST_TIMEOUT && took < REQUEST_TIMEOUT + SLACK,
            "{method}: {took:?}"
        );
        // Our own timeout is not retried: a second full wait would double the admin's wait.
        assert_eq!(sandbox.faults().fired(stall), 1, "{method}");
        assert_eq!(sandbox.request_count(), 1, "{method}");
        let shown = err.to_string();
        assert!(
            shown.contains("no answer within 0.5 s") && shown.contains("timeout_secs"),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn a_listener_that_accepts_but_never_speaks_times_out_too() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let p = build(roster::providers::ProviderConfig {
        kind: roster::providers::paradigm::KIND,
        base_url: format!("http://{addr}"),
        token: Secret::new("paradigm-key"),
        settings: roster::providers::ProviderSettings::new(),
        http: settings(),
        observer: None,
    })
    .unwrap();
    let started = Instant::now();
    let err = p.list_workspaces().await.expect_err("silence");
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert!(started.elapsed() < REQUEST_TIMEOUT + SLACK);
    accepted.abort();
}

#[tokio::test]
async fn the_connect_timeout_bounds_a_connection_that_never_completes() {
    // A listener that never accepts, with its queue filled: further SYNs go unanswered.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    loop {
        let attempt = tokio::time::timeout(
            Duration::from_millis(200),
            tokio::net::TcpStream::connect(addr),
        );
        match attempt.await {
            Ok(Ok(stream)) => queued.push(stream),
            Ok(Err(e)) => panic!("cannot fill the accept queue: {e}"),
            Err(_) => break,
        }
        assert!(queued.len() < 64, "the accept queue never filled");
    }
    let settings = HttpSettings {
        connect_timeout: Duration::from_millis(200),
        request_timeout: Duration::from_secs(20),
        ..settings()
    };
    let api = ApiClient::new(
        "dreadnode",
        &format!("http://{addr}/dreadnode"),
        AuthHeader {
            name: "X-API-Key",
            value: Secret::new("k"),
        },
        settings,
        |_| None,
    )
    .unwrap();
    let started = Instant::now();
    let err = api
        .call("list", reqwest::Method::GET, USERS, None)
        .await
        .expect_err("cannot connect");
    let took = started.elapsed();
    assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
    assert!(
        took >= Duration::from_millis(190) && took < Duration::from_secs(2),
        "the connect timeout, not the 20 s request timeout: {took:?}"
    );
    assert!(
        err.to_string().contains("within 0.2 s") && err.to_string().contains("connect_timeout"),
        "{err}"
    );
    drop(listener);
}

#[tokio::test]
async fn transient_failures_of_get_put_and_delete_are_retried_a_bounded_number_of_times() {
    let attempts = settings().max_attempts;
    let transient = [
        ("408", status(408)),
        ("429", status(429)),
        ("502", status(502)),
        ("503", status(503)),
        ("504", status(504)),
        ("reset", Fault::ResetConnection),
        ("truncated", Fault::TruncatedBody),
    ];
    for method in IDEMPOTENT {
        for (name, fault) in &transient {
            // Once: the retry recovers, with exactly one more request.
            let sandbox = sandbox().await;
            let once = sandbox.faults().inject(rule(fault.clone(), &method, 1));
            send(&api(&sandbox, settings()), method.clone())
                .await
                .unwrap_or_else(|e| panic!("{method} after one {name}: {e}"));
            assert_eq!(sandbox.faults().fired(once), 1, "{method} {name}");
            assert_eq!(sandbox.request_count(), 2, "{method} {name}");

            // Always: exactly `max_attempts` requests, then the error.
            let failing = always(&method, fault).await;
            let started = Instant::now();
            let err = send(&api(&failing.0, settings()), method.clone())
                .await
                .expect_err("never recovers");
            assert_eq!(
                failing.0.faults().fired(failing.1),
                attempts,
                "{method} {name}"
            );
            assert_eq!(
                failing.0.request_count(),
                u64::from(attempts),
                "{method} {name}"
            );
            assert!(
                started.elapsed() < REQUEST_TIMEOUT + SLACK,
                "{method} {name}"
            );
            assert!(err.hint().is_some(), "{err}");
        }
    }
}

/// A sandbox where `fault` hits every `method` request to the users path.
async fn always(method: &Method, fault: &Fault) -> (Sandbox, roster::sandbox::RuleId) {
    let sandbox = sandbox().await;
    let id = sandbox.faults().inject(rule(fault.clone(), method, 100));
    (sandbox, id)
}

#[tokio::test]
async fn a_500_is_never_retried() {
    // A 500 may mean the server failed half-way through a change; re-sending rarely helps, and the
    // providers re-read the members instead to learn whether it applied.
    for method in [Method::GET, Method::PUT, Method::DELETE, Method::POST] {
        let (sandbox, id) = always(&method, &status(500)).await;
        let err = send(&api(&sandbox, settings()), method.clone())
            .await
            .expect_err("500");
        assert_eq!(
            (err.kind.clone(), err.status),
            (ErrorKind::Server, Some(500))
        );
        assert_eq!(sandbox.faults().fired(id), 1, "{method}");
        assert_eq!(sandbox.request_count(), 1, "{method}");
    }
}

#[tokio::test]
async fn the_backoff_grows_exponentially_up_to_its_cap() {
    let (sandbox, id) = always(&Method::GET, &status(503)).await;
    let settings = HttpSettings {
        max_attempts: 4,
        base_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(200),
        ..settings()
    };
    let started = Instant::now();
    send(&api(&sandbox, settings), Method::GET)
        .await
        .expect_err("503 throughout");
    let took = started.elapsed();
    assert_eq!(sandbox.faults().fired(id), 4);
    // Waits of 50–100, 100–200 and (capped) 100–200 ms: 250–500 ms in all, plus the requests.
    assert!(
        took >= Duration::from_millis(250) && took < Duration::from_millis(800),
        "{took:?}"
    );
}

async fn rate_limited_once(retry_after: String) -> (Result<(), Error>, Duration, Sandbox) {
    let sandbox = sandbox().await;
    sandbox.faults().inject(rule(
        Fault::Status {
            code: 429,
            retry_after: Some(retry_after),
        },
        &Method::GET,
        1,
    ));
    let started = Instant::now();
    let result = send(&api(&sandbox, settings()), Method::GET).await;
    (result, started.elapsed(), sandbox)
}

#[tokio::test]
async fn retry_after_in_seconds_is_waited_for_then_the_request_retried() {
    let (result, took, sandbox) = rate_limited_once("1".into()).await;
    result.expect("recovers");
    assert_eq!(sandbox.request_count(), 2);
    // The backoff alone would be 10–20 ms: the wait is the server's second.
    assert!(
        took >= Duration::from_millis(950) && took < Duration::from_millis(1500),
        "{took:?}"
    );
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_waited_for_then_the_request_retried() {
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let (result, took, sandbox) = rate_limited_once(at).await;
    result.expect("recovers");
    assert_eq!(sandbox.request_count(), 2);
    // Whole seconds on the wire: the wait ends within the second before the date.
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_millis(2500),
        "{took:?}"
    );
}

#[tokio::test]
async fn retry_after_past_the_cap_fails_at_once_saying_until_when() {
    let later = SystemTime::now() + Duration::from_secs(3600);
    for value in ["30".to_string(), httpdate::fmt_http_date(later)] {
        let (result, took, sandbox) = rate_limited_once(value.clone()).await;
        let err = result.expect_err("past the 2 s cap");
        assert!(
            took < Duration::from_millis(300),
            "{value}: waited {took:?}"
        );
        assert_eq!(sandbox.request_count(), 1, "{value}");
        let ErrorKind::RateLimited { until: Some(until) } = err.kind else {
            panic!("{value}: {err:?}");
        };
        let shown = err.to_string();
        assert!(
            shown.contains(&format!(
                "rate limited until {}",
                httpdate::fmt_http_date(until)
            )),
            "{shown}"
        );
        assert!(
            until > SystemTime::now() + Duration::from_secs(20),
            "{value}"
        );
    }
}

#[tokio::test]
async fn a_post_is_sent_exactly_once_whatever_the_failure() {
    let faults = [
        status(408),
        status(429),
        status(502),
        status(503),
        status(504),
        Fault::ResetConnection,
        Fault::TruncatedBody,
        Fault::Delay(REQUEST_TIMEOUT * 2),
    ];
    for fault in faults {
        let (sandbox, id) = always(&Method::POST, &fault).await;
        send(&api(&sandbox, settings()), Method::POST)
            .await
            .expect_err("failed");
        assert_eq!(sandbox.faults().fired(id), 1, "{fault:?}");
        assert_eq!(sandbox.request_count(), 1, "{fault:?}");
    }
}

/// Since the change engine, the provider sends the add and the engine settles it: one fresh read
/// after the steps says whether the unanswered add took effect.
#[tokio::test]
async fn every_providers_add_settles_an_unanswered_change_by_re_reading_never_by_resending() {
    for kind in roster::registry::KINDS {
        // TransactionLink adds with an idempotent PUT; the others POST.
        let verb = if kind == roster::providers::transactionlink::KIND {
            Method::PUT
        } else {
            Method::POST
        };
        for applied in [true, false] {
            let sandbox = sandbox().await;
            let recorder = common::engine();
            let (p, calls) =
                engine_run::client(&recorder.engine, config(&sandbox, kind, settings()));
            let change = planner::add(
                p.as_ref(),
                engine_run::PROFILE,
                &workspace(kind).id,
                &newcomer(kind),
                &new_role(kind).id,
            )
            .await
            .expect("plan the add");
            let mut stall = FaultRule::new(Fault::Delay(REQUEST_TIMEOUT * 2))
                .method(verb.clone())
                .path_contains(format!("/{kind}/"));
            if applied {
                stall = stall.after_apply();
            }
            sandbox.faults().inject(stall);
            calls.clear();
            let outcome = engine_run::run(&recorder.engine, &p, change).await;
            assert_eq!(
                calls.count(verb.as_str()),
                1,
                "{kind}: the change is sent once"
            );
            let dan = cast(kind).dan;
            let data = sandbox.store().snapshot();
            let grants = roster::sandbox::section(&data, kind).workspaces[0]
                .members
                .iter()
                .filter(|g| g.user.as_deref() == Some(dan))
                .count();
            let shown = outcome.message();
            match outcome.verdict {
                Verdict::Done => {
                    assert!(applied, "{kind}: reported applied when it was not: {shown}");
                    assert_eq!(grants, 1, "{kind}");
                    assert!(
                        outcome
                            .steps
                            .iter()
                            .any(|s| s.contains("answer was lost") && s.contains("took effect")),
                        "{kind}: {:?}",
                        outcome.steps
                    );
                }
                Verdict::Failed => {
                    assert!(
                        !applied,
                        "{kind}: the change applied but roster says {shown}"
                    );
                    assert_eq!(grants, 0, "{kind}");
                    assert!(
                        shown.contains("was not added") || shown.contains("did not take effect"),
                        "{kind}: {shown}"
                    );
                }
                other => panic!("{kind}: {other:?}: {shown}"),
            }
            let audited = engine_run::audited_outcomes(&recorder.audit());
            let word = if applied { "ok" } else { "failed" };
            assert_eq!(audited, [word], "{kind}: the audit log says what was shown");
        }
    }
}

#[tokio::test]
async fn refusals_are_sent_once_and_say_what_to_do() {
    let hints = [
        (400, "correct the value"),
        (401, "check the profile's token"),
        (403, "lacks the permission"),
        (404, ""),
        (409, ""),
        (422, "correct the value"),
    ];
    for method in IDEMPOTENT {
        for (code, hint) in hints {
            let (sandbox, id) = always(&method, &status(code)).await;
            let err = send(&api(&sandbox, settings()), method.clone())
                .await
                .expect_err("refused");
            assert_eq!(sandbox.faults().fired(id), 1, "{method} {code}");
            assert_eq!(sandbox.request_count(), 1, "{method} {code}");
            assert_eq!(err.status, Some(code));
            assert!(err.to_string().contains(hint), "{method} {code}: {err}");
        }
    }
    // And the emulators' own 401 for a wrong token, for every provider.
    let sandbox = sandbox().await;
    for kind in roster::registry::KINDS {
        let before = sandbox.request_count();
        let mut cfg = config(&sandbox, kind, settings());
        cfg.token = Secret::new("not-the-token-0000");
        let err = build(cfg)
            .unwrap()
            .list_workspaces()
            .await
            .expect_err("wrong token");
        assert_eq!(sandbox.request_count() - before, 1, "{kind}");
        assert_eq!(err.kind, ErrorKind::Unauthorized, "{kind}");
        assert!(
            err.to_string().contains("check the profile's token"),
            "{kind}: {err}"
        );
    }
}

/// Read item by item, a listing whose answer is cut off half-way has already handed out the
/// members of its first half: the retry must start the list again, not add them twice.
#[tokio::test]
async fn a_listing_cut_off_half_way_is_read_again_without_a_member_twice() {
    let sandbox = Sandbox::start(SandboxOptions::new(roster::sandbox::generate::generate(
        1, 60, 4,
    )))
    .await
    .expect("start the sandbox");
    for kind in roster::registry::KINDS {
        let provider = build(sandbox.provider_config(kind)).expect("client");
        let workspace = provider.list_workspaces().await.expect("workspaces")[0].clone();
        let ids = |members: Vec<roster::model::Member>| {
            let mut ids: Vec<String> = members.into_iter().map(|m| m.id).collect();
            ids.sort();
            ids
        };
        let clean = ids(provider
            .list_members(&workspace, false)
            .await
            .expect("listing"));
        assert!(clean.len() >= 60, "{kind}: {} members", clean.len());
        // Half of the real answer, then the connection fails.
        let cut = sandbox.faults().inject(
            FaultRule::new(Fault::TruncatedBody)
                .method(Method::GET)
                .path_contains(format!("/{kind}/"))
                .after_apply(),
        );
        let again = provider
            .list_members(&workspace, false)
            .await
            .unwrap_or_else(|e| panic!("{kind}: the cut-off listing is retried: {e}"));
        assert_eq!(sandbox.faults().fired(cut), 1, "{kind}: the answer was cut");
        assert_eq!(ids(again), clean, "{kind}: every member once");
    }
}
