//! Scripted faults through real HTTP. A tiny stand-in API (one counter-backed POST) sits behind the
//! sandbox's fault layer, so each test can tell whether the request reached the API ("state
//! changed") as well as what the client saw. A few tests go through the real `Sandbox` to show the
//! layer is wired in front of the emulators, unknown paths included.

use crate::common;

use axum::Router;
use axum::http::{Method, StatusCode};
use axum::routing::post;
use common::http_client;
use roster::sandbox::conn::{ConnHandle, KillableListener};
use roster::sandbox::faults::OVERSIZED_BODY_BYTES;
use roster::sandbox::store::Dataset;
use roster::sandbox::{Fault, FaultControl, FaultRule, Sandbox, SandboxOptions, with_faults};
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The answer of the stand-in API, long enough to be cut in half.
const CREATED: &str = r#"{"id": "thing-1", "name": "a thing with a name long enough to cut"}"#;

struct Fixture {
    addr: SocketAddr,
    faults: Arc<FaultControl>,
    /// How many POSTs the stand-in API has applied.
    applied: Arc<AtomicUsize>,
}

impl Fixture {
    fn url(&self) -> String {
        format!("http://{}/api/things", self.addr)
    }

    fn applied(&self) -> usize {
        self.applied.load(Ordering::SeqCst)
    }

    async fn post(&self) -> reqwest::Result<reqwest::Response> {
        http_client().post(self.url()).body("{}").send().await
    }
}

/// Serves the stand-in API behind the fault layer, the way `Sandbox` serves the emulators.
async fn fixture() -> Fixture {
    let applied = Arc::new(AtomicUsize::new(0));
    let counter = applied.clone();
    let routes = Router::new().route(
        "/api/things",
        post(move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                (
                    StatusCode::CREATED,
                    [("content-type", "application/json")],
                    CREATED,
                )
            }
        })
        .get(|| async { "[]" }),
    );
    let faults = Arc::new(FaultControl::new());
    let app =
        with_faults(routes, faults.clone()).into_make_service_with_connect_info::<ConnHandle>();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(axum::serve(KillableListener::new(listener), app).into_future());
    Fixture {
        addr,
        faults,
        applied,
    }
}

/// Reads body chunks until the body fails; returns what arrived. Panics if the body completes.
async fn read_until_failure(resp: &mut reqwest::Response) -> Vec<u8> {
    let mut received = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => received.extend_from_slice(&chunk),
            Ok(None) => panic!("the body completed: {received:?}"),
            Err(_) => return received,
        }
    }
}

#[tokio::test]
async fn a_status_fault_answers_its_code_and_retry_after_as_many_times_as_asked() {
    let fx = fixture().await;
    let rule = fx.faults.inject(
        FaultRule::new(Fault::Status {
            code: 503,
            retry_after: Some("2".into()),
        })
        .times(2),
    );
    for _ in 0..2 {
        let resp = fx.post().await.unwrap();
        assert_eq!(resp.status(), 503);
        assert_eq!(resp.headers()["retry-after"], "2");
        assert!(resp.headers().contains_key("x-request-id"));
        assert_eq!(resp.text().await.unwrap(), "sandbox injected fault");
    }
    assert_eq!(fx.applied(), 0, "a fault before the API changes nothing");
    let resp = fx.post().await.unwrap();
    assert_eq!(resp.status(), 201, "the rule is spent");
    assert_eq!(fx.applied(), 1);
    assert_eq!(fx.faults.fired(rule), 2);
}

#[tokio::test]
async fn rules_only_fire_on_their_method_and_path() {
    let fx = fixture().await;
    let rule = fx.faults.inject(
        FaultRule::new(Fault::Status {
            code: 429,
            retry_after: None,
        })
        .method(Method::GET)
        .path_contains("/api/things"),
    );
    assert_eq!(fx.post().await.unwrap().status(), 201, "POST is not GET");
    let other = format!("http://{}/elsewhere", fx.addr);
    assert_eq!(
        http_client().get(other).send().await.unwrap().status(),
        404,
        "other path"
    );
    assert_eq!(fx.faults.fired(rule), 0);
    let resp = http_client().get(fx.url()).send().await.unwrap();
    assert_eq!(resp.status(), 429);
    assert!(!resp.headers().contains_key("retry-after"));
    assert_eq!(fx.faults.fired(rule), 1);
}

#[tokio::test]
async fn a_status_fault_after_apply_changes_state_but_loses_the_answer() {
    let fx = fixture().await;
    let rule = fx.faults.inject(
        FaultRule::new(Fault::Status {
            code: 500,
            retry_after: None,
        })
        .method(Method::POST)
        .after_apply(),
    );
    let resp = fx.post().await.unwrap();
    assert_eq!(resp.status(), 500);
    assert_eq!(fx.applied(), 1, "the POST was applied");
    assert_eq!(fx.faults.fired(rule), 1);
}

#[tokio::test]
async fn a_delay_fault_answers_normally_but_late() {
    let fx = fixture().await;
    let rule = fx
        .faults
        .inject(FaultRule::new(Fault::Delay(Duration::from_millis(400))));
    let started = Instant::now();
    let resp = fx.post().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(resp.status(), 201);
    assert_eq!(resp.text().await.unwrap(), CREATED);
    assert_eq!(fx.faults.fired(rule), 1);
}

