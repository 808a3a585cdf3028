//! Emulator of the AskUI Workspaces API (`../shared/api/providers.md` §1, README "API assumptions"),
//! mounted under `/askui`.
//!
//! Behaves like the documented FastAPI service so a client cannot tell the difference: the same
//! paths, `Authorization: Basic base64(token)` or `Bearer`, camelCase fields, 200 (not 201) for a new
//! membership, 201 for a new workspace, 204 for a delete, `{detail: "…"}` for 401/404/409 and
//! FastAPI's `{detail: [{type, loc, msg, input}]}` for 422.

mod shapes;

use super::answer::{ApiError, add_request_id, render};
use super::emulator::Emulator;
use super::store::{Grant, Store, WorkspaceData, exact_id};
use crate::providers::ProviderSettings;
use crate::providers::askui::KIND;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router, middleware};
use base64::Engine;
use serde_json::{Value, json};
use shapes::{
    EPOCH, ListedMembership, ListedUser, ListedWorkspace, MembershipList, created_membership_json,
};
use std::collections::HashSet;
use std::sync::Arc;
use uuid::Uuid;

/// `WorkspacePrivilege` (seed 000).
const PRIVILEGES: [&str; 3] = [
    "ROLE_WORKSPACE_OWNER",
    "ROLE_WORKSPACE_ADMIN",
    "ROLE_WORKSPACE_MEMBER",
];
const OWNER: &str = "ROLE_WORKSPACE_OWNER";
/// Sandbox choice for a membership created with no privilege (the field is optional in the schema
/// and the docs do not say what the server does): the least powerful one.
const DEFAULT_PRIVILEGE: &str = "ROLE_WORKSPACE_MEMBER";
/// pydantic's wording for the enum, as FastAPI returns it.
const PRIVILEGE_CHOICES: &str =
    "'ROLE_WORKSPACE_OWNER', 'ROLE_WORKSPACE_ADMIN' or 'ROLE_WORKSPACE_MEMBER'";

/// The AskUI emulator, as [`crate::registry`] lists it.
pub const EMULATOR: Emulator = Emulator {
    kind: crate::providers::askui::KIND,
    router,
    profile_settings: |_| ProviderSettings::new(),
};

