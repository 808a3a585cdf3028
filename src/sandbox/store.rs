//! The sandbox's state: one dataset for the four emulated APIs, shared behind a lock, optionally
//! persisted atomically to a state file after every change.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The whole sandbox dataset, one section per provider. This is also the `--data` file format
/// (documented in README).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// AskUI Workspaces API.
    pub askui: ProviderData,
    /// Dreadnode platform API.
    pub dreadnode: ProviderData,
    /// LightOn Paradigm API v3.
    pub paradigm: ProviderData,
    /// TransactionLink API.
    pub transactionlink: ProviderData,
}

/// One provider's account: its token, organisation, users, groups and workspaces.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProviderData {
    /// The API token the emulator accepts (in that provider's auth scheme).
    pub token: String,
    /// Dreadnode: organisation slug. TransactionLink: organisation UUID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Every user of the organisation, including those in no workspace yet.
    #[serde(default)]
    pub users: Vec<User>,
    /// Paradigm user groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// Workspaces with their members.
    #[serde(default)]
    pub workspaces: Vec<WorkspaceData>,
}

/// A user account of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Provider ID: AskUI opaque string, Dreadnode UUID, Paradigm integer (as text), TransactionLink UUID.
    pub id: String,
    /// Email address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Organisation role where the provider has one (TransactionLink `owner`/`admin`/`member`:
    /// owners and admins inherit access to every workspace; Dreadnode org role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_role: Option<String>,
}

/// A group of users (Paradigm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Group ID (Paradigm integer, as text).
    pub id: String,
    /// Group name.
    pub name: String,
    /// IDs of the users in the group.
    #[serde(default)]
    pub members: Vec<String>,
}

/// A workspace and its direct grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceData {
    /// Workspace ID: AskUI/TransactionLink UUID, Dreadnode UUID, Paradigm integer (as text).
    pub id: String,
    /// Dreadnode: the workspace key (slug) used in paths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Display name.
    pub name: String,
    /// TransactionLink: this workspace's own roles (UUID and name). Empty for fixed-role providers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleData>,
    /// Direct grants.
    #[serde(default)]
    pub members: Vec<Grant>,
}

/// A per-workspace role (TransactionLink).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleData {
    /// Role UUID.
    pub id: String,
    /// Role name.
    pub name: String,
}

/// One direct grant of a role in a workspace, to a user or a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// Membership ID where the provider has one (AskUI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The user's ID (exactly one of `user` and `group` is set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The group's ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Role: the enum value for fixed-role providers (`ROLE_WORKSPACE_ADMIN`, `contributor`,
    /// `editor`), the role UUID for TransactionLink.
    pub role: String,
}

impl Grant {
    /// The grant's ID (AskUI membership ID, Dreadnode permission ID): the stored one, or for datasets
    /// written without one a stable ID derived from workspace and user, so listing and deleting agree.
    pub fn stable_id(&self, workspace: &WorkspaceData) -> String {
        if let Some(id) = &self.id {
            return id.clone();
        }
        use std::hash::{DefaultHasher, Hash, Hasher};
        let half = |salt: u8| {
            let mut h = DefaultHasher::new();
            (salt, &workspace.id, &self.user).hash(&mut h);
            h.finish()
        };
        uuid::Uuid::from_u64_pair(half(1), half(2)).to_string()
    }
}

/// Shared sandbox state. Handlers hold the lock only for in-memory work, never across an await.
#[derive(Debug)]
pub struct Store {
    data: Mutex<Dataset>,
    state_file: Option<PathBuf>,
}

impl Store {
    /// A store over `data`; when `state_file` is set every change is written there atomically.
    pub fn new(data: Dataset, state_file: Option<PathBuf>) -> Self {
        Store {
            data: Mutex::new(data),
            state_file,
        }
    }

    /// Runs `f` on the current state.
    pub fn read<R>(&self, f: impl FnOnce(&Dataset) -> R) -> R {
        let guard = self.data.lock().unwrap_or_else(|p| p.into_inner());
        f(&guard)
    }

    /// Runs `f` on the state, then persists it (if a state file is configured). `f` should return an
    /// error value rather than change anything when a request is invalid. Persisting is skipped when
    /// nothing changed.
    pub fn write<R>(&self, f: impl FnOnce(&mut Dataset) -> R) -> std::io::Result<R> {
        let mut guard = self.data.lock().unwrap_or_else(|p| p.into_inner());
        let before = self.state_file.as_ref().map(|_| guard.clone());
        let result = f(&mut guard);
        if let Some(path) = &self.state_file
            && before.as_ref() != Some(&*guard)
        {
            save_atomically(path, &guard)?;
        }
        Ok(result)
    }

    /// A copy of the whole state (tests compare it with what roster reports).
    pub fn snapshot(&self) -> Dataset {
        self.read(Dataset::clone)
    }
}

/// Writes `data` to a temporary file beside `path`, syncs it, then renames it over `path`, so a
/// crash leaves either the old or the new state, never half of one.
pub fn save_atomically(path: &Path, data: &Dataset) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer(&mut tmp, data)?;
    tmp.flush()?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Reads a dataset file.
pub fn load(path: &Path) -> std::io::Result<Dataset> {
    let bytes = std::fs::read(path)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: not a roster sandbox dataset: {e}", path.display()),
        )
    })
}
