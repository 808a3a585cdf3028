//! Dreadnode platform API client (`../shared/api/providers.md` §2, README "API assumptions").
//!
//! Everything lives under one organisation (profile key `org`), and workspaces are addressed by their
//! key (slug), which is the workspace ID roster uses. Adding takes an email; adding by user ID looks
//! the email up among the organisation's members first.

mod wire;

use super::settle::note_request;
use super::{
    Keep, Provider, ProviderConfig, ProviderModule, ProviderSettings, SettingError, looks_like_jwt,
};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{self, ApiClient, AuthHeader, Budget, ItemSink, ItemsAt};
use crate::model::{
    Access, Capabilities, ChangeReport, Member, MemberKind, NewWorkspace, ProviderKind, Role,
    Support, UserRef, Workspace,
};
use crate::secret::Secret;
use async_trait::async_trait;
use reqwest::{Method, Url};
use serde::de::IgnoredAny;
use serde_json::json;
use std::sync::Arc;
use wire::{OrgMemberDto, PermissionDto, WorkspaceDto, classify_error, decode_error};

/// Production base URL (ASSUMPTION, providers.md §2 "Base URL": the SaaS app host; self-hosted installs set their own).
pub const DEFAULT_BASE_URL: &str = "https://app.dreadnode.io";

/// Dreadnode's name in config files and output, and its product name.
pub const KIND: ProviderKind = ProviderKind::new("dreadnode", "Dreadnode");

/// What [`crate::registry`] knows of Dreadnode: its name, default address and how its client is built.
pub const MODULE: ProviderModule = ProviderModule {
    kind: KIND,
    default_base_url: DEFAULT_BASE_URL,
    settings: &["org", "auth"],
    check_settings,
    build: |config| Ok(Arc::new(Dreadnode::new(config)?)),
    fuzz_decoders,
};

/// Name used in messages and logs.
const PROVIDER: &str = "dreadnode";

/// List workspaces (GET, organizations page, providers.md §2) and create one (POST
/// `{name, key, description?}` → 201, SDK `create_workspace`).
const WORKSPACES_PATH: &str = "api/v1/org/{org}/ws";
/// Add a user by email: POST `{email, permission}` → 200 permission object (seed 002).
const ADD_USER_PATH: &str = "api/v1/org/{org}/ws/{ws}/users";
/// ASSUMPTION (providers.md §2 endpoint table, §6 question 4): a workspace's users are listed by GET
/// on the add path, as a bare array of `WorkspaceUserPermissionResponse`.
const LIST_USERS_PATH: &str = "api/v1/org/{org}/ws/{ws}/users";
/// Change a permission: PUT `{permission}` → 200 (update_workspace_user_permission page, §2).
const SET_PERMISSION_PATH: &str = "api/v1/org/{org}/ws/{ws}/users/{user}";
/// ASSUMPTION (providers.md §2 endpoint table, §6 question 4): removal is DELETE on the documented
/// PUT path → 204.
const REMOVE_USER_PATH: &str = "api/v1/org/{org}/ws/{ws}/users/{user}";
/// ASSUMPTION (providers.md §2: the path is on the organizations page, its answer is not): the
/// organisation's members as a bare array of `{user_id, email, name, role}`.
const ORG_MEMBERS_PATH: &str = "api/v1/org/{org}/members";

/// The workspace permission enum (seed 002); wire value and shown name are the same.
const ROLES: [&str; 3] = ["owner", "contributor", "reader"];

/// How a Dreadnode API key is sent (profile key `auth`). The published API reference (seed 002)
/// documents `Authorization: Bearer <token>`, the default; the Python SDK sends `X-API-Key`, kept
/// for servers that expect the SDK's header. A JWT always goes as `Bearer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthMode {
    /// `Authorization: Bearer <token>` (the published reference).
    #[default]
    Bearer,
    /// `X-API-Key: <token>` (the Python SDK's header).
    XApiKey,
}

