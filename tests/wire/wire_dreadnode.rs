//! Pins every Dreadnode request to the documented API (method, path, auth header, JSON body) and
//! checks that Dreadnode's error envelope reads as clear errors, including out-of-credit answers,
//! which must not be retried.

use roster::error::ErrorKind;
use roster::http::HttpSettings;
use roster::model::{Access, Member, MemberKind, NewWorkspace, Role, UserRef, Workspace};
use roster::providers::{Provider, ProviderConfig, build};
use roster::secret::Secret;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "dn-wire-key";
const BOB: &str = "6a1f0c3e-7b2d-4e8f-9a10-000000000b0b";

/// How the profile sends the key: the default (`Authorization: Bearer`, the published reference)
/// or `auth = "x-api-key"` (the Python SDK's header). Every request test runs in both.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Auth {
    Bearer,
    ApiKey,
}

const MODES: [Auth; 2] = [Auth::Bearer, Auth::ApiKey];

fn client(mock: &MockServer, token: &str) -> Arc<dyn Provider> {
    client_in(mock, token, Auth::Bearer)
}

fn client_in(mock: &MockServer, token: &str, auth: Auth) -> Arc<dyn Provider> {
    build(ProviderConfig {
        kind: roster::providers::dreadnode::KIND,
        base_url: mock.uri(),
        token: Secret::new(token),
        settings: match auth {
            Auth::Bearer => roster::providers::ProviderSettings::new().with("org", "acme"),
            Auth::ApiKey => roster::providers::ProviderSettings::new()
                .with("org", "acme")
                .with("auth", "x-api-key"),
        },
        http: HttpSettings {
            max_attempts: 2,
            base_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(10),
            ..HttpSettings::default()
        },
        observer: None,
    })
    .expect("client builds")
}

/// By default the key goes as `Authorization: Bearer` and nowhere else; with `auth = "x-api-key"`
/// it goes in `X-API-Key` and nowhere else.
fn only_auth(auth: Auth) -> impl Fn(&Request) -> bool + Send + Sync + 'static {
    move |req: &Request| {
        let header = |name: &str| req.headers.get(name).and_then(|v| v.to_str().ok());
        match auth {
            Auth::Bearer => {
                header("authorization") == Some(format!("Bearer {TOKEN}").as_str())
                    && !req.headers.contains_key("x-api-key")
            }
            Auth::ApiKey => {
                header("x-api-key") == Some(TOKEN) && !req.headers.contains_key("authorization")
            }
        }
    }
}

fn no_query(req: &Request) -> bool {
    req.url.query().is_none()
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

#[tokio::test]
async fn list_workspaces_gets_the_org_workspaces_with_the_key() {
    for auth in MODES {
        let mock = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/api/v1/org/acme/ws"))
            .and(no_query)
            .and(only_auth(auth))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([
                {"id": "1d2c3b4a-0000-4000-8000-0000000000a1", "key": "red-team", "name": "Red Team",
                 "description": null, "created_at": "2025-01-01T00:00:00Z"}])))
            .expect(1)
            .mount(&mock)
            .await;
        let list = client_in(&mock, TOKEN, auth)
            .list_workspaces()
            .await
            .expect("list");
        assert_eq!(list, vec![red()]);
    }
}

#[tokio::test]
async fn list_members_gets_the_workspace_users() {
    for auth in MODES {
        let mock = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/api/v1/org/acme/ws/red-team/users"))
            .and(no_query)
            .and(only_auth(auth))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([permission(
                BOB,
                "bob@example.com",
                "reader"
            )])))
            .expect(1)
            .mount(&mock)
            .await;
        let members = client_in(&mock, TOKEN, auth)
            .list_members(&red(), true)
            .await
            .expect("members");
        assert_eq!(members, vec![bob()]);
    }
}

