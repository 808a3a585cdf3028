//! What the TUI is started with: the profiles (each with its client, or why it cannot be used) and
//! how it runs (read-only, a banner, the change engine).

use crate::model::ProviderKind;
use crate::providers::Provider;
use crate::tui::state::ProfileSeed;
use std::sync::Arc;

/// One profile handed to the TUI.
pub struct TuiProfile {
    /// Profile name from the config.
    pub name: String,
    /// Which API (used as a label only).
    pub kind: ProviderKind,
    /// The client, or why the profile cannot be used (shown in the left pane).
    pub provider: Result<Arc<dyn Provider>, String>,
    /// How many of this profile's requests may run at once (the profile's `max_concurrency`).
    pub max_concurrency: usize,
    /// The profile says `readonly = true`: its changes are refused, and the left pane says so.
    pub readonly: bool,
}

impl TuiProfile {
    /// The plain values the [`crate::tui::App`] keeps of this profile.
    pub fn seed(&self) -> ProfileSeed {
        ProfileSeed {
            name: self.name.clone(),
            kind: self.kind,
            caps: self
                .provider
                .as_ref()
                .map(|p| p.capabilities().clone())
                .map_err(Clone::clone),
            readonly: self.readonly,
        }
    }

    /// The profile as the change engine runs changes against it.
    pub fn target(&self) -> Option<crate::engine::Target> {
        self.provider
            .as_ref()
            .ok()
            .map(|provider| crate::engine::Target {
                profile: self.name.clone(),
                provider: provider.clone(),
                readonly: self.readonly,
            })
    }
}

/// How the TUI runs.
#[derive(Debug, Clone, Default)]
pub struct TuiOptions {
    /// Hide and refuse every key that changes data.
    pub readonly: bool,
    /// A line shown under the header, e.g. `DEMO: sandbox on 127.0.0.1:PORT, changes are local`.
    pub banner: Option<String>,
    /// The change engine every change goes through (its audit log, journal and read-only mode).
    pub engine: crate::engine::Engine,
    /// The keys in force (the config's `[keys]` applied).
    pub keymap: crate::tui::keys::Keymap,
    /// The theme (the config's `[theme]`); `None`: the default, monochrome under `NO_COLOR`.
    pub theme: Option<crate::tui::theme::Theme>,
    /// Clicks and the wheel (the config's `mouse`).
    pub mouse: bool,
    /// What the config's screen settings had that roster cannot use, each with `file:line`:
    /// shown when the screen opens.
    pub problems: Vec<String>,
    /// How to rebuild a profile's client after the admin fixed its token or settings.
    pub rebuild: Option<Rebuilder>,
}

/// A way to rebuild profile `i`'s client (see [`super::worker::Rebuild`]).
#[derive(Clone)]
pub struct Rebuilder(pub super::worker::Rebuild);

impl std::fmt::Debug for Rebuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rebuilder")
    }
}
