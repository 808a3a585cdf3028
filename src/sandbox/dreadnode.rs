//! Emulator of the Dreadnode platform API (`../shared/api/providers.md` §2, README "API
//! assumptions"), mounted under `/dreadnode`.
//!
//! Behaves like the documented API so a client cannot tell the difference: the same paths under
//! `/api/v1/org/{org}`, `X-API-Key` or `Authorization: Bearer`, snake_case fields, bare arrays for
//! lists, and one error envelope `{code, detail, type, errors?}` for every error status.

use super::answer::{ApiError, add_request_id, render};
use super::emulator::Emulator;
use super::store::{Dataset, Grant, Store, User, View, WorkspaceData, exact_id};
use crate::providers::ProviderSettings;
use crate::providers::dreadnode::KIND;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router, middleware};
use serde_json::{Map, Value, json};
use std::sync::Arc;
use uuid::Uuid;

/// The store keeps no timestamps; one fixed instant keeps answers reproducible.
const EPOCH: &str = "2025-01-01T00:00:00Z";

/// Workspace permission enum (seed 002).
const PERMISSIONS: [&str; 3] = ["owner", "contributor", "reader"];
const PERMISSION_CHOICES: &str = "'owner', 'contributor' or 'reader'";
/// Workspace keys are slugs.
const KEY_PATTERN: &str = "^[a-z0-9]+(?:-[a-z0-9]+)*$";
const MAX_KEY_LEN: usize = 64;

/// The Dreadnode emulator, as [`crate::registry`] lists it.
pub const EMULATOR: Emulator = Emulator {
    kind: crate::providers::dreadnode::KIND,
    router,
    profile_settings: |data| match &data.org {
        Some(org) => ProviderSettings::new().with("org", org.as_str()),
        None => ProviderSettings::new(),
    },
};

/// Routes of this API, mounted under `/dreadnode`.
pub fn router(store: Arc<Store>) -> Router {
    Router::new()
        .route(
            "/api/v1/org/{org}/ws",
            get(list_workspaces).post(create_workspace),
        )
        .route("/api/v1/org/{org}/ws/{ws}", get(get_workspace))
        .route(
            "/api/v1/org/{org}/ws/{ws}/users",
            get(list_users).post(add_user),
        )
        .route(
            "/api/v1/org/{org}/ws/{ws}/users/{user_id}",
            put(set_permission).delete(remove_user),
        )
        .route("/api/v1/org/{org}/members", get(list_org_members))
        .fallback(|| async { envelope(StatusCode::NOT_FOUND, "not_found", "Not Found") })
        .method_not_allowed_fallback(|| async {
            envelope(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Method Not Allowed",
            )
        })
        .layer(middleware::map_response(add_request_id))
        .with_state(store)
}

/// `{code, detail, type}`.
fn envelope(status: StatusCode, kind: &str, text: impl Into<String>) -> ApiError {
    ApiError(
        status,
        json!({ "code": status.as_u16(), "detail": text.into(), "type": kind }),
    )
}

fn not_found(text: impl Into<String>) -> ApiError {
    envelope(StatusCode::NOT_FOUND, "not_found", text)
}

/// 422 `{code, detail, type, errors: [{loc, msg, type}]}`.
fn validation(errors: Vec<Value>) -> ApiError {
    ApiError(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({
            "code": 422,
            "detail": "Validation error",
            "type": "validation_error",
            "errors": errors,
        }),
    )
}

fn invalid(kind: &str, loc: Value, msg: impl Into<String>) -> Value {
    json!({ "loc": loc, "msg": msg.into(), "type": kind })
}

fn storage_error(e: std::io::Error) -> ApiError {
    tracing::error!(error = %e, "dreadnode sandbox: saving the state failed");
    envelope(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        "Internal server error",
    )
}

/// Accepts `X-API-Key: token` (the SDK's API-key header) or `Authorization: Bearer token`, then
/// checks that `org` is the sandbox's organisation.
fn authorize(store: &Store, headers: &HeaderMap, org: &str) -> Result<(), ApiError> {
    let (token, known_org) = store.read(|d| (d[KIND].token.clone(), d[KIND].org.clone()));
    let api_key = headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("Bearer"))
        .map(|(_, value)| value.trim());
    let ok = !token.is_empty() && (api_key == Some(&token) || bearer == Some(&token));
    if !ok {
        return Err(envelope(
            StatusCode::UNAUTHORIZED,
            "authentication_error",
            "Authentication failed",
        ));
    }
    if known_org.as_deref() != Some(org) {
        return Err(not_found(format!("Organization '{org}' not found")));
    }
    Ok(())
}

