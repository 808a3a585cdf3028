//! The person finder: every workspace of several profiles where one person has access.
//!
//! Profiles are searched concurrently, each within its own `max_concurrency` (one workspace read
//! at a time per slot), and what is found streams out as each workspace answers, so a front end
//! can show it under a progress gauge. A profile that cannot be listed is reported and the others
//! still answer.
//!
//! The role catalogue of a workspace is read only where the answer depends on it: when the person
//! has both direct and inherited access there (the effective role is the higher of the two, unless
//! an organisation role decides), and
//! when nobody else holds their direct role (they may be its last owner). Providers with a fixed
//! catalogue answer that without a request.

use crate::engine::Target;
use crate::error::{Error, ErrorKind};
use crate::model::{Member, MemberKind, ProviderKind, Role, Support, UserRef, Workspace};
use crate::ops::same_role;
use crate::providers::Provider;
use futures::stream::{self, BoxStream, Stream, StreamExt};
use std::sync::Arc;

/// One profile to search.
#[derive(Clone)]
pub struct Source {
    /// The profile and its client, as the change engine knows them.
    pub target: Target,
    /// How many workspaces of this profile may be read at once (its `max_concurrency`).
    pub max_concurrency: usize,
}

/// What the search reports, in the order it learns it.
#[derive(Debug, Clone)]
pub enum Found {
    /// A profile's workspaces were listed: this many will be checked (adds to a gauge's total).
    Listed {
        /// The profile.
        profile: String,
        /// Its provider.
        provider: ProviderKind,
        /// How many workspaces will be checked.
        workspaces: usize,
    },
    /// One workspace was checked (whether or not the person has access there).
    Checked(Box<Checked>),
    /// One workspace could not be read; the others of the profile still are.
    WorkspaceFailed {
        /// The profile.
        profile: String,
        /// Its provider.
        provider: ProviderKind,
        /// The workspace.
        workspace: Workspace,
        /// Why.
        error: Error,
    },
    /// The profile could not be searched at all (its workspaces could not be listed).
    ProfileFailed {
        /// The profile.
        profile: String,
        /// Its provider.
        provider: ProviderKind,
        /// Why.
        error: Error,
    },
    /// Every workspace of the profile was checked (or failed).
    ProfileDone {
        /// The profile.
        profile: String,
    },
}

/// One workspace, checked for the person.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The profile.
    pub profile: String,
    /// Its provider.
    pub provider: ProviderKind,
    /// The workspace.
    pub workspace: Workspace,
    /// The person's access there; `None` when they have none.
    pub access: Option<PersonAccess>,
    /// User rows listed without an email, when the person is searched by email: any of them could
    /// be the person, and the output says so.
    pub without_email: usize,
}

/// A person's access to one workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonAccess {
    /// Their rows in the listing: the direct one first (if any), then inherited ones.
    pub rows: Vec<Member>,
    /// With both direct and inherited access: the higher role of all their rows in the workspace's
    /// catalogue (first = highest). `None` with one kind of access only, or when the catalogue
    /// could not be read or names none of their roles (see `catalogue_error`).
    pub effective: Option<Role>,
    /// Their direct grant is the workspace's last holder of its top role (the owner): removing or
    /// demoting it would leave the workspace without an owner.
    pub sole_owner: bool,
    /// Reading the role catalogue failed (the effective role and the last-owner check are then
    /// unknown; the change engine still guards the last owner when a change runs).
    pub catalogue_error: Option<Error>,
}

impl PersonAccess {
    /// The direct grant, if any.
    pub fn direct(&self) -> Option<&Member> {
        self.rows.iter().find(|m| m.access.is_direct())
    }

    /// The inherited rows (organisation role, groups).
    pub fn inherited(&self) -> impl Iterator<Item = &Member> {
        self.rows.iter().filter(|m| !m.access.is_direct())
    }

    /// The role that counts: the effective one when they have both kinds of access, else the role
    /// of their only kind of access (the first row's).
    pub fn role(&self) -> Option<&Role> {
        self.effective
            .as_ref()
            .or_else(|| self.rows.first().map(|m| &m.role))
    }
}

/// Searches every profile of `sources` for `who` (an email, matched ignoring case, or an ID,
/// matched exactly), streaming what it finds. Profiles run concurrently; within a profile at most
/// its `max_concurrency` workspaces are read at once. Inherited access is read where the provider
/// can list it.
pub fn find_person(
    sources: Vec<Source>,
    who: UserRef,
) -> impl Stream<Item = Found> + Send + 'static {
    let who = Arc::new(who);
    stream::select_all(
        sources
            .into_iter()
            .map(move |source| search_profile(source, who.clone())),
    )
}

/// One profile: list its workspaces, then check each, bounded.
fn search_profile(source: Source, who: Arc<UserRef>) -> BoxStream<'static, Found> {
    let profile = source.target.profile.clone();
    let provider = source.target.provider.clone();
    let kind = provider.kind();
    let listing = async move {
        let listed = match &provider.capabilities().list_workspaces {
            Support::Unsupported(why) => Err(Error::new(
                ErrorKind::Unsupported,
                kind.as_str(),
                "list workspaces",
                *why,
            )),
            Support::Native | Support::Emulated(_) => provider.list_workspaces().await,
        };
        (listed, provider)
    };
    stream::once(listing)
        .flat_map(move |(listed, provider)| match listed {
            Err(error) => stream::iter([Found::ProfileFailed {
                profile: profile.clone(),
                provider: kind,
                error,
            }])
            .boxed(),
            Ok(workspaces) => {
                let head = Found::Listed {
                    profile: profile.clone(),
                    provider: kind,
                    workspaces: workspaces.len(),
                };
                let checks = {
                    let profile = profile.clone();
                    let who = who.clone();
                    stream::iter(workspaces)
                        .map(move |workspace| {
                            check_workspace(
                                provider.clone(),
                                profile.clone(),
                                workspace,
                                who.clone(),
                            )
                        })
                        .buffer_unordered(source.max_concurrency.max(1))
                };
                let tail = Found::ProfileDone {
                    profile: profile.clone(),
                };
                stream::iter([head])
                    .chain(checks)
                    .chain(stream::iter([tail]))
                    .boxed()
            }
        })
        .boxed()
}

