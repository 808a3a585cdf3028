//! Emulator of the LightOn Paradigm API v3, as the README "API assumptions" section describes it:
//! Bearer auth, both listing tiers (`/api/v3/workspaces…` and `/api/v3/company/workspaces…`) with DRF
//! paging, the unpaged `{users, groups}` member endpoints (GET, POST → 201, full-set PUT), the company
//! members listing with its group filter, and workspace creation. Errors use the v3 envelope
//! `{id, code, error, detail, doc_url, fields?}`; IDs are integers on the wire.
//!
//! The dataset's token stands for a company admin who also owns every workspace, so both listing
//! trees show every workspace and the user-tier member endpoints accept changes to any of them.

mod body;
mod envelope;

use super::answer::render;
use super::emulator::Emulator;
use super::store::{Grant, ProviderData, Store, User, UserIndex, WorkspaceData};
use crate::providers::ProviderSettings;
use crate::providers::paradigm::KIND;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, OriginalUri, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use body::{integer_field, json_object, role_field};
use envelope::{ApiError, Outcome, RequestId, field_error, paginate, param, query_pairs, reply};
use serde_json::{Map, Value, json};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

const TIMESTAMP: &str = "2025-01-06T09:00:00Z";

type Shared = Arc<Store>;

/// The LightOn Paradigm emulator, as [`crate::registry`] lists it.
pub const EMULATOR: Emulator = Emulator {
    kind: crate::providers::paradigm::KIND,
    router,
    profile_settings: |_| ProviderSettings::new().with("tier", "company"),
};

/// Routes of this API, mounted under `/paradigm`.
pub fn router(store: Arc<Store>) -> Router {
    Router::new()
        .route(
            "/api/v3/workspaces",
            get(list_workspaces).post(create_workspace),
        )
        .route("/api/v3/company/workspaces", get(list_workspaces))
        .route("/api/v3/workspaces/{id}", get(get_workspace))
        .route("/api/v3/company/workspaces/{id}", get(get_workspace))
        .route(
            "/api/v3/workspaces/{id}/members",
            get(list_members).post(add_member).put(replace_members),
        )
        .route("/api/v3/company/workspaces/{id}/members", get(list_members))
        .route("/api/v3/users", get(list_users))
        .fallback(unknown_route)
        .layer(middleware::from_fn_with_state(store.clone(), authenticate))
        .with_state(store)
}

/// Gives every request an ID (header `x-request-id`, envelope `id`; the fault layer's when it ran) and refuses anything but
/// `Authorization: Bearer <the dataset's token>` with 401.
async fn authenticate(State(store): State<Shared>, mut req: Request, next: Next) -> Response {
    // The sandbox's fault layer names the request first; reuse its ID so header and envelope agree.
    let rid = req
        .extensions()
        .get::<super::faults::RequestId>()
        .map_or_else(
            || RequestId(uuid::Uuid::new_v4().to_string()),
            |r| RequestId(r.0.clone()),
        );
    let expected = store.read(|d| d[KIND].token.clone());
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_string());
    let mut resp = match presented {
        Some(token) if !expected.is_empty() && token == expected => {
            req.extensions_mut().insert(rid.clone());
            next.run(req).await
        }
        Some(_) => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "authentication_failed",
            "Invalid API key.",
        )
        .into_response_with(&rid),
        None => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "authentication_failed",
            "Authentication credentials were not provided.",
        )
        .into_response_with(&rid),
    };
    if let Ok(value) = HeaderValue::from_str(&rid.0) {
        resp.headers_mut().entry("x-request-id").or_insert(value);
    }
    resp
}

async fn unknown_route(rid: Option<Extension<RequestId>>) -> Response {
    let rid = rid.map_or_else(|| RequestId(String::new()), |Extension(r)| r);
    reply(
        &rid,
        Err(ApiError::plain(StatusCode::NOT_FOUND, "Not found.")),
    )
}

