//! TransactionLink JSON shapes and the error-envelope decoder.

use serde::Deserialize;
use serde_json::Value;

/// A workspace from `GET /organizations/workspaces`.
#[derive(Debug, Deserialize)]
pub struct WorkspaceDto {
    /// Workspace UUID.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
}

/// `RoleRefResponse`: a role of one workspace (or, in the organisation-level list, an organisation role).
#[derive(Debug, Clone, Deserialize)]
pub struct RoleRef {
    /// Role UUID (what `roleId` takes).
    pub id: String,
    /// Role name.
    #[serde(default)]
    pub name: String,
    /// `WORKSPACE`, or `ORGANIZATION` for inherited organisation roles.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

/// `WorkspaceMembershipResponse`.
#[derive(Debug, Clone, Deserialize)]
pub struct MembershipDto {
    /// User UUID.
    #[serde(rename = "userId")]
    pub user_id: String,
    /// The member's role.
    pub role: RoleRef,
}

/// `UserProfileResponse` (only the name fields).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProfileDto {
    /// First name.
    #[serde(rename = "firstName", default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(rename = "lastName", default)]
    pub last_name: Option<String>,
}

/// `UserResponse` (only the fields roster uses).
#[derive(Debug, Clone, Deserialize)]
pub struct UserDto {
    /// User UUID.
    pub id: String,
    /// Email address.
    #[serde(default)]
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

/// `UserPageResponse`: Spring-style page, `number` 0-based.
#[derive(Debug, Deserialize)]
pub struct UserPage {
    /// This page's users.
    #[serde(default)]
    pub content: Vec<UserDto>,
    /// Number of pages.
    #[serde(rename = "totalPages", default)]
    pub total_pages: u64,
    /// This page's number (0-based).
    #[serde(default)]
    pub number: u64,
}

/// Reads TransactionLink's `ErrorResponse {fingerprint, errors: [{code, message}]}`: message = the
/// messages joined (the code where a message is empty), request ID = the fingerprint. Also reads a
/// bare Spring error `{status, error, message}` in case a gateway answers instead.
pub fn decode_error(v: &Value) -> Option<(String, Option<String>)> {
    let obj = v.as_object()?;
    let fingerprint = obj
        .get("fingerprint")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string);
    if let Some(Value::Array(errors)) = obj.get("errors") {
        let messages: Vec<String> = errors
            .iter()
            .filter_map(|e| {
                let text = |k: &str| {
                    e.get(k)
                        .and_then(Value::as_str)
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                };
                text("message").or_else(|| text("code")).map(str::to_string)
            })
            .collect();
        if !messages.is_empty() {
            return Some((messages.join("; "), fingerprint));
        }
    }
    let spring = obj
        .get("message")
        .or_else(|| obj.get("error"))
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())?;
    Some((spring.to_string(), fingerprint))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn joins_messages_and_keeps_fingerprint() {
        let body = json!({"fingerprint": "fp-9", "errors": [
            {"code": "INVALID_ROLE", "message": "Role does not belong to workspace"},
            {"code": "OTHER", "message": ""}
        ]});
        assert_eq!(
            decode_error(&body).unwrap(),
            (
                "Role does not belong to workspace; OTHER".to_string(),
                Some("fp-9".to_string())
            )
        );
        assert_eq!(
            decode_error(&json!({"status": 500, "error": "Internal Server Error"}))
                .unwrap()
                .0,
            "Internal Server Error"
        );
        assert!(decode_error(&json!({"fingerprint": "x", "errors": []})).is_none());
    }
}
