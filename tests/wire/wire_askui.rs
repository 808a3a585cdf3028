//! Pins every AskUI request to the documented API (method, path, exact query, auth header, JSON
//! body) and checks that AskUI's FastAPI error bodies read as clear errors.

use base64::Engine;
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

const TOKEN: &str = "askui-wire-token";
const WS: &str = "5f0c2a8e-1b7d-4c1e-9a31-0d6f3e2b7a10";
const MEMBERSHIPS: &str = "/api/v1/workspace-memberships";

fn basic() -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(TOKEN)
    )
}

fn client(mock: &MockServer, token: &str) -> Arc<dyn Provider> {
    build(ProviderConfig {
        kind: roster::providers::askui::KIND,
        base_url: mock.uri(),
        token: Secret::new(token),
        settings: roster::providers::ProviderSettings::new(),
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

/// Matches the whole query string, so no parameter is added, dropped or reordered unnoticed.
fn exact_query(expected: &'static str) -> impl Fn(&Request) -> bool + Send + Sync {
    move |req: &Request| req.url.query().unwrap_or("") == expected
}

fn is_json(req: &Request) -> bool {
    req.headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

fn workspace() -> Workspace {
    Workspace {
        id: WS.into(),
        name: "Platform".into(),
    }
}

fn membership(id: &str, user: &str, privilege: &str) -> Value {
    json!({"id": id, "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z",
           "userId": user, "workspaceId": WS, "privileges": [privilege]})
}

fn bob() -> Member {
    Member {
        id: "auth0|bob".into(),
        email: Some("bob@example.com".into()),
        name: None,
        role: Role {
            id: "ROLE_WORKSPACE_MEMBER".into(),
            name: "member".into(),
        },
        access: Access::Direct,
        kind: MemberKind::User,
        handle: Some("m-bob".into()),
    }
}

#[tokio::test]
async fn list_workspaces_reads_all_memberships_expanded_with_workspace() {
    let mock = MockServer::start().await;
    let mut a = membership("m1", "auth0|ada", "ROLE_WORKSPACE_OWNER");
    a["workspace"] = json!({"id": WS, "name": "Platform", "createdAt": "x", "updatedAt": "x"});
    let mut b = membership("m2", "auth0|bob", "ROLE_WORKSPACE_MEMBER");
    b["workspace"] = a["workspace"].clone();
    Mock::given(method("GET"))
        .and(path(MEMBERSHIPS))
        .and(exact_query("expand=workspace"))
        .and(header("authorization", basic().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [a, b]})))
        .expect(1)
        .mount(&mock)
        .await;
    let list = client(&mock, TOKEN).list_workspaces().await.expect("list");
    assert_eq!(list, vec![workspace()], "distinct workspaces");
}

#[tokio::test]
async fn list_members_filters_by_workspace_and_expands_user() {
    let mock = MockServer::start().await;
    let mut m = membership("m1", "auth0|ada", "ROLE_WORKSPACE_ADMIN");
    m["user"] = json!({"id": "auth0|ada", "email": "ada@example.com", "name": "Ada",
                       "picture": null, "createdAt": "x", "updatedAt": "x", "emailVerified": true});
    Mock::given(method("GET"))
        .and(path(MEMBERSHIPS))
        .and(exact_query(
            "workspace_id=5f0c2a8e-1b7d-4c1e-9a31-0d6f3e2b7a10&expand=user",
        ))
        .and(header("authorization", basic().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [m]})))
        .expect(1)
        .mount(&mock)
        .await;
    let members = client(&mock, TOKEN)
        .list_members(&workspace(), false)
        .await
        .expect("members");
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].email.as_deref(), Some("ada@example.com"));
    assert_eq!(members[0].role.id, "ROLE_WORKSPACE_ADMIN");
    assert_eq!(members[0].handle.as_deref(), Some("m1"));
}

#[tokio::test]
async fn add_by_id_posts_user_workspace_and_one_privilege() {
    let mock = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(MEMBERSHIPS))
        .and(exact_query(""))
        .and(header("authorization", basic().as_str()))
        .and(is_json)
        .and(body_json(json!({"userId": "auth0|cy", "workspaceId": WS,
                              "privileges": ["ROLE_WORKSPACE_ADMIN"]})))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-add")
                .set_body_json(membership("m9", "auth0|cy", "ROLE_WORKSPACE_ADMIN")),
        )
        .expect(1)
        .mount(&mock)
        .await;
    let report = client(&mock, TOKEN)
        .add_member(
            &workspace(),
            &UserRef::Id("auth0|cy".into()),
            &Role::named("admin"),
        )
        .await
        .expect("add");
    assert_eq!(report.request_ids, ["req-add"]);
}

