//! The TUI's state.

pub mod app;
pub mod filter;
mod profiles;

pub use profiles::*;