/// The slug a workspace is addressed by (its ID when a dataset gave no key).
fn key_of(workspace: &WorkspaceData) -> &str {
    workspace.key.as_deref().unwrap_or(&workspace.id)
}

fn find_workspace<'a>(data: &'a Dataset, key: &str) -> Result<&'a WorkspaceData, ApiError> {
    data[KIND]
        .workspaces
        .iter()
        .find(|w| key_of(w) == key)
        .ok_or_else(|| workspace_not_found(key))
}

fn workspace_not_found(key: &str) -> ApiError {
    not_found(format!("Workspace '{key}' not found"))
}

fn workspace_json(workspace: &WorkspaceData, description: Option<&str>) -> Value {
    json!({
        "id": workspace.id,
        "key": key_of(workspace),
        "name": workspace.name,
        "description": description,
        "created_at": EPOCH,
    })
}

/// `WorkspaceUserPermissionResponse`.
fn permission_json(workspace: &WorkspaceData, grant: &Grant, user: Option<&User>) -> Value {
    json!({
        "id": grant.stable_id(workspace),
        "granted_at": EPOCH,
        "granted_by": null,
        "permission": grant.role,
        "user_email": user.map(|u| u.email.as_str()),
        "user_id": grant.user,
        "user_name": user.map(|u| u.name.as_str()),
        "workspace_id": workspace.id,
    })
}

/// Parses a JSON object body, or answers 422 like the API does for a broken one.
fn parse_body(body: &Bytes) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(validation(vec![invalid(
            "model_attributes_type",
            json!(["body"]),
            "Input should be a valid dictionary or object to extract fields from",
        )])),
        Err(_) => Err(validation(vec![invalid(
            "json_invalid",
            json!(["body"]),
            "JSON decode error",
        )])),
    }
}

/// A required string field, or a recorded validation error.
fn required_string(
    body: &Map<String, Value>,
    field: &str,
    errors: &mut Vec<Value>,
) -> Option<String> {
    match body.get(field) {
        Some(Value::String(s)) => Some(s.clone()),
        None => {
            errors.push(invalid("missing", json!(["body", field]), "Field required"));
            None
        }
        Some(_) => {
            errors.push(invalid(
                "string_type",
                json!(["body", field]),
                "Input should be a valid string",
            ));
            None
        }
    }
}

/// The `permission` field, checked against the enum.
fn permission_field(body: &Map<String, Value>, errors: &mut Vec<Value>) -> Option<String> {
    let value = required_string(body, "permission", errors)?;
    if PERMISSIONS.contains(&value.as_str()) {
        Some(value)
    } else {
        errors.push(invalid(
            "enum",
            json!(["body", "permission"]),
            format!("Input should be {PERMISSION_CHOICES}"),
        ));
        None
    }
}

/// A `user_id` path parameter: the API declares it a UUID, so anything else that names no user is
/// a validation error rather than a 404.
fn check_user_id(view: &View, user_id: &str) -> Result<(), ApiError> {
    if Uuid::parse_str(user_id).is_ok()
        || view
            .users(crate::providers::dreadnode::KIND, exact_id)
            .contains(user_id)
    {
        Ok(())
    } else {
        Err(validation(vec![invalid(
            "uuid_parsing",
            json!(["path", "user_id"]),
            "Input should be a valid UUID",
        )]))
    }
}

/// GET `/api/v1/org/{org}/ws` → bare array of workspaces.
async fn list_workspaces(
    State(store): State<Arc<Store>>,
    headers: HeaderMap,
    Path(org): Path<String>,
) -> Result<Json<Value>, ApiError> {
    authorize(&store, &headers, &org)?;
    let list = store.read(|d| {
        d[KIND]
            .workspaces
            .iter()
            .map(|w| workspace_json(w, None))
            .collect::<Vec<_>>()
    });
    Ok(Json(Value::Array(list)))
}