#[tokio::test]
async fn add_by_email_reads_all_memberships_with_users_then_posts_the_id() {
    let mock = MockServer::start().await;
    let mut m = membership("m1", "auth0|cy", "ROLE_WORKSPACE_MEMBER");
    m["workspaceId"] = json!("another-workspace");
    m["user"] = json!({"id": "auth0|cy", "email": "Cy@Example.com", "name": "Cy"});
    Mock::given(method("GET"))
        .and(path(MEMBERSHIPS))
        .and(exact_query("expand=user"))
        .and(header("authorization", basic().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [m]})))
        .expect(1)
        .mount(&mock)
        .await;
    Mock::given(method("POST"))
        .and(path(MEMBERSHIPS))
        .and(body_json(json!({"userId": "auth0|cy", "workspaceId": WS,
                              "privileges": ["ROLE_WORKSPACE_MEMBER"]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(membership(
            "m9",
            "auth0|cy",
            "ROLE_WORKSPACE_MEMBER",
        )))
        .expect(1)
        .mount(&mock)
        .await;
    client(&mock, TOKEN)
        .add_member(
            &workspace(),
            &UserRef::Email("cy@example.com".into()),
            &Role::named("member"),
        )
        .await
        .expect("add by email");
}

#[tokio::test]
async fn remove_deletes_the_membership_by_its_id() {
    let mock = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v1/workspace-memberships/m-bob"))
        .and(exact_query(""))
        .and(header("authorization", basic().as_str()))
        .and(|req: &Request| req.body.is_empty())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&mock)
        .await;
    let report = client(&mock, TOKEN)
        .remove_member(&workspace(), &bob())
        .await
        .expect("remove");
    assert_eq!(report.steps.len(), 1);
}

#[tokio::test]
async fn set_role_deletes_then_posts_the_new_privilege() {
    let mock = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v1/workspace-memberships/m-bob"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&mock)
        .await;
    Mock::given(method("POST"))
        .and(path(MEMBERSHIPS))
        .and(header("authorization", basic().as_str()))
        .and(body_json(json!({"userId": "auth0|bob", "workspaceId": WS,
                              "privileges": ["ROLE_WORKSPACE_OWNER"]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(membership(
            "m-new",
            "auth0|bob",
            "ROLE_WORKSPACE_OWNER",
        )))
        .expect(1)
        .mount(&mock)
        .await;
    client(&mock, TOKEN)
        .set_role(&workspace(), &bob(), &Role::named("OWNER"))
        .await
        .expect("set role");
    let methods: Vec<String> = mock
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| r.method.to_string())
        .collect();
    assert_eq!(methods, ["DELETE", "POST"]);
}

#[tokio::test]
async fn create_workspace_posts_name_billing_email_and_first_member() {
    let mock = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/workspaces"))
        .and(header("authorization", basic().as_str()))
        .and(body_json(
            json!({"name": "Design", "billingAccountEmail": "billing@example.com",
                              "firstMemberId": "auth0|ada"}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": "7d1c0e52-8f3a-4b6d-9c2e-1a0b3c4d5e6f", "createdAt": "x", "updatedAt": "x",
            "name": "Design", "memberships": []})))
        .expect(1)
        .mount(&mock)
        .await;
    let created = client(&mock, TOKEN)
        .create_workspace(
            &NewWorkspace::named("Design")
                .with("billing_email", "billing@example.com")
                .with("first_member", "auth0|ada"),
        )
        .await
        .expect("create");
    assert_eq!(created.id, "7d1c0e52-8f3a-4b6d-9c2e-1a0b3c4d5e6f");
}

#[tokio::test]
async fn a_jwt_goes_as_bearer() {
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl";
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(MEMBERSHIPS))
        .and(header("authorization", format!("Bearer {jwt}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(1)
        .mount(&mock)
        .await;
    client(&mock, jwt).list_workspaces().await.expect("bearer");
}

#[tokio::test]
async fn fastapi_validation_list_is_decoded_with_locations() {
    let mock = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(MEMBERSHIPS))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({"detail": [
            {"type": "enum", "loc": ["body", "privileges", 0],
             "msg": "Input should be 'ROLE_WORKSPACE_OWNER', 'ROLE_WORKSPACE_ADMIN' or 'ROLE_WORKSPACE_MEMBER'",
             "input": "ROLE_X"},
            {"type": "missing", "loc": ["body", "userId"], "msg": "Field required", "input": {}}
        ]})))
        .expect(1)
        .mount(&mock)
        .await;
    let err = client(&mock, TOKEN)
        .add_member(
            &workspace(),
            &UserRef::Id("auth0|cy".into()),
            &Role::named("ROLE_X"),
        )
        .await
        .expect_err("422");
    assert_eq!(err.kind, ErrorKind::Invalid);
    let text = err.to_string();
    assert!(
        text.starts_with("askui: add member failed (HTTP 422): "),
        "{text}"
    );
    assert!(
        text.contains("body.privileges.0: Input should be 'ROLE_WORKSPACE_OWNER'"),
        "{text}"
    );
    assert!(text.contains("body.userId: Field required"), "{text}");
}

#[tokio::test]
async fn plain_detail_is_decoded_with_status_and_request_id() {
    let mock = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(MEMBERSHIPS))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-404")
                .set_body_json(json!({"detail": "User auth0|zed not found"})),
        )
        .expect(1)
        .mount(&mock)
        .await;
    let err = client(&mock, TOKEN)
        .add_member(
            &workspace(),
            &UserRef::Id("auth0|zed".into()),
            &Role::named("member"),
        )
        .await
        .expect_err("404");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(
        err.to_string(),
        "askui: add member failed (HTTP 404): User auth0|zed not found [request id req-404]"
    );
}