/// Reads one workspace (with inherited rows where possible) and finds the person in it.
async fn check_workspace(
    provider: Arc<dyn Provider>,
    profile: String,
    workspace: Workspace,
    who: Arc<UserRef>,
) -> Found {
    let kind = provider.kind();
    let inherited = provider.capabilities().inherited_members.is_available();
    let listing = match provider.list_members(&workspace, inherited).await {
        Ok(l) => l,
        Err(error) => {
            return Found::WorkspaceFailed {
                profile,
                provider: kind,
                workspace,
                error,
            };
        }
    };
    let without_email = match who.as_ref() {
        UserRef::Email(_) => listing
            .iter()
            .filter(|m| m.kind == MemberKind::User)
            .filter(|m| m.email.as_deref().is_none_or(|e| e.trim().is_empty()))
            .count(),
        UserRef::Id(_) => 0,
    };
    let access = access_in(provider.as_ref(), &workspace, &listing, &who).await;
    Found::Checked(Box::new(Checked {
        profile,
        provider: kind,
        workspace,
        access,
        without_email,
    }))
}

/// The person's access in one listing, with the catalogue read only where it decides something.
async fn access_in(
    provider: &dyn Provider,
    workspace: &Workspace,
    listing: &[Member],
    who: &UserRef,
) -> Option<PersonAccess> {
    let mut rows: Vec<Member> = listing
        .iter()
        .filter(|m| m.kind == MemberKind::User && m.is(who))
        .cloned()
        .collect();
    if rows.is_empty() {
        return None;
    }
    // Direct first: it is the one roster can change.
    rows.sort_by_key(|m| !m.access.is_direct());
    let direct = rows.iter().find(|m| m.access.is_direct()).cloned();
    let both = direct.is_some() && rows.iter().any(|m| !m.access.is_direct());
    // Others who hold the same direct role: with any, the person cannot be its last holder.
    let peers = direct.as_ref().map(|d| {
        listing
            .iter()
            .filter(|x| x.access.is_direct() && same_role(&x.role, &d.role))
            .filter(|x| !(x.id == d.id && x.kind == d.kind))
            .count()
    });
    let mut access = PersonAccess {
        rows,
        effective: None,
        sole_owner: false,
        catalogue_error: None,
    };
    // An organisation role decides without the catalogue; it is read only for what it settles.
    if both {
        access.effective = organisation_role(&access.rows);
    }
    let needs_ranking = both && access.effective.is_none();
    if !needs_ranking && peers != Some(0) {
        return Some(access);
    }
    match provider.list_roles(workspace).await {
        Ok(catalogue) => {
            if needs_ranking {
                access.effective = highest(&access.rows, &catalogue);
            }
            if let (Some(d), Some(0), Some(top)) = (&direct, peers, catalogue.first()) {
                access.sole_owner = same_role(&d.role, top);
            }
        }
        Err(e) => access.catalogue_error = Some(e),
    }
    Some(access)
}

/// The organisation role among `rows`, if any: it covers every workspace, so it decides.
fn organisation_role(rows: &[Member]) -> Option<Role> {
    rows.iter()
        .find(|m| m.access.is_organisation_wide())
        .map(|m| m.role.clone())
}

/// The role that decides what someone listed more than once can do: an organisation role, which
/// covers every workspace; otherwise the highest of their roles in `catalogue` (first = highest).
fn highest(rows: &[Member], catalogue: &[Role]) -> Option<Role> {
    if let Some(organisation) = organisation_role(rows) {
        return Some(organisation);
    }
    rows.iter()
        .filter_map(|m| {
            catalogue
                .iter()
                .position(|c| same_role(c, &m.role))
                .map(|rank| (rank, &m.role))
        })
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, role)| role.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Access;

    fn row(role: &str, access: Access) -> Member {
        Member {
            id: "u".into(),
            email: Some("u@x.io".into()),
            name: None,
            role: Role::named(role),
            access,
            kind: MemberKind::User,
            handle: None,
        }
    }

    #[test]
    fn the_effective_role_is_the_higher_in_the_catalogue() {
        let catalogue = [
            Role::named("owner"),
            Role::named("editor"),
            Role::named("viewer"),
        ];
        let group = Access::Inherited {
            via: "group: Auditors".into(),
        };
        let rows = [row("viewer", Access::Direct), row("editor", group.clone())];
        assert_eq!(highest(&rows, &catalogue), Some(Role::named("editor")));
        let rows = [row("owner", Access::Direct), row("editor", group)];
        assert_eq!(highest(&rows, &catalogue), Some(Role::named("owner")));
        // An organisation role covers every workspace: it decides, whatever the direct grant.
        let org = Access::Inherited {
            via: "organisation admin".into(),
        };
        let rows = [row("owner", Access::Direct), row("admin", org)];
        assert_eq!(highest(&rows, &catalogue), Some(Role::named("admin")));
    }
}
