//! A headless driver (television's `run_headless`): the same App, update() and worker as the real
//! terminal, drawn into a ratatui `TestBackend`. Tests send keys and wait for a condition with a
//! deadline (lazygit's "wait until idle"), never for a fixed time.

use super::host::Host;
use super::options::{TuiOptions, TuiProfile};
use crate::tui::msg::Event;
use crate::tui::state::App;
use crate::tui::theme::Theme;
use crate::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

/// Drives the TUI without a terminal.
pub struct Driver {
    host: Host,
    terminal: Terminal<TestBackend>,
}

impl Driver {
    /// Starts the App and the worker on the current tokio runtime with a `width`×`height` screen,
    /// draws the first frame, then sends the initial commands (like the real loop).
    pub fn start(profiles: Vec<TuiProfile>, options: TuiOptions, width: u16, height: u16) -> Self {
        let (host, initial) = Host::start(profiles, &options, (width, height), Theme::monochrome());
        let terminal = match Terminal::new(TestBackend::new(width, height)) {
            Ok(t) => t,
            Err(e) => match e {},
        };
        let mut d = Driver { host, terminal };
        d.draw();
        d.host.dispatch(initial.into());
        d
    }

    /// The state.
    pub fn app(&self) -> &App {
        &self.host.app
    }

    /// Sends a key event through update() and the worker.
    pub fn key(&mut self, key: KeyEvent) {
        self.host.handle(Event::Key(key));
        self.draw();
    }

    /// Pastes `text` as a terminal with bracketed paste sends it.
    pub fn paste(&mut self, text: &str) {
        self.host.handle(Event::Paste(text.to_string()));
        self.draw();
    }

    /// What was put on the clipboard (OSC 52), oldest first.
    pub fn copies(&self) -> &[String] {
        &self.host.copies
    }

    /// Presses a key without modifiers.
    pub fn press(&mut self, code: KeyCode) {
        self.key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    /// Types `s`, one key per character.
    pub fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Resizes the screen.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.terminal.backend_mut().resize(width, height);
        self.host.handle(Event::Resize(width, height));
        self.draw();
    }

    fn draw(&mut self) {
        let app = &self.host.app;
        match self.terminal.draw(|f| view::draw(f, app)) {
            Ok(_) => {}
            Err(e) => match e {},
        }
    }

    /// The screen as text, one line per row (trailing spaces kept).
    pub fn screen(&mut self) -> String {
        self.draw();
        let buf = self.terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    /// Applies worker replies as they arrive until `cond` holds, or fails after `timeout` with
    /// `what` and the screen in the message.
    pub async fn wait_until(
        &mut self,
        what: &str,
        timeout: Duration,
        cond: impl Fn(&App, &str) -> bool,
    ) -> Result<(), String> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if cond(&self.host.app, &screen) {
                return Ok(());
            }
            tokio::select! {
                o = self.host.replies.recv() => match o {
                    Some(reply) => { self.host.handle(Event::Reply(reply)); }
                    None => return Err(format!("worker stopped while waiting for {what}\n{screen}")),
                },
                _ = tokio::time::sleep_until(deadline) => {
                    return Err(format!("timed out after {timeout:?} waiting for {what}; screen:\n{screen}"));
                }
            }
        }
    }

    /// Waits until nothing loads or runs any more.
    pub async fn settle(&mut self, timeout: Duration) -> Result<(), String> {
        self.wait_until("idle", timeout, |app, _| !app.is_loading())
            .await
    }

    /// Waits until `text` is on the screen.
    pub async fn wait_for_text(&mut self, text: &str, timeout: Duration) -> Result<(), String> {
        let t = text.to_string();
        self.wait_until(&format!("{text:?} on screen"), timeout, move |_, s| {
            s.contains(&t)
        })
        .await
    }
}