impl AuthMode {
    /// The values the profile key `auth` accepts.
    pub const VALUES: [&'static str; 2] = ["bearer", "x-api-key"];

    /// Reads the profile key `auth` (case-insensitive).
    pub fn parse(value: &str) -> Option<AuthMode> {
        match value.trim().to_ascii_lowercase().as_str() {
            "bearer" => Some(AuthMode::Bearer),
            "x-api-key" => Some(AuthMode::XApiKey),
            _ => None,
        }
    }
}

/// Dreadnode's own profile keys: `org`, the organisation slug (needed to build a client), and
/// `auth`, how the API key is sent.
fn settings(s: &ProviderSettings) -> Result<(Option<&str>, AuthMode), SettingError> {
    let org = s.text("org")?;
    let mode = match s.one_of("auth", &AuthMode::VALUES)? {
        Some(value) => AuthMode::parse(value).unwrap_or_default(),
        None => AuthMode::default(),
    };
    Ok((org, mode))
}

/// [`settings`] for the registry's check when the config is read.
fn check_settings(s: &ProviderSettings) -> Result<(), SettingError> {
    settings(s).map(drop)
}

/// Client of the Dreadnode platform API.
#[derive(Debug)]
pub struct Dreadnode {
    api: ApiClient,
    org: String,
    caps: Capabilities,
}

impl Dreadnode {
    /// Builds the client: `Authorization: Bearer <token>` as the published reference documents, or
    /// `X-API-Key` for API keys when the profile sets `auth = "x-api-key"` ([`AuthMode`]); a JWT
    /// always goes as `Bearer`. The profile must name the organisation (`org`).
    pub fn new(config: ProviderConfig) -> Result<Self> {
        let (org, mode) =
            settings(&config.settings).map_err(|e| Error::usage(format!("dreadnode: {e}")))?;
        let org = org
            .ok_or_else(|| {
                Error::usage(
                    "dreadnode: the profile needs `org`, the organisation slug (the ORG in \
                     https://app.dreadnode.io/ORG/...); add `org = \"...\"` to the profile",
                )
            })?
            .to_string();
        if config.token.is_empty() {
            return Err(Error::usage(
                "dreadnode: the profile's token is empty; set an API key",
            ));
        }
        let token = config.token.expose();
        let auth = if looks_like_jwt(token) || mode == AuthMode::Bearer {
            AuthHeader {
                name: "Authorization",
                value: Secret::new(format!("Bearer {token}")),
            }
        } else {
            AuthHeader {
                name: "X-API-Key",
                value: config.token.clone(),
            }
        };
        let mut api = ApiClient::new(
            PROVIDER,
            &config.base_url,
            auth,
            config.http.clone(),
            decode_error,
        )?
        .with_error_classifier(classify_error);
        if let Some(observer) = config.observer {
            api = api.with_observer(observer);
        }
        Ok(Dreadnode {
            api,
            org,
            caps: capabilities(),
        })
    }

    /// Fills a path template: `{org}`, `{ws}` and `{user}` become percent-encoded path segments.
    fn url(&self, template: &str, workspace: &str, user: &str) -> Result<Url> {
        let mut url = self.api.url("")?;
        let parts: Vec<&str> = template
            .split('/')
            .map(|part| match part {
                "{org}" => self.org.as_str(),
                "{ws}" => workspace,
                "{user}" => user,
                literal => literal,
            })
            .collect();
        url.path_segments_mut()
            .map_err(|_| Error::usage("dreadnode: the base URL cannot take a path"))?
            .pop_if_empty()
            .extend(parts);
        Ok(url)
    }

    /// The path of `url` for report steps.
    fn step_path(url: &Url) -> String {
        url.path().to_string()
    }

    /// The grants of `workspace`, each turned into a member for `sink` as it is decoded.
    async fn permissions(
        &self,
        operation: &str,
        workspace: &Workspace,
        sink: &mut dyn ItemSink<Member>,
    ) -> Result<()> {
        let url = self.url(LIST_USERS_PATH, &workspace.id, "")?;
        self.api
            .get_items::<PermissionDto, IgnoredAny>(
                operation,
                url,
                ItemsAt::Root,
                &mut Keep::new(sink, |p| Some(member_from(p))),
                &mut Budget::listing(),
            )
            .await
            .map(drop)
            .map_err(|e| e.in_workspace(&workspace.name))
    }

