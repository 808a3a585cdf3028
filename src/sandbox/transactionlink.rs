//! Emulator of the TransactionLink API, as the README "API assumptions" section describes it: the raw
//! `tot_…` token in `Authorization` (no scheme word), unpaged workspace/role/membership arrays,
//! Spring-paged organisation users, per-workspace role UUIDs, the organisation-level membership list
//! that adds organisation owners and admins, the membership upsert (`PUT`) and `DELETE`. Errors use
//! `{fingerprint, errors: [{code, message}]}`; the fingerprint is also the `x-request-id`.

use super::answer::render;
use super::store::{Grant, ProviderData, Store, User, WorkspaceData};
use crate::model::ProviderKind;
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use serde_json::{Value, json};
use std::borrow::Cow;
use std::sync::Arc;

/// Timestamps the dataset does not hold.
const TIMESTAMP: &str = "2025-01-06T09:00:00Z";
/// The organisation's own roles (`GET /organizations/roles`); fixed IDs because the dataset keeps only
/// each user's role name.
const ORG_ROLES: [(&str, &str); 3] = [
    ("owner", "7d3c9a52-0f6e-4a51-9d7e-1b2f3c4d5e01"),
    ("admin", "7d3c9a52-0f6e-4a51-9d7e-1b2f3c4d5e02"),
    ("member", "7d3c9a52-0f6e-4a51-9d7e-1b2f3c4d5e03"),
];
/// Organisation ID when the dataset names none.
const DEFAULT_ORG: &str = "5b0e8a1c-2d3f-4e5a-8b6c-7d8e9f0a1b2c";
/// Spring Data's default and maximum page sizes.
const DEFAULT_PAGE_SIZE: usize = 20;
const MAX_PAGE_SIZE: usize = 2000;

type Shared = Arc<Store>;

/// The ID of one request: the `x-request-id` header and every error's fingerprint.
#[derive(Debug, Clone)]
struct Fingerprint(String);

/// A refusal, rendered as `ErrorResponse`.
#[derive(Debug)]
struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

type Outcome = Result<(StatusCode, Value), ApiError>;

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    fn workspace_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "WORKSPACE_NOT_FOUND",
            "Workspace not found",
        )
    }

    fn storage(e: std::io::Error) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            format!("The sandbox could not save its state: {e}"),
        )
    }

    fn into_response_with(self, fp: &Fingerprint) -> Response {
        let body = json!({
            "fingerprint": fp.0,
            "errors": [{"code": self.code, "message": self.message}],
        });
        (self.status, Json(body)).into_response()
    }
}

/// Renders an outcome; `Value::Null` means an empty body (the DELETE answer).
fn reply(fp: &Fingerprint, outcome: Outcome) -> Response {
    match outcome {
        Ok((status, Value::Null)) => status.into_response(),
        Ok((status, body)) => (status, Json(body)).into_response(),
        Err(e) => e.into_response_with(fp),
    }
}

/// Routes of this API, mounted under `/transactionlink`.
pub fn router(store: Arc<Store>) -> Router {
    Router::new()
        .route("/organizations/workspaces", get(list_workspaces))
        .route(
            "/organizations/workspaces/{workspace}/roles",
            get(list_workspace_roles),
        )
        .route(
            "/organizations/workspaces/{workspace}/memberships",
            get(list_organization_memberships),
        )
        .route("/organizations/roles", get(list_org_roles))
        .route("/organizations/users", get(list_users))
        .route("/organizations/users/{user}", get(get_user))
        .route(
            "/workspaces/{workspace}/memberships",
            get(list_direct_memberships),
        )
        .route(
            "/workspaces/{workspace}/memberships/{user}",
            put(put_membership).delete(delete_membership),
        )
        .fallback(unknown_route)
        .layer(middleware::from_fn_with_state(store.clone(), authenticate))
        .with_state(store)
}

