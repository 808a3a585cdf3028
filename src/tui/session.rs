//! What the terminal loop and the headless driver share: the App, the worker's channels, and the
//! routing of commands (network work to the worker, the rest back to the loop).

use super::app::{App, Command, Event, Outcome};
use super::theme::Theme;
use super::update::update;
use super::worker;
use super::{TuiOptions, TuiProfile};
use tokio::sync::mpsc;

/// App + worker. Must be created inside a tokio runtime (it spawns the worker).
pub(crate) struct Session {
    /// The state.
    pub app: App,
    commands: mpsc::UnboundedSender<Command>,
    /// Answers from the worker.
    pub outcomes: mpsc::UnboundedReceiver<Outcome>,
    /// Test hook (`ROSTER_DEBUG_PANIC=draw`, real terminal only): the next frame panics.
    pub debug_panic: bool,
    /// The change engine the worker runs changes through (told to stop when roster quits).
    pub engine: crate::engine::Engine,
    /// What was in flight when the admin chose to quit at once (said after the screen is gone).
    pub cut: Vec<crate::engine::InFlight>,
}

impl Session {
    /// Builds the App and starts the worker; returns the initial commands undispatched, so the
    /// caller can draw the first frame before any network call.
    pub fn start(
        profiles: Vec<TuiProfile>,
        options: &TuiOptions,
        size: (u16, u16),
        theme: Theme,
    ) -> (Session, Vec<Command>) {
        let seeds = profiles.iter().map(TuiProfile::seed).collect();
        let mut app = App::new(seeds, options.readonly, options.banner.clone());
        app.size = size;
        app.theme = theme;
        let clients = profiles
            .iter()
            .map(|p| worker::WorkerProfile {
                target: p.target(),
                limit: p.max_concurrency,
            })
            .collect();
        let (out_tx, out_rx) = mpsc::unbounded_channel();
        let commands = worker::spawn(clients, options.engine.clone(), out_tx);
        let initial = app.start();
        (
            Session {
                app,
                commands,
                outcomes: out_rx,
                debug_panic: false,
                engine: options.engine.clone(),
                cut: Vec::new(),
            },
            initial,
        )
    }

    /// Sends network commands to the worker and tells the engine to stop when asked; returns those
    /// the terminal loop must run.
    pub fn dispatch(&mut self, cmds: Vec<Command>) -> Vec<Command> {
        let mut local = Vec::new();
        for cmd in cmds {
            if let Command::StopChanges { now } = cmd {
                if now {
                    // Taken before the cut: once cut, the changes leave the in-flight list.
                    self.cut = self.engine.in_flight();
                    self.engine.stop_now();
                } else {
                    self.engine.stop_gracefully();
                }
            } else if cmd.is_terminal() {
                local.push(cmd);
            } else if self.commands.send(cmd).is_err() {
                // The worker is gone (runtime shutting down); nothing more can load.
                tracing::warn!("worker stopped; command dropped");
            }
        }
        local
    }

    /// Applies `event` and dispatches what it asks for.
    pub fn handle(&mut self, event: Event) -> Vec<Command> {
        let cmds = update(&mut self.app, event);
        self.dispatch(cmds)
    }
}
