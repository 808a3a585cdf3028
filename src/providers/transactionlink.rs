//! TransactionLink API client (`../shared/api/providers.md` §4, README "API assumptions").
//!
//! Roles belong to each workspace and are listed by the API, never hard-coded. Memberships carry only
//! user IDs, so every member listing is joined with the organisation's users, read once and shared
//! by the listings that follow a workspace listing (`users.rs`). The membership `PUT` is an
//! upsert: roster lists members first so that "add" never silently changes an existing member's role and
//! "change role" never re-adds someone who was removed meanwhile. (A change landing between that check
//! and the `PUT` cannot be caught: the API has no conditional write.)

mod users;
mod wire;

use super::{Provider, ProviderConfig};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{ApiClient, AuthHeader};
use crate::model::{
    Access, Capabilities, ChangeReport, Member, MemberKind, NewWorkspace, ProviderKind, Role,
    Support, UserRef, Workspace,
};
use async_trait::async_trait;
use futures::StreamExt;
use reqwest::Method;
use serde_json::json;
use std::collections::HashSet;
use users::UsersCache;
use wire::{MembershipDto, RoleRef, UserDto, UserPage, WorkspaceDto};

/// Production base URL (providers.md §4 "Base URL").
pub const DEFAULT_BASE_URL: &str = "https://api.transactionlink.io";

/// Workspaces the token may view (providers.md §4, organization page ¹³).
const WORKSPACES: &str = "/organizations/workspaces";
/// ASSUMPTION (providers.md §4 endpoint table, open question 9): the per-workspace roles listing, whose
/// path was cut off in the docs excerpt.
const WORKSPACE_ROLES: &str = "/organizations/workspaces/{workspaceId}/roles";
/// Direct memberships (providers.md §4, memberships page ¹⁴).
const DIRECT_MEMBERSHIPS: &str = "/workspaces/{workspaceId}/memberships";
/// Direct and inherited (organisation admin) memberships (providers.md §4 ¹⁴).
const ORGANIZATION_MEMBERSHIPS: &str = "/organizations/workspaces/{workspaceId}/memberships";
/// Add, update (`PUT`, an upsert) or remove (`DELETE`) one membership (providers.md §4 ¹⁴).
const MEMBERSHIP: &str = "/workspaces/{workspaceId}/memberships/{userId}";
/// The organisation's users, paged (providers.md §4, users page ¹⁵).
const USERS: &str = "/organizations/users";
/// ASSUMPTION (providers.md §4 "Pagination", open question 9): Spring-style paging parameters, pages
/// numbered from 0.
const PAGE_PARAM: &str = "page";
/// ASSUMPTION: see [`PAGE_PARAM`].
const SIZE_PARAM: &str = "size";
/// ASSUMPTION (providers.md §4 "Membership schema"): inherited organisation owners/admins carry a role of
/// this type in the organisation-level list.
const ORGANIZATION_ROLE_TYPE: &str = "ORGANIZATION";

/// Users requested per page.
const PAGE_SIZE: u32 = 100;
/// A server that keeps reporting more pages past this many is broken; stop with an error.
const MAX_PAGES: u64 = 1_000;

const PROVIDER: &str = "transactionlink";

/// Client of one TransactionLink organisation token.
#[derive(Debug)]
pub struct TransactionLink {
    api: ApiClient,
    caps: Capabilities,
    /// The organisation's users, shared by the member listings of one workspace listing.
    users: UsersCache,
}

impl TransactionLink {
    /// Builds the client. The token goes in `Authorization` as it is, with no scheme word.
    pub fn new(config: ProviderConfig) -> Result<Self> {
        if config.token.is_empty() {
            return Err(Error::usage(
                "transactionlink: the profile's organization token is empty",
            ));
        }
        let auth = AuthHeader {
            name: "Authorization",
            value: config.token.clone(),
        };
        let mut api = ApiClient::new(
            PROVIDER,
            &config.base_url,
            auth,
            config.http,
            wire::decode_error,
        )?;
        if let Some(observer) = config.observer {
            api = api.with_observer(observer);
        }
        Ok(TransactionLink {
            api,
            caps: Capabilities {
                list_workspaces: Support::Native,
                inherited_members: Support::Native,
                add_by_id: Support::Native,
                add_by_email: Support::Emulated(
                    "TransactionLink adds members by user ID: roster pages through the \
                     organisation's users to find the email",
                ),
                set_role: Support::Native,
                remove: Support::Native,
                create_workspace: Support::Unsupported(
                    "the TransactionLink API has no endpoint to create workspaces; create it in \
                     the dashboard",
                ),
                has_groups: false,
                roles_per_workspace: true,
                rewrites_member_list: false,
            },
            users: UsersCache::default(),
        })
    }