#[tokio::test]
async fn add_by_email_posts_email_and_permission() {
    for auth in MODES {
        let mock = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/v1/org/acme/ws/red-team/users"))
            .and(only_auth(auth))
            .and(header("content-type", "application/json"))
            .and(body_json(
                json!({"email": "bob@example.com", "permission": "contributor"}),
            ))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("x-request-id", "req-add")
                    .set_body_json(permission(BOB, "bob@example.com", "contributor")),
            )
            .expect(1)
            .mount(&mock)
            .await;
        let report = client_in(&mock, TOKEN, auth)
            .add_member(
                &red(),
                &UserRef::Email("bob@example.com".into()),
                &Role::named("Contributor"),
            )
            .await
            .expect("add");
        assert_eq!(report.request_ids, ["req-add"]);
    }
}

#[tokio::test]
async fn add_by_id_reads_the_org_members_then_posts_the_email() {
    for auth in MODES {
        let mock = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/api/v1/org/acme/members"))
            .and(only_auth(auth))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([
                {"user_id": BOB, "email": "bob@example.com", "name": "Bob", "role": "reader"}])))
            .expect(1)
            .mount(&mock)
            .await;
        Mock::given(method("POST"))
            .and(path("/api/v1/org/acme/ws/red-team/users"))
            .and(body_json(
                json!({"email": "bob@example.com", "permission": "reader"}),
            ))
            .respond_with(ResponseTemplate::new(200).set_body_json(permission(
                BOB,
                "bob@example.com",
                "reader",
            )))
            .expect(1)
            .mount(&mock)
            .await;
        client_in(&mock, TOKEN, auth)
            .add_member(&red(), &UserRef::Id(BOB.into()), &Role::named("reader"))
            .await
            .expect("add by id");
    }
}

#[tokio::test]
async fn set_role_puts_the_permission_on_the_user_path() {
    for auth in MODES {
        let mock = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path(format!("/api/v1/org/acme/ws/red-team/users/{BOB}")))
            .and(only_auth(auth))
            .and(body_json(json!({"permission": "owner"})))
            .respond_with(ResponseTemplate::new(200).set_body_json(permission(
                BOB,
                "bob@example.com",
                "owner",
            )))
            .expect(1)
            .mount(&mock)
            .await;
        client_in(&mock, TOKEN, auth)
            .set_role(&red(), &bob(), &Role::named("owner"))
            .await
            .expect("set role");
    }
}

#[tokio::test]
async fn remove_deletes_the_user_path() {
    for auth in MODES {
        let mock = MockServer::start().await;
        Mock::given(method("DELETE"))
            .and(path(format!("/api/v1/org/acme/ws/red-team/users/{BOB}")))
            .and(only_auth(auth))
            .and(|req: &Request| req.body.is_empty())
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&mock)
            .await;
        client_in(&mock, TOKEN, auth)
            .remove_member(&red(), &bob())
            .await
            .expect("remove");
    }
}

#[tokio::test]
async fn create_workspace_posts_name_derived_key_and_description() {
    for auth in MODES {
        let mock = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/v1/org/acme/ws"))
            .and(only_auth(auth))
            .and(body_json(
                json!({"name": "Purple Team (EU)", "key": "purple-team-eu",
                                  "description": "joint exercises"}),
            ))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({
                "id": "1d2c3b4a-0000-4000-8000-0000000000c3", "key": "purple-team-eu",
                "name": "Purple Team (EU)", "description": "joint exercises",
                "created_at": "2025-01-01T00:00:00Z"})))
            .expect(1)
            .mount(&mock)
            .await;
        let created = client_in(&mock, TOKEN, auth)
            .create_workspace(&NewWorkspace {
                name: "Purple Team (EU)".into(),
                description: Some("joint exercises".into()),
                ..NewWorkspace::default()
            })
            .await
            .expect("create");
        assert_eq!(created.id, "purple-team-eu");
    }
}

