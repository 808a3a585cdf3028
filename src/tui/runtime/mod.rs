//! The runtime: everything that touches the terminal, the network or the process. The rest of
//! the TUI is pure; this part carries out what it asks for.
//!
//! - `launch.rs`, `options.rs`: starting the TUI ([`run`], [`run_async`]) and what it is given;
//! - `configured.rs`, `demo.rs`: `roster` on the config file's profiles, `roster demo`;
//! - `terminal.rs`: the frame loop on the real terminal; `tty.rs`: whether there is a terminal, raw mode, panic hook, suspend;
//!   `signals.rs`: SIGTERM/SIGHUP/SIGINT and hang-ups;
//! - `host.rs`: the App with the worker, carrying out commands and effects (shared with the
//!   headless driver);
//! - `worker.rs`: the network jobs; `memory.rs`: giving freed memory back;
//! - `frame.rs`, `scroll.rs`: one frame as the terminal receives it, and the backend that scrolls;
//! - `headless.rs`: the same App, update and worker drawn into a test backend.

mod configured;
mod demo;
pub mod frame;
pub mod headless;
mod host;
mod launch;
pub mod memory;
mod options;
pub mod scroll;
mod signals;
mod terminal;
mod tty;
pub mod worker;

pub use configured::{rebuilder, run_configured, screen_settings};
pub use demo::run_demo;
pub use launch::{run, run_async};
pub use options::{Rebuilder, TuiOptions, TuiProfile};
pub use tty::{NO_TERMINAL, has_terminal, require_terminal};
