//! TransactionLink JSON shapes and the error-envelope decoder.

use crate::http::{Streamed, bounded};
use crate::providers::fastapi::{Lenient, object};
use serde::Deserialize;
use std::sync::Arc;

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

/// A membership as a listing keeps it until its users are joined: the user ID and a role shared by
/// every membership that has it (a workspace has a handful of roles, and 100,000 members).
#[derive(Debug, Clone)]
pub struct Membership {
    /// User UUID.
    pub user_id: UserId,
    /// The member's role.
    pub role: Arc<RoleRef>,
}

/// A user ID as the server sent it, kept in 17 bytes when it is a hyphenated UUID written in one
/// case (as this API's IDs are) rather than in an allocation of its own: a listing keeps one per
/// membership until the users are joined, 100,000 or more at a time.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UserId {
    /// A UUID that reads back exactly as sent: in lowercase, or in uppercase when `upper`.
    Uuid {
        /// The UUID's bytes.
        bytes: [u8; 16],
        /// Sent in uppercase.
        upper: bool,
    },
    /// Any other ID, as sent.
    Text(Box<str>),
}

impl UserId {
    /// `id` as sent, compact when it can be.
    pub fn new(id: String) -> Self {
        if id.len() == 36
            && let Ok(uuid) = uuid::Uuid::try_parse(&id)
        {
            let hyphenated = uuid.hyphenated();
            let mut buf = [0u8; 36];
            if *hyphenated.encode_lower(&mut buf) == *id {
                return UserId::Uuid {
                    bytes: *uuid.as_bytes(),
                    upper: false,
                };
            }
            if *hyphenated.encode_upper(&mut buf) == *id {
                return UserId::Uuid {
                    bytes: *uuid.as_bytes(),
                    upper: true,
                };
            }
        }
        UserId::Text(id.into_boxed_str())
    }

    /// The ID exactly as the server sent it.
    pub fn as_sent(&self) -> String {
        match self {
            UserId::Uuid { bytes, upper } => {
                let hyphenated = uuid::Uuid::from_bytes(*bytes).hyphenated();
                if *upper {
                    hyphenated.encode_upper(&mut [0u8; 36]).to_string()
                } else {
                    hyphenated.to_string()
                }
            }
            UserId::Text(text) => text.to_string(),
        }
    }

    /// The ID in lowercase, as the users index and every comparison of IDs take it.
    pub fn lower(&self) -> String {
        match self {
            UserId::Uuid { bytes, .. } => uuid::Uuid::from_bytes(*bytes).hyphenated().to_string(),
            UserId::Text(text) => text.to_ascii_lowercase(),
        }
    }

    /// A key equal for two IDs that differ only in ASCII case (compact, like the ID itself).
    pub fn key(&self) -> UserId {
        match self {
            UserId::Uuid { bytes, .. } => UserId::Uuid {
                bytes: *bytes,
                upper: false,
            },
            UserId::Text(_) => UserId::new(self.lower()),
        }
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
    fn a_user_id_reads_back_as_sent_and_compares_without_case() {
        let lower = "1a000000-0000-4000-8000-00000000abcd";
        let upper = "1A000000-0000-4000-8000-00000000ABCD";
        let mixed = "1a000000-0000-4000-8000-00000000ABcd";
        for (sent, compact) in [
            (lower, true),
            (upper, true),
            (mixed, false),
            ("u-1", false),
            ("U-1", false),
        ] {
            let id = UserId::new(sent.to_string());
            assert_eq!(id.as_sent(), sent);
            assert_eq!(id.lower(), sent.to_ascii_lowercase());
            assert_eq!(matches!(id, UserId::Uuid { .. }), compact, "{sent}");
        }
        let key = |s: &str| UserId::new(s.to_string()).key();
        assert_eq!(key(lower), key(upper));
        assert_eq!(key(lower), key(mixed));
        assert_eq!(key("u-1"), key("U-1"));
        assert_ne!(key("u-1"), key(lower));
        assert!(std::mem::size_of::<UserId>() <= 24);
    }
}
