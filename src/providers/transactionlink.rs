//! TransactionLink API client (`../shared/api/providers.md` §4, README "API assumptions").
//!
//! Roles belong to each workspace and are listed by the API, never hard-coded. Memberships carry only
//! user IDs, so every member listing is joined with the organisation's users, read once and shared
//! by the listings that follow a workspace listing (`users.rs`). The membership `PUT` is an
//! upsert: roster lists members first so that "add" never silently changes an existing member's role and
//! "change role" never re-adds someone who was removed meanwhile. (A change landing between that check
//! and the `PUT` cannot be caught: the API has no conditional write.)

mod join;
mod users;
mod wire;

use super::{Keep, Provider, ProviderConfig, ProviderModule};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{ApiClient, AuthHeader, Budget, ItemSink, ItemsAt};
use crate::model::{
    Access, Capabilities, ChangeReport, Member, NewWorkspace, ProviderKind, Role, Support, UserRef,
    Workspace,
};
use async_trait::async_trait;
use futures::StreamExt;
use join::Join;
use reqwest::Method;
use serde::de::IgnoredAny;
use serde_json::json;
use std::sync::Arc;
use users::{IndexBuilder, UserIndex, UsersCache};
use wire::{MembershipDto, RoleRef, UserDto, UserPage, WorkspaceDto};

/// Production base URL (providers.md §4 "Base URL").
pub const DEFAULT_BASE_URL: &str = "https://api.transactionlink.io";

/// TransactionLink's name in config files and output, and its product name.
pub const KIND: ProviderKind = ProviderKind::new("transactionlink", "TransactionLink");