/// Gives every request a fingerprint (also sent as `x-request-id`) and accepts only the raw
/// organisation token: `Bearer tot_…` or any other value is a 401.
async fn authenticate(State(store): State<Shared>, mut req: Request, next: Next) -> Response {
    // The sandbox's fault layer names the request first; reuse its ID so header and fingerprint agree.
    let fp = req
        .extensions()
        .get::<super::faults::RequestId>()
        .map_or_else(
            || Fingerprint(uuid::Uuid::new_v4().to_string()),
            |r| Fingerprint(r.0.clone()),
        );
    let expected = store.read(|d| d.transactionlink.token.clone());
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string());
    let mut resp = match presented {
        Some(token) if !expected.is_empty() && token == expected => {
            req.extensions_mut().insert(fp.clone());
            next.run(req).await
        }
        Some(_) => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "Invalid organization token",
        )
        .into_response_with(&fp),
        None => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "Missing organization token",
        )
        .into_response_with(&fp),
    };
    if let Ok(value) = HeaderValue::from_str(&fp.0) {
        resp.headers_mut().entry("x-request-id").or_insert(value);
    }
    resp
}

async fn unknown_route(fp: Option<Extension<Fingerprint>>) -> Response {
    let fp = fp.map_or_else(|| Fingerprint(String::new()), |Extension(f)| f);
    reply(
        &fp,
        Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "Resource not found",
        )),
    )
}

async fn list_workspaces(State(store): State<Shared>) -> Response {
    let body = store.read(|d| {
        d.transactionlink
            .workspaces
            .iter()
            .map(|w| json!({"id": w.id, "name": w.name, "type": "LIVE"}))
            .collect::<Vec<_>>()
    });
    (StatusCode::OK, Json(body)).into_response()
}

async fn list_workspace_roles(
    State(store): State<Shared>,
    Extension(fp): Extension<Fingerprint>,
    Path(workspace): Path<String>,
) -> Response {
    let outcome = uuid_param("workspaceId", &workspace).and_then(|_| {
        store.read(|d| {
            let w = find_workspace(&d.transactionlink, &workspace)
                .ok_or_else(ApiError::workspace_not_found)?;
            let roles: Vec<Value> = w.roles.iter().map(|r| role_ref(w, &r.id)).collect();
            Ok((StatusCode::OK, Value::Array(roles)))
        })
    });
    reply(&fp, outcome)
}

async fn list_direct_memberships(
    State(store): State<Shared>,
    Extension(fp): Extension<Fingerprint>,
    Path(workspace): Path<String>,
) -> Response {
    memberships(&store, fp, workspace, false).await
}

async fn list_organization_memberships(
    State(store): State<Shared>,
    Extension(fp): Extension<Fingerprint>,
    Path(workspace): Path<String>,
) -> Response {
    memberships(&store, fp, workspace, true).await
}

/// Direct memberships; with `organisation`, also every organisation owner/admin (direct members
/// too), with an `ORGANIZATION` role (ASSUMPTION in README). Linear in the memberships and users,
/// built from a view of the state, off the runtime when it is big.
async fn memberships(
    store: &Store,
    fp: Fingerprint,
    workspace: String,
    organisation: bool,
) -> Response {
    if let Err(e) = uuid_param("workspaceId", &workspace) {
        return reply(&fp, Err(e));
    }
    let view = store.view();
    let Some(position) = view
        .transactionlink
        .workspaces
        .iter()
        .position(|w| same_uuid(&w.id, &workspace))
    else {
        return reply(&fp, Err(ApiError::workspace_not_found()));
    };
    let mut size = view.transactionlink.workspaces[position].members.len();
    if organisation {
        size += view.transactionlink.users.len();
    }
    render(size, move || {
        let p = &view.transactionlink;
        let w = &p.workspaces[position];
        let mut items: Vec<Value> = w
            .members
            .iter()
            .filter_map(|g| g.user.as_ref().map(|u| membership_json(w, u, &g.role)))
            .collect();
        if organisation {
            // Every organisation owner and admin, direct members too: their organisation role
            // is access of its own (ASSUMPTION in README).
            for u in p.users.iter().filter(|u| is_org_admin(u)) {
                let role = org_role_name(u);
                items.push(json!({
                    "workspaceId": w.id,
                    "userId": u.id,
                    "role": {
                        "id": org_role_id(role),
                        "name": role,
                        "workspaceId": w.id,
                        "createdDateTime": TIMESTAMP,
                        "type": "ORGANIZATION",
                    },
                }));
            }
        }
        reply(&fp, Ok((StatusCode::OK, Value::Array(items))))
    })
    .await
}

