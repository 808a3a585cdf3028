//! `update()`: the only function that changes the [`App`]. Pure: no I/O, no awaits. It returns the
//! [`Work`] of the event: [`crate::tui::msg::Command`]s for the worker and
//! [`crate::tui::msg::Effect`]s the runtime carries out itself.
//!
//! - `keys.rs`: a key becomes an action of the current context; the open dialog has the first say;
//!   pasted text is typed into the focused field;
//! - `mouse.rs`: clicks select, the wheel moves;
//! - `panes.rs`: the actions of the two panes (moving, filtering, opening the dialogs);
//! - `replies.rs`: the worker's replies (listings, and changes with what they mean for the dialog
//!   that sent them).

mod keys;
mod mouse;
mod panes;
mod replies;

use crate::tui::msg::{Effect, Event, Work};
use crate::tui::state::App;

/// Applies `event` to `app` and returns the work it asks for.
pub fn update(app: &mut App, event: Event) -> Work {
    match event {
        Event::Tick => {
            app.model_mut().tick();
            Work::none()
        }
        Event::Resize(w, h) => {
            app.resize(w, h);
            Work::none()
        }
        Event::Key(key) => keys::on_key(app, key),
        Event::Paste(text) => keys::on_paste(app, &text),
        Event::Mouse(event) => mouse::on_mouse(app, event),
        Event::Reply(reply) => replies::apply(app, reply),
        Event::Signal(code) => on_signal(app, code),
    }
}

/// SIGTERM, SIGHUP or SIGINT: quit with the signal's code, after the change that runs (saying so).
fn on_signal(app: &mut App, code: i32) -> Work {
    if app.quitting() {
        // A second signal while waiting: stop waiting.
        app.model_mut().quit(code);
        return Work::effect(Effect::StopChanges { now: true });
    }
    if app.request_quit(code, false) {
        Work::effect(Effect::StopChanges { now: false })
    } else {
        Work::none()
    }
}