/// GET `/api/v1/org/{org}/ws/{ws}` → one workspace (SDK `get_workspace`).
async fn get_workspace(
    State(store): State<Arc<Store>>,
    headers: HeaderMap,
    Path((org, key)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    authorize(&store, &headers, &org)?;
    store.read(|d| find_workspace(d, &key).map(|w| Json(workspace_json(w, None))))
}

/// POST `/api/v1/org/{org}/ws` `{name, key, description?}` → 201 workspace; 409 for a taken key.
async fn create_workspace(
    State(store): State<Arc<Store>>,
    headers: HeaderMap,
    Path(org): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    authorize(&store, &headers, &org)?;
    let body = parse_body(&body)?;
    let mut errors = Vec::new();
    let name = required_string(&body, "name", &mut errors).filter(|name| {
        let ok = !name.trim().is_empty();
        if !ok {
            errors.push(invalid(
                "string_too_short",
                json!(["body", "name"]),
                "String should have at least 1 character",
            ));
        }
        ok
    });
    let key = required_string(&body, "key", &mut errors).filter(|key| {
        let ok = is_slug(key) && key.len() <= MAX_KEY_LEN;
        if !ok {
            errors.push(invalid(
                "string_pattern_mismatch",
                json!(["body", "key"]),
                format!(
                    "String should match pattern '{KEY_PATTERN}' (at most {MAX_KEY_LEN} characters)"
                ),
            ));
        }
        ok
    });
    let description = match body.get("description") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            errors.push(invalid(
                "string_type",
                json!(["body", "description"]),
                "Input should be a valid string",
            ));
            None
        }
    };
    let (Some(name), Some(key), true) = (name, key, errors.is_empty()) else {
        return Err(validation(errors));
    };
    let created = store
        .write(|d| {
            if d[KIND].workspaces.iter().any(|w| key_of(w) == key) {
                return Err(envelope(
                    StatusCode::CONFLICT,
                    "conflict",
                    format!("Workspace with key '{key}' already exists"),
                ));
            }
            let workspace = WorkspaceData {
                id: Uuid::new_v4().to_string(),
                key: Some(key.clone()),
                name,
                roles: Vec::new(),
                members: Vec::new(),
            };
            // The store has no description field: it is echoed here and not kept.
            let answer = workspace_json(&workspace, description.as_deref());
            d[KIND].workspaces.push(workspace);
            Ok(answer)
        })
        .map_err(storage_error)??;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Whether `key` matches [`KEY_PATTERN`].
