//! The sandbox server through real HTTP: start and stop, request IDs, global faults (latency, error
//! rate, rate limit), the state file across restarts and the client configs it hands out. No
//! emulator behaviour is relied on: unknown paths are enough to see the server core at work.

use crate::common;

use common::http_client;
use roster::sandbox::generate::generate;
use roster::sandbox::store::Dataset;
use roster::sandbox::{Sandbox, SandboxOptions, demo_dataset};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

async fn start(opts: SandboxOptions) -> Sandbox {
    Sandbox::start(opts).await.expect("sandbox starts")
}

fn url(sandbox: &Sandbox, path: &str) -> String {
    format!("http://{}{path}", sandbox.addr())
}

/// Polls until nothing accepts connections at `addr` (or fails after a deadline).
async fn wait_until_closed(addr: std::net::SocketAddr) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while tokio::net::TcpStream::connect(addr).await.is_ok() {
        assert!(
            Instant::now() < deadline,
            "{addr} still accepts connections"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn serves_on_a_free_port_and_shutdown_releases_it() {
    let sandbox = start(SandboxOptions::new(Dataset::default())).await;
    let addr = sandbox.addr();
    assert_ne!(addr.port(), 0, "the real port is reported");
    let resp = http_client()
        .get(url(&sandbox, "/askui/no/such/path"))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(resp.status(), 404);

    sandbox.shutdown().await;
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "nothing listens after shutdown"
    );
    // The port is free again.
    let again = start(SandboxOptions {
        listen: addr,
        ..SandboxOptions::new(Dataset::default())
    })
    .await;
    assert_eq!(again.addr(), addr);
    again.shutdown().await;
}

#[tokio::test]
async fn dropping_the_sandbox_stops_it() {
    let sandbox = start(SandboxOptions::new(Dataset::default())).await;
    let addr = sandbox.addr();
    drop(sandbox);
    wait_until_closed(addr).await;
}

#[tokio::test]
async fn every_answer_has_a_unique_request_id_and_requests_are_counted() {
    let sandbox = start(SandboxOptions::new(Dataset::default())).await;
    let client = http_client();
    let mut ids = HashSet::new();
    for path in [
        "/askui/x",
        "/dreadnode/y",
        "/paradigm/z",
        "/transactionlink/w",
        "/elsewhere",
    ] {
        let resp = client.get(url(&sandbox, path)).send().await.unwrap();
        let id = resp
            .headers()
            .get("x-request-id")
            .unwrap_or_else(|| panic!("{path}: no x-request-id"))
            .to_str()
            .unwrap()
            .to_string();
        assert!(id.starts_with("req-"), "{id}");
        assert!(ids.insert(id.clone()), "request ID {id} repeated");
    }
    assert_eq!(sandbox.request_count(), 5);
}

#[tokio::test]
async fn latency_delays_every_answer_and_can_change_while_running() {
    let sandbox = start(SandboxOptions {
        latency: Duration::from_millis(300),
        ..SandboxOptions::new(Dataset::default())
    })
    .await;
    let client = http_client();
    let started = Instant::now();
    client.get(url(&sandbox, "/x")).send().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "answered after {:?}",
        started.elapsed()
    );

    sandbox.faults().set_latency(Duration::from_millis(600));
    let started = Instant::now();
    client.get(url(&sandbox, "/x")).send().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "answered after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn error_rate_one_answers_every_request_with_a_server_error() {
    let sandbox = start(SandboxOptions {
        error_rate: 1.0,
        ..SandboxOptions::new(Dataset::default())
    })
    .await;
    let client = http_client();
    for _ in 0..10 {
        let resp = client.get(url(&sandbox, "/askui/x")).send().await.unwrap();
        let status = resp.status().as_u16();
        assert!([500, 502, 503].contains(&status), "got {status}");
        assert!(resp.headers().contains_key("x-request-id"));
        assert_eq!(resp.text().await.unwrap(), "sandbox injected fault");
    }
    sandbox.faults().set_error_rate(0.0).unwrap();
    let resp = client.get(url(&sandbox, "/askui/x")).send().await.unwrap();
    assert_eq!(resp.status(), 404, "errors stop once the rate is 0");
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after_beyond_the_limit() {
    let sandbox = start(SandboxOptions {
        rate_limit: Some(3),
        ..SandboxOptions::new(Dataset::default())
    })
    .await;
    let client = http_client();
    let started = Instant::now();
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..5 {
        let resp = client.get(url(&sandbox, "/x")).send().await.unwrap();
        statuses.push(resp.status().as_u16());
        if resp.status() == 429 {
            retry_after = resp
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_string());
        }
    }
    let elapsed = started.elapsed();
    assert_eq!(
        statuses,
        [404, 404, 404, 429, 429],
        "5 requests in {elapsed:?} with a limit of 3 per second"
    );
    assert_eq!(retry_after.as_deref(), Some("1"));

    sandbox.faults().set_rate_limit(None);
    let resp = client.get(url(&sandbox, "/x")).send().await.unwrap();
    assert_eq!(resp.status(), 404, "no limit once removed");
}