async fn list_org_roles(State(store): State<Shared>) -> Response {
    let org = store.read(|d| organisation_id(&d.transactionlink));
    let roles: Vec<Value> = ORG_ROLES
        .iter()
        .map(|(name, id)| json!({"id": id, "name": name, "organizationId": org}))
        .collect();
    (StatusCode::OK, Json(roles)).into_response()
}

/// Spring paging: `page` 0-based (bad or negative → 0), `size` (bad or < 1 → 20, at most 2000).
async fn list_users(State(store): State<Shared>, RawQuery(query): RawQuery) -> Response {
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let param = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.trim().parse::<i64>().ok())
    };
    let page = param("page").unwrap_or(0).max(0) as usize;
    let size = param("size")
        .filter(|s| *s >= 1)
        .map_or(DEFAULT_PAGE_SIZE, |s| (s as usize).min(MAX_PAGE_SIZE));
    let body = store.read(|d| {
        let users = &d.transactionlink.users;
        let content: Vec<Value> = users
            .iter()
            .skip(page.saturating_mul(size))
            .take(size)
            .map(user_json)
            .collect();
        json!({
            "content": content,
            "totalElements": users.len(),
            "totalPages": users.len().div_ceil(size),
            "size": size,
            "number": page,
        })
    });
    (StatusCode::OK, Json(body)).into_response()
}

async fn get_user(
    State(store): State<Shared>,
    Extension(fp): Extension<Fingerprint>,
    Path(user): Path<String>,
) -> Response {
    let outcome = uuid_param("userId", &user).and_then(|_| {
        let view = store.view();
        view.users(ProviderKind::Transactionlink, id_key)
            .get(&view.transactionlink.users, &user)
            .map(|u| (StatusCode::OK, user_json(u)))
            .ok_or_else(user_not_found)
    });
    reply(&fp, outcome)
}

async fn put_membership(
    State(store): State<Shared>,
    Extension(fp): Extension<Fingerprint>,
    Path((workspace, user)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    reply(&fp, put_outcome(&store, &workspace, &user, &body))
}

/// The upsert: adds the membership or changes its role.
fn put_outcome(store: &Store, workspace: &str, user: &str, body: &[u8]) -> Outcome {
    uuid_param("workspaceId", workspace)?;
    uuid_param("userId", user)?;
    let body: Value = serde_json::from_slice(body).map_err(|_| {
        ApiError::bad_request("MALFORMED_REQUEST", "Request body is not valid JSON")
    })?;
    let field = |name: &str| -> Result<String, ApiError> {
        match body.get(name) {
            Some(Value::String(s)) if uuid::Uuid::parse_str(s.trim()).is_ok() => {
                Ok(s.trim().to_string())
            }
            None | Some(Value::Null) => Err(ApiError::bad_request(
                "VALIDATION_ERROR",
                format!("{name}: must not be null"),
            )),
            Some(_) => Err(ApiError::bad_request(
                "VALIDATION_ERROR",
                format!("{name}: must be a valid UUID"),
            )),
        }
    };
    let body_user = field("userId")?;
    let role = field("roleId")?;
    if !same_uuid(&body_user, user) {
        return Err(ApiError::bad_request(
            "USER_ID_MISMATCH",
            "userId in the request body does not match the userId in the path",
        ));
    }
    store
        .write(|d| {
            let p = &mut d.transactionlink;
            let Some(user) = p.users.iter().find(|u| same_uuid(&u.id, user)) else {
                return Err(user_not_found());
            };
            let user_id = user.id.clone();
            let Some(w) = p
                .workspaces
                .iter_mut()
                .find(|w| same_uuid(&w.id, workspace))
            else {
                return Err(ApiError::workspace_not_found());
            };
            let Some(role) = w.roles.iter().find(|r| same_uuid(&r.id, &role)) else {
                return Err(ApiError::bad_request(
                    "INVALID_ROLE",
                    format!("Role {role} does not belong to workspace {}", w.id),
                ));
            };
            let role = role.id.clone();
            match w
                .members
                .iter_mut()
                .find(|g| g.user.as_deref().is_some_and(|u| same_uuid(u, &user_id)))
            {
                Some(existing) => existing.role = role.clone(),
                None => w.members.push(Grant {
                    id: None,
                    user: Some(user_id.clone()),
                    group: None,
                    role: role.clone(),
                }),
            }
            Ok((StatusCode::OK, membership_json(w, &user_id, &role)))
        })
        .map_err(ApiError::storage)?
}

async fn delete_membership(
    State(store): State<Shared>,
    Extension(fp): Extension<Fingerprint>,
    Path((workspace, user)): Path<(String, String)>,
) -> Response {
    reply(&fp, delete_outcome(&store, &workspace, &user))
}

fn delete_outcome(store: &Store, workspace: &str, user: &str) -> Outcome {
    uuid_param("workspaceId", workspace)?;
    uuid_param("userId", user)?;
    store
        .write(|d| {
            let w = d
                .transactionlink
                .workspaces
                .iter_mut()
                .find(|w| same_uuid(&w.id, workspace))
                .ok_or_else(ApiError::workspace_not_found)?;
            let before = w.members.len();
            w.members
                .retain(|g| !g.user.as_deref().is_some_and(|u| same_uuid(u, user)));
            if w.members.len() == before {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    "MEMBERSHIP_NOT_FOUND",
                    "The user is not a member of this workspace",
                ));
            }
            Ok((StatusCode::OK, Value::Null))
        })
        .map_err(ApiError::storage)?
}