#[tokio::test]
async fn a_delay_after_apply_makes_the_client_time_out_on_an_applied_change() {
    let fx = fixture().await;
    fx.faults
        .inject(FaultRule::new(Fault::Delay(Duration::from_secs(5))).after_apply());
    let err = http_client()
        .post(fx.url())
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(
        fx.applied(),
        1,
        "the change happened although no answer came"
    );
}

#[tokio::test]
async fn a_reset_drops_the_connection_without_any_answer() {
    let fx = fixture().await;
    let rule = fx.faults.inject(FaultRule::new(Fault::ResetConnection));
    let err = fx.post().await.expect_err("no answer at all");
    assert!(!err.is_timeout(), "{err}");
    assert_eq!(fx.applied(), 0);
    assert_eq!(fx.faults.fired(rule), 1);
    // The server itself is fine.
    assert_eq!(fx.post().await.unwrap().status(), 201);
}

#[tokio::test]
async fn a_reset_after_apply_applies_the_change_and_drops_the_answer() {
    let fx = fixture().await;
    fx.faults.inject(
        FaultRule::new(Fault::ResetConnection)
            .method(Method::POST)
            .after_apply(),
    );
    fx.post().await.expect_err("no answer at all");
    assert_eq!(fx.applied(), 1, "the POST was applied");
}

#[tokio::test]
async fn a_truncated_body_promises_more_bytes_than_it_sends() {
    let fx = fixture().await;
    let rule = fx.faults.inject(FaultRule::new(Fault::TruncatedBody));
    let mut resp = fx.post().await.unwrap();
    assert_eq!(resp.status(), 200);
    let promised = resp.content_length().expect("a Content-Length");
    let received = read_until_failure(&mut resp).await;
    assert!(!received.is_empty(), "part of the body arrives");
    assert!(
        (received.len() as u64) < promised,
        "{} of {promised}",
        received.len()
    );
    assert_eq!(fx.applied(), 0);
    assert_eq!(fx.faults.fired(rule), 1);
}

#[tokio::test]
async fn a_truncated_body_after_apply_cuts_the_real_answer_short() {
    let fx = fixture().await;
    fx.faults
        .inject(FaultRule::new(Fault::TruncatedBody).after_apply());
    let mut resp = fx.post().await.unwrap();
    assert_eq!(resp.status(), 201, "the API's own status");
    assert_eq!(resp.content_length(), Some(CREATED.len() as u64));
    let received = read_until_failure(&mut resp).await;
    assert_eq!(
        received,
        &CREATED.as_bytes()[..CREATED.len() / 2],
        "the first half"
    );
    assert_eq!(fx.applied(), 1);
}

#[tokio::test]
async fn malformed_json_is_an_unfinished_document() {
    let fx = fixture().await;
    let rule = fx
        .faults
        .inject(FaultRule::new(Fault::MalformedJson).times(2));
    for _ in 0..2 {
        let resp = fx.post().await.unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.headers()["content-type"], "application/json");
        let body = resp.text().await.unwrap();
        assert_eq!(body, r#"{"data": ["#);
        assert!(serde_json::from_str::<serde_json::Value>(&body).is_err());
    }
    assert_eq!(fx.applied(), 0);
    assert_eq!(fx.faults.fired(rule), 2);
}

#[tokio::test]
async fn an_oversized_body_streams_40_mib_without_a_length() {
    let fx = fixture().await;
    fx.faults
        .inject(FaultRule::new(Fault::OversizedBody).after_apply());
    let mut resp = fx.post().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.content_length(), None, "the client must count");
    let mut total = 0usize;
    let mut head = Vec::new();
    while let Some(chunk) = resp.chunk().await.unwrap() {
        if head.len() < 16 {
            head.extend_from_slice(&chunk[..chunk.len().min(16)]);
        }
        total += chunk.len();
    }
    assert_eq!(total, OVERSIZED_BODY_BYTES);
    assert!(head.starts_with(br#"{"data": [""#));
    assert_eq!(fx.applied(), 1);
}

#[tokio::test]
async fn cleared_rules_stop_firing() {
    let fx = fixture().await;
    let rule = fx
        .faults
        .inject(FaultRule::new(Fault::MalformedJson).times(5));
    assert_eq!(fx.post().await.unwrap().status(), 200);
    fx.faults.clear_rules();
    assert_eq!(fx.post().await.unwrap().status(), 201);
    assert_eq!(fx.faults.fired(rule), 1);
    assert_eq!(fx.faults.remaining(rule), 0);
}

/// The real sandbox: the layer sits in front of every path, and resets work on its listener.
#[tokio::test]
async fn the_sandbox_applies_scripted_faults_to_any_path() {
    let sandbox = Sandbox::start(SandboxOptions::new(Dataset::default()))
        .await
        .unwrap();
    let client = http_client();
    let teapot = sandbox.faults().inject(
        FaultRule::new(Fault::Status {
            code: 418,
            retry_after: None,
        })
        .path_contains("/paradigm/"),
    );
    let reset = sandbox
        .faults()
        .inject(FaultRule::new(Fault::ResetConnection).path_contains("/askui/"));

    let url = |path: &str| format!("http://{}{path}", sandbox.addr());
    let resp = client
        .get(url("/paradigm/api/v3/nothing"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 418);
    assert!(resp.headers().contains_key("x-request-id"));
    client
        .get(url("/askui/api/v1/nothing"))
        .send()
        .await
        .expect_err("connection reset");
    assert_eq!(sandbox.faults().fired(teapot), 1);
    assert_eq!(sandbox.faults().fired(reset), 1);
    assert_eq!(sandbox.request_count(), 2);
    sandbox.shutdown().await;
}
