//! The Dreadnode emulator speaks the documented wire format, checked with a plain HTTP client (no
//! roster provider code): status codes, field names, and the `{code, detail, type, errors?}`
//! envelope on every error.

use crate::common;

use reqwest::{Method, StatusCode};
use roster::sandbox::store::{Dataset, Grant, ProviderData, User, WorkspaceData};
use serde_json::{Value, json};

const TOKEN: &str = "dn-emulator-key";
const ADA: &str = "6a1f0c3e-7b2d-4e8f-9a10-000000000a0a";
const CY: &str = "6a1f0c3e-7b2d-4e8f-9a10-000000000c0c";

fn dataset() -> Dataset {
    let user = |id: &str, email: &str| User {
        id: id.into(),
        email: email.into(),
        name: email.split('@').next().unwrap_or_default().into(),
        org_role: None,
    };
    [(
        roster::providers::dreadnode::KIND,
        ProviderData {
            token: TOKEN.into(),
            org: Some("acme".into()),
            users: vec![user(ADA, "ada@example.com"), user(CY, "cy@example.com")],
            workspaces: vec![WorkspaceData {
                id: "1d2c3b4a-0000-4000-8000-0000000000a1".into(),
                key: Some("red-team".into()),
                name: "Red Team".into(),
                roles: vec![],
                members: vec![Grant {
                    id: None,
                    user: Some(ADA.into()),
                    group: None,
                    role: "owner".into(),
                }],
            }],
            ..ProviderData::default()
        },
    )]
    .into_iter()
    .collect::<Dataset>()
}

async fn call(
    server: &common::TestServer,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = common::http_client()
        .request(method, format!("{}{path}", server.base_url("dreadnode")))
        .header("X-API-Key", TOKEN);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.expect("emulator answers");
    assert!(resp.headers().contains_key("x-request-id"));
    let status = resp.status();
    let text = resp.text().await.expect("body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("JSON body")
    };
    (status, body)
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

/// Every error body is the canonical envelope whose `code` repeats the status.
fn assert_envelope(status: StatusCode, body: &Value, kind: &str) {
    assert_eq!(body["code"], json!(status.as_u16()), "{body}");
    assert!(body["detail"].is_string(), "{body}");
    assert_eq!(body["type"], kind, "{body}");
}

#[tokio::test]
async fn lists_use_bare_arrays_with_documented_fields() {
    let server = common::serve(dataset()).await;
    let (status, body) = call(&server, Method::GET, "/api/v1/org/acme/ws", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        keys(&body[0]),
        ["created_at", "description", "id", "key", "name"]
    );
    let (_, body) = call(
        &server,
        Method::GET,
        "/api/v1/org/acme/ws/red-team/users",
        None,
    )
    .await;
    assert_eq!(
        keys(&body[0]),
        [
            "granted_at",
            "granted_by",
            "id",
            "permission",
            "user_email",
            "user_id",
            "user_name",
            "workspace_id"
        ]
    );
    let (_, again) = call(
        &server,
        Method::GET,
        "/api/v1/org/acme/ws/red-team/users",
        None,
    )
    .await;
    assert_eq!(body[0]["id"], again[0]["id"], "permission IDs are stable");
    let (_, body) = call(&server, Method::GET, "/api/v1/org/acme/members", None).await;
    assert_eq!(keys(&body[0]), ["email", "name", "role", "user_id"]);
}

#[tokio::test]
async fn add_change_remove_answer_200_200_204() {
    let server = common::serve(dataset()).await;
    let users = "/api/v1/org/acme/ws/red-team/users";
    let (status, body) = call(
        &server,
        Method::POST,
        users,
        Some(json!({"email": "cy@example.com", "permission": "reader"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user_id"], CY);
    let (status, body) = call(
        &server,
        Method::POST,
        users,
        Some(json!({"email": "CY@example.com", "permission": "owner"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_envelope(status, &body, "conflict");
    let user = format!("{users}/{CY}");
    let (status, body) = call(
        &server,
        Method::PUT,
        &user,
        Some(json!({"permission": "contributor"})),
    )
    .await;
    assert_eq!(
        (status, body["permission"].clone()),
        (StatusCode::OK, json!("contributor"))
    );
    let (status, body) = call(&server, Method::DELETE, &user, None).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    let (status, body) = call(&server, Method::DELETE, &user, None).await;
    assert_envelope(status, &body, "not_found");
}

#[tokio::test]
async fn errors_use_the_envelope() {
    let server = common::serve(dataset()).await;
    let before = server.store.snapshot();
    let (status, body) = call(
        &server,
        Method::POST,
        "/api/v1/org/acme/ws/red-team/users",
        Some(json!({"email": "cy@example.com", "permission": "admin"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_envelope(status, &body, "validation_error");
    assert_eq!(body["errors"][0]["loc"], json!(["body", "permission"]));
    for (method, path) in [
        (Method::GET, "/api/v1/org/umbrella/ws"),
        (Method::GET, "/api/v1/org/acme/ws/gone/users"),
        (Method::GET, "/api/v1/org/acme/nothing"),
    ] {
        let (status, body) = call(&server, method, path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_envelope(status, &body, "not_found");
    }
    let (status, body) = call(
        &server,
        Method::PUT,
        "/api/v1/org/acme/ws/red-team/users/not-a-uuid",
        Some(json!({"permission": "reader"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_envelope(status, &body, "validation_error");
    assert_eq!(server.store.snapshot(), before);
}

#[tokio::test]
async fn create_workspace_answers_201_and_refuses_taken_or_bad_keys() {
    let server = common::serve(dataset()).await;
    let ws = "/api/v1/org/acme/ws";
    let (status, body) = call(
        &server,
        Method::POST,
        ws,
        Some(json!({"name": "Blue", "key": "blue"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["key"], "blue");
    let (status, body) = call(
        &server,
        Method::POST,
        ws,
        Some(json!({"name": "Blue", "key": "blue"})),
    )
    .await;
    assert_envelope(status, &body, "conflict");
    let (status, body) = call(
        &server,
        Method::POST,
        ws,
        Some(json!({"name": "Blue", "key": "Blue Team"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["loc"], json!(["body", "key"]));
}

#[tokio::test]
async fn wrong_credentials_answer_401_envelope() {
    let server = common::serve(dataset()).await;
    let url = format!("{}/api/v1/org/acme/ws", server.base_url("dreadnode"));
    let http = common::http_client();
    for (name, value) in [
        ("X-API-Key", "wrong"),
        ("Authorization", "Basic ZG4tZW11bGF0b3Ita2V5"),
        ("Authorization", TOKEN),
        ("X-Other", TOKEN),
    ] {
        let resp = http
            .get(&url)
            .header(name, value)
            .send()
            .await
            .expect("answer");
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "{name}: {value}");
        assert_eq!(
            resp.json::<Value>().await.expect("json"),
            json!({"code": 401, "detail": "Authentication failed", "type": "authentication_error"})
        );
    }
    let resp = http
        .get(&url)
        .header("Authorization", format!("Bearer {TOKEN}"))
        .send()
        .await
        .expect("answer");
    assert_eq!(resp.status(), StatusCode::OK, "Bearer is accepted too");
}