fn is_slug(key: &str) -> bool {
    !key.is_empty()
        && key.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// GET `/api/v1/org/{org}/ws/{ws}/users` → bare array of permission objects (ASSUMPTION path).
///
/// Linear in the members: users are found through the store's index, and the answer is built from
/// a view of the state, off the runtime when it is big (see [`render`]).
async fn list_users(
    State(store): State<Arc<Store>>,
    headers: HeaderMap,
    Path((org, key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    authorize(&store, &headers, &org)?;
    let view = store.view();
    let position = view[KIND]
        .workspaces
        .iter()
        .position(|w| key_of(w) == key)
        .ok_or_else(|| workspace_not_found(&key))?;
    let size = view[KIND].workspaces[position].members.len();
    Ok(render(size, move || {
        let workspace = &view[KIND].workspaces[position];
        let users = view.users(crate::providers::dreadnode::KIND, exact_id);
        let list: Vec<Value> = workspace
            .members
            .iter()
            .filter_map(|g| Some((g, g.user.as_deref()?)))
            .map(|(g, id)| permission_json(workspace, g, users.get(&view[KIND].users, id)))
            .collect();
        Json(Value::Array(list)).into_response()
    })
    .await)
}

/// POST `/api/v1/org/{org}/ws/{ws}/users` `{email, permission}` → 200 permission object.
async fn add_user(
    State(store): State<Arc<Store>>,
    headers: HeaderMap,
    Path((org, key)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    authorize(&store, &headers, &org)?;
    let body = parse_body(&body)?;
    let mut errors = Vec::new();
    let email = required_string(&body, "email", &mut errors).filter(|email| {
        let ok = crate::model::is_plausible_email(email);
        if !ok {
            errors.push(invalid(
                "value_error",
                json!(["body", "email"]),
                "value is not a valid email address",
            ));
        }
        ok
    });
    let permission = permission_field(&body, &mut errors);
    let (Some(email), Some(permission), true) = (email, permission, errors.is_empty()) else {
        return Err(validation(errors));
    };
    let created = store
        .write(|d| {
            find_workspace(d, &key)?;
            let Some(user) = d[KIND]
                .users
                .iter()
                .find(|u| u.email.eq_ignore_ascii_case(email.trim()))
                .cloned()
            else {
                return Err(not_found(format!(
                    "User with email '{email}' is not a member of organization '{org}'"
                )));
            };
            let Some(workspace) = d[KIND].workspaces.iter_mut().find(|w| key_of(w) == key) else {
                return Err(not_found(format!("Workspace '{key}' not found")));
            };
            if workspace
                .members
                .iter()
                .any(|g| g.user.as_ref() == Some(&user.id))
            {
                return Err(envelope(
                    StatusCode::CONFLICT,
                    "conflict",
                    format!(
                        "User '{}' already has access to workspace '{key}'",
                        user.email
                    ),
                ));
            }
            let grant = Grant {
                id: Some(Uuid::new_v4().to_string()),
                user: Some(user.id.clone()),
                group: None,
                role: permission,
            };
            let answer = permission_json(workspace, &grant, Some(&user));
            workspace.members.push(grant);
            Ok(answer)
        })
        .map_err(storage_error)??;
    Ok(Json(created))
}

/// PUT `/api/v1/org/{org}/ws/{ws}/users/{user_id}` `{permission}` → 200 permission object.
async fn set_permission(
    State(store): State<Arc<Store>>,
    headers: HeaderMap,
    Path((org, key, user_id)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    authorize(&store, &headers, &org)?;
    check_user_id(&store.view(), &user_id)?;
    let body = parse_body(&body)?;
    let mut errors = Vec::new();
    let permission = permission_field(&body, &mut errors);
    let (Some(permission), true) = (permission, errors.is_empty()) else {
        return Err(validation(errors));
    };
    let updated = store
        .write(|d| {
            let user = d[KIND].users.iter().find(|u| u.id == user_id).cloned();
            let Some(workspace) = d[KIND].workspaces.iter_mut().find(|w| key_of(w) == key) else {
                return Err(not_found(format!("Workspace '{key}' not found")));
            };
            let Some(index) = workspace
                .members
                .iter()
                .position(|g| g.user.as_deref() == Some(user_id.as_str()))
            else {
                return Err(no_permission(&user_id, &key));
            };
            workspace.members[index].role = permission;
            Ok(permission_json(
                workspace,
                &workspace.members[index],
                user.as_ref(),
            ))
        })
        .map_err(storage_error)??;
    Ok(Json(updated))
}

/// DELETE `/api/v1/org/{org}/ws/{ws}/users/{user_id}` → 204 (ASSUMPTION path).
async fn remove_user(
    State(store): State<Arc<Store>>,
    headers: HeaderMap,
    Path((org, key, user_id)): Path<(String, String, String)>,
) -> Result<StatusCode, ApiError> {
    authorize(&store, &headers, &org)?;
    check_user_id(&store.view(), &user_id)?;
    store
        .write(|d| {
            let Some(workspace) = d[KIND].workspaces.iter_mut().find(|w| key_of(w) == key) else {
                return Err(not_found(format!("Workspace '{key}' not found")));
            };
            let before = workspace.members.len();
            workspace
                .members
                .retain(|g| g.user.as_deref() != Some(user_id.as_str()));
            if workspace.members.len() == before {
                return Err(no_permission(&user_id, &key));
            }
            Ok(StatusCode::NO_CONTENT)
        })
        .map_err(storage_error)?
}

fn no_permission(user_id: &str, key: &str) -> ApiError {
    not_found(format!(
        "User '{user_id}' has no permission on workspace '{key}'"
    ))
}

/// GET `/api/v1/org/{org}/members` → bare array `{user_id, email, name, role}` (ASSUMPTION shape).
async fn list_org_members(
    State(store): State<Arc<Store>>,
    headers: HeaderMap,
    Path(org): Path<String>,
) -> Result<Response, ApiError> {
    authorize(&store, &headers, &org)?;
    let view = store.view();
    Ok(render(view[KIND].users.len(), move || {
        let list: Vec<Value> = view[KIND]
            .users
            .iter()
            .map(|u| {
                json!({
                    "user_id": u.id,
                    "email": u.email,
                    "name": u.name,
                    "role": u.org_role.as_deref().unwrap_or("reader"),
                })
            })
            .collect();
        Json(Value::Array(list)).into_response()
    })
    .await)
}
