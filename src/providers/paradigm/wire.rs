//! Paradigm v3 JSON shapes, the error-envelope decoder and the member-set arithmetic behind the
//! emulated (read-modify-write) role change and removal.

use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A DRF page: `{count, next, previous, results}`; `next` is an absolute URL or null.
#[derive(Debug, Deserialize)]
pub struct Page<T> {
    /// Link to the next page, null on the last one.
    #[serde(default)]
    pub next: Option<String>,
    /// This page's items.
    pub results: Vec<T>,
}

/// A workspace as listed (only the fields roster uses; the rest is ignored).
#[derive(Debug, Deserialize)]
pub struct WorkspaceDto {
    /// Integer ID.
    pub id: u64,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
}

/// A user entry of `{users, groups}`.
#[derive(Debug, Clone, Deserialize)]
pub struct UserMemberDto {
    /// Integer user ID.
    pub id: u64,
    /// Email address.
    #[serde(default)]
    pub email: String,
    /// `owner`, `editor` or `viewer`.
    pub role: String,
}

/// A group entry of `{users, groups}`.
#[derive(Debug, Clone, Deserialize)]
pub struct GroupMemberDto {
    /// Integer group ID.
    pub id: u64,
    /// Group name.
    #[serde(default)]
    pub name: String,
    /// The role every user of the group gets.
    pub role: String,
}

/// The answer of every `…/members` endpoint.
#[derive(Debug, Clone, Deserialize)]
pub struct MembersDto {
    /// Users granted directly.
    #[serde(default)]
    pub users: Vec<UserMemberDto>,
    /// Groups granted directly.
    #[serde(default)]
    pub groups: Vec<GroupMemberDto>,
}

/// A company member from the users listing.
#[derive(Debug, Clone, Deserialize)]
pub struct CompanyUserDto {
    /// Integer user ID.
    pub id: u64,
    /// Email address.
    #[serde(default)]
    pub email: String,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
}

impl CompanyUserDto {
    /// "First Last", or `None` when the server gave no name.
    pub fn full_name(&self) -> Option<String> {
        let name = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        (!name.is_empty()).then_some(name)
    }
}

/// A whole member set, as the PUT replaces it: user ID → role and group ID → role, plus labels for
/// messages. Compared as sets, because the server may return entries in any order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberSet {
    /// User ID → role.
    pub users: BTreeMap<u64, String>,
    /// Group ID → role.
    pub groups: BTreeMap<u64, String>,
}

impl MemberSet {
    /// The set a `{users, groups}` answer describes.
    pub fn from_dto(dto: &MembersDto) -> Self {
        MemberSet {
            users: dto
                .users
                .iter()
                .map(|u| (u.id, u.role.to_ascii_lowercase()))
                .collect(),
            groups: dto
                .groups
                .iter()
                .map(|g| (g.id, g.role.to_ascii_lowercase()))
                .collect(),
        }
    }

    /// The body of `PUT …/members`. ASSUMPTION (providers.md §3 "Update role / remove member"): the
    /// full set nests under `key` as `{"users": [{"id", "role"}], "groups": [{"id", "role"}]}`.
    pub fn put_body(&self, key: &str) -> Value {
        let users: Vec<Value> = self
            .users
            .iter()
            .map(|(id, role)| json!({"id": id, "role": role}))
            .collect();
        let groups: Vec<Value> = self
            .groups
            .iter()
            .map(|(id, role)| json!({"id": id, "role": role}))
            .collect();
        let mut body = serde_json::Map::new();
        body.insert(key.to_string(), json!({"users": users, "groups": groups}));
        Value::Object(body)
    }
}

/// Reads Paradigm's error bodies: the v3 envelope `{id, code, error, detail, doc_url, fields?}`
/// (message = detail plus each field error; request ID = `id`), plain DRF `{detail}`, and DRF's bare
/// validation shape `{"field": ["message"]}`.
pub fn decode_error(v: &Value) -> Option<(String, Option<String>)> {
    let obj = v.as_object()?;
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let mut parts = Vec::new();
    match obj.get("detail") {
        Some(Value::String(s)) if !s.trim().is_empty() => parts.push(s.trim().to_string()),
        Some(Value::Null) | None => {}
        Some(other) => parts.push(messages_of(other)),
    }
    if let Some(Value::Object(fields)) = obj.get("fields") {
        for (name, errors) in fields {
            parts.push(format!("{name}: {}", messages_of(errors)));
        }
    }
    if parts.is_empty() {
        // DRF serializer errors without an envelope: every value is a list of messages.
        for (name, errors) in obj {
            if let Value::Array(list) = errors
                && !list.is_empty()
            {
                parts.push(format!("{name}: {}", messages_of(errors)));
            }
        }
    }
    (!parts.is_empty()).then(|| (parts.join("; "), id))
}

/// Flattens a field's errors (`[{error, detail}]`, `["text"]` or a string) into one line.
fn messages_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(messages_of)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(o) => o
            .get("detail")
            .or_else(|| o.get("message"))
            .or_else(|| o.get("error"))
            .map(messages_of)
            .unwrap_or_default(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_message_includes_field_errors_and_id() {
        let body = json!({
            "id": "req-1", "code": 400, "error": "validation_error", "detail": "Invalid input.",
            "doc_url": "https://docs", "fields": {"role": [{"error": "invalid_choice", "detail": "\"boss\" is not a valid choice."}]}
        });
        let (msg, id) = decode_error(&body).unwrap();
        assert_eq!(msg, "Invalid input.; role: \"boss\" is not a valid choice.");
        assert_eq!(id.as_deref(), Some("req-1"));
    }

    #[test]
    fn plain_drf_shapes_are_read() {
        assert_eq!(
            decode_error(&json!({"detail": "Not found."})).unwrap(),
            ("Not found.".to_string(), None)
        );
        assert_eq!(
            decode_error(&json!({"user_id": ["A valid integer is required."]}))
                .unwrap()
                .0,
            "user_id: A valid integer is required."
        );
        assert!(decode_error(&json!({"other": 1})).is_none());
    }

    #[test]
    fn the_rewritten_list_keeps_every_grant_and_lowercases_roles() {
        let dto: MembersDto = serde_json::from_value(json!({
            "users": [{"id": 1, "email": "a@x.io", "role": "Editor"}],
            "groups": [{"id": 7, "name": "G", "role": "viewer"}]
        }))
        .unwrap();
        let set = MemberSet::from_dto(&dto);
        assert_eq!(
            set.put_body("members"),
            json!({"members": {
                "users": [{"id": 1, "role": "editor"}],
                "groups": [{"id": 7, "role": "viewer"}]
            }})
        );
    }
}
