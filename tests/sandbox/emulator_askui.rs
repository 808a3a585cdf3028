//! The AskUI emulator speaks the documented wire format, checked with a plain HTTP client (no roster
//! provider code): status codes, exact field names, FastAPI validation bodies, auth failures.

use crate::common;

use base64::Engine;
use reqwest::StatusCode;
use roster::sandbox::store::{Dataset, Grant, ProviderData, User, WorkspaceData};
use serde_json::{Value, json};

const TOKEN: &str = "askui-emulator-token";
const WS: &str = "5f0c2a8e-1b7d-4c1e-9a31-0d6f3e2b7a10";

fn dataset() -> Dataset {
    let user = |id: &str, email: &str| User {
        id: id.into(),
        email: email.into(),
        name: id.trim_start_matches("auth0|").into(),
        org_role: None,
    };
    [(
        roster::providers::askui::KIND,
        ProviderData {
            token: TOKEN.into(),
            users: vec![
                user("auth0|ada", "ada@example.com"),
                user("auth0|cy", "cy@example.com"),
            ],
            workspaces: vec![WorkspaceData {
                id: WS.into(),
                key: None,
                name: "Platform".into(),
                roles: vec![],
                members: vec![Grant {
                    id: Some("0a9f3b1c-0000-4000-8000-000000000001".into()),
                    user: Some("auth0|ada".into()),
                    group: None,
                    role: "ROLE_WORKSPACE_OWNER".into(),
                }],
            }],
            ..ProviderData::default()
        },
    )]
    .into_iter()
    .collect::<Dataset>()
}

fn basic(token: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(token)
    )
}

