//! What the terminal loop and the headless driver share: the [`App`], the worker's channels, and
//! carrying out what `update()` asks for. Commands go to the worker; effects are done here (stop the
//! change engine, give memory back), except suspending, which only the terminal loop can do.

use super::memory;
use super::options::{TuiOptions, TuiProfile};
use super::worker;
use crate::engine::{Engine, InFlight};
use crate::tui::msg::{Command, Effect, Event, Reply, Work};
use crate::tui::state::App;
use crate::tui::theme::Theme;
use crate::tui::update::update;
use tokio::sync::mpsc;

/// The App and the worker. Must be created inside a tokio runtime (it spawns the worker).
pub(crate) struct Host {
    /// The state.
    pub app: App,
    commands: mpsc::UnboundedSender<Command>,
    /// Replies from the worker.
    pub replies: mpsc::UnboundedReceiver<Reply>,
    /// Test hook (`ROSTER_DEBUG_PANIC=draw`, real terminal only): the next frame panics.
    pub debug_panic: bool,
    /// The change engine the worker runs changes through (told to stop when roster quits).
    pub engine: Engine,
    /// What was in flight when the admin chose to quit at once (said after the screen is gone).
    pub cut: Vec<InFlight>,
    /// Text to put on the clipboard (OSC 52), waiting for the terminal loop to write it; the
    /// headless driver keeps it for tests to read.
    pub copies: Vec<String>,
}

impl Host {
    /// Builds the App and starts the worker; returns the initial commands undispatched, so the
    /// caller can draw the first frame before any network call.
    pub fn start(
        profiles: Vec<TuiProfile>,
        options: &TuiOptions,
        size: (u16, u16),
        theme: Theme,
    ) -> (Host, Vec<Command>) {
        let seeds = profiles.iter().map(TuiProfile::seed).collect();
        let mut app = App::new(seeds, options.readonly, options.banner.clone());
        app.resize(size.0, size.1);
        app.set_theme(options.theme.unwrap_or(theme));
        app.set_keymap(options.keymap.clone());
        if !options.problems.is_empty() {
            app.show_toast(crate::tui::state::Toast {
                kind: crate::tui::state::ToastKind::Error,
                text: crate::tui::text::config_problems(&options.problems),
            });
        }
        let clients = profiles
            .iter()
            .map(|p| worker::WorkerProfile {
                target: p.target(),
                limit: p.max_concurrency,
            })
            .collect();
        let (reply_tx, reply_rx) = mpsc::unbounded_channel();
        let commands = worker::spawn_with_rebuild(
            clients,
            options.engine.clone(),
            reply_tx,
            options.rebuild.as_ref().map(|r| r.0.clone()),
        );
        let initial = app.start();
        (
            Host {
                app,
                commands,
                replies: reply_rx,
                debug_panic: false,
                engine: options.engine.clone(),
                cut: Vec::new(),
                copies: Vec::new(),
            },
            initial,
        )
    }

    /// Carries out the effects and sends the commands to the worker. Returns whether the terminal
    /// should suspend (Ctrl-z), the one effect only the terminal loop can carry out.
    pub fn dispatch(&mut self, out: Work) -> bool {
        let mut suspend = false;
        for effect in out.effects {
            match effect {
                Effect::Suspend => suspend = true,
                Effect::StopChanges { now: true } => {
                    // Taken before the cut: once cut, the changes leave the in-flight list.
                    self.cut = self.engine.in_flight();
                    self.engine.stop_now();
                }
                Effect::StopChanges { now: false } => self.engine.stop_gracefully(),
                Effect::ReleaseMemory => memory::release_freed_memory(),
                Effect::Copy(text) => self.copies.push(text),
            }
        }
        for cmd in out.commands {
            if self.commands.send(cmd).is_err() {
                // The worker is gone (runtime shutting down); nothing more can load.
                tracing::warn!("worker stopped; command dropped");
            }
        }
        suspend
    }

    /// Applies `event` and carries out what it asks for; returns whether to suspend.
    pub fn handle(&mut self, event: Event) -> bool {
        let out = update(&mut self.app, event);
        self.dispatch(out)
    }
}