    async fn roles(&self, op: &str, ws: &str) -> Result<Vec<RoleRef>> {
        self.api
            .get_json(op, &fill(WORKSPACE_ROLES, ws, ""), &[])
            .await
    }

    async fn direct_memberships(&self, op: &str, ws: &str) -> Result<Vec<MembershipDto>> {
        self.api
            .get_json(op, &fill(DIRECT_MEMBERSHIPS, ws, ""), &[])
            .await
    }

    /// Every user of the organisation: `totalPages` pages. The first two are read in turn, so a
    /// server that ignores the page parameter is caught after one wasted request; the rest, whose
    /// count is then known, are read up to the profile's `max_concurrency` at a time (a crawl waits
    /// for them before it can name anyone, and one page after another they took most of it). The
    /// first empty page ends the list.
    async fn all_users(&self, op: &str) -> Result<Vec<UserDto>> {
        let first = self.user_page(op, 0).await?;
        let total = first.total_pages;
        if total > MAX_PAGES {
            return Err(fail(
                ErrorKind::Decode,
                op,
                format!(
                    "the server still reports more user pages after {MAX_PAGES} pages ({total} \
                     in all); its paging looks broken, so roster stopped"
                ),
            ));
        }
        let mut users = first.content;
        if users.is_empty() || total <= 1 {
            return Ok(users);
        }
        let second = self.user_page(op, 1).await?;
        let more = !second.content.is_empty();
        users.extend(second.content);
        if !more || total <= 2 {
            return Ok(users);
        }
        let mut rest = futures::stream::iter(2..total)
            .map(|page| self.user_page(op, page))
            .buffered(self.api.settings().max_concurrency.max(1));
        while let Some(page) = rest.next().await {
            let page = page?;
            if page.content.is_empty() {
                break;
            }
            users.extend(page.content);
        }
        Ok(users)
    }

    /// One page of the organisation's users, checked to be the page asked for.
    async fn user_page(&self, op: &str, page: u64) -> Result<UserPage> {
        let query = [
            (PAGE_PARAM, page.to_string()),
            (SIZE_PARAM, PAGE_SIZE.to_string()),
        ];
        let answer: UserPage = self.api.get_json(op, USERS, &query).await?;
        if answer.number != page {
            return Err(fail(
                ErrorKind::Decode,
                op,
                format!(
                    "asked for user page {page} but the server answered page {}; its paging \
                     does not work as documented, so roster stopped",
                    answer.number
                ),
            ));
        }
        Ok(answer)
    }

    /// The workspace's role that `role` names: by UUID when it is one, otherwise by name.
    async fn resolve_role(
        &self,
        op: &str,
        ws: &str,
        workspace: &Workspace,
        role: &Role,
        report: &mut ChangeReport,
    ) -> Result<RoleRef> {
        let roles = self.roles(op, ws).await?;
        report.steps.push(format!(
            "GET {}: {} roles",
            fill(WORKSPACE_ROLES, ws, ""),
            roles.len()
        ));
        let wanted = role.id.trim();
        let found = if uuid::Uuid::parse_str(wanted).is_ok() {
            roles.iter().find(|r| r.id.eq_ignore_ascii_case(wanted))
        } else {
            roles
                .iter()
                .find(|r| r.name.eq_ignore_ascii_case(role.name.trim()))
        };
        found.cloned().ok_or_else(|| {
            let names: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
            Error::usage(format!(
                "{:?} is not a role of workspace {}; its roles are: {}",
                role.name,
                workspace.name,
                if names.is_empty() {
                    "(none listed)".to_string()
                } else {
                    names.join(", ")
                }
            ))
            .in_context(PROVIDER, op)
        })
    }

    /// PUT the membership (an upsert) and record the step.
    async fn put_membership(
        &self,
        op: &str,
        ws: &str,
        user: &str,
        role: &RoleRef,
        what: &str,
        report: &mut ChangeReport,
    ) -> Result<()> {
        let path = fill(MEMBERSHIP, ws, user);
        let body = json!({"userId": user, "roleId": role.id});
        // Still unclear after the HTTP layer's retries: the engine's fresh read tells whether it
        // landed.
        let answer = self.api.call(op, Method::PUT, &path, Some(&body)).await?;
        report.steps.push(format!(
            "PUT {path}: {what} with role {} (HTTP {})",
            role.name, answer.status
        ));
        report.request_ids.extend(answer.request_id);
        Ok(())
    }
}

