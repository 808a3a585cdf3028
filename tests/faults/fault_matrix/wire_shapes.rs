//! The same kinds of faults in shapes the sandbox cannot make, through wiremock, for Dreadnode: an
//! answer of valid JSON in the wrong shape, an empty 200, a proxy's HTML error page, a 429 in the
//! provider's envelope with `Retry-After` as an HTTP date or beyond the cap, an unparsable
//! `Retry-After`, an HTML page where JSON was expected after a PUT, and a 500 in the provider's own
//! envelope after the POST applied. Each checks the outcome, how many requests were sent, and the time.
//! The two changes whose answers are unclear run through the change engine, whose precheck and
//! fresh read after the steps settle them.

use super::fixture::{REQUEST_TIMEOUT, settings};
use crate::{common, engine_run};
use roster::engine::{Verdict, planner};
use roster::error::ErrorKind;
use roster::model::{Access, Member, MemberKind, Role, UserRef, Workspace};
use roster::providers::{Provider, ProviderConfig, build};
use roster::secret::Secret;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USERS: &str = "/api/v1/org/acme/ws/red-team/users";
const BOB: &str = "6a1f0c3e-7b2d-4e8f-9a10-000000000b0b";
const PROXY_PAGE: &str = "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>";

fn client(mock: &MockServer) -> Arc<dyn Provider> {
    build(config(mock)).expect("client builds")
}

fn config(mock: &MockServer) -> ProviderConfig {
    ProviderConfig {
        kind: roster::providers::dreadnode::KIND,
        base_url: mock.uri(),
        token: Secret::new("dn-shapes-key"),
        settings: roster::providers::ProviderSettings::new().with("org", "acme"),
        http: settings(),
        observer: None,
    }
}

fn red() -> Workspace {
    Workspace {
        id: "red-team".into(),
        name: "Red Team".into(),
    }
}

fn permission(user: &str, email: &str, permission: &str) -> Value {
    json!({"id": "0f0e0d0c-0000-4000-8000-000000000001", "granted_at": "2025-01-01T00:00:00Z",
           "granted_by": null, "permission": permission, "user_email": email, "user_id": user,
           "user_name": "Bob", "workspace_id": "1d2c3b4a-0000-4000-8000-0000000000a1"})
}

fn bob() -> Member {
    Member {
        id: BOB.into(),
        email: Some("bob@example.com".into()),
        name: Some("Bob".into()),
        role: Role::named("reader"),
        access: Access::Direct,
        kind: MemberKind::User,
        handle: None,
    }
}

/// Requests the mock received with this method.
async fn count(mock: &MockServer, verb: &str) -> usize {
    mock.received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.method.as_str() == verb)
        .count()
}

async fn listing_answers(template: ResponseTemplate) -> MockServer {
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(USERS))
        .respond_with(template)
        .mount(&mock)
        .await;
    mock
}

#[tokio::test]
async fn valid_json_of_the_wrong_shape_is_a_clear_decode_error_sent_once() {
    let mock =
        listing_answers(ResponseTemplate::new(200).set_body_json(json!({"users": []}))).await;
    let err = client(&mock)
        .list_members(&red(), false)
        .await
        .expect_err("an object where a list belongs");
    assert_eq!(err.kind, ErrorKind::Decode);
    assert_eq!(count(&mock, "GET").await, 1, "a wrong shape is not retried");
    let shown = err.to_string();
    assert!(
        shown.starts_with("dreadnode: list members failed: unexpected answer")
            && shown.contains("check the base URL"),
        "{shown}"
    );
}

#[tokio::test]
async fn an_empty_200_is_a_clear_decode_error() {
    let mock = listing_answers(ResponseTemplate::new(200)).await;
    let err = client(&mock)
        .list_members(&red(), false)
        .await
        .expect_err("no body");
    assert_eq!(
        (err.kind.clone(), count(&mock, "GET").await),
        (ErrorKind::Decode, 1)
    );
}

#[tokio::test]
async fn a_proxys_html_502_is_retried_to_the_limit_then_reported_in_its_own_words() {
    let mock = listing_answers(
        ResponseTemplate::new(502)
            .insert_header("content-type", "text/html")
            .set_body_string(PROXY_PAGE),
    )
    .await;
    let err = client(&mock)
        .list_members(&red(), false)
        .await
        .expect_err("the gateway stays down");
    assert_eq!(count(&mock, "GET").await, settings().max_attempts as usize);
    assert_eq!(
        (err.kind.clone(), err.status),
        (ErrorKind::Server, Some(502))
    );
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
}

