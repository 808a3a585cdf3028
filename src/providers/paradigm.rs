//! LightOn Paradigm API v3 client (`../shared/api/providers.md` §3, README "API assumptions").
//!
//! Members are users and groups; groups are shown read-only, and with inherited listing each group's
//! users appear as inherited rows. The API has no per-member update or delete, so a role change or a
//! removal is a read-modify-write of the whole member list, checked before (the member still has the
//! role the admin saw) and after (the server holds exactly the intended list).

mod names;
mod rewrite;
mod wire;

use super::{
    FindFirst, Keep, Provider, ProviderConfig, ProviderModule, ProviderSettings, SettingError,
};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{ApiClient, AuthHeader, Budget, ItemSink, ItemsAt};
use crate::model::{
    Access, Capabilities, ChangeReport, Member, MemberKind, NewWorkspace, ProviderKind, Role,
    Support, UserRef, Workspace,
};
use crate::secret::Secret;
use async_trait::async_trait;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::Arc;
use wire::{CompanyUserDto, MembersDto, MembersListing, Page, UserMemberDto, WorkspaceDto};

/// Production base URL (seed 003 `servers`; on-prem instances set their own).
pub const DEFAULT_BASE_URL: &str = "https://paradigm.lighton.ai";

/// LightOn Paradigm's name in config files and output, and its product name.
pub const KIND: ProviderKind = ProviderKind::new("paradigm", "LightOn Paradigm");

/// What [`crate::registry`] knows of LightOn Paradigm: its name, default address and how its client is built.
pub const MODULE: ProviderModule = ProviderModule {
    kind: KIND,
    default_base_url: DEFAULT_BASE_URL,
    settings: &["tier"],
    check_settings: |s| Tier::from_settings(s).map(drop),
    build: |config| Ok(Arc::new(Paradigm::new(config)?)),
    fuzz_decoders,
};

/// Company-admin listing tree (providers.md §3, "List workspaces in your company" ⁵).
const COMPANY_WORKSPACES: &str = "/api/v3/company/workspaces";
/// User-tier listing tree (providers.md §3, "List workspaces" ⁴).
const USER_WORKSPACES: &str = "/api/v3/workspaces";
/// ASSUMPTION (providers.md §3 "Permissions"; README): member changes always go to the documented
/// user-tier `…/workspaces/{id}/members`, also when a company admin lists through the company tree.
const MEMBERS_WRITE_PREFIX: &str = "/api/v3/workspaces";
/// ASSUMPTION (providers.md §3 endpoint table "list company members", open question 7): path of the
/// DRF-paged company members listing, used for email lookup and group users.
const COMPANY_USERS: &str = "/api/v3/users";
/// ASSUMPTION (providers.md §3 ¹¹): the company members listing filters by group with this parameter.
const GROUP_FILTER_PARAM: &str = "group_id";
/// ASSUMPTION (providers.md §3 "Update role / remove member"): the full-set PUT nests the users and
/// groups under this key, like workspace creation does.
const SET_MEMBERS_KEY: &str = "members";
/// ASSUMPTION (README "Create workspace"): `POST` here with `{name, description?}` creates a custom
/// workspace and answers 201 with it.
const CREATE_WORKSPACE: &str = "/api/v3/workspaces";

/// Requested page size (DRF default 20; the documented listings accept up to 100).
const PAGE_SIZE: u32 = 100;
/// A server that keeps sending `next` links past this many pages is broken; stop with an error.
/// 5,000 pages are 500,000 users: a listing's budget ([`Budget::listing`]) bounds memory, so this
/// only bounds the requests a broken server can cause. At 1,000 pages, the company directory of a
/// company of more than 100,000 users could not be read, so none of its members had a name.
const MAX_PAGES: usize = 5_000;
/// The fixed role enum (seed 003).
const ROLES: [&str; 3] = ["owner", "editor", "viewer"];
/// Tiers a profile may choose.
const TIERS: [&str; 2] = ["company", "user"];