#[async_trait]
impl Provider for TransactionLink {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Transactionlink
    }

    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }

    async fn list_workspaces(&self) -> Result<Vec<Workspace>> {
        // A new listing of workspaces starts a new scope for the users index (see users.rs).
        self.users.forget().await;
        let items: Vec<WorkspaceDto> = self
            .api
            .get_json("list workspaces", WORKSPACES, &[])
            .await?;
        Ok(items
            .into_iter()
            .map(|w| Workspace {
                id: w.id,
                name: w.name.unwrap_or_default(),
            })
            .collect())
    }

    async fn list_members(
        &self,
        workspace: &Workspace,
        include_inherited: bool,
    ) -> Result<Vec<Member>> {
        const OP: &str = "list members";
        let ws = uuid_id(OP, "workspace", &workspace.id)?;
        let direct = self.direct_memberships(OP, ws).await?;
        let everyone: Vec<MembershipDto> = if include_inherited {
            self.api
                .get_json(OP, &fill(ORGANIZATION_MEMBERSHIPS, ws, ""), &[])
                .await?
        } else {
            Vec::new()
        };
        let needed: Vec<String> = direct
            .iter()
            .chain(&everyone)
            .map(|m| m.user_id.to_ascii_lowercase())
            .collect();
        let users = self.users.get(&needed, || self.all_users(OP)).await?;
        let direct_ids: HashSet<String> = direct
            .iter()
            .map(|m| m.user_id.to_ascii_lowercase())
            .collect();
        let row = |m: &MembershipDto, access: Access| {
            let user = users.get(&m.user_id.to_ascii_lowercase());
            Member {
                id: m.user_id.clone(),
                email: user.map(|u| u.email.clone()),
                name: user.and_then(UserDto::full_name),
                role: Role {
                    id: m.role.id.clone(),
                    name: m.role.name.clone(),
                },
                access,
                kind: MemberKind::User,
                handle: None,
            }
        };
        let mut members: Vec<Member> = direct.iter().map(|m| row(m, Access::Direct)).collect();
        // The organisation-level list repeats the direct members; what it adds is inherited. An
        // organisation owner or admin who also has a direct grant keeps both rows: the grant, and
        // the organisation role that gives them more.
        for m in everyone.iter().filter(|m| {
            !direct_ids.contains(&m.user_id.to_ascii_lowercase()) || is_organisation_role(&m.role)
        }) {
            members.push(row(
                m,
                Access::Inherited {
                    via: via_label(&m.role),
                },
            ));
        }
        Ok(members)
    }

    async fn list_roles(&self, workspace: &Workspace) -> Result<Vec<Role>> {
        const OP: &str = "list roles";
        let ws = uuid_id(OP, "workspace", &workspace.id)?;
        Ok(self
            .roles(OP, ws)
            .await?
            .into_iter()
            .map(|r| Role {
                id: r.id,
                name: r.name,
            })
            .collect())
    }

    async fn add_member(
        &self,
        workspace: &Workspace,
        user: &UserRef,
        role: &Role,
    ) -> Result<ChangeReport> {
        const OP: &str = "add member";
        let ws = uuid_id(OP, "workspace", &workspace.id)?;
        let mut report = ChangeReport::default();
        let role = self
            .resolve_role(OP, ws, workspace, role, &mut report)
            .await?;
        let user_id = match user {
            UserRef::Id(id) => uuid_id(OP, "user", id)?.to_string(),
            UserRef::Email(email) => {
                let users = self.all_users(OP).await?;
                self.users.store(&users).await;
                report.steps.push(format!(
                    "GET {USERS} (all pages): looked up {email} among {} users",
                    users.len()
                ));
                let found = users
                    .iter()
                    .find(|u| u.email.trim().eq_ignore_ascii_case(email.trim()))
                    .ok_or_else(|| {
                        fail(
                            ErrorKind::NotFound,
                            OP,
                            format!(
                                "no user of your TransactionLink organisation has the email \
                                 {email}; people outside the organisation must be invited in \
                                 TransactionLink first, then added here"
                            ),
                        )
                    })?;
                found.id.clone()
            }
        };
        // PUT is an upsert: the engine's precheck has just read that they are not a member, so it
        // does not silently change an existing member's role.
        self.put_membership(OP, ws, &user_id, &role, "added", &mut report)
            .await?;
        Ok(report)
    }

    async fn set_role(
        &self,
        workspace: &Workspace,
        member: &Member,
        role: &Role,
    ) -> Result<ChangeReport> {
        const OP: &str = "change role";
        let ws = uuid_id(OP, "workspace", &workspace.id)?;
        let user = direct_user(OP, member)?;
        let mut report = ChangeReport::default();
        let role = self
            .resolve_role(OP, ws, workspace, role, &mut report)
            .await?;
        // PUT is an upsert: the engine's precheck has just read that they still hold the role the
        // admin saw, so a removal or a role change made meanwhile is not silently overwritten.
        self.put_membership(OP, ws, user, &role, "changed", &mut report)
            .await?;
        Ok(report)
    }

    async fn remove_member(&self, workspace: &Workspace, member: &Member) -> Result<ChangeReport> {
        const OP: &str = "remove member";
        let ws = uuid_id(OP, "workspace", &workspace.id)?;
        let user = direct_user(OP, member)?;
        let path = fill(MEMBERSHIP, ws, user);
        let mut report = ChangeReport::default();
        match self.api.call(OP, Method::DELETE, &path, None).await {
            Ok(answer) => {
                report
                    .steps
                    .push(format!("DELETE {path}: removed (HTTP {})", answer.status));
                report.request_ids.extend(answer.request_id);
                Ok(report)
            }
            // A lost answer, or the 404 of a retried DELETE whose first try applied, is judged by
            // the engine's fresh read.
            Err(e) => Err(e),
        }
    }

    async fn create_workspace(&self, _new: &NewWorkspace) -> Result<Workspace> {
        Err(fail(
            ErrorKind::Unsupported,
            "create workspace",
            "the TransactionLink API has no endpoint to create workspaces; create it in the dashboard",
        ))
    }
}