async fn list_workspaces(
    State(store): State<Shared>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    RawQuery(query): RawQuery,
) -> Response {
    let pairs = query_pairs(query.as_deref());
    let name_filter = param(&pairs, "name").map(str::to_lowercase);
    let view = store.view();
    let matching: Vec<&WorkspaceData> = view[KIND]
        .workspaces
        .iter()
        .filter(|w| {
            name_filter
                .as_deref()
                .is_none_or(|n| w.name.to_lowercase().contains(n))
        })
        .collect();
    let page = paginate(
        matching.len(),
        |range| {
            matching[range]
                .iter()
                .map(|w| workspace_json(w, None))
                .collect()
        },
        &pairs,
        &headers,
        &uri,
    );
    reply(&rid, page)
}

async fn get_workspace(
    State(store): State<Shared>,
    Extension(rid): Extension<RequestId>,
    Path(id): Path<String>,
) -> Response {
    let found = store.read(|d| find_workspace(&d[KIND], &id).map(|w| workspace_json(w, None)));
    reply(
        &rid,
        found
            .map(|w| (StatusCode::OK, w))
            .ok_or_else(|| ApiError::not_found("Workspace not found.")),
    )
}

async fn create_workspace(
    State(store): State<Shared>,
    Extension(rid): Extension<RequestId>,
    body: Bytes,
) -> Response {
    reply(&rid, create_workspace_outcome(&store, &body))
}

fn create_workspace_outcome(store: &Store, body: &[u8]) -> Outcome {
    let obj = json_object(body)?;
    let mut fields = Map::new();
    let name = match obj.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= 255 => {
            Some(s.trim().to_string())
        }
        Some(Value::String(s)) if !s.trim().is_empty() => {
            field_error(
                &mut fields,
                "name",
                "max_length",
                "Ensure this field has no more than 255 characters.",
            );
            None
        }
        Some(Value::String(_)) => {
            field_error(&mut fields, "name", "blank", "This field may not be blank.");
            None
        }
        None | Some(Value::Null) => {
            field_error(&mut fields, "name", "required", "This field is required.");
            None
        }
        Some(_) => {
            field_error(&mut fields, "name", "invalid", "Not a valid string.");
            None
        }
    };
    let description = match obj.get("description") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            field_error(&mut fields, "description", "invalid", "Not a valid string.");
            None
        }
    };
    let Some(name) = name.filter(|_| fields.is_empty()) else {
        return Err(ApiError::validation(fields));
    };
    let created = store
        .write(|d| {
            let next_id = d[KIND]
                .workspaces
                .iter()
                .filter_map(|w| w.id.parse::<u64>().ok())
                .max()
                .unwrap_or(0)
                + 1;
            let workspace = WorkspaceData {
                id: next_id.to_string(),
                key: None,
                name,
                roles: Vec::new(),
                members: Vec::new(),
            };
            let answer = workspace_json(&workspace, description.as_deref());
            d[KIND].workspaces.push(workspace);
            answer
        })
        .map_err(ApiError::storage)?;
    Ok((StatusCode::CREATED, created))
}

/// The whole member set of a workspace, unpaged: linear in its grants (users are found through the
/// store's index), built from a view of the state, off the runtime when it is big.
async fn list_members(
    State(store): State<Shared>,
    Extension(rid): Extension<RequestId>,
    Path(id): Path<String>,
) -> Response {
    let view = store.view();
    let Some(position) = view[KIND]
        .workspaces
        .iter()
        .position(|w| path_matches(&w.id, &id))
    else {
        return reply(&rid, Err(ApiError::not_found("Workspace not found.")));
    };
    let size = view[KIND].workspaces[position].members.len();
    render(size, move || {
        let users = view.users(crate::providers::paradigm::KIND, id_key);
        let body = members_json(&view[KIND], users, &view[KIND].workspaces[position]);
        reply(&rid, Ok((StatusCode::OK, body)))
    })
    .await
}

