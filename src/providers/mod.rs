//! The provider-neutral trait and the factory that builds a client for a profile.
//!
//! One provider = one file. Each file owns its wire format (paths, auth header, JSON shapes, error
//! envelope); paths marked ASSUMPTION in `../shared/api/providers.md` are named constants at the top of
//! the file. Callers ask [`Provider::capabilities`] what is possible; they never match on provider names.

pub mod askui;
pub mod dreadnode;
pub mod paradigm;
mod registry;
pub(crate) mod settle;
pub mod transactionlink;

pub use registry::{build, default_base_url};

use crate::error::Result;
use crate::http::{CallObserver, HttpSettings};
use crate::model::{
    Capabilities, ChangeReport, Member, NewWorkspace, ProviderKind, Role, UserRef, Workspace,
};
use crate::secret::Secret;
use async_trait::async_trait;

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
    /// members) when `include_inherited` is true and the provider can list them.
    async fn list_members(
        &self,
        workspace: &Workspace,
        include_inherited: bool,
    ) -> Result<Vec<Member>>;

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

/// One FastAPI/pydantic validation item (`{loc, msg, type}`, used in AskUI's and Dreadnode's error
/// bodies) as `loc.path: msg`, e.g. `body.permission: Input should be 'owner'`.
pub(crate) fn validation_item(item: &serde_json::Value) -> String {
    use serde_json::Value;
    let msg = item
        .get("msg")
        .and_then(Value::as_str)
        .unwrap_or("invalid value");
    let loc: Vec<String> = item
        .get("loc")
        .and_then(Value::as_array)
        .map(|parts| {
            parts
                .iter()
                .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if loc.is_empty() {
        msg.to_string()
    } else {
        format!("{}: {msg}", loc.join("."))
    }
}