#[tokio::test]
async fn state_file_survives_a_restart_and_wins_over_the_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let original = generate(2, 3, 7);
    let sandbox = start(SandboxOptions {
        state_file: Some(state.clone()),
        ..SandboxOptions::new(original.clone())
    })
    .await;
    assert!(state.exists(), "the state file is created at start");
    sandbox
        .store()
        .write(|d| {
            d[roster::providers::askui::KIND].workspaces[0].name = "Renamed while running".into()
        })
        .unwrap();
    let changed = sandbox.store().snapshot();
    sandbox.shutdown().await;

    let restarted = start(SandboxOptions {
        state_file: Some(state.clone()),
        ..SandboxOptions::new(Dataset::default())
    })
    .await;
    assert_eq!(restarted.store().snapshot(), changed);
    assert_eq!(
        restarted.store().snapshot()[roster::providers::askui::KIND].workspaces[0].name,
        "Renamed while running"
    );
    restarted.shutdown().await;
}

#[tokio::test]
async fn a_corrupt_state_file_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    std::fs::write(&state, "{ not json").unwrap();
    let err = Sandbox::start(SandboxOptions {
        state_file: Some(state.clone()),
        ..SandboxOptions::new(Dataset::default())
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    assert!(err.to_string().contains("state.json"), "{err}");
    assert_eq!(std::fs::read_to_string(&state).unwrap(), "{ not json");
}

#[tokio::test]
async fn bad_options_are_refused_before_anything_is_bound() {
    let bad_rate = Sandbox::start(SandboxOptions {
        error_rate: 1.5,
        ..SandboxOptions::new(Dataset::default())
    })
    .await
    .unwrap_err();
    assert_eq!(bad_rate.kind(), std::io::ErrorKind::InvalidInput);

    let zero_limit = Sandbox::start(SandboxOptions {
        rate_limit: Some(0),
        ..SandboxOptions::new(Dataset::default())
    })
    .await
    .unwrap_err();
    assert_eq!(zero_limit.kind(), std::io::ErrorKind::InvalidInput);

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let in_use = Sandbox::start(SandboxOptions {
        listen: taken.local_addr().unwrap(),
        ..SandboxOptions::new(Dataset::default())
    })
    .await
    .unwrap_err();
    assert_eq!(in_use.kind(), std::io::ErrorKind::AddrInUse);
    assert!(in_use.to_string().contains("cannot listen on"), "{in_use}");
}

#[tokio::test]
async fn provider_configs_point_at_the_sandbox_with_the_dataset_tokens() {
    let sandbox = start(SandboxOptions::new(demo_dataset())).await;
    let expected = [
        (roster::providers::askui::KIND, "askui-demo-token", None),
        (
            roster::providers::dreadnode::KIND,
            "dn-demo-key",
            Some("acme"),
        ),
        (roster::providers::paradigm::KIND, "paradigm-demo-key", None),
        (
            roster::providers::transactionlink::KIND,
            "tot_demo_0123456789abcdef",
            None,
        ),
    ];
    for (kind, token, org) in expected {
        let config = sandbox.provider_config(kind);
        assert_eq!(config.kind, kind);
        assert_eq!(
            config.base_url,
            format!("http://{}/{}", sandbox.addr(), kind.as_str())
        );
        assert_eq!(config.base_url, sandbox.base_url(kind));
        assert_eq!(config.token.expose(), token);
        assert_eq!(config.settings.text("org"), Ok(org));
        // Paradigm's emulator serves the company tree, and says so.
        let tier = (kind == roster::providers::paradigm::KIND).then_some("company");
        assert_eq!(config.settings.text("tier"), Ok(tier));
        assert!(config.observer.is_none());
        assert!(!format!("{config:?}").contains(token), "token in Debug");
        assert!(!format!("{sandbox:?}").contains(token), "token in Debug");
    }
}

#[tokio::test]
async fn a_wildcard_bind_gives_loopback_base_urls() {
    let sandbox = start(SandboxOptions {
        listen: "0.0.0.0:0".parse().unwrap(),
        ..SandboxOptions::new(Dataset::default())
    })
    .await;
    let port = sandbox.addr().port();
    assert_eq!(
        sandbox.base_url(roster::providers::paradigm::KIND),
        format!("http://127.0.0.1:{port}/paradigm")
    );
}

/// `roster demo` starts the sandbox from synchronous code inside its own runtime: `start` must
/// only need a runtime, and the server must keep serving outside `block_on`.
#[test]
fn a_non_async_caller_can_start_it_in_its_own_runtime() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sandbox = runtime
        .block_on(Sandbox::start(SandboxOptions::new(Dataset::default())))
        .unwrap();

    // Plain blocking socket, no async anywhere on this side.
    let mut stream = std::net::TcpStream::connect(sandbox.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"GET /askui/x HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("x-request-id: req-1"),
        "{answer}"
    );

    runtime.block_on(sandbox.shutdown());
}