/// Who a grant names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    User(u64),
    Group(u64),
}

async fn add_member(
    State(store): State<Shared>,
    Extension(rid): Extension<RequestId>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    reply(&rid, add_member_outcome(&store, &id, &body))
}

fn add_member_outcome(store: &Store, id: &str, body: &[u8]) -> Outcome {
    if store.read(|d| find_workspace(&d[KIND], id).is_none()) {
        return Err(ApiError::not_found("Workspace not found."));
    }
    let obj = json_object(body)?;
    let mut fields = Map::new();
    let role = role_field(obj.get("role"), "role", &mut fields);
    let user = integer_field(obj.get("user_id"), "user_id", &mut fields);
    let group = integer_field(obj.get("group_id"), "group_id", &mut fields);
    let target = match (user, group) {
        (Some(u), None) => Some(Target::User(u)),
        (None, Some(g)) => Some(Target::Group(g)),
        _ => {
            if fields.is_empty() {
                field_error(
                    &mut fields,
                    "non_field_errors",
                    "invalid",
                    "Provide exactly one of user_id or group_id.",
                );
            }
            None
        }
    };
    let (Some(role), Some(target), true) = (role, target, fields.is_empty()) else {
        return Err(ApiError::validation(fields));
    };
    store
        .write(|d| {
            let p = &mut d[KIND];
            let users = UserIndex::build(&p.users, id_key);
            let known = match target {
                Target::User(u) => users.contains(&u.to_string()),
                Target::Group(g) => p.groups.iter().any(|x| same_id(&x.id, g)),
            };
            let Some(index) = p.workspaces.iter().position(|w| path_matches(&w.id, id)) else {
                return Err(ApiError::not_found("Workspace not found."));
            };
            if !known {
                return Err(ApiError::not_found(match target {
                    Target::User(_) => "User not found.",
                    Target::Group(_) => "Group not found.",
                }));
            }
            let ws = &mut p.workspaces[index];
            if ws.members.iter().any(|g| grant_target(g) == Some(target)) {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "conflict",
                    match target {
                        Target::User(_) => "This user is already a member of the workspace.",
                        Target::Group(_) => "This group is already a member of the workspace.",
                    },
                ));
            }
            ws.members.push(grant(target, role));
            Ok((
                StatusCode::CREATED,
                members_json(p, &users, &p.workspaces[index]),
            ))
        })
        .map_err(ApiError::storage)?
}

async fn replace_members(
    State(store): State<Shared>,
    Extension(rid): Extension<RequestId>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    reply(&rid, replace_members_outcome(&store, &id, &body))
}