const PROVIDER: &str = "paradigm";
const RMW_NOTE: &str = "Paradigm has no per-member update: roster reads the whole member list, \
changes one entry, writes the list back and re-reads it to confirm";

/// Which listing tree the profile reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    /// `/api/v3/company/workspaces…` (company admins; the default).
    Company,
    /// `/api/v3/workspaces…` (workspaces the caller owns or belongs to).
    User,
}

impl Tier {
    /// Reads the profile key `tier` (case-insensitive; `company` when unset).
    fn from_settings(settings: &ProviderSettings) -> std::result::Result<Tier, SettingError> {
        Ok(match settings.one_of("tier", &TIERS)? {
            Some("user") => Tier::User,
            _ => Tier::Company,
        })
    }

    fn workspaces_prefix(self) -> &'static str {
        match self {
            Tier::Company => COMPANY_WORKSPACES,
            Tier::User => USER_WORKSPACES,
        }
    }
}

/// Client of one Paradigm account.
#[derive(Debug)]
pub struct Paradigm {
    api: ApiClient,
    tier: Tier,
    caps: Capabilities,
    /// Names of the company's users, for the direct members (the members answer has none).
    names: names::NamesCache,
}

impl Paradigm {
    /// Builds the client; the profile's `tier` (`company` by default, or `user`) picks the listing tree.
    pub fn new(config: ProviderConfig) -> Result<Self> {
        let tier = Tier::from_settings(&config.settings)
            .map_err(|e| Error::usage(format!("paradigm: {e}")))?;
        if config.token.is_empty() {
            return Err(Error::usage("paradigm: the profile's API key is empty"));
        }
        let auth = AuthHeader {
            name: "Authorization",
            value: Secret::new(format!("Bearer {}", config.token.expose())),
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
        Ok(Paradigm {
            api,
            tier,
            caps: Capabilities {
                list_workspaces: Support::Native,
                inherited_members: Support::Native,
                add_by_id: Support::Native,
                add_by_email: Support::Emulated(
                    "Paradigm adds members by user ID: roster pages through the company's members \
                     to find the email, then adds that user",
                ),
                set_role: Support::Emulated(RMW_NOTE),
                remove: Support::Emulated(RMW_NOTE),
                create_workspace: Support::Native,
                has_groups: true,
                roles_per_workspace: false,
                rewrites_member_list: true,
            },
            names: names::NamesCache::default(),
        })
    }

    /// `GET …/members` in the profile's tier (the list the admin sees and the one re-read for checks).
    fn members_read_path(&self, ws: u64) -> String {
        format!("{}/{ws}/members", self.tier.workspaces_prefix())
    }

    /// Follows DRF `next` links (same origin only) until null, handing each page's items to
    /// `sink` as they arrive, with a page cap against a server whose paging never ends. Every page
    /// draws on `budget`, so pages that keep coming cannot make roster keep more than one listing's
    /// worth.
    async fn all_pages<T: DeserializeOwned>(
        &self,
        op: &str,
        path: &str,
        mut query: Vec<(&str, String)>,
        sink: &mut dyn ItemSink<T>,
        budget: &mut Budget,
    ) -> Result<()> {
        query.push(("page", "1".into()));
        query.push(("page_size", PAGE_SIZE.to_string()));
        let mut url = self.api.url_with_query(path, &query)?;
        let mut seen = HashSet::new();
        let mut fetched = 0;
        loop {
            let page: Page = self
                .api
                .get_items(op, url, ItemsAt::Key("results"), sink, budget)
                .await?;
            fetched += 1;
            let Some(next) = page.next.filter(|n| !n.trim().is_empty()) else {
                return Ok(());
            };
            if fetched >= MAX_PAGES {
                return Err(fail(
                    ErrorKind::Decode,
                    op,
                    format!(
                        "the server still links a next page after {MAX_PAGES} pages; its paging \
                         looks broken, so roster stopped"
                    ),
                ));
            }
            let next = self.api.same_origin_url(op, &next)?;
            if !seen.insert(next.to_string()) {
                return Err(fail(
                    ErrorKind::Decode,
                    op,
                    "the server's next-page link points back at a page already read; \
                     its paging loops, so roster stopped",
                ));
            }
            url = next;
        }
    }

    /// Every company member, or only the users of `group`, handed to `sink` as they arrive.
    async fn company_users(
        &self,
        op: &str,
        group: Option<u64>,
        sink: &mut dyn ItemSink<CompanyUserDto>,
        budget: &mut Budget,
    ) -> Result<()> {
        let query = group
            .map(|g| vec![(GROUP_FILTER_PARAM, g.to_string())])
            .unwrap_or_default();
        self.all_pages(op, COMPANY_USERS, query, sink, budget).await
    }

    /// The company's names by user ID, built as the directory's pages arrive (a user listed
    /// without a name gets an empty one: see names.rs).
    async fn directory(&self) -> Result<names::Names> {
        let mut names = Vec::new();
        self.company_users(
            "list members",
            None,
            &mut Keep::new(&mut names, |u: CompanyUserDto| {
                Some((u.id, u.full_name().unwrap_or_default().into_boxed_str()))
            }),
            &mut Budget::listing(),
        )
        .await?;
        Ok(names.into_iter().collect())
    }

    async fn read_members(&self, op: &str, ws: u64) -> Result<MembersDto> {
        self.api
            .get_json(op, &self.members_read_path(ws), &[])
            .await
    }
}

#[async_trait]
impl Provider for Paradigm {
    fn kind(&self) -> ProviderKind {
        KIND
    }

    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }

    async fn list_workspaces(&self) -> Result<Vec<Workspace>> {
        // A new listing of workspaces starts a new scope for the names (see names.rs).
        self.names.forget().await;
        let mut workspaces = Vec::new();
        self.all_pages(
            "list workspaces",
            self.tier.workspaces_prefix(),
            Vec::new(),
            &mut Keep::new(&mut workspaces, |w: WorkspaceDto| {
                Some(Workspace {
                    id: w.id.to_string(),
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
        let ws = workspace_id(OP, workspace)?;
        // One budget for the whole listing: the direct members and every group's users.
        let mut budget = Budget::listing();
        let url = self.api.url(&self.members_read_path(ws))?;
        let rest: MembersListing = self
            .api
            .get_items(
                OP,
                url,
                ItemsAt::Key("users"),
                &mut Keep::new(&mut *sink, |u: UserMemberDto| {
                    Some(Member {
                        id: u.id.to_string(),
                        email: Some(u.email),
                        // The answer has no names: see `name_members`.
                        name: None,
                        role: Role::named(&u.role),
                        access: Access::Direct,
                        kind: MemberKind::User,
                        handle: None,
                    })
                }),
                &mut budget,
            )
            .await
            .map_err(|e| e.in_workspace(&workspace.name))?;
        for g in &rest.groups {
            sink.push(Member {
                id: g.id.to_string(),
                email: None,
                name: Some(g.name.clone()),
                role: Role::named(&g.role),
                access: Access::Direct,
                kind: MemberKind::Group,
                handle: None,
            })?;
        }
        if include_inherited {
            for group in &rest.groups {
                let via = format!("group: {}", group.name);
                let role = Role::named(&group.role);
                self.company_users(
                    OP,
                    Some(group.id),
                    &mut Keep::new(&mut *sink, |user: CompanyUserDto| {
                        Some(Member {
                            id: user.id.to_string(),
                            name: user.full_name(),
                            email: Some(user.email),
                            role: role.clone(),
                            access: Access::Inherited { via: via.clone() },
                            kind: MemberKind::User,
                            handle: None,
                        })
                    }),
                    &mut budget,
                )
                .await
                .map_err(|e| e.in_workspace(&workspace.name))?;
            }
        }
        Ok(())
    }

    /// Names the direct users from the company members listing (see names.rs).
    async fn name_members(&self, members: &mut [Member]) {
        let unnamed =
            |m: &Member| m.kind == MemberKind::User && m.access.is_direct() && m.name.is_none();
        let needed: Vec<u64> = members
            .iter()
            .filter(|m| unnamed(m))
            .filter_map(|m| m.id.parse().ok())
            .collect();
        if needed.is_empty() {
            return;
        }
        let names = self.names.get(&needed, || self.directory()).await;
        for m in members.iter_mut().filter(|m| unnamed(m)) {
            let name = m.id.parse().ok().and_then(|id: u64| names.get(&id));
            if let Some(name) = name.filter(|n| !n.is_empty()) {
                m.name = Some(name.to_string());
            }
        }
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
        let ws = workspace_id(OP, workspace)?;
        let role = fixed_role(OP, role)?;
        let mut report = ChangeReport::default();
        let user_id = match user {
            UserRef::Id(id) => integer_id(OP, "user", id)?,
            UserRef::Email(email) => {
                // Only the user looked for is kept, however large the company.
                let mut lookup = FindFirst::new(|u: &CompanyUserDto| {
                    u.email.trim().eq_ignore_ascii_case(email.trim())
                });
                self.company_users(OP, None, &mut lookup, &mut Budget::listing())
                    .await?;
                report.steps.push(format!(
                    "GET {COMPANY_USERS} (all pages): looked up {email} among {} company members",
                    lookup.seen()
                ));
                lookup.found().map(|u| u.id).ok_or_else(|| {
                    fail(
                        ErrorKind::NotFound,
                        OP,
                        format!(
                            "no member of your Paradigm company has the email {email}; \
                                 create the user in Paradigm first, then add them"
                        ),
                    )
                })?
            }
        };
        let path = format!("{MEMBERS_WRITE_PREFIX}/{ws}/members");
        let body = json!({"user_id": user_id, "role": role});
        // POST is not idempotent: sent once; a lost answer is settled by the engine's fresh read,
        // never by sending again.
        let answer = self.api.call(OP, Method::POST, &path, Some(&body)).await?;
        report.steps.push(format!(
            "POST {path}: added user {user_id} as {role} (HTTP {})",
            answer.status
        ));
        report.request_ids.extend(answer.request_id);
        Ok(report)
    }

    async fn set_role(
        &self,
        workspace: &Workspace,
        member: &Member,
        role: &Role,
    ) -> Result<ChangeReport> {
        const OP: &str = "change role";
        let role = fixed_role(OP, role)?;
        self.rewrite_member(OP, workspace, member, Some(role)).await
    }

    async fn remove_member(&self, workspace: &Workspace, member: &Member) -> Result<ChangeReport> {
        self.rewrite_member("remove member", workspace, member, None)
            .await
    }

    async fn create_workspace(&self, new: &NewWorkspace) -> Result<Workspace> {
        const OP: &str = "create workspace";
        let name = new.name.trim();
        if name.is_empty() {
            return Err(Error::usage("a workspace needs a name").in_context(PROVIDER, OP));
        }
        let mut body = json!({"name": name});
        if let Some(d) = new
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            body["description"] = Value::String(d.to_string());
        }
        let answer = self
            .api
            .call(OP, Method::POST, CREATE_WORKSPACE, Some(&body))
            .await?;
        let created: WorkspaceDto = self.api.decode(OP, &answer)?;
        Ok(Workspace {
            id: created.id.to_string(),
            name: created.name.unwrap_or_else(|| name.to_string()),
        })
    }
}

fn fail(kind: ErrorKind, op: &str, message: impl Into<String>) -> Error {
    Error::new(kind, PROVIDER, op, message)
}

/// Paradigm IDs are integers; anything else is refused before it reaches a URL.
fn integer_id(op: &str, what: &str, id: &str) -> Result<u64> {
    id.trim().parse::<u64>().map_err(|_| {
        Error::usage(format!(
            "Paradigm {what} IDs are integers; {id:?} is not one"
        ))
        .in_context(PROVIDER, op)
    })
}

fn workspace_id(op: &str, workspace: &Workspace) -> Result<u64> {
    integer_id(op, "workspace", &workspace.id)
}

/// The wire value of `role` among the fixed roles, or a usage error listing them.
fn fixed_role(op: &str, role: &Role) -> Result<&'static str> {
    ROLES
        .into_iter()
        .find(|r| {
            role.id.trim().eq_ignore_ascii_case(r) || role.name.trim().eq_ignore_ascii_case(r)
        })
        .ok_or_else(|| {
            Error::usage(format!(
                "unknown Paradigm role {:?}; valid roles: {}",
                role.name,
                ROLES.join(", ")
            ))
            .in_context(PROVIDER, op)
        })
}

/// This provider's answer decoders, for the fuzz harnesses ([`super::fuzzing`]).
pub(crate) fn fuzz_decoders() -> Vec<super::fuzzing::Decoder> {
    use super::fuzzing::{Decoder, envelope, listing, whole};
    vec![
        Decoder {
            name: "paradigm: workspace page",
            sample: r#"{"count": 1, "next": "http://127.0.0.1/api/v3/workspaces?page=2",
                "previous": null, "results": [{"id": 7, "name": "Legal"}]}"#,
            decode: |b, c| {
                listing::<WorkspaceDto, Page, WorkspaceDto>(b, c, ItemsAt::Key("results"), Some)
            },
        },
        Decoder {
            name: "paradigm: company users page",
            sample: r#"{"count": 1, "next": null, "previous": null, "results": [{"id": 3,
                "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"}]}"#,
            decode: |b, c| {
                listing::<CompanyUserDto, Page, CompanyUserDto>(b, c, ItemsAt::Key("results"), Some)
            },
        },
        Decoder {
            name: "paradigm: member listing",
            sample: r#"{"users": [{"id": 3, "email": "ada@example.com", "role": "owner"}],
                "groups": [{"id": 9, "name": "Data", "role": "viewer"}]}"#,
            decode: |b, c| {
                listing::<UserMemberDto, MembersListing, UserMemberDto>(
                    b,
                    c,
                    ItemsAt::Key("users"),
                    Some,
                )
            },
        },
        Decoder {
            name: "paradigm: member set (read-modify-write)",
            sample: r#"{"users": [{"id": 3, "email": "ada@example.com", "role": "owner"}],
                "groups": []}"#,
            decode: |b, _| whole::<MembersDto>(b),
        },
        Decoder {
            name: "paradigm: created workspace",
            sample: r#"{"id": 7, "name": "Legal"}"#,
            decode: |b, _| whole::<WorkspaceDto>(b),
        },
        Decoder {
            name: "paradigm: error envelope",
            sample: r#"{"id": "req-1", "code": 400, "error": "validation_error", "detail": "Invalid.",
                "fields": {"role": [{"error": "invalid_choice", "detail": "bad"}]}}"#,
            decode: |b, _| envelope(wire::decode_error, b),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tier_defaults_to_company_and_lists_valid_ones() {
        let tier = |v: &str| Tier::from_settings(&ProviderSettings::new().with("tier", v));
        assert_eq!(
            Tier::from_settings(&ProviderSettings::new()),
            Ok(Tier::Company)
        );
        assert_eq!(tier(" User "), Ok(Tier::User));
        let err = tier("instance").unwrap_err();
        assert_eq!(err.key, "tier");
        assert!(err.message.contains("use \"company\" or \"user\""), "{err}");
    }

    #[test]
    fn ids_must_be_integers() {
        let err = integer_id("add member", "user", "ada").unwrap_err();
        assert!(
            err.to_string().contains("Paradigm user IDs are integers"),
            "{err}"
        );
        assert_eq!(integer_id("x", "user", "42").unwrap(), 42);
    }
}