/// Sends `method path` with the right auth and an optional JSON body; returns status, request ID
/// header and JSON body (`Null` when empty).
async fn call(
    server: &common::TestServer,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Option<String>, Value) {
    let url = format!("{}{path}", server.base_url("askui"));
    let mut req = common::http_client()
        .request(method, url)
        .header("Authorization", basic(TOKEN));
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.expect("emulator answers");
    let status = resp.status();
    let request_id = resp
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let text = resp.text().await.expect("body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("JSON body")
    };
    (status, request_id, body)
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

#[tokio::test]
async fn create_membership_answers_200_with_documented_fields() {
    let server = common::serve(dataset()).await;
    let (status, request_id, body) = call(
        &server,
        reqwest::Method::POST,
        "/api/v1/workspace-memberships",
        Some(json!({"userId": "auth0|cy", "workspaceId": WS, "privileges": ["ROLE_WORKSPACE_ADMIN"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(request_id.is_some(), "x-request-id header");
    assert_eq!(
        keys(&body),
        [
            "accessTokens",
            "createdAt",
            "id",
            "privileges",
            "updatedAt",
            "userId",
            "workspaceId"
        ]
    );
    assert_eq!(body["privileges"], json!(["ROLE_WORKSPACE_ADMIN"]));
    let (status, _, body) = call(
        &server,
        reqwest::Method::POST,
        "/api/v1/workspace-memberships",
        Some(json!({"userId": "auth0|cy", "workspaceId": WS, "privileges": ["ROLE_WORKSPACE_MEMBER"]})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("already a member")),
        "{body}"
    );
}

#[tokio::test]
async fn validation_errors_use_fastapi_shape() {
    let server = common::serve(dataset()).await;
    let before = server.store.snapshot();
    let (status, _, body) = call(
        &server,
        reqwest::Method::POST,
        "/api/v1/workspace-memberships",
        Some(json!({"privileges": ["ROLE_WORKSPACE_ADMIN", "ROLE_GOD"]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let items = body["detail"].as_array().expect("detail list");
    let locs: Vec<&Value> = items.iter().map(|i| &i["loc"]).collect();
    assert!(locs.contains(&&json!(["body", "userId"])), "{body}");
    assert!(locs.contains(&&json!(["body", "workspaceId"])), "{body}");
    assert!(
        locs.contains(&&json!(["body", "privileges"])),
        "too many: {body}"
    );
    assert!(
        locs.contains(&&json!(["body", "privileges", 1])),
        "unknown: {body}"
    );
    for item in items {
        assert!(
            item["msg"].is_string() && item["type"].is_string(),
            "{item}"
        );
    }
    assert_eq!(server.store.snapshot(), before);
}

#[tokio::test]
async fn list_expands_user_and_workspace_when_asked() {
    let server = common::serve(dataset()).await;
    let (status, _, body) = call(
        &server,
        reqwest::Method::GET,
        &format!("/api/v1/workspace-memberships?workspace_id={WS}&expand=user&expand=workspace"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let m = &body["data"][0];
    assert_eq!(
        keys(&m["user"]),
        [
            "createdAt",
            "email",
            "emailVerified",
            "id",
            "name",
            "picture",
            "updatedAt"
        ]
    );
    assert_eq!(
        keys(&m["workspace"]),
        ["createdAt", "id", "name", "updatedAt"]
    );
    assert_eq!(m["userId"], "auth0|ada");
    let (_, _, plain) = call(
        &server,
        reqwest::Method::GET,
        "/api/v1/workspace-memberships?user_id=nobody",
        None,
    )
    .await;
    assert_eq!(plain, json!({"data": []}));
    let (status, _, bad) = call(
        &server,
        reqwest::Method::GET,
        "/api/v1/workspace-memberships?expand=roles",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
}

#[tokio::test]
async fn delete_answers_204_and_protects_the_last_owner() {
    let server = common::serve(dataset()).await;
    let (_, _, created) = call(
        &server,
        reqwest::Method::POST,
        "/api/v1/workspace-memberships",
        Some(json!({"userId": "auth0|cy", "workspaceId": WS, "privileges": ["ROLE_WORKSPACE_MEMBER"]})),
    )
    .await;
    let id = created["id"].as_str().expect("id");
    let path = format!("/api/v1/workspace-memberships/{id}");
    let (status, _, body) = call(&server, reqwest::Method::DELETE, &path, None).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    let (status, _, body) = call(&server, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["detail"].is_string());
    let (status, _, body) = call(
        &server,
        reqwest::Method::DELETE,
        "/api/v1/workspace-memberships/0a9f3b1c-0000-4000-8000-000000000001",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}

#[tokio::test]
async fn create_workspace_answers_201_and_validates() {
    let server = common::serve(dataset()).await;
    let (status, _, body) = call(
        &server,
        reqwest::Method::POST,
        "/api/v1/workspaces",
        Some(json!({"name": "Design", "billingAccountEmail": "billing@example.com"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        keys(&body),
        ["createdAt", "id", "memberships", "name", "updatedAt"]
    );
    let (status, _, body) = call(
        &server,
        reqwest::Method::POST,
        "/api/v1/workspaces",
        Some(json!({"name": "", "billingAccountEmail": "not-an-email"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["detail"].as_array().map(Vec::len), Some(2), "{body}");
}

#[tokio::test]
async fn wrong_credentials_and_unknown_paths_answer_in_fastapi_shape() {
    let server = common::serve(dataset()).await;
    let url = format!("{}/api/v1/workspace-memberships", server.base_url("askui"));
    let http = common::http_client();
    for auth in [
        Some(basic("wrong")),
        Some(format!("Basic {TOKEN}")),
        Some(format!("Token {TOKEN}")),
        None,
    ] {
        let mut req = http.get(&url);
        if let Some(auth) = &auth {
            req = req.header("Authorization", auth);
        }
        let resp = req.send().await.expect("answer");
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "{auth:?}");
        assert_eq!(
            resp.json::<Value>().await.expect("json"),
            json!({"detail": "Not authenticated"})
        );
    }
    let (status, _, body) = call(&server, reqwest::Method::GET, "/api/v2/nothing", None).await;
    assert_eq!(
        (status, body),
        (StatusCode::NOT_FOUND, json!({"detail": "Not Found"}))
    );
}
