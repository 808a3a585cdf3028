//! AskUI Workspaces API client (`../shared/api/providers.md` §1, README "API assumptions").
//!
//! AskUI has no workspace list, no user search and no role update. roster builds the first two from
//! the membership list (the paths marked ASSUMPTION below) and changes a role by deleting the membership
//! and creating it again (see `askui/role_change.rs`).

mod role_change;
mod wire;

use super::settle::note_request;
use super::{Keep, Provider, ProviderConfig, ProviderModule, looks_like_jwt};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{self, Answer, ApiClient, AuthHeader, Budget, ItemSink, ItemsAt};
use crate::model::{
    Capabilities, ChangeReport, Member, NewWorkspace, ProviderKind, Role, Support, UserRef,
    Workspace,
};
use crate::secret::Secret;
use async_trait::async_trait;
use base64::Engine;
use reqwest::{Method, Url};
use serde_json::json;
use std::collections::HashSet;
use std::sync::Arc;
use wire::{
    CreatedDto, MembershipDto, MembershipList, ROLES, WorkspaceDto, decode_error, member_from,
    role_for, wire_privilege,
};

/// Production base URL (providers.md §1 "Base URL").
pub const DEFAULT_BASE_URL: &str = "https://workspaces.askui.com";

/// AskUI's name in config files and output, and its product name.
pub const KIND: ProviderKind = ProviderKind::new("askui", "AskUI");

/// What [`crate::registry`] knows of AskUI: its name, default address and how its client is built.
pub const MODULE: ProviderModule = ProviderModule {
    kind: KIND,
    default_base_url: DEFAULT_BASE_URL,
    settings: &[],
    check_settings: |_| Ok(()),
    build: |config| Ok(Arc::new(AskUi::new(config)?)),
    fuzz_decoders,
};

/// Name used in messages and logs.
const PROVIDER: &str = "askui";

/// Workspace memberships: list (GET, providers.md §1 "List schema"), create (POST, seed 000, answers
/// 200) and delete (DELETE `…/{membershipId}`, providers.md §1 endpoint table, gen. client).
const MEMBERSHIPS_PATH: &str = "api/v1/workspace-memberships";

/// ASSUMPTION (providers.md §0 "List workspaces" and §6 question 2): AskUI has no workspace list, so
/// roster reads every membership the token can see, unfiltered, and keeps the distinct workspaces.
const WORKSPACE_LISTING_PATH: &str = "api/v1/workspace-memberships";
/// The `expand` value that fills in each membership's `workspace` object (providers.md §1).
const WORKSPACE_LISTING_EXPAND: &str = "workspace";

/// ASSUMPTION (providers.md §1 "Email lookup" and §6 question 3): AskUI has no user search, so an email
/// is looked up among all memberships the token can see, expanded with `user`.
const USER_LOOKUP_PATH: &str = "api/v1/workspace-memberships";

/// Create workspace: POST `{name, billingAccountEmail, firstMemberId?}` → 201 (seed 001).
const WORKSPACES_PATH: &str = "api/v1/workspaces";

/// Client of the AskUI Workspaces API.
#[derive(Debug)]
pub struct AskUi {
    api: ApiClient,
    caps: Capabilities,
}

