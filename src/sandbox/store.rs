//! The sandbox's state: one dataset for the four emulated APIs, shared as copy-on-write views (a
//! reader never holds the lock while it works), each provider's users indexed by ID on first use,
//! optionally persisted atomically to a state file after every change.

use crate::model::ProviderKind;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

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

/// Shared sandbox state.
///
/// The state is kept as an immutable [`View`] behind an `Arc`: a reader takes the current view
/// (the lock is held only to clone the `Arc`) and works on it for as long as it likes, so building
/// a 100,000-member answer never holds the lock. A change copies the state first when a reader still
/// holds the old view (copy on write), changes the copy and publishes it.
#[derive(Debug)]
pub struct Store {
    current: Mutex<Arc<View>>,
    state_file: Option<PathBuf>,
    /// User indexes built so far (see [`View::users`]); the scale tests check it.
    index_builds: Arc<AtomicU64>,
}

impl Store {
    /// A store over `data`; when `state_file` is set every change is written there atomically.
    pub fn new(data: Dataset, state_file: Option<PathBuf>) -> Self {
        let index_builds = Arc::new(AtomicU64::new(0));
        Store {
            current: Mutex::new(Arc::new(View::new(data, index_builds.clone()))),
            state_file,
            index_builds,
        }
    }

    /// The current state, without copying it. Later changes do not show in it: take a new view to
    /// see them.
    pub fn view(&self) -> Arc<View> {
        self.lock().clone()
    }

    /// Runs `f` on the current state (a [`View`], so the lock is not held while `f` runs).
    pub fn read<R>(&self, f: impl FnOnce(&Dataset) -> R) -> R {
        f(&self.view().data)
    }

    /// Runs `f` on the state, then persists it (if a state file is configured). `f` should return an
    /// error value rather than change anything when a request is invalid. Persisting is skipped when
    /// nothing changed. Changes are serialized: `f` runs under the lock, so keep it to in-memory
    /// work proportional to what it changes.
    pub fn write<R>(&self, f: impl FnOnce(&mut Dataset) -> R) -> std::io::Result<R> {
        let mut guard = self.lock();
        // Copies the state only when a reader still holds the current view.
        let view = Arc::make_mut(&mut guard);
        let before = self.state_file.as_ref().map(|_| view.data.clone());
        let result = f(&mut view.data);
        // The users may have changed: indexes are rebuilt on next use.
        view.forget_indexes();
        if let Some(path) = &self.state_file
            && before.as_ref() != Some(&view.data)
        {
            save_atomically(path, &view.data)?;
        }
        Ok(result)
    }

    /// A copy of the whole state (tests compare it with what roster reports).
    pub fn snapshot(&self) -> Dataset {
        self.view().data.clone()
    }

    /// How many user indexes were built since the store was created (one per provider after each
    /// change at most, however many members are listed).
    pub fn index_builds(&self) -> u64 {
        self.index_builds.load(Ordering::Relaxed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Arc<View>> {
        self.current.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One immutable state of the store, with each provider's users indexed by ID on first use.
#[derive(Debug)]
pub struct View {
    data: Dataset,
    /// One slot per provider, in [`ProviderKind::ALL`] order.
    indexes: [OnceLock<UserIndex>; 4],
    index_builds: Arc<AtomicU64>,
}

impl View {
    fn new(data: Dataset, index_builds: Arc<AtomicU64>) -> Self {
        View {
            data,
            indexes: Default::default(),
            index_builds,
        }
    }

    fn forget_indexes(&mut self) {
        self.indexes = Default::default();
    }

    /// The users of `kind`'s section indexed by ID, built on first use (one pass over the users)
    /// and kept with this view. `key` turns a user ID into the form that provider compares IDs in
    /// (e.g. lowercase for UUIDs); every caller for one provider must pass the same function.
    pub fn users(&self, kind: ProviderKind, key: IdKey) -> &UserIndex {
        self.indexes[slot(kind)].get_or_init(|| {
            self.index_builds.fetch_add(1, Ordering::Relaxed);
            UserIndex::build(&section(&self.data, kind).users, key)
        })
    }

    /// `kind`'s index, if a request has built it (tests count its look-ups).
    pub fn built_index(&self, kind: ProviderKind) -> Option<&UserIndex> {
        self.indexes[slot(kind)].get()
    }
}

/// The position of `kind` in [`ProviderKind::ALL`], which orders [`View`]'s indexes.
fn slot(kind: ProviderKind) -> usize {
    ProviderKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or_default()
}

impl std::ops::Deref for View {
    type Target = Dataset;

    fn deref(&self) -> &Dataset {
        &self.data
    }
}

impl Clone for View {
    /// Copies the data; indexes are not copied (the copy is about to change).
    fn clone(&self) -> Self {
        View::new(self.data.clone(), self.index_builds.clone())
    }
}

/// How a provider compares user IDs: the key two IDs share when they name the same user.
pub type IdKey = fn(&str) -> Cow<'_, str>;

/// A provider's users by ID key: position in its `users` list. Counts its look-ups, so a test can
/// check that a listing looks each member up once instead of scanning the users.
#[derive(Debug)]
pub struct UserIndex {
    positions: HashMap<String, usize>,
    key: IdKey,
    lookups: AtomicU64,
}

impl UserIndex {
    /// Indexes `users` by `key` (the first of two users with the same key wins, as a scan would).
    pub fn build(users: &[User], key: IdKey) -> Self {
        let mut positions = HashMap::with_capacity(users.len());
        for (i, user) in users.iter().enumerate() {
            positions.entry(key(&user.id).into_owned()).or_insert(i);
        }
        UserIndex {
            positions,
            key,
            lookups: AtomicU64::new(0),
        }
    }

    /// The position in the users list of the user `id` names.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.lookups.fetch_add(1, Ordering::Relaxed);
        self.positions.get((self.key)(id).as_ref()).copied()
    }

    /// The user `id` names, among `users` (the list this index was built from).
    pub fn get<'a>(&self, users: &'a [User], id: &str) -> Option<&'a User> {
        self.position(id).and_then(|i| users.get(i))
    }

    /// Whether `id` names a user.
    pub fn contains(&self, id: &str) -> bool {
        self.position(id).is_some()
    }

    /// Look-ups made through this index so far.
    pub fn lookups(&self) -> u64 {
        self.lookups.load(Ordering::Relaxed)
    }
}

/// [`IdKey`] for providers that compare IDs exactly.
pub fn exact_id(id: &str) -> Cow<'_, str> {
    Cow::Borrowed(id)
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

/// One provider's section of a dataset.
pub fn section(data: &Dataset, kind: ProviderKind) -> &ProviderData {
    match kind {
        ProviderKind::Askui => &data.askui,
        ProviderKind::Dreadnode => &data.dreadnode,
        ProviderKind::Paradigm => &data.paradigm,
        ProviderKind::Transactionlink => &data.transactionlink,
    }
}

/// One provider's section of a dataset, to change it.
pub fn section_mut(data: &mut Dataset, kind: ProviderKind) -> &mut ProviderData {
    match kind {
        ProviderKind::Askui => &mut data.askui,
        ProviderKind::Dreadnode => &mut data.dreadnode,
        ProviderKind::Paradigm => &mut data.paradigm,
        ProviderKind::Transactionlink => &mut data.transactionlink,
    }
}