    /// The current grant of `user` (email or ID) in `workspace`, if any.
    async fn find_member(
        &self,
        operation: &str,
        workspace: &Workspace,
        user: &UserRef,
    ) -> Result<Option<Member>> {
        let mut members = Vec::new();
        self.permissions(operation, workspace, &mut members).await?;
        Ok(members.into_iter().find(|m| m.is(user)))
    }

    /// The email of organisation member `user_id`.
    async fn email_for_id(&self, operation: &str, user_id: &str) -> Result<String> {
        let url = self.url(ORG_MEMBERS_PATH, "", "")?;
        // Only the member asked for is kept, however large the organisation.
        let mut found: Vec<OrgMemberDto> = Vec::new();
        self.api
            .get_items::<OrgMemberDto, IgnoredAny>(
                operation,
                url,
                ItemsAt::Root,
                &mut Keep::new(&mut found, |m: OrgMemberDto| {
                    (m.user_id == user_id).then_some(m)
                }),
                &mut Budget::listing(),
            )
            .await?;
        let member = found.into_iter().next().ok_or_else(|| {
            Error::new(
                ErrorKind::NotFound,
                PROVIDER,
                operation,
                format!(
                    "no member of Dreadnode organisation {} has user ID {user_id}; Dreadnode \
                         adds only organisation members (check the ID, or invite them to the \
                         organisation first)",
                    self.org
                ),
            )
        })?;
        member
            .email
            .filter(|e| !e.trim().is_empty())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Decode,
                    PROVIDER,
                    operation,
                    format!("the organisation member list shows no email for user {user_id}"),
                )
            })
    }

    /// The Conflict error for adding someone who is already a member, naming their current role.
    async fn already_member(
        &self,
        operation: &str,
        workspace: &Workspace,
        user: &UserRef,
        server: Error,
    ) -> Error {
        let role = match self.find_member(operation, workspace, user).await {
            Ok(Some(m)) => format!(" (role {})", m.role.name),
            _ => String::new(),
        };
        Error {
            message: format!(
                "{user} is already a member of {}{role}; change their role instead",
                workspace.name
            ),
            ..server
        }
    }
}

/// What Dreadnode can do, in words an admin understands.
fn capabilities() -> Capabilities {
    Capabilities {
        list_workspaces: Support::Native,
        inherited_members: Support::Unsupported(
            "Dreadnode has no documented endpoint for team grants, so access through teams cannot \
             be listed; check team access in the Dreadnode web app",
        ),
        add_by_id: Support::Emulated(
            "Dreadnode adds people by email: roster looks the user ID up among the organisation's \
             members and adds that email",
        ),
        add_by_email: Support::Native,
        set_role: Support::Native,
        remove: Support::Native,
        create_workspace: Support::Native,
        has_groups: false,
        roles_per_workspace: false,
        rewrites_member_list: false,
    }
}

/// The wire permission for a role given by the caller; unknown values go to the server unchanged so
/// its validation explains the mistake.
fn wire_permission(role: &Role) -> String {
    ROLES
        .iter()
        .find(|r| role.matches(r))
        .map_or_else(|| role.id.clone(), |r| r.to_string())
}

/// A listing row for a permission grant.
fn member_from(p: PermissionDto) -> Member {
    Member {
        id: p.user_id,
        email: p.user_email,
        name: p.user_name,
        role: Role::named(&p.permission),
        access: Access::Direct,
        kind: MemberKind::User,
        handle: None,
    }
}

/// A workspace key derived from its name: lowercase ASCII letters and digits, everything else `-`
/// (runs collapsed, none at either end), e.g. `Red Team (EU)` → `red-team-eu`.
pub fn derive_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.is_empty() && !key.ends_with('-') {
            key.push('-');
        }
    }
    key.trim_end_matches('-').to_string()
}