impl AskUi {
    /// Builds the client: `Authorization: Basic base64(token)` for access tokens, `Bearer` for JWTs.
    pub fn new(config: ProviderConfig) -> Result<Self> {
        if config.token.is_empty() {
            return Err(Error::usage(
                "askui: the profile's token is empty; set a workspace access token",
            ));
        }
        let token = config.token.expose();
        // The SDK base64-encodes the bare token, with no `user:` part (providers.md §1 "Auth").
        let value = if looks_like_jwt(token) {
            format!("Bearer {token}")
        } else {
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(token)
            )
        };
        let auth = AuthHeader {
            name: "Authorization",
            value: Secret::new(value),
        };
        let mut api = ApiClient::new(
            PROVIDER,
            &config.base_url,
            auth,
            config.http.clone(),
            decode_error,
        )?;
        if let Some(observer) = config.observer {
            api = api.with_observer(observer);
        }
        Ok(AskUi {
            api,
            caps: capabilities(),
        })
    }

    /// GET the membership list with `query` (in the given order), each membership handed to `sink`
    /// as it is decoded.
    async fn memberships(
        &self,
        operation: &str,
        path: &str,
        query: &[(&str, String)],
        sink: &mut dyn ItemSink<MembershipDto>,
    ) -> Result<()> {
        let url = self.api.url_with_query(path, query)?;
        self.api
            .get_items::<MembershipDto, MembershipList>(
                operation,
                url,
                ItemsAt::Key("data"),
                sink,
                &mut Budget::listing(),
            )
            .await
            .map(drop)
    }

    /// The members of `workspace`, with user details.
    async fn workspace_memberships(
        &self,
        operation: &str,
        workspace: &Workspace,
        sink: &mut dyn ItemSink<MembershipDto>,
    ) -> Result<()> {
        self.memberships(
            operation,
            MEMBERSHIPS_PATH,
            &[
                ("workspace_id", workspace.id.clone()),
                ("expand", "user".to_string()),
            ],
            sink,
        )
        .await
        .map_err(|e| e.in_workspace(&workspace.name))
    }

    /// The current membership of `user_id` in `workspace`, if any (used to re-read state after a
    /// failure or a conflict).
    async fn find_membership(
        &self,
        operation: &str,
        workspace: &Workspace,
        user_id: &str,
    ) -> Result<Option<MembershipDto>> {
        let mut found = Vec::new();
        self.workspace_memberships(
            operation,
            workspace,
            &mut Keep::new(&mut found, |m: MembershipDto| {
                (m.user_id == user_id).then_some(m)
            }),
        )
        .await?;
        Ok(found.into_iter().next())
    }

    /// Finds the user ID of `email` among every membership the token can see.
    async fn user_id_for_email(&self, operation: &str, email: &str) -> Result<String> {
        // Only the memberships of that email are kept, however many the token sees.
        let mut ids: Vec<String> = Vec::new();
        self.memberships(
            operation,
            USER_LOOKUP_PATH,
            &[("expand", "user".to_string())],
            &mut Keep::new(&mut ids, |m: MembershipDto| {
                m.user
                    .as_ref()
                    .and_then(|u| u.email.as_deref())
                    .is_some_and(|e| e.trim().eq_ignore_ascii_case(email.trim()))
                    .then_some(m.user_id)
            }),
        )
        .await?;
        ids.sort();
        ids.dedup();
        match ids.len() {
            1 => Ok(ids.remove(0)),
            0 => Err(Error::new(
                ErrorKind::NotFound,
                PROVIDER,
                operation,
                format!(
                    "no AskUI user with email {email} (AskUI can only find users who already belong \
                     to a workspace you can see; invite them in the AskUI web app first)"
                ),
            )),
            _ => Err(Error::new(
                ErrorKind::Conflict,
                PROVIDER,
                operation,
                format!(
                    "several AskUI users have email {email} ({}); add the right one by user ID",
                    ids.join(", ")
                ),
            )),
        }
    }

    /// POST a new membership. Sent once: POST is not idempotent.
    async fn create_membership(
        &self,
        operation: &str,
        workspace: &Workspace,
        user_id: &str,
        privilege: &str,
    ) -> Result<Answer> {
        let body = json!({
            "userId": user_id,
            "workspaceId": workspace.id,
            "privileges": [privilege],
        });
        self.api
            .call(operation, Method::POST, MEMBERSHIPS_PATH, Some(&body))
            .await
    }

    /// DELETE one membership by its ID.
    async fn delete_membership(&self, operation: &str, membership_id: &str) -> Result<Answer> {
        let url = self.membership_url(membership_id)?;
        self.api.send(operation, Method::DELETE, url, None).await
    }

    /// `…/workspace-memberships/{id}` with the ID percent-encoded as one path segment.
    fn membership_url(&self, membership_id: &str) -> Result<Url> {
        let mut url = self.api.url(MEMBERSHIPS_PATH)?;
        url.path_segments_mut()
            .map_err(|_| Error::usage("askui: the base URL cannot take a path"))?
            .push(membership_id);
        Ok(url)
    }

    /// The membership ID of `member`: the handle from the listing, or a fresh look-up.
    async fn handle_of(
        &self,
        operation: &str,
        workspace: &Workspace,
        member: &Member,
    ) -> Result<String> {
        if let Some(handle) = member.handle.as_deref().filter(|h| !h.is_empty()) {
            return Ok(handle.to_string());
        }
        self.find_membership(operation, workspace, &member.id)
            .await?
            .and_then(|m| m.id)
            .ok_or_else(|| not_a_member(operation, member, workspace))
    }

    /// The Conflict error for adding someone who is already a member, naming their current role.
    async fn already_member(
        &self,
        operation: &str,
        workspace: &Workspace,
        user_id: &str,
        label: &str,
        server: Error,
    ) -> Error {
        let role = match self.find_membership(operation, workspace, user_id).await {
            Ok(Some(m)) => format!(" (role {})", member_from(m).role.name),
            _ => String::new(),
        };
        Error {
            message: format!(
                "{label} is already a member of {}{role}; change their role instead",
                workspace.name
            ),
            ..server
        }
    }
}

