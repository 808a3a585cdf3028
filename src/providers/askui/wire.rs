//! AskUI wire shapes: the JSON the Workspaces API sends (membership list, user, workspace), its
//! FastAPI error bodies, and the mapping between its privilege enum and roster roles.

use crate::http::{Streamed, bounded};
use crate::model::{Access, Member, MemberKind, Role};
use crate::providers::fastapi::{Detail, object};
use serde::Deserialize;

/// The `WorkspacePrivilege` enum (seed 000) and the short names roster shows for it.
///
/// Decision: `Role.id` is the wire value (`ROLE_WORKSPACE_ADMIN`) and `Role.name` the short form
/// (`admin`), so tables stay narrow and people can type either form: `Role::matches` compares both,
/// ignoring case.
pub(super) const ROLES: [(&str, &str); 3] = [
    ("ROLE_WORKSPACE_OWNER", "owner"),
    ("ROLE_WORKSPACE_ADMIN", "admin"),
    ("ROLE_WORKSPACE_MEMBER", "member"),
];

/// `{data: [Membership]}` from the list endpoint, as read after its items were handed out one by
/// one (see [`crate::http::items`]): `data` must be there, a list.
#[derive(Debug, Deserialize)]
pub(super) struct MembershipList {
    #[allow(dead_code)] // Read for its shape: the items went to the listing's sink.
    pub(super) data: Streamed,
}

/// One membership. Fields other than `userId`, `workspaceId` and `privileges` are optional in the
/// documented schema, so they are read leniently.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MembershipDto {
    #[serde(default, deserialize_with = "bounded::opt_id")]
    pub(super) id: Option<String>,
    #[serde(deserialize_with = "bounded::id")]
    pub(super) user_id: String,
    #[serde(deserialize_with = "bounded::id")]
    pub(super) workspace_id: String,
    /// Only the first privilege is kept: a membership shows one role.
    #[serde(default, deserialize_with = "bounded::first_role")]
    pub(super) privileges: Vec<String>,
    #[serde(default)]
    pub(super) user: Option<UserDto>,
    #[serde(default)]
    pub(super) workspace: Option<WorkspaceDto>,
}

/// The `user` object of an expanded membership.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct UserDto {
    #[serde(default, deserialize_with = "bounded::opt_email")]
    pub(super) email: Option<String>,
    #[serde(default, deserialize_with = "bounded::opt_name")]
    pub(super) name: Option<String>,
}

/// The `workspace` object of an expanded membership, and the answer of create workspace.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct WorkspaceDto {
    #[serde(deserialize_with = "bounded::id")]
    pub(super) id: String,
    #[serde(default, deserialize_with = "bounded::opt_name")]
    pub(super) name: Option<String>,
}

/// The answer of creating a membership: only its ID is read (for the report).
#[derive(Debug, Default, Deserialize)]
pub(super) struct CreatedDto {
    #[serde(default, deserialize_with = "bounded::opt_id")]
    pub(super) id: Option<String>,
}

/// `{detail: …}`, AskUI's FastAPI error body.
#[derive(Debug, Deserialize)]
struct ErrorBody {
    detail: Detail,
}

/// Reads AskUI's FastAPI error bodies: `{detail: "text"}` or `{detail: [{loc, msg, type}]}`; each
/// validation item becomes `location: message` (e.g. `body.privileges.0: Input should be …`).
pub(super) fn decode_error(body: &[u8]) -> Option<(String, Option<String>)> {
    let body: ErrorBody = serde_json::from_slice(object(body)?).ok()?;
    let parts = body.detail.lines()?;
    (!parts.is_empty()).then(|| (parts.join("; "), None))
}

/// The roster role for a wire privilege; unknown values are shown as they are.
pub(super) fn role_for(privilege: &str) -> Role {
    ROLES
        .iter()
        .find(|(wire, _)| *wire == privilege)
        .map(|(wire, short)| Role {
            id: wire.to_string(),
            name: short.to_string(),
        })
        .unwrap_or_else(|| Role::named(privilege))
}

/// The wire privilege for a role given by the caller (short name or enum value). A role that is not
/// in the enum is sent as it is, so the server's own validation explains the mistake.
pub(super) fn wire_privilege(role: &Role) -> String {
    ROLES
        .iter()
        .find(|(wire, short)| role.matches(wire) || role.matches(short))
        .map(|(wire, _)| wire.to_string())
        .unwrap_or_else(|| role.id.clone())
}

/// A listing row for a membership.
pub(super) fn member_from(m: MembershipDto) -> Member {
    let role = m
        .privileges
        .first()
        .map(|p| role_for(p))
        .unwrap_or_else(|| Role {
            id: String::new(),
            name: "(none)".to_string(),
        });
    let (email, name) = match m.user {
        Some(u) => (u.email, u.name),
        None => (None, None),
    };
    Member {
        id: m.user_id,
        email,
        name,
        role,
        access: Access::Direct,
        kind: MemberKind::User,
        handle: m.id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plain_and_validation_details() {
        let plain = br#"{"detail": "Not authenticated"}"#;
        assert_eq!(decode_error(plain).unwrap().0, "Not authenticated");
        let list = br#"{"detail": [
            {"loc": ["body", "privileges", 0], "msg": "Input should be 'ROLE_WORKSPACE_OWNER'", "type": "enum"},
            {"loc": ["body", "userId"], "msg": "Field required", "type": "missing"}
        ]}"#;
        assert_eq!(
            decode_error(list).unwrap().0,
            "body.privileges.0: Input should be 'ROLE_WORKSPACE_OWNER'; body.userId: Field required"
        );
        assert!(decode_error(br#"{"error": "x"}"#).is_none());
        assert!(decode_error(br#"{"detail": []}"#).is_none());
        assert!(decode_error(b"not json").is_none());
    }

    #[test]
    fn roles_accept_short_and_wire_forms() {
        assert_eq!(
            wire_privilege(&Role::named("Admin")),
            "ROLE_WORKSPACE_ADMIN"
        );
        assert_eq!(
            wire_privilege(&Role::named("role_workspace_owner")),
            "ROLE_WORKSPACE_OWNER"
        );
        assert_eq!(wire_privilege(&Role::named("boss")), "boss");
        assert_eq!(role_for("ROLE_WORKSPACE_MEMBER").name, "member");
    }
}
