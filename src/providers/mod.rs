//! The provider-neutral trait, and what each provider tells [`crate::registry`] about itself.
//!
//! One provider = one module. Each owns its wire format (paths, auth header, JSON shapes, error
//! envelope) and its own profile keys ([`ProviderModule::settings`]); paths marked ASSUMPTION in
//! `../shared/api/providers.md` are named constants at the top of its file. Callers ask
//! [`Provider::capabilities`] what is possible; they never match on provider names.
//!
//! # Adding a provider
//!
//! For a provider called `acme`, three files change and two are new; nothing else names providers:
//!
//! 1. **`src/providers/acme.rs`** (new; with an `acme/` folder beside it when its wire types grow):
//!    - the client: a type implementing [`Provider`], whose `capabilities()` says what the API can
//!      do (the engine, CLI and TUI read nothing else), and whose changes settle unclear answers
//!      with `settle.rs`;
//!    - `pub const KIND: ProviderKind = ProviderKind::new("acme", "Acme");`
//!    - `pub const DEFAULT_BASE_URL: &str = "https://…";`
//!    - `pub const MODULE: ProviderModule = ProviderModule { kind: KIND, default_base_url:
//!      DEFAULT_BASE_URL, settings: &["region"], check_settings, build: |c| Ok(Arc::new(Acme::new(c)?)),
//!      fuzz_decoders };`
//!      where `settings` lists the profile keys of its own, read with [`ProviderSettings::text`] or
//!      [`ProviderSettings::one_of`] in `check_settings` (when the config is read) and in `new` (when
//!      the client is built), and `fuzz_decoders` lists its answer decoders for the fuzz harnesses.
//!
//!    Then `pub mod acme;` in this file.
//! 2. **`src/sandbox/acme.rs`** (new): the emulated API over its section of the dataset
//!    (`data[KIND]`: token, users, groups, workspaces), served under `/acme`, and
//!    `pub const EMULATOR: Emulator = Emulator { kind: crate::providers::acme::KIND, router,
//!    profile_settings };` where `profile_settings` gives the keys a client profile for it needs.
//!    Then `pub mod acme;` in `src/sandbox/mod.rs`.
//! 3. **One line in `src/registry.rs`**: `Registered { client: &providers::acme::MODULE, emulator:
//!    &sandbox::acme::EMULATOR },` in `PROVIDERS`.
//!
//! From then on `provider = "acme"` works in config files, `roster sandbox` serves `/acme`, `--write-config`
//! writes an `acme` profile, the demo shows it and every command and the TUI work with it. Worth
//! adding beside it, but not needed for it to work: wire tests (`tests/wire/`), emulator tests
//! (`tests/sandbox/`), sample data for the demo and the benchmarks (`sandbox/demo.rs`,
//! `sandbox/generate.rs`), and its API assumptions in README.

pub mod askui;
pub mod dreadnode;
pub(crate) mod fastapi;
pub mod fuzzing;
mod module;
pub mod paradigm;
pub mod settings;
pub(crate) mod settle;
pub mod transactionlink;

pub use crate::registry::{build, default_base_url, fuzz_decoders};
pub use module::ProviderModule;
pub use settings::{ProviderSettings, SettingError};

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
    /// The provider's own keys of the profile (Dreadnode's `org` and `auth`, Paradigm's `tier`).
    pub settings: ProviderSettings,
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
            .field("settings", &self.settings)
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