/// How to name a member in messages: email when known, else ID.
fn member_label(member: &Member) -> &str {
    member.email.as_deref().unwrap_or(&member.id)
}

#[async_trait]
impl Provider for Dreadnode {
    fn kind(&self) -> ProviderKind {
        KIND
    }

    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }

    async fn list_workspaces(&self) -> Result<Vec<Workspace>> {
        let url = self.url(WORKSPACES_PATH, "", "")?;
        let mut workspaces = Vec::new();
        self.api
            .get_items::<WorkspaceDto, IgnoredAny>(
                "list workspaces",
                url,
                ItemsAt::Root,
                &mut Keep::new(&mut workspaces, |w: WorkspaceDto| {
                    Some(Workspace {
                        name: w
                            .name
                            .filter(|n| !n.is_empty())
                            .unwrap_or_else(|| w.key.clone()),
                        id: w.key,
                    })
                }),
                &mut Budget::listing(),
            )
            .await?;
        Ok(workspaces)
    }

    async fn list_members_into(
        &self,
        workspace: &Workspace,
        _include_inherited: bool,
        sink: &mut dyn ItemSink<Member>,
    ) -> Result<()> {
        // Team grants cannot be listed (no endpoint), so only direct grants are returned.
        self.permissions("list members", workspace, sink).await
    }

    async fn list_roles(&self, _workspace: &Workspace) -> Result<Vec<Role>> {
        Ok(ROLES.iter().map(|r| Role::named(r)).collect())
    }

    async fn add_member(
        &self,
        workspace: &Workspace,
        user: &UserRef,
        role: &Role,
    ) -> Result<ChangeReport> {
        const OP: &str = "add member";
        let mut report = ChangeReport::default();
        let email = match user {
            UserRef::Email(email) => email.clone(),
            UserRef::Id(id) => {
                let email = self.email_for_id(OP, id).await?;
                report.steps.push(format!(
                    "GET {}: user {id} is {email}",
                    Self::step_path(&self.url(ORG_MEMBERS_PATH, "", "")?)
                ));
                email
            }
        };
        let permission = wire_permission(role);
        let url = self.url(ADD_USER_PATH, &workspace.id, "")?;
        let path = Self::step_path(&url);
        let body = json!({ "email": email, "permission": permission });
        match self.api.send(OP, Method::POST, url, Some(&body)).await {
            Ok(answer) => {
                report.steps.push(format!(
                    "POST {path}: added {email} to {} as {permission}",
                    workspace.name
                ));
                note_request(&mut report, &answer);
                Ok(report)
            }
            Err(e) if e.kind == ErrorKind::Conflict => {
                Err(self.already_member(OP, workspace, user, e).await)
            }
            Err(e) if e.kind == ErrorKind::NotFound => Err(Error {
                message: format!(
                    "{}; Dreadnode adds only people who already belong to organisation {} (check \
                     the email and the workspace, or invite them to the organisation first)",
                    e.message, self.org
                ),
                ..e
            }),
            // A lost answer is judged by the engine's fresh read, never by sending again.
            Err(e) => Err(e),
        }
    }

    async fn set_role(
        &self,
        workspace: &Workspace,
        member: &Member,
        role: &Role,
    ) -> Result<ChangeReport> {
        const OP: &str = "set role";
        let permission = wire_permission(role);
        let url = self.url(SET_PERMISSION_PATH, &workspace.id, &member.id)?;
        let path = Self::step_path(&url);
        let body = json!({ "permission": permission });
        let mut report = ChangeReport::default();
        // PUT is idempotent, so the HTTP layer may retry it safely; an answer still unclear after
        // that is settled by re-reading.
        let answer = self.api.send(OP, Method::PUT, url, Some(&body)).await?;
        report.steps.push(format!(
            "PUT {path}: {} is now {permission} in {}",
            member_label(member),
            workspace.name
        ));
        note_request(&mut report, &answer);
        Ok(report)
    }

    async fn remove_member(&self, workspace: &Workspace, member: &Member) -> Result<ChangeReport> {
        const OP: &str = "remove member";
        let url = self.url(REMOVE_USER_PATH, &workspace.id, &member.id)?;
        let path = Self::step_path(&url);
        let label = member_label(member);
        let mut report = ChangeReport::default();
        match self.api.send(OP, Method::DELETE, url, None).await {
            Ok(answer) => {
                report.steps.push(format!(
                    "DELETE {path}: removed {label} from {}",
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
            return Err(Error::usage("dreadnode: the workspace name is empty"));
        }
        let key = match new.option("key") {
            Some(key) => key.to_string(),
            None => derive_key(name),
        };
        if key.is_empty() {
            return Err(Error::usage(format!(
                "dreadnode: cannot derive a workspace key from {name:?}; give one with --key"
            )));
        }
        let mut body = json!({ "name": name, "key": key });
        if let Some(description) = new.description.as_deref().filter(|d| !d.trim().is_empty()) {
            body["description"] = json!(description);
        }
        let url = self.url(WORKSPACES_PATH, "", "")?;
        let answer = self
            .api
            .send(OP, Method::POST, url, Some(&body))
            .await
            .map_err(|e| {
                if http::is_ambiguous(&e) {
                    Error {
                        message: format!(
                            "{}; workspace {key} may have been created: list the workspaces \
                             before trying again",
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
            id: created.key,
        })
    }
}

/// This provider's answer decoders, for the fuzz harnesses ([`super::fuzzing`]).
pub(crate) fn fuzz_decoders() -> Vec<super::fuzzing::Decoder> {
    use super::fuzzing::{Decoder, envelope, listing, whole};
    vec![
        Decoder {
            name: "dreadnode: member listing",
            sample: r#"[{"id": "g1", "permission": "owner", "user_email": "ada@example.com",
                "user_id": "u-1", "user_name": "Ada", "workspace_id": "w"}]"#,
            decode: |b, c| {
                listing::<PermissionDto, IgnoredAny, Member>(b, c, ItemsAt::Root, |p| {
                    Some(member_from(p))
                })
            },
        },
        Decoder {
            name: "dreadnode: workspace listing",
            sample: r#"[{"id": "x", "key": "red-team", "name": "Red Team"}]"#,
            decode: |b, c| {
                listing::<WorkspaceDto, IgnoredAny, WorkspaceDto>(b, c, ItemsAt::Root, Some)
            },
        },
        Decoder {
            name: "dreadnode: organisation members",
            sample: r#"[{"user_id": "u-1", "email": "ada@example.com", "role": "member"}]"#,
            decode: |b, c| {
                listing::<OrgMemberDto, IgnoredAny, OrgMemberDto>(b, c, ItemsAt::Root, Some)
            },
        },
        Decoder {
            name: "dreadnode: created workspace",
            sample: r#"{"key": "red-team", "name": "Red Team"}"#,
            decode: |b, _| whole::<WorkspaceDto>(b),
        },
        Decoder {
            name: "dreadnode: error envelope",
            sample: r#"{"code": 422, "detail": "Validation error", "type": "validation_error",
                "errors": [{"loc": ["body", "permission"], "msg": "bad", "type": "enum"}]}"#,
            decode: |b, _| envelope(decode_error, b),
        },
        Decoder {
            name: "dreadnode: error classifier",
            sample: r#"{"code": 429, "detail": "Insufficient credits", "type": "rate_limited"}"#,
            decode: |b, _| Ok(usize::from(classify_error(429, b).is_some())),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_slugs_of_the_name() {
        assert_eq!(derive_key("Red Team (EU)"), "red-team-eu");
        assert_eq!(derive_key("  ML__Ops 2 "), "ml-ops-2");
        assert_eq!(derive_key("Équipe"), "quipe");
        assert_eq!(derive_key("!!!"), "");
    }
}