#[tokio::test]
async fn a_jwt_goes_as_bearer_without_api_key() {
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl";
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/org/acme/ws"))
        .and(header("authorization", format!("Bearer {jwt}").as_str()))
        .and(|req: &Request| !req.headers.contains_key("x-api-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&mock)
        .await;
    client(&mock, jwt).list_workspaces().await.expect("bearer");
}

#[tokio::test]
async fn a_jwt_goes_as_bearer_in_x_api_key_mode_too() {
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl";
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/org/acme/ws"))
        .and(header("authorization", format!("Bearer {jwt}").as_str()))
        .and(|req: &Request| !req.headers.contains_key("x-api-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&mock)
        .await;
    client_in(&mock, jwt, Auth::ApiKey)
        .list_workspaces()
        .await
        .expect("bearer");
}

#[test]
fn an_unknown_auth_mode_is_a_usage_error() {
    let err = build(ProviderConfig {
        kind: roster::providers::dreadnode::KIND,
        base_url: "http://127.0.0.1:9".into(),
        token: Secret::new(TOKEN),
        settings: roster::providers::ProviderSettings::new()
            .with("org", "acme")
            .with("auth", "basic"),
        http: HttpSettings::default(),
        observer: None,
    })
    .err()
    .expect("refused");
    assert_eq!(err.kind, ErrorKind::Usage);
    assert!(
        err.to_string().contains(r#"use "bearer" or "x-api-key""#),
        "{err}"
    );
}

#[tokio::test]
async fn envelope_with_validation_errors_is_decoded() {
    let mock = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "code": 422, "detail": "Validation error", "type": "validation_error",
            "errors": [{"loc": ["body", "permission"],
                        "msg": "Input should be 'owner', 'contributor' or 'reader'", "type": "enum"}]})))
        .expect(1)
        .mount(&mock)
        .await;
    let err = client(&mock, TOKEN)
        .add_member(
            &red(),
            &UserRef::Email("bob@example.com".into()),
            &Role::named("admin"),
        )
        .await
        .expect_err("422");
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(
        err.to_string(),
        "dreadnode: add member failed (HTTP 422): Validation error; body.permission: Input should \
         be 'owner', 'contributor' or 'reader'; the server refused the request, so nothing changed; \
         correct the value it names and try again"
    );
}

#[tokio::test]
async fn plain_envelope_is_decoded_with_request_id() {
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-7")
                .set_body_json(json!({"code": 404, "detail": "Workspace 'gone' not found",
                                      "type": "not_found"})),
        )
        .expect(1)
        .mount(&mock)
        .await;
    let gone = Workspace {
        id: "gone".into(),
        name: "Gone".into(),
    };
    let err = client(&mock, TOKEN)
        .list_members(&gone, false)
        .await
        .expect_err("404");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(
        err.to_string(),
        "dreadnode: list members failed (HTTP 404): Workspace 'gone' not found [request id req-7]"
    );
}

#[tokio::test]
async fn out_of_credits_429_is_a_refusal_and_not_retried() {
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({
            "code": 429, "detail": "Insufficient credits for this organization",
            "type": "rate_limited"})))
        .expect(1)
        .mount(&mock)
        .await;
    let err = client(&mock, TOKEN)
        .list_workspaces()
        .await
        .expect_err("429");
    assert_eq!(err.kind, ErrorKind::Forbidden);
    let text = err.to_string();
    assert!(text.contains("(HTTP 429): Insufficient credits"), "{text}");
    assert!(text.contains("out of credits"), "{text}");
}

#[tokio::test]
async fn payment_required_402_is_a_refusal_and_not_retried() {
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(402).set_body_json(json!({
            "code": 402, "detail": "Not enough credits", "type": "payment_required"})))
        .expect(1)
        .mount(&mock)
        .await;
    let err = client(&mock, TOKEN)
        .list_workspaces()
        .await
        .expect_err("402");
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.to_string().contains("out of credits"), "{err}");
}

#[tokio::test]
async fn ordinary_429_is_throttling_and_retried() {
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({
            "code": 429, "detail": "Rate limited", "type": "rate_limited"})))
        .expect(2)
        .mount(&mock)
        .await;
    let err = client(&mock, TOKEN)
        .list_workspaces()
        .await
        .expect_err("429");
    assert!(matches!(err.kind, ErrorKind::RateLimited { .. }), "{err:?}");
}