/// The distinct workspaces of a membership listing, in the order first seen.
#[derive(Debug, Default)]
struct DistinctWorkspaces {
    list: Vec<Workspace>,
    seen: HashSet<String>,
}

impl ItemSink<MembershipDto> for DistinctWorkspaces {
    fn push(&mut self, m: MembershipDto) -> Result<()> {
        let (id, name) = match m.workspace {
            Some(w) => {
                let name = w.name.unwrap_or_else(|| w.id.clone());
                (w.id, name)
            }
            // `expand` ignored by the server: still list the workspace, named by its ID.
            None => (m.workspace_id.clone(), m.workspace_id),
        };
        if self.seen.insert(id.clone()) {
            self.list.push(Workspace { id, name });
        }
        Ok(())
    }

    fn mark(&self) -> usize {
        self.list.len()
    }

    fn rewind(&mut self, mark: usize) {
        for w in self.list.drain(mark.min(self.list.len())..) {
            self.seen.remove(&w.id);
        }
    }
}

/// What AskUI can do, in words an admin understands.
fn capabilities() -> Capabilities {
    Capabilities {
        list_workspaces: Support::Emulated(
            "AskUI has no workspace list: roster shows the workspaces of the memberships the token \
             can see, so a workspace with no visible member is not listed",
        ),
        inherited_members: Support::Unsupported(
            "AskUI has no inherited access: every member is added to a workspace directly, so the \
             direct list is complete",
        ),
        add_by_id: Support::Native,
        add_by_email: Support::Emulated(
            "AskUI cannot search users: roster looks the email up among the memberships of all \
             workspaces the token can see; people in no such workspace must be invited in the \
             AskUI web app first",
        ),
        set_role: Support::Emulated(
            "AskUI cannot change a role: roster removes the membership and re-creates it with the \
             new role; if re-creating fails the old membership is restored",
        ),
        remove: Support::Native,
        create_workspace: Support::Native,
        has_groups: false,
        roles_per_workspace: false,
        rewrites_member_list: false,
    }
}

/// How to name a member in messages: email when known, else ID.
fn member_label(member: &Member) -> &str {
    member.email.as_deref().unwrap_or(&member.id)
}

fn not_a_member(operation: &str, member: &Member, workspace: &Workspace) -> Error {
    Error::new(
        ErrorKind::NotFound,
        PROVIDER,
        operation,
        format!(
            "{} is not a member of {} (any more); refresh the member list",
            member_label(member),
            workspace.name
        ),
    )
}