fn user_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "USER_NOT_FOUND", "User not found")
}

/// Path IDs are UUIDs; anything else is a 400, as Spring answers for a bad `UUID` path variable.
fn uuid_param(name: &str, value: &str) -> Result<(), ApiError> {
    uuid::Uuid::parse_str(value).map(|_| ()).map_err(|_| {
        ApiError::bad_request("INVALID_PARAMETER", format!("{name} must be a valid UUID"))
    })
}

fn same_uuid(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// [`IdKey`](super::store::IdKey) of TransactionLink's UUIDs, compared like [`same_uuid`]: trimmed
/// and in lowercase.
fn id_key(id: &str) -> Cow<'_, str> {
    let trimmed = id.trim();
    if trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(trimmed.to_ascii_lowercase())
    } else {
        Cow::Borrowed(trimmed)
    }
}

fn find_workspace<'a>(p: &'a ProviderData, id: &str) -> Option<&'a WorkspaceData> {
    p.workspaces.iter().find(|w| same_uuid(&w.id, id))
}

fn organisation_id(p: &ProviderData) -> String {
    p.org.clone().unwrap_or_else(|| DEFAULT_ORG.to_string())
}

/// `owner`, `admin` or `member` (the default).
fn org_role_name(u: &User) -> &'static str {
    let role = u.org_role.as_deref().unwrap_or("member").trim();
    ORG_ROLES
        .iter()
        .map(|(name, _)| *name)
        .find(|name| name.eq_ignore_ascii_case(role))
        .unwrap_or("member")
}

fn org_role_id(name: &str) -> &'static str {
    ORG_ROLES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(ORG_ROLES[2].1, |(_, id)| id)
}

/// Organisation owners and admins see every workspace.
fn is_org_admin(u: &User) -> bool {
    matches!(org_role_name(u), "owner" | "admin")
}

/// `RoleRefResponse` for one of the workspace's roles (an unknown ID is reported by ID only).
fn role_ref(w: &WorkspaceData, role_id: &str) -> Value {
    let name = w
        .roles
        .iter()
        .find(|r| same_uuid(&r.id, role_id))
        .map_or("unknown", |r| r.name.as_str());
    json!({
        "id": role_id,
        "name": name,
        "workspaceId": w.id,
        "createdDateTime": TIMESTAMP,
        "type": "WORKSPACE",
    })
}

fn membership_json(w: &WorkspaceData, user: &str, role: &str) -> Value {
    json!({"workspaceId": w.id, "userId": user, "role": role_ref(w, role)})
}

fn user_json(u: &User) -> Value {
    let name = u.name.trim();
    let (first, last) = name.split_once(' ').unwrap_or((name, ""));
    json!({
        "id": u.id,
        "email": u.email,
        "idpId": null,
        "roleId": org_role_id(org_role_name(u)),
        "profile": {"firstName": first, "lastName": last.trim()},
        "createdDateTime": TIMESTAMP,
    })
}