/// What [`crate::registry`] knows of TransactionLink: its name, default address and how its client is built.
pub const MODULE: ProviderModule = ProviderModule {
    kind: KIND,
    default_base_url: DEFAULT_BASE_URL,
    settings: &[],
    check_settings: |_| Ok(()),
    build: |config| Ok(Arc::new(TransactionLink::new(config)?)),
    fuzz_decoders,
};

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
/// Users requested per page.
const PAGE_SIZE: u32 = 100;
/// A server that reports more pages than this is broken; stop with an error before reading them.
/// 5,000 pages are 500,000 users: what the index may keep ([`crate::http::LISTING_MAX`], about
/// 150 bytes a user) bounds memory, so this only bounds the requests a broken server can cause. At
/// 1,000 pages, an organisation of more than 100,000 users could not be listed at all.
const MAX_PAGES: u64 = 5_000;
/// Most one page of users may take while it waits to join the index (a real one takes about
/// 30 KB; several are in flight at once).
const PAGE_KEPT_MAX: usize = 8 * 1024 * 1024;

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

    /// Every user of the organisation: `totalPages` pages, into `users` as they arrive. The first
    /// two are read in turn, so a server that ignores the page parameter is caught after one wasted
    /// request; the rest, whose count is then known, are read up to the profile's
    /// `max_concurrency` at a time (a crawl waits for them before it can name anyone, and one page
    /// after another they took most of it). The first empty page ends the list. Each page is kept
    /// only until its users are in the index, and the index itself is bounded ([`IndexBuilder`]).
    async fn all_users(&self, op: &str, users: &mut IndexBuilder) -> Result<()> {
        let (first, items) = self.user_page(op, 0).await?;
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
        let empty = items.is_empty();
        self.index_page(op, users, items)?;
        if empty || total <= 1 {
            return Ok(());
        }
        // The size is known now: one allocation for the index, not one per doubling.
        users.reserve(total as usize * PAGE_SIZE as usize);
        let (_, second) = self.user_page(op, 1).await?;
        let more = !second.is_empty();
        self.index_page(op, users, second)?;
        if !more || total <= 2 {
            return Ok(());
        }
        let mut rest = futures::stream::iter(2..total)
            .map(|page| self.user_page(op, page))
            .buffered(self.api.settings().max_concurrency.max(1));
        while let Some(page) = rest.next().await {
            let (_, items) = page?;
            if items.is_empty() {
                break;
            }
            self.index_page(op, users, items)?;
        }
        Ok(())
    }

    /// The organisation's users as an index (see `users.rs`).
    async fn user_index(&self, op: &str) -> Result<UserIndex> {
        let mut users = IndexBuilder::default();
        self.all_users(op, &mut users).await?;
        Ok(users.finish().0)
    }

    /// Adds one page's users to the index.
    fn index_page(&self, op: &str, users: &mut IndexBuilder, page: Vec<UserDto>) -> Result<()> {
        for user in page {
            users
                .add(user)
                .map_err(|why| fail(ErrorKind::Decode, op, why))?;
        }
        Ok(())
    }

    /// One page of the organisation's users, checked to be the page asked for: its envelope and
    /// its users.
    async fn user_page(&self, op: &str, page: u64) -> Result<(UserPage, Vec<UserDto>)> {
        let query = [
            (PAGE_PARAM, page.to_string()),
            (SIZE_PARAM, PAGE_SIZE.to_string()),
        ];
        let url = self.api.url_with_query(USERS, &query)?;
        let mut users = Vec::new();
        // A page of 100 users is some 30 KB; a server sending far more on one page is refused
        // before several such pages in flight add up.
        let answer: UserPage = self
            .api
            .get_items(
                op,
                url,
                ItemsAt::Key("content"),
                &mut users,
                &mut Budget::of(PAGE_KEPT_MAX),
            )
            .await?;
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
        Ok((answer, users))
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
        KIND
    }

    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }

    async fn list_workspaces(&self) -> Result<Vec<Workspace>> {
        // A new listing of workspaces starts a new scope for the users index (see users.rs).
        self.users.forget().await;
        let mut workspaces = Vec::new();
        self.api
            .get_items::<WorkspaceDto, IgnoredAny>(
                "list workspaces",
                self.api.url(WORKSPACES)?,
                ItemsAt::Root,
                &mut Keep::new(&mut workspaces, |w: WorkspaceDto| {
                    Some(Workspace {
                        id: w.id,
                        name: w.name.unwrap_or_default(),
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
        include_inherited: bool,
        sink: &mut dyn ItemSink<Member>,
    ) -> Result<()> {
        const OP: &str = "list members";
        let ws = uuid_id(OP, "workspace", &workspace.id)?;
        // The users first, so each membership becomes a row as it arrives (see users.rs for when
        // they are read again).
        let (mut users, mut fresh) = self.users.index(|| self.user_index(OP)).await?;
        let mark = sink.mark();
        loop {
            let mut join = Join::new(include_inherited);
            let mut budget = Budget::listing();
            join.read(
                &self.api,
                OP,
                &fill(DIRECT_MEMBERSHIPS, ws, ""),
                false,
                &users,
                &mut budget,
                sink,
            )
            .await
            .map_err(|e| e.in_workspace(&workspace.name))?;
            if include_inherited {
                join.read(
                    &self.api,
                    OP,
                    &fill(ORGANIZATION_MEMBERSHIPS, ws, ""),
                    true,
                    &users,
                    &mut budget,
                    sink,
                )
                .await
                .map_err(|e| e.in_workspace(&workspace.name))?;
            }
            if join.unknown.is_empty() {
                return Ok(());
            }
            // Someone joined since the users were read: read them again (once), then list again.
            match self
                .users
                .lacking(join.unknown, &users, fresh, || self.user_index(OP))
                .await?
            {
                Some(newer) => {
                    users = newer;
                    fresh = true;
                    sink.rewind(mark);
                }
                None => return Ok(()),
            }
        }
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
                let mut users = IndexBuilder::looking_for(email);
                self.all_users(OP, &mut users).await?;
                report.steps.push(format!(
                    "GET {USERS} (all pages): looked up {email} among {} users",
                    users.len()
                ));
                let (index, found) = users.finish();
                self.users.store(index).await;
                let found = found.ok_or_else(|| {
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

/// This provider's answer decoders, for the fuzz harnesses ([`super::fuzzing`]).
pub(crate) fn fuzz_decoders() -> Vec<super::fuzzing::Decoder> {
    use super::fuzzing::{Decoder, envelope, listing, whole};
    vec![
        Decoder {
            name: "transactionlink: workspace listing",
            sample: r#"[{"id": "3f1c1d7e-8a5b-4c7e-9a39-0c3f8f1b2a10", "name": "Fraud Ops"}]"#,
            decode: |b, c| {
                listing::<WorkspaceDto, IgnoredAny, WorkspaceDto>(b, c, ItemsAt::Root, Some)
            },
        },
        Decoder {
            name: "transactionlink: membership listing",
            sample: r#"[{"userId": "u-1", "role": {"id": "r-1", "name": "Analyst",
                "type": "WORKSPACE"}}]"#,
            decode: |b, c| {
                listing::<MembershipDto, IgnoredAny, MembershipDto>(b, c, ItemsAt::Root, Some)
            },
        },
        Decoder {
            name: "transactionlink: user page",
            sample: r#"{"content": [{"id": "u-1", "email": "ada@example.com",
                "profile": {"firstName": "Ada", "lastName": "Lovelace"}}], "totalPages": 1,
                "number": 0}"#,
            decode: |b, c| {
                listing::<UserDto, UserPage, UserDto>(b, c, ItemsAt::Key("content"), Some)
            },
        },
        Decoder {
            name: "transactionlink: role listing",
            sample: r#"[{"id": "r-1", "name": "Analyst", "type": "WORKSPACE"}]"#,
            decode: |b, _| whole::<Vec<RoleRef>>(b),
        },
        Decoder {
            name: "transactionlink: error envelope",
            sample: r#"{"fingerprint": "fp-9", "errors": [{"code": "INVALID_ROLE",
                "message": "Role does not belong to workspace"}]}"#,
            decode: |b, _| envelope(wire::decode_error, b),
        },
    ]
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
}