#[tokio::test]
async fn a_429_envelope_with_an_http_date_retry_after_is_waited_for_then_retried() {
    let mock = MockServer::start().await;
    let at = SystemTime::now() + Duration::from_secs(2);
    Mock::given(method("GET"))
        .and(path(USERS))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", httpdate::fmt_http_date(at))
                .set_body_json(
                    json!({"code": 429, "detail": "Rate limited", "type": "rate_limited"}),
                ),
        )
        .up_to_n_times(1)
        .mount(&mock)
        .await;
    Mock::given(method("GET"))
        .and(path(USERS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([permission(
            BOB,
            "bob@example.com",
            "reader"
        )])))
        .mount(&mock)
        .await;
    let started = Instant::now();
    let members = client(&mock)
        .list_members(&red(), false)
        .await
        .expect("recovers after the wait");
    let took = started.elapsed();
    assert_eq!(members.len(), 1);
    assert_eq!(count(&mock, "GET").await, 2);
    // The date has whole seconds, so the wait is between one and two seconds, never the backoff's ms.
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_millis(2600),
        "{took:?}"
    );
}

#[tokio::test]
async fn a_429_beyond_the_cap_on_a_put_fails_at_once_saying_until_when() {
    let mock = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "3600")
                .set_body_json(
                    json!({"code": 429, "detail": "Rate limited", "type": "rate_limited"}),
                ),
        )
        .mount(&mock)
        .await;
    let started = Instant::now();
    let err = client(&mock)
        .set_role(&red(), &bob(), &Role::named("owner"))
        .await
        .expect_err("an hour is past the cap");
    assert!(started.elapsed() < Duration::from_millis(300), "no waiting");
    assert_eq!(count(&mock, "PUT").await, 1);
    assert!(matches!(
        err.kind,
        ErrorKind::RateLimited { until: Some(_) }
    ));
    assert!(err.to_string().contains("rate limited until "), "{err}");
}

#[tokio::test]
async fn an_unreadable_retry_after_falls_back_to_the_backoff() {
    let mock = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "in a while"))
        .mount(&mock)
        .await;
    let started = Instant::now();
    let err = client(&mock)
        .remove_member(&red(), &bob())
        .await
        .expect_err("stays unavailable");
    assert!(
        started.elapsed() < REQUEST_TIMEOUT,
        "backoff of ms, not a guess"
    );
    assert_eq!(
        count(&mock, "DELETE").await,
        settings().max_attempts as usize
    );
    assert_eq!(err.status, Some(503));
}

#[tokio::test]
async fn an_html_page_answering_a_put_is_settled_by_re_reading() {
    let mock = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .set_body_string("<html>Please log in to the hotel wifi</html>"),
        )
        .mount(&mock)
        .await;
    Mock::given(method("GET"))
        .and(path(USERS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([permission(
            BOB,
            "bob@example.com",
            "reader"
        )])))
        .mount(&mock)
        .await;
    let recorder = common::engine();
    let (p, _) = engine_run::client(&recorder.engine, config(&mock));
    let change = planner::from_row(
        roster::providers::dreadnode::KIND,
        engine_run::PROFILE,
        &red(),
        &bob(),
        Some(Role::named("owner")),
    );
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    assert_eq!(
        outcome.verdict,
        Verdict::Failed,
        "the listing still shows reader: {}",
        outcome.message()
    );
    assert_eq!(
        count(&mock, "PUT").await,
        1,
        "an unreadable answer is not retried"
    );
    assert_eq!(
        count(&mock, "GET").await,
        2,
        "the precheck, then one re-read"
    );
    assert!(
        outcome
            .message()
            .contains("did not take effect, so nothing changed"),
        "{}",
        outcome.message()
    );
}

#[tokio::test]
async fn a_500_envelope_after_the_post_applied_is_settled_as_applied() {
    let mock = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(USERS))
        .respond_with(ResponseTemplate::new(500).set_body_json(
            json!({"code": 500, "detail": "Internal error while notifying", "type": "server_error"}),
        ))
        .mount(&mock)
        .await;
    // Before the POST (the engine's precheck) Bob is not there; after it, he is.
    Mock::given(method("GET"))
        .and(path(USERS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .up_to_n_times(1)
        .mount(&mock)
        .await;
    Mock::given(method("GET"))
        .and(path(USERS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([permission(
            BOB,
            "bob@example.com",
            "reader"
        )])))
        .mount(&mock)
        .await;
    let recorder = common::engine();
    let (p, _) = engine_run::client(&recorder.engine, config(&mock));
    let change = planner::add_user(
        roster::providers::dreadnode::KIND,
        engine_run::PROFILE,
        &red(),
        &UserRef::Email("bob@example.com".into()),
        Role::named("reader"),
    );
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    assert_eq!(
        outcome.verdict,
        Verdict::Done,
        "the re-read shows the add applied: {}",
        outcome.message()
    );
    assert_eq!(count(&mock, "POST").await, 1, "a POST is never sent twice");
    assert!(
        outcome
            .steps
            .iter()
            .any(|s| s.contains("the answer was lost")
                && s.contains("Internal error while notifying")
                && s.contains("took effect")),
        "{:?}",
        outcome.steps
    );
}