/// Routes of this API, mounted under `/askui`.
pub fn router(store: Arc<Store>) -> Router {
    Router::new()
        .route(
            "/api/v1/workspace-memberships",
            get(list_memberships).post(create_membership),
        )
        .route(
            "/api/v1/workspace-memberships/{membership_id}",
            delete(delete_membership),
        )
        .route("/api/v1/workspaces", post(create_workspace))
        .fallback(|| async { detail(StatusCode::NOT_FOUND, "Not Found") })
        .method_not_allowed_fallback(|| async {
            detail(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed")
        })
        .layer(middleware::map_response(add_request_id))
        .with_state(store)
}

/// `{detail: "…"}`, the shape of every non-validation error.
fn detail(status: StatusCode, text: impl Into<String>) -> ApiError {
    ApiError(status, json!({ "detail": text.into() }))
}

/// 422 with FastAPI's list of validation errors.
fn validation(errors: Vec<Value>) -> ApiError {
    ApiError(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({ "detail": errors }),
    )
}

/// One pydantic v2 validation item.
fn invalid(kind: &str, loc: Value, msg: impl Into<String>, input: &Value) -> Value {
    json!({ "type": kind, "loc": loc, "msg": msg.into(), "input": input })
}

/// A persistence failure: the change could not be saved.
fn storage_error(e: std::io::Error) -> ApiError {
    tracing::error!(error = %e, "askui sandbox: saving the state failed");
    detail(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error")
}

/// Accepts `Basic base64(token)` (the bare token, as the SDK sends it) or `Bearer token`.
fn authorize(store: &Store, headers: &HeaderMap) -> Result<(), ApiError> {
    let token = store.read(|d| d[KIND].token.clone());
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim();
    let (scheme, value) = given.split_once(' ').unwrap_or((given, ""));
    let value = value.trim();
    let ok = !token.is_empty()
        && if scheme.eq_ignore_ascii_case("Basic") {
            base64::engine::general_purpose::STANDARD
                .decode(value)
                .is_ok_and(|bytes| bytes == token.as_bytes())
        } else if scheme.eq_ignore_ascii_case("Bearer") {
            value == token
        } else {
            false
        };
    if ok {
        Ok(())
    } else {
        Err(detail(StatusCode::UNAUTHORIZED, "Not authenticated"))
    }
}

/// Whether two workspace IDs name the same UUID (FastAPI parses them, so case does not matter).
fn same_workspace(stored: &str, given: &str) -> bool {
    match (Uuid::parse_str(stored), Uuid::parse_str(given)) {
        (Ok(a), Ok(b)) => a == b,
        _ => stored == given,
    }
}

/// Which `expand` values a list request asked for.
#[derive(Default)]
struct Expand {
    user: bool,
    workspace: bool,
}

/// GET `/api/v1/workspace-memberships?user_id=…&workspace_id=…&expand=…` (each may repeat) →
/// `{data: [Membership]}`, every membership the token can see (the sandbox token sees all).
///
/// Linear in the memberships listed: users are found through the store's index, and the answer is
/// built from a view of the state, off the runtime when it is big (see [`render`]).
async fn list_memberships(
    State(store): State<Arc<Store>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    authorize(&store, &headers)?;
    let mut user_ids = HashSet::new();
    let mut workspace_ids = Vec::new();
    let mut expand = Expand::default();
    let mut errors = Vec::new();
    let mut expand_index = 0;
    let query = query.unwrap_or_default();
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "user_id" => {
                user_ids.insert(value.into_owned());
            }
            "workspace_id" => workspace_ids.push(value.into_owned()),
            "expand" => {
                match value.as_ref() {
                    "user" => expand.user = true,
                    "workspace" => expand.workspace = true,
                    other => errors.push(invalid(
                        "enum",
                        json!(["query", "expand", expand_index]),
                        "Input should be 'user' or 'workspace'",
                        &json!(other),
                    )),
                }
                expand_index += 1;
            }
            // FastAPI ignores query parameters it does not declare.
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Err(validation(errors));
    }
    let view = store.view();
    let selected: Vec<usize> = view[KIND]
        .workspaces
        .iter()
        .enumerate()
        .filter(|(_, workspace)| {
            workspace_ids.is_empty()
                || workspace_ids
                    .iter()
                    .any(|w| same_workspace(&workspace.id, w))
        })
        .map(|(i, _)| i)
        .collect();
    let size: usize = selected
        .iter()
        .map(|&i| view[KIND].workspaces[i].members.len())
        .sum();
    Ok(render(size, move || {
        let users = expand
            .user
            .then(|| view.users(crate::providers::askui::KIND, exact_id));
        let mut data = Vec::new();
        for workspace in selected.iter().map(|&i| &view[KIND].workspaces[i]) {
            for grant in &workspace.members {
                let Some(user_id) = &grant.user else { continue };
                if !user_ids.is_empty() && !user_ids.contains(user_id) {
                    continue;
                }
                data.push(ListedMembership {
                    created_at: EPOCH,
                    id: grant.stable_id(workspace),
                    privileges: [&grant.role],
                    updated_at: EPOCH,
                    user: users
                        .and_then(|index| index.get(&view[KIND].users, user_id))
                        .map(ListedUser::of),
                    user_id,
                    workspace: expand.workspace.then(|| ListedWorkspace {
                        created_at: EPOCH,
                        id: &workspace.id,
                        name: &workspace.name,
                        updated_at: EPOCH,
                    }),
                    workspace_id: &workspace.id,
                });
            }
        }
        Json(MembershipList { data }).into_response()
    })
    .await)
}

/// Parses a JSON body the way FastAPI reports a broken one.
fn parse_body(body: &Bytes) -> Result<serde_json::Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(validation(vec![invalid(
            "model_attributes_type",
            json!(["body"]),
            "Input should be a valid dictionary or object to extract fields from",
            &other,
        )])),
        Err(e) => Err(validation(vec![invalid(
            "json_invalid",
            json!(["body", e.column()]),
            "JSON decode error",
            &json!({}),
        )])),
    }
}

