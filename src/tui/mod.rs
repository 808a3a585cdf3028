//! The interactive terminal UI.
//!
//! Shape (ENGINEERING.md §1), from the bottom up; a module uses only those above it in this list:
//!
//! - `text.rs`, `wrap.rs`, `theme.rs`, `layout.rs`, `input.rs`, `keys/`: the words, text cut to
//!   fit, the styles, where regions go, a text field, and the one key registry;
//! - [`msg`]: the messages. [`Event`]s in, [`Work`] out ([`Command`]s for the worker,
//!   [`Effect`]s for the runtime), the worker's [`Reply`]s;
//! - [`state`]: the [`App`], a [`state::Model`] with private fields plus the open dialog;
//! - [`dialogs`]: one module per dialog, each holding its state, its keys and its drawing;
//! - [`view`]: drawing the screen, a pure function of the state;
//! - [`update()`]: the only thing that changes the state; pure (no I/O, no awaits);
//! - [`runtime`]: the terminal, the worker, signals and the frame loop, and the headless driver
//!   the tests use; the only part that touches the terminal, the network or the process.
//!
//! Runtime: [`run`] builds its own tokio runtime and must be called from synchronous code (as
//! `main` does). Code that already runs inside a runtime (for example `roster demo`, which serves
//! the sandbox on the same runtime) awaits [`run_async`] directly on its main task instead.

pub mod dialogs;
pub mod input;
pub mod keys;
pub mod layout;
pub mod msg;
pub mod runtime;
pub mod state;
pub mod text;
pub mod theme;
pub mod update;
pub mod view;
pub mod wrap;

pub use msg::{Command, Effect, Event, Reply, ReplyBody, Work};
pub use runtime::{TuiOptions, TuiProfile, run, run_async, run_configured, run_demo};
pub use state::{App, ProfileSeed};
pub use update::update;
