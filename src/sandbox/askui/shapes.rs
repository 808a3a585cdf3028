//! The JSON shapes AskUI answers with: memberships as the list and create endpoints write them.

use crate::sandbox::store::{Grant, User, WorkspaceData};
use serde::Serialize;
use serde_json::{Value, json};

/// The store keeps no timestamps; one fixed instant keeps answers reproducible.
pub(super) const EPOCH: &str = "2025-01-01T00:00:00Z";

/// A membership as the list endpoint returns it. Written as typed structs rather than `json!`
/// values: a 100,000-member listing is built several times faster without a map per object. Fields
/// are declared in alphabetical order, the order `serde_json` gives `json!` objects, so the wire
/// bytes are the same either way.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListedMembership<'a> {
    pub(super) created_at: &'static str,
    pub(super) id: String,
    pub(super) privileges: [&'a str; 1],
    pub(super) updated_at: &'static str,
    pub(super) user: Option<ListedUser<'a>>,
    pub(super) user_id: &'a str,
    pub(super) workspace: Option<ListedWorkspace<'a>>,
    pub(super) workspace_id: &'a str,
}

/// `expand=user` (fields in alphabetical order, see [`ListedMembership`]).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListedUser<'a> {
    pub(super) created_at: &'static str,
    pub(super) email: &'a str,
    pub(super) email_verified: bool,
    pub(super) id: &'a str,
    pub(super) name: &'a str,
    pub(super) picture: Option<&'a str>,
    pub(super) updated_at: &'static str,
}

impl<'a> ListedUser<'a> {
    pub(super) fn of(user: &'a User) -> Self {
        ListedUser {
            created_at: EPOCH,
            email: &user.email,
            email_verified: true,
            id: &user.id,
            name: &user.name,
            picture: None,
            updated_at: EPOCH,
        }
    }
}

/// `expand=workspace` (fields in alphabetical order, see [`ListedMembership`]).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListedWorkspace<'a> {
    pub(super) created_at: &'static str,
    pub(super) id: &'a str,
    pub(super) name: &'a str,
    pub(super) updated_at: &'static str,
}

/// `{data: [Membership]}`.
#[derive(Serialize)]
pub(super) struct MembershipList<'a> {
    pub(super) data: Vec<ListedMembership<'a>>,
}

/// A membership as the create endpoints return it (with `accessTokens`, without expansions).
pub(super) fn created_membership_json(workspace: &WorkspaceData, grant: &Grant) -> Value {
    json!({
        "id": grant.stable_id(workspace),
        "createdAt": EPOCH,
        "updatedAt": EPOCH,
        "userId": grant.user,
        "workspaceId": workspace.id,
        "privileges": [grant.role],
        "accessTokens": [],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The typed list entries must write exactly what the `json!` objects they replaced wrote.
    #[test]
    fn listed_memberships_write_the_same_bytes_as_json_objects() {
        let user = User {
            id: "auth0|1".into(),
            email: "ada@acme.example".into(),
            name: "Ada \"A\" Silva".into(),
            org_role: None,
        };
        for (with_user, with_workspace) in [(true, true), (false, false), (true, false)] {
            let typed = ListedMembership {
                created_at: EPOCH,
                id: "m-1".into(),
                privileges: ["ROLE_WORKSPACE_MEMBER"],
                updated_at: EPOCH,
                user: with_user.then(|| ListedUser::of(&user)),
                user_id: &user.id,
                workspace: with_workspace.then_some(ListedWorkspace {
                    created_at: EPOCH,
                    id: "w-1",
                    name: "Platform",
                    updated_at: EPOCH,
                }),
                workspace_id: "w-1",
            };
            let user_value = if with_user {
                json!({
                    "id": user.id, "email": user.email, "name": user.name, "picture": null,
                    "createdAt": EPOCH, "updatedAt": EPOCH, "emailVerified": true,
                })
            } else {
                Value::Null
            };
            let workspace_value = if with_workspace {
                json!({"id": "w-1", "createdAt": EPOCH, "updatedAt": EPOCH, "name": "Platform"})
            } else {
                Value::Null
            };
            let value = json!({
                "id": "m-1", "createdAt": EPOCH, "updatedAt": EPOCH,
                "privileges": ["ROLE_WORKSPACE_MEMBER"], "userId": user.id, "workspaceId": "w-1",
                "user": user_value, "workspace": workspace_value,
            });
            assert_eq!(
                serde_json::to_string(&typed).unwrap(),
                serde_json::to_string(&value).unwrap()
            );
        }
    }
}