/// A required string field; records a validation error and returns `None` when absent or not text.
fn required_string(
    body: &serde_json::Map<String, Value>,
    field: &str,
    errors: &mut Vec<Value>,
) -> Option<String> {
    match body.get(field) {
        Some(Value::String(s)) => Some(s.clone()),
        None => {
            errors.push(invalid(
                "missing",
                json!(["body", field]),
                "Field required",
                &Value::Object(body.clone()),
            ));
            None
        }
        Some(other) => {
            errors.push(invalid(
                "string_type",
                json!(["body", field]),
                "Input should be a valid string",
                other,
            ));
            None
        }
    }
}

/// POST `/api/v1/workspace-memberships` `{userId, workspaceId, privileges}` → **200** membership.
async fn create_membership(
    State(store): State<Arc<Store>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    authorize(&store, &headers)?;
    let body = parse_body(&body)?;
    let mut errors = Vec::new();
    let user_id = required_string(&body, "userId", &mut errors);
    let workspace_id = required_string(&body, "workspaceId", &mut errors).and_then(|w| {
        if Uuid::parse_str(&w).is_ok() {
            Some(w)
        } else {
            errors.push(invalid(
                "uuid_parsing",
                json!(["body", "workspaceId"]),
                "Input should be a valid UUID",
                &json!(w),
            ));
            None
        }
    });
    let privilege = match body.get("privileges") {
        None => Some(DEFAULT_PRIVILEGE.to_string()),
        Some(Value::Array(items)) => {
            if items.len() > 1 {
                errors.push(invalid(
                    "too_long",
                    json!(["body", "privileges"]),
                    format!(
                        "List should have at most 1 item after validation, not {}",
                        items.len()
                    ),
                    &Value::Array(items.clone()),
                ));
            }
            for (i, item) in items.iter().enumerate() {
                if !item.as_str().is_some_and(|p| PRIVILEGES.contains(&p)) {
                    errors.push(invalid(
                        "enum",
                        json!(["body", "privileges", i]),
                        format!("Input should be {PRIVILEGE_CHOICES}"),
                        item,
                    ));
                }
            }
            Some(
                items
                    .first()
                    .and_then(Value::as_str)
                    .unwrap_or(DEFAULT_PRIVILEGE)
                    .to_string(),
            )
        }
        Some(other) => {
            errors.push(invalid(
                "list_type",
                json!(["body", "privileges"]),
                "Input should be a valid list",
                other,
            ));
            None
        }
    };
    let (Some(user_id), Some(workspace_id), Some(privilege), true) =
        (user_id, workspace_id, privilege, errors.is_empty())
    else {
        return Err(validation(errors));
    };
    let created = store
        .write(|d| {
            let data = &mut d[KIND];
            let Some(workspace) = data
                .workspaces
                .iter_mut()
                .find(|w| same_workspace(&w.id, &workspace_id))
            else {
                return Err(detail(
                    StatusCode::NOT_FOUND,
                    format!("Workspace {workspace_id} not found"),
                ));
            };
            if !data.users.iter().any(|u| u.id == user_id) {
                return Err(detail(
                    StatusCode::NOT_FOUND,
                    format!("User {user_id} not found"),
                ));
            }
            if workspace
                .members
                .iter()
                .any(|g| g.user.as_deref() == Some(user_id.as_str()))
            {
                return Err(detail(
                    StatusCode::CONFLICT,
                    format!(
                        "User {user_id} is already a member of workspace {}",
                        workspace.id
                    ),
                ));
            }
            let grant = Grant {
                id: Some(Uuid::new_v4().to_string()),
                user: Some(user_id.clone()),
                group: None,
                role: privilege.clone(),
            };
            let answer = created_membership_json(workspace, &grant);
            workspace.members.push(grant);
            Ok(answer)
        })
        .map_err(storage_error)??;
    Ok(Json(created))
}

