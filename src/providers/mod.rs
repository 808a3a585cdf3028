//! The provider-neutral trait and the factory that builds a client for a profile.
//!
//! One provider = one file. Each file owns its wire format (paths, auth header, JSON shapes, error
//! envelope); paths marked ASSUMPTION in `../shared/api/providers.md` are named constants at the top of
//! the file. Callers ask [`Provider::capabilities`] what is possible; they never match on provider names.

pub mod askui;
pub mod dreadnode;
pub(crate) mod fastapi;
pub mod fuzzing;
pub mod paradigm;
mod registry;
pub(crate) mod settle;
pub mod transactionlink;

pub use registry::{build, default_base_url, fuzz_decoders};

use crate::error::Result;
use crate::http::{CallObserver, HttpSettings, ItemSink};
use crate::model::{
    Capabilities, ChangeReport, Member, NewWorkspace, ProviderKind, Role, UserRef, Workspace,
};
use crate::secret::Secret;
use async_trait::async_trait;
use std::marker::PhantomData;

/// Everything needed to talk to one provider account (built from a profile).
#[derive(Clone)]
pub struct ProviderConfig {
    /// Which API.
    pub kind: ProviderKind,
    /// Base URL without the API version prefix, e.g. `https://api.transactionlink.io` or
    /// `http://127.0.0.1:PORT/transactionlink` for the sandbox.
    pub base_url: String,
    /// The API token.
    pub token: Secret,
    /// Dreadnode: organisation slug.
    pub org: Option<String>,
    /// Paradigm: `user` or `company` API tier.
    pub tier: Option<String>,
    /// Dreadnode: how the API key is sent, `bearer` (default) or `x-api-key`
    /// ([`dreadnode::AuthMode`]).
    pub auth: Option<String>,
    /// Timeouts, retries and request rate.
    pub http: HttpSettings,
    /// Receives a record of every request (API-call log).
    pub observer: Option<CallObserver>,
}

impl std::fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("kind", &self.kind)
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .field("org", &self.org)
            .field("tier", &self.tier)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

/// One provider's client. All methods talk HTTP to the real API (or the sandbox).
///
/// Changes return only once the server confirmed them; emulated changes (several calls) either
/// complete, are rolled back, or fail with [`crate::error::ErrorKind::Partial`] describing the exact
/// state left on the server.
#[async_trait]
pub trait Provider: Send + Sync {
    /// Which API this is (for labels and config only).
    fn kind(&self) -> ProviderKind;

    /// What this provider can do natively, by emulation, or not at all.
    fn capabilities(&self) -> &Capabilities;

    /// Every workspace the token can see.
    async fn list_workspaces(&self) -> Result<Vec<Workspace>>;

    /// The members of `workspace`: direct ones, plus inherited ones (organisation admins, group
    /// members) when `include_inherited` is true and the provider can list them, handed to `sink`
    /// one at a time while the answer arrives. What the listing costs is then what `sink` keeps
    /// (the TUI keeps compact rows), not the answer plus every member built from it. On an error
    /// the sink may hold part of the listing: drop it.
    async fn list_members_into(
        &self,
        workspace: &Workspace,
        include_inherited: bool,
        sink: &mut dyn ItemSink<Member>,
    ) -> Result<()>;

    /// [`Provider::list_members_into`], collected.
    async fn list_members(
        &self,
        workspace: &Workspace,
        include_inherited: bool,
    ) -> Result<Vec<Member>> {
        let mut members = Vec::new();
        self.list_members_into(workspace, include_inherited, &mut members)
            .await?;
        Ok(members)
    }

    /// Fills in the names a members listing could not give (Paradigm's members answer has none),
    /// for the listings a person reads (the TUI, `roster members --inherited`). Best effort: a
    /// name that cannot be read stays absent and nothing fails. Kept out of
    /// [`Provider::list_members`] so a change's checks never pay for it. Most providers list names
    /// already: nothing to do.
    async fn name_members(&self, _members: &mut [Member]) {}