/// `PUT …/members` with the ASSUMPTION body `{"members": {"users": [{id, role}], "groups": [{id, role}]}}`:
/// replaces every grant of the workspace, or nothing when any entry is invalid.
fn replace_members_outcome(store: &Store, id: &str, body: &[u8]) -> Outcome {
    if store.read(|d| find_workspace(&d[KIND], id).is_none()) {
        return Err(ApiError::not_found("Workspace not found."));
    }
    let obj = json_object(body)?;
    let mut fields = Map::new();
    let mut grants: Vec<(Target, &'static str)> = Vec::new();
    let mut seen: HashSet<Target> = HashSet::new();
    match obj.get("members") {
        Some(Value::Object(members)) => {
            for (list, make) in [
                ("users", Target::User as fn(u64) -> Target),
                ("groups", Target::Group as fn(u64) -> Target),
            ] {
                let entries = match members.get(list) {
                    None | Some(Value::Null) => continue,
                    Some(Value::Array(a)) => a,
                    Some(_) => {
                        field_error(&mut fields, list, "not_a_list", "Expected a list of items.");
                        continue;
                    }
                };
                for (i, entry) in entries.iter().enumerate() {
                    let name = format!("{list}[{i}]");
                    let id = integer_field(entry.get("id"), &format!("{name}.id"), &mut fields);
                    let role = role_field(entry.get("role"), &format!("{name}.role"), &mut fields);
                    if let (Some(id), Some(role)) = (id, role) {
                        let target = make(id);
                        if !seen.insert(target) {
                            field_error(
                                &mut fields,
                                &name,
                                "duplicate",
                                format!("Duplicate member {id}."),
                            );
                        }
                        grants.push((target, role));
                    }
                }
            }
        }
        None | Some(Value::Null) => field_error(
            &mut fields,
            "members",
            "required",
            "This field is required.",
        ),
        Some(_) => field_error(&mut fields, "members", "invalid", "Expected an object."),
    }
    if !fields.is_empty() {
        return Err(ApiError::validation(fields));
    }
    store
        .write(|d| {
            let p = &mut d[KIND];
            let users = UserIndex::build(&p.users, id_key);
            let groups: HashSet<Cow<'_, str>> = p.groups.iter().map(|x| id_key(&x.id)).collect();
            let mut unknown = Map::new();
            for (target, _) in &grants {
                let (exists, name, value) = match *target {
                    Target::User(u) => (users.contains(&u.to_string()), "users", u),
                    Target::Group(g) => (groups.contains(g.to_string().as_str()), "groups", g),
                };
                if !exists {
                    field_error(
                        &mut unknown,
                        name,
                        "does_not_exist",
                        format!("Invalid pk \"{value}\" - object does not exist."),
                    );
                }
            }
            if !unknown.is_empty() {
                return Err(ApiError::validation(unknown));
            }
            let Some(index) = p.workspaces.iter().position(|w| path_matches(&w.id, id)) else {
                return Err(ApiError::not_found("Workspace not found."));
            };
            p.workspaces[index].members = grants.iter().map(|(t, r)| grant(*t, r)).collect();
            Ok((
                StatusCode::OK,
                members_json(p, &users, &p.workspaces[index]),
            ))
        })
        .map_err(ApiError::storage)?
}

async fn list_users(
    State(store): State<Shared>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    RawQuery(query): RawQuery,
) -> Response {
    let pairs = query_pairs(query.as_deref());
    let group = match param(&pairs, "group_id").map(str::trim) {
        None | Some("") => None,
        Some(v) => match v.parse::<u64>() {
            Ok(g) => Some(g),
            Err(_) => {
                let mut fields = Map::new();
                field_error(
                    &mut fields,
                    "group_id",
                    "invalid",
                    "A valid integer is required.",
                );
                return reply(&rid, Err(ApiError::validation(fields)));
            }
        },
    };
    let view = store.view();
    let p = &view[KIND];
    // The users to list, as positions in the users list (their order on the wire). A group filter
    // looks its members up rather than scanning the users for each.
    let listed: Option<Vec<usize>> = group.map(|g| {
        let index = view.users(crate::providers::paradigm::KIND, id_key);
        let mut positions: Vec<usize> = p
            .groups
            .iter()
            .filter(|x| same_id(&x.id, g))
            .flat_map(|x| x.members.iter())
            .filter_map(|m| index.position(m))
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions
    });
    let count = listed.as_ref().map_or(p.users.len(), Vec::len);
    let page = paginate(
        count,
        |range| match &listed {
            Some(positions) => positions[range]
                .iter()
                .filter_map(|&i| p.users.get(i))
                .map(company_user_json)
                .collect(),
            None => p.users[range].iter().map(company_user_json).collect(),
        },
        &pairs,
        &headers,
        &uri,
    );
    reply(&rid, page)
}

/// A company member as `GET /api/v3/users` lists it.
fn company_user_json(u: &User) -> Value {
    let (first, last) = u.name.trim().split_once(' ').unwrap_or((u.name.trim(), ""));
    json!({
        "id": int_id(&u.id), "email": u.email, "first_name": first,
        "last_name": last.trim(), "is_active": true,
    })
}

/// Integer IDs compare as numbers (`7` matches a stored `"7"`).
fn same_id(stored: &str, id: u64) -> bool {
    stored.trim().parse::<u64>().ok() == Some(id)
}

/// [`IdKey`](super::store::IdKey) of Paradigm's integer IDs: the decimal form of the number (`"007"` and `" 7"` are
/// user 7), or the ID as it is when it is not an integer (such IDs are compared exactly). Two stored
/// IDs name the same account when their keys are equal.
fn id_key(id: &str) -> Cow<'_, str> {
    let canonical = !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_digit())
        && (id == "0" || !id.starts_with('0'));
    if canonical {
        return Cow::Borrowed(id);
    }
    match id.trim().parse::<u64>() {
        Ok(n) => Cow::Owned(n.to_string()),
        Err(_) => Cow::Borrowed(id),
    }
}