fn fail(kind: ErrorKind, op: &str, message: impl Into<String>) -> Error {
    Error::new(kind, PROVIDER, op, message)
}

/// Puts the IDs into a path template.
fn fill(template: &str, workspace: &str, user: &str) -> String {
    template
        .replace("{workspaceId}", workspace)
        .replace("{userId}", user)
}

/// TransactionLink IDs are UUIDs; anything else is refused before it reaches a URL.
fn uuid_id<'a>(op: &str, what: &str, id: &'a str) -> Result<&'a str> {
    let id = id.trim();
    uuid::Uuid::parse_str(id).map(|_| id).map_err(|_| {
        Error::usage(format!(
            "TransactionLink {what} IDs are UUIDs; {id:?} is not one"
        ))
        .in_context(PROVIDER, op)
    })
}

/// The member's user ID, if roster may change it (direct access only).
fn direct_user<'a>(op: &str, member: &'a Member) -> Result<&'a str> {
    if let Access::Inherited { via } = &member.access {
        return Err(fail(
            ErrorKind::Unsupported,
            op,
            format!(
                "{} has access as {via}, not through a workspace membership; change their \
                 organisation role in TransactionLink's organisation settings instead",
                member.label()
            ),
        ));
    }
    uuid_id(op, "user", &member.id)
}

/// How an organisation-level row got its access, from its role: `organisation admin` etc.
/// Whether `role` is an organisation role (an inherited owner or admin), not a workspace grant.
fn is_organisation_role(role: &RoleRef) -> bool {
    role.kind
        .as_deref()
        .is_some_and(|k| k.eq_ignore_ascii_case(ORGANIZATION_ROLE_TYPE))
}

fn via_label(role: &RoleRef) -> String {
    let name = role.name.trim().to_lowercase();
    let is_org = role
        .kind
        .as_deref()
        .is_some_and(|k| k.eq_ignore_ascii_case(ORGANIZATION_ROLE_TYPE));
    match (is_org, name.is_empty()) {
        (true, false) => format!("organisation {name}"),
        (true, true) => "organisation role".to_string(),
        (false, false) => format!("organisation level ({name})"),
        (false, true) => "organisation level".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_take_ids() {
        assert_eq!(fill(MEMBERSHIP, "w", "u"), "/workspaces/w/memberships/u");
        assert_eq!(
            fill(WORKSPACE_ROLES, "w", ""),
            "/organizations/workspaces/w/roles"
        );
    }

    #[test]
    fn ids_must_be_uuids() {
        let err = uuid_id("add member", "user", "../x").unwrap_err();
        assert!(err.to_string().contains("UUIDs"), "{err}");
        assert!(uuid_id("x", "user", "3f1c1d7e-8a5b-4c7e-9a39-0c3f8f1b2a10").is_ok());
    }

    #[test]
    fn organisation_rows_say_where_access_comes_from() {
        let role = |name: &str, kind: &str| RoleRef {
            id: "r".into(),
            name: name.into(),
            kind: Some(kind.into()),
        };
        assert_eq!(
            via_label(&role("admin", "ORGANIZATION")),
            "organisation admin"
        );
        assert_eq!(
            via_label(&role("Owner", "ORGANIZATION")),
            "organisation owner"
        );
    }
}
