//! Paradigm v3 JSON shapes, the error-envelope decoder and the member-set arithmetic behind the
//! emulated (read-modify-write) role change and removal.

use crate::http::{Streamed, bounded};
use crate::providers::fastapi::{Lenient, object};
use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt;

/// A DRF page `{count, next, previous, results}` as read after its items were handed out one by one
/// (see [`crate::http::items`]); `next` is an absolute URL or null.
#[derive(Debug, Deserialize)]
pub struct Page {
    /// Link to the next page, null on the last one.
    #[serde(default, deserialize_with = "bounded::opt_link")]
    pub next: Option<String>,
    /// Where the items were: must be a list.
    #[allow(dead_code)]
    pub results: Streamed,
}

/// A workspace as listed (only the fields roster uses; the rest is ignored).
#[derive(Debug, Deserialize)]
pub struct WorkspaceDto {
    /// Integer ID.
    pub id: u64,
    /// Display name.
    #[serde(default, deserialize_with = "bounded::opt_name")]
    pub name: Option<String>,
}

/// A user entry of `{users, groups}`.
#[derive(Debug, Clone, Deserialize)]
pub struct UserMemberDto {
    /// Integer user ID.
    pub id: u64,
    /// Email address.
    #[serde(default, deserialize_with = "bounded::email")]
    pub email: String,
    /// `owner`, `editor` or `viewer`.
    #[serde(deserialize_with = "bounded::role")]
    pub role: String,
}

/// A group entry of `{users, groups}`.
#[derive(Debug, Clone, Deserialize)]
pub struct GroupMemberDto {
    /// Integer group ID.
    pub id: u64,
    /// Group name.
    #[serde(default, deserialize_with = "bounded::name")]
    pub name: String,
    /// The role every user of the group gets.
    #[serde(deserialize_with = "bounded::role")]
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

/// [`MembersDto`] as read by a listing, whose users were handed out one by one.
#[derive(Debug, Deserialize)]
pub struct MembersListing {
    /// Where the users were.
    #[serde(default)]
    #[allow(dead_code)]
    pub users: Streamed,
    /// Groups granted directly (few: kept whole).
    #[serde(default)]
    pub groups: Vec<GroupMemberDto>,
}

/// A company member from the users listing.
#[derive(Debug, Clone, Deserialize)]
pub struct CompanyUserDto {
    /// Integer user ID.
    pub id: u64,
    /// Email address.
    #[serde(default, deserialize_with = "bounded::email")]
    pub email: String,
    /// First name.
    #[serde(default, deserialize_with = "bounded::opt_name")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, deserialize_with = "bounded::opt_name")]
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
pub fn decode_error(bytes: &[u8]) -> Option<(String, Option<String>)> {
    let body: ErrorBody = serde_json::from_slice(object(bytes)?).ok()?;
    let id = match body.id.and_then(Lenient::get) {
        Some(ErrorId::Text(s)) if !s.trim().is_empty() => Some(s),
        Some(ErrorId::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let mut parts = Vec::new();
    match body.detail {
        Some(Messages::Text(s)) if !s.trim().is_empty() => parts.push(s.trim().to_string()),
        Some(Messages::Null) | None => {}
        Some(other) => parts.push(other.flatten()),
    }
    for (name, errors) in body.fields {
        parts.push(format!("{name}: {}", errors.flatten()));
    }
    if parts.is_empty() {
        // DRF serializer errors without an envelope: every value is a list of messages.
        for (name, errors) in body.others {
            if matches!(&errors, Messages::List(list) if !list.is_empty()) {
                parts.push(format!("{name}: {}", errors.flatten()));
            }
        }
    }
    (!parts.is_empty()).then(|| (parts.join("; "), id))
}

/// The `id` of the v3 envelope: text or a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ErrorId {
    Text(String),
    Number(serde_json::Number),
}

/// A field's errors: `[{error, detail}]`, `["text"]`, a string, or an object naming the message.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Messages {
    Text(String),
    List(Vec<Messages>),
    Object(MessageObject),
    Null,
    Number(serde_json::Number),
    Bool(bool),
}

/// `{detail | message | error: …}`, the first present in that order.
#[derive(Debug, Deserialize)]
struct MessageObject {
    #[serde(default)]
    detail: Option<Box<Messages>>,
    #[serde(default)]
    message: Option<Box<Messages>>,
    #[serde(default)]
    error: Option<Box<Messages>>,
}

impl Messages {
    /// One line: list items joined with `, `.
    fn flatten(self) -> String {
        match self {
            Messages::Text(s) => s,
            Messages::List(items) => items
                .into_iter()
                .map(Messages::flatten)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            Messages::Object(o) => o
                .detail
                .or(o.message)
                .or(o.error)
                .map(|m| m.flatten())
                .unwrap_or_default(),
            Messages::Null => String::new(),
            Messages::Number(n) => n.to_string(),
            Messages::Bool(b) => b.to_string(),
        }
    }
}

/// Every shape Paradigm's errors come in, read in one pass: the envelope's keys, and any other key
/// whose value reads as messages (the bare DRF shape), in key order.
#[derive(Debug, Default)]
struct ErrorBody {
    id: Option<Lenient<ErrorId>>,
    detail: Option<Messages>,
    fields: BTreeMap<String, Messages>,
    others: BTreeMap<String, Messages>,
}

impl<'de> Deserialize<'de> for ErrorBody {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = ErrorBody;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an error object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorBody, A::Error> {
                let mut body = ErrorBody::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "id" => body.id = Some(map.next_value()?),
                        "detail" => {
                            body.detail = map.next_value::<Lenient<Messages>>()?.get();
                        }
                        "fields" => {
                            if let Some(fields) = map
                                .next_value::<Lenient<BTreeMap<String, Messages>>>()?
                                .get()
                            {
                                body.fields = fields;
                            }
                        }
                        _ => {
                            if let Some(m) = map.next_value::<Lenient<Messages>>()?.get() {
                                body.others.insert(key, m);
                            }
                        }
                    }
                }
                Ok(body)
            }
        }
        d.deserialize_map(Keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(v: Value) -> Option<(String, Option<String>)> {
        decode_error(&serde_json::to_vec(&v).unwrap())
    }

    #[test]
    fn envelope_message_includes_field_errors_and_id() {
        let body = json!({
            "id": "req-1", "code": 400, "error": "validation_error", "detail": "Invalid input.",
            "doc_url": "https://docs", "fields": {"role": [{"error": "invalid_choice", "detail": "\"boss\" is not a valid choice."}]}
        });
        let (msg, id) = decode(body).unwrap();
        assert_eq!(msg, "Invalid input.; role: \"boss\" is not a valid choice.");
        assert_eq!(id.as_deref(), Some("req-1"));
        let (_, id) = decode(json!({"id": 42, "detail": "x"})).unwrap();
        assert_eq!(id.as_deref(), Some("42"));
    }

    #[test]
    fn plain_drf_shapes_are_read() {
        assert_eq!(
            decode(json!({"detail": "Not found."})).unwrap(),
            ("Not found.".to_string(), None)
        );
        assert_eq!(
            decode(json!({"user_id": ["A valid integer is required."]}))
                .unwrap()
                .0,
            "user_id: A valid integer is required."
        );
        assert_eq!(
            decode(json!({"b": ["two"], "a": [{"message": "one"}], "c": []}))
                .unwrap()
                .0,
            "a: one; b: two"
        );
        assert!(decode(json!({"other": 1})).is_none());
        assert!(decode(json!(["detail"])).is_none());
        assert!(decode_error(b"<html>").is_none());
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