    /// The roles a member of `workspace` can be given.
    async fn list_roles(&self, workspace: &Workspace) -> Result<Vec<Role>>;

    /// Adds `user` (email or ID) to `workspace` with `role`. Fails with Conflict if already a member
    /// (never silently changes an existing member's role), NotFound if no such user.
    async fn add_member(
        &self,
        workspace: &Workspace,
        user: &UserRef,
        role: &Role,
    ) -> Result<ChangeReport>;

    /// Gives `member` (a direct member from [`Provider::list_members`]) the role `role`.
    async fn set_role(
        &self,
        workspace: &Workspace,
        member: &Member,
        role: &Role,
    ) -> Result<ChangeReport>;

    /// Removes `member` (a direct member from [`Provider::list_members`]) from `workspace`.
    async fn remove_member(&self, workspace: &Workspace, member: &Member) -> Result<ChangeReport>;

    /// Creates a workspace.
    async fn create_workspace(&self, new: &NewWorkspace) -> Result<Workspace>;
}

/// Whether a token looks like a JWT (three base64url parts): AskUI and Dreadnode send those as
/// `Bearer`, and API keys in their own scheme.
pub fn looks_like_jwt(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '=')
        })
}

/// An [`ItemSink`] of wire items that hands what `keep` makes of each (nothing for `None`) on to
/// another sink: a listing decodes each item into its wire struct, turns it into what roster keeps
/// (a [`Member`], say) and drops the rest at once.
pub(crate) struct Keep<'a, T, U, F> {
    into: &'a mut dyn ItemSink<U>,
    keep: F,
    item: PhantomData<fn(T)>,
}

impl<'a, T, U, F: FnMut(T) -> Option<U> + Send> Keep<'a, T, U, F> {
    /// Feeds `into` with `keep(item)` for each item.
    pub(crate) fn new(into: &'a mut dyn ItemSink<U>, keep: F) -> Self {
        Keep {
            into,
            keep,
            item: PhantomData,
        }
    }
}

impl<T, U, F: FnMut(T) -> Option<U> + Send> ItemSink<T> for Keep<'_, T, U, F> {
    fn push(&mut self, item: T) -> Result<()> {
        match (self.keep)(item) {
            Some(kept) => self.into.push(kept),
            None => Ok(()),
        }
    }

    fn mark(&self) -> usize {
        self.into.mark()
    }

    fn rewind(&mut self, mark: usize) {
        self.into.rewind(mark);
    }
}

/// An [`ItemSink`] that keeps only the first item `wanted` accepts, and counts the items it saw
/// (a look-up among every user of an organisation keeps one of them).
pub(crate) struct FindFirst<T, F> {
    seen: usize,
    found: Option<(usize, T)>,
    wanted: F,
}

impl<T, F: FnMut(&T) -> bool> FindFirst<T, F> {
    /// Looks for the first item `wanted` accepts.
    pub(crate) fn new(wanted: F) -> Self {
        FindFirst {
            seen: 0,
            found: None,
            wanted,
        }
    }

    /// How many items passed by.
    pub(crate) fn seen(&self) -> usize {
        self.seen
    }

    /// The item found, if any.
    pub(crate) fn found(self) -> Option<T> {
        self.found.map(|(_, item)| item)
    }
}

impl<T: Send, F: FnMut(&T) -> bool + Send> ItemSink<T> for FindFirst<T, F> {
    fn push(&mut self, item: T) -> Result<()> {
        if self.found.is_none() && (self.wanted)(&item) {
            self.found = Some((self.seen, item));
        }
        self.seen += 1;
        Ok(())
    }

    fn mark(&self) -> usize {
        self.seen
    }

    fn rewind(&mut self, mark: usize) {
        self.seen = mark;
        if self.found.as_ref().is_some_and(|(at, _)| *at >= mark) {
            self.found = None;
        }
    }
}
