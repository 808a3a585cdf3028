//! roster: browse and change who has access to which workspace on SaaS platforms.
//!
//! Layout: [`model`] (provider-neutral types), [`providers`] (one client per API over the shared
//! [`http`] layer), [`config`] (profiles and tokens), [`membership`] (membership files: export, plan, diff), [`cli`] (scripting commands), [`tui`] (the
//! interactive screen) and [`sandbox`] (a local emulator of the four APIs).

#![warn(missing_docs)]

pub mod audit;
pub mod cli;
pub mod config;
pub mod engine;
pub mod error;
pub mod http;
#[cfg(test)]
mod import_cycles;
pub mod line_file;
pub mod logging;
pub mod membership;
pub mod model;
pub mod ops;
pub mod people;
pub mod providers;
pub mod sandbox;
pub mod sanitize;
pub mod secret;
pub mod server_text;
pub mod tui;