/// Whether a stored ID matches a path segment; non-integer segments match nothing (DRF's `<int:id>`).
fn path_matches(stored: &str, segment: &str) -> bool {
    segment.parse::<u64>().is_ok_and(|n| same_id(stored, n))
}

fn find_workspace<'a>(p: &'a ProviderData, segment: &str) -> Option<&'a WorkspaceData> {
    p.workspaces.iter().find(|w| path_matches(&w.id, segment))
}

fn grant_target(g: &Grant) -> Option<Target> {
    match (&g.user, &g.group) {
        (Some(u), None) => u.trim().parse().ok().map(Target::User),
        (None, Some(gr)) => gr.trim().parse().ok().map(Target::Group),
        _ => None,
    }
}

fn grant(target: Target, role: &str) -> Grant {
    let (user, group) = match target {
        Target::User(u) => (Some(u.to_string()), None),
        Target::Group(g) => (None, Some(g.to_string())),
    };
    Grant {
        id: None,
        user,
        group,
        role: role.to_string(),
    }
}

/// IDs are integers on the wire; a dataset with a non-integer ID still answers (as a string).
fn int_id(id: &str) -> Value {
    id.trim()
        .parse::<u64>()
        .map_or_else(|_| Value::String(id.to_string()), Value::from)
}

fn workspace_json(w: &WorkspaceData, description: Option<&str>) -> Value {
    json!({
        "id": int_id(&w.id),
        "name": w.name,
        "workspace_type": "custom",
        "document_upload_method": "manual",
        "description": description,
        "created_at": TIMESTAMP,
        "updated_at": TIMESTAMP,
    })
}

/// `{users: [{id, email, role}], groups: [{id, name, role}]}`; grants naming unknown accounts are
/// left out. `users` is the index of `p.users`.
fn members_json(p: &ProviderData, users: &UserIndex, w: &WorkspaceData) -> Value {
    let mut listed = Vec::new();
    let mut groups = Vec::new();
    for g in &w.members {
        if let Some(uid) = &g.user {
            if let Some(u) = users.get(&p.users, uid) {
                listed.push(json!({"id": int_id(&u.id), "email": u.email, "role": g.role}));
            }
        } else if let Some(gid) = &g.group
            // A workspace holds at most one grant per group, and groups are few: a scan is fine.
            && let Some(group) = p.groups.iter().find(|x| id_key(&x.id) == id_key(gid))
        {
            groups.push(json!({"id": int_id(&group.id), "name": group.name, "role": g.role}));
        }
    }
    json!({"users": listed, "groups": groups})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_ids_share_a_key_whatever_their_spelling() {
        assert_eq!(id_key("7"), "7");
        assert_eq!(id_key("007"), "7");
        assert_eq!(id_key(" 7 "), "7");
        assert_eq!(id_key("0"), "0");
        assert_eq!(id_key("abc"), "abc");
        assert_ne!(id_key("7a"), id_key("7"));
    }
}