#[tokio::test]
async fn unauthenticated_is_decoded() {
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"detail": "Not authenticated"})),
        )
        .expect(1)
        .mount(&mock)
        .await;
    let err = client(&mock, TOKEN)
        .list_workspaces()
        .await
        .expect_err("401");
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    let text = err.to_string();
    assert!(text.contains("(HTTP 401): Not authenticated"), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
}

/// Mounts DELETE 204 and a re-create as admin whose answer is lost (502), then a member listing
/// that shows `listed` for Bob.
async fn lost_answer_server(listed: Vec<Value>) -> MockServer {
    let mock = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v1/workspace-memberships/m-bob"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&mock)
        .await;
    Mock::given(method("POST"))
        .and(path(MEMBERSHIPS))
        .and(body_json(json!({"userId": "auth0|bob", "workspaceId": WS,
                              "privileges": ["ROLE_WORKSPACE_ADMIN"]})))
        .respond_with(ResponseTemplate::new(502).set_body_string("Bad Gateway"))
        .expect(1)
        .mount(&mock)
        .await;
    Mock::given(method("GET"))
        .and(path(MEMBERSHIPS))
        .and(exact_query(
            "workspace_id=5f0c2a8e-1b7d-4c1e-9a31-0d6f3e2b7a10&expand=user",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": listed})))
        .expect(1)
        .mount(&mock)
        .await;
    mock
}

#[tokio::test]
async fn lost_answer_to_the_recreate_is_settled_by_rereading_applied() {
    let mock = lost_answer_server(vec![membership(
        "m-new",
        "auth0|bob",
        "ROLE_WORKSPACE_ADMIN",
    )])
    .await;
    let report = client(&mock, TOKEN)
        .set_role(&workspace(), &bob(), &Role::named("admin"))
        .await
        .expect("the re-read shows the change applied");
    assert_eq!(report.steps.len(), 2, "{:?}", report.steps);
    assert!(
        report.steps[1].contains("the answer was lost"),
        "{:?}",
        report.steps
    );
}

#[tokio::test]
async fn lost_answer_to_the_recreate_is_settled_by_rereading_not_applied() {
    let mock = lost_answer_server(vec![]).await;
    Mock::given(method("POST"))
        .and(path(MEMBERSHIPS))
        .and(body_json(json!({"userId": "auth0|bob", "workspaceId": WS,
                              "privileges": ["ROLE_WORKSPACE_MEMBER"]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(membership(
            "m-back",
            "auth0|bob",
            "ROLE_WORKSPACE_MEMBER",
        )))
        .expect(1)
        .mount(&mock)
        .await;
    let err = client(&mock, TOKEN)
        .set_role(&workspace(), &bob(), &Role::named("admin"))
        .await
        .expect_err("not applied, so restored");
    assert_eq!(err.status, Some(502));
    assert!(err.to_string().contains("was restored"), "{err}");
    let methods: Vec<String> = mock
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| r.method.to_string())
        .collect();
    assert_eq!(methods, ["DELETE", "POST", "GET", "POST"]);
}
