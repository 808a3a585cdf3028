//! The interactive terminal UI.
//!
//! Shape (see ENGINEERING.md §1): terminal events and worker answers become [`Event`]s; the pure
//! [`update`] turns them into a new [`App`] state plus [`Command`]s; the [`worker`] runs commands
//! against the providers and answers with [`app::Outcome`]s tagged with what they answer; [`view::draw`]
//! is a pure function of the state. The terminal loop (`terminal.rs`) and the headless driver
//! ([`headless::Driver`], for tests) share the same path (`session.rs`).
//!
//! Runtime: [`run`] builds its own tokio runtime and must be called from synchronous code (as
//! `main` does). Code that already runs inside a runtime (for example `roster demo`, which serves
//! the sandbox on the same runtime) awaits [`run_async`] directly on its main task instead.

mod actions;
pub mod app;
mod configured;
mod demo;
pub mod filter;
pub mod frame;
pub mod headless;
pub mod input;
pub mod keys;
pub mod layout;
mod memory;
pub mod modal;
mod outcome;
pub mod scroll;
mod session;
pub mod state;
mod terminal;
pub mod text;
pub mod theme;
mod update;
pub mod view;
pub mod worker;

pub use app::{App, Command, Event, ProfileSeed};
pub use configured::run_configured;
pub use demo::run_demo;
pub use update::update;

use crate::model::ProviderKind;
use crate::providers::Provider;
use std::sync::Arc;
use std::time::Duration;

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
    /// The plain values the [`App`] keeps of this profile.
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
}

/// Opens the TUI on `profiles` and returns the process exit code (0 after `q`; 129/130/143 after
/// SIGHUP/SIGINT/SIGTERM; 1 when the terminal went away). Builds a multi-thread tokio runtime;
/// call it from synchronous code. The terminal is restored on every exit path, panics included.
pub fn run(profiles: Vec<TuiProfile>, options: TuiOptions) -> color_eyre::Result<i32> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let code = rt.block_on(run_async(profiles, options));
    // In-flight requests are abandoned rather than awaited, so quitting is never slow.
    rt.shutdown_timeout(Duration::from_millis(200));
    code
}

/// [`run`] for callers already inside a tokio runtime. Await it on the thread that owns the
/// terminal (the `main` task or a `block_on`), not in a spawned task: the panic hook restores the
/// terminal only for panics on that thread.
pub async fn run_async(profiles: Vec<TuiProfile>, options: TuiOptions) -> color_eyre::Result<i32> {
    terminal::run(profiles, options).await
}
