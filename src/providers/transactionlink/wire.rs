//! TransactionLink JSON shapes and the error-envelope decoder.

use crate::http::{Streamed, bounded};
use crate::providers::fastapi::{Lenient, object};
use serde::Deserialize;

/// A workspace from `GET /organizations/workspaces`.
#[derive(Debug, Deserialize)]
pub struct WorkspaceDto {
    /// Workspace UUID.
    #[serde(deserialize_with = "bounded::id")]
    pub id: String,
    /// Display name.
    #[serde(default, deserialize_with = "bounded::opt_name")]
    pub name: Option<String>,
}

/// `RoleRefResponse`: a role of one workspace (or, in the organisation-level list, an organisation role).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RoleRef {
    /// Role UUID (what `roleId` takes).
    #[serde(deserialize_with = "bounded::id")]
    pub id: String,
    /// Role name.
    #[serde(default, deserialize_with = "bounded::role")]
    pub name: String,
    /// `WORKSPACE`, or `ORGANIZATION` for inherited organisation roles.
    #[serde(rename = "type", default, deserialize_with = "bounded::opt_role")]
    pub kind: Option<String>,
}

/// `WorkspaceMembershipResponse`.
#[derive(Debug, Clone, Deserialize)]
pub struct MembershipDto {
    /// User UUID.
    #[serde(rename = "userId", deserialize_with = "bounded::id")]
    pub user_id: String,
    /// The member's role.
    pub role: RoleRef,
}

/// A user ID as roster compares them (ASCII case ignored), kept compact: a hyphenated UUID (as
/// this API's IDs are) in 16 bytes rather than in an allocation of its own. A listing keeps one
/// per direct member, to tell the inherited ones from them: 100,000 or more at a time.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UserKey {
    /// A UUID's bytes.
    Uuid([u8; 16]),
    /// Any other ID, in lowercase.
    Text(Box<str>),
}

impl UserKey {
    /// The key of ID `id` as sent, made without an allocation for a UUID.
    pub fn of(id: &str) -> UserKey {
        // 36 characters parse only as the hyphenated form, in either case.
        if id.len() == 36
            && let Ok(uuid) = uuid::Uuid::try_parse(id)
        {
            return UserKey::Uuid(*uuid.as_bytes());
        }
        UserKey::Text(id.to_ascii_lowercase().into_boxed_str())
    }
}

/// `UserProfileResponse` (only the name fields).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProfileDto {
    /// First name.
    #[serde(rename = "firstName", default, deserialize_with = "bounded::opt_name")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(rename = "lastName", default, deserialize_with = "bounded::opt_name")]
    pub last_name: Option<String>,
}

/// `UserResponse` (only the fields roster uses).
#[derive(Debug, Clone, Deserialize)]
pub struct UserDto {
    /// User UUID.
    #[serde(deserialize_with = "bounded::id")]
    pub id: String,
    /// Email address.
    #[serde(default, deserialize_with = "bounded::email")]
    pub email: String,
    /// Name fields.
    #[serde(default)]
    pub profile: Option<ProfileDto>,
}

impl UserDto {
    /// "First Last", or `None` when the profile has no name.
    pub fn full_name(&self) -> Option<String> {
        let p = self.profile.as_ref()?;
        let name = [p.first_name.as_deref(), p.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        (!name.is_empty()).then_some(name)
    }
}

/// `UserPageResponse`: Spring-style page, `number` 0-based, as read after its users were handed out
/// one by one (see [`crate::http::items`]).
#[derive(Debug, Deserialize)]
pub struct UserPage {
    /// Where the users were.
    #[serde(default)]
    #[allow(dead_code)]
    pub content: Streamed,
    /// Number of pages.
    #[serde(rename = "totalPages", default)]
    pub total_pages: u64,
    /// This page's number (0-based).
    #[serde(default)]
    pub number: u64,
}

/// `ErrorResponse {fingerprint, errors: [{code, message}]}`, or a bare Spring error
/// `{status, error, message}` from a gateway; every part read leniently.
#[derive(Debug, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    fingerprint: Option<Lenient<String>>,
    #[serde(default)]
    errors: Option<Lenient<Vec<Lenient<ErrorItem>>>>,
    #[serde(default)]
    message: Option<Lenient<String>>,
    #[serde(default)]
    error: Option<Lenient<String>>,
}

/// One `{code, message}` of `errors`.
#[derive(Debug, Deserialize)]
struct ErrorItem {
    #[serde(default)]
    code: Option<Lenient<String>>,
    #[serde(default)]
    message: Option<Lenient<String>>,
}

/// Text that is there and not blank.
fn text(v: Option<Lenient<String>>) -> Option<String> {
    v.and_then(Lenient::get)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Reads TransactionLink's `ErrorResponse {fingerprint, errors: [{code, message}]}`: message = the
/// messages joined (the code where a message is empty), request ID = the fingerprint. Also reads a
/// bare Spring error `{status, error, message}` in case a gateway answers instead.
pub fn decode_error(bytes: &[u8]) -> Option<(String, Option<String>)> {
    let body: ErrorBody = serde_json::from_slice(object(bytes)?).ok()?;
    let fingerprint = body
        .fingerprint
        .and_then(Lenient::get)
        .filter(|s| !s.trim().is_empty());
    if let Some(errors) = body.errors.and_then(Lenient::get) {
        let messages: Vec<String> = errors
            .into_iter()
            .filter_map(Lenient::get)
            .filter_map(|e| text(e.message).or_else(|| text(e.code)))
            .collect();
        if !messages.is_empty() {
            return Some((messages.join("; "), fingerprint));
        }
    }
    let spring = match body.message {
        Some(message) => message.get(),
        None => body.error.and_then(Lenient::get),
    }
    .filter(|s| !s.trim().is_empty())?;
    Some((spring, fingerprint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_messages_and_keeps_fingerprint() {
        let body = br#"{"fingerprint": "fp-9", "errors": [
            {"code": "INVALID_ROLE", "message": "Role does not belong to workspace"},
            {"code": "OTHER", "message": ""}
        ]}"#;
        assert_eq!(
            decode_error(body).unwrap(),
            (
                "Role does not belong to workspace; OTHER".to_string(),
                Some("fp-9".to_string())
            )
        );
        assert_eq!(
            decode_error(br#"{"status": 500, "error": "Internal Server Error"}"#)
                .unwrap()
                .0,
            "Internal Server Error"
        );
        assert!(decode_error(br#"{"fingerprint": "x", "errors": []}"#).is_none());
        assert!(decode_error(br#"[{"message": "x"}]"#).is_none());
    }

    #[test]
    fn user_keys_compare_without_case() {
        let lower = "1a000000-0000-4000-8000-00000000abcd";
        let upper = "1A000000-0000-4000-8000-00000000ABCD";
        let mixed = "1a000000-0000-4000-8000-00000000ABcd";
        assert!(matches!(UserKey::of(lower), UserKey::Uuid(_)));
        assert_eq!(UserKey::of(lower), UserKey::of(upper));
        assert_eq!(UserKey::of(lower), UserKey::of(mixed));
        assert_eq!(UserKey::of("u-1"), UserKey::of("U-1"));
        assert_eq!(UserKey::of("U-1"), UserKey::Text("u-1".into()));
        assert_ne!(UserKey::of("u-1"), UserKey::of(lower));
        assert_ne!(
            UserKey::of(lower),
            UserKey::of("1a000000-0000-4000-8000-00000000abce")
        );
        assert!(std::mem::size_of::<UserKey>() <= 24);
    }
}