#[async_trait]
impl Provider for AskUi {
    fn kind(&self) -> ProviderKind {
        KIND
    }

    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }

    async fn list_workspaces(&self) -> Result<Vec<Workspace>> {
        // Every membership the token sees passes by; only the distinct workspaces are kept.
        let mut workspaces = DistinctWorkspaces::default();
        self.memberships(
            "list workspaces",
            WORKSPACE_LISTING_PATH,
            &[("expand", WORKSPACE_LISTING_EXPAND.to_string())],
            &mut workspaces,
        )
        .await?;
        let mut workspaces = workspaces.list;
        workspaces.sort_by_key(|a| a.name.to_lowercase());
        Ok(workspaces)
    }

    async fn list_members_into(
        &self,
        workspace: &Workspace,
        _include_inherited: bool,
        sink: &mut dyn ItemSink<Member>,
    ) -> Result<()> {
        // AskUI has no inherited access, so the direct list is the whole list.
        self.workspace_memberships(
            "list members",
            workspace,
            &mut Keep::new(sink, |m| Some(member_from(m))),
        )
        .await
    }

    async fn list_roles(&self, _workspace: &Workspace) -> Result<Vec<Role>> {
        Ok(ROLES.iter().map(|(wire, _)| role_for(wire)).collect())
    }

    async fn add_member(
        &self,
        workspace: &Workspace,
        user: &UserRef,
        role: &Role,
    ) -> Result<ChangeReport> {
        const OP: &str = "add member";
        let mut report = ChangeReport::default();
        let user_id = match user {
            UserRef::Id(id) => id.clone(),
            UserRef::Email(email) => {
                let id = self.user_id_for_email(OP, email).await?;
                report.steps.push(format!(
                    "GET /{USER_LOOKUP_PATH}?expand=user: {email} is user {id}"
                ));
                id
            }
        };
        let label = user.as_str();
        let privilege = wire_privilege(role);
        match self
            .create_membership(OP, workspace, &user_id, &privilege)
            .await
        {
            Ok(answer) => {
                let created: CreatedDto = self.api.decode(OP, &answer).unwrap_or_default();
                let membership = created.id.as_deref().unwrap_or("?");
                report.steps.push(format!(
                    "POST /{MEMBERSHIPS_PATH}: added {label} to {} as {} (membership {membership})",
                    workspace.name,
                    role_for(&privilege).name
                ));
                note_request(&mut report, &answer);
                Ok(report)
            }
            Err(e) if e.kind == ErrorKind::Conflict => {
                Err(self.already_member(OP, workspace, &user_id, label, e).await)
            }
            // Any other failure, a lost answer included, is judged by the engine's fresh read.
            Err(e) => Err(e),
        }
    }

    async fn set_role(
        &self,
        workspace: &Workspace,
        member: &Member,
        role: &Role,
    ) -> Result<ChangeReport> {
        self.change_role(workspace, member, role).await
    }

    async fn remove_member(&self, workspace: &Workspace, member: &Member) -> Result<ChangeReport> {
        const OP: &str = "remove member";
        let mut report = ChangeReport::default();
        let handle = self.handle_of(OP, workspace, member).await?;
        let label = member_label(member);
        match self.delete_membership(OP, &handle).await {
            Ok(answer) => {
                report.steps.push(format!(
                    "DELETE /{MEMBERSHIPS_PATH}/{handle}: removed {label} from {}",
                    workspace.name
                ));
                note_request(&mut report, &answer);
                Ok(report)
            }
            // A lost answer, or the 404 of a retried DELETE whose first try applied, is judged by
            // the engine's fresh read.
            Err(e) => Err(e),
        }
    }

    async fn create_workspace(&self, new: &NewWorkspace) -> Result<Workspace> {
        const OP: &str = "create workspace";
        let name = new.name.trim();
        if name.is_empty() {
            return Err(Error::usage("askui: the workspace name is empty"));
        }
        let billing = new.option("billing_email").ok_or_else(|| {
            Error::usage(
                "askui: creating a workspace needs a billing account email (--billing-email); \
                     AskUI requires one",
            )
        })?;
        let mut body = json!({ "name": name, "billingAccountEmail": billing });
        if let Some(first) = new.option("first_member") {
            body["firstMemberId"] = json!(first);
        }
        let answer = self
            .api
            .call(OP, Method::POST, WORKSPACES_PATH, Some(&body))
            .await
            .map_err(|e| {
                if http::is_ambiguous(&e) {
                    Error {
                        message: format!(
                            "{}; the workspace may have been created: list the workspaces before \
                             trying again",
                            e.message
                        ),
                        ..e
                    }
                } else {
                    e
                }
            })?;
        let created: WorkspaceDto = self.api.decode(OP, &answer)?;
        Ok(Workspace {
            name: created.name.unwrap_or_else(|| name.to_string()),
            id: created.id,
        })
    }
}

/// This provider's answer decoders, for the fuzz harnesses ([`super::fuzzing`]).
pub(crate) fn fuzz_decoders() -> Vec<super::fuzzing::Decoder> {
    use super::fuzzing::{Decoder, envelope, listing, whole};
    vec![
        Decoder {
            name: "askui: membership listing",
            sample: r#"{"data": [{"id": "m-1", "userId": "u-1", "workspaceId": "w-1",
                "privileges": ["ROLE_WORKSPACE_ADMIN"], "user": {"email": "ada@example.com",
                "name": "Ada"}, "workspace": {"id": "w-1", "name": "Design"}}], "hasMore": false}"#,
            decode: |b, c| {
                listing::<MembershipDto, MembershipList, Member>(b, c, ItemsAt::Key("data"), |m| {
                    Some(member_from(m))
                })
            },
        },
        Decoder {
            name: "askui: created membership",
            sample: r#"{"id": "m-1", "userId": "u-1", "workspaceId": "w-1", "privileges": []}"#,
            decode: |b, _| whole::<CreatedDto>(b),
        },
        Decoder {
            name: "askui: created workspace",
            sample: r#"{"id": "w-1", "name": "Design"}"#,
            decode: |b, _| whole::<WorkspaceDto>(b),
        },
        Decoder {
            name: "askui: error envelope",
            sample: r#"{"detail": [{"loc": ["body", "userId"], "msg": "Field required"}]}"#,
            decode: |b, _| envelope(decode_error, b),
        },
    ]
}