/// DELETE `/api/v1/workspace-memberships/{id}` → 204; 404 unknown; 409 for the last owner.
async fn delete_membership(
    State(store): State<Arc<Store>>,
    headers: HeaderMap,
    Path(membership): Path<String>,
) -> Result<StatusCode, ApiError> {
    authorize(&store, &headers)?;
    store
        .write(|d| {
            for workspace in &mut d[KIND].workspaces {
                let Some(index) = workspace
                    .members
                    .iter()
                    .position(|g| g.user.is_some() && g.stable_id(workspace) == membership)
                else {
                    continue;
                };
                let owners = workspace.members.iter().filter(|g| g.role == OWNER).count();
                if workspace.members[index].role == OWNER && owners == 1 {
                    return Err(detail(
                        StatusCode::CONFLICT,
                        format!(
                            "Cannot remove the last owner of workspace {}",
                            workspace.name
                        ),
                    ));
                }
                workspace.members.remove(index);
                return Ok(StatusCode::NO_CONTENT);
            }
            Err(detail(
                StatusCode::NOT_FOUND,
                format!("Workspace membership {membership} not found"),
            ))
        })
        .map_err(storage_error)?
}

/// POST `/api/v1/workspaces` `{name, billingAccountEmail, firstMemberId?}` → 201
/// `{id, createdAt, updatedAt, name, memberships}`; the first member becomes its owner.
async fn create_workspace(
    State(store): State<Arc<Store>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    authorize(&store, &headers)?;
    let body = parse_body(&body)?;
    let mut errors = Vec::new();
    let name = required_string(&body, "name", &mut errors).and_then(|name| {
        let chars = name.chars().count();
        if chars < 1 {
            errors.push(invalid(
                "string_too_short",
                json!(["body", "name"]),
                "String should have at least 1 character",
                &json!(name),
            ));
            None
        } else if chars > 128 {
            errors.push(invalid(
                "string_too_long",
                json!(["body", "name"]),
                "String should have at most 128 characters",
                &json!(name),
            ));
            None
        } else {
            Some(name)
        }
    });
    let billing = required_string(&body, "billingAccountEmail", &mut errors);
    if let Some(email) = &billing
        && !crate::model::is_plausible_email(email)
    {
        errors.push(invalid(
            "value_error",
            json!(["body", "billingAccountEmail"]),
            "value is not a valid email address: An email address must have an @-sign and a \
                 domain with a dot.",
            &json!(email),
        ));
    }
    let first_member = match body.get("firstMemberId") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            errors.push(invalid(
                "string_type",
                json!(["body", "firstMemberId"]),
                "Input should be a valid string",
                other,
            ));
            None
        }
    };
    let (Some(name), Some(_billing), true) = (name, billing, errors.is_empty()) else {
        return Err(validation(errors));
    };
    let created = store
        .write(|d| {
            let data = &mut d[KIND];
            if let Some(first) = &first_member
                && !data.users.iter().any(|u| &u.id == first)
            {
                return Err(detail(
                    StatusCode::NOT_FOUND,
                    format!("User {first} not found"),
                ));
            }
            let workspace = WorkspaceData {
                id: Uuid::new_v4().to_string(),
                key: None,
                name,
                roles: Vec::new(),
                members: first_member
                    .into_iter()
                    .map(|user| Grant {
                        id: Some(Uuid::new_v4().to_string()),
                        user: Some(user),
                        group: None,
                        role: OWNER.to_string(),
                    })
                    .collect(),
            };
            let memberships: Vec<Value> = workspace
                .members
                .iter()
                .map(|g| created_membership_json(&workspace, g))
                .collect();
            let answer = json!({
                "id": workspace.id,
                "createdAt": EPOCH,
                "updatedAt": EPOCH,
                "name": workspace.name,
                "memberships": memberships,
            });
            data.workspaces.push(workspace);
            Ok(answer)
        })
        .map_err(storage_error)??;
    Ok((StatusCode::CREATED, Json(created)))
}
